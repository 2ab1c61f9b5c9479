#!/usr/bin/env bash
# Copies the shared license classification data into the repository and
# regenerates the Go tables built from it. Run from the project root.
set -euo pipefail
src=${1:-../shared/data}
cp "$src/licenses.tsv" "$src/exceptions.tsv" internal/licensedata/
go generate ./internal/spdxexpr/...
