#!/usr/bin/env bash
# Checks ospo-scan's SPDX 2.3 documents of a real project (opt-in, like
# sbom-consumers.sh):
#   - deterministic: two runs give the same bytes, and a run at another
#     SOURCE_DATE_EPOCH keeps the document namespace;
#   - valid: the SPDX 2.3 JSON schema and tools-golang's reader and
#     validation, the tag-value read back equal to the JSON
#     (go test ./sbom/spdx -run TestValidateFile);
#   - read by syft (`syft convert`) and trivy (`trivy sbom`, offline
#     license scan), JSON and tag-value: every package with its
#     licenseConcluded intact, found by its purl.
#
#   scripts/spdx-consumers.sh [MODULE@VERSION | DIR]   (default prometheus v0.316.0)
#
# syft v1.57.0 and trivy v0.74.0 are taken from $PEERS_BIN (default
# ~/.cache/ospo-acceptance/bin) or installed with go install into it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-github.com/prometheus/prometheus@v0.316.0}
bin=${PEERS_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/ospo-acceptance/bin}
mkdir -p "$bin"
[ -x "$bin/syft" ] || GOBIN=$bin go install github.com/anchore/syft/cmd/syft@v1.57.0
[ -x "$bin/trivy" ] || GOBIN=$bin GOEXPERIMENT=jsonv2 go install github.com/aquasecurity/trivy/cmd/trivy@v0.74.0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [ -d "$target" ]; then
  src=$(cd "$target" && pwd)
else
  dl=$(cd "$tmp" && go mod download -json "$target" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  cp -r "$dl" "$tmp/src" && chmod -R u+w "$tmp/src" && rm -f "$tmp/src/go.work" "$tmp/src/go.work.sum"
  (cd "$tmp/src" && go mod download >/dev/null 2>&1 || true)
  src=$tmp/src
fi
(cd "$root" && go build -o "$tmp/ospo-scan" ./cmd/ospo-scan)
scan() { (cd "$src" && SOURCE_DATE_EPOCH=$1 "$tmp/ospo-scan" --fail-on never --sbom "$2" ./... >/dev/null); }
scan 1780000000 "$tmp/bom.spdx.json"
scan 1780000000 "$tmp/bom.spdx"
scan 1780000000 "$tmp/again.spdx.json"
scan 1790000000 "$tmp/later.spdx.json"
cmp -s "$tmp/bom.spdx.json" "$tmp/again.spdx.json" || { echo "spdx-consumers: FAIL: two runs differ"; exit 1; }
ns() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documentNamespace"])' "$1"; }
[ "$(ns "$tmp/bom.spdx.json")" = "$(ns "$tmp/later.spdx.json")" ] || { echo "spdx-consumers: FAIL: the namespace changed with SOURCE_DATE_EPOCH"; exit 1; }
(cd "$root" && OSPO_VALIDATE_SPDX="$tmp/bom.spdx.json" go test -count=1 ./sbom/spdx -run '^TestValidateFile$' >"$tmp/valid.out" 2>&1) ||
  { echo "spdx-consumers: FAIL: not valid:"; tail -20 "$tmp/valid.out"; exit 1; }
export SYFT_CHECK_FOR_APP_UPDATE=false
for f in bom.spdx.json bom.spdx; do
  "$bin/syft" convert "$tmp/$f" -o syft-json >"$tmp/$f.syft" 2>"$tmp/err" || { echo "spdx-consumers: FAIL: syft cannot read $f: $(tail -1 "$tmp/err")"; exit 1; }
  (cd "$tmp" && "$bin/trivy" sbom --scanners license --skip-db-update --offline-scan --format json --quiet "$f" >"$tmp/$f.trivy" 2>"$tmp/err") ||
    { echo "spdx-consumers: FAIL: trivy cannot read $f: $(tail -1 "$tmp/err")"; exit 1; }
done
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
doc = json.load(open(f"{tmp}/bom.spdx.json"))
# Consumers lower-case the purl (the purl spec's golang type); compare so.
ours = {}
for p in doc["packages"]:
    purl = next(r["referenceLocator"] for r in p["externalRefs"] if r["referenceType"] == "purl")
    ours[purl.lower()] = p["licenseConcluded"]
known = sum(1 for v in ours.values() if v != "NOASSERTION")
ok = True
def tally(read):
    """read: (purl, license as the consumer gives it) pairs. Returns how
    many packages with a license kept it intact, and how many without one
    (NOASSERTION) were given one."""
    intact = invented = 0
    for purl, lic in read:
        want = ours.get(purl.lower())
        if want != "NOASSERTION" and lic == want:
            intact += 1
        if want == "NOASSERTION" and lic not in ("", "NOASSERTION"):
            invented += 1
    return intact, invented
for f in ("bom.spdx.json", "bom.spdx"):
    s = json.load(open(f"{tmp}/{f}.syft"))
    arts = s["artifacts"]
    syft = tally((a["purl"], " AND ".join(sorted({l.get("spdxExpression") or l["value"] for l in a["licenses"] if l["type"] == "concluded"}))) for a in arts)
    t = json.load(open(f"{tmp}/{f}.trivy"))
    pk = [p for r in t.get("Results") or [] for p in (r.get("Packages") or [])]
    trivy = tally((p["Identifier"]["PURL"], " AND ".join(p.get("Licenses") or [])) for p in pk)
    print(f"{f}: {len(ours)} packages, {known} with a license; syft read {len(arts)}, {syft[0]} with the license intact, {syft[1]} given one we did not state; trivy read {len(pk)}, {trivy[0]} intact, {trivy[1]} given one")
    ok = ok and len(arts) == len(ours) == len(pk) and syft == trivy == (known, 0)
print("spdx-consumers: " + ("ok: deterministic, valid, read intact by syft and trivy" if ok else "FAIL"))
sys.exit(0 if ok else 1)
PY
