"""The HTTP side: one persistent connection to the collector, gzip request bodies, and the answers sorted into
what a sender must do next (done, wait and retry, split, or stop)."""
from __future__ import annotations

import email.utils
import gzip
import http.client
import json
import os
import time
import urllib.parse
from typing import List, Optional

KINDS = ("inference", "device", "run")
# Level 1 compresses a batch of inference events ~7:1 in a fifth of level 5's time (which gains ~15% in size): on an
# edge board the CPU is the scarcer one, and it is shared with the model under test.
GZIP_LEVEL = 1


class Refused(Exception):
    """The collector refused a batch for a reason that retrying cannot fix (a wrong token, a foreign run, ...)."""

    def __init__(self, status: int, message: str):
        super().__init__("collector answered %d: %s" % (status, message))
        self.status = status


class TooLarge(Exception):
    """413: the batch must be split."""


class Unavailable(Exception):
    """The collector cannot take the batch now: unreachable, 429, 503 or another 5xx. ``retry_after`` is the
    server's Retry-After in seconds, when it gave one."""

    def __init__(self, message: str, retry_after: Optional[float] = None):
        super().__init__(message)
        self.retry_after = retry_after


def read_token(token: Optional[str] = None, token_file: Optional[str] = None) -> Optional[str]:
    """The device token: given, else from ``token_file``, else ``$PARALLAX_DEVICE_TOKEN``, else from the file
    ``$PARALLAX_DEVICE_TOKEN_FILE``; None when none is configured."""
    if token:
        return token.strip()
    token_file = token_file or os.environ.get("PARALLAX_DEVICE_TOKEN_FILE")
    if not token_file and os.environ.get("PARALLAX_DEVICE_TOKEN"):
        return os.environ["PARALLAX_DEVICE_TOKEN"].strip()
    if token_file:
        with open(os.path.expanduser(token_file)) as f:
            value = f.read().strip()
        if not value:
            raise ValueError("token file %s is empty" % token_file)
        return value
    return None


def retry_after_seconds(value: Optional[str]) -> Optional[float]:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


class CollectorClient:
    """Posts batches to ``/v1/<kind>`` over one keep-alive connection (reopened after any failure)."""

    def __init__(self, url: str, token: str, timeout: float = 30.0, compress: bool = True):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError("collector URL must be http(s)://host[:port], got %r" % url)
        self.url = url.rstrip("/")
        self._https = parsed.scheme == "https"
        self._host = parsed.hostname
        self._port = parsed.port
        self._base = parsed.path.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.compress = compress
        self._connection = None

    def post(self, kind: str, events_json: List[bytes]) -> dict:
        """Sends one batch (each event already JSON); returns the collector's answer (accepted, rejected,
        results). Raises Unavailable, TooLarge or Refused."""
        if kind not in KINDS:
            raise ValueError("kind must be one of %s" % (KINDS,))
        body = b"[" + b",".join(events_json) + b"]"
        headers = {"Authorization": "Bearer " + self.token, "Content-Type": "application/json"}
        if self.compress:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL)
            headers["Content-Encoding"] = "gzip"
        status, reason, answer, retry_after = self._request("POST", "/v1/" + kind, body, headers)
        if status == 413:
            raise TooLarge(_error_text(answer) or reason)
        return self._answer(status, reason, answer, retry_after)

    def identity(self) -> dict:
        """Whom the token stands for: ``{"ci": false, "device_id": ...}`` or ``{"ci": true, "name": ...}``."""
        return self._answer(*self._request("GET", "/v1/identity", None, {"Authorization": "Bearer " + self.token}))

    @staticmethod
    def _answer(status, reason, answer, retry_after) -> dict:
        """The JSON of a 200; else Unavailable (429, 5xx) or Refused."""
        if status == 200:
            return json.loads(answer)
        message = _error_text(answer) or reason
        if status == 429 or status >= 500:
            raise Unavailable("collector answered %d: %s" % (status, message), retry_after_seconds(retry_after))
        raise Refused(status, message)

    def _request(self, method, path, body, headers):
        try:
            if self._connection is None:
                connection_class = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
                self._connection = connection_class(self._host, self._port, timeout=self.timeout)
            self._connection.request(method, self._base + path, body=body, headers=headers)
            response = self._connection.getresponse()
            answer = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response.reason, answer, response.getheader("Retry-After")
        except (OSError, http.client.HTTPException) as e:
            self.close()
            raise Unavailable("collector %s unreachable: %s" % (self.url, e or type(e).__name__)) from None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _error_text(answer: bytes) -> str:
    try:
        return json.loads(answer).get("error", "")
    except (ValueError, AttributeError):
        return answer.decode("utf-8", "replace")[:500]
