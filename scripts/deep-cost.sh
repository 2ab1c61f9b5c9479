#!/usr/bin/env bash
# What the deep scan costs over the plain scan, cold: alternates, round
# after round, a plain scan (--deep=false), the deep scan and, when
# OLD_BIN is given, OLD_BIN's deep scan, each with a fresh --cache-dir,
# timed with /usr/bin/time; prints the medians and the deep ÷ plain ratio
# (of the medians, and the median and quartiles of each round's own).
#
#   scripts/deep-cost.sh DIR ROUNDS BIN [OLD_BIN]
#
# DIR is a module to scan (./...), e.g. one the acceptance checks fetched
# under ~/.cache/ospo-acceptance/targets. Alternating rounds keep the
# machine's drift out of the ratio.
set -euo pipefail
if [ $# -lt 3 ]; then
	sed -n '2,11p' "$0" >&2
	exit 2
fi
dir=$1 n=$2 new=$3 old=${4:-}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
modes="plain new"
[ -n "$old" ] && modes="plain old new"
cd "$dir"
for _ in $(seq "$n"); do
	for m in $modes; do
		c=$(mktemp -d)
		bin=$new args=()
		[ "$m" = plain ] && args=(--deep=false)
		[ "$m" = old ] && bin=$old
		/usr/bin/time -f "$m %e %U %S" "$bin" "${args[@]}" --fail-on never --cache-dir "$c" ./... >/dev/null 2>>"$out"
		rm -rf "$c"
	done
done
python3 - "$out" <<'PY'
import statistics as st, sys
d = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 4 and p[0] in ("plain", "old", "new"):
        d.setdefault(p[0], []).append((float(p[1]), float(p[2]) + float(p[3])))
for k, v in d.items():
    print(f"{k:5} wall {st.median(x[0] for x in v):.3f} s  cpu {st.median(x[1] for x in v):.3f} s")
for k in ("old", "new"):
    if k not in d:
        continue
    r = [b[0] / a[0] for a, b in zip(d["plain"], d[k])]
    q = st.quantiles(r, n=4)
    m = st.median(x[0] for x in d[k]) / st.median(x[0] for x in d["plain"])
    print(f"{k:5} deep / plain: {m:.3f} (medians); rounds' ratios: median {st.median(r):.3f}, quartiles {q[0]:.3f}-{q[2]:.3f}")
PY
