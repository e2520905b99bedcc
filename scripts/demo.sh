#!/usr/bin/env bash
# The main job: installs the dependencies, builds, sets up a local database under ./var with a
# pipeline and a web-form source, starts leadhubd on loopback, sends it one lead with curl, lists
# the leads, and keeps the daemon running until Ctrl-C (then stops it with SIGTERM).
#
#   bash scripts/demo.sh           PORT=9090 bash scripts/demo.sh
#   bash scripts/demo.sh --once    stop after the first lead is shown (for scripts and CI)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

once=0
for arg in "$@"; do
  case $arg in
  --once) once=1 ;;
  -h | --help)
    sed -n '2,7s/^# \{0,1\}//p' "$0"
    exit 0
    ;;
  *)
    echo "demo.sh: error: unknown argument '$arg' (try --help)" >&2
    exit 2
    ;;
  esac
done

port=${PORT:-8080}
if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
  echo "demo.sh: error: PORT must be a number from 1 to 65535, not '$port'" >&2
  exit 2
fi
host=127.0.0.1
base_url="http://$host:$port"
var_dir="$root/var"
db="$var_dir/leadhub.db"
conf="$var_dir/leadhub.conf"
log="$var_dir/leadhubd.log"
build_dir="$root/${BUILD_DIR:-build}"
ctl_bin="$build_dir/cli/leadhubctl"
daemon_bin="$build_dir/daemon/leadhubd"
pipeline=Sales
source_name="Website form"

bold= plain=
if [[ -t 1 && -z ${NO_COLOR:-} ]]; then bold=$'\033[1m' plain=$'\033[0m'; fi
say() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }
die() {
  echo "demo.sh: error: $*" >&2
  exit 1
}
ctl() { "$ctl_bin" --config "$conf" --db "$db" "$@"; }

say "installing dependencies"
bash scripts/install-deps.sh || die "installing the dependencies failed"

say "building leadhubctl and leadhubd"
bash scripts/build.sh leadhubctl leadhubd || die "the build failed (see the compiler output above)"
[[ -x $ctl_bin ]] || die "leadhubctl was not built at $ctl_bin"
[[ -x $daemon_bin ]] || die "leadhubd was not built at $daemon_bin"

say "setting up a local database in $var_dir"
mkdir -p "$var_dir"
echo '*' >"$var_dir/.gitignore" # the demo's database, key and log stay out of git
cat >"$conf" <<CONF
# Written by scripts/demo.sh; see leadhub.conf(5) and share/leadhub.conf.example.
db = $db
public_url = $base_url
listen = $host:$port
log_level = info
CONF
echo "config:     $conf"
echo "database:   $db"
echo "master key: $var_dir/master.key"
ctl init || die "'leadhubctl init' failed"

# Re-running the demo keeps the database: create the pipeline and the source only once.
if ctl pipeline show "$pipeline" >/dev/null 2>&1; then
  echo "pipeline '$pipeline' exists"
else
  ctl pipeline create "$pipeline" --stages "New,Contacted,Won:won,Lost:lost" ||
    die "'leadhubctl pipeline create' failed"
fi
if ctl source show "$source_name" >/dev/null 2>&1; then
  echo "source '$source_name' exists"
else
  ctl source create --name "$source_name" --type webform --pipeline "$pipeline" --stage New ||
    die "'leadhubctl source create' failed"
fi

webhook_url=$(ctl source url "$source_name") || die "'leadhubctl source url' failed"
[[ $webhook_url == "$base_url"/webhook/inbound/* ]] ||
  die "unexpected webhook URL '$webhook_url' (expected $base_url/webhook/inbound/...)"
show_json=$(ctl source show "$source_name" --json) || die "'leadhubctl source show --json' failed"
form_url=$(sed -n 's/.*"form_url"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$show_json" | head -n1)
[[ -n $form_url ]] || die "'source show --json' printed no form_url for the webform source"
echo "webhook URL: $webhook_url"
echo "form URL:    $form_url"

say "starting leadhubd on $host:$port (log: $log)"
if curl -s -o /dev/null --max-time 2 "$base_url/healthz"; then
  die "something already answers on $base_url; stop it or pick another port: PORT=9090 bash scripts/demo.sh"
fi
daemon_pid=
tail_pid=
cleanup() {
  if [[ -n $daemon_pid ]] && kill -0 "$daemon_pid" 2>/dev/null; then
    echo
    echo "stopping leadhubd (pid $daemon_pid) with SIGTERM"
    kill -TERM "$daemon_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$daemon_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$daemon_pid" 2>/dev/null; then
      echo "leadhubd did not stop within 15 s; sending SIGKILL" >&2
      kill -KILL "$daemon_pid" 2>/dev/null || true
    fi
    wait "$daemon_pid" 2>/dev/null || true
    echo "leadhubd stopped"
  fi
  # tail --pid ends by itself once the daemon is gone, after its last log lines.
  if [[ -n $tail_pid ]]; then
    sleep 1.1
    kill "$tail_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

: >"$log"
"$daemon_bin" --config "$conf" --db "$db" --listen "$host:$port" </dev/null 2>>"$log" >>"$log" &
daemon_pid=$!

daemon_failed() {
  echo "--- last lines of $log ---" >&2
  tail -n 20 "$log" >&2 || true
  die "$*"
}
deadline=$((SECONDS + ${READY_TIMEOUT:-20}))
until curl -sf -o /dev/null --max-time 1 "$base_url/readyz"; do
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    status=0
    wait "$daemon_pid" || status=$?
    daemon_pid=
    daemon_failed "leadhubd exited (status $status) before it answered GET /readyz"
  fi
  ((SECONDS < deadline)) || daemon_failed "leadhubd did not answer GET /readyz within ${READY_TIMEOUT:-20} s"
  sleep 0.2
done
echo "leadhubd is ready (pid $daemon_pid): $base_url/readyz answered 200"

say "sending one lead to the webhook URL"
lead_json='{"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com"}'
response=$(curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' \
  --data "$lead_json" "$webhook_url") || daemon_failed "curl could not POST to the webhook URL"
http_code=${response##*$'\n'}
body=${response%$'\n'*}
echo "HTTP $http_code $body"
[[ $http_code == 200 && $body == *accepted* ]] ||
  daemon_failed "the webhook answered HTTP $http_code, not 200 accepted"

say "leadhubctl lead list"
ctl lead list || die "'leadhubctl lead list' failed"

cat <<EOF

==> LeadHub is running at $base_url (Ctrl-C stops it)

  Send a lead by hand:
    curl -H 'Content-Type: application/json' \\
         -d '{"first_name":"Grace","last_name":"Hopper","email":"grace@example.com","phone":"+1 555 0100"}' \\
         '$webhook_url'

  Or open the hosted web form in a browser:  $form_url

  Then, in another shell:
    export LEADHUB_CONFIG='$conf' LEADHUB_DB='$db'
    $ctl_bin lead list
    $ctl_bin events list
    $ctl_bin source list

EOF

if ((once)); then
  exit 0
fi

echo "leadhubd log follows:"
tail -n 0 -f --pid="$daemon_pid" "$log" &
tail_pid=$!
status=0
wait "$daemon_pid" || status=$?
daemon_pid=
die "leadhubd stopped by itself (status $status); see $log"
