"""A stand-in collector for the unit tests: records what it is sent and answers as scripted."""
import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest_plugins = ["pytester"]


class StubCollector:
    def __init__(self):
        self.requests = []  # dicts: path, headers, events, at (monotonic), status answered
        self.script = []  # answers for the next requests: (status, headers, body); empty: 200 accepting all
        self.device = "pi5-07"
        self.valid_token = "good-token"
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.headers.get("Authorization") != "Bearer " + stub.valid_token:
                    return self._answer(401, {}, {"error": "missing or unknown device token"})
                self._answer(200, {}, {"ci": False, "device_id": stub.device})

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                events = json.loads(body)
                with stub.lock:
                    scripted = stub.script.pop(0) if stub.script else None
                    if self.headers.get("Authorization") != "Bearer " + stub.valid_token:
                        scripted = (401, {}, {"error": "missing or unknown device token"})
                    stub.requests.append({"path": self.path, "headers": dict(self.headers), "events": events,
                                          "at": time.monotonic(), "status": scripted[0] if scripted else 200})
                if scripted:
                    return self._answer(*scripted)
                results = [{"index": i, "status": "accepted", "event_id": e.get("event_id")} for i, e in enumerate(events)]
                self._answer(200, {}, {"accepted": len(events), "rejected": 0, "results": results})

            def _answer(self, status, headers, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def delivered(self, path="/v1/inference"):
        """Events of the requests to ``path`` answered 200, in order."""
        with self.lock:
            return [e for r in self.requests if r["path"] == path and r["status"] == 200 for e in r["events"]]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def collector():
    stub = StubCollector()
    yield stub
    stub.close()
