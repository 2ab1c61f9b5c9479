#!/usr/bin/env bash
# Checks the release configuration: goreleaser check, then a snapshot build
# of every target. Installs goreleaser v2.15.1 with go install if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
gr=$(command -v goreleaser || true)
if [ -z "$gr" ]; then
  bin=${XDG_CACHE_HOME:-$HOME/.cache}/ospo-tools/bin
  [ -x "$bin/goreleaser" ] || GOBIN=$bin go install github.com/goreleaser/goreleaser/v2@v2.15.1
  gr=$bin/goreleaser
fi
"$gr" check
"$gr" build --snapshot --clean
for b in dist/*/ospo-scan dist/*/ospo-scan.exe; do [ -f "$b" ] && echo "built $b"; done
./dist/ospo-scan_linux_amd64_v1/ospo-scan --version
