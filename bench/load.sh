#!/usr/bin/env bash
# Measures the assessment page under load with wrk: peel on SQLite, peel on
# PostgreSQL when PEEL_TEST_DATABASE_URL is set, and, as the baseline, the
# same page's bytes served as a static file. Prints requests per second,
# latency (p50, p99) and the server process's CPU time per request for each.
# Every server listens on 127.0.0.1 and is stopped when its measurement is
# done, or when the script exits; a PostgreSQL schema it made is dropped.
# Every step is bounded: wrk by its duration, waits by timeouts.
#
#   bench/load.sh                      # or: make bench-load
#   PEEL_TEST_DATABASE_URL='postgres://root@127.0.0.1:5432/test?sslmode=disable' bench/load.sh
#
# Environment (defaults in brackets):
#   PEEL_SEED                  the page to import [../shared/seeds/kent-peel-2016-legitimacy.txt]
#   PEEL_TEST_DATABASE_URL     a PostgreSQL database to make a schema in [unset: SQLite only]
#   PEEL_BENCH_DURATION        how long each measurement runs [10s]
#   PEEL_BENCH_WARMUP          how long each warm-up runs [3s]
#   PEEL_BENCH_CONNECTIONS     wrk's connections (-c) [32]
#   PEEL_BENCH_THREADS         wrk's threads (-t) [2]
set -euo pipefail

cd "$(dirname "$0")/.."

duration=${PEEL_BENCH_DURATION:-10s}
warmup=${PEEL_BENCH_WARMUP:-3s}
connections=${PEEL_BENCH_CONNECTIONS:-32}
threads=${PEEL_BENCH_THREADS:-2}
seed=${PEEL_SEED:-../shared/seeds/kent-peel-2016-legitimacy.txt}
page=/peel-assessments/peel-2016/kent/legitimacy
pg_base=${PEEL_TEST_DATABASE_URL:-}
export PGCONNECT_TIMEOUT=10

for prog in wrk curl; do
	command -v "$prog" >/dev/null || { echo "load.sh: $prog is not installed" >&2; exit 1; }
done
[[ -f $seed ]] || { echo "load.sh: no seed page at $seed (set PEEL_SEED)" >&2; exit 1; }
if [[ -n $pg_base ]]; then
	command -v psql >/dev/null || { echo "load.sh: psql is not installed" >&2; exit 1; }
fi

tmp=$(mktemp -d)
pids=()
schema=

# shellcheck source=bench/lib.sh
source bench/lib.sh

cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		stop "$pid"
	done
	if [[ -n $schema ]]; then
		psql -q -X "$pg_base" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null || echo "load.sh: could not drop schema $schema" >&2
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start LOG COMMAND...: runs a server in the background, its output to LOG,
# and waits (at most 30 seconds) for the first " url=" it logs; sets $url
# and $server.
start() {
	local log=$1
	shift
	"$@" >"$log" 2>&1 &
	pids+=("$!")
	local pid=$!
	server=$pid
	url=
	for _ in $(seq 300); do
		url=$(grep -m1 -o ' url=http://[^ ]*' "$log" | head -n1 | cut -d= -f2 || true)
		[[ -n $url ]] && return
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "load.sh: the server did not start:" >&2
	cat "$log" >&2
	exit 1
}

# cputime PID: the CPU time (user and system) the process has used, in
# clock ticks, from /proc; empty where there is no /proc.
cputime() {
	awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || true
}

rows=()

# measure NAME URL: checks the page answers 200, warms up, then runs wrk
# against the server started last, adds a row to the table and stops the
# server.
measure() {
	local name=$1 target=$2 out before after
	curl -fsS --max-time 10 -o /dev/null "$target"
	echo "== $name: $target" >&2
	wrk -t"$threads" -c"$connections" -d"$warmup" --timeout 5s "$target" >/dev/null
	before=$(cputime "$server")
	out=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s --latency "$target")
	after=$(cputime "$server")
	echo "$out" >&2
	if grep -q -e 'Non-2xx' -e 'Socket errors' <<<"$out"; then
		echo "load.sh: $name: some requests failed (above)" >&2
		exit 1
	fi
	rows+=("$(awk -v name="$name" -v ticks="$(( ${after:-0} - ${before:-0} ))" -v hz="$(getconf CLK_TCK)" '
		/Requests\/sec:/ { rps = $2 }
		/ requests in / { n = $1 }
		$1 == "50%" { p50 = $2 }
		$1 == "99%" { p99 = $2 }
		END {
			cpu = ticks > 0 && n > 0 ? sprintf("%.2fms", ticks / hz * 1000 / n) : "-"
			printf "| %s | %.0f | %s | %s | %s |", name, rps, p50, p99, cpu
		}' <<<"$out")")
	stop "$server"
}

make build >&2
go build -o "$tmp/static" ./bench/static

# SQLite: a new database file, the seed imported.
bin/peel --database "$tmp/peel.db" import "$seed" >&2
start "$tmp/sqlite.log" bin/peel --database "$tmp/peel.db" serve --addr 127.0.0.1:0
# The baseline's bytes: the page as peel serves it.
mkdir "$tmp/www"
curl -fsS --max-time 10 -o "$tmp/www/page.html" "$url$page"
measure "peel, SQLite" "$url$page"

# PostgreSQL: a schema of this run's own in the database named.
if [[ -n $pg_base ]]; then
	schema=peel_bench_$$_$RANDOM
	psql -q -X -v ON_ERROR_STOP=1 "$pg_base" -c "CREATE SCHEMA $schema" >/dev/null
	if [[ $pg_base == *\?* ]]; then pg_url="$pg_base&search_path=$schema"; else pg_url="$pg_base?search_path=$schema"; fi
	bin/peel --database "$pg_url" migrate >&2
	bin/peel --database "$pg_url" import "$seed" >&2
	start "$tmp/postgres.log" bin/peel --database "$pg_url" serve --addr 127.0.0.1:0
	measure "peel, PostgreSQL" "$url$page"
else
	echo "== PostgreSQL skipped: PEEL_TEST_DATABASE_URL is not set" >&2
fi

# The baseline: the same bytes from a static file server.
start "$tmp/static.log" "$tmp/static" -dir "$tmp/www"
measure "static file (baseline)" "$url/page.html"

echo
echo "wrk -t$threads -c$connections -d$duration --latency, $(wc -c <"$tmp/www/page.html") byte page, $(nproc) cores"
echo
echo "| server | requests/s | p50 | p99 | server CPU/request |"
echo "| --- | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
