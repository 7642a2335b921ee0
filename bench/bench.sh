#!/usr/bin/env bash
# make bench: measures, in one run,
#
#  1. the assessment page under load (wrk, 64 connections): `peel serve`
#     against nginx serving the same page from `peel export-site`, the two
#     alternated, the median of several runs each, and their ratios;
#  2. the cycle page, search and the API list (and the assessment page, for
#     comparison) at 43, 1,000 and 10,000 sample organisations over 10
#     cycles made by `peel gen`, on SQLite, and on PostgreSQL when
#     PEEL_BENCH_DATABASE_URL is set. A route that does not answer 200 is
#     reported as not available.
#
# It prints Markdown tables on standard output, and what it does on standard
# error. nginx runs with a configuration of the script's own, on a free port
# of 127.0.0.1, with its pid, logs and temporary files in a temporary
# folder; the system's nginx and its configuration are never used. Every
# server is stopped when the script exits, however it exits. Generated
# databases are kept in bench/data/ (SQLite) or in schemas of their own
# (PostgreSQL) and used again by the next run with the same parameters.
#
#   bench/bench.sh                     # or: make bench
#   PEEL_BENCH_DATABASE_URL='postgres://root@127.0.0.1:5432/test?sslmode=disable' bench/bench.sh
#
# Environment (defaults in brackets):
#   PEEL_BENCH_PEEL               the peel binary [bin/peel]
#   PEEL_BENCH_NGINX              the nginx binary [nginx on the PATH, or /usr/sbin/nginx]
#   PEEL_SEED                     the page measured against nginx [../shared/seeds/kent-peel-2016-legitimacy.txt]
#   PEEL_BENCH_DURATION           wrk's -d for each run of the page against nginx [10s]
#   PEEL_BENCH_CONNECTIONS        wrk's -c for the page against nginx [64]
#   PEEL_BENCH_THREADS            wrk's -t [2]
#   PEEL_BENCH_RUNS               runs of each measurement, of which the median is reported [3]
#   PEEL_BENCH_SIZES              organisations generated, in order [43 1000 10000]
#   PEEL_BENCH_CYCLES             cycles generated [10]
#   PEEL_BENCH_ROUTE_DURATION     wrk's -d for each run of a route at scale [5s]
#   PEEL_BENCH_ROUTE_CONNECTIONS  wrk's -c for the routes at scale [8]
#   PEEL_BENCH_WORD               the word searched for [lantern]
#   PEEL_BENCH_API_PAGE           the page of the API list asked for [10]
#   PEEL_BENCH_CACHE              where generated SQLite databases are kept [bench/data]
#   PEEL_BENCH_DATABASE_URL       a PostgreSQL database in which to make (and keep) schemas [unset: SQLite only]
#   PEEL_BENCH_SKIP               "page" or "scale": leave that part out [unset]
set -euo pipefail

cd "$(dirname "$0")/.."

peel=${PEEL_BENCH_PEEL:-bin/peel}
nginx=${PEEL_BENCH_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
seed=${PEEL_SEED:-../shared/seeds/kent-peel-2016-legitimacy.txt}
duration=${PEEL_BENCH_DURATION:-10s}
connections=${PEEL_BENCH_CONNECTIONS:-64}
threads=${PEEL_BENCH_THREADS:-2}
runs=${PEEL_BENCH_RUNS:-3}
read -r -a sizes <<<"${PEEL_BENCH_SIZES:-43 1000 10000}"
cycles=${PEEL_BENCH_CYCLES:-10}
route_duration=${PEEL_BENCH_ROUTE_DURATION:-5s}
route_connections=${PEEL_BENCH_ROUTE_CONNECTIONS:-8}
word=${PEEL_BENCH_WORD:-lantern}
api_page=${PEEL_BENCH_API_PAGE:-10}
cache=${PEEL_BENCH_CACHE:-bench/data}
pg_base=${PEEL_BENCH_DATABASE_URL:-}
skip=${PEEL_BENCH_SKIP:-}
page=/peel-assessments/peel-2016/kent/legitimacy
export PGCONNECT_TIMEOUT=10

die() {
	echo "bench.sh: $*" >&2
	exit 1
}

for prog in wrk curl "$peel"; do
	command -v "$prog" >/dev/null || die "$prog is not installed (make bench installs wrk and nginx)"
done
[[ -x $nginx ]] || die "nginx is not installed at $nginx (make bench installs it; or set PEEL_BENCH_NGINX)"
if [[ -n $pg_base ]]; then
	command -v psql >/dev/null || die "psql is not installed; it is needed with PEEL_BENCH_DATABASE_URL"
fi

tmp=$(mktemp -d)
# nginx's workers run as another user when the script runs as root: they
# must be able to read the site.
chmod 755 "$tmp"
pids=()

# shellcheck source=bench/lib.sh
source bench/lib.sh

cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		stop "$pid"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_peel LOG DATABASE [SERVE OPTIONS...]: serves the database on a free
# port, its log to LOG, and waits (at most 60 seconds) for the address it
# logs; sets $url and $server.
start_peel() {
	local log=$1 db=$2
	"$peel" --database "$db" serve --addr 127.0.0.1:0 "${@:3}" >"$log" 2>&1 &
	server=$!
	pids+=("$server")
	url=
	for _ in $(seq 600); do
		url=$(grep -m1 -o ' url=http://[^ ]*' "$log" | head -n1 | cut -d= -f2 || true)
		[[ -n $url ]] && return
		kill -0 "$server" 2>/dev/null || break
		sleep 0.1
	done
	cat "$log" >&2
	die "peel serve did not start (above)"
}

# start_nginx SITE: serves the folder with nginx on a free port of
# 127.0.0.1, with this script's own configuration; sets $nginx_url and
# $nginx_pid.
start_nginx() {
	local site=$1 dir=$tmp/nginx port
	mkdir -p "$dir"
	for _ in $(seq 10); do
		port=$((20000 + RANDOM % 40000))
		# Something answers there: try another.
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
		cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {
	worker_connections 1024;
}
http {
	types {
		text/html html;
		text/css css;
		text/javascript js mjs;
		image/svg+xml svg;
		image/png png;
		image/x-icon ico;
		font/woff2 woff2;
		application/json json;
		text/csv csv;
		application/atom+xml atom;
		application/xml xml;
		text/plain txt;
	}
	# Pages are written as index.html, served for their folder's address.
	default_type text/html;
	# One line a request to a file, held and written out every 100 ms, as
	# peel serve logs.
	access_log $dir/access.log combined buffer=64k flush=100ms;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	# wrk keeps its connections; so does Go's server, with no limit.
	keepalive_requests 10000000;
	client_body_temp_path $dir/client_body;
	proxy_temp_path $dir/proxy;
	fastcgi_temp_path $dir/fastcgi;
	uwsgi_temp_path $dir/uwsgi;
	scgi_temp_path $dir/scgi;
	server {
		listen 127.0.0.1:$port;
		root $site;
		location / {
			try_files \$uri \$uri/index.html =404;
		}
	}
}
EOF
		"$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
		nginx_pid=$!
		pids+=("$nginx_pid")
		nginx_url=http://127.0.0.1:$port
		for _ in $(seq 100); do
			curl -s -o /dev/null --max-time 1 "$nginx_url/" && return
			kill -0 "$nginx_pid" 2>/dev/null || break
			sleep 0.1
		done
		stop "$nginx_pid"
	done
	cat "$dir/error.log" >&2 || true
	die "nginx did not start (above)"
}

# status URL: the HTTP status the address answers with; 000 for none.
status() {
	curl -s -o /dev/null --max-time 60 -w '%{http_code}' "$1" || true
}

# wrk_run CONNECTIONS DURATION URL: one measurement; prints wrk's RESULT
# line, and fails if any request failed.
wrk_run() {
	local out
	out=$(wrk -t"$threads" -c"$1" -d"$2" --timeout 10s -s bench/report.lua "$3")
	local result
	result=$(grep '^RESULT ' <<<"$out") || die "wrk gave no result for $3:"$'\n'"$out"
	if ! grep -q ' socket_errors=0 non2xx=0$' <<<"$result"; then
		die "some requests to $3 failed: $result"
	fi
	echo "$result"
}

# median FIELD: the median of FIELD=value over the RESULT lines on stdin.
median() {
	grep -o " $1=[0-9.]*" | cut -d= -f2 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# row NAME RESULTS: a table row of the medians: requests/s, p50, p95, p99.
row() {
	local r=$2
	printf '| %s | %s | %s | %s | %s |\n' "$1" "$(rate "$(median rps <<<"$r")")" \
		"$(ms "$(median p50 <<<"$r")")" "$(ms "$(median p95 <<<"$r")")" "$(ms "$(median p99 <<<"$r")")"
}

rate() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
ms() { awk -v v="$1" 'BEGIN { printf (v < 10000 ? "%.2f ms" : "%.1f ms"), v / 1000 }'; }

machine() {
	echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
}

echo "# peel benchmarks"
echo
echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with changes)')"
echo "- machine at the start: $(machine)"
echo "- wrk $(wrk -v 2>&1 | head -n1 | cut -d' ' -f2), $("$nginx" -v 2>&1 | cut -d' ' -f3), $("$peel" --help >/dev/null 2>&1 && echo "peel $peel")"

# 1. The assessment page: peel against nginx.
if [[ $skip != page ]]; then
	[[ -f $seed ]] || die "no seed page at $seed (set PEEL_SEED)"
	if [[ $("$peel" export-site --help 2>&1 || true) == *"unknown command"* ]]; then
		die "$peel has no export-site command, which writes the pages that nginx serves; build a peel that has it (or set PEEL_BENCH_SKIP=page)"
	fi
	echo "== the assessment page: peel serve against nginx" >&2
	"$peel" --database "$tmp/page.db" import "$seed" >&2
	"$peel" --database "$tmp/page.db" export-site "$tmp/site" >&2
	chmod -R a+rX "$tmp/site"
	[[ -f $tmp/site$page/index.html ]] || die "peel export-site wrote no $page/index.html"
	start_peel "$tmp/page.log" "$tmp/page.db"
	peel_url=$url
	start_nginx "$tmp/site"
	for u in "$peel_url$page" "$nginx_url$page"; do
		[[ $(status "$u") == 200 ]] || die "$u does not answer 200"
	done
	curl -fsS -o "$tmp/peel.html" "$peel_url$page"
	curl -fsS -o "$tmp/nginx.html" "$nginx_url$page"
	same="the same bytes"
	cmp -s "$tmp/peel.html" "$tmp/nginx.html" || same="not the same bytes: peel $(wc -c <"$tmp/peel.html"), nginx $(wc -c <"$tmp/nginx.html")"
	echo "warming up" >&2
	wrk_run "$connections" 3s "$peel_url$page" >/dev/null
	wrk_run "$connections" 3s "$nginx_url$page" >/dev/null
	peel_results='' nginx_results=''
	for i in $(seq "$runs"); do
		r=$(wrk_run "$connections" "$duration" "$peel_url$page")
		echo "run $i, peel:  $r" >&2
		peel_results+="$r"$'\n'
		r=$(wrk_run "$connections" "$duration" "$nginx_url$page")
		echo "run $i, nginx: $r" >&2
		nginx_results+="$r"$'\n'
	done
	stop "$server"
	stop "$nginx_pid"

	echo
	echo "## The assessment page: peel against nginx"
	echo
	echo "\`$page\`, $(wc -c <"$tmp/peel.html") bytes ($same). \`wrk -t$threads -c$connections -d$duration\`, the two servers alternated, median of $runs runs each."
	echo
	echo "| server | requests/s | p50 | p95 | p99 |"
	echo "| --- | ---: | ---: | ---: | ---: |"
	row "peel serve (SQLite)" "$peel_results"
	row "nginx, from peel export-site" "$nginx_results"
	echo
	awk -v pr="$(median rps <<<"$peel_results")" -v nr="$(median rps <<<"$nginx_results")" \
		-v pp="$(median p99 <<<"$peel_results")" -v np="$(median p99 <<<"$nginx_results")" 'BEGIN {
		t = pr / nr; l = pp / np
		printf "| ratio | value | goal | met |\n| --- | ---: | ---: | --- |\n"
		printf "| peel / nginx, requests/s | %.2f | ≥ 0.8 | %s |\n", t, t >= 0.8 ? "yes" : sprintf("no: short by %.2f", 0.8 - t)
		printf "| peel / nginx, p99 | %.2f | ≤ 2 | %s |\n", l, l <= 2 ? "yes" : sprintf("no: over by %.2f", l - 2)
	}'
fi

# 2. The routes at scale, on sample data.
# The generated data depend on the code that makes and stores them: a
# database made by other code is made again.
key=$(cat internal/store/migrations/*/*.sql internal/store/*.go internal/sample/*.go cmd/peel/gen.go | sha256sum | cut -c1-10)

# generate N DATABASE: fills the database with N sample organisations.
generate() {
	local n=$1 db=$2 t0
	t0=$(date +%s)
	echo "== peel gen --organisations $n --cycles $cycles into $db" >&2
	"$peel" --database "$db" gen --organisations "$n" --cycles "$cycles" --seed 1 >&2
	echo "   took $(($(date +%s) - t0)) s" >&2
}

routes() {
	echo "assessment page|/peel-assessments/sample-2036/sample-0001/legitimacy"
	echo "cycle page|/peel-assessments/sample-2036"
	echo "search|/search?q=$word"
	echo "API list|/api/v1/assessments?page=$api_page"
}

# measure_scale ENGINE N DATABASE CACHE: serves the database, with its page
# cache (CACHE "on") or rendering every request ("off", --cache-mb 0), and
# measures each route; adds the table's rows to $tmp/scale.md.
measure_scale() {
	local engine=$1 n=$2 db=$3 cache_mode=$4 name path code results r
	local opts=()
	[[ $cache_mode == off ]] && opts=(--cache-mb 0)
	start_peel "$tmp/scale.log" "$db" "${opts[@]}"
	while IFS='|' read -r name path; do
		code=$(status "$url$path")
		if [[ $code != 200 ]]; then
			echo "   $name: $path answers $code: not available" >&2
			if [[ $code == 000 ]]; then
				echo "   no answer within 60 s; the server's log ends:" >&2
				tail -n 5 "$tmp/scale.log" >&2
			fi
			printf '| %s | %s | %s | %s | not available (HTTP %s) | | | | |\n' "$engine" "$n" "$cache_mode" "$name" "$code" >>"$tmp/scale.md"
			continue
		fi
		wrk_run "$route_connections" 2s "$url$path" >/dev/null
		results=
		for i in $(seq "$runs"); do
			r=$(wrk_run "$route_connections" "$route_duration" "$url$path")
			echo "   $name (cache $cache_mode), run $i: $r" >&2
			results+="$r"$'\n'
		done
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$engine" "$n" "$cache_mode" "$name" \
			"$(rate "$(median rps <<<"$results")")" "$(ms "$(median p50 <<<"$results")")" \
			"$(ms "$(median p95 <<<"$results")")" "$(ms "$(median p99 <<<"$results")")" \
			"$(awk -v p="$(median p95 <<<"$results")" 'BEGIN { printf (p <= 50000 ? "within" : "%.1f× over"), p / 50000 }')" >>"$tmp/scale.md"
	done < <(routes)
	stop "$server"
}

if [[ $skip != scale ]]; then
	mkdir -p "$cache"
	: >"$tmp/scale.md"
	for n in "${sizes[@]}"; do
		db=$cache/gen-o$n-c$cycles-s1-$key.db
		if [[ ! -f $db.done ]]; then
			# Older databases of this size were made by other code.
			rm -f "$cache/gen-o$n-c$cycles-s1-"*
			generate "$n" "$db"
			touch "$db.done"
		fi
		echo "== SQLite, $n organisations: $db" >&2
		measure_scale SQLite "$n" "$db" on
		measure_scale SQLite "$n" "$db" off
	done
	if [[ -n $pg_base ]]; then
		for n in "${sizes[@]}"; do
			schema=peel_bench_o${n}_c${cycles}_$key
			if [[ $pg_base == *\?* ]]; then pg_url="$pg_base&search_path=$schema"; else pg_url="$pg_base?search_path=$schema"; fi
			done_mark=$(psql -X -At -v ON_ERROR_STOP=1 "$pg_base" -c "SELECT obj_description('$schema'::regnamespace)" 2>/dev/null || true)
			if [[ $done_mark != generated ]]; then
				for old in $(psql -X -At -v ON_ERROR_STOP=1 "$pg_base" -c "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'peel\_bench\_o${n}\_c${cycles}\_%'"); do
					psql -q -X -v ON_ERROR_STOP=1 "$pg_base" -c "SET client_min_messages = warning" -c "DROP SCHEMA $old CASCADE" >/dev/null
				done
				psql -q -X -v ON_ERROR_STOP=1 "$pg_base" -c "CREATE SCHEMA $schema" >/dev/null
				"$peel" --database "$pg_url" migrate >&2
				generate "$n" "$pg_url"
				psql -q -X -v ON_ERROR_STOP=1 "$pg_base" -c "COMMENT ON SCHEMA $schema IS 'generated'" >/dev/null
			fi
			echo "== PostgreSQL, $n organisations: schema $schema" >&2
			measure_scale PostgreSQL "$n" "$pg_url" on
			measure_scale PostgreSQL "$n" "$pg_url" off
		done
	fi

	echo
	echo "## Routes at scale"
	echo
	echo "\`peel gen --organisations N --cycles $cycles --seed 1\`; \`wrk -t$threads -c$route_connections -d$route_duration\`, median of $runs runs. Goal: p95 under 50 ms at 10,000 organisations on SQLite. Page cache \"on\" is \`peel serve\` as it runs (each address rendered once until the site changes); \"off\" is \`--cache-mb 0\`, every request rendered: the cost of a first request, or of a search never asked before."
	echo
	echo "| engine | organisations | page cache | route | requests/s | p50 | p95 | p99 | p95 against 50 ms |"
	echo "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | --- |"
	cat "$tmp/scale.md"
	echo
	# shellcheck disable=SC2016 # the backquotes are Markdown's
	echo "Routes: $(routes | sed 's/|/ `/; s/$/`/' | paste -sd ';' | sed 's/;/; /g')."
fi
echo
echo "- machine at the end: $(machine)"
