#!/usr/bin/env bash
# The scan step of action.yml (a composite GitHub Action). Inputs come as
# INPUT_* environment variables; outputs go to $GITHUB_OUTPUT, the job
# summary to $GITHUB_STEP_SUMMARY. One run of ospo-scan ($OSPO_SCAN_BIN,
# else ospo-scan on PATH) prints the report in the requested format and
# writes the SARIF file, the JSON report (for the findings count) and the
# SBOM; it exits with ospo-scan's code.
#
# Files are written under $RUNNER_TEMP/ospo-scan, never into the checkout
# (a later `goreleaser release` refuses a dirty tree): a relative `sbom`
# input names a file there; an absolute one is written where it says.
set -uo pipefail
bin=${OSPO_SCAN_BIN:-ospo-scan}
out=${RUNNER_TEMP:-$(mktemp -d)}/ospo-scan
mkdir -p "$out"
# The args input is split into words as a shell would, without running
# anything: quotes group ("a b"), and newlines separate like spaces (an
# `args: |` block).
extra=()
while IFS= read -r -d '' word; do extra+=("$word"); done < <(printf '%s\n' "${INPUT_ARGS:-./...}" | xargs printf '%s\0')
format=${INPUT_FORMAT:-github}
sarif=$out/ospo-scan.sarif
json=$out/ospo-scan.json
args=(--fail-on "${INPUT_FAIL_ON:-deny}" --format "$format" --format "sarif=$sarif" --format "json=$json")
[ -n "${INPUT_POLICY:-}" ] && args+=(--policy "$INPUT_POLICY")
# The baseline (the pull request's base commit by default): actions/checkout
# clones with depth 1, which lacks it; a commit named by its hash is fetched
# (depth 1, no tags: objects only, no branch). Other names, and a fetch that
# fails, are left to ospo-scan, whose message says how to fetch.
baseline=${INPUT_BASELINE:-}
if [ -n "$baseline" ] && [ "$baseline" != none ]; then
  if [[ $baseline =~ ^[0-9a-f]{40}$ ]] && ! git cat-file -e "$baseline^{commit}" 2>/dev/null; then
    echo "ospo-scan: fetching the baseline commit $baseline (the checkout is shallow)"
    git fetch -q --no-tags --depth=1 origin "$baseline" || echo "ospo-scan: could not fetch $baseline; give actions/checkout fetch-depth: 0"
  fi
  args+=(--baseline "$baseline")
fi
# in_module: the go command finds a go.mod or go.work here or above (or
# GOWORK names one); otherwise this is a monorepo root, whose modules get
# one SBOM each.
in_module() {
  case ${GOWORK:-} in
    off) names="go.mod" ;;
    ""|auto) names="go.mod go.work" ;;
    *) return 0 ;;
  esac
  d=$PWD
  while :; do
    for n in $names; do [ -e "$d/$n" ] && return 0; done
    [ "$d" = / ] && return 1
    d=$(dirname "$d")
  done
}
sbom=${INPUT_SBOM:-}
if [ -n "$sbom" ]; then
  case $sbom in
    /*) ;;
    *) sbom=$out/$sbom ;;
  esac
  if in_module; then
    mkdir -p "$(dirname "$sbom")"
    args+=(--sbom "$sbom")
  else
    # A monorepo root: the sbom output is a directory of one SBOM per
    # module, in the encoding the name says.
    case $sbom in
      *.spdx.json) enc=spdx-json ;;
      *.spdx) enc=spdx ;;
      *.xml) enc=xml ;;
      *) enc=json ;;
    esac
    sbom=${sbom%.json}; sbom=${sbom%.xml}; sbom=${sbom%.cdx}; sbom=${sbom%.spdx}.d
    mkdir -p "$sbom"
    args+=(--sbom-dir "$sbom" --sbom-format "$enc")
  fi
fi
# The github format appends the Markdown summary itself; others get it here.
summary=
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "$format" != github ]; then
  summary=$out/summary.md
  args+=(--format "markdown=$summary")
fi
"$bin" "${args[@]}" "${extra[@]}"
code=$?
if [ "$code" -ge 2 ]; then
  exit "$code"
fi
findings=$(grep -cE '"kind": "(module|policy)"' "$json" || true)
if [ -n "$summary" ]; then
  cat "$summary" >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "sarif=$sarif"
    echo "json=$json"
    echo "sbom=$sbom"
    echo "findings=$findings"
  } >>"$GITHUB_OUTPUT"
fi
exit "$code"
