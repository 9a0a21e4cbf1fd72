-- POSTs the JSON body in the file $BENCH_BODY and prints one machine-readable RESULT line.
-- Latencies are wrk's (microseconds); errors count non-2xx/3xx answers and socket errors.
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT rps=%.0f p50_us=%.1f p99_us=%.1f mean_us=%.1f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.mean, summary.requests,
    errors.status + errors.connect + errors.read + errors.write + errors.timeout))
end
