-- The one machine-readable line every wrk script of the benchmarks ends with: bench/run,
-- bench/soak and bench/durability read its values by key. Used on its own for plain
-- GETs; the other scripts load it (`dofile`) and may add keys (`extra`).

function report(summary, latency, extra)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d errors=%d connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d p50_us=%d p99_us=%d max_us=%d%s\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max,
    extra and (" " .. extra) or ""))
end

done = function(summary, latency, requests)
  report(summary, latency)
end
