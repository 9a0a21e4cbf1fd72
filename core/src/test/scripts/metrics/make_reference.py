"""Compute the scikit-learn reference values that the metric tests assert against.

Test tooling, not run by the build. Run it with Debian's system python3 and its
packaged numpy / scipy / scikit-learn (apt-get install python3-sklearn), from the
repository root:

    /usr/bin/python3 core/src/test/scripts/metrics/make_reference.py

It reads the fixture CSVs in core/src/test/resources/metrics/ (copies of the
shared model fixtures) and writes, next to them:

    binary_reference.json, multiclass_reference.json, regression_reference.json

Each holds a list of cases. A case names its input (CSV columns, or the values
inline for the adversarial cases that this script builds with a fixed seed) and
everything scikit-learn says about it:

    values     metric name -> float64 (written with repr, so it reads back exactly)
    undefined  metric name -> why scikit-learn gives no number (it raised, or it
               returned nan); the Java side omits these metrics
    warnings   metric name -> the first warning scikit-learn emitted (documentation only)
    confusion_matrix, charts (named float64 series)

Non-finite floats are written as the strings "NaN", "Infinity", "-Infinity" so the
files stay strict JSON. The script is deterministic: running it twice gives
byte-identical files.
"""

import argparse
import csv
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (accuracy_score, average_precision_score,
                             brier_score_loss, confusion_matrix,
                             explained_variance_score, f1_score, log_loss,
                             max_error, mean_absolute_error,
                             mean_absolute_percentage_error,
                             mean_squared_error, median_absolute_error,
                             precision_recall_curve, precision_score,
                             r2_score, recall_score, roc_auc_score, roc_curve)

EXPECTED_VERSIONS = {"numpy": "1.24.2", "scipy": "1.10.1", "scikit-learn": "1.2.1"}
SEED = 20240601
HISTOGRAM_BINS = 10
CALIBRATION_BINS = 10
RESIDUAL_BINS = 20
MAX_SCATTER_POINTS = 1000

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(
    os.path.join(HERE, "..", "..", "resources", "metrics"))


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def versions():
    return {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
    }


def read_column(folder, file_name, column, kind):
    with open(os.path.join(folder, file_name), newline="") as fh:
        rows = list(csv.DictReader(fh))
    return np.array([kind(row[column]) for row in rows])


def number(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def series(a):
    return [number(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def evaluate(metrics):
    """metrics: name -> zero-argument callable. Returns values, undefined, warnings."""
    values, undefined, warned = {}, {}, {}
    for name, fn in metrics.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = float(fn())
            except ValueError as error:
                undefined[name] = "raises ValueError: %s" % error
                continue
        if caught:
            first = caught[0]
            warned[name] = "%s: %s" % (first.category.__name__, first.message)
        if math.isnan(value):
            undefined[name] = "returns nan" + (
                " (%s)" % warned[name] if name in warned else "")
        else:
            values[name] = value
    return values, undefined, warned


def quiet(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn()


def histogram(values, bins, value_range=None):
    counts, edges = np.histogram(values, bins=bins, range=value_range)
    return counts, edges


# --------------------------------------------------------------------------
# binary
# --------------------------------------------------------------------------

def binary_case(name, description, y, p, threshold, source):
    y = np.asarray(y, dtype=np.int64)
    p = np.asarray(p, dtype=np.float64)
    # Modelyard's convention: predict the positive class when score >= threshold.
    y_pred = (p >= threshold).astype(np.int64)
    values, undefined, warned = evaluate({
        "accuracy": lambda: accuracy_score(y, y_pred),
        "precision": lambda: precision_score(y, y_pred),
        "recall": lambda: recall_score(y, y_pred),
        "f1": lambda: f1_score(y, y_pred),
        "roc_auc": lambda: roc_auc_score(y, p),
        "average_precision": lambda: average_precision_score(y, p),
        # labels given: the task is binary whatever y holds, as in Modelyard
        "log_loss": lambda: log_loss(y, p, labels=[0, 1]),
        "brier_score": lambda: brier_score_loss(y, p),
    })
    charts = {}
    fpr, tpr, roc_thresholds = quiet(lambda: roc_curve(y, p))
    charts["roc_curve"] = {"fpr": series(fpr), "tpr": series(tpr),
                           "thresholds": series(roc_thresholds)}
    precision, recall, pr_thresholds = quiet(lambda: precision_recall_curve(y, p))
    charts["precision_recall_curve"] = {
        "precision": series(precision), "recall": series(recall),
        "thresholds": series(pr_thresholds)}
    try:
        prob_true, prob_pred = calibration_curve(
            y, p, n_bins=CALIBRATION_BINS, strategy="uniform")
        charts["calibration_curve"] = {"prob_true": series(prob_true),
                                       "prob_pred": series(prob_pred)}
    except ValueError as error:
        undefined["calibration_curve"] = "raises ValueError: %s" % error
    negative_counts, edges = histogram(p[y == 0], HISTOGRAM_BINS, (0.0, 1.0))
    positive_counts, _ = histogram(p[y == 1], HISTOGRAM_BINS, (0.0, 1.0))
    charts["score_histogram"] = {"bin_edges": series(edges),
                                 "negative_counts": series(negative_counts),
                                 "positive_counts": series(positive_counts)}
    return {
        "name": name,
        "description": description,
        "input": source,
        "rows": int(len(y)),
        "threshold": threshold,
        "values": values,
        "undefined": undefined,
        "warnings": warned,
        "confusion_matrix": confusion_matrix(y, y_pred, labels=[0, 1]).tolist(),
        "charts": charts,
    }


def inline_binary(y, p):
    return {"labels": [int(v) for v in y], "scores": series(p)}


def binary_cases(folder, rng):
    y = read_column(folder, "synth_binary.csv", "label", int)
    p = read_column(folder, "synth_binary_xgb_expected.csv", "p1", float)
    cases = [binary_case(
        "synth_binary_xgb",
        "XGBoost fixture: label of synth_binary.csv, p1 of synth_binary_xgb_expected.csv",
        y, p, 0.5,
        {"labels": {"file": "synth_binary.csv", "column": "label"},
         "scores": {"file": "synth_binary_xgb_expected.csv", "column": "p1"}})]

    # Scores on a 0.05 grid: many ties, scores exactly at the threshold and
    # exactly on calibration / histogram bin edges.
    n = 600
    y_ties = rng.integers(0, 2, size=n)
    p_ties = np.clip(np.round((0.3 * y_ties + rng.uniform(0.0, 0.7, size=n)) * 20) / 20,
                     0.0, 1.0)
    cases.append(binary_case(
        "ties", "600 seeded rows, scores rounded to multiples of 0.05 (ties, 0.5 exactly, 0 and 1)",
        y_ties, p_ties, 0.5, inline_binary(y_ties, p_ties)))

    # A different threshold on the same data.
    cases.append(binary_case(
        "ties_threshold_0_3", "the ties case at threshold 0.3",
        y_ties, p_ties, 0.3, inline_binary(y_ties, p_ties)))

    y_neg = np.zeros(50, dtype=np.int64)
    p_neg = rng.uniform(0.0, 1.0, size=50)
    cases.append(binary_case(
        "all_negative", "only class 0 in the labels", y_neg, p_neg, 0.5,
        inline_binary(y_neg, p_neg)))

    y_pos = np.ones(50, dtype=np.int64)
    p_pos = rng.uniform(0.0, 1.0, size=50)
    cases.append(binary_case(
        "all_positive", "only class 1 in the labels", y_pos, p_pos, 0.5,
        inline_binary(y_pos, p_pos)))

    y_perfect = rng.integers(0, 2, size=40)
    p_perfect = y_perfect.astype(np.float64)
    cases.append(binary_case(
        "perfect", "scores equal to the labels (0.0 and 1.0: log loss clipping)",
        y_perfect, p_perfect, 0.5, inline_binary(y_perfect, p_perfect)))

    y_wrong = 1 - y_perfect
    cases.append(binary_case(
        "confidently_wrong", "scores equal to 1 - label (worst log loss after clipping)",
        y_wrong, p_perfect, 0.5, inline_binary(y_wrong, p_perfect)))

    y_const = rng.integers(0, 2, size=40)
    p_const = np.full(40, 0.3)
    cases.append(binary_case(
        "constant_predictor", "every score 0.3", y_const, p_const, 0.5,
        inline_binary(y_const, p_const)))

    y_out = np.array([0, 1, 0, 1, 1])
    p_out = np.array([-0.25, 1.5, 0.2, 0.7, 0.4])
    cases.append(binary_case(
        "scores_outside_unit_interval", "margins, not probabilities",
        y_out, p_out, 0.5, inline_binary(y_out, p_out)))

    y_one = np.array([1])
    p_one = np.array([0.8])
    cases.append(binary_case(
        "single_row", "one row", y_one, p_one, 0.5, inline_binary(y_one, p_one)))
    return cases


# --------------------------------------------------------------------------
# multiclass
# --------------------------------------------------------------------------

def multiclass_case(name, description, y, proba, source):
    y = np.asarray(y, dtype=np.int64)
    proba = np.asarray(proba, dtype=np.float64)
    k = proba.shape[1]
    y_pred = np.argmax(proba, axis=1)  # first maximum on ties
    values, undefined, warned = evaluate({
        "accuracy": lambda: accuracy_score(y, y_pred),
        "macro_precision": lambda: precision_score(y, y_pred, average="macro"),
        "macro_recall": lambda: recall_score(y, y_pred, average="macro"),
        "macro_f1": lambda: f1_score(y, y_pred, average="macro"),
        "weighted_precision": lambda: precision_score(y, y_pred, average="weighted"),
        "weighted_recall": lambda: recall_score(y, y_pred, average="weighted"),
        "weighted_f1": lambda: f1_score(y, y_pred, average="weighted"),
        "log_loss": lambda: log_loss(y, proba, labels=list(range(k))),
        "roc_auc_ovr_macro": lambda: ovr_macro_auc(y, proba),
    })
    return {
        "name": name,
        "description": description,
        "input": source,
        "rows": int(len(y)),
        "classes": int(k),
        "values": values,
        "undefined": undefined,
        "warnings": warned,
        "confusion_matrix": confusion_matrix(y, y_pred, labels=list(range(k))).tolist(),
        "charts": {},
    }


def ovr_macro_auc(y, proba):
    if proba.shape[1] > 2:
        return roc_auc_score(y, proba, multi_class="ovr", average="macro")
    # Two columns: roc_auc_score takes its binary path and rejects a 2-D y_score,
    # so the one-vs-rest mean is computed by hand from the same binary routine.
    return np.average([roc_auc_score((y == c).astype(np.int64), proba[:, c])
                       for c in range(proba.shape[1])])


def inline_multiclass(y, proba):
    return {"labels": [int(v) for v in y], "probabilities": series(proba)}


def multiclass_cases(folder, rng):
    cases = []
    for name, data, expected, k in (
            ("wine_mlp", "wine.csv", "wine_mlp_expected.csv", 3),
            ("digits_mlp", "digits_sample.csv", "digits_mlp_expected.csv", 10)):
        y = read_column(folder, data, "label", int)
        columns = ["p%d" % c for c in range(k)]
        proba = np.column_stack(
            [read_column(folder, expected, c, float) for c in columns])
        cases.append(multiclass_case(
            name, "fixture: label of %s, %s of %s" % (data, ",".join(columns), expected),
            y, proba,
            {"labels": {"file": data, "column": "label"},
             "probabilities": {"file": expected, "columns": columns}}))

    # Rows on a coarse grid: ties for the maximum (argmax takes the first).
    n, k = 300, 4
    y = rng.integers(0, k, size=n)
    raw = rng.integers(1, 5, size=(n, k)).astype(np.float64)
    raw[np.arange(n), y] += rng.integers(0, 3, size=n)
    proba = raw / raw.sum(axis=1, keepdims=True)
    cases.append(multiclass_case(
        "ties", "300 seeded rows, 4 classes, small integer weights normalised (argmax ties)",
        y, proba, inline_multiclass(y, proba)))

    # Class 3 never occurs and is never predicted: sklearn's macro averages leave
    # it out; OvR ROC AUC raises because y_true has 3 classes for 4 columns.
    n = 120
    y = rng.integers(0, 3, size=n)
    logits = rng.normal(size=(n, 4))
    logits[np.arange(n), y] += 1.5
    logits[:, 3] -= 10.0
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    cases.append(multiclass_case(
        "absent_class", "4 classes, class 3 neither in the labels nor predicted",
        y, proba, inline_multiclass(y, proba)))

    # Class 2 is predicted but never true: weight 0 in weighted averages.
    y = rng.integers(0, 2, size=n)
    proba = rng.dirichlet(np.ones(3), size=n)
    cases.append(multiclass_case(
        "predicted_but_absent", "3 classes, class 2 predicted but never in the labels",
        y, proba, inline_multiclass(y, proba)))

    n = 60
    y = rng.integers(0, 3, size=n)
    proba = np.eye(3)[y]
    cases.append(multiclass_case(
        "perfect", "one-hot probabilities equal to the labels (log loss clipping)",
        y, proba, inline_multiclass(y, proba)))

    proba = np.tile(np.array([0.2, 0.5, 0.3]), (n, 1))
    cases.append(multiclass_case(
        "constant_predictor", "every row [0.2, 0.5, 0.3]", y, proba,
        inline_multiclass(y, proba)))

    y2 = rng.integers(0, 2, size=n)
    p1 = np.clip(0.35 * y2 + rng.uniform(0.0, 0.65, size=n), 0.0, 1.0)
    proba2 = np.column_stack([1.0 - p1, p1])
    cases.append(multiclass_case(
        "two_classes", "k = 2 (one-vs-rest ROC AUC computed by hand, see ovr_macro_auc)",
        y2, proba2, inline_multiclass(y2, proba2)))

    proba = rng.uniform(0.0, 1.0, size=(n, 3))
    cases.append(multiclass_case(
        "unnormalised", "rows that do not sum to 1 (log loss renormalises, OvR AUC raises)",
        y, proba, inline_multiclass(y, proba)))
    return cases


# --------------------------------------------------------------------------
# regression
# --------------------------------------------------------------------------

def scatter_sample(n):
    """Rows 0, s, 2s, ... with s the smallest power of two giving at most
    MAX_SCATTER_POINTS rows (Modelyard's deterministic downsampling)."""
    stride = 1
    while (n + stride - 1) // stride > MAX_SCATTER_POINTS:
        stride *= 2
    return np.arange(0, n, stride)


def regression_case(name, description, y, y_hat, source):
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    values, undefined, warned = evaluate({
        "rmse": lambda: np.sqrt(mean_squared_error(y, y_hat)),
        "mae": lambda: mean_absolute_error(y, y_hat),
        "r2": lambda: r2_score(y, y_hat),
        "mape": lambda: mean_absolute_percentage_error(y, y_hat),
        "max_error": lambda: max_error(y, y_hat),
        "explained_variance": lambda: explained_variance_score(y, y_hat),
        "median_absolute_error": lambda: median_absolute_error(y, y_hat),
    })
    residuals = y - y_hat
    counts, edges = histogram(residuals, RESIDUAL_BINS)
    rows = scatter_sample(len(y))
    return {
        "name": name,
        "description": description,
        "input": source,
        "rows": int(len(y)),
        "values": values,
        "undefined": undefined,
        "warnings": warned,
        "charts": {
            "residual_histogram": {"bin_edges": series(edges), "counts": series(counts)},
            "predicted_vs_actual": {"row_index": series(rows), "actual": series(y[rows]),
                                    "predicted": series(y_hat[rows])},
        },
    }


def inline_regression(y, y_hat):
    return {"actual": series(y), "predicted": series(y_hat)}


def regression_cases(folder, rng):
    y = read_column(folder, "synth_regression.csv", "target", float)
    y_hat = read_column(folder, "synth_regression_expected.csv", "prediction", float)
    cases = [regression_case(
        "synth_regression_linear",
        "fixture: target of synth_regression.csv, prediction of synth_regression_expected.csv",
        y, y_hat,
        {"actual": {"file": "synth_regression.csv", "column": "target"},
         "predicted": {"file": "synth_regression_expected.csv", "column": "prediction"}})]

    n = 2500
    y = 1.0e6 + rng.normal(0.0, 3.0, size=n)
    y_hat = y + rng.normal(0.5, 1.0, size=n)
    cases.append(regression_case(
        "large_offset", "2500 rows around 1e6 with small spread (variance cancellation, downsampling)",
        y, y_hat, inline_regression(y, y_hat)))

    y = rng.normal(0.0, 1.0, size=101)
    y[::10] = 0.0
    y_hat = y + rng.normal(0.0, 0.1, size=101)
    cases.append(regression_case(
        "zeros_in_actual", "101 rows, every tenth actual exactly 0 (MAPE divides by eps)",
        y, y_hat, inline_regression(y, y_hat)))

    y = rng.normal(10.0, 2.0, size=64)
    cases.append(regression_case(
        "perfect", "predictions equal to the actual values", y, y.copy(),
        inline_regression(y, y)))

    y_hat = np.full(64, float(np.mean(y)))
    cases.append(regression_case(
        "constant_predictor", "every prediction the mean of the actual values",
        y, y_hat, inline_regression(y, y_hat)))

    y_const = np.full(30, 3.0)
    y_hat = 3.0 + rng.normal(0.0, 0.5, size=30)
    cases.append(regression_case(
        "constant_actual", "every actual value 3.0 (R^2 denominator 0)",
        y_const, y_hat, inline_regression(y_const, y_hat)))

    cases.append(regression_case(
        "constant_actual_perfect", "every actual value and prediction 3.0",
        y_const, y_const.copy(), inline_regression(y_const, y_const)))

    y = np.array([2.5])
    y_hat = np.array([3.0])
    cases.append(regression_case(
        "single_row", "one row (R^2 undefined)", y, y_hat, inline_regression(y, y_hat)))

    y = rng.normal(0.0, 5.0, size=10)
    y_hat = y + rng.normal(0.0, 1.0, size=10)
    cases.append(regression_case(
        "even_rows", "10 rows (median of an even count)", y, y_hat,
        inline_regression(y, y_hat)))
    return cases


# --------------------------------------------------------------------------

def write(folder, file_name, task, cases, found):
    document = {
        "task": task,
        "generated_by": "core/src/test/scripts/metrics/make_reference.py",
        "versions": found,
        "seed": SEED,
        "cases": cases,
    }
    path = os.path.join(folder, file_name)
    with open(path, "w", newline="\n") as fh:
        json.dump(document, fh, indent=1, allow_nan=False)
        fh.write("\n")
    print("wrote %s (%d cases, %d bytes)" % (path, len(cases), os.path.getsize(path)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA,
                        help="folder with the fixture CSVs; the JSON files go there too")
    args = parser.parse_args()
    found = versions()
    print("versions: %s" % json.dumps(found))
    for package, expected in EXPECTED_VERSIONS.items():
        if found[package] != expected:
            print("WARNING: %s %s, the reference files were made with %s"
                  % (package, found[package], expected))
    # One generator for all adversarial cases, consumed in a fixed order.
    rng = np.random.default_rng(SEED)
    write(args.data, "binary_reference.json", "binary_classification",
          binary_cases(args.data, rng), found)
    write(args.data, "multiclass_reference.json", "multiclass_classification",
          multiclass_cases(args.data, rng), found)
    write(args.data, "regression_reference.json", "regression",
          regression_cases(args.data, rng), found)


if __name__ == "__main__":
    main()
