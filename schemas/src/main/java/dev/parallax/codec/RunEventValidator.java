package dev.parallax.codec;

import dev.parallax.schema.RunEvent;

/** Rules for {@link RunEvent}. */
final class RunEventValidator implements EventValidator<RunEvent> {

    @Override
    public void validate(RunEvent e, Limits limits, Violations v) {
        v.requireUuid("event_id", e.getEventId());
        v.requireEpochMillis("event_time", e.getEventTime());
        v.requireText("run_id", e.getRunId());
        v.requirePresent("phase", e.getPhase());
        v.requirePresent("trigger", e.getTrigger());
        v.maxBytes("run_id", e.getRunId(), Limits.MAX_NAME_BYTES);
        v.maxBytes("git_sha", e.getGitSha(), Limits.MAX_NAME_BYTES);
        v.attributes(e.getAttributes());
    }
}
