#!/usr/bin/env bash
# The scan step of action.yml (a composite GitHub Action). Inputs come as
# INPUT_* environment variables; outputs go to $GITHUB_OUTPUT, the job
# summary to $GITHUB_STEP_SUMMARY. It runs ospo-scan ($OSPO_SCAN_BIN, else
# ospo-scan on PATH) once for the JSON report, SARIF and SBOM, then prints
# the report in the requested format, and exits with ospo-scan's code.
set -uo pipefail
bin=${OSPO_SCAN_BIN:-ospo-scan}
out=${RUNNER_TEMP:-$(mktemp -d)}/ospo-scan
mkdir -p "$out"
read -r -a extra <<<"${INPUT_ARGS:-./...}"
common=(--fail-on "${INPUT_FAIL_ON:-deny}")
[ -n "${INPUT_POLICY:-}" ] && common+=(--policy "$INPUT_POLICY")
sarif=$out/ospo-scan.sarif
# One scan writes the SARIF and the SBOM; the cache makes the second run
# (the report in the log) skip the go command and detection.
first=(--format sarif -o "$sarif")
[ -n "${INPUT_SBOM:-}" ] && first+=(--sbom "$INPUT_SBOM")
"$bin" "${common[@]}" "${first[@]}" "${extra[@]}"
code=$?
if [ "$code" -ge 2 ]; then
  exit "$code"
fi
"$bin" "${common[@]}" --format "${INPUT_FORMAT:-github}" "${extra[@]}"
findings=$("$bin" --fail-on never --format json "${common[@]:2}" "${extra[@]}" | grep -cE '"kind": "(module|policy)"' || true)
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "${INPUT_FORMAT:-github}" != github ]; then
  "$bin" --fail-on never --format markdown "${common[@]:2}" "${extra[@]}" >>"$GITHUB_STEP_SUMMARY" || true
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "sarif=$sarif"
    if [ -n "${INPUT_SBOM:-}" ]; then echo "sbom=$INPUT_SBOM"; else echo "sbom="; fi
    echo "findings=$findings"
  } >>"$GITHUB_OUTPUT"
fi
exit "$code"
