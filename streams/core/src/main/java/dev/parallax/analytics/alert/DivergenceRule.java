package dev.parallax.analytics.alert;

import dev.parallax.analytics.alert.FleetSnapshot.DivergenceSeries;
import dev.parallax.analytics.divergence.DriftTolerance;
import java.util.ArrayList;
import java.util.List;

/** Divergence of a quantized candidate over the tolerance of its model and precision (SPEC §5 unless configured). */
public final class DivergenceRule implements AlertRule {

    public static final String ID = "divergence-over-tolerance";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(FleetSnapshot snapshot, AlertSettings settings) {
        List<Finding> findings = new ArrayList<>();
        for (DivergenceSeries series : snapshot.divergence()) {
            DriftTolerance tolerance = settings.tolerance().of(series.modelName(), series.precision());
            List<String> broken = tolerance.breaches(series.figures());
            if (!broken.isEmpty()) {
                findings.add(new Finding(ID,
                        "model=" + series.modelName() + " precision=" + series.precision()
                                + " device_class=" + series.deviceClass(),
                        Severity.CRITICAL,
                        series.modelName() + " " + series.precision() + " on " + series.deviceClass() + ": "
                                + String.join(", ", broken) + " over " + series.figures().pairs() + " pairs",
                        series.figures().flipRate(), tolerance.maxFlipRate()));
            }
        }
        return findings;
    }
}
