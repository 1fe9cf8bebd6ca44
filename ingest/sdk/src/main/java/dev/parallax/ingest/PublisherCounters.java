package dev.parallax.ingest;

/**
 * What a publisher has done with the events given to it, since it was opened.
 *
 * @param sent       acknowledged by Kafka on the first attempt
 * @param spooled    written to the on-disk spool because Kafka could not take them
 * @param replayed   acknowledged by Kafka after a stay in the spool (including ones spooled by an earlier process)
 * @param dropped    refused because the spool was full: lost, and logged as an error
 * @param failed     refused by Kafka for good (e.g. a record too large); logged as an error
 * @param spoolBytes bytes the spool holds on disk now
 */
public record PublisherCounters(long sent, long spooled, long replayed, long dropped, long failed, long spoolBytes) {
}
