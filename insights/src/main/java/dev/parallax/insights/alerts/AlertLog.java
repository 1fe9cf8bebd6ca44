package dev.parallax.insights.alerts;

import java.util.List;
import java.util.function.Consumer;

/**
 * The alert events' log of record: the topic every alert state is rebuilt from. Two kinds of writer share it: the
 * one evaluator of the rules (fenced: when another process claims the evaluation, the earlier evaluator's appends
 * fail), and people's steps on an alert (acknowledge, snooze, resolve), from whichever process they use.
 */
public interface AlertLog {

    /** Appends a person's records durably, in order; throws when that cannot be confirmed. */
    void append(List<AlertRecord> records);

    /**
     * Makes this process the evaluator: from now on an earlier evaluator's {@link #appendEvaluation} fails, and
     * whatever it appended before is in the log when this returns, so a {@link #readAll} after it sees all of it.
     */
    void claimEvaluation();

    /**
     * Appends one evaluation's records, all or none; throws when they cannot be confirmed, when this process has
     * not claimed the evaluation, or when another process claimed it since (this one's state is then stale).
     */
    void appendEvaluation(List<AlertRecord> records);

    /** Every record in the log, in the order the events happened. */
    List<AlertRecord> readAll();

    /**
     * Hands every record appended from now on, by any process, to {@code each} (in order within an alert) until
     * the returned handle is closed.
     */
    AutoCloseable follow(Consumer<AlertRecord> each);
}
