#!/usr/bin/env bash
# Measures license detection on a corpus with a manifest of expected ids
# (manifest.tsv: relative_path<TAB>expected_expression, with a header line;
# optional meta.tsv: relative_path, kind, deprecated, accepted_alternatives).
# Prints the exact-match, wrong-id and unknown rates, and the misses.
#
#   scripts/accuracy.sh ../shared/corpus/spdx-canonical
set -euo pipefail
corpus=$(cd "${1:?usage: scripts/accuracy.sh CORPUS_DIR}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(mktemp -d)/ospo-scan
trap 'rm -rf "$(dirname "$bin")"' EXIT
(cd "$root" && go build -o "$bin" ./cmd/ospo-scan)
cd "$corpus"
if [ -f meta.tsv ]; then
  files=$(awk -F'\t' 'NR>1 && $2!="exception" {print $1}' meta.tsv)
else
  files=$(awk -F'\t' 'NR>1 {print $1}' manifest.tsv)
fi
"$bin" detect --format json $files >"$(dirname "$bin")/detect.json" || true
python3 - "$corpus" "$(dirname "$bin")/detect.json" <<'PY'
import json, os, sys, collections
corpus, det = sys.argv[1], sys.argv[2]
def norm(e): return " ".join((e or "").replace("(", " ( ").replace(")", " ) ").split()).lower()
want, alts, skip = {}, collections.defaultdict(set), set()
with open(os.path.join(corpus, "manifest.tsv")) as f:
    next(f)
    for line in f:
        p, e = line.rstrip("\n").split("\t")[:2]; want[os.path.normpath(p)] = e
meta = os.path.join(corpus, "meta.tsv")
if os.path.exists(meta):
    with open(meta) as f:
        hdr = next(f).rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(hdr, line.rstrip("\n").split("\t")))
            p = os.path.normpath(row["relative_path"])
            if row.get("kind") == "exception": skip.add(p)
            for x in (row.get("accepted_alternatives") or "").replace(",", " ").split(): alts[p].add(norm(x))
got = {os.path.normpath(f["path"]): f for f in json.load(open(det))["files"]}
n = exact = wrong = unknown = 0
for p, e in sorted(want.items()):
    if p in skip or e == "NONE": continue
    n += 1
    g = (got.get(p) or {}).get("license") or ""
    if not g: unknown += 1; print(f"unknown  {p}: expected {e} ({(got.get(p) or {}).get('verdict','missing')}: {(got.get(p) or {}).get('note','')})")
    elif norm(g) == norm(e) or norm(g) in alts[p]: exact += 1
    else: wrong += 1; print(f"WRONG    {p}: expected {e}, got {g}")
print(f"exact {exact}/{n} = {exact/n:.1%}, wrong {wrong}/{n} = {wrong/n:.1%}, unknown {unknown}/{n} = {unknown/n:.1%}")
PY
