package dev.parallax.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * A job's state as Prometheus expects an enum: one series per state, 1 for the current one and 0 for the others
 * ({@code parallax_job_state{job,state}}), so an alert is {@code parallax_job_state{state="RUNNING"} == 0}.
 */
public final class StateGauge {

    private StateGauge() {
    }

    public static <E extends Enum<E>> void register(MeterRegistry registry, String job, Class<E> states,
                                                    Supplier<E> current) {
        for (E state : states.getEnumConstants()) {
            Gauge.builder("parallax.job.state", () -> current.get() == state ? 1 : 0)
                    .description("1 for the job's current state, 0 for the others")
                    .tag("job", job).tag("state", state.name()).register(registry);
        }
    }
}
