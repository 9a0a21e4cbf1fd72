package dev.modelyard.core.monitoring.drift;

import java.util.Arrays;

/**
 * The survival function {@code P(D_n >= x)} of the two-sided one-sample Kolmogorov–Smirnov
 * statistic, computed as scipy 1.17's {@code scipy.stats.kstwo.sf(x, n)} computes it: the branch
 * selection of Simard &amp; L'Ecuyer (2011) as in {@code scipy/stats/_ksstats.py} ({@code _kolmogn}
 * with {@code cdf=False}), with Durbin's matrix algorithm in the form of Marsaglia, Tsang &amp; Wang,
 * Pomeranz's recursion, the Pelz–Good approximation, the Ruben–Gambino end formulas, and twice the
 * one-sided Smirnov survival function (Birnbaum–Tingey sum, as in scipy's {@code smirnov}).
 *
 * <p>{@link KolmogorovSmirnov} uses it for the asymptotic two-sample p-value, as
 * {@code scipy.stats.ks_2samp} does with {@code n = round(n1·n2 / (n1 + n2))}.
 *
 * <p>Differences from scipy that stay far below the 1e-9 the tests require: plain double where scipy
 * switches to long double after rescaling in Durbin's algorithm, and logarithms instead of
 * double-double arithmetic in the Smirnov sum (relative error about {@code n·2^-53}).
 */
final class KolmogorovDistribution {
    private static final double PI_SQUARED = Math.PI * Math.PI;
    private static final double PI_FOUR = PI_SQUARED * PI_SQUARED;
    private static final double PI_SIX = PI_FOUR * PI_SQUARED;
    private static final double SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);
    private static final double SQRT_THREE = Math.sqrt(3);
    private static final double MINIMUM_LOG = -708;
    /** exp() of anything below this underflows even as a subnormal (cephes' MINLOG). */
    private static final double SMIRNOV_MINIMUM_LOG = -7.451332191019412076235E2;
    /** Above this n, scipy's smirnov uses an approximation. */
    private static final long SMIRNOV_MAXIMUM_COMPUTED_N = 1_000_000;

    private static final int SCALE_EXPONENT = 128;
    private static final double SCALE_UP = Math.scalb(1.0, SCALE_EXPONENT);
    private static final double SCALE_DOWN = Math.scalb(1.0, -SCALE_EXPONENT);

    /** B_{2j}/(2j)/(2j-1) for j = 8 … 1, highest power first. */
    private static final double[] STIRLING_COEFFICIENTS = {
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2
    };

    private KolmogorovDistribution() {}

    /** {@code scipy.stats.kstwo.sf(x, n)}: the probability that D_n is at least x. */
    static double twoSidedSurvival(long n, double x) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        // rv_continuous: at or below the support's lower end 1/(2n) the survival is 1, above 1 it is 0
        if (x <= 0.5 / n) {
            return 1.0;
        }
        if (x >= 1.0) {
            return 0.0;
        }
        double t = n * x;
        if (t <= 1.0) { // Ruben–Gambino: 1/(2n) <= x <= 1/n
            if (t <= 0.5) {
                return 1.0;
            }
            double cdf;
            if (n <= 140) {
                cdf = 1.0;
                double inverseN = 1.0 / n;
                for (long i = 1; i <= n; i++) {
                    cdf *= i * inverseN * (2 * t - 1);
                }
            } else {
                cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - cdf);
        }
        if (t >= n - 1) { // Ruben–Gambino
            return clip(2 * Math.pow(1.0 - x, n));
        }
        if (x >= 0.5) { // exact: twice the one-sided probability
            return clip(2 * smirnovSurvival(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 0.754693) {
                return clip(1.0 - durbinMatrix(n, x));
            }
            if (nxSquared <= 4) {
                return clip(1.0 - pomeranz((int) n, x));
            }
            return clip(2 * smirnovSurvival(n, x));
        }
        if (nxSquared >= 370.0) {
            return 0.0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * smirnovSurvival(n, x));
        }
        double cdf;
        if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) {
            cdf = durbinMatrix(n, x);
        } else {
            cdf = pelzGood(n, x);
        }
        return clip(1.0 - cdf);
    }

    /** log(n! / n^n) by Stirling's series with n·log(n) taken out first. */
    private static double logFactorialOverPower(long n) {
        double reciprocal = 1.0 / n;
        double x = reciprocal / n;
        double polynomial = STIRLING_COEFFICIENTS[0];
        for (int i = 1; i < STIRLING_COEFFICIENTS.length; i++) {
            polynomial = polynomial * x + STIRLING_COEFFICIENTS[i];
        }
        return Math.log(n) / 2 - n + LOG_TWO_PI / 2 + reciprocal * polynomial;
    }

    /** {@code P(D_n <= d)} by Durbin's matrix algorithm as Marsaglia, Tsang and Wang compute it. */
    private static double durbinMatrix(long n, double d) {
        if (d >= 1.0) {
            return 1.0;
        }
        double nd = n * d;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;

        double[] v = new double[m];
        double[] w = new double[m];
        double factorial = 1.0;
        for (int j = 1; j <= m; j++) {
            v[j - 1] = 1.0 - Math.pow(h, j);
            w[j - 1] = factorial;
            factorial /= j;
            v[j - 1] *= factorial;
        }
        double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1.0 + tt) * factorial;

        double[][] matrix = new double[m][m];
        for (int column = 1; column < m; column++) {
            for (int row = column - 1; row < m; row++) {
                matrix[row][column] = w[row - (column - 1)];
            }
        }
        for (int row = 0; row < m; row++) {
            matrix[row][0] = v[row];
        }
        for (int column = 0; column < m; column++) {
            matrix[m - 1][column] = v[m - 1 - column];
        }

        double[][] power = identity(m);
        long remaining = n;
        int exponent = 0;
        int matrixExponent = 0;
        while (remaining > 0) {
            if (remaining % 2 == 1) {
                power = multiply(power, matrix);
                exponent += matrixExponent;
            }
            matrix = multiply(matrix, matrix);
            matrixExponent *= 2;
            if (Math.abs(matrix[k - 1][k - 1]) > SCALE_UP) {
                for (double[] row : matrix) {
                    for (int column = 0; column < m; column++) {
                        row[column] /= SCALE_UP;
                    }
                }
                matrixExponent += SCALE_EXPONENT;
            }
            remaining /= 2;
        }

        double p = power[k - 1][k - 1];
        for (long i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < SCALE_DOWN) {
                p *= SCALE_UP;
                exponent -= SCALE_EXPONENT;
            }
        }
        if (exponent != 0) {
            p = Math.scalb(p, exponent);
        }
        return clip(p);
    }

    private static double[][] identity(int size) {
        double[][] identity = new double[size][size];
        for (int i = 0; i < size; i++) {
            identity[i][i] = 1.0;
        }
        return identity;
    }

    private static double[][] multiply(double[][] left, double[][] right) {
        int size = left.length;
        double[][] product = new double[size][size];
        for (int row = 0; row < size; row++) {
            double[] productRow = product[row];
            for (int inner = 0; inner < size; inner++) {
                double factor = left[row][inner];
                if (factor == 0.0) {
                    continue;
                }
                double[] rightRow = right[inner];
                for (int column = 0; column < size; column++) {
                    productRow[column] += factor * rightRow[column];
                }
            }
        }
        return product;
    }

    /** {@code P(D_n <= x)} by Pomeranz's recursion (used for n <= 140). */
    private static double pomeranz(int n, double x) {
        double t = n * x;
        int ll = (int) Math.floor(t);
        double f = t - ll;
        double g = Math.min(f, 1.0 - f);
        int ceilF = f > 0 ? 1 : 0;
        int roundF = f > 0.5 ? 1 : 0;
        int powers = 2 * (ll + 1);
        double[] gPower = new double[powers];
        double[] twoGPower = new double[powers];
        double[] oneMinusTwoGPower = new double[powers];
        gPower[0] = 1.0;
        twoGPower[0] = 1.0;
        oneMinusTwoGPower[0] = 1.0;
        double gOverN = g / n;
        double twoGOverN = 2 * g / n;
        double oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (int m = 1; m < powers; m++) {
            gPower[m] = gPower[m - 1] * gOverN / m;
            twoGPower[m] = twoGPower[m - 1] * twoGOverN / m;
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * oneMinusTwoGOverN / m;
        }

        double[] previous = new double[powers];
        double[] current = new double[powers];
        current[0] = 1;
        int previousStart = 0;
        int currentStart = 0;
        int exponent = 0;
        int[] bounds = pomeranzBounds(0, n, ll, ceilF, roundF);
        for (int i = 1; i < 2 * n + 2; i++) {
            int k1 = bounds[0];
            double[] swap = previous;
            previous = current;
            current = swap;
            int swapStart = previousStart;
            previousStart = currentStart;
            currentStart = swapStart;
            Arrays.fill(current, 0.0);
            bounds = pomeranzBounds(i, n, ll, ceilF, roundF);
            int j1 = bounds[0];
            int j2 = bounds[1];
            double[] weights;
            if (i == 1 || i == 2 * n + 1) {
                weights = gPower;
            } else {
                weights = i % 2 == 1 ? twoGPower : oneMinusTwoGPower;
            }
            int length = j2 - k1 + 1;
            if (length > 0) {
                // np.convolve(previous[k1 - start : k1 - start + length], weights[:length]),
                // entries j1 - k1 … j2 - k1; slices end at the array's end as numpy's do
                int sourceStart = k1 - previousStart;
                int sourceLength = Math.min(length, powers - sourceStart);
                int weightLength = Math.min(length, powers);
                int convolutionStart = j1 - k1;
                int convolutionLength = j2 - j1 + 1;
                double maximum = Double.NEGATIVE_INFINITY;
                for (int index = 0; index < convolutionLength; index++) {
                    int position = convolutionStart + index;
                    double sum = 0.0;
                    int from = Math.max(0, position - (weightLength - 1));
                    int to = Math.min(sourceLength - 1, position);
                    for (int a = from; a <= to; a++) {
                        sum += previous[sourceStart + a] * weights[position - a];
                    }
                    current[index] = sum;
                }
                for (double value : current) {
                    maximum = Math.max(maximum, value);
                }
                if (0 < maximum && maximum < SCALE_DOWN) {
                    for (int index = 0; index < powers; index++) {
                        current[index] *= SCALE_UP;
                    }
                    exponent -= SCALE_EXPONENT;
                }
                currentStart = previousStart + j1 - k1;
            }
        }
        double answer = current[n - currentStart];
        for (int m = 1; m <= n; m++) {
            if (Math.abs(answer) > SCALE_UP) {
                answer *= SCALE_DOWN;
                exponent += SCALE_EXPONENT;
            }
            answer *= m;
        }
        if (exponent != 0) {
            answer = Math.scalb(answer, exponent);
        }
        return clip(answer);
    }

    /** The first and last non-zero column of row i in Pomeranz's recursion. */
    private static int[] pomeranzBounds(int i, int n, int ll, int ceilF, int roundF) {
        int j1;
        int j2;
        if (i == 0) {
            j1 = -ll - ceilF - 1;
            j2 = ll + ceilF - 1;
        } else {
            int half = (i + 1) / 2;
            boolean iIsOdd = (i + 1) % 2 == 0;
            if (iIsOdd) {
                if (half == n + 1) {
                    j1 = n - ll - ceilF - 1;
                    j2 = n + ll + ceilF - 1;
                } else {
                    j1 = half - 1 - ll - roundF - 1;
                    j2 = half + ll - 1 + ceilF - 1;
                }
            } else {
                j1 = half - 1 - ll - 1;
                j2 = half + ll + roundF - 1;
            }
        }
        return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
    }

    /** The Pelz–Good approximation to {@code P(D_n <= x)}. */
    private static double pelzGood(long n, double x) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 1.0) {
            return 1.0;
        }
        double z = Math.sqrt(n) * x;
        double zSquared = z * z;
        double zThree = Math.pow(z, 3);
        double zFour = Math.pow(z, 4);
        double zSix = Math.pow(z, 6);

        double qLog = -PI_SQUARED / 8 / zSquared;
        if (qLog < MINIMUM_LOG) {
            return 0.0;
        }
        double q = Math.exp(qLog);

        double k1a = -zSquared;
        double k1b = PI_SQUARED / 4;
        double k2a = 6 * zSix + 2 * zFour;
        double k2b = (2 * zFour - 5 * zSquared) * PI_SQUARED / 4;
        double k2c = PI_FOUR * (1 - 2 * zSquared) / 16;
        double k3d = PI_SIX * (5 - 30 * zSquared) / 64;
        double k3c = PI_FOUR * (-60 * zSquared + 212 * zFour) / 16;
        double k3b = PI_SQUARED * (135 * zFour - 96 * zSix) / 4;
        double k3a = -30 * zSix - 90 * Math.pow(z, 8);

        double k0 = 0;
        double k1 = 0;
        double k2 = 0;
        double k3 = 0;
        int maximumK = (int) Math.ceil(16 * z / Math.PI);
        for (int k = maximumK; k > 0; k--) {
            double m = 2 * k - 1;
            double mSquared = m * m;
            double mFour = Math.pow(m, 4);
            double mSix = Math.pow(m, 6);
            double qPower = Math.pow(q, 8 * k);
            k0 = k0 * qPower + 1.0;
            k1 = k1 * qPower + (k1a + k1b * mSquared);
            k2 = k2 * qPower + (k2a + k2b * mSquared + k2c * mFour);
            k3 = k3 * qPower + (k3a + k3b * mSquared + k3c * mFour + k3d * mSix);
        }
        k0 = k0 * q * SQRT_TWO_PI / z;
        k1 = k1 * q * SQRT_TWO_PI / (6 * zFour);
        k2 = k2 * q * SQRT_TWO_PI / (72 * Math.pow(z, 7));
        k3 = k3 * q * SQRT_TWO_PI / (6480 * Math.pow(z, 10));

        double qAll = Math.exp(-PI_SQUARED / 2 / zSquared);
        double sqrtThreeZ = SQRT_THREE * z;
        double k2Extra = 0;
        double k3Extra = 0;
        for (int k = maximumK; k > 0; k--) {
            double kSquared = (double) k * k;
            double kPi = Math.PI * k;
            double qPower = Math.pow(qAll, kSquared);
            k2Extra += kSquared * qPower;
            k3Extra += (sqrtThreeZ + kPi) * (sqrtThreeZ - kPi) * kSquared * qPower;
        }
        k2 += k2Extra * (PI_SQUARED * SQRT_TWO_PI / (-36 * zThree));
        k3 += k3Extra * (PI_SQUARED * SQRT_TWO_PI / (216 * zSix));

        double nDouble = n;
        k1 /= Math.pow(nDouble, 0.5);
        k2 /= nDouble;
        k3 /= Math.pow(nDouble, 1.5);
        return k0 + k1 + k2 + k3;
    }

    /**
     * {@code scipy.special.smirnov(n, x)}: the probability that the one-sided statistic D_n+ exceeds
     * x, by the Birnbaum–Tingey sum {@code x · Σ_{v=0}^{⌊n(1−x)⌋} C(n,v) (x + v/n)^(v−1) (1 − x −
     * v/n)^(n−v)} with its terms in logarithms, plus scipy's special cases.
     */
    static double smirnovSurvival(long n, double x) {
        if (n == 1) {
            return 1 - x;
        }
        if (x == 0.0) {
            return 1.0;
        }
        if (x == 1.0) {
            return 0.0;
        }
        // n·x = floor + alpha, exactly enough: the product's rounding error is recovered by fma
        double nx = n * x;
        double nxError = Math.fma((double) n, x, -nx);
        double floor = Math.floor(nx);
        if (floor == nx && nxError < 0) {
            floor -= 1;
        }
        double alpha = (nx - floor) + nxError;
        if (alpha >= 1.0) {
            floor += 1;
            alpha = 0;
        }
        long nxFloor = (long) floor;
        long lastLowerTerm = n - nxFloor - (alpha == 0 ? 0 : 1);
        if (alpha == 0) {
            lastLowerTerm -= 1;
        }

        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0)) { // x <= 1/n
            double t = Math.exp((n - 1) * Math.log1p(x));
            return 1 - x * t;
        }
        if (-2 * n * x * x < SMIRNOV_MINIMUM_LOG) {
            return 0.0;
        }
        if (nxFloor >= n - 1) { // x >= 1 - 1/n
            return Math.exp(n * Math.log1p(-x));
        }
        if (n > SMIRNOV_MAXIMUM_COMPUTED_N) {
            double logP = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
            if (logP < -Math.log(2)) {
                return Math.exp(logP);
            }
            return 1 - (-Math.expm1(logP));
        }

        // Lower sum. (scipy switches to the upper sum only for x <= 1/n or x <= 0.5/sqrt(n) with at
        // most three terms; kstwo.sf never calls smirnov there.)
        // The logarithm of a term is the small difference of three parts of up to ~n in size, so each
        // part is carried with its rounding error: log C(n, v) as a compensated running sum (a plain
        // one loses ~1e-9 relative at n = 250,000), the two products with their fma residuals.
        long terms = lastLowerTerm + 1;
        double sum = Math.exp(n * logOneMinus(x)) / x;
        DriftInputs.CompensatedSum logBinomial = new DriftInputs.CompensatedSum();
        long middle = n / 2;
        for (long v = 1; v < terms; v++) {
            logBinomial.add(Math.log((double) (n - v + 1) / v));
            // x + v/n and 1 - x - v/n from the exact split of n·x
            double up = ((v + nxFloor) + alpha) / n;
            double logUp = Math.log(up);
            double logDown = up < 0.5 ? Math.log1p(-up) : Math.log(((n - nxFloor - v) - alpha) / n);
            double upPart = (v - 1) * logUp;
            double downPart = (n - v) * logDown;
            double residuals =
                    Math.fma((double) (v - 1), logUp, -upPart) + Math.fma((double) (n - v), logDown, -downPart);
            double exponent = logBinomial.sum() + upPart + downPart + (logBinomial.compensation() + residuals);
            double term = Math.exp(exponent);
            sum += term;
            if (term != 0.0) {
                if (4.0 * (terms - v) * Math.abs(term) < Math.ulp(1.0) * sum && v != terms - 1) {
                    break;
                }
            } else if (v > middle) {
                break;
            }
        }
        return clip(x * sum);
    }

    /** log(1 − x), accurately for x near 0 and for x near 1. */
    private static double logOneMinus(double x) {
        return x < 0.5 ? Math.log1p(-x) : Math.log(1 - x);
    }

    private static double clip(double probability) {
        return Math.min(1.0, Math.max(0.0, probability));
    }
}
