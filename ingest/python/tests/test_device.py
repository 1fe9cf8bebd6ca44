"""The device parsers on outputs in the formats the boards print (Pi 5 firmware's vcgencmd, JetPack 4 and 5/6
tegrastats), and the sampler publishing DeviceSamples."""
import os
import threading

import pytest

from parallax_runner import device

DATA = os.path.join(os.path.dirname(__file__), "data")


def recorded(name):
    with open(os.path.join(DATA, name)) as f:
        return f.read()


def test_pi_thermal_zone_cpu_frequency_and_throttle_bits():
    assert device.parse_thermal_zone("61350\n") == 61.35
    assert device.parse_cpu_freq_khz("2400000\n") == 2400.0
    assert device.parse_get_throttled("throttled=0x0\n") == 0
    # under-voltage now (bit 0), throttled now (bit 2), both have occurred (bits 16, 18)
    assert device.parse_get_throttled("throttled=0x50005\n") == 0x50005
    with pytest.raises(ValueError):
        device.parse_get_throttled("error=1 error_msg=\"Command not registered\"")


def test_pi5_power_is_the_sum_of_its_rails():
    power = device.parse_pmic_read_adc(recorded("pi5_pmic_read_adc.txt"))
    # 12 rails report both current and voltage; EXT5V_V and BATT_V only a voltage.
    expected = (0.00390372 * 3.700232 + 0.05172 * 3.303792 + 0.152226 * 1.799766 + 0.0234222 * 1.11153
                + 0.0 * 0.605904 + 0.187374 * 1.105494 + 0.300594 * 0.80025 + 0.721 * 0.880202
                + 0.00010992 * 3.311472 + 0.00025668 * 3.310592 + 0.00398328 * 0.798208 + 0.0183 * 5.1384)
    assert power == pytest.approx(expected)
    assert device.parse_pmic_read_adc("") is None


def test_tegrastats_of_an_orin_nano():
    idle, busy = recorded("tegrastats_orin_nano.txt").splitlines()
    assert device.parse_tegrastats(idle) == {"temperature_c": 48.5, "cpu_freq_mhz": 1510.0, "power_w": 4.844}
    assert device.parse_tegrastats(busy) == {"temperature_c": 63.2, "cpu_freq_mhz": 1510.0, "power_w": 9.12}


def test_tegrastats_of_a_nano_takes_the_cpu_not_the_pmic_placeholder():
    assert device.parse_tegrastats(recorded("tegrastats_nano.txt")) == {
        "temperature_c": 36.5, "cpu_freq_mhz": 1479.0, "power_w": 2.162}


def test_a_pi_source_reads_what_exists_and_leaves_out_the_rest(tmp_path):
    (tmp_path / "temp").write_text("70250\n")
    vcgencmd = tmp_path / "vcgencmd"
    vcgencmd.write_text("#!/bin/sh\n[ \"$1\" = get_throttled ] && echo throttled=0x20002 && exit 0\nexit 1\n")
    vcgencmd.chmod(0o755)
    pi = device.RaspberryPi(vcgencmd=str(vcgencmd), thermal_zone=str(tmp_path / "temp"),
                            cpu_freq=str(tmp_path / "missing"))
    assert pi.read() == {"temperature_c": 70.25, "throttle_flags": 0x20002}


def test_the_sampler_publishes_device_samples_and_keeps_the_latest():
    published = []
    two = threading.Event()

    class Readings:
        def samples(self, interval, stopped):
            yield {"temperature_c": 60.0, "throttle_flags": 0}
            yield {}  # nothing readable this time: no sample
            yield {"temperature_c": 82.5, "throttle_flags": 0x4}
            two.set()
            stopped.wait()

    sampler = device.DeviceSampler(lambda kind, event: published.append((kind, event)), Readings(),
                                   "pi5-07", "pi5-hailo8l", "EDGE", interval=0.01)
    assert two.wait(10)
    sampler.close()
    assert [kind for kind, _ in published] == ["device", "device"]
    last = published[-1][1]
    assert (last["device_id"], last["device_class"], last["tier"], last["temperature_c"], last["throttle_flags"]) == (
        "pi5-07", "pi5-hailo8l", "EDGE", 82.5, 4)
    assert sampler.latest == {"temperature_c": 82.5, "throttle_flags": 0x4}
