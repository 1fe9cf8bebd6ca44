-- One row per rejected record (SPEC section 2): the reason, the record as received and where it came from.
-- dead_letter_id (topic/partition/offset, or the collector's id) and received_at (the Kafka record timestamp,
-- or the collector's receive time) are deterministic from the source, so re-processing rewrites the same row.
-- raw is the bytes as received: UTF-8 text when the record is text.
CREATE TABLE IF NOT EXISTS parallax.dead_letters
(
    dead_letter_id String,
    received_at    DateTime64(3, 'UTC'),
    source         String,
    topic          LowCardinality(String),
    partition      Nullable(Int32),
    offset         Nullable(Int64),
    reason         String,
    raw            String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (toDate(received_at), dead_letter_id)
