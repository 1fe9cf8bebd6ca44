"""Parallax runner SDK for Python test runners: publish inference events, device samples and run events to the
Parallax collector, through an on-disk spool that survives crashes and collector outages.

    from parallax_runner import open_publisher, events
    publisher = open_publisher("http://collector:8088", spool_dir="/var/spool/parallax")  # token from the env
    publisher.publish("inference", events.inference(run_id=..., test_id=..., latency_ms=41.7, ...))
    publisher.close()

With pytest, the plugin does this for you: see ``parallax_runner.plugin``.
"""
from __future__ import annotations

from typing import Optional, Union

from . import events
from .collector import CollectorClient, Refused, Unavailable, read_token
from .publisher import Counters, Publisher
from .spool import FsyncPolicy, Spool, SpoolInUse

__all__ = ["open_publisher", "events", "CollectorClient", "Publisher", "Counters", "Spool", "SpoolInUse",
           "FsyncPolicy", "Refused", "Unavailable", "read_token"]


def open_publisher(url: str, spool_dir: str, token: Optional[str] = None, token_file: Optional[str] = None,
                   batch_size: int = 500, linger: float = 0.2, fsync: Union[str, float] = 1.0,
                   max_spool_bytes: int = 256 << 20, compress: bool = True, max_backoff: float = 30.0) -> Publisher:
    """A publisher to the collector at ``url`` spooling in ``spool_dir`` (one process per directory). The token
    is ``token``, else read from ``token_file``, ``$PARALLAX_DEVICE_TOKEN`` or ``$PARALLAX_DEVICE_TOKEN_FILE``.
    ``fsync``: ``"always"``, ``"never"`` or a period in seconds. An unreachable collector is asked again after
    growing pauses, up to ``max_backoff`` seconds (a 429 or 503 after its Retry-After)."""
    token = read_token(token, token_file)
    if not token:
        raise ValueError("no device token: pass one, or set PARALLAX_DEVICE_TOKEN or PARALLAX_DEVICE_TOKEN_FILE")
    spool = Spool(spool_dir, max_bytes=max_spool_bytes, fsync=fsync)
    return Publisher(CollectorClient(url, token, compress=compress), spool, batch_size=batch_size, linger=linger,
                     max_backoff=max_backoff)
