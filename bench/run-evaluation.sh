#!/usr/bin/env bash
# Modelyard's evaluation benchmark; docs/benchmarks.md ("Evaluation of 1 million rows") says what it measures.
#
#   bench/run-evaluation.sh                  build what it needs, then measure (about 3 minutes after the build)
#   SKIP_BUILD=1 bench/run-evaluation.sh     measure with the jars built before
#
# EvaluationBench writes a seeded 1,000,000-row CSV and a tiny ONNX logistic model, starts the real server in its own
# JVM (port 0, fresh data folder), uploads the dataset (ingest), creates a binary objective evaluating on it with two
# subsets, submits the model RUNS times and polls each evaluation job until it succeeds; then it times the pieces
# in-process with the server's classes (dataset engine scan, scan + model, the full Evaluator). With PROFILE=1 it
# also records 5 extra jobs and 5 extra in-process evaluations with JFR (not counted in the numbers).
# Results: bench/results/evaluation.md.
#
# Settings (environment):
#   ROWS=1000000  RUNS=3  SEED=20261122
#   HEAP=1g       heap of the benchmark JVM (which hosts the server)
#   PROFILE=1     0 skips the JFR recordings
#   MAX_LOAD      wait up to 20 minutes for the 1-minute load average to drop below it
#   KEEP=0        1 keeps the scratch data (CSV, server data folder, recordings) under bench/target
#   SKIP_BUILD=1  use the jars built before
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
SEED=${SEED:-20261122}
HEAP=${HEAP:-1g}
PROFILE=${PROFILE:-1}
MAX_LOAD=${MAX_LOAD:-}
KEEP=${KEEP:-0}
SKIP_BUILD=${SKIP_BUILD:-0}

if ! command -v java >/dev/null 2>&1; then
    echo "bench/run-evaluation.sh needs java: apt-get install openjdk-17-jdk-headless" >&2
    exit 1
fi

if [[ $SKIP_BUILD != 1 ]]; then
    echo "== building the benchmark and the modules it uses (mvn -q -DskipTests package -pl bench -am)"
    mvn -q -DskipTests -Dspotless.check.skip=true package -pl bench -am
fi

# The server's environment: no ONNX Runtime telemetry, temporary files (native libraries of ONNX Runtime and DuckDB)
# and HOME in a scratch folder.
SCRATCH=$ROOT/bench/target/evaluation-scratch
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH/tmp" "$SCRATCH/home" "$SCRATCH/work" "$SCRATCH/profile" "$SCRATCH/lib"

# Modelyard's own jars are copied, so a build running meanwhile cannot swap classes under the running benchmark.
cp bench/target/modelyard-bench.jar "$SCRATCH/lib/"
CP="$SCRATCH/lib/modelyard-bench.jar"
IFS=: read -ra ENTRIES <bench/target/classpath.txt || true # no newline at the end
for entry in "${ENTRIES[@]}"; do
    if [[ $entry == */modelyard-*.jar ]]; then
        cp "$entry" "$SCRATCH/lib/"
        entry=$SCRATCH/lib/$(basename "$entry")
    fi
    CP+=":$entry"
done
export ORT_DISABLE_TELEMETRY=1
JVM=(-Xms"$HEAP" -Xmx"$HEAP" -Djava.io.tmpdir="$SCRATCH/tmp" -Duser.home="$SCRATCH/home")
cleanup() {
    [[ $KEEP == 1 ]] || rm -rf "$SCRATCH"
}
trap cleanup EXIT

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
if [[ -n $MAX_LOAD ]]; then
    for _ in $(seq 1 120); do
        awk -v max="$MAX_LOAD" '{exit !($1 < max)}' /proc/loadavg && break
        echo "   load average $(loadavg), waiting for < $MAX_LOAD"
        sleep 10
    done
fi

LOAD_BEFORE=$(loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "== measuring: $ROWS rows, $RUNS runs; load average $LOAD_BEFORE"
PROFILE_ARGS=()
if [[ $PROFILE == 1 ]]; then
    PROFILE_ARGS=(--profile-dir "$SCRATCH/profile")
fi
WALL_START=$(date +%s%N)
java "${JVM[@]}" -cp "$CP" dev.modelyard.bench.EvaluationBench --rows "$ROWS" --runs "$RUNS" --seed "$SEED" \
    --work "$SCRATCH/work" --report "$SCRATCH/report.md" "${PROFILE_ARGS[@]}" 2>"$SCRATCH/stderr.log" \
    | tee "$SCRATCH/stdout.log" || { tail -50 "$SCRATCH/stderr.log" >&2; exit 1; }
WALL=$(awk -v start="$WALL_START" -v end="$(date +%s%N)" 'BEGIN { printf "%.0f", (end - start) / 1e9 }')
LOAD_AFTER=$(loadavg)

mkdir -p bench/results
REPORT=bench/results/evaluation.md
{
    echo "# Modelyard evaluation benchmark, $STARTED"
    echo
    echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
    echo "  $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; $(java -version 2>&1 | head -1)."
    echo "- Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER."
    echo "- Commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' with local changes')."
    echo "- bench/run-evaluation.sh: ROWS=$ROWS RUNS=$RUNS SEED=$SEED HEAP=$HEAP PROFILE=$PROFILE; one JVM"
    echo "  (-Xms$HEAP -Xmx$HEAP, scratch tmpdir and HOME, ORT_DISABLE_TELEMETRY=1) hosting the server on loopback and"
    echo "  the HTTP client; $WALL s in all."
    echo
    cat "$SCRATCH/report.md"
    if [[ $PROFILE == 1 ]]; then
        echo
        echo "## Profiles (JFR, settings=profile; 5 extra runs each, not part of the numbers above)"
        echo
        echo "Java samples only: DuckDB's own worker threads are native and invisible to JFR; their CPU shows in the"
        echo "thread tables above."
        for name in job evaluate; do
            echo
            case $name in
                job) echo "### 5 evaluation jobs through the server (whole JVM)" ;;
                evaluate) echo "### 5 in-process evaluations (Evaluator.evaluate)" ;;
            esac
            echo
            java -cp "$CP" dev.modelyard.bench.JfrTop --file "$SCRATCH/profile/$name.jfr" --top 15
        done
    fi
    echo
    echo "## Raw output"
    echo
    echo '```'
    cat "$SCRATCH/stdout.log"
    echo '```'
} >"$REPORT"
echo "== written to $REPORT"
