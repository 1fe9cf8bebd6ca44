package dev.parallax.analytics.energy;

/** Two-sided 95 % critical values of Student's t distribution. */
final class StudentT {

    /** t(0.975, df) for df = 1..30, the standard table to six decimals. */
    private static final double[] TABLE = {
            12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
            2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
            2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272};
    private static final double Z = 1.959963984540054;

    private StudentT() {
    }

    /**
     * t(0.975, df); beyond the table the Cornish–Fisher expansion around the normal quantile
     * (Abramowitz &amp; Stegun 26.7.5), which is within 1e-7 of exact from df = 30 on.
     */
    static double critical95(long df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1: " + df);
        }
        if (df <= TABLE.length) {
            return TABLE[(int) df - 1];
        }
        double v = df;
        double z = Z;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double z9 = z7 * z * z;
        return z + (z3 + z) / (4 * v)
                + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
                + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
    }
}
