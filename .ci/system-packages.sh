#!/usr/bin/env bash
# Debian packages Rebound needs outside Python. Installs what is missing when it can
# (root or passwordless sudo); otherwise says exactly what to install.
#   .ci/system-packages.sh run        PDF rendering libraries (WeasyPrint: Pango, HarfBuzz)
#   .ci/system-packages.sh test       the above, plus Chromium for the browser tests, and
#                                     poppler-utils and zbar-tools to read the printed QR codes back
#   .ci/system-packages.sh ci         the above, plus PostgreSQL and Redis servers
set -euo pipefail
purpose="${1:-run}"

need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so.0 || need+=(libpango-1.0-0)
have_lib libpangoft2-1.0.so.0 || need+=(libpangoft2-1.0-0)
have_lib libharfbuzz-subset.so.0 || need+=(libharfbuzz-subset0)
command -v fc-list >/dev/null || need+=(fontconfig)
if [ "$purpose" != "run" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  command -v zbarimg >/dev/null || need+=(zbar-tools)
fi
if [ "$purpose" = "ci" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v redis-server >/dev/null || need+=(redis-server)
fi

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "Rebound needs these Debian packages: ${need[*]}"
  echo "Install them with: sudo apt-get install -y ${need[*]}"
  [ "$purpose" = "run" ] && exit 1
  echo "(continuing: tests that need them will say they were skipped)"
  exit 0
fi
echo "Installing ${need[*]} …"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
