import logging

import pytest

from parallax_runner import events
from parallax_runner.collector import CollectorClient, read_token, retry_after_seconds
from parallax_runner.publisher import Publisher
from parallax_runner.spool import Spool


def publisher(collector, tmp_path, token="good-token", **settings):
    return Publisher(CollectorClient(collector.url, token), Spool(str(tmp_path / "spool"), fsync="never"), **settings)


def inference(i):
    return events.inference(run_id="r", test_id="t", input_id="img-%04d" % i, latency_ms=float(i))


def input_ids(delivered):
    return [e["input_id"] for e in delivered]


def test_a_batch_goes_when_it_is_full(collector, tmp_path):
    p = publisher(collector, tmp_path, batch_size=10, linger=3600)
    for i in range(25):
        p.publish("inference", inference(i))
    assert p.close()
    sizes = [len(r["events"]) for r in collector.requests]
    assert sizes == [10, 10, 5]  # two full batches, the rest when closing
    assert input_ids(collector.delivered()) == ["img-%04d" % i for i in range(25)]
    assert all(r["headers"]["Content-Encoding"] == "gzip" for r in collector.requests)
    assert p.counters.as_dict() == {"sent": 25, "spooled": 0, "replayed": 0, "dropped": 0, "rejected": 0}


def test_a_batch_goes_when_its_oldest_event_has_waited_the_linger(collector, tmp_path):
    p = publisher(collector, tmp_path, batch_size=1000, linger=0.05)
    for i in range(3):
        p.publish("inference", inference(i))
    # No flush: only the linger can send these.
    collector_got_them = _wait_until(lambda: len(collector.delivered()) == 3)
    assert collector_got_them
    assert len(collector.requests) == 1
    p.close()


def test_kinds_go_to_their_endpoints_in_the_order_published(collector, tmp_path):
    p = publisher(collector, tmp_path, batch_size=100, linger=3600)
    p.publish("run", events.run_event("r", "STARTED"))
    for i in range(3):
        p.publish("inference", inference(i))
    p.publish("run", events.run_event("r", "FINISHED"))
    p.close()
    assert [(r["path"], len(r["events"])) for r in collector.requests] == [
        ("/v1/run", 1), ("/v1/inference", 3), ("/v1/run", 1)]


def test_429_and_503_are_retried_after_their_retry_after(collector, tmp_path):
    collector.script = [(429, {"Retry-After": "1"}, {"error": "busy"}),
                        (503, {"Retry-After": "1"}, {"error": "Kafka did not acknowledge"})]
    p = publisher(collector, tmp_path, batch_size=5, linger=3600)
    for i in range(5):
        p.publish("inference", inference(i))
    assert p.close()
    attempts = [r["at"] for r in collector.requests]
    assert len(attempts) == 3
    assert attempts[1] - attempts[0] >= 1.0 and attempts[2] - attempts[1] >= 1.0
    assert input_ids(collector.delivered()) == ["img-%04d" % i for i in range(5)]
    assert p.counters.sent == 5 and p.counters.spooled == 5 and p.counters.replayed == 5


def test_events_published_during_an_outage_are_spooled_and_replayed_in_order(collector, tmp_path):
    collector.script = [(503, {"Retry-After": "0"}, {"error": "down"})] * 3
    p = publisher(collector, tmp_path, batch_size=4, linger=0.01)
    for i in range(20):
        p.publish("inference", inference(i))
    assert p.close()
    assert input_ids(collector.delivered()) == ["img-%04d" % i for i in range(20)]
    assert p.counters.sent == 20
    assert 0 < p.counters.spooled == p.counters.replayed <= 20


def test_a_refused_token_stops_sending_and_keeps_every_event_for_the_next_runner(collector, tmp_path, caplog):
    p = publisher(collector, tmp_path, token="wrong", batch_size=10, linger=3600)
    for i in range(15):
        p.publish("inference", inference(i))
    with caplog.at_level(logging.ERROR):
        assert not p.close(timeout=10)
    assert p.refusal is not None and p.refusal.status == 401
    assert "collector answered 401: missing or unknown device token" in caplog.text
    assert "Sending stops;" in caplog.text and "events stay in spool" in caplog.text
    assert p.spool.pending == 15
    assert collector.delivered() == []

    again = publisher(collector, tmp_path)
    assert again.counters.spooled == 15
    assert again.close()
    assert input_ids(collector.delivered()) == ["img-%04d" % i for i in range(15)]
    assert again.counters.replayed == 15


def test_a_batch_too_large_is_split(collector, tmp_path):
    collector.script = [(413, {}, {"error": "request body over 4194304 bytes; split the batch"})]
    p = publisher(collector, tmp_path, batch_size=8, linger=3600)
    for i in range(8):
        p.publish("inference", inference(i))
    assert p.close()
    assert [len(r["events"]) for r in collector.requests] == [8, 4, 4]
    assert input_ids(collector.delivered()) == ["img-%04d" % i for i in range(8)]


def test_a_batch_for_another_tokens_run_is_dropped_and_the_rest_still_goes(collector, tmp_path, caplog):
    collector.script = [(403, {}, {"error": "event 0: run 'r' was started by another token"})]
    p = publisher(collector, tmp_path, batch_size=5, linger=3600)
    for i in range(10):
        p.publish("inference", inference(i))
    with caplog.at_level(logging.ERROR):
        assert p.close()
    assert "dropped 5 inference events: collector answered 403: event 0: run 'r' was started by another token" in caplog.text
    assert input_ids(collector.delivered()) == ["img-%04d" % i for i in range(5, 10)]
    assert (p.counters.sent, p.counters.dropped) == (5, 5)


def test_a_full_spool_drops_and_logs(collector, tmp_path, caplog):
    p = Publisher(CollectorClient(collector.url, "good-token"),
                  Spool(str(tmp_path / "spool"), max_bytes=2048, segment_bytes=1024, fsync="never"),
                  batch_size=1000, linger=3600)
    with caplog.at_level(logging.ERROR):
        published = [p.publish("inference", inference(i)) for i in range(30)]
    assert False in published
    assert p.counters.dropped == published.count(False)
    assert "spool %s is full" % (tmp_path / "spool") in caplog.text
    p.close()
    assert len(collector.delivered()) == published.count(True)


def test_retry_after_is_seconds_or_an_http_date():
    assert retry_after_seconds("5") == 5.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds("soon") is None


def test_the_token_comes_from_the_argument_a_file_or_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("PARALLAX_DEVICE_TOKEN", raising=False)
    monkeypatch.delenv("PARALLAX_DEVICE_TOKEN_FILE", raising=False)
    assert read_token() is None
    monkeypatch.setenv("PARALLAX_DEVICE_TOKEN", "from-env\n")
    assert read_token() == "from-env"
    token_file = tmp_path / "token"
    token_file.write_text("from-file\n")
    monkeypatch.setenv("PARALLAX_DEVICE_TOKEN_FILE", str(token_file))
    assert read_token() == "from-file"
    assert read_token("given") == "given"
    token_file.write_text("")
    with pytest.raises(ValueError, match="is empty"):
        read_token()


def _wait_until(condition, seconds=10.0):
    import time
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False
