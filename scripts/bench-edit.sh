#!/usr/bin/env bash
# For scripts/bench.sh: adds a file importing a standard package not yet
# used by that package (a main-module import edit), runs the command given,
# and removes the file again.
set -u
f=$(grep -l '^package main$' *.go cmd/*/*.go 2>/dev/null | grep -v _test.go | head -1)
d=$(dirname "$f")
pkg=main
std=(archive/tar archive/zip compress/bzip2 compress/lzw container/heap container/ring debug/dwarf debug/elf debug/gosym debug/pe encoding/ascii85 encoding/base32 encoding/csv go/doc go/printer hash/adler32 hash/crc64 image/gif index/suffixarray net/mail)
imp=${std[$((RANDOM % ${#std[@]}))]}
printf 'package %s\n\nimport _ "%s"\n' "$pkg" "$imp" > "$d/zz_bench_edit.go"
"$@" >/dev/null
code=$?
rm -f "$d/zz_bench_edit.go"
exit $code
