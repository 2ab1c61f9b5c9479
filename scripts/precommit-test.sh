#!/usr/bin/env bash
# Tests the pre-commit hook with the real pre-commit program: a throwaway Go
# repository depends on an AGPL module served from a local file GOPROXY;
# `pre-commit try-repo` against a committed snapshot of this checkout must
# fail naming it, then pass once the policy has an exception.
#
#   scripts/precommit-test.sh          (installs pre-commit with apt if missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v pre-commit >/dev/null || { apt-get install -y -qq pre-commit >/dev/null || { echo "precommit-test: cannot install pre-commit" >&2; exit 1; }; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# A committed snapshot of this checkout (pre-commit clones the hook repo).
git clone -q "$root" "$tmp/hookrepo"
if [ -n "$(git -C "$root" status --porcelain)" ]; then
  (cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 -I{} cp --parents {} "$tmp/hookrepo/" 2>/dev/null || true)
  git -C "$tmp/hookrepo" add -A && git -C "$tmp/hookrepo" -c user.email=t@t -c user.name=t commit -qm snapshot
fi

# A file:// module proxy serving example.com/agpl v1.0.0 (AGPL-3.0 text).
proxy=$tmp/proxy/example.com/agpl/@v
mkdir -p "$proxy"
printf 'v1.0.0\n' >"$proxy/list"
printf '{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n' >"$proxy/v1.0.0.info"
printf 'module example.com/agpl\n\ngo 1.21\n' >"$proxy/v1.0.0.mod"
python3 - "$proxy/v1.0.0.zip" "$root/testdata/mod/example.com_agpl_v1.0.0.txtar" <<'PY'
import re, sys, zipfile
files = dict(re.findall(r'^-- (\S+) --\n(.*?)(?=^-- |\Z)', open(sys.argv[2]).read(), re.S | re.M))
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for name, body in sorted(files.items()):
        if not name.startswith("."):
            z.writestr("example.com/agpl@v1.0.0/" + name, body)
PY
export GOPROXY="file://$tmp/proxy,https://proxy.golang.org" GONOSUMDB=example.com GONOSUMCHECK=1 GOFLAGS=-modcacherw
export GOMODCACHE=$tmp/modcache PRE_COMMIT_HOME=${PRE_COMMIT_HOME:-$tmp/pre-commit-home}

mkdir "$tmp/app" && cd "$tmp/app"
printf 'module example.com/app\n\ngo 1.21\n\nrequire example.com/agpl v1.0.0\n' >go.mod
printf 'package main\n\nimport "example.com/agpl"\n\nfunc main() { agpl.A() }\n' >main.go
go mod tidy
git init -q . && git add -A && git -c user.email=t@t -c user.name=t commit -qm init

if pre-commit try-repo "$tmp/hookrepo" ospo-scan --all-files >"$tmp/out1" 2>&1; then
  cat "$tmp/out1"; echo "precommit-test: FAIL: the hook passed with an AGPL dependency"; exit 1
fi
grep -q "example.com/agpl" "$tmp/out1" || { cat "$tmp/out1"; echo "precommit-test: FAIL: the hook failed without naming the module"; exit 1; }

printf 'version: 1\nexceptions:\n  - module: example.com/agpl\n    decision: allow\n    reason: internal tool, reviewed\n    approved-by: legal@example.com\n    expires: 2099-12-31\n' >.ospo-policy.yaml
git add -A && git -c user.email=t@t -c user.name=t commit -qm policy
if ! pre-commit try-repo "$tmp/hookrepo" ospo-scan --all-files >"$tmp/out2" 2>&1; then
  cat "$tmp/out2"; echo "precommit-test: FAIL: the hook still fails after the exception"; exit 1
fi
echo "precommit-test: ok: the hook fails on the AGPL dependency and passes with a reviewed exception"

# 2. An import-only change: a module go.mod requires for a test only is
# imported by main.go; staging main.go alone must run the hook and deny it.
rm .ospo-policy.yaml
printf 'package main\n\nfunc main() {}\n' >main.go
printf 'package main\n\nimport (\n\t"testing"\n\n\t"example.com/agpl"\n)\n\nfunc TestA(t *testing.T) { agpl.A() }\n' >main_test.go
git add -A && git -c user.email=t@t -c user.name=t commit -qm "test-only use"
if ! pre-commit try-repo "$tmp/hookrepo" ospo-scan --all-files >"$tmp/out3" 2>&1; then
  cat "$tmp/out3"; echo "precommit-test: FAIL: the hook fails on a test-only module"; exit 1
fi
printf 'package main\n\nimport "example.com/agpl"\n\nfunc main() { agpl.A() }\n' >main.go
git add main.go
if pre-commit try-repo "$tmp/hookrepo" ospo-scan >"$tmp/out4" 2>&1; then
  cat "$tmp/out4"; echo "precommit-test: FAIL: staging an import of a denied module passed the hook"; exit 1
fi
grep -q "example.com/agpl" "$tmp/out4" || { cat "$tmp/out4"; echo "precommit-test: FAIL: the hook skipped the .go change"; exit 1; }
echo "precommit-test: ok: staging main.go alone runs the hook and denies the import"
git reset -q --hard

# 2b. The ospo-scan-new hook (--baseline HEAD): nothing new passes;
# staging an import of the denied module fails, naming it; once HEAD has
# it, it passes.
if ! pre-commit try-repo "$tmp/hookrepo" ospo-scan-new --all-files >"$tmp/out5" 2>&1; then
  cat "$tmp/out5"; echo "precommit-test: FAIL: ospo-scan-new failed on what HEAD already has"; exit 1
fi
printf 'package main\n\nimport "example.com/agpl"\n\nfunc main() { agpl.A() }\n' >main.go
git add main.go
if pre-commit try-repo "$tmp/hookrepo" ospo-scan-new >"$tmp/out5" 2>&1; then
  cat "$tmp/out5"; echo "precommit-test: FAIL: ospo-scan-new passed a staged import of a denied module"; exit 1
fi
grep -q "New in this change" "$tmp/out5" && grep -q "example.com/agpl" "$tmp/out5" || { cat "$tmp/out5"; echo "precommit-test: FAIL: ospo-scan-new did not name the new module"; exit 1; }
git -c user.email=t@t -c user.name=t commit -qm "use agpl" --no-verify
if ! pre-commit try-repo "$tmp/hookrepo" ospo-scan-new --all-files >"$tmp/out5" 2>&1; then
  cat "$tmp/out5"; echo "precommit-test: FAIL: ospo-scan-new failed once HEAD has the module"; exit 1
fi
echo "precommit-test: ok: ospo-scan-new (--baseline HEAD) fails on what the commit brings, not on what HEAD has"
git reset -q --hard

# 3. A monorepo: the modules live in subdirectories, none at the root.
mkdir "$tmp/mono" && cd "$tmp/mono"
mkdir -p services/api services/web
printf 'module example.com/api\n\ngo 1.21\n\nrequire example.com/agpl v1.0.0\n' >services/api/go.mod
printf 'package main\n\nimport "example.com/agpl"\n\nfunc main() { agpl.A() }\n' >services/api/main.go
printf 'module example.com/web\n\ngo 1.21\n' >services/web/go.mod
printf 'package main\n\nfunc main() {}\n' >services/web/main.go
(cd services/api && go mod tidy)
git init -q . && git add -A && git -c user.email=t@t -c user.name=t commit -qm init
if pre-commit try-repo "$tmp/hookrepo" ospo-scan --all-files >"$tmp/out6" 2>&1; then
  cat "$tmp/out6"; echo "precommit-test: FAIL: the hook passed a monorepo with an AGPL dependency"; exit 1
fi
grep -q "\[example.com/api\] example.com/agpl" "$tmp/out6" || { cat "$tmp/out6"; echo "precommit-test: FAIL: the monorepo hook run did not name the module"; exit 1; }
echo "precommit-test: ok: at a monorepo root the hook scans each module and denies the AGPL dependency"

# 4. Offline install: a fresh pre-commit home with GOPROXY=off builds the
# hook from the module cache the first install filled; only ospo-scan
# lands on the hook's PATH (the code generators need -tags generate).
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: ospo-scan\n' "$tmp/hookrepo" "$(git -C "$tmp/hookrepo" rev-parse HEAD)" >.pre-commit-config.yaml
export PRE_COMMIT_HOME=$tmp/pre-commit-offline
GOPROXY=off pre-commit install-hooks >"$tmp/out7" 2>&1 || { cat "$tmp/out7"; echo "precommit-test: FAIL: the offline hook install failed"; exit 1; }
bins=$(find "$PRE_COMMIT_HOME" -path '*golangenv*/bin/*' -type f -printf '%f\n' | sort | tr '\n' ' ')
[ "$bins" = "ospo-scan " ] || { echo "precommit-test: FAIL: the hook install put [$bins] on PATH, want ospo-scan only"; exit 1; }
start=$(date +%s%N)
if GOPROXY=off pre-commit run ospo-scan --all-files >"$tmp/out8" 2>&1; then
  cat "$tmp/out8"; echo "precommit-test: FAIL: the offline hook passed the AGPL dependency"; exit 1
fi
first=$(( ($(date +%s%N) - start) / 1000000 ))
grep -q "\[example.com/api\] example.com/agpl" "$tmp/out8" || { cat "$tmp/out8"; echo "precommit-test: FAIL: the offline hook did not name the module"; exit 1; }
start=$(date +%s%N)
GOPROXY=off pre-commit run ospo-scan --all-files >/dev/null 2>&1 || true
second=$(( ($(date +%s%N) - start) / 1000000 ))
echo "precommit-test: installed hook on the monorepo: first run ${first} ms, second ${second} ms (pre-commit's own start included)"
echo "precommit-test: ok: offline (GOPROXY=off) install from the module cache; only ospo-scan on the hook's PATH"
