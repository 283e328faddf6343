#!/usr/bin/env bash
# Installs the real servers and clients the tests talk to, from Debian, when they are missing.
set -euo pipefail

declare -A needs=(
  [mosquitto]=mosquitto
  [mosquitto_pub]=mosquitto-clients
  [influxd]=influxdb
  [chromium]=chromium
  [victoria-metrics]=victoria-metrics
  [openssl]=openssl
)
missing=()
for cmd in "${!needs[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || [ -x "/usr/bin/$cmd" ] || missing+=("${needs[$cmd]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "== installing test servers from Debian: ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "Not root: install these yourself, then run npm test again: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "== installed: ${missing[*]}"
