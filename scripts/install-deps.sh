#!/usr/bin/env bash
# Installs LeadHub's build, test and demo dependencies from Debian 12 (bookworm) packages.
# Idempotent: when every package is already installed it does nothing (no apt-get update),
# so a re-run costs a fraction of a second. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # libraries (headers and CMake/pkg-config files)
  libcli11-dev libcpp-httplib-dev libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev
  libsimdjson-dev libssl-dev libcurl4-openssl-dev libfmt-dev libspdlog-dev libsystemd-dev libjemalloc-dev
  # tests
  libgtest-dev libgmock-dev
  # benchmarks (bench/ingest drives leadhubd with wrk)
  wrk
  # browser test of the hosted web form (headless Chromium and its WebDriver)
  chromium chromium-driver
  # demo and scripts
  curl ca-certificates sqlite3
  # Not needed yet: dovecot-imapd, for the IMAP integration tests once the email source lands.
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ $status == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo --non-interactive)
  else
    echo "install-deps: error: must run as root to install: ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update </dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y --no-install-recommends \
  "${packages[@]}" </dev/null
echo "install-deps: done"
