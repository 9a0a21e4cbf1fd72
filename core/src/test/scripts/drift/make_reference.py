"""Compute the scipy reference values that the drift tests assert against.

Test tooling, not run by the build. Run it with a python3 that has numpy and scipy
(made with Python 3.11.7, numpy 2.4.6, scipy 1.17.1), from the repository root:

    python3 core/src/test/scripts/drift/make_reference.py

It writes core/src/test/resources/drift/drift_reference.json, which holds

    samples              name -> list of float64 (rounded to 6 decimals so the file stays
                         small; the rounded values are the input, so nothing is lost)
    numeric_cases        baseline and current sample names and what scipy says about them:
                         ks_2samp (method='auto'), wasserstein_distance, np.std, the decile
                         bins, PSI and jensenshannon
    categorical_cases    categories with baseline and current counts; chisquare, PSI and
                         jensenshannon
    kolmogorov_sf        rows [n, x, scipy.stats.kstwo.sf(x, n), branch]: the distribution
                         that ks_2samp's asymptotic p-value uses, at points chosen to reach
                         every branch of scipy's _kolmogn survival function
    exact_two_sample     rows [n1, n2, h, p]: ks_2samp's exact two-sided p-value for the
                         statistic h / lcm(n1, n2) (scipy's _attempt_exact_2kssamp)

The binning rule that the Java side (BinnedDistributions) uses too:

    edges = numpy.quantile(baseline, [0.1, 0.2, ..., 0.9])      # default 'linear'
    bin   = numpy.searchsorted(edges, x, side='left')            # 0..9

so bin i holds the values in (edges[i-1], edges[i]] and the outer bins are open-ended;
a value equal to an edge goes to the lower bin, and repeated edges leave empty bins.
PSI = sum((c - b) * ln(c / b)) over the bins' proportions, each proportion of exactly 0
replaced by 1e-4 first (not renormalised). Jensen-Shannon is
scipy.spatial.distance.jensenshannon(b, c) with the natural logarithm and no smoothing.

Non-finite floats are written as the strings "NaN", "Infinity", "-Infinity" so the file
stays strict JSON; a value scipy leaves undefined (nan) is listed under "undefined"
instead. The script is deterministic: running it twice gives byte-identical output.
"""

import argparse
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon
from scipy.stats import _stats_py

EXPECTED_VERSIONS = {"numpy": "2.4.6", "scipy": "1.17.1"}
SEED = 20240615
DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
EMPTY_BIN_PROPORTION = 1e-4
MAX_AUTO_N = 10000

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.normpath(
    os.path.join(HERE, "..", "..", "resources", "drift", "drift_reference.json"))


def versions():
    return {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }


def number(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def rounded(values):
    return np.round(np.asarray(values, dtype=np.float64), 6)


# --------------------------------------------------------------------------
# shared pieces
# --------------------------------------------------------------------------

def psi(baseline_proportions, current_proportions):
    b = np.where(baseline_proportions == 0, EMPTY_BIN_PROPORTION, baseline_proportions)
    c = np.where(current_proportions == 0, EMPTY_BIN_PROPORTION, current_proportions)
    return float(np.sum((c - b) * np.log(c / b)))


def split(values, undefined, name, value):
    """Files a value under values, or under undefined when scipy gave nan."""
    if math.isnan(value):
        undefined[name] = "scipy returns nan"
    else:
        values[name] = number(value)


def kolmogn_sf_branch(n, x):
    """Which branch scipy.stats.kstwo.sf(x, n) takes (mirrors _ksstats._kolmogn, cdf=False)."""
    if x <= 0.5 / n:
        return "below_support"
    if x >= 1.0:
        return "above_support"
    t = n * x
    if t <= 1.0:
        return "ruben_gambino_small"
    if t >= n - 1:
        return "ruben_gambino_large"
    if x >= 0.5:
        return "smirnov_half"
    nxsquared = t * x
    if n <= 140:
        if nxsquared <= 0.754693:
            return "durbin_matrix_small_n"
        if nxsquared <= 4:
            return "pomeranz"
        return "smirnov_small_n"
    if nxsquared >= 370.0:
        return "zero"
    if nxsquared >= 2.2:
        return "smirnov_large_n" if n <= 1000000 else "smirnov_approximation"
    if n <= 100000 and n * x ** 1.5 <= 1.4:
        return "durbin_matrix"
    return "pelz_good"


# --------------------------------------------------------------------------
# numeric
# --------------------------------------------------------------------------

def numeric_case(samples, name, description, baseline_name, current_name):
    baseline = np.asarray(samples[baseline_name], dtype=np.float64)
    current = np.asarray(samples[current_name], dtype=np.float64)
    values, undefined = {}, {}

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ks = stats.ks_2samp(baseline, current)
    fell_back = any("Exact calculation unsuccessful" in str(w.message) for w in caught)
    n1, n2 = len(baseline), len(current)
    ks_method = "exact" if max(n1, n2) <= MAX_AUTO_N and not fell_back else "asymptotic"
    values["ks_statistic"] = number(ks.statistic)
    values["ks_p_value"] = number(ks.pvalue)
    detail = {"ks_method": ks_method}
    if ks_method == "asymptotic":
        m, n = sorted([float(n1), float(n2)], reverse=True)
        en = int(np.round(m * n / (m + n)))
        detail["kolmogorov_n"] = en
        detail["kolmogorov_branch"] = kolmogn_sf_branch(en, float(ks.statistic))

    distance = stats.wasserstein_distance(baseline, current)
    std = np.std(baseline)
    values["wasserstein_distance"] = number(distance)
    values["baseline_std"] = number(std)
    if std > 0:
        values["wasserstein_normalized"] = number(distance / std)
    else:
        undefined["wasserstein_normalized"] = "the baseline's standard deviation is 0"

    edges = np.quantile(baseline, DECILES)
    baseline_counts = np.bincount(np.searchsorted(edges, baseline, side="left"), minlength=10)
    current_counts = np.bincount(np.searchsorted(edges, current, side="left"), minlength=10)
    baseline_proportions = baseline_counts / n1
    current_proportions = current_counts / n2
    values["psi"] = number(psi(baseline_proportions, current_proportions))
    split(values, undefined, "jensen_shannon_distance",
          float(jensenshannon(baseline_proportions, current_proportions)))

    return {
        "name": name,
        "description": description,
        "input": {"baseline": baseline_name, "current": current_name},
        "rows": {"baseline": n1, "current": n2},
        "detail": detail,
        "values": values,
        "undefined": undefined,
        "bins": {
            "edges": [number(e) for e in edges],
            "baseline_counts": [int(c) for c in baseline_counts],
            "current_counts": [int(c) for c in current_counts],
        },
    }


def make_samples(rng):
    samples = {}

    def add(name, values):
        samples[name] = rounded(values)

    add("normal_200", rng.normal(0.0, 1.0, 200))
    add("shifted_normal_300", rng.normal(0.5, 1.0, 300))
    add("normal_100", rng.normal(10.0, 2.0, 100))
    add("poisson_400", rng.poisson(2.0, 400).astype(np.float64))
    add("poisson_350", rng.poisson(2.6, 350).astype(np.float64))
    add("small_5", rng.normal(0.0, 1.0, 5))
    add("small_7", rng.normal(1.0, 1.0, 7))
    add("small_5b", rng.normal(0.3, 1.0, 5))
    add("uniform_50", rng.uniform(0.0, 1.0, 50))
    add("uniform_50b", rng.uniform(0.1, 1.1, 50))
    add("lognormal_3000", rng.lognormal(0.0, 1.0, 3000))
    add("lognormal_3000b", rng.lognormal(0.05, 1.0, 3000))
    add("normal_10000", rng.normal(0.0, 1.0, 10000))
    add("normal_2000", rng.normal(0.0, 1.0, 2000))
    add("normal_12000", rng.normal(0.0, 1.0, 12000))
    add("shifted_normal_800", rng.normal(0.15, 1.0, 800))
    add("normal_5000", rng.normal(0.0, 1.0, 5000))
    add("shifted_normal_60", rng.normal(0.4, 1.0, 60))
    add("normal_60", rng.normal(0.0, 1.0, 60))
    add("shifted_normal_3000", rng.normal(1.0, 1.0, 3000))
    add("constant_30", np.full(30, 4.25))
    add("around_constant_40", np.where(rng.uniform(size=40) < 0.8, 4.25, 5.0))
    add("one_value", np.array([1.5]))
    add("another_value", np.array([2.5]))
    return samples


def numeric_cases(samples):
    cases = []

    def case(name, description, baseline, current):
        cases.append(numeric_case(samples, name, description, baseline, current))

    case("normal_vs_shifted", "N(0,1) x200 against N(0.5,1) x300, exact KS",
         "normal_200", "shifted_normal_300")
    case("equal_samples", "the same 100 values on both sides", "normal_100", "normal_100")
    case("ties_discrete", "Poisson(2) x400 against Poisson(2.6) x350: ties, repeated edges, empty bins",
         "poisson_400", "poisson_350")
    case("small_5_vs_7", "5 against 7 values, exact KS (inside method)", "small_5", "small_7")
    case("small_7_vs_5", "7 against 5 values (arguments swapped)", "small_7", "small_5")
    case("small_5_vs_5", "5 against 5 values, exact KS (equal sizes)", "small_5", "small_5b")
    case("uniform_50_vs_50", "U(0,1) x50 against U(0.1,1.1) x50, exact KS (equal sizes)",
         "uniform_50", "uniform_50b")
    case("lognormal_3000", "lognormal x3000 against a slightly shifted lognormal x3000",
         "lognormal_3000", "lognormal_3000b")
    case("exact_10000_vs_2000", "N(0,1) x10000 against N(0,1) x2000: largest exact KS",
         "normal_10000", "normal_2000")
    case("asymptotic_12000_vs_800", "N(0,1) x12000 against N(0.15,1) x800: asymptotic KS",
         "normal_12000", "shifted_normal_800")
    case("asymptotic_12000_vs_5000", "N(0,1) x12000 against N(0,1) x5000: asymptotic KS",
         "normal_12000", "normal_5000")
    case("asymptotic_12000_vs_10000", "N(0,1) x12000 against N(0,1) x10000: asymptotic KS",
         "normal_12000", "normal_10000")
    case("asymptotic_12000_vs_60_shifted", "N(0,1) x12000 against N(0.4,1) x60: asymptotic, n <= 140",
         "normal_12000", "shifted_normal_60")
    case("asymptotic_12000_vs_60", "N(0,1) x12000 against N(0,1) x60: asymptotic, n <= 140",
         "normal_12000", "normal_60")
    case("asymptotic_12000_vs_3000_far", "N(0,1) x12000 against N(1,1) x3000: tiny p-value",
         "normal_12000", "shifted_normal_3000")
    case("constant_baseline", "a constant baseline (std 0) against mostly the same constant",
         "constant_30", "around_constant_40")
    case("one_value_each", "one value against another", "one_value", "another_value")
    return cases


# --------------------------------------------------------------------------
# categorical
# --------------------------------------------------------------------------

def categorical_case(name, description, categories, baseline_counts, current_counts):
    baseline_counts = np.asarray(baseline_counts, dtype=np.int64)
    current_counts = np.asarray(current_counts, dtype=np.int64)
    baseline_total = baseline_counts.sum()
    current_total = current_counts.sum()
    baseline_proportions = baseline_counts / baseline_total
    current_proportions = current_counts / current_total
    values, undefined = {}, {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chi = stats.chisquare(f_obs=current_counts,
                              f_exp=baseline_proportions * current_total)
    split(values, undefined, "chi_squared_statistic", float(chi.statistic))
    split(values, undefined, "chi_squared_p_value", float(chi.pvalue))
    values["psi"] = number(psi(baseline_proportions, current_proportions))
    split(values, undefined, "jensen_shannon_distance",
          float(jensenshannon(baseline_proportions, current_proportions)))
    return {
        "name": name,
        "description": description,
        "categories": categories,
        "baseline_counts": [int(c) for c in baseline_counts],
        "current_counts": [int(c) for c in current_counts],
        "values": values,
        "undefined": undefined,
    }


def categorical_cases(rng):
    cases = []
    p = [0.5, 0.3, 0.2]
    cases.append(categorical_case(
        "same_distribution", "three categories, two samples of the same proportions",
        ["red", "green", "blue"], rng.multinomial(600, p), rng.multinomial(500, p)))
    cases.append(categorical_case(
        "shifted_proportions", "five categories, proportions moved",
        ["a", "b", "c", "d", "e"],
        rng.multinomial(1000, [0.3, 0.25, 0.2, 0.15, 0.1]),
        rng.multinomial(800, [0.2, 0.2, 0.2, 0.2, 0.2])))
    cases.append(categorical_case(
        "new_category", "the current sample has a category the baseline never had (expected 0)",
        ["x", "y", "z", "new"], [40, 35, 25, 0], [30, 30, 30, 10]))
    cases.append(categorical_case(
        "category_gone", "a baseline category is absent from the current sample (empty bin)",
        ["x", "y", "z"], [40, 35, 25], [55, 45, 0]))
    cases.append(categorical_case(
        "single_category", "one category on both sides: 0 degrees of freedom",
        ["only"], [12], [30]))
    zipf = 1.0 / np.arange(1, 51) ** 1.1
    zipf /= zipf.sum()
    flatter = 1.0 / np.arange(1, 51) ** 0.9
    flatter /= flatter.sum()
    cases.append(categorical_case(
        "fifty_categories", "50 categories, Zipf(1.1) against Zipf(0.9) proportions",
        ["c%02d" % i for i in range(50)],
        rng.multinomial(5000, zipf), rng.multinomial(4000, flatter)))
    return cases


# --------------------------------------------------------------------------
# Kolmogorov distribution and exact two-sample p-values
# --------------------------------------------------------------------------

def kolmogorov_rows(rng):
    rows = []
    ns = [1, 2, 3, 5, 10, 27, 60, 100, 140, 141, 480, 1000, 3334, 5455, 10000,
          100000, 100001, 250000, 2000000]
    targets = [0.05, 0.3, 0.7, 0.754, 1.0, 1.5, 2.0, 2.19, 2.21, 3.0, 3.99, 4.01,
               6.0, 10.0, 17.0, 19.0, 50.0, 200.0, 369.0, 371.0]
    for n in ns:
        xs = [math.sqrt(t / n) for t in targets]
        xs += [0.4 / n, 0.5 / n, 0.75 / n, 1.0 / n, 1.3 / n, 0.5, 0.51, 0.75,
               1.0 - 1.0 / n, 1.0 - 0.5 / n, 0.999999]
        xs += list(rng.uniform(0.0, 1.0, 3) ** 3)
        for x in xs:
            if not 0.0 < x < 1.0:
                continue
            x = float(x)
            rows.append([n, x, number(stats.kstwo.sf(x, n)), kolmogn_sf_branch(n, x)])
    return rows


def exact_rows():
    rows = []
    pairs = [(1, 1), (1, 5), (5, 7), (7, 5), (5, 5), (10, 10), (3, 10000), (100, 100),
             (100, 37), (64, 48), (400, 350), (1000, 999), (3000, 10000), (2000, 10000),
             (9999, 10000), (10000, 10000)]
    ds = [0.0005, 0.002, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 1.0]
    for n1, n2 in pairs:
        g = math.gcd(n1, n2)
        lcm = (n1 // g) * n2
        seen = set()
        for d in ds:
            h = max(1, int(round(d * lcm)))
            if h in seen:
                continue
            seen.add(h)
            ok, _, p = _stats_py._attempt_exact_2kssamp(n1, n2, g, h / lcm, "two-sided")
            if ok:
                rows.append([n1, n2, h, number(p)])
    return rows


# --------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    found = versions()
    print("versions: %s" % json.dumps(found))
    for package, expected in EXPECTED_VERSIONS.items():
        if found[package] != expected:
            print("WARNING: %s %s, the reference file was made with %s"
                  % (package, found[package], expected))
    # One generator for everything, consumed in a fixed order.
    rng = np.random.default_rng(SEED)
    samples = make_samples(rng)
    document = {
        "generated_by": "core/src/test/scripts/drift/make_reference.py",
        "versions": found,
        "seed": SEED,
        "deciles": DECILES,
        "empty_bin_proportion": EMPTY_BIN_PROPORTION,
        "numeric_cases": numeric_cases(samples),
        "categorical_cases": categorical_cases(rng),
        "kolmogorov_sf": kolmogorov_rows(rng),
        "exact_two_sample": exact_rows(),
        "samples": {name: [number(v) for v in values] for name, values in samples.items()},
    }
    with open(args.output, "w", newline="\n") as fh:
        json.dump(document, fh, indent=1, allow_nan=False)
        fh.write("\n")
    print("wrote %s (%d bytes)" % (args.output, os.path.getsize(args.output)))
    for case in document["numeric_cases"]:
        print("  %-32s %s" % (case["name"], case["detail"]))
    branches = {}
    for row in document["kolmogorov_sf"]:
        branches[row[3]] = branches.get(row[3], 0) + 1
    print("kolmogorov_sf branches: %s" % json.dumps(branches, sort_keys=True))
    print("exact_two_sample rows: %d" % len(document["exact_two_sample"]))


if __name__ == "__main__":
    main()
