"""Publisher: events go to the on-disk spool first, and a sender thread delivers them in order, in batches.

Writing every event ahead means that an event :meth:`Publisher.publish` has returned for is never lost: not when
the collector is away (the spool holds it and it is replayed in order when the collector is back), not when the
runner is killed (the next publisher on the same spool sends it), and with ``fsync="always"`` not with the power.
A batch is sent when ``batch_size`` events wait or the oldest has waited ``linger`` seconds. Delivery is at least
once: a batch whose answer was lost is sent again, and its event ids make the repeat harmless downstream.
"""
from __future__ import annotations

import json
import logging
import random
import threading
import time
from typing import Dict, List, Optional

from .collector import CollectorClient, Refused, TooLarge, Unavailable
from .spool import Spool

log = logging.getLogger(__name__)

_KIND_PREFIX = {kind: kind.encode() + b"\n" for kind in ("inference", "device", "run")}


class Counters:
    """``sent``: events the collector took (``rejected`` of them were invalid and went to its dead letters);
    ``spooled``: events that had to wait on disk for the collector (outage, or left by an earlier runner);
    ``replayed``: spooled events delivered since; ``dropped``: events lost, each logged: the spool
    was full, the collector found one too large, or refused a batch for writing another token's run (403)."""

    def __init__(self):
        self.sent = self.spooled = self.replayed = self.dropped = self.rejected = 0

    def as_dict(self) -> Dict[str, int]:
        return dict(self.__dict__)

    def __repr__(self):
        return ", ".join("%d %s" % (v, k) for k, v in self.__dict__.items())


class Publisher:
    def __init__(self, client: CollectorClient, spool: Spool, batch_size: int = 500, linger: float = 0.2,
                 max_backoff: float = 30.0):
        self.client = client
        self.spool = spool
        self.batch_size = batch_size
        self.linger = linger
        self.max_backoff = max_backoff
        self.counters = Counters()
        # Refused for good (a wrong or revoked token, a foreign run): sending stops, the events stay spooled.
        self.refusal: Optional[Refused] = None
        self._changed = threading.Condition()
        self._closing = False
        self._flushes = 0  # flush() calls waiting: a waiting batch then goes without its linger
        self._oldest_waiting: Optional[float] = time.monotonic() if spool.pending else None
        # Events found in the spool, and events appended during an outage, are "spooled" until delivered.
        self._spooled_ahead = spool.pending
        self.counters.spooled = spool.pending
        self._outage = False
        if spool.pending:
            log.info("spool %s holds %d events from an earlier runner; replaying them first",
                     spool.directory, spool.pending)
        self._thread = threading.Thread(target=self._run, name="parallax-sender", daemon=True)
        self._thread.start()

    # --- the runner's side ---------------------------------------------------------------------------------

    def publish(self, kind: str, event: dict) -> bool:
        """Writes one event (``inference``, ``device`` or ``run``) to the spool; False when it was dropped."""
        payload = _KIND_PREFIX[kind] + json.dumps(event, separators=(",", ":"), allow_nan=False).encode()
        with self._changed:
            if not self.spool.append(payload):
                self.counters.dropped += 1
                log.error("dropped %s event %s: spool %s is full (%d bytes)",
                          kind, event.get("event_id"), self.spool.directory, self.spool.max_bytes)
                return False
            if self._outage:
                self.counters.spooled += 1
                self._spooled_ahead += 1
            if self._oldest_waiting is None:  # the sender idles: from now on it waits the linger at most
                self._oldest_waiting = time.monotonic()
                self._changed.notify()
            elif self.spool.pending >= self.batch_size:
                self._changed.notify()
        return True

    def flush(self, timeout: float = 30.0) -> bool:
        """Waits until every event published so far is delivered; False if that did not happen in time (the
        collector is away, or refused the token): the events stay in the spool."""
        deadline = time.monotonic() + timeout
        with self._changed:
            self._flushes += 1
            self._changed.notify_all()
            try:
                while self.spool.pending and self.refusal is None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._changed.wait(left)
                return self.spool.pending == 0
            finally:
                self._flushes -= 1

    def close(self, timeout: float = 30.0) -> bool:
        """Flushes (up to ``timeout``), stops the sender and closes the spool; False when events remain spooled
        (the next publisher on this spool delivers them)."""
        delivered = self.flush(timeout)
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join(timeout=self.client.timeout + 5)
        left = self.spool.pending
        self.spool.close()
        self.client.close()
        if left:
            log.warning("%d events remain in spool %s; the next runner using it delivers them", left,
                        self.spool.directory)
        return delivered

    # --- the sender thread ---------------------------------------------------------------------------------

    def _run(self) -> None:
        backoff = 0.5
        while True:
            with self._changed:
                while not self._closing and not self._due():
                    self._changed.wait(self._wait_time())
                if self._closing:
                    return
            self.spool.sync_if_due()
            try:
                self._send_next_batch()
                backoff = 0.5
            except Unavailable as e:
                delay = e.retry_after if e.retry_after is not None else backoff * (0.5 + random.random())
                backoff = min(backoff * 2, self.max_backoff)
                with self._changed:
                    if not self._outage:
                        log.warning("%s; keeping events in spool %s and retrying", e, self.spool.directory)
                        self._outage = True
                        self.counters.spooled += self.spool.pending
                        self._spooled_ahead += self.spool.pending
                    self._changed.wait(min(delay, self.max_backoff))
            except Refused as e:  # 401, or another answer that no retry changes: keep everything for later
                log.error("%s. Sending stops; %d events stay in spool %s for a runner with a valid token",
                          e, self.spool.pending, self.spool.directory)
                with self._changed:
                    self.refusal = e
                    self._changed.notify_all()
                    while not self._closing:
                        self._changed.wait()
                return

    def _due(self) -> bool:
        if self.refusal is not None or not self.spool.pending:
            return False
        return (self.spool.pending >= self.batch_size or self._outage
                or time.monotonic() - self._oldest_waiting >= self.linger or self._flushes > 0)

    def _wait_time(self) -> float:
        if self._oldest_waiting is None:
            return 1.0
        return max(0.001, self.linger - (time.monotonic() - self._oldest_waiting))

    def _send_next_batch(self) -> None:
        records, end = self.spool.read(self.batch_size)
        kind, events = _same_kind_prefix(records)
        position = end if len(events) == len(records) else None
        self._deliver(kind, events, position)

    def _deliver(self, kind: str, events: List[bytes], position) -> None:
        """Sends ``events`` (the next ones in the spool), splitting on 413, and commits them."""
        try:
            answer = self.client.post(kind, events)
        except TooLarge as e:
            if len(events) > 1:
                half = len(events) // 2
                self._deliver(kind, events[:half], None)
                self._deliver(kind, events[half:], position)
                return
            self._drop(kind, events, position, "the collector finds it too large (%s)" % e)
            return
        except Refused as e:
            if e.status != 403:
                raise
            # The run belongs to another token: this token can never write these events, and keeping them would
            # hold up every later one.
            self._drop(kind, events, position, str(e))
            return
        self._commit(len(events), position)
        rejected = [r for r in answer.get("results", []) if r.get("status") == "rejected"]
        for result in rejected[:5]:
            log.warning("collector rejected %s event %d of a batch: %s", kind, result["index"], result.get("reason"))
        self._left_spool(len(events), rejected=len(rejected), sent=len(events))

    def _drop(self, kind: str, events: List[bytes], position, why: str) -> None:
        self._commit(len(events), position)
        log.error("dropped %d %s events: %s; the first: %s", len(events), kind, why, events[0][:200])
        self._left_spool(len(events), dropped=len(events))

    def _left_spool(self, count: int, sent: int = 0, rejected: int = 0, dropped: int = 0) -> None:
        """Counts ``count`` events that left the spool, and wakes whoever waits for it."""
        with self._changed:
            self.counters.sent += sent
            self.counters.rejected += rejected
            self.counters.dropped += dropped
            spooled = min(count, self._spooled_ahead)  # the spool is in order: spooled events leave it first
            self._spooled_ahead -= spooled
            if sent:
                self.counters.replayed += spooled
            if self._outage:
                log.warning("collector back: delivered %d spooled events so far", self.counters.replayed)
                self._outage = False
            self._oldest_waiting = time.monotonic() if self.spool.pending else None
            self._changed.notify_all()

    def _commit(self, count: int, position) -> None:
        if position is None:  # the batch ends before the records read: find where it ends
            _, position = self.spool.read(count)
        self.spool.commit(position, count)


def _same_kind_prefix(records: List[bytes]):
    """The kind of the first record and the JSON of the records up to the first of another kind: a batch goes
    to one endpoint, and the spool's order is kept across kinds."""
    kind = records[0][:records[0].index(b"\n")].decode()
    prefix = _KIND_PREFIX[kind]
    events = []
    for record in records:
        if not record.startswith(prefix):
            break
        events.append(record[len(prefix):])
    return kind, events
