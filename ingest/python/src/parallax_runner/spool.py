"""An append-only, on-disk FIFO of byte records that survives kill -9 and, with fsync, power loss.

Records are appended to segment files (``<20-digit id>.seg``) as frames ``[u32 length][u32 CRC-32][payload]``
(big-endian), the layout of the JVM SDK's spool with zlib's CRC-32. A reader takes records from the committed
position with :meth:`Spool.read` and moves that position with :meth:`Spool.commit` once they are delivered
(at least once: what was read but not committed before a crash is read again). The position lives in the file
``cursor``; segments behind it are deleted. On open, a frame torn by a crash in the middle of an append is cut off.
"""
from __future__ import annotations

import fcntl
import logging
import os
import struct
import threading
import time
import zlib
from typing import List, NamedTuple, Optional, Tuple, Union

log = logging.getLogger(__name__)

_HEADER = struct.Struct(">II")
_SUFFIX = ".seg"


class Position(NamedTuple):
    segment: int
    offset: int


class FsyncPolicy:
    """When appended records reach the disk itself: ``always`` (each append), ``never`` (the OS decides), or a
    period in seconds (at most that much is lost with the power; a kill -9 loses nothing either way, as written
    bytes live in the OS's page cache)."""

    def __init__(self, period: Optional[float]):
        self.period = period  # 0: always, None: never

    @classmethod
    def parse(cls, value: Union[str, float, int, "FsyncPolicy"]) -> "FsyncPolicy":
        if isinstance(value, FsyncPolicy):
            return value
        if value == "always":
            return cls(0.0)
        if value == "never":
            return cls(None)
        seconds = float(value)
        if seconds < 0:
            raise ValueError("fsync period must be >= 0, got %r" % value)
        return cls(seconds)


class SpoolInUse(RuntimeError):
    """Another process holds the spool directory."""


class Spool:
    def __init__(self, directory: str, max_bytes: int = 256 << 20, segment_bytes: int = 8 << 20,
                 fsync: Union[str, float, FsyncPolicy] = 1.0):
        if segment_bytes < 1024 or max_bytes < segment_bytes:
            raise ValueError("need 1 KiB <= segment_bytes <= max_bytes")
        self.directory = os.path.abspath(directory)
        self.max_bytes = max_bytes
        self.segment_bytes = segment_bytes
        self.fsync = FsyncPolicy.parse(fsync)
        self._lock = threading.Lock()
        os.makedirs(self.directory, exist_ok=True)
        self._lock_file = open(os.path.join(self.directory, "lock"), "a")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock_file.close()
            raise SpoolInUse("spool %s is used by another process" % self.directory) from None
        self._last_sync = time.monotonic()
        self._unsynced = False
        self._sizes = {}  # segment id -> bytes, the last one being written
        self._recover()

    # --- opening -------------------------------------------------------------------------------------------

    def _recover(self) -> None:
        segments = sorted(int(name[:-len(_SUFFIX)]) for name in os.listdir(self.directory)
                          if name.endswith(_SUFFIX) and name[:-len(_SUFFIX)].isdigit())
        self._cursor = self._read_cursor(segments)
        for segment in segments:
            if segment < self._cursor.segment:
                os.remove(self._path(segment))
            else:
                self._sizes[segment] = os.path.getsize(self._path(segment))
        if not self._sizes:
            self._sizes[self._cursor.segment] = 0
            open(self._path(self._cursor.segment), "ab").close()
        last = max(self._sizes)
        valid = self._valid_length(last)
        if valid < self._sizes[last]:
            log.warning("spool %s: cut off a torn record at the end of segment %d (%d bytes)",
                        self.directory, last, self._sizes[last] - valid)
            with open(self._path(last), "r+b") as f:
                f.truncate(valid)
                os.fsync(f.fileno())
            self._sizes[last] = valid
        self._writer = open(self._path(last), "ab", buffering=0)
        self.pending = self._count_from(self._cursor)

    def _read_cursor(self, segments: List[int]) -> Position:
        try:
            with open(os.path.join(self.directory, "cursor")) as f:
                segment, offset = f.read().split()
                return Position(int(segment), int(offset))
        except FileNotFoundError:
            return Position(segments[0] if segments else 1, 0)

    def _valid_length(self, segment: int) -> int:
        """Bytes of whole, intact frames at the start of a segment."""
        with open(self._path(segment), "rb") as f:
            data = f.read()
        offset = 0
        while offset + _HEADER.size <= len(data):
            length, crc = _HEADER.unpack_from(data, offset)
            end = offset + _HEADER.size + length
            if end > len(data) or zlib.crc32(data[offset + _HEADER.size:end]) != crc:
                break
            offset = end
        return offset

    def _count_from(self, position: Position) -> int:
        count, at = 0, position
        while True:
            records, at = self._read_from(at, 1 << 30)
            if not records:
                return count
            count += len(records)

    # --- writing -------------------------------------------------------------------------------------------

    def append(self, payload: bytes) -> bool:
        """Appends a record; False when the spool is full (the caller decides what that means)."""
        frame = _HEADER.pack(len(payload), zlib.crc32(payload)) + payload
        with self._lock:
            if sum(self._sizes.values()) + len(frame) > self.max_bytes:
                return False
            last = max(self._sizes)
            if self._sizes[last] > 0 and self._sizes[last] + len(frame) > self.segment_bytes:
                self._sync_locked()
                self._writer.close()
                last += 1
                self._writer = open(self._path(last), "ab", buffering=0)
                self._sizes[last] = 0
                self._sync_directory()
            # One write call per frame: a crash leaves at most the last frame torn, which opening cuts off.
            self._writer.write(frame)
            self._sizes[last] += len(frame)
            self.pending += 1
            self._unsynced = True
            if self.fsync.period == 0:
                self._sync_locked()
            return True

    def sync_if_due(self) -> None:
        with self._lock:
            if self._unsynced and self.fsync.period is not None and time.monotonic() - self._last_sync >= self.fsync.period:
                self._sync_locked()

    def _sync_locked(self) -> None:
        if self._unsynced and self.fsync.period is not None:
            os.fsync(self._writer.fileno())
        self._unsynced = False
        self._last_sync = time.monotonic()

    # --- reading -------------------------------------------------------------------------------------------

    def read(self, max_records: int) -> Tuple[List[bytes], Position]:
        """Up to ``max_records`` records from the committed position, and the position after them."""
        with self._lock:
            return self._read_from(self._cursor, max_records)

    def _read_from(self, position: Position, max_records: int) -> Tuple[List[bytes], Position]:
        records = []
        segment, offset = position
        while len(records) < max_records and segment in self._sizes:
            size = self._sizes[segment]
            if offset >= size:
                if segment == max(self._sizes):
                    break
                segment, offset = segment + 1, 0
                continue
            with open(self._path(segment), "rb") as f:
                f.seek(offset)
                while len(records) < max_records and offset + _HEADER.size <= size:
                    length, crc = _HEADER.unpack(f.read(_HEADER.size))
                    payload = f.read(length) if offset + _HEADER.size + length <= size else b""
                    if len(payload) != length or zlib.crc32(payload) != crc:
                        # Only an older segment can hold a damaged frame (power loss without fsync): what follows
                        # it in that segment cannot be framed, so the reader moves on to the next segment.
                        log.error("spool %s: damaged record in segment %d at byte %d; skipping the rest of that "
                                  "segment", self.directory, segment, offset)
                        offset = size
                        break
                    records.append(payload)
                    offset += _HEADER.size + length
        return records, Position(segment, offset)

    def commit(self, position: Position, count: int) -> None:
        """Marks everything before ``position`` (``count`` records) as delivered."""
        with self._lock:
            temporary = os.path.join(self.directory, "cursor.tmp")
            with open(temporary, "w") as f:
                f.write("%d %d\n" % position)
                if self.fsync.period is not None:
                    f.flush()
                    os.fsync(f.fileno())
            os.replace(temporary, os.path.join(self.directory, "cursor"))
            self._cursor = position
            self.pending -= count
            for segment in [s for s in self._sizes if s < position.segment]:
                del self._sizes[segment]
                os.remove(self._path(segment))

    # --- the rest ------------------------------------------------------------------------------------------

    def _sync_directory(self) -> None:
        if self.fsync.period is None:
            return
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _path(self, segment: int) -> str:
        return os.path.join(self.directory, "%020d%s" % (segment, _SUFFIX))

    def close(self) -> None:
        with self._lock:
            self._sync_locked()
            self._writer.close()
            self._lock_file.close()
