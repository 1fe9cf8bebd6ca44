import os
import signal
import subprocess
import sys

from parallax_runner.spool import Spool


def records(n, start=0):
    return [("record-%05d" % i).encode() for i in range(start, start + n)]


def drain(spool):
    got, position = spool.read(1 << 20)
    spool.commit(position, len(got))
    return got


def test_records_come_back_in_order_and_a_commit_moves_past_them(tmp_path):
    spool = Spool(str(tmp_path), fsync="never")
    for r in records(10):
        assert spool.append(r)
    got, position = spool.read(4)
    assert got == records(4)
    spool.commit(position, 4)
    assert spool.pending == 6
    assert drain(spool) == records(6, 4)
    assert spool.pending == 0


def test_uncommitted_records_survive_a_reopen(tmp_path):
    spool = Spool(str(tmp_path), fsync="always")
    for r in records(5):
        spool.append(r)
    got, position = spool.read(2)
    spool.commit(position, 2)
    spool.read(3)  # read but not committed: delivered again after a crash
    spool.close()
    reopened = Spool(str(tmp_path))
    assert reopened.pending == 3
    assert drain(reopened) == records(3, 2)


def test_a_torn_last_record_is_cut_off_and_appending_goes_on(tmp_path):
    spool = Spool(str(tmp_path), fsync="always")
    for r in records(3):
        spool.append(r)
    spool.close()
    segment = [f for f in os.listdir(tmp_path) if f.endswith(".seg")][0]
    with open(tmp_path / segment, "ab") as f:  # a crash in the middle of an append: header and half a payload
        f.write(b"\x00\x00\x00\x20\x12\x34\x56\x78half")
    reopened = Spool(str(tmp_path))
    assert reopened.pending == 3
    reopened.append(b"after")
    assert drain(reopened) == records(3) + [b"after"]


def test_a_last_record_with_a_bad_checksum_is_cut_off(tmp_path):
    spool = Spool(str(tmp_path), fsync="always")
    for r in records(3):
        spool.append(r)
    spool.close()
    segment = tmp_path / [f for f in os.listdir(tmp_path) if f.endswith(".seg")][0]
    data = bytearray(segment.read_bytes())
    data[-1] ^= 0xFF  # the last payload's bytes were never all written (power loss)
    segment.write_bytes(bytes(data))
    assert drain(Spool(str(tmp_path))) == records(2)


def test_segments_roll_over_and_consumed_ones_are_deleted(tmp_path):
    spool = Spool(str(tmp_path), segment_bytes=1024, max_bytes=1 << 20, fsync="never")
    for r in records(200):
        spool.append(r)
    assert len([f for f in os.listdir(tmp_path) if f.endswith(".seg")]) > 3
    assert drain(spool) == records(200)
    assert len([f for f in os.listdir(tmp_path) if f.endswith(".seg")]) == 1


def test_a_full_spool_refuses_records(tmp_path):
    spool = Spool(str(tmp_path), segment_bytes=1024, max_bytes=2048, fsync="never")
    appended = [spool.append(b"x" * 100) for _ in range(30)]
    assert appended.count(True) == 18  # 18 frames of 108 bytes fit in 2048
    assert appended[18:] == [False] * 12


def test_one_process_per_spool(tmp_path):
    held = Spool(str(tmp_path))
    code = "import sys; from parallax_runner.spool import Spool, SpoolInUse\n" \
           "try:\n    Spool(sys.argv[1])\nexcept SpoolInUse:\n    sys.exit(7)"
    assert subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=_env()).returncode == 7
    held.close()
    assert subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=_env()).returncode == 0


def test_every_appended_record_survives_kill_9(tmp_path):
    code = ("import os, signal, sys\nfrom parallax_runner.spool import Spool\n"
            "spool = Spool(sys.argv[1], fsync='never')\n"
            "for i in range(1000):\n    spool.append(b'record-%05d' % i)\n"
            "os.kill(os.getpid(), signal.SIGKILL)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=_env())
    assert done.returncode == -signal.SIGKILL
    assert drain(Spool(str(tmp_path))) == records(1000)


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(os.path.dirname(__file__), "..", "src"), env.get("PYTHONPATH", "")])
    return env
