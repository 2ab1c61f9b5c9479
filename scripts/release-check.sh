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

# A whole snapshot release (nothing published): archives, checksums and the
# release SBOM. The SBOM must describe what ships: the modules the shipped
# binary links (go version -m), not what tests and tools use; the main
# component carries the version; archive members carry the commit's time.
# It runs in a clone with a remote: goreleaser leaves the commit date out of
# its templates when it cannot read the remote URL.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
git clone -q . "$tmp/repo"
if [ -n "$(git status --porcelain)" ]; then
  git ls-files -co --exclude-standard -z | xargs -0 -I{} cp --parents {} "$tmp/repo/" 2>/dev/null || true
  git -C "$tmp/repo" add -A && git -C "$tmp/repo" -c user.email=t@t -c user.name=t commit -qm snapshot
fi
git -C "$tmp/repo" remote set-url origin https://github.com/ospo-scan/ospo-scan
cd "$tmp/repo"
"$gr" release --snapshot --clean --skip=publish
sbom=$(ls dist/*.cdx.json)
bin=./dist/ospo-scan_linux_amd64_v1/ospo-scan
linked=$(go version -m "$bin" | awk '$1 == "dep" { print $2 }' | sort)
listed=$(python3 -c 'import json,sys; print("\n".join(sorted(c["name"] for c in json.load(open(sys.argv[1]))["components"])))' "$sbom")
extra=$(comm -13 <(echo "$linked") <(echo "$listed"))
[ -z "$extra" ] || { echo "release-check: FAIL: the SBOM lists modules the binary does not link:"; echo "$extra"; exit 1; }
missing=$(comm -23 <(echo "$linked") <(echo "$listed"))
[ -z "$missing" ] || { echo "release-check: FAIL: the SBOM lacks modules the binary links:"; echo "$missing"; exit 1; }
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["metadata"]["component"].get("version",""); sys.exit(0 if v else "release-check: FAIL: the main component has no version")' "$sbom"
# The SPDX document beside it describes the same modules, and the main
# package carries the version.
spdx=$(ls dist/*.spdx.json)
spdxlisted=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join(sorted(p["name"] for p in d["packages"] if p.get("primaryPackagePurpose") == "LIBRARY")))' "$spdx")
[ "$spdxlisted" = "$listed" ] || { echo "release-check: FAIL: the SPDX document and the CycloneDX SBOM list different modules:"; diff <(echo "$listed") <(echo "$spdxlisted") || true; exit 1; }
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=d["packages"][0].get("versionInfo",""); sys.exit(0 if v and d["packages"][0]["primaryPackagePurpose"] == "APPLICATION" else "release-check: FAIL: the SPDX main package has no version")' "$spdx"
commit=$(git log -1 --format=%ct)
for a in dist/*.tar.gz; do
  bad=$(python3 -c 'import sys,tarfile; print(" ".join(m.name for m in tarfile.open(sys.argv[1]) if int(m.mtime) != int(sys.argv[2])))' "$a" "$commit")
  [ -z "$bad" ] || { echo "release-check: FAIL: $a: not the commit's time: $bad"; exit 1; }
done
echo "release-check: ok: SBOM (CycloneDX and SPDX) of $(echo "$listed" | wc -l) modules = what the binary links; archives reproducible"
