-- wrk script for the page benchmarks: plain GETs of the URL on the command line, and
-- one machine-readable line at the end, which bench/run reads.

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d errors=%d status_errors=%d timeouts=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    e.status, e.timeout, latency:percentile(50), latency:percentile(99)))
end
