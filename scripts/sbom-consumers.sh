#!/usr/bin/env bash
# Checks that real SBOM consumers read ospo-scan's SBOM with every license
# intact: `syft convert` to SPDX must give each package a license, and
# trivy's offline license scan of the SBOM must list one for each package.
#
#   scripts/sbom-consumers.sh [MODULE@VERSION]   (default prometheus v0.316.0)
#
# Installs syft v1.57.0 and trivy v0.74.0 with go install into
# $BENCH_CACHE/bin (default ~/.cache/ospo-bench/bin) when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-github.com/prometheus/prometheus@v0.316.0}
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ospo-bench}
bin=$cache/bin; mkdir -p "$bin"
[ -x "$bin/syft" ] || GOBIN=$bin go install github.com/anchore/syft/cmd/syft@v1.57.0
[ -x "$bin/trivy" ] || GOBIN=$bin GOEXPERIMENT=jsonv2 go install github.com/aquasecurity/trivy/cmd/trivy@v0.74.0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
src=$(cd "$tmp" && go mod download -json "$target" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
cp -r "$src" "$tmp/src" && chmod -R u+w "$tmp/src" && rm -f "$tmp/src/go.work" "$tmp/src/go.work.sum"
(cd "$tmp/src" && go mod download >/dev/null 2>&1 || true)
(cd "$root" && go build -o "$tmp/ospo-scan" ./cmd/ospo-scan)
(cd "$tmp/src" && "$tmp/ospo-scan" --fail-on never --sbom "$tmp/bom.json" ./... >/dev/null)
SYFT_CHECK_FOR_APP_UPDATE=false "$bin/syft" convert "$tmp/bom.json" -o spdx-json >"$tmp/spdx.json"
(cd "$tmp" && "$bin/trivy" sbom --scanners license --skip-db-update --offline-scan --format json --quiet bom.json >"$tmp/trivy.json")
python3 - "$tmp/bom.json" "$tmp/spdx.json" "$tmp/trivy.json" <<'PY'
import json, sys
bom, spdx, tv = (json.load(open(p)) for p in sys.argv[1:4])
n = len([c for c in bom.get("components", []) if c.get("type") == "library"])
lic = len([c for c in bom.get("components", []) if c.get("type") == "library" and c.get("licenses")])
sp = [p for p in spdx.get("packages", []) if p.get("SPDXID") != "SPDXRef-DocumentRoot-Unknown-"]
sp_lic = sum(1 for p in sp if p.get("licenseConcluded", "NOASSERTION") != "NOASSERTION" or p.get("licenseDeclared", "NOASSERTION") != "NOASSERTION")
pk = [p for r in tv.get("Results") or [] for p in (r.get("Packages") or [])]
tv_lic = sum(1 for p in pk if p.get("Licenses"))
print(f"our SBOM: {n} components, {lic} with licenses; syft: {len(sp)} packages, {sp_lic} with a license; trivy: {len(pk)} packages, {tv_lic} with a license")
sys.exit(0 if n and sp_lic >= lic and tv_lic >= lic else 1)
PY
