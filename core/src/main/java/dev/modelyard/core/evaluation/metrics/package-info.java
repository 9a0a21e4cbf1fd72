/**
 * Evaluation metrics and chart data, defined exactly as scikit-learn 1.2.1 (numpy 1.24.2) defines
 * them. Tests compare every value and every curve point with reference files made by
 * {@code core/src/test/scripts/metrics/make_reference.py} and require agreement within 1e-9; most
 * values agree to the last bit, because sums are taken in numpy's pairwise order ({@code NumpySum}).
 *
 * <p>Inputs are primitive arrays: {@code int[]} labels, {@code double[]} scores, targets and
 * predictions, and multiclass probabilities as one row-major {@code double[]} of n×k values. The
 * accumulators ({@link BinaryClassificationAccumulator}, {@link MulticlassClassificationAccumulator},
 * {@link RegressionAccumulator}) take rows in batches; the {@code compute} methods feed all rows as
 * one batch. Non-finite inputs and out-of-range labels are rejected with
 * {@link java.lang.IllegalArgumentException}; so is evaluating zero rows.
 *
 * <h2>Binary classification</h2>
 *
 * <ul>
 *   <li>Predicted class: 1 when {@code score >= threshold}, i.e. {@code y_pred = (proba >= 0.5)}.
 *       This matches the meaning of {@code roc_curve}'s thresholds ("score &gt;= threshold"). Note
 *       that scikit-learn's and XGBoost's own {@code predict} use {@code proba > 0.5}, so a score of
 *       exactly 0.5 is positive here and negative there.
 *   <li>{@code accuracy}, {@code precision}, {@code recall}, {@code f1}: {@code accuracy_score},
 *       {@code precision_score}, {@code recall_score}, {@code f1_score} on those predictions with
 *       {@code pos_label=1}. A zero denominator gives 0 ({@code zero_division="warn"}: 0 and a
 *       warning); F1 is {@code 2pr / (p + r)}, 0 when p + r = 0.
 *   <li>{@code roc_auc}: {@code roc_auc_score}, the trapezoid area under {@code roc_curve} (numpy's
 *       {@code trapz}); tied scores form one threshold, which gives them half credit. Undefined when
 *       the labels hold one class.
 *   <li>{@code average_precision}: {@code average_precision_score}, the step sum
 *       {@code Σ (R_n − R_{n−1}) P_n} over the precision-recall curve, not a trapezoid. With no
 *       positives the recall is taken as 1 everywhere and the result is 0, as in scikit-learn.
 *   <li>{@code log_loss}: {@code log_loss(y, p, labels=[0, 1])} with scikit-learn 1.2's
 *       {@code eps="auto"}: p is clipped to {@code [ε, 1 − ε]} with {@code ε = 2^-52} (float64 eps;
 *       before 1.2 the default was 1e-15), the row {@code [1 − p, p]} is divided by its sum, and the
 *       loss is the mean of {@code −log} of the true class's entry. Scores outside [0, 1] are
 *       clipped, not rejected.
 *   <li>{@code brier_score}: {@code brier_score_loss}, the mean of {@code (y − p)²}; undefined when a
 *       score lies outside [0, 1] (scikit-learn raises).
 *   <li>Confusion matrix {@code [[tn, fp], [fn, tp]]}: {@code confusion_matrix(labels=[0, 1])}.
 *   <li>Chart {@code roc_curve}: {@code roc_curve(drop_intermediate=True)} as in 1.2.1, including
 *       the first threshold {@code max(score) + 1} (scikit-learn 1.3 changed it to infinity); with
 *       one class in the labels the other rate is all NaN, as scikit-learn returns it.
 *   <li>Chart {@code precision_recall_curve}: 1.2.1's {@code precision_recall_curve}: every distinct
 *       score as a threshold, thresholds increasing, and a final point (recall 0, precision 1) that
 *       has no threshold.
 *   <li>Chart {@code calibration_curve}: {@code calibration_curve(n_bins=10, strategy="uniform")}:
 *       bins split at {@code np.linspace(0, 1, 11)}, a score on an inner edge goes to the lower bin
 *       ({@code np.searchsorted}), only non-empty bins, {@code prob_true} then {@code prob_pred}.
 *       Omitted (with a reason) when a score lies outside [0, 1].
 *   <li>Chart {@code score_histogram}: {@code np.histogram(p[y == c], bins=10, range=(0, 1))} per
 *       class: 11 edges, bins half-open except the last, scores outside [0, 1] not counted.
 * </ul>
 *
 * <h2>Multiclass classification</h2>
 *
 * <ul>
 *   <li>Predicted class: the first maximum of the row ({@code np.argmax}).
 *   <li>{@code accuracy}; {@code macro_*} and {@code weighted_*} precision, recall and F1:
 *       {@code precision_score} etc. with {@code average="macro"} / {@code "weighted"}. As in
 *       scikit-learn (labels not given) the averages run over the classes that occur in the labels
 *       or the predictions; a class that does neither is left out, not counted as 0. Weighted
 *       averages weigh by the true count. Zero denominators give 0.
 *   <li>{@code log_loss}: {@code log_loss(y, P, labels=range(k))}: every probability clipped to
 *       {@code [ε, 1 − ε]}, rows renormalised to sum 1, mean of {@code −log} of the true class.
 *   <li>{@code roc_auc_ovr_macro}: {@code roc_auc_score(multi_class="ovr", average="macro")}: the
 *       plain mean over classes of the binary ROC AUC of "this class" against the rest, using that
 *       class's column. Undefined, as scikit-learn raises, when some row does not sum to 1
 *       ({@code np.allclose}: {@code |1 − s| <= 1e-8 + 1e-5·|s|}) or when a class never occurs in
 *       the labels. With k = 2 scikit-learn's {@code multi_class="ovr"} does not apply (it takes
 *       the binary path and rejects two columns); here it is the same one-vs-rest mean.
 *   <li>Confusion matrix k×k, {@code [true][predicted]}: {@code confusion_matrix(labels=range(k))}.
 * </ul>
 *
 * <h2>Regression</h2>
 *
 * <ul>
 *   <li>{@code rmse}: {@code sqrt(mean_squared_error)}; {@code mae}: {@code mean_absolute_error};
 *       {@code max_error}; {@code median_absolute_error} ({@code np.median}, the mean of the two
 *       middle values for an even count).
 *   <li>{@code mape}: {@code mean_absolute_percentage_error}, the mean of
 *       {@code |y − ŷ| / max(|y|, ε)} with {@code ε = np.finfo(np.float64).eps}; an actual value of
 *       0 therefore gives a huge but finite term. It is a fraction, not a percentage.
 *   <li>{@code r2}: {@code r2_score}, {@code 1 − Σ(y − ŷ)² / Σ(y − ȳ)²} with {@code force_finite}:
 *       1 for perfect predictions, 0 when y is constant and the predictions are not. Undefined for
 *       fewer than two rows (scikit-learn returns NaN).
 *   <li>{@code explained_variance}: {@code explained_variance_score},
 *       {@code 1 − Var(y − ŷ) / Var(y)} with the same {@code force_finite} rules (one row gives 1).
 *   <li>Chart {@code residual_histogram}: {@code np.histogram(y − ŷ, bins=20)} over the residuals'
 *       own range (widened by ±0.5 when all residuals are equal). Residual means actual − predicted.
 *   <li>Chart {@code predicted_vs_actual}: rows 0, s, 2s, … with s the smallest power of two that
 *       leaves at most 1,000 rows (between 501 and 1,000 points once there are more than 1,000
 *       rows); series {@code row_index}, {@code actual}, {@code predicted}. Deterministic and
 *       independent of batching.
 * </ul>
 *
 * <h2>Memory</h2>
 *
 * Counts and sums are folded in per batch. Sort-based parts keep primitive arrays: binary keeps one
 * double per row (its score), multiclass the labels and the n×k probabilities, regression one
 * residual per row (for the median and the residual histogram). No per-row objects are made.
 */
package dev.modelyard.core.evaluation.metrics;
