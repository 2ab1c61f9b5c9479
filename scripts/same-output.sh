#!/usr/bin/env bash
# Runs two ospo-scan binaries the same way and diffs every output byte for
# byte: the proof that a refactoring changed no behaviour (issue #20).
#
#   scripts/same-output.sh OLD_BIN NEW_BIN            # fixtures, detect + yq, prometheus, telegraf
#   scripts/same-output.sh OLD_BIN NEW_BIN fixtures   # only the fixture apps
#   scripts/same-output.sh OLD_BIN NEW_BIN detect     # only ospo-scan detect on license texts
#   scripts/same-output.sh OLD_BIN NEW_BIN prometheus # one real project
#
# Build both binaries the same way (e.g. go build -buildvcs=false), so the
# tool version in the outputs is the same; the old one from the commit
# before the change:
#
#   git worktree add /tmp/old 9ea96ac && (cd /tmp/old && go build -buildvcs=false -o /tmp/ospo-old ./cmd/ospo-scan)
#
# Real projects are read from $TARGETS (default
# ~/.cache/ospo-acceptance/targets, as the acceptance checks fetch them).
# The fixture apps (testdata/apps) are built against the fixture modules
# (testdata/mod) served from a file:// GOPROXY made here. `detect` runs
# `ospo-scan detect --format json` (and text) on every text of the SPDX
# corpus ($CORPUS, default ../shared/corpus/spdx-canonical, when present),
# testdata/licenses and the classifier's fuzz corpus.
#
# For each project and binary it runs, with SOURCE_DATE_EPOCH fixed and
# `-C DIR ./...`: a cold run with a fresh --cache-dir writing every report
# format (text to stdout; json, sarif, github, markdown to files), a JSON
# CycloneDX 1.6 SBOM and a notices file; the same run again on the warm
# cache; the same with --no-cache; then, warm, each report format alone
# on standard output, the XML SBOM, the JSON SBOM in every spec version,
# a --tests scan, --scope modules, three platforms, a policy with every
# kind of rule (written here) and --sbom-dir; then the deep scan (--deep)
# cold, warm and uncached. A repository of several
# modules (the workspace fixture without go.work) is scanned too. Standard output, standard error and the exit code of
# every run are compared too. Exit status: 0 when everything is the same,
# 1 when anything differs (the diffs are printed), 2 on usage errors.
# KEEP=1 keeps the outputs (the directory is printed).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN [fixtures|yq|prometheus|telegraf]..." >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2"); shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
targets=${TARGETS:-$HOME/.cache/ospo-acceptance/targets}
work=$(mktemp -d "${TMPDIR:-/tmp}/same-output.XXXXXX")
if [ -n "${KEEP:-}" ]; then
  echo "same-output: outputs kept in $work" >&2
else
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
fi
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(fixtures detect yq prometheus telegraf)
corpus=${CORPUS:-$root/../shared/corpus/spdx-canonical}
declare -A projects=(
  [yq]=github.com_mikefarah_yq_v4_v4.54.2
  [prometheus]=github.com_prometheus_prometheus_v0.316.0
  [telegraf]=github.com_influxdata_telegraf_v1.37.2
)
export SOURCE_DATE_EPOCH=1780000000
say() { echo "same-output: $*" >&2; }

# runcase BIN OUTDIR CASE DIR ARGS...: one run; its outputs, standard
# streams and exit code land in OUTDIR/CASE. Outputs are written to the
# same path ($work/out) by both binaries, and the cache is always at
# $work/cache (each binary's own, moved into place), so that paths that
# reach an output are the same.
runcase() {
  local bin=$1 dest=$2/$3 dir=$4; shift 4
  rm -rf "$work/out"; mkdir -p "$work/out" "$dest"
  local rc=0
  "$bin" -C "$dir" "$@" ./... >"$work/out/stdout" 2>"$work/out/stderr" || rc=$?
  echo "$rc" >"$work/out/exit"
  mv "$work/out"/* "$dest"/
}

# scan NAME DIR: every case, for both binaries.
scan() {
  local name=$1 dir=$2 which bin
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    local out=$work/result/$which/$name o=$work/out
    rm -rf "$work/cache"
    # A repository of several modules takes --sbom-dir, not --sbom.
    local sbom=(--sbom "$o/bom.cdx.json")
    [ "$name" = fixture-monorepo ] && sbom=()
    local all=(--format text --format "json=$o/report.json" --format "sarif=$o/report.sarif"
      --format "github=$o/report.github" --format "markdown=$o/report.md"
      "${sbom[@]}" --notice "$o/NOTICE")
    runcase "$bin" "$out" cold "$dir" --cache-dir "$work/cache" "${all[@]}"
    runcase "$bin" "$out" warm "$dir" --cache-dir "$work/cache" "${all[@]}"
    runcase "$bin" "$out" nocache "$dir" --no-cache "${all[@]}"
    local f
    for f in text json sarif github markdown; do
      runcase "$bin" "$out" "format-$f" "$dir" --cache-dir "$work/cache" --format "$f"
    done
    runcase "$bin" "$out" sbom-xml "$dir" --cache-dir "$work/cache" --format json --sbom "$o/bom.cdx.xml"
    for f in 1.4 1.5 1.7; do
      runcase "$bin" "$out" "sbom-$f" "$dir" --cache-dir "$work/cache" --format json --sbom "$o/bom.cdx.json" --spec-version "$f"
    done
    runcase "$bin" "$out" tests "$dir" --cache-dir "$work/cache" --tests --format json "${sbom[@]}"
    runcase "$bin" "$out" scope-modules "$dir" --cache-dir "$work/cache" --scope modules --format json --notice "$o/NOTICE"
    runcase "$bin" "$out" platforms "$dir" --cache-dir "$work/cache" --platform linux/amd64,windows/arm64,darwin/arm64 --format json "${sbom[@]}"
    runcase "$bin" "$out" policy "$dir" --cache-dir "$work/cache" --policy "$work/policy.yaml" --tests --fail-on warn \
      --format github --format "json=$o/report.json" --format "sarif=$o/report.sarif" --format "markdown=$o/report.md" "${sbom[@]}"
    mkdir -p "$work/sbomdir"
    runcase "$bin" "$out" sbom-dir "$dir" --cache-dir "$work/cache" --sbom-dir "$work/sbomdir" --format json
    mv "$work/sbomdir" "$out/sbom-dir/sbomdir"
    # The deep scan (--deep), cold on a fresh cache, warm, and uncached.
    rm -rf "$work/cache"
    runcase "$bin" "$out" deep-cold "$dir" --cache-dir "$work/cache" --deep "${all[@]}"
    runcase "$bin" "$out" deep-warm "$dir" --cache-dir "$work/cache" --deep "${all[@]}"
    runcase "$bin" "$out" deep-nocache "$dir" --no-cache --deep --format json
    rm -rf "$work/cache"
  done
}

# A policy that exercises every kind of rule and finding: lists, a test:
# layer, an override, exceptions (one expired, one that matches nothing)
# and an ignore entry.
writepolicy() {
  cat >"$1" <<'YAML'
version: 1
allow: [MIT, ISC]
deny: [MPL-2.0, "GPL-2.0-only WITH Classpath-exception-2.0"]
categories:
  weak-copyleft: deny
exceptions:
  - module: github.com/hashicorp/*
    versions: "<9.0.0"
    decision: warn
    reason: "reviewed <legal> & co"
    expires: 2020-01-01
  - module: golang.org/x/*
    license: BSD-3-Clause
    decision: warn
    reason: reviewed
    approved-by: legal@example.com
    expires: 2099-12-31
  - module: example.com/nothing
    decision: allow
    reason: matches nothing
overrides:
  - module: github.com/davecgh/go-spew
    license: ISC
    reason: stated in README
  - module: example.com/none
    license: MIT
    reason: matches nothing
ignore: [example.com/own/*]
test:
  categories: {strong-copyleft: warn}
  deny: [Apache-2.0]
YAML
}

# fixtureproxy DIR: a file:// GOPROXY at DIR serving testdata/mod.
fixtureproxy() {
  python3 - "$root/testdata/mod" "$1" <<'EOF'
import os, re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(src)):
    if not name.endswith('.txtar'):
        continue
    # Bytes, not text: a fixture may hold non-UTF-8 bytes on purpose.
    files, cur = {}, None
    for line in re.split(rb'(?<=\n)', open(os.path.join(src, name), 'rb').read()):
        m = re.match(rb'^-- (.+) --\n?$', line)
        if m:
            cur = m.group(1).decode(); files[cur] = b''
        elif cur is not None:
            files[cur] += line
    files = {k: v.decode('latin-1') if k in ('.info', '.mod', 'go.mod') else v for k, v in files.items()}
    base, version = name[:-len('.txtar')].rsplit('_', 1)
    gomod = files.get('go.mod') or files.get('.mod', '')
    m = re.search(r'^module\s+(\S+)', gomod, re.M)
    mod = m.group(1) if m else base.replace('_', '/')
    esc = re.sub(r'[A-Z]', lambda m: '!' + m.group(0).lower(), mod)
    d = os.path.join(dst, esc, '@v'); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, version + '.info'), 'w') as f:
        f.write(files.get('.info', '{"Version":"%s"}' % version))
    with open(os.path.join(d, version + '.mod'), 'w') as f:
        f.write(files.get('.mod') or files['go.mod'])
    with zipfile.ZipFile(os.path.join(d, version + '.zip'), 'w') as z:
        for fn, data in sorted(files.items()):
            if fn not in ('.info', '.mod'):
                z.writestr('%s@%s/%s' % (mod, version, fn), data)
    with open(os.path.join(d, 'list'), 'a') as f:
        f.write(version + '\n')
EOF
}

# untxtar FILE DIR: the files of a txtar archive, written below DIR.
untxtar() {
  python3 - "$1" "$2" <<'EOF'
import os, re, sys
files, cur = {}, None
for line in re.split(rb'(?<=\n)', open(sys.argv[1], 'rb').read()):
    m = re.match(rb'^-- (.+) --\n?$', line)
    if m:
        cur = m.group(1).decode(); files[cur] = b''
    elif cur is not None:
        files[cur] += line
for fn, data in files.items():
    p = os.path.join(sys.argv[2], fn)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'wb').write(data)
EOF
}

writepolicy "$work/policy.yaml"
for name in "${names[@]}"; do
  if [ "$name" = fixtures ]; then
    say "fixture apps"
    fixtureproxy "$work/proxy"
    (
      export GOPROXY="file://$work/proxy" GOMODCACHE="$work/modcache" GOPATH="$work/gopath"
      export GOFLAGS=-modcacherw GONOSUMDB='*' GOSUMDB=off GOTOOLCHAIN=local GOWORK= CGO_ENABLED=0
      export GOOS=linux GOARCH=amd64 HOME="$work/home" XDG_CACHE_HOME="$work/xdg"
      for app in "$root"/testdata/apps/*.txtar; do
        a=$(basename "$app" .txtar) d=$work/apps/$(basename "$app" .txtar)
        mkdir -p "$d"; untxtar "$app" "$d"
        find "$d" -name go.mod -execdir go mod tidy \; >/dev/null 2>&1 || true
        scan "fixture-$a" "$d"
      done
      # A repository root without go.mod: each module below is scanned
      # on its own (the workspace app without its go.work).
      d=$work/apps/monorepo
      mkdir -p "$d/.git"; untxtar "$root/testdata/apps/workspace.txtar" "$d"; rm -f "$d/go.work" "$d/go.work.sum"
      find "$d" -name go.mod -execdir go mod tidy \; >/dev/null 2>&1 || true
      scan fixture-monorepo "$d"
    )
    continue
  fi
  if [ "$name" = detect ]; then
    say "detect on license texts"
    mapfile -t files < <(find "$root/testdata/licenses" "$root/scanner/testdata/fuzz/FuzzClassify" $([ -d "$corpus/files" ] && echo "$corpus/files") -type f | sort)
    for which in old new; do
      bin=$old; [ "$which" = new ] && bin=$new
      for f in json text; do
        d=$work/result/$which/detect/$f; mkdir -p "$d"; rc=0
        "$bin" detect --format "$f" "${files[@]}" >"$d/stdout" 2>"$d/stderr" || rc=$?
        echo "$rc" >"$d/exit"
      done
    done
    continue
  fi
  dir=$targets/${projects[$name]:?unknown project $name}
  [ -d "$dir" ] || { say "$dir missing: fetch it first (the acceptance checks do)"; exit 2; }
  say "$name"
  scan "$name" "$dir"
done

n=$(find "$work/result/old" -type f | wc -l)
if diff -r "$work/result/old" "$work/result/new"; then
  say "no difference: $n files compared byte for byte (${names[*]})"
else
  say "DIFFERENCES above"
  exit 1
fi
