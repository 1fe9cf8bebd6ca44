"""Device sampling: temperature, throttle bits, CPU frequency and power where the board exposes them, published as
DeviceSamples on a background thread.

Raspberry Pi: the SoC's thermal zone, ``vcgencmd get_throttled`` (SPEC §2's throttle_flags are its bits),
``scaling_cur_freq`` and, on a Pi 5, ``vcgencmd pmic_read_adc`` (power = the sum over its rails of volts x amps).
Jetson: the lines ``tegrastats`` prints (junction or CPU temperature, the highest core frequency, the board's
input power). Elsewhere: the first thermal zone and cpufreq, when they exist.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
from typing import Callable, Dict, Iterator, Optional

from . import events

log = logging.getLogger(__name__)

THERMAL_ZONE = "/sys/class/thermal/thermal_zone0/temp"
CPU_FREQ = "/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq"


# --- parsers (pure, tested on recorded outputs) ----------------------------------------------------------------

def parse_thermal_zone(text: str) -> float:
    """``/sys/class/thermal/thermal_zone*/temp``: millidegrees Celsius."""
    return int(text.strip()) / 1000.0


def parse_cpu_freq_khz(text: str) -> float:
    """``scaling_cur_freq``: kHz, as MHz."""
    return int(text.strip()) / 1000.0


def parse_get_throttled(text: str) -> int:
    """``vcgencmd get_throttled``: ``throttled=0x50005``."""
    match = re.search(r"throttled=(0x[0-9a-fA-F]+|\d+)", text)
    if not match:
        raise ValueError("not vcgencmd get_throttled output: %r" % text[:100])
    return int(match.group(1), 0)


def parse_pmic_read_adc(text: str) -> Optional[float]:
    """``vcgencmd pmic_read_adc`` (Pi 5): rails as ``<RAIL>_A current(n)=<amps>A`` and ``<RAIL>_V volt(n)=<volts>V``;
    the board's power is the sum of volts x amps over the rails that report both. None without any such rail."""
    amps = dict(re.findall(r"(\w+)_A current\(\d+\)=([\d.]+)A", text))
    volts = dict(re.findall(r"(\w+)_V volt\(\d+\)=([\d.]+)V", text))
    rails = amps.keys() & volts.keys()
    if not rails:
        return None
    return sum(float(amps[rail]) * float(volts[rail]) for rail in rails)


_TEGRA_TEMPERATURE = re.compile(r"\b(\w+)@(-?[\d.]+)C\b")
_TEGRA_CORE = re.compile(r"\d+%@(\d+)")
_TEGRA_INPUT_POWER = re.compile(r"\b(?:VDD_IN|POM_5V_IN)\s+(\d+)(?:mW)?/(\d+)(?:mW)?")


def parse_tegrastats(line: str) -> Dict[str, float]:
    """One ``tegrastats`` line: ``temperature_c`` (the junction ``tj``, else the CPU's: the PMIC's fixed 100 C on a
    Nano is no measurement), ``cpu_freq_mhz`` (the highest online core), ``power_w`` (the board's input rail,
    instantaneous). Only what the line has."""
    sample = {}
    temperatures = {name.lower(): float(value) for name, value in _TEGRA_TEMPERATURE.findall(line)}
    for sensor in ("tj", "cpu"):
        if sensor in temperatures:
            sample["temperature_c"] = temperatures[sensor]
            break
    cpu = re.search(r"CPU \[([^\]]*)\]", line)
    if cpu:
        frequencies = [int(f) for f in _TEGRA_CORE.findall(cpu.group(1))]
        if frequencies:
            sample["cpu_freq_mhz"] = float(max(frequencies))
    power = _TEGRA_INPUT_POWER.search(line)
    if power:
        sample["power_w"] = int(power.group(1)) / 1000.0
    return sample


# --- sources ---------------------------------------------------------------------------------------------------

class GenericLinux:
    """The first thermal zone and cpufreq, read each time it is sampled; no throttle bits, no power."""

    def __init__(self, thermal_zone: str = THERMAL_ZONE, cpu_freq: str = CPU_FREQ):
        self.thermal_zone, self.cpu_freq = thermal_zone, cpu_freq

    def samples(self, interval: float, stopped: threading.Event) -> Iterator[Dict[str, float]]:
        while not stopped.is_set():
            yield self.read()
            stopped.wait(interval)

    def read(self) -> Dict[str, float]:
        sample = {}
        _try(sample, "temperature_c", lambda: parse_thermal_zone(_read(self.thermal_zone)))
        _try(sample, "cpu_freq_mhz", lambda: parse_cpu_freq_khz(_read(self.cpu_freq)))
        return sample


class RaspberryPi(GenericLinux):
    """What any Linux gives, and the throttle bits and power vcgencmd reports, each time it is sampled."""

    def __init__(self, vcgencmd: str = "vcgencmd", thermal_zone: str = THERMAL_ZONE, cpu_freq: str = CPU_FREQ):
        super().__init__(thermal_zone, cpu_freq)
        self.vcgencmd = vcgencmd

    def read(self) -> Dict[str, float]:
        sample = super().read()
        _try(sample, "throttle_flags", lambda: parse_get_throttled(_run(self.vcgencmd, "get_throttled")))
        _try(sample, "power_w", lambda: parse_pmic_read_adc(_run(self.vcgencmd, "pmic_read_adc")))
        return sample


class Tegrastats:
    """Follows ``tegrastats --interval <ms>``, one sample per line it prints."""

    def __init__(self, command: str = "tegrastats"):
        self.command = command

    def samples(self, interval: float, stopped: threading.Event) -> Iterator[Dict[str, float]]:
        process = subprocess.Popen([self.command, "--interval", str(int(interval * 1000))], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        try:
            for line in process.stdout:
                if stopped.is_set():
                    return
                yield parse_tegrastats(line)
        finally:
            process.terminate()
            process.wait()


def detect():
    """The source this machine offers: a Jetson (tegrastats), a Raspberry Pi (vcgencmd), another Linux with a
    thermal zone, or None."""
    if shutil.which("tegrastats"):
        return Tegrastats()
    if shutil.which("vcgencmd"):
        return RaspberryPi()
    if os.path.exists(THERMAL_ZONE):
        return GenericLinux()
    return None


class DeviceSampler:
    """Publishes a DeviceSample per reading of ``source`` every ``interval`` seconds; ``latest`` is the last one's
    measurements, for inference events to carry the device's state at the inference."""

    def __init__(self, publish: Callable[[str, dict], object], source, device_id: str, device_class: str, tier: str,
                 interval: float = 1.0):
        self.latest: Dict[str, float] = {}
        self._publish = publish
        self._source = source
        self._identity = (device_id, device_class, tier)
        self._interval = interval
        self._stopped = threading.Event()
        self._first = threading.Event()
        self._thread = threading.Thread(target=self._run, name="parallax-device-sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for measurements in self._source.samples(self._interval, self._stopped):
                if measurements:
                    self.latest = measurements
                    self._publish("device", events.device_sample(*self._identity, **measurements))
                    self._first.set()
        except Exception:  # a broken sensor must not break the test run: it only ends the sampling
            log.exception("device sampling stopped")
        finally:
            self._first.set()

    def wait_first(self, timeout: float) -> bool:
        """Waits until the first reading is in ``latest`` (or sampling ended); False if not within ``timeout``."""
        return self._first.wait(timeout)

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)


def _read(path: str) -> str:
    with open(path) as f:
        return f.read()


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, timeout=5, check=True).stdout


def _try(sample: dict, field: str, measure: Callable[[], Optional[float]]) -> None:
    """Adds what the board exposes; a file or command it lacks leaves the field out."""
    try:
        value = measure()
    except (OSError, ValueError, subprocess.SubprocessError):
        return
    if value is not None:
        sample[field] = value
