import pytest

from parallax_runner import device

SUITE = """
import pytest

pytestmark = pytest.mark.parallax(model="mobilenet-v3-small", model_version="1.2", precision="INT8")

class TestGoldenSet:
    @pytest.mark.parametrize("image", ["img-1", "img-2"])
    def test_classifies(self, parallax, image):
        parallax.record(latency_ms=41.5, input_id=image, outputs=[0.1, 2.0], output_kind="LOGITS")

@pytest.mark.parallax(model="yolo-n", precision="FP16", suite="detection")
def test_detects(parallax):
    parallax.record(latency_ms=12.0, input_id="img-3", temperature_c=61.5, attributes={"cooling": "fan"})
    with pytest.raises(ZeroDivisionError):
        parallax.measure("img-4", lambda: 1 / 0)
"""


@pytest.fixture
def suite(pytester, collector, tmp_path, monkeypatch):
    for variable in ("PARALLAX_COLLECTOR_URL", "PARALLAX_DEVICE_TOKEN", "PARALLAX_DEVICE_TOKEN_FILE",
                     "PARALLAX_RUN_ID", "PARALLAX_DEVICE_ID", "PARALLAX_SPOOL_DIR"):
        monkeypatch.delenv(variable, raising=False)
    pytester.makepyfile(test_golden=SUITE)
    (tmp_path / "token").write_text("good-token\n")
    return pytester


def options(collector, tmp_path, *more):
    return ["-p", "parallax_runner.plugin", "--parallax-url", collector.url, "--parallax-token-file",
            str(tmp_path / "token"), "--parallax-spool", str(tmp_path / "spool"), "--parallax-run-id", "run-42",
            "--parallax-device-samples", "0"] + list(more)


def test_a_session_records_its_inferences_and_run_events_with_the_tests_fields(suite, collector, tmp_path):
    result = suite.runpytest(*options(collector, tmp_path))
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["parallax: run run-42 on device pi5-07 -> http://127.0.0.1:*",
                                 "run run-42: 6 sent, 0 spooled, 0 replayed, 0 dropped, 0 rejected"])
    runs = collector.delivered("/v1/run")
    assert [r["phase"] for r in runs] == ["STARTED", "FINISHED"]
    assert {r["run_id"] for r in runs} == {"run-42"}
    assert runs[0]["attributes"] == {"device_id": "pi5-07", "runner": "pytest"}

    inferences = {e["input_id"]: e for e in collector.delivered()}
    assert sorted(inferences) == ["img-1", "img-2", "img-3", "img-4"]
    first = inferences["img-1"]
    assert first["test_id"].endswith("test_golden.py::TestGoldenSet::test_classifies[img-1]")  # the node id
    assert (first["suite"], first["model_name"], first["model_version"], first["precision"]) == (
        "TestGoldenSet", "mobilenet-v3-small", "1.2", "INT8")
    assert (first["run_id"], first["device_id"], first["tier"], first["runtime"], first["status"]) == (
        "run-42", "pi5-07", "CLOUD", "python", "OK")
    assert first["device_class"].startswith("python-")
    assert (first["latency_ms"], first["outputs"], first["output_kind"]) == (41.5, [0.1, 2.0], "LOGITS")
    detected = inferences["img-3"]
    assert (detected["suite"], detected["model_name"], detected["model_version"], detected["precision"]) == (
        "detection", "yolo-n", "1", "FP16")
    assert detected["temperature_c"] == 61.5 and detected["attributes"] == {"cooling": "fan"}
    assert inferences["img-4"]["status"] == "ERROR" and "ZeroDivisionError" in inferences["img-4"]["error_message"]
    assert len({e["event_id"] for e in collector.delivered()}) == 4


def test_the_device_option_must_match_the_tokens_device(suite, collector, tmp_path):
    result = suite.runpytest(*options(collector, tmp_path, "--parallax-device", "pi5-99"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*the token is device pi5-07's, but the device is set to pi5-99*"])


def test_a_wrong_token_stops_the_session_before_any_test_with_a_clear_error(suite, collector, tmp_path):
    (tmp_path / "token").write_text("wrong-token")
    result = suite.runpytest(*options(collector, tmp_path))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*the collector at http://127.0.0.1:* refused the device token "
                                 "(collector answered 401: missing or unknown device token)*"])
    assert collector.requests == []


def test_unconfigured_it_is_off_and_record_does_nothing(suite, collector):
    result = suite.runpytest("-p", "parallax_runner.plugin")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["parallax: off (no --parallax-url and device token)"])
    assert collector.requests == []


def test_device_samples_are_published_and_inferences_carry_the_latest(suite, collector, tmp_path, monkeypatch):
    class HotBoard:
        def samples(self, interval, stopped):
            yield {"temperature_c": 81.0, "throttle_flags": 0x4, "cpu_freq_mhz": 1500.0}
            stopped.wait()

    monkeypatch.setattr(device, "detect", HotBoard)
    result = suite.runpytest(*options(collector, tmp_path, "--parallax-device-samples", "0.01"))
    result.assert_outcomes(passed=3)
    samples = collector.delivered("/v1/device")
    assert len(samples) == 1
    assert (samples[0]["device_id"], samples[0]["temperature_c"], samples[0]["throttle_flags"]) == ("pi5-07", 81.0, 4)
    inferences = {e["input_id"]: e for e in collector.delivered()}
    assert (inferences["img-1"]["temperature_c"], inferences["img-1"]["cpu_freq_mhz"]) == (81.0, 1500.0)
    assert inferences["img-3"]["temperature_c"] == 61.5  # the test's own measurement wins


def test_an_unreadable_token_file_is_a_usage_error(suite, collector, tmp_path):
    (tmp_path / "token").unlink()
    result = suite.runpytest(*options(collector, tmp_path))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*parallax: cannot read the device token: *No such file or directory*"])
