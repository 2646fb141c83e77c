#!/usr/bin/env bash
# Checks docs/monitoring/alerts.yml with Prometheus' own promtool (Debian's prometheus package).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v promtool >/dev/null 2>&1; then
  echo "check-alert-rules: installing promtool (Debian package prometheus)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
promtool check rules docs/monitoring/alerts.yml
