#!/usr/bin/env python3
"""Send inference results to the Parallax collector using only the Python standard library.

    eval "$(./parallax env)"          # PARALLAX_COLLECTOR_URL, PARALLAX_DEVICE_TOKEN (demo device demo-pi5-01)
    python3 send_events.py

Copy `Collector` into your test runner: batch your events, call `send(kind, events)`.
It retries on 429/503 after the server's Retry-After, so a busy collector or a Kafka
hiccup never loses a batch (re-sent events are harmless: event_id is the idempotency key).
"""
import json
import os
import time
import urllib.error
import urllib.request
import uuid


class Collector:
    def __init__(self, url, token, attempts=5):
        self.url = url.rstrip("/")
        self.token = token
        self.attempts = attempts

    def send(self, kind, events):
        """POST a batch to /v1/<kind> (inference, device or run); returns the per-event results."""
        body = json.dumps(events).encode("utf-8")
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(
                f"{self.url}/v1/{kind}", data=body, method="POST",
                headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return json.load(response)
            except urllib.error.HTTPError as error:
                if error.code in (429, 503) and attempt < self.attempts:
                    time.sleep(float(error.headers.get("Retry-After", "1")))
                    continue
                raise RuntimeError(f"collector answered {error.code}: {error.read().decode()}") from None
        raise RuntimeError("collector stayed busy")


def inference(device_id, run_id, input_id, latency_ms, logits):
    return {
        "event_id": str(uuid.uuid4()),
        "event_time": int(time.time() * 1000),
        "run_id": run_id,
        "test_id": "classifies-golden-set",
        "suite": "smoke",
        "model_name": "mobilenet-v3-small",
        "model_version": "1.0",
        "precision": "INT8",
        "tier": "EDGE",
        "device_id": device_id,
        "device_class": "pi5-hailo8l",
        "runtime": "hailort",
        "input_id": input_id,
        "latency_ms": latency_ms,
        "status": "OK",
        "outputs": logits,
        "output_kind": "LOGITS",
        "attributes": {"cooling": "fan"},
    }


if __name__ == "__main__":
    collector = Collector(os.environ.get("PARALLAX_COLLECTOR_URL", "http://127.0.0.1:8088"),
                          os.environ["PARALLAX_DEVICE_TOKEN"])
    device = os.environ.get("PARALLAX_DEVICE_ID", "demo-pi5-01")
    run_id = f"manual-{uuid.uuid4().hex[:8]}"
    now = int(time.time() * 1000)
    collector.send("run", [{"event_id": str(uuid.uuid4()), "event_time": now, "run_id": run_id,
                            "phase": "STARTED", "trigger": "MANUAL"}])
    events = [inference(device, run_id, f"img-{i:05d}", 40.0 + i, [0.1 * i, 2.0, -1.0]) for i in range(10)]
    events.append({"event_id": "not-a-uuid", "event_time": now})  # shows a rejection with its reason
    result = collector.send("inference", events)
    print(f"accepted {result['accepted']}, rejected {result['rejected']}")
    for item in result["results"]:
        if item["status"] == "rejected":
            print(f"  event {item['index']}: {item['reason']}")
    collector.send("device", [{"event_id": str(uuid.uuid4()), "event_time": now, "device_id": device,
                               "device_class": "pi5-hailo8l", "tier": "EDGE", "temperature_c": 61.0,
                               "power_w": 17.5, "throttle_flags": 0, "cpu_freq_mhz": 2400.0}])
    collector.send("run", [{"event_id": str(uuid.uuid4()), "event_time": int(time.time() * 1000),
                            "run_id": run_id, "phase": "FINISHED", "trigger": "MANUAL"}])
