"""A runner the integration tests drive through stdin, to kill it or stop its collector at known points.

    python3 runner.py URL TOKEN_FILE SPOOL_DIR RUN_ID DEVICE_ID FIRST_INDEX

Commands, one a line: ``record N`` records the next N inferences (input ids ``img-<index>``, from FIRST_INDEX) and
answers ``recorded <total>``; ``close`` closes the publisher (waiting up to 60 s) and answers the counters as
JSON, then exits 0 when everything was delivered, 3 when the collector refused the token, 2 otherwise.
"""
import json
import logging
import sys

from parallax_runner import events, open_publisher


def main(url, token_file, spool_dir, run_id, device_id, first_index):
    logging.basicConfig(level=logging.WARNING, format="runner: %(levelname)s %(message)s")
    # Retries at least once a second: the test restarts the collector and waits for the runner to notice.
    publisher = open_publisher(url, spool_dir, token_file=token_file, fsync="never", max_backoff=1.0)
    index = int(first_index)
    recorded = 0
    for line in sys.stdin:
        command = line.split()
        if command[0] == "record":
            for _ in range(int(command[1])):
                publisher.publish("inference", events.inference(
                    run_id=run_id, test_id="integration::runner", suite="integration", model_name="mobilenet-v3-small",
                    model_version="1", precision="INT8", tier="EDGE", device_id=device_id, device_class="pi5-hailo8l",
                    runtime="hailort", input_id="img-%05d" % index, latency_ms=40.0 + index % 7))
                index += 1
                recorded += 1
            print("recorded %d" % recorded, flush=True)
        elif command[0] == "close":
            delivered = publisher.close(timeout=60)
            print(json.dumps(publisher.counters.as_dict()), flush=True)
            sys.exit(0 if delivered else 3 if publisher.refusal else 2)


if __name__ == "__main__":
    main(*sys.argv[1:])
