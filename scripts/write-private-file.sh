#!/usr/bin/env bash
# Writes standard input to the file named by $1, readable and writable by its owner only (mode
# 600) whatever the caller's umask: for files of secrets, such as the demo's .env. The file appears
# whole or not at all (written beside it, then renamed).
set -euo pipefail
file=$1
umask 077
tmp=$(mktemp "$file.XXXXXX")
trap 'rm -f "$tmp"' EXIT
cat > "$tmp"
chmod 600 "$tmp"
mv "$tmp" "$file"
trap - EXIT
