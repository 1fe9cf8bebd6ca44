"""The benchmark's Python side (PythonRunnerBenchmarkTest drives it).

    python3 bench.py publish URL TOKEN_FILE SPOOL_DIR RUN_ID EVENTS     publishes, closes, prints the seconds taken
    python3 bench.py batches DIR RUN_ID EVENTS BATCH                    writes the same events as gzip batch files

Both make the same events (inference events of a Pi 5, 16 logits each), so curl posting the files compares
with the client on equal terms.
"""
import gzip
import json
import os
import sys
import time

from parallax_runner import events, open_publisher
from parallax_runner.collector import GZIP_LEVEL


def event(run_id, i):
    return events.inference(
        run_id=run_id, test_id="bench::golden", suite="bench", model_name="mobilenet-v3-small", model_version="1",
        precision="INT8", tier="EDGE", device_id="pi5-07", device_class="pi5-hailo8l", runtime="hailort",
        input_id="img-%06d" % i, latency_ms=40.0 + i % 13, outputs=[(i * k % 97) / 10.0 for k in range(16)],
        output_kind="LOGITS", temperature_c=61.5, throttle_flags=0)


def publish(url, token_file, spool_dir, run_id, count):
    started = time.perf_counter()
    publisher = open_publisher(url, spool_dir, token_file=token_file, batch_size=500, fsync="never")
    for i in range(int(count)):
        publisher.publish("inference", event(run_id, i))
    published = time.perf_counter()
    assert publisher.close(timeout=300), "not everything was delivered"
    print(json.dumps({"publish_s": published - started, "total_s": time.perf_counter() - started,
                      "counters": publisher.counters.as_dict()}))


def batches(directory, run_id, count, batch):
    os.makedirs(directory, exist_ok=True)
    count, batch = int(count), int(batch)
    for n, first in enumerate(range(0, count, batch)):
        body = json.dumps([event(run_id, i) for i in range(first, min(first + batch, count))]).encode()
        with open(os.path.join(directory, "batch-%05d.json.gz" % n), "wb") as f:
            f.write(gzip.compress(body, compresslevel=GZIP_LEVEL))


if __name__ == "__main__":
    {"publish": publish, "batches": batches}[sys.argv[1]](*sys.argv[2:])
