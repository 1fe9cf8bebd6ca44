package dev.parallax.insights.deadletters;

import java.time.Instant;

/**
 * Dead letters that were rejected for the same kind of reason.
 *
 * @param reason        the reason with what differs per record (ids, quoted values, numbers) left out
 * @param letters       how many dead letters in the period had it
 * @param latest        when the latest of them was received
 * @param example       the latest one's reason as it was given
 * @param exampleSource where the latest one came from (topic/partition/offset, or collector and device)
 */
public record ReasonClass(String reason, long letters, Instant latest, String example, String exampleSource) {
}
