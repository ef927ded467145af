#!/usr/bin/env bash
# The system programs some tests and `pnpm eval` start for real: Prometheus and promtool (the
# metrics tests and the evaluation compare against the real engine) and Chromium (the console's
# browser tests). `pnpm test` and `.ci/run` both come through here, so a fresh machine needs no
# set-up beyond the README's command. Installs what is missing with apt-get when it may (root on
# Debian/Ubuntu); otherwise stops with the exact command to run. Set VM_SKIP_SYSTEM_PACKAGES=1 to
# skip the check (the affected test files then fail and say what is missing).
set -euo pipefail

if [ "${VM_SKIP_SYSTEM_PACKAGES:-}" = "1" ]; then exit 0; fi

# Arguments name the packages wanted (default: all of them), e.g. `ensure-system-packages.sh prometheus`.
wanted=("$@")
if [ "${#wanted[@]}" -eq 0 ]; then wanted=(prometheus chromium); fi

missing=()
for package in "${wanted[@]}"; do
  case "$package" in
    prometheus) command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || missing+=(prometheus) ;;
    chromium) [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
    *) command -v "$package" >/dev/null 2>&1 || missing+=("$package") ;;
  esac
done

if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages the tests need: ${missing[*]}" >&2
  # Wait for another apt-get (a second test run, unattended upgrades) instead of failing on its lock.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

echo "The tests need these system packages: ${missing[*]}" >&2
echo "Install them, then run the tests again:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
echo "(or set VM_SKIP_SYSTEM_PACKAGES=1 to run without them; the files that need them will fail)" >&2
exit 1
