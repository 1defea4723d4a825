#!/usr/bin/env bash
# Installs the Debian packages partners needs, only those not installed yet.
# Usage: scripts/system-packages.sh site|test
set -euo pipefail

site=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-sil-andika fonts-noto-core)
test=(poppler-utils chromium default-jre-headless)

case "${1:-site}" in
  site) wanted=("${site[@]}") ;;
  test) wanted=("${site[@]}" "${test[@]}") ;;
  *) echo "usage: $0 site|test" >&2; exit 2 ;;
esac

# The Nu HTML Checker comes from npm; install npm only where the machine has none.
[ "${1:-site}" = test ] && ! command -v npm >/dev/null && wanted+=(npm)

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "partners: please install these system packages: ${missing[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
