package dev.parallax.analytics.placement;

import dev.parallax.analytics.Tier;
import java.util.List;

/**
 * The rubric's advice for one test, with the numbers it rests on.
 *
 * @param target              the tier the test should run on
 * @param evidence            the measured figures behind the advice, one readable line each
 * @param confidence          0..1: how far the sample sizes behind the deciding figures reach what they need
 * @param monthlyCostDeltaUsd monthly cost of following the advice minus the current cost (negative saves money);
 *                            a tier never measured is costed at the policy's assumed throughput, said in the evidence
 */
public record Recommendation(String testId, Placement placement, Tier current, Tier target, String reason,
                             List<String> evidence, double confidence, double monthlyCostDeltaUsd) {

    public Recommendation {
        evidence = List.copyOf(evidence);
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
    }
}
