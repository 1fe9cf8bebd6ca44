package dev.parallax.analytics.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.analytics.Precision;
import org.junit.jupiter.api.Test;

class DivergenceTolerancesTest {

    @Test
    void byDefaultEveryPrecisionHasSpecSectionFivesTolerance() {
        for (DivergenceTolerances tolerances : new DivergenceTolerances[] {DivergenceTolerances.defaults(),
                DivergenceTolerances.parse(""), DivergenceTolerances.parse(" ; ")}) {
            for (Precision precision : Precision.values()) {
                DriftTolerance t = tolerances.of("resnet50", precision);
                assertEquals(0.01, t.maxFlipRate());
                assertEquals(30, t.minMeanSqnrDb());
                assertEquals(0.99, t.minMeanCosine());
            }
        }
    }

    @Test
    void aModelsEntryBuildsOnItsPrecisionsWhichBuildsOnTheDefaults() {
        DivergenceTolerances t = DivergenceTolerances.parse(
                "resnet50/INT8: sqnr=35 flip=0.02; */int8: sqnr=40 cosine=0.995 ; */INT4: sqnr=20");
        DriftTolerance resnetInt8 = t.of("resnet50", Precision.INT8);
        assertEquals(35, resnetInt8.minMeanSqnrDb());
        assertEquals(0.02, resnetInt8.maxFlipRate());
        assertEquals(0.995, resnetInt8.minMeanCosine(), "from */INT8");
        DriftTolerance otherInt8 = t.of("mobilenet", Precision.INT8);
        assertEquals(40, otherInt8.minMeanSqnrDb());
        assertEquals(0.01, otherInt8.maxFlipRate(), "SPEC default");
        assertEquals(20, t.of("resnet50", Precision.INT4).minMeanSqnrDb());
        assertEquals(30, t.of("resnet50", Precision.FP16).minMeanSqnrDb());
    }

    @Test
    void whatIsNotUnderstoodIsNamed() {
        for (String[] bad : new String[][] {
                {"resnet50 INT8 sqnr=35", "is not MODEL/PRECISION"},
                {"resnet50/INT9: sqnr=35", "unknown precision INT9"},
                {"*/INT8: snr=35", "the keys are flip, sqnr and cosine"},
                {"*/INT8: sqnr=high", "is not key=number"},
                {"*/INT8: flip=2", "max flip rate must be in [0, 1]"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DivergenceTolerances.parse(bad[0]));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }
}
