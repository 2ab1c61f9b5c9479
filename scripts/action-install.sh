#!/usr/bin/env bash
# The install step of action.yml. It puts ospo-scan's path in $GITHUB_ENV
# as OSPO_SCAN_BIN.
#
#   install-mode binary (default): the release archive of the version asked
#     for (the `version` input, else the tag the action itself was used at,
#     e.g. ospo-scan/ospo-scan@v0.3.1), verified against the release's
#     checksums.txt and kept in the runner's tool cache; a version that is
#     no release tag (a branch, a commit, "latest") falls back to go install.
#   install-mode go-install: go install ...@VERSION (needs setup-go).
#   install-mode none: ospo-scan already on PATH (or OSPO_SCAN_BIN).
#
# OSPO_SCAN_RELEASES overrides the download base (tests use a file:// URL).
set -euo pipefail
mode=${INPUT_INSTALL_MODE:-binary}
version=${INPUT_VERSION:-}
[ -n "$version" ] || version=${OSPO_ACTION_REF:-latest}
base=${OSPO_SCAN_RELEASES:-https://github.com/ospo-scan/ospo-scan/releases/download}
env_file=${GITHUB_ENV:-/dev/null}

fail() { echo "::error title=ospo-scan install::$*" >&2; exit 1; }

case $mode in
  none)
    if [ -n "${OSPO_SCAN_BIN:-}" ]; then exit 0; fi
    command -v ospo-scan >/dev/null || fail "install-mode none, but ospo-scan is not on PATH"
    echo "OSPO_SCAN_BIN=$(command -v ospo-scan)" >>"$env_file"
    exit 0 ;;
  binary|go-install) ;;
  *) fail "install-mode '$mode': want binary, go-install or none" ;;
esac

# A release tag: vMAJOR.MINOR.PATCH with an optional pre-release.
if [ "$mode" = binary ] && ! [[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "ospo-scan: '$version' is not a release tag; installing with go install"
  mode=go-install
fi

if [ "$mode" = go-install ]; then
  command -v go >/dev/null || fail "go install of ospo-scan@$version needs Go: add actions/setup-go before this step, or use a release tag"
  bindir=${RUNNER_TEMP:-$(mktemp -d)}/ospo-scan-bin
  GOBIN=$bindir go install "github.com/ospo-scan/ospo-scan/cmd/ospo-scan@$version"
  echo "OSPO_SCAN_BIN=$bindir/ospo-scan" >>"$env_file"
  exit 0
fi

case ${RUNNER_OS:-$(uname -s)} in
  Linux|linux) os=linux ;;
  macOS|Darwin) os=darwin ;;
  Windows|MINGW*|MSYS*|CYGWIN*) os=windows ;;
  *) fail "no release archive for runner OS ${RUNNER_OS:-$(uname -s)}: use install-mode go-install" ;;
esac
case ${RUNNER_ARCH:-$(uname -m)} in
  X64|x86_64|amd64) arch=amd64 ;;
  ARM64|aarch64|arm64) arch=arm64 ;;
  *) fail "no release archive for runner arch ${RUNNER_ARCH:-$(uname -m)}: use install-mode go-install" ;;
esac
exe=ospo-scan; ext=tar.gz
if [ "$os" = windows ]; then exe=ospo-scan.exe; ext=zip; fi
archive="ospo-scan_${version#v}_${os}_${arch}.$ext"

cache=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/ospo-scan/${version#v}/$arch
if [ -f "$cache.complete" ] && [ -x "$cache/$exe" ]; then
  echo "ospo-scan $version from the tool cache"
  echo "OSPO_SCAN_BIN=$cache/$exe" >>"$env_file"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 -o "$tmp/$archive" "$base/$version/$archive" || fail "cannot download $base/$version/$archive"
curl -fsSL --retry 3 -o "$tmp/checksums.txt" "$base/$version/checksums.txt" || fail "cannot download $base/$version/checksums.txt"
want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/checksums.txt")
[ -n "$want" ] || fail "checksums.txt of $version lists no $archive"
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$tmp/$archive" | awk '{print $1}')
else
  got=$(shasum -a 256 "$tmp/$archive" | awk '{print $1}')
fi
[ "$got" = "$want" ] || fail "$archive: sha256 $got does not match checksums.txt ($want); not installed"

rm -rf "$cache" && mkdir -p "$cache"
if [ "$ext" = zip ]; then
  # Git Bash's tar is GNU tar, which cannot read zip: unzip, else Windows'
  # own tar (bsdtar), else PowerShell.
  if command -v unzip >/dev/null; then
    unzip -q -o "$tmp/$archive" "$exe" -d "$cache" || fail "$archive holds no $exe"
  elif [ -x /c/Windows/System32/tar.exe ]; then
    /c/Windows/System32/tar.exe -xf "$tmp/$archive" -C "$cache" "$exe" || fail "$archive holds no $exe"
  else
    pwsh -NoProfile -Command "Expand-Archive -Force -Path '$tmp/$archive' -DestinationPath '$cache'" || fail "cannot unpack $archive"
  fi
  [ -f "$cache/$exe" ] || fail "$archive holds no $exe"
else
  tar -xzf "$tmp/$archive" -C "$cache" "$exe" || fail "$archive holds no $exe"
fi
touch "$cache.complete"
echo "ospo-scan $version installed from $archive (sha256 verified)"
echo "OSPO_SCAN_BIN=$cache/$exe" >>"$env_file"
