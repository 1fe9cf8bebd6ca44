"""Event builders: the JSON objects of SPEC §2 (snake_case fields, enums as strings, epoch-millisecond times)."""
from __future__ import annotations

import time
import uuid
from typing import Optional


def now_ms() -> int:
    return int(time.time() * 1000)


def run_event(run_id: str, phase: str, trigger: str = "MANUAL", git_sha: Optional[str] = None,
              attributes: Optional[dict] = None) -> dict:
    event = {"event_id": str(uuid.uuid4()), "event_time": now_ms(), "run_id": run_id, "phase": phase,
             "trigger": trigger, "attributes": dict(attributes or {})}
    if git_sha:
        event["git_sha"] = git_sha
    return event


def inference(**fields) -> dict:
    """An InferenceEvent with a fresh event_id, the current time and status OK, then ``fields`` over them."""
    event = {"event_id": str(uuid.uuid4()), "event_time": now_ms(), "status": "OK"}
    event.update(fields)
    return event


def device_sample(device_id: str, device_class: str, tier: str, **measurements) -> dict:
    """A DeviceSample; ``measurements`` are temperature_c, power_w, throttle_flags, cpu_freq_mhz (None: left out)."""
    event = {"event_id": str(uuid.uuid4()), "event_time": now_ms(), "device_id": device_id,
             "device_class": device_class, "tier": tier}
    event.update({k: v for k, v in measurements.items() if v is not None})
    return event
