/**
 * Drift statistics for monitoring: whether the data a model sees now (current) still looks like the
 * data it was built or validated on (baseline). Pure computation, no I/O.
 *
 * <h2>Statistics, defined as scipy 1.17.1 / numpy 2.4.6 define them</h2>
 *
 * Tests compare every value with reference data made by
 * {@code core/src/test/scripts/drift/make_reference.py} (see the README in
 * {@code core/src/test/resources/drift/}). Statistics and distances agree within
 * {@code 1e-9 · max(1, |expected|)}; p-values within 1e-9 relative (absolute 1e-300 below 1e-300,
 * where doubles are subnormal).
 *
 * <ul>
 *   <li>{@link dev.modelyard.core.monitoring.drift.KolmogorovSmirnov}: {@code ks_2samp(baseline,
 *       current)}, two-sided, {@code method='auto'}: exact p-value when both samples have at most
 *       10,000 values, otherwise {@code kstwo.sf(D, round(n1·n2/(n1+n2)))}; every branch of scipy's
 *       algorithms is reproduced (lattice-path recursions, Durbin, Pomeranz, Pelz–Good, Smirnov).
 *   <li>{@link dev.modelyard.core.monitoring.drift.Wasserstein}: {@code wasserstein_distance(u, v)};
 *       normalized by {@code numpy.std(baseline)} (ddof 0), undefined for a constant baseline.
 *   <li>{@link dev.modelyard.core.monitoring.drift.BinnedDistributions}: ten bins at the baseline's
 *       deciles ({@code numpy.quantile}, linear), bin i = {@code (edge[i−1], edge[i]]}, outer bins
 *       open; or one bin per category (baseline's, then new ones). PSI with empty proportions set to
 *       1e-4 (not renormalised); {@code scipy.spatial.distance.jensenshannon} (natural logarithm, no
 *       smoothing).
 *   <li>{@link dev.modelyard.core.monitoring.drift.ChiSquared}: {@code chisquare(f_obs=current counts,
 *       f_exp=baseline proportions × current total)}; a new category gives an infinite statistic and
 *       p-value 0, as in scipy.
 * </ul>
 *
 * Inputs must be non-empty and finite (categories non-null); otherwise the methods throw
 * {@link java.lang.IllegalArgumentException} naming the sample and the index.
 *
 * <h2>Decisions</h2>
 *
 * {@link dev.modelyard.core.monitoring.drift.DriftDetector} applies
 * {@link dev.modelyard.core.monitoring.drift.DriftSettings}: p-value tests (KS, chi-squared; drift
 * when p &lt; 0.05) for baselines of at most 1,000 rows, distances (normalized Wasserstein for
 * numeric, Jensen–Shannon for categorical features; drift when at least 0.1) above; a dataset drifts
 * when at least half its features do. Each {@link dev.modelyard.core.monitoring.drift.FeatureDrift}
 * carries every statistic computed, not only the deciding one.
 *
 * <h2>Profiles</h2>
 *
 * {@link dev.modelyard.core.monitoring.drift.NumericProfile} (KLL sketch, moments, and the values up
 * to a limit of 1,000,000) and {@link dev.modelyard.core.monitoring.drift.CategoricalProfile} (exact
 * counts up to 10,000 categories, then a frequent-items sketch; HyperLogLog distinct count) summarise
 * large histories and merge. While both sides still hold all values the detector runs the exact tests;
 * otherwise it approximates the distances from the sketches and says so.
 */
package dev.modelyard.core.monitoring.drift;
