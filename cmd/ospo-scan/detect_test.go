package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDetectTextEscapes: file names and notes printed by detect's text
// output never carry control characters from the input.
func TestDetectTextEscapes(t *testing.T) {
	isc, err := os.ReadFile("../../testdata/licenses/isc.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	evil := filepath.Join(dir, "a\x1b[2Jb\tc")
	if err := os.Mkdir(evil, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(evil, "LICENSE"), isc, 0o644)
	named := filepath.Join(dir, "x\x1b]0;title\x07")
	os.WriteFile(named, isc, 0o644)
	empty := filepath.Join(evil, "COPYING")
	os.WriteFile(empty, nil, 0o644)
	var out, errb bytes.Buffer
	if err := runDetect(context.Background(), []string{evil, named}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, c := range []string{"\x1b", "\x07"} {
		if strings.Contains(got, c) {
			t.Errorf("output holds %q:\n%q", c, got)
		}
	}
	for _, want := range []string{`a\x1b[2Jb\tc/LICENSE`, `x\x1b]0;title\x07`, `a\x1b[2Jb\tc/COPYING`} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %s:\n%s", want, got)
		}
	}
	// Every row has the table's five columns: a tab in a name is escaped.
	for _, line := range strings.Split(strings.TrimSpace(got), "\n")[1:] {
		if !strings.Contains(line, "ISC") && !strings.Contains(line, "unknown") {
			t.Errorf("row %q: columns shifted", line)
		}
	}
	// A missing path named in the error is escaped too.
	err = runDetect(context.Background(), []string{filepath.Join(dir, "gone\x1b[31m")}, &out, &errb)
	if err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("missing path error = %q", err)
	}
}
