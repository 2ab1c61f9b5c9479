#!/usr/bin/env bash
# Times ospo-scan against its peers on real projects, on this machine, in
# one run, alternating the tools, ROUNDS times each (default 3), and prints
# medians, the ratios ospo-scan/peer and ospo-scan/floor, and peak memory.
#
#   scripts/bench.sh                       # yq, prometheus, telegraf
#   ROUNDS=5 scripts/bench.sh prometheus   # one project
#   SKIP="go-licenses" scripts/bench.sh telegraf   # leave out slow tools
#   ROUNDS=0 scripts/bench.sh              # only install the tools
#
# It needs only Go and the module proxy: projects are fetched with
# `go mod download -json`, peers with `go install` (go-licenses v2, which
# `go install` refuses, is built from its module zip). Everything goes to
# $BENCH_CACHE (default ~/.cache/ospo-bench). The floor is
# `go list -deps -json=ImportPath,Module,Imports,Standard ./...`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ospo-bench}
bin=$cache/bin
rounds=${ROUNDS:-3}
mkdir -p "$bin" "$cache/targets"
declare -A projects=(
  [yq]=github.com/mikefarah/yq/v4@v4.54.2
  [prometheus]=github.com/prometheus/prometheus@v0.316.0
  [telegraf]=github.com/influxdata/telegraf@v1.37.2
)
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(yq prometheus telegraf)

say() { echo "bench: $*" >&2; }
dirof() { (cd "$cache" && go mod download -json "$1") | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])'; }

say "building ospo-scan"
# -buildvcs=auto: stamped as a release build is (see detectorFingerprint),
# whatever GOFLAGS says.
(cd "$root" && go build -buildvcs=auto -o "$bin/ospo-scan" ./cmd/ospo-scan)
install() { # name module@version [env...]
  local name=$1 mv=$2; shift 2
  [ -x "$bin/$name" ] && return 0
  say "installing $mv"
  env GOBIN="$bin" "$@" go install "$mv" >/dev/null 2>&1 || { say "cannot install $mv"; return 1; }
}
install go-licenses github.com/google/go-licenses@v1.6.0 || true
install cyclonedx-gomod github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod@v1.10.0 || true
install syft github.com/anchore/syft/cmd/syft@v1.57.0 || true
install trivy github.com/aquasecurity/trivy/cmd/trivy@v0.74.0 GOEXPERIMENT=jsonv2 || true
if [ ! -x "$bin/go-licenses-v2" ]; then
  say "building go-licenses v2.0.0-alpha.1 from its module zip"
  src=$(dirof github.com/google/go-licenses/v2@v2.0.0-alpha.1) && rm -rf "$cache/src/glv2" && mkdir -p "$cache/src" &&
    cp -r "$src" "$cache/src/glv2" && chmod -R u+w "$cache/src/glv2" &&
    (cd "$cache/src/glv2" && GOFLAGS=-mod=mod go get golang.org/x/tools@latest >/dev/null 2>&1 && GOFLAGS=-mod=mod go build -o "$bin/go-licenses-v2" .) || say "cannot build go-licenses v2"
fi

if [ "$rounds" = 0 ]; then say "ROUNDS=0: tools installed, nothing timed"; exit 0; fi

for name in "${names[@]}"; do
  mv=${projects[$name]}
  dir=$cache/targets/$name
  if [ ! -f "$dir/.ready" ]; then
    say "fetching $mv"
    rm -rf "$dir"; cp -r "$(dirof "$mv")" "$dir"; chmod -R u+w "$dir"
    rm -f "$dir/go.work" "$dir/go.work.sum"   # a module zip leaves out nested modules
    (cd "$dir" && go mod download >/dev/null 2>&1 && go list -deps ./... >/dev/null 2>&1) || true
    touch "$dir/.ready"
  fi
  warm=$(mktemp -d)
  "$bin/ospo-scan" --deep=false --fail-on never --cache-dir "$warm" ./... -C "$dir" >/dev/null 2>&1 || true
  "$bin/ospo-scan" --deep --fail-on never --cache-dir "$warm" ./... -C "$dir" >/dev/null 2>&1 || true
  main=""; [ "$name" = prometheus ] && main="-main cmd/prometheus"; [ "$name" = telegraf ] && main="-main cmd/telegraf"
  say "timing $name ($rounds rounds)"
  python3 - "$dir" "$rounds" "$name" \
    "cold=c=\$(mktemp -d); $bin/ospo-scan --deep=false --fail-on never --cache-dir \$c ./... >/dev/null; rm -rf \$c" \
    "warm=$bin/ospo-scan --deep=false --fail-on never --cache-dir $warm ./... >/dev/null" \
    "warm-edit=$bin/ospo-scan --deep=false --fail-on never --cache-dir $warm ./..." \
    "cold-deep=c=\$(mktemp -d); $bin/ospo-scan --deep --fail-on never --cache-dir \$c ./... >/dev/null; rm -rf \$c" \
    "warm-deep=$bin/ospo-scan --deep --fail-on never --cache-dir $warm ./... >/dev/null" \
    "floor=go list -deps -json=ImportPath,Module,Imports,Standard ./... >/dev/null" \
    "go-licenses=$bin/go-licenses report ./... >/dev/null" \
    "go-licenses-v2=$bin/go-licenses-v2 report ./... >/dev/null" \
    "cyclonedx-gomod-app=$bin/cyclonedx-gomod app -licenses -json $main . >/dev/null" \
    "cyclonedx-gomod-mod=$bin/cyclonedx-gomod mod -licenses -json . >/dev/null" \
    "syft=SYFT_CHECK_FOR_APP_UPDATE=false $bin/syft dir:. -o cyclonedx-json -q >/dev/null" \
    "trivy=$bin/trivy fs --quiet --offline-scan --skip-db-update --scanners license --format json . >/dev/null" <<'PY'
import glob, os, random, resource, statistics, subprocess, sys, time
d, rounds, name, specs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]

# warm-edit: before the clock starts, a main-module import edit: a file in
# a main package importing a standard package that package did not use.
STD = "archive/tar archive/zip compress/bzip2 compress/lzw container/heap container/ring debug/dwarf debug/elf debug/gosym debug/pe encoding/ascii85 encoding/base32 encoding/csv go/doc go/printer hash/adler32 hash/crc64 image/gif index/suffixarray net/mail".split()
def main_dir():
    for f in sorted(glob.glob(os.path.join(d, "*.go")) + glob.glob(os.path.join(d, "cmd", "*", "*.go"))):
        if not f.endswith("_test.go") and any(l.strip() == "package main" for l in open(f, errors="replace")):
            return os.path.dirname(f)
    sys.exit("bench: no main package for the warm-edit case")
edit_file = os.path.join(main_dir(), "zz_bench_edit.go")
skip = set(os.environ.get("SKIP", "").split())
cmds = [s.split("=", 1) for s in specs]
cmds = [(n, c) for n, c in cmds if n not in skip]
res = {n: {"t": [], "rss": 0.0, "fail": 0} for n, _ in cmds}
random.shuffle(STD)  # a different import each round: an edit seen before would hit the cache
for r in range(rounds):
    for n, c in cmds:
        if n == "warm-edit":
            with open(edit_file, "w") as f:
                f.write('package main\n\nimport _ "%s"\n' % STD[r % len(STD)])
        t0 = time.monotonic()
        p = subprocess.Popen(["bash", "-c", c], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        res[n]["t"].append(time.monotonic() - t0)
        if n == "warm-edit":
            os.remove(edit_file)
        res[n]["rss"] = max(res[n]["rss"], ru.ru_maxrss / 1024)
        ok = (0, 1) if n in ("cold", "warm", "warm-edit", "cold-deep", "warm-deep") else (0,)  # ospo-scan exits 1 on findings
        res[n]["fail"] += os.waitstatus_to_exitcode(status) not in ok
med = {n: statistics.median(v["t"]) for n, v in res.items() if v["t"]}
peers = {n: t for n, t in med.items() if n not in ("cold", "warm", "warm-edit", "floor", "cold-deep", "warm-deep") and res[n]["fail"] == 0}
print(f"\n{name}: medians of {rounds} (s), peak RSS (MB)")
for n, t in sorted(med.items(), key=lambda kv: kv[1]):
    flag = "  (failed)" if res[n]["fail"] else ""
    print(f"  {n:22s} {t:8.2f}  {res[n]['rss']:7.1f}{flag}")
if "cold" in med and peers:
    best = min(peers, key=peers.get)
    print(f"  cold / fastest peer ({best}): {med['cold']/peers[best]:.2f}x")
    if "cold-deep" in med: print(f"  cold-deep (the default) / fastest peer ({best}): {med['cold-deep']/peers[best]:.2f}x")
    for n in sorted(peers): print(f"  cold / {n}: {med['cold']/peers[n]:.2f}x")
for n in ("cold", "warm"):  # the deep scan (--deep) against a plain scan
    if n in med and n + "-deep" in med: print(f"  {n}-deep / {n} (deep scan cost): {med[n + '-deep']/med[n]:.2f}x")
if "floor" in med:
    for n in ("cold", "warm", "warm-edit", "cold-deep"):
        if n in med: print(f"  {n} / floor: {med[n]/med['floor']:.2f}x")
PY
  rm -rf "$warm"
done
