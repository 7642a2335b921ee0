-- wrk's report for bench/bench.sh: one line that the script reads, with
-- the requests per second and the latency percentiles (in microseconds)
-- that wrk's own --latency output lacks, such as p95.
done = function(summary, latency, requests)
	local seconds = summary.duration / 1e6
	local e = summary.errors
	io.write(string.format(
		"RESULT requests=%d rps=%.1f p50=%d p95=%d p99=%d max=%d socket_errors=%d non2xx=%d\n",
		summary.requests, summary.requests / seconds,
		latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
		e.connect + e.read + e.write + e.timeout, e.status))
end
