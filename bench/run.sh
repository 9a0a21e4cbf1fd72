#!/usr/bin/env bash
# Modelyard's inference benchmark; docs/benchmarks.md says what it measures and how to read it.
#
#   bench/run.sh                  build everything, then measure (about 14 minutes after the build)
#   SKIP_BUILD=1 bench/run.sh     measure with the jars built before
#
# It starts the real server (cli/target/modelyard.jar) on loopback with an empty data folder, publishes
# wine_mlp.onnx (13 features) and digits_mlp.onnx (64 features) through the governance flow (model, objective,
# submission, approval by a second user, release 1.0.0 tagged Production by the owner), deploys them with public
# access, and measures in one run:
#   (a) bare Vert.x endpoints with fixed OIP answers: the HTTP floor (wrk) and the gRPC floor (GrpcLoad)
#   (b) ONNX Runtime called in-process, raw and through Modelyard's runtime   RuntimeFloor
#   (c) OIP REST infer                                                        wrk
#   (d) the simple JSON predict                                               wrk
#   (e) OIP gRPC ModelInfer                                                   GrpcLoad
#   (h) OIP REST infer with the inference history recording, in memory and durable, next to (c)  wrk
# at concurrency 1 and HIGH, then micro-batching off and on (digits), then a profile (JFR, per-thread CPU).
# Results: a markdown table on stdout and in bench/results/latest.md; the profile in bench/results/profile.md.
#
# Settings (environment):
#   PREWARM=20          seconds of untimed load on each endpoint before anything is measured (the JIT settles)
#   DURATION=15         seconds measured per point, after WARMUP=5 seconds of untimed load
#   HIGH=64             connections (wrk) or concurrent calls (gRPC) of the high-concurrency points
#   WRK_THREADS=2       wrk threads at HIGH (1 at concurrency 1)
#   GRPC_CONNECTIONS=2  HTTP/2 connections of the gRPC load client; GRPC_WARMUP=15 (it starts a cold JVM)
#   HEAP=1g             heap of the servers and the runtime floor
#   CALLS=200000        calls timed one by one by the runtime floor
#   BATCH=32 BATCH_DELAY_US=1000   micro-batching of the digits-batched deployment
#   PROFILE=1           0 skips the profile at the end
#   MAX_LOAD            wait up to 20 minutes for the 1-minute load average to drop below it
#   SERVE_ONLY=1        set up, then only serve (to profile by hand)
#   SKIP_BUILD=1        use the jars built before
#   HISTORY_ONLY=1      measure only (c) and (h) at HIGH, three rounds, and report the history's cost
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
HIGH=${HIGH:-64}
WRK_THREADS=${WRK_THREADS:-2}
GRPC_CONNECTIONS=${GRPC_CONNECTIONS:-2}
GRPC_WARMUP=${GRPC_WARMUP:-15}
PREWARM=${PREWARM:-20}
HEAP=${HEAP:-1g}
CALLS=${CALLS:-200000}
BATCH=${BATCH:-32}
BATCH_DELAY_US=${BATCH_DELAY_US:-1000}
PROFILE=${PROFILE:-1}
MAX_LOAD=${MAX_LOAD:-}
SKIP_BUILD=${SKIP_BUILD:-0}

need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "bench/run.sh needs $1: apt-get install $2" >&2
        exit 1
    fi
}
need wrk wrk
need curl curl
need jq jq
need java openjdk-17-jdk-headless
need jcmd openjdk-17-jdk-headless

if [[ $SKIP_BUILD != 1 ]]; then
    echo "== building (mvn -q -DskipTests package)"
    mvn -q -DskipTests package
fi
SERVER_JAR=cli/target/modelyard.jar
CP="bench/target/modelyard-bench.jar:$(cat bench/target/classpath.txt)"
FIXTURES=bench/src/main/resources/fixtures
JVM=(-Xms"$HEAP" -Xmx"$HEAP")
export ORT_DISABLE_TELEMETRY=1

WORK=$(mktemp -d -t modelyard-bench.XXXXXX)
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
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

LOAD_IDLE=$(loadavg)

# ---------------------------------------------------------------- start the servers
echo "== starting Modelyard (heap $HEAP) and the HTTP floor"
java "${JVM[@]}" -jar "$SERVER_JAR" server --host 127.0.0.1 --port 0 --data-dir "$WORK/data" \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
java "${JVM[@]}" -cp "$CP" dev.modelyard.bench.HttpFloor --port 0 >"$WORK/floor.log" 2>&1 &
FLOOR_PID=$!
PIDS+=("$FLOOR_PID")

PORT=
for _ in $(seq 1 120); do
    PORT=$(sed -n 's|.*Modelyard listening on http://[^:]*:\([0-9]*\).*|\1|p' "$WORK/server.log" | head -1)
    [[ -n $PORT ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.5
done
[[ -n $PORT ]] || { echo "Modelyard did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
FLOOR_PORT=
for _ in $(seq 1 60); do
    FLOOR_PORT=$(sed -n 's/^HttpFloor listening on \([0-9]*\)/\1/p' "$WORK/floor.log")
    [[ -n $FLOOR_PORT ]] && break
    sleep 0.5
done
[[ -n $FLOOR_PORT ]] || { echo "HttpFloor did not start:" >&2; cat "$WORK/floor.log" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"
ADMIN=$(cat "$WORK/data/admin-token")
echo "   Modelyard on $PORT (pid $SERVER_PID), HTTP floor on $FLOOR_PORT (pid $FLOOR_PID)"

# ---------------------------------------------------------------- publish and deploy
# api METHOD PATH TOKEN [JSON]: the response body; stops the script on a status other than 2xx.
api() {
    local args=(-sS -X "$1" -H "Authorization: Bearer $3" -w '\n%{http_code}')
    if [[ $# -ge 4 ]]; then
        args+=(-H 'Content-Type: application/json' --data "$4")
    fi
    local out status
    out=$(curl "${args[@]}" "$BASE$2")
    status=${out##*$'\n'}
    out=${out%$'\n'*}
    if [[ $status != 2* ]]; then
        echo "$1 $2 -> $status: $out" >&2
        exit 1
    fi
    printf '%s' "$out"
}

P=/api/v1/projects/bench
REVIEWER=$(api POST /api/v1/users "$ADMIN" '{"name":"bench-reviewer"}' | jq -r .secret)
api POST /api/v1/projects "$ADMIN" '{"name":"bench"}' >/dev/null
api PUT "$P/members/bench-reviewer" "$ADMIN" '{"role":"editor"}' >/dev/null

# publish NAME FILE: model NAME version 1 from FILE, released as 1.0.0 of objective NAME, tagged Production.
publish() {
    local name=$1 file=$2 out status number
    api POST "$P/models" "$ADMIN" "{\"name\":\"$name\"}" >/dev/null
    out=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $ADMIN" \
        -F "file=@$file;filename=$(basename "$file")" "$BASE$P/models/$name/versions")
    status=${out##*$'\n'}
    [[ $status == 201 ]] || { echo "upload of $file -> $status: ${out%$'\n'*}" >&2; exit 1; }
    api POST "$P/objectives" "$ADMIN" "{\"name\":\"$name\",\"task_type\":\"multiclass_classification\",\"metrics\":[{\"name\":\"accuracy\"}]}" >/dev/null
    number=$(api POST "$P/objectives/$name/submissions" "$ADMIN" "{\"model\":\"$name\",\"version\":1}" | jq -r .number)
    api POST "$P/objectives/$name/submissions/$number/reviews" "$REVIEWER" \
        '{"verdict":"approve","body":"benchmark"}' >/dev/null
    api POST "$P/objectives/$name/releases" "$ADMIN" \
        "{\"submission\":$number,\"version\":\"1.0.0\",\"note\":\"benchmark\",\"tags\":[\"Production\"]}" >/dev/null
}

# deploy NAME OBJECTIVE [RESOURCES]: a public deployment tracking Production.
deploy() {
    local resources=${3:+,\"resources\":$3}
    api POST "$P/deployments" "$ADMIN" \
        "{\"name\":\"$1\",\"objective\":\"$2\",\"track\":{\"tag\":\"Production\"},\"access\":\"public\"$resources}" \
        >/dev/null
}

wait_ready() {
    local status=
    for _ in $(seq 1 120); do
        status=$(api GET "$P/deployments/$1" "$ADMIN" | jq -r .status)
        [[ $status == ready ]] && return 0
        sleep 0.5
    done
    echo "deployment $1 is $status, not ready:" >&2
    api GET "$P/deployments/$1" "$ADMIN" >&2
    exit 1
}

echo "== publishing and deploying wine and digits"
publish wine "$FIXTURES/wine_mlp.onnx"
publish digits "$FIXTURES/digits_mlp.onnx"
deploy wine wine
deploy digits digits
deploy digits-batched digits "{\"max_batch_size\":$BATCH,\"max_batch_delay_us\":$BATCH_DELAY_US}"
deploy wine-history wine
deploy wine-durable wine
for name in wine digits digits-batched wine-history wine-durable; do
    wait_ready "$name"
done
api POST "$P/deployments/wine-history/history" "$ADMIN" '{}' >/dev/null
api POST "$P/deployments/wine-durable/history" "$ADMIN" '{"durable":true}' >/dev/null
java -cp "$CP" dev.modelyard.bench.Bodies --model "$FIXTURES/wine_mlp.onnx" --label wine --out "$WORK" >/dev/null
java -cp "$CP" dev.modelyard.bench.Bodies --model "$FIXTURES/digits_mlp.onnx" --label digits --out "$WORK" >/dev/null

# Every endpoint answers 200 before anything is timed.
check() {
    local status
    status=$(curl -sS -o "$WORK/check.json" -w '%{http_code}' -H 'Content-Type: application/json' \
        --data @"$2" "$1")
    [[ $status == 200 ]] || { echo "POST $1 -> $status: $(cat "$WORK/check.json")" >&2; exit 1; }
    echo "   200 $1: $(head -c 200 "$WORK/check.json")"
}
OIP_WINE="$BASE/v2/models/wine/infer"
PREDICT_WINE="$BASE/api/v1/deployments/wine/predict"
FLOOR_URL="http://127.0.0.1:$FLOOR_PORT/v2/models/floor/infer"
check "$FLOOR_URL" "$WORK/oip-wine.json"
check "$OIP_WINE" "$WORK/oip-wine.json"
check "$PREDICT_WINE" "$WORK/predict-wine.json"
check "$BASE/v2/models/digits/infer" "$WORK/oip-digits.json"
check "$BASE/v2/models/digits-batched/infer" "$WORK/oip-digits.json"
check "$BASE/v2/models/wine-history/infer" "$WORK/oip-wine.json"
check "$BASE/v2/models/wine-durable/infer" "$WORK/oip-wine.json"

if [[ ${SERVE_ONLY:-0} == 1 ]]; then
    echo "== SERVE_ONLY=1: serving until interrupted; Modelyard on port $PORT, HTTP floor on $FLOOR_PORT,"
    echo "   request bodies in $WORK; classpath: bench/target/modelyard-bench.jar + bench/target/classpath.txt"
    wait "$SERVER_PID"
    exit 0
fi

# ---------------------------------------------------------------- measuring
# What a process's threads ran and waited runnable (nanoseconds, from schedstat), and the machine's CPU ticks.
proc_sched() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ run += $1; wait += $2 } END { print run, wait }'; }
box_ticks() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }
CORES=$(nproc)
SAMPLE=
sample_start() { SAMPLE="$(date +%s%N) $(proc_sched "$1") $(box_ticks)"; }
# sample_end PID: "CPU% waiting% busy%" since sample_start: what the process ran and how long its threads waited
# for a CPU while runnable (100 = one core), and how busy the whole machine was (100 = one core).
sample_end() {
    echo "$SAMPLE $(date +%s%N) $(proc_sched "$1") $(box_ticks)" | awk -v cores="$CORES" '{
        wall = $6 - $1; total = $9 - $4; busy = total - ($10 - $5);
        printf "%.0f %.0f %.0f", 100 * ($7 - $2) / wall, 100 * ($8 - $3) / wall, (total > 0 ? 100 * cores * busy / total : 0)
    }'
}

ROWS=()
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }
# record ID WHAT CONCURRENCY RESULT-LINE [CPU]: one row of the table; CPU is sample_end's three numbers.
record() {
    local line=$4 cpu waiting busy row
    read -r cpu waiting busy <<<"${5:-– – –}"
    row="$1|$2|$3|$(kv rps "$line")|$(kv p50_us "$line")|$(kv p99_us "$line")|$(kv errors "$line")|$cpu|$waiting|$busy"
    ROWS+=("$row")
    echo "   $row"
}

# wrk_point ID WHAT CONCURRENCY URL BODY PID
wrk_point() {
    local threads=$WRK_THREADS cpu line
    ((threads > $3)) && threads=$3
    BENCH_BODY=$5 wrk -t"$threads" -c"$3" -d"${WARMUP}s" -s bench/wrk/post.lua "$4" >/dev/null
    sample_start "$6"
    BENCH_BODY=$5 wrk -t"$threads" -c"$3" -d"${DURATION}s" --latency -s bench/wrk/post.lua "$4" >"$WORK/wrk.out"
    cpu=$(sample_end "$6")
    line=$(grep '^RESULT' "$WORK/wrk.out")
    record "$1" "$2" "$3" "$line" "$cpu"
}

# grpc_point ID WHAT CONCURRENCY PORT MODEL FEATURES PID [CLIENT]: GrpcLoad, h2 (bare HTTP/2) or grpc (GrpcClient).
grpc_point() {
    local connections=$GRPC_CONNECTIONS cpu line
    ((connections > $3)) && connections=$3
    java -Xms512m -Xmx512m -cp "$CP" dev.modelyard.bench.GrpcLoad --client "${8:-h2}" --port "$4" --model "$5" \
        --features "$6" --concurrency "$3" --connections "$connections" --warmup "$GRPC_WARMUP" \
        --duration "$DURATION" >"$WORK/grpc.out" 2>&1 &
    local load=$!
    sleep "$((GRPC_WARMUP + 1))"
    sample_start "$7"
    sleep "$((DURATION - 2))"
    cpu=$(sample_end "$7")
    wait "$load"
    line=$(grep '^RESULT' "$WORK/grpc.out") || { cat "$WORK/grpc.out" >&2; exit 1; }
    grep '^# GrpcLoad' "$WORK/grpc.out" >&2 || true
    record "$1" "$2" "$3" "$line" "$cpu"
}

# The JIT needs about 20 s of load before the servers' throughput settles: warm every path once, untimed.
echo "== warming up every endpoint (${PREWARM} s each at concurrency $HIGH, not measured)"
prewarm() { BENCH_BODY=$2 wrk -t"$WRK_THREADS" -c"$HIGH" -d"${PREWARM}s" -s bench/wrk/post.lua "$1" >/dev/null; }
prewarm "$FLOOR_URL" "$WORK/oip-wine.json"
prewarm "$OIP_WINE" "$WORK/oip-wine.json"
prewarm "$PREDICT_WINE" "$WORK/predict-wine.json"
prewarm "$BASE/v2/models/digits/infer" "$WORK/oip-digits.json"
prewarm "$BASE/v2/models/digits-batched/infer" "$WORK/oip-digits.json"
for target in "$FLOOR_PORT floor 13" "$PORT wine 13" "$PORT digits 64" "$PORT digits-batched 64"; do
    read -r port model features <<<"$target"
    java -cp "$CP" dev.modelyard.bench.GrpcLoad --client h2 --port "$port" --model "$model" --features "$features" \
        --concurrency "$HIGH" --connections "$GRPC_CONNECTIONS" --warmup 0 --duration "$PREWARM" >/dev/null
done

# history_points: the HTTP floor (a), then OIP REST on wine with recording off (c), in memory and durable (h),
# back to back, three rounds.
history_points() {
    for round in 1 2 3; do
        wrk_point a "HTTP floor: bare Vert.x, fixed OIP JSON answer" "$HIGH" "$FLOOR_URL" "$WORK/oip-wine.json" \
            "$FLOOR_PID"
        wrk_point c "OIP REST infer, wine" "$HIGH" "$OIP_WINE" "$WORK/oip-wine.json" "$SERVER_PID"
        wrk_point h "OIP REST infer, wine, history recording in memory" "$HIGH" \
            "$BASE/v2/models/wine-history/infer" "$WORK/oip-wine.json" "$SERVER_PID"
        wrk_point h "OIP REST infer, wine, history recording durable" "$HIGH" \
            "$BASE/v2/models/wine-durable/infer" "$WORK/oip-wine.json" "$SERVER_PID"
    done
}
prewarm "$BASE/v2/models/wine-history/infer" "$WORK/oip-wine.json"
prewarm "$BASE/v2/models/wine-durable/infer" "$WORK/oip-wine.json"
if [[ ${HISTORY_ONLY:-0} == 1 ]]; then
    LOAD_BEFORE=$(loadavg)
    STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    echo "== measuring the inference history's cost; load average $LOAD_BEFORE"
    history_points
    mkdir -p bench/results
    {
        echo "# Modelyard inference history cost, $STARTED"
        echo
        echo "- Machine: $(nproc) cores; load average when measuring began: $LOAD_BEFORE, at the end: $(loadavg)."
        echo "- Commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' with local changes')."
        echo "- wrk, $WRK_THREADS threads, $HIGH keep-alive connections; ${WARMUP} s warm-up, ${DURATION} s measured per point;"
        echo "  the three deployments serve the same release; rounds alternate off / in memory / durable."
        echo
        echo "| | what | concurrency | req/s | p50 µs | p99 µs | errors | server CPU % | server waiting for CPU % | machine busy % |"
        echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        for row in "${ROWS[@]}"; do
            IFS='|' read -r id what conc rps p50 p99 errors cpu waiting busy <<<"$row"
            echo "| $id | $what | $conc | $rps | $p50 | $p99 | $errors | $cpu | $waiting | $busy |"
        done
        echo
        echo "Recorded by the two histories (calls, recorded, dropped, failed, waiting):"
        for name in wine-history wine-durable; do
            echo "- $name: $(api GET "$P/deployments/$name/history/status" "$ADMIN" \
                | jq -c '.current.counters | [.calls, .recorded, .dropped, .failed, .waiting]')"
        done
    } >bench/results/history.md
    cat bench/results/history.md
    exit 0
fi

LOAD_BEFORE=$(loadavg)
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "== measuring: ${WARMUP}s warm-up + ${DURATION}s per point; load average $LOAD_BEFORE"
for conc in 1 "$HIGH"; do
    wrk_point a "HTTP floor: bare Vert.x, fixed OIP JSON answer" "$conc" "$FLOOR_URL" "$WORK/oip-wine.json" "$FLOOR_PID"
    wrk_point c "OIP REST infer, wine" "$conc" "$OIP_WINE" "$WORK/oip-wine.json" "$SERVER_PID"
    wrk_point d "simple JSON predict, wine" "$conc" "$PREDICT_WINE" "$WORK/predict-wine.json" "$SERVER_PID"
    grpc_point a "gRPC floor: bare Vert.x GrpcServer, fixed answer" "$conc" "$FLOOR_PORT" floor 13 "$FLOOR_PID"
    grpc_point e "OIP gRPC ModelInfer, wine" "$conc" "$PORT" wine 13 "$SERVER_PID"
done
grpc_point e "OIP gRPC ModelInfer, wine, Vert.x GrpcClient as load client" "$HIGH" "$PORT" wine 13 "$SERVER_PID" grpc

echo "== runtime floor (in-process ONNX Runtime, $CALLS calls at concurrency 1, then 2 threads)"
java "${JVM[@]}" -cp "$CP" dev.modelyard.bench.RuntimeFloor --model "$FIXTURES/wine_mlp.onnx" --label wine \
    --calls "$CALLS" --warmup 50000 --threads 2 --seconds "$DURATION" >"$WORK/runtime.out" 2>&1 \
    || { cat "$WORK/runtime.out" >&2; exit 1; }
while read -r line; do
    case $(kv name "$line") in
        runtime-raw) what="ONNX Runtime raw API, in-process, wine" ;;
        *) what="ONNX Runtime through Modelyard's OnnxRuntime, in-process, wine" ;;
    esac
    record b "$what" "$(kv concurrency "$line")" "$line"
done < <(grep '^RESULT' "$WORK/runtime.out")

echo "== micro-batching: digits, $BATCH rows / ${BATCH_DELAY_US} us vs off"
BATCHED="batching on ($BATCH rows, ${BATCH_DELAY_US} µs)"
for conc in "$HIGH" 1; do
    wrk_point m "OIP REST infer, digits, batching off" "$conc" "$BASE/v2/models/digits/infer" \
        "$WORK/oip-digits.json" "$SERVER_PID"
    wrk_point m "OIP REST infer, digits, $BATCHED" "$conc" "$BASE/v2/models/digits-batched/infer" \
        "$WORK/oip-digits.json" "$SERVER_PID"
done
grpc_point m "OIP gRPC ModelInfer, digits, batching off" "$HIGH" "$PORT" digits 64 "$SERVER_PID"
grpc_point m "OIP gRPC ModelInfer, digits, $BATCHED" "$HIGH" "$PORT" digits-batched 64 "$SERVER_PID"
LOAD_AFTER=$(loadavg)

# ---------------------------------------------------------------- the report
# value ID CONCURRENCY COLUMN WHAT-PREFIX: a cell of the first row matching.
value() {
    local row id what conc rps p50 p99 rest
    for row in "${ROWS[@]}"; do
        IFS='|' read -r id what conc rps p50 p99 rest <<<"$row"
        if [[ $id == "$1" && $conc == "$2" && $what == "$4"* ]]; then
            case $3 in rps) echo "$rps" ;; p50) echo "$p50" ;; p99) echo "$p99" ;; esac
            return
        fi
    done
    echo NaN
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
verdict() { # VALUE OP TARGET UNIT
    awk -v v="$1" -v t="$3" -v op="$2" -v unit="$4" 'BEGIN {
        met = (op == ">=") ? v >= t : v <= t;
        if (met) printf "met: %s%s", v, unit;
        else printf "**missed** by %.1f%s (%s%s, %.0f%% %s the target)", (op == ">=" ? t - v : v - t), unit, v, unit,
            100 * (op == ">=" ? (t - v) / t : (v - t) / t), (op == ">=" ? "below" : "above");
    }'
}

HTTP_FLOOR="HTTP floor"
GRPC_FLOOR="gRPC floor"
REST_HIGH=$(value c "$HIGH" rps "OIP REST")
FLOOR_HIGH=$(value a "$HIGH" rps "$HTTP_FLOOR")
REST_1=$(value c 1 rps "OIP REST")
FLOOR_1=$(value a 1 rps "$HTTP_FLOOR")
GRPC_HIGH=$(value e "$HIGH" rps "OIP gRPC ModelInfer, wine")
GRPC_FLOOR_HIGH=$(value a "$HIGH" rps "$GRPC_FLOOR")
REST_P50=$(value c 1 p50 "OIP REST")
FLOOR_P50=$(value a 1 p50 "$HTTP_FLOOR")
GRPC_FLOOR_P50=$(value a 1 p50 "$GRPC_FLOOR")
RAW_P50=$(value b 1 p50 "ONNX Runtime raw")
MY_RUNTIME_P50=$(value b 1 p50 "ONNX Runtime through")
GRPC_P50=$(value e 1 p50 "OIP gRPC ModelInfer, wine")
RATIO_HIGH=$(calc "%.2f" "$REST_HIGH / $FLOOR_HIGH")
RATIO_1=$(calc "%.2f" "$REST_1 / $FLOOR_1")
RATIO_GRPC=$(calc "%.2f" "$GRPC_HIGH / $GRPC_FLOOR_HIGH")
OVERHEAD=$(calc "%.1f" "$REST_P50 - $RAW_P50")

mkdir -p bench/results
REPORT=bench/results/latest.md
{
    echo "# Modelyard inference benchmark, $STARTED"
    echo
    echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
    echo "  $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; $(java -version 2>&1 | head -1)."
    echo "- Load average (1, 5, 15 min) before the servers started: $LOAD_IDLE; when measuring began: $LOAD_BEFORE;"
    echo "  at the end: $LOAD_AFTER (the benchmark itself keeps about 2 threads runnable)."
    echo "- Commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' with local changes')."
    echo "- Each point: ${WARMUP} s warm-up, then ${DURATION} s measured. wrk: $WRK_THREADS threads (1 at concurrency 1), one"
    echo "  HTTP/1.1 keep-alive connection per concurrent request. gRPC: GrpcLoad (bare HTTP/2 client unless noted),"
    echo "  $GRPC_CONNECTIONS HTTP/2 connections (1 at concurrency 1), ${GRPC_WARMUP} s warm-up. Server and load generator"
    echo "  share the same $(nproc) cores."
    echo
    echo "| | what | concurrency | req/s | p50 µs | p99 µs | errors | server CPU % | server waiting for CPU % | machine busy % |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for row in "${ROWS[@]}"; do
        IFS='|' read -r id what conc rps p50 p99 errors cpu waiting busy <<<"$row"
        echo "| $id | $what | $conc | $rps | $p50 | $p99 | $errors | $cpu | $waiting | $busy |"
    done
    echo
    echo "CPU columns are in % of one core (the machine has $((CORES * 100))): what the server process (Modelyard, or"
    echo "HttpFloor for the floors) ran, how long its threads were runnable but waiting for a core (schedstat), and how"
    echo "busy the whole machine was, load generator and anything else included."
    echo
    echo "| derived | value |"
    echo "|---|---:|"
    echo "| c/a: OIP REST / HTTP floor, req/s at concurrency $HIGH | $RATIO_HIGH |"
    echo "| c/a at concurrency 1 | $RATIO_1 |"
    echo "| e/a: OIP gRPC / gRPC floor, req/s at concurrency $HIGH | $RATIO_GRPC |"
    echo "| c−b: OIP REST p50 − raw ONNX Runtime p50, concurrency 1 | $OVERHEAD µs |"
    echo "| c−a: OIP REST p50 − HTTP floor p50, concurrency 1 | $(calc "%.1f" "$REST_P50 - $FLOOR_P50") µs |"
    echo "| e−b: OIP gRPC p50 − raw ONNX Runtime p50, concurrency 1 | $(calc "%.1f" "$GRPC_P50 - $RAW_P50") µs |"
    echo "| e−a: OIP gRPC p50 − gRPC floor p50, concurrency 1 | $(calc "%.1f" "$GRPC_P50 - $GRPC_FLOOR_P50") µs |"
    echo "| Modelyard's OnnxRuntime − raw API, p50 at concurrency 1 | $(calc "%.1f" "$MY_RUNTIME_P50 - $RAW_P50") µs |"
    echo
    echo "| target | verdict |"
    echo "|---|---|"
    echo "| OIP REST ≥ 30,000 req/s (concurrency $HIGH) | $(verdict "$REST_HIGH" ">=" 30000 " req/s") |"
    echo "| OIP REST ≥ 0.6 × HTTP floor (concurrency $HIGH) | $(verdict "$RATIO_HIGH" ">=" 0.6 "×") |"
    echo "| overhead c−b p50 ≤ 50 µs (concurrency 1) | $(verdict "$OVERHEAD" "<=" 50 " µs") |"
    echo "| gRPC ≥ 40,000 req/s (concurrency $HIGH) | $(verdict "$GRPC_HIGH" ">=" 40000 " req/s") |"
} >"$REPORT"
echo
cat "$REPORT"

# ---------------------------------------------------------------- the profile
if [[ $PROFILE == 1 ]]; then
    echo
    echo "== profiling (not part of the numbers above): JFR and per-thread CPU under load at concurrency $HIGH"
    # threads PID: the busiest threads over the middle of a run, in % of one core.
    threads() { bench/threads.sh "$1" "$((DURATION - 6))" 12; }
    profile_run() { # SLUG TITLE KIND URL-or-MODEL BODY-or-FEATURES
        local slug=$1 title=$2 kind=$3 target=$4 input=$5
        jcmd "$SERVER_PID" JFR.start name=bench settings=profile filename="$WORK/$slug.jfr" >/dev/null
        if [[ $kind == rest ]]; then
            BENCH_BODY=$input wrk -t"$WRK_THREADS" -c"$HIGH" -d"${DURATION}s" -s bench/wrk/post.lua "$target" \
                >/dev/null &
        else
            java -cp "$CP" dev.modelyard.bench.GrpcLoad --client h2 --port "$PORT" --model "$target" --features "$input" \
                --concurrency "$HIGH" --connections "$GRPC_CONNECTIONS" --warmup 0 --duration "$DURATION" \
                >/dev/null 2>&1 &
        fi
        local load=$!
        sleep 3
        threads "$SERVER_PID" >"$WORK/$slug.threads"
        wait "$load"
        jcmd "$SERVER_PID" JFR.stop name=bench >/dev/null
        {
            echo "## $title"
            echo
            echo "Busiest server threads over $((DURATION - 6)) s (ran and waited for a core, in % of one core):"
            echo
            echo '```'
            cat "$WORK/$slug.threads"
            echo '```'
            echo
            java -cp "$CP" dev.modelyard.bench.JfrTop --file "$WORK/$slug.jfr" --top 20
        } >>bench/results/profile.md
    }
    {
        echo "# Profile: $STARTED"
        echo
        echo "JFR (settings=profile) on the Modelyard server during ${DURATION}s at concurrency $HIGH; load average $(loadavg)."
        echo
    } >bench/results/profile.md
    profile_run rest "OIP REST infer (wine)" rest "$OIP_WINE" "$WORK/oip-wine.json"
    profile_run grpc "OIP gRPC ModelInfer (wine)" grpc wine 13
    {
        echo "## HTTP floor threads"
        echo
        echo '```'
    } >>bench/results/profile.md
    BENCH_BODY="$WORK/oip-wine.json" wrk -t"$WRK_THREADS" -c"$HIGH" -d"${DURATION}s" -s bench/wrk/post.lua \
        "$FLOOR_URL" >/dev/null &
    FLOOR_LOAD=$!
    sleep 3
    threads "$FLOOR_PID" >>bench/results/profile.md
    wait "$FLOOR_LOAD"
    echo '```' >>bench/results/profile.md
    echo "   written to bench/results/profile.md"
fi
