#!/usr/bin/env bash
# bench/ingest: leadhubd, durable (group commit, fsync before every 200), against a bare
# cpp-httplib server that answers 200 and does nothing, tuned the same way (bench_noop_server).
# wrk drives both over loopback with a ~1.5 KB lead, over keep-alive and with a new connection
# per request, alternating servers run by run; prints req/s, p50, p99, accepted leads/s and the
# ratio leadhubd/noop (medians over RUNS runs; each leadhubd run gets a fresh database).
#
#   bash bench/ingest/run.sh
# Environment: BUILD_DIR (build), RUNS (3), DURATION (10s), WARMUP (2s), WRK_THREADS (2),
# CONNECTIONS (32), HTTP_THREADS (32), LOG_LEVEL (info), PAYLOAD (tests/fixtures/payloads/lead_1500.json),
# SKIP_BUILD=1 to use the binaries in BUILD_DIR as they are.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD_DIR:-$root/build}
runs=${RUNS:-3}
duration=${DURATION:-10s}
warmup=${WARMUP:-2s}
wrk_threads=${WRK_THREADS:-2}
connections=${CONNECTIONS:-32}
http_threads=${HTTP_THREADS:-32}
log_level=${LOG_LEVEL:-info}
payload=${PAYLOAD:-$root/tests/fixtures/payloads/lead_1500.json}
lua=$root/bench/ingest/post.lua

die() { echo "bench/ingest: error: $*" >&2; exit 1; }
for tool in wrk sqlite3 curl; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (bash scripts/install-deps.sh)"
done
[[ -r $payload ]] || die "cannot read payload '$payload'"

if [[ ${SKIP_BUILD:-0} == 1 ]]; then
  : # use the binaries as they are
elif [[ ! -f $build/CMakeCache.txt ]]; then
  BUILD_DIR=$build bash "$root/scripts/build.sh" leadhubd leadhubctl bench_noop_server >&2
else
  cmake --build "$build" --target leadhubd leadhubctl bench_noop_server >&2
fi
leadhubd=$build/daemon/leadhubd
leadhubctl=$build/cli/leadhubctl
noop=$build/bench/ingest/bench_noop_server
for b in "$leadhubd" "$leadhubctl" "$noop"; do [[ -x $b ]] || die "'$b' was not built"; done

work=$(mktemp -d /tmp/leadhub-bench.XXXXXX)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Waits for "port=N" in file $1; prints N.
wait_port() {
  for _ in $(seq 300); do
    if port=$(grep -o 'port=[0-9]*' "$1" 2>/dev/null | head -1 | cut -d= -f2) && [[ -n $port ]]; then
      echo "$port"; return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$1" >&2; die "server exited"; }
    sleep 0.05
  done
  die "server did not print its port"
}

stop_server() {
  kill "$server_pid" && wait "$server_pid" || true
  server_pid=
}

start_noop() {
  "$noop" 127.0.0.1:0 "$http_threads" >"$work/noop.out" 2>&1 &
  server_pid=$!
  url="http://127.0.0.1:$(wait_port "$work/noop.out")/hook"
}

# A fresh database with one webform source; sets url and db.
start_daemon() {
  local dir=$work/db$1
  mkdir -p "$dir"
  db=$dir/leadhub.db
  printf 'db = %s\nlisten = 127.0.0.1:0\nhttp_threads = %s\nlog_level = %s\n' \
    "$db" "$http_threads" "$log_level" >"$dir/leadhub.conf"
  "$leadhubctl" --config "$dir/leadhub.conf" init >/dev/null
  local webhook
  webhook=$("$leadhubctl" --config "$dir/leadhub.conf" --json source create --name bench --type webform |
    sed -n 's/.*"webhook_url": *"\([^"]*\)".*/\1/p')
  [[ -n $webhook ]] || die "leadhubctl did not print the new source's webhook_url"
  "$leadhubd" --config "$dir/leadhub.conf" 2>"$dir/leadhubd.log" &
  server_pid=$!
  local base="http://127.0.0.1:$(wait_port "$dir/leadhubd.log")"
  for _ in $(seq 200); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.05; done
  url="$base/${webhook#*://*/}"
  metrics="$base/metrics"
}

# wrk output -> "req/s p50_ms p99_ms non2xx errors"
parse_wrk() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    /Socket errors:/ { gsub(",", ""); err = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, bad, err }' "$1"
}

run_wrk() { # $1 close(0|1) $2 duration $3 output
  CLOSE=$1 PAYLOAD=$payload wrk -t"$wrk_threads" -c"$connections" -d"$2" --latency -s "$lua" "$url" >"$3"
}

leads() { sqlite3 "$db" 'SELECT count(*) FROM leads'; }

# The disk's flush latency decides the durable figures; measure it where the databases live.
flush_us() {
  local secs
  secs=$(dd if=/dev/zero of="$work/dsync.dat" bs=4k count=200 oflag=dsync 2>&1 | awk '/copied/ {print $(NF-3)}')
  rm -f "$work/dsync.dat"
  awk -v s="$secs" 'BEGIN {printf "%.0f", s * 1e6 / 200}'
}
flush_before=$(flush_us)

results=$work/results
: >"$results"
for run in $(seq "$runs"); do
  for close in 0 1; do
    mode=$([[ $close == 1 ]] && echo close || echo keep-alive)
    start_noop
    run_wrk "$close" "$warmup" /dev/null
    run_wrk "$close" "$duration" "$work/wrk.out"
    echo "$mode noop $(parse_wrk "$work/wrk.out") 0 0" >>"$results"
    stop_server

    start_daemon "$run-$close"
    run_wrk "$close" "$warmup" /dev/null
    before=$(leads)
    run_wrk "$close" "$duration" "$work/wrk.out"
    after=$(leads)
    batch=$(curl -fs "$metrics" | awk '/^leadhub_storage_commit_batch_size_sum/ {s=$2} /^leadhub_storage_commit_batch_size_count/ {c=$2} END {printf "%.1f", c ? s / c : 0}')
    secs=${duration%s}
    echo "$mode leadhubd $(parse_wrk "$work/wrk.out") $(((after - before) / secs)) $batch" >>"$results"
    stop_server
    echo "bench/ingest: run $run/$runs $mode done" >&2
  done
done

# Medians per mode and server; then the ratios.
flush_after=$(flush_us)
echo
echo "bench/ingest: disk flush (4 KiB write + O_DSYNC, where the databases live): ${flush_before} us before," \
  "${flush_after} us after the runs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench/ingest: wrk -t$wrk_threads -c$connections -d$duration --latency, payload $(wc -c <"$payload") B," \
  "leadhubd http_threads=$http_threads log_level=$log_level, median of $runs run(s)"
awk '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { k = $1 " " $2; keys[k] = 1; for (f = 3; f <= 9; f++) v[k, f] = v[k, f] " " $f }
  # Each leadhubd run right after its noop run: the pair shares the host speed of the moment.
  $2 == "noop" { last[$1] = $3 }
  $2 == "leadhubd" && last[$1] > 0 { pairs[$1] = pairs[$1] sprintf(" %.2f", $3 / last[$1]) }
  END {
    printf "%-11s %-9s %9s %8s %8s %8s %7s %9s %6s\n", "mode", "server", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "leads/s", "batch"
    split("keep-alive close", modes, " ")
    for (m = 1; m <= 2; m++) for (s = 1; s <= 2; s++) {
      k = modes[m] " " (s == 1 ? "noop" : "leadhubd")
      if (!(k in keys)) continue
      r[k] = median(v[k, 3])
      printf "%-11s %-9s %9.0f %8.2f %8.2f %8d %7d %9s %6s\n", modes[m], (s == 1 ? "noop" : "leadhubd"), r[k],
        median(v[k, 4]), median(v[k, 5]), median(v[k, 6]), median(v[k, 7]),
        (s == 1 ? "-" : sprintf("%.0f", median(v[k, 8]))), (s == 1 ? "-" : sprintf("%.1f", median(v[k, 9])))
    }
    for (m = 1; m <= 2; m++) {
      a = r[modes[m] " leadhubd"]; b = r[modes[m] " noop"]
      if (b > 0) printf "ratio leadhubd/noop (%s): %.2f\n", modes[m], a / b
    }
    for (m = 1; m <= 2; m++)
      if (modes[m] in pairs)
        printf "ratio of each run to the noop run before it (%s):%s; median %.2f\n", modes[m], pairs[modes[m]],
          median(pairs[modes[m]])
  }' "$results"
