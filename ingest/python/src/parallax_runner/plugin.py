"""pytest plugin (entry point ``pytest11``): records the inferences of a test session to Parallax.

    @pytest.mark.parallax(model="mobilenet-v3-small", model_version="1.2", precision="INT8")
    def test_golden_set(parallax):
        for sample in golden:
            started = time.perf_counter()
            logits = model(sample.pixels)
            parallax.record(latency_ms=(time.perf_counter() - started) * 1000, input_id=sample.id,
                            outputs=list(logits), output_kind="LOGITS")

Like the JUnit 5 extension: one run per session (RunEvent STARTED at its start, FINISHED at its end); each event
carries the run, the test (its node id), the suite (the marker's, else the test's class, else its module), the
model and precision (the closest ``parallax`` marker's), the tier and the device. ``record`` takes any
InferenceEvent field. Where the board exposes them, DeviceSamples are published every second (see ``device``),
and each inference carries the latest temperature, throttle bits, CPU frequency and power unless the test gives
its own. Off (``record`` does nothing) unless a collector URL and a token are configured.

Options (environment variable in brackets): ``--parallax-url`` [PARALLAX_COLLECTOR_URL], ``--parallax-token-file``
[PARALLAX_DEVICE_TOKEN_FILE; or the token itself in PARALLAX_DEVICE_TOKEN], ``--parallax-run-id`` [PARALLAX_RUN_ID;
default ``pytest-<uuid>``], ``--parallax-device`` [PARALLAX_DEVICE_ID; default the token's device as the collector
reports it], ``--parallax-spool`` [PARALLAX_SPOOL_DIR; default ~/.cache/parallax/spool/pytest],
``--parallax-device-samples`` [PARALLAX_DEVICE_SAMPLE_INTERVAL; seconds, default 1, 0: none]. As the JUnit
extension's runner.* keys: PARALLAX_RUNNER_DEVICE_CLASS (``python-<machine>``), PARALLAX_RUNNER_TIER (CLOUD),
PARALLAX_RUNNER_RUNTIME (python), PARALLAX_RUNNER_TRIGGER (MANUAL), PARALLAX_RUNNER_GIT_SHA.
"""
from __future__ import annotations

import os
import platform
import time
import uuid
from typing import Optional

import pytest

from . import device, events
from .collector import CollectorClient, Refused, Unavailable, read_token
from .publisher import Publisher
from .spool import Spool, SpoolInUse

RUNNER = "pytest"


def pytest_addoption(parser):
    group = parser.getgroup("parallax", "record inferences to Parallax")
    group.addoption("--parallax-url", default=os.environ.get("PARALLAX_COLLECTOR_URL"),
                    help="collector URL, e.g. http://collector:8088 [PARALLAX_COLLECTOR_URL]; unset: recording is off")
    group.addoption("--parallax-token-file", default=None,
                    help="file holding the device token [PARALLAX_DEVICE_TOKEN_FILE, or PARALLAX_DEVICE_TOKEN]")
    group.addoption("--parallax-run-id", default=os.environ.get("PARALLAX_RUN_ID"),
                    help="run id [PARALLAX_RUN_ID]; default pytest-<uuid>")
    group.addoption("--parallax-device", default=os.environ.get("PARALLAX_DEVICE_ID"),
                    help="device id [PARALLAX_DEVICE_ID]; default the token's device, as the collector reports it")
    group.addoption("--parallax-spool", default=os.environ.get("PARALLAX_SPOOL_DIR"),
                    help="spool directory [PARALLAX_SPOOL_DIR]; default ~/.cache/parallax/spool/pytest")
    group.addoption("--parallax-device-samples", type=float,
                    default=float(os.environ.get("PARALLAX_DEVICE_SAMPLE_INTERVAL", "1")),
                    help="seconds between DeviceSamples where the board exposes them (Raspberry Pi, Jetson, a Linux "
                         "thermal zone); 0: none [PARALLAX_DEVICE_SAMPLE_INTERVAL; default 1]")
    group.addoption("--parallax-flush-timeout", type=float, default=30.0,
                    help="seconds to wait at the end for the collector to take every event (default 30)")


def pytest_configure(config):
    config.addinivalue_line("markers", "parallax(model, model_version='1', precision='FP32', suite=None): "
                                       "the model a test's recorded inferences ran")
    url = config.getoption("parallax_url")
    try:
        token = read_token(token_file=config.getoption("parallax_token_file"))
    except (OSError, ValueError) as e:
        raise pytest.UsageError("parallax: cannot read the device token: %s" % e) from None
    if url and token:
        config.pluginmanager.register(RunSession(config, url, token), "parallax-run")


def pytest_report_header(config):
    session = config.pluginmanager.get_plugin("parallax-run")
    if session is None:
        return "parallax: off (no --parallax-url and device token)"
    return "parallax: run %s on device %s -> %s" % (session.run_id, session.device_id, session.client.url)


@pytest.fixture
def parallax(request):
    """Records inferences of the current test: ``parallax.record(latency_ms=..., **fields)``."""
    return Recorder(request.config.pluginmanager.get_plugin("parallax-run"), request.node)


class Recorder:
    def __init__(self, session: Optional["RunSession"], item):
        self._session = session
        marker = item.get_closest_marker("parallax")
        self._model = dict(marker.kwargs) if marker else {}
        if marker and marker.args:
            self._model.setdefault("model", marker.args[0])
        self.test_id = item.nodeid
        self.suite = self._model.get("suite") or (
            item.cls.__name__ if item.cls else item.module.__name__.rsplit(".", 1)[-1])
        self.run_id = session.run_id if session else None

    def record(self, latency_ms: Optional[float] = None, **fields) -> Optional[dict]:
        """Records one inference; any InferenceEvent field may be given and wins over the filled-in ones.
        Returns the event, or None when recording is off."""
        if self._session is None:
            return None
        s = self._session
        event = events.inference(
            run_id=s.run_id, test_id=self.test_id, suite=self.suite,
            model_name=self._model.get("model"), model_version=str(self._model.get("model_version", "1")),
            precision=self._model.get("precision", "FP32"), tier=s.tier, device_id=s.device_id,
            device_class=s.device_class, runtime=s.runtime, attributes={"runner": RUNNER})
        if latency_ms is not None:
            event["latency_ms"] = latency_ms
        if s.sampler is not None:  # the device's state at the inference, unless the test measured its own
            event.update(s.sampler.latest)
        event.update(fields)
        if not event.get("model_name"):
            raise ValueError("%s records an inference without a model: mark it @pytest.mark.parallax(model=...) "
                             "or pass model_name=" % self.test_id)
        s.publisher.publish("inference", event)
        return event

    def measure(self, input_id: str, inference, **fields):
        """Runs ``inference()``, timing it, and records it with its outputs (LOGITS unless ``output_kind`` is
        given); an exception is recorded as an ERROR with its message, then re-raised."""
        started = time.perf_counter()
        try:
            outputs = inference()
        except Exception as e:
            self.record(latency_ms=(time.perf_counter() - started) * 1000, input_id=input_id, status="ERROR",
                        error_message=repr(e), **fields)
            raise
        fields.setdefault("output_kind", "LOGITS")
        self.record(latency_ms=(time.perf_counter() - started) * 1000, input_id=input_id,
                    outputs=[float(v) for v in outputs], **fields)
        return outputs


class RunSession:
    """The session's run: device, publisher, and its RunEvents."""

    def __init__(self, config, url: str, token: str):
        self.config = config
        self.client = CollectorClient(url, token)
        self.run_id = config.getoption("parallax_run_id") or "pytest-%s" % uuid.uuid4()
        self.device_class = os.environ.get("PARALLAX_RUNNER_DEVICE_CLASS", "python-" + platform.machine())
        self.tier = os.environ.get("PARALLAX_RUNNER_TIER", "CLOUD").upper()
        self.runtime = os.environ.get("PARALLAX_RUNNER_RUNTIME", "python")
        self.trigger = os.environ.get("PARALLAX_RUNNER_TRIGGER", "MANUAL").upper()
        self.git_sha = os.environ.get("PARALLAX_RUNNER_GIT_SHA")
        self.device_id = self._device(config.getoption("parallax_device"))
        spool_dir = config.getoption("parallax_spool") or os.path.join(
            os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "parallax", "spool", "pytest")
        try:
            spool = Spool(spool_dir)
        except SpoolInUse:  # another pytest session spools there: this one gets its own
            spool = Spool("%s-%d" % (spool_dir, os.getpid()))
        self.publisher = Publisher(self.client, spool)
        interval = config.getoption("parallax_device_samples")
        source = device.detect() if interval > 0 else None
        self.sampler = device.DeviceSampler(self.publisher.publish, source, self.device_id, self.device_class,
                                            self.tier, interval) if source else None
        if self.sampler is not None:  # so that the first inferences carry the device's state too
            self.sampler.wait_first(interval + 5)
        self.delivered = None

    def _device(self, configured: Optional[str]) -> str:
        """The configured device, checked against the token; else the token's device. A token the collector
        refuses stops the session here, before any test ran."""
        try:
            identity = self.client.identity()
        except Refused as e:
            raise pytest.UsageError("parallax: the collector at %s refused the device token (%s). Check "
                                    "--parallax-token-file / PARALLAX_DEVICE_TOKEN." % (self.client.url, e))
        except Unavailable as e:
            if configured:
                return configured  # events wait in the spool until the collector is back
            raise pytest.UsageError("parallax: cannot ask the collector which device the token is for (%s); "
                                    "give --parallax-device or PARALLAX_DEVICE_ID" % e)
        if identity.get("ci"):
            if not configured:
                raise pytest.UsageError("parallax: a CI token stands for no device; give --parallax-device")
            return configured
        if configured and configured != identity["device_id"]:
            raise pytest.UsageError("parallax: the token is device %s's, but the device is set to %s"
                                    % (identity["device_id"], configured))
        return identity["device_id"]

    def _run_event(self, phase: str) -> dict:
        return events.run_event(self.run_id, phase, self.trigger, self.git_sha,
                                {"device_id": self.device_id, "runner": RUNNER})

    def pytest_sessionstart(self, session):
        self.publisher.publish("run", self._run_event("STARTED"))

    def pytest_sessionfinish(self, session):
        if self.sampler is not None:
            self.sampler.close()
        self.publisher.publish("run", self._run_event("FINISHED"))
        self.delivered = self.publisher.close(self.config.getoption("parallax_flush_timeout"))
        if self.publisher.refusal is not None:
            session.exitstatus = pytest.ExitCode.INTERNAL_ERROR

    def pytest_terminal_summary(self, terminalreporter):
        p = self.publisher
        terminalreporter.write_sep("-", "parallax")
        terminalreporter.write_line("run %s: %r" % (self.run_id, p.counters))
        if p.refusal is not None:
            terminalreporter.write_line("parallax: %s; the run's events are kept in spool %s and are sent by the "
                                        "next session with a valid token" % (p.refusal, p.spool.directory), red=True)
        elif not self.delivered:
            terminalreporter.write_line("parallax: collector unreachable; %d events wait in spool %s for the next "
                                        "session" % (p.spool.pending, p.spool.directory), yellow=True)
