package dev.parallax.ui.alerts;

import java.util.List;

/** The alert events' log of record: the topic every alert state is rebuilt from. */
public interface AlertLog {

    /** Appends the records durably, in order; throws when that cannot be confirmed. */
    void append(List<AlertRecord> records);

    /** Every record in the log, in the order the events happened. */
    List<AlertRecord> readAll();
}
