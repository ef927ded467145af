#!/usr/bin/env bash
# Installs the incident lab's real parts from Debian's packages, only those missing.
# Needs root (apt-get). Exits non-zero, saying which, when a package cannot be installed.
set -euo pipefail

declare -A wanted=(
  [prometheus]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager
  [prometheus-node-exporter]=prometheus-node-exporter
  [prometheus-redis-exporter]=prometheus-redis-exporter
  [prometheus-postgres-exporter]=prometheus-postgres-exporter
  [prometheus-blackbox-exporter]=prometheus-blackbox-exporter
  [prometheus-process-exporter]=prometheus-process-exporter
  [stress-ng]=stress-ng
  [redis-server]=redis-server
)
missing=()
for command in "${!wanted[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${wanted[$command]}")
done
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  echo "incident lab: every part is installed"
  exit 0
fi
echo "incident lab: installing ${missing[*]}"
apt-get -o DPkg::Lock::Timeout=600 update -qq
# Debian's packages start their services on install where allowed; the lab starts its own private ones.
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
echo "incident lab: installed ${missing[*]}"
