#!/usr/bin/env bash
# The browser tests (test/browser, docs/console.md) drive Debian's Chromium through playwright-core,
# which downloads no browser of its own. Installs the distribution's package when it is missing
# and this runs as root with apt-get; otherwise says what to do (the tests then fail, naming it).
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$chromium" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-browser: apt-get install chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "ensure-browser: no Chromium at $chromium: install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
fi
