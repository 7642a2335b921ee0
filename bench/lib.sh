# Shell functions that the benchmark scripts share; they source this file.

# stop PID: asks the process to stop, then kills it if it has not stopped
# within 15 seconds.
stop() {
	local pid=$1
	kill "$pid" 2>/dev/null || return 0
	for _ in $(seq 150); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
