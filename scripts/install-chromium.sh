#!/usr/bin/env bash
# Installs Debian's chromium for the editor screenshot test (test/e2e/editor.test.ts), which drives it with
# playwright-core. Idempotent: does nothing when /usr/bin/chromium exists. Only Debian packages, nothing else is
# downloaded. Needs root (CI containers run as root) or passwordless sudo.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
	exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
	as_root=(sudo -n)
fi

export DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
test -x /usr/bin/chromium
