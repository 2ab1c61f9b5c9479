package scanner

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// caseVariants returns n spellings of name differing in case (LICENSE,
// lICENSE, ...): distinct files on a case-sensitive file system, all
// license files to FileRole.
func caseVariants(name string, n int) []string {
	var out []string
	for mask := 0; mask < 1<<len(name) && len(out) < n; mask++ {
		b := []byte(strings.ToUpper(name))
		for i := range b {
			if mask&(1<<i) != 0 {
				b[i] = strings.ToLower(string(b[i]))[0]
			}
		}
		out = append(out, string(b))
	}
	return out
}

// hostileModule writes a module of n license files of size bytes each,
// repeated ISC texts, and returns its directory.
func hostileModule(t testing.TB, n, size int) string {
	isc, err := os.ReadFile("../testdata/licenses/isc.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	data := bytes.Repeat(isc, size/len(isc)+1)[:size]
	for _, name := range caseVariants("license", n) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != n {
		t.Skipf("case-insensitive file system: %d files, want %d", len(entries), n)
	}
	return dir
}

// TestModuleLicenseBudget: a module's license files are read up to
// MaxModuleLicenseBytes; the files beyond are evidence with verdict
// unknown and a reason, so the module has no license (fail closed), and
// its reason stays short.
func TestModuleLicenseBudget(t *testing.T) {
	const n, size = 12, MaxLicenseFileSize
	dir := hostileModule(t, n, size)
	d := NewDetector()
	m := &model.Module{Path: "example.com/many", Version: "v1.0.0", Dir: dir}
	lic := d.DetectModule(m)
	if len(lic.Evidence) != n {
		t.Fatalf("%d evidence entries, want %d (one per file)", len(lic.Evidence), n)
	}
	read, skipped := 0, 0
	for _, ev := range lic.Evidence {
		switch {
		case ev.SHA256 != "":
			read++
			if ev.Verdict != model.VerdictLicense || ev.License != "ISC" {
				t.Errorf("%s: read but %s %q", ev.File, ev.Verdict, ev.License)
			}
		case ev.Verdict == model.VerdictUnknown && strings.Contains(ev.Note, "budget for license evidence"):
			skipped++
		default:
			t.Errorf("%s: %s, note %q", ev.File, ev.Verdict, ev.Note)
		}
	}
	if want := MaxModuleLicenseBytes / size; read != want || skipped != n-want {
		t.Errorf("%d files read, %d skipped; want %d and %d", read, skipped, want, n-want)
	}
	if lic.Expression != "" {
		t.Errorf("module concluded %q with files unread; want no license", lic.Expression)
	}
	if !strings.Contains(lic.Reason, "budget") || len(lic.Reason) > 2000 {
		t.Errorf("reason (%d bytes) = %q", len(lic.Reason), lic.Reason)
	}
	// The content key reads within the same budget, and agrees.
	local := &model.Module{Path: "example.com/many", Version: "v0.0.0", Dir: dir, Replace: &model.Replacement{Path: "./many"}}
	k1, ok := detectKey(local, nil)
	if !ok {
		t.Fatal("module with files over the budget cannot be keyed")
	}
	// A change to a file not read (over the budget) keeps its size: the
	// result, and so the key, is the same; a change to a file read is not.
	last := filepath.Join(dir, filepath.FromSlash(lic.Evidence[n-1].File))
	data, _ := os.ReadFile(last)
	data[0] ^= 1
	os.WriteFile(last, data, 0o644)
	if k2, _ := detectKey(local, nil); k2 != k1 {
		t.Error("a change to a file over the budget changed the key")
	}
	first := filepath.Join(dir, filepath.FromSlash(lic.Evidence[0].File))
	os.WriteFile(first, data, 0o644)
	if k3, _ := detectKey(local, nil); k3 == k1 {
		t.Error("a change to a file read did not change the key")
	}
}

// TestModuleBudgetGoesToLicenseFiles: the license files of the usual
// names are read first, so large files of other names (third-party
// lists, which sort before LICENSE) never leave them unread; the evidence
// stays in path order, and the content key reads in the same order.
func TestModuleBudgetGoesToLicenseFiles(t *testing.T) {
	isc, err := os.ReadFile("../testdata/licenses/isc.txt")
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("word ", MaxLicenseFileSize/5-1)
	files := map[string]string{"LICENSE": string(isc)}
	for i := range 5 {
		files[fmt.Sprintf("3RD-PARTY-LICENSES-%d.txt", i)] = big
	}
	dir := writeModule(t, files)
	lic := NewDetector().DetectModule(&model.Module{Path: "example.com/m", Version: "v1.0.0", Dir: dir})
	if lic.Expression != "ISC" {
		t.Errorf("license %q (%s), want ISC", lic.Expression, lic.Reason)
	}
	var names []string
	for _, ev := range lic.Evidence {
		names = append(names, ev.File)
	}
	if !sort.StringsAreSorted(names) || len(names) != 6 {
		t.Errorf("evidence %q, want the 6 files in path order", names)
	}
	local := &model.Module{Path: "example.com/m", Version: "v0.0.0", Dir: dir, Replace: &model.Replacement{Path: "./m"}}
	k1, ok := detectKey(local, nil)
	if !ok {
		t.Fatal("cannot key the module")
	}
	os.WriteFile(filepath.Join(dir, "LICENSE"), append(isc, '\n'), 0o644)
	if k2, _ := detectKey(local, nil); k2 == k1 {
		t.Error("a change to LICENSE, read first, did not change the key")
	}
}

// TestModuleUnderBudget: a module of ordinary license files is read whole.
func TestModuleUnderBudget(t *testing.T) {
	dir := hostileModule(t, 3, 64<<10)
	lic := NewDetector().DetectModule(&model.Module{Path: "example.com/m", Version: "v1.0.0", Dir: dir})
	if lic.Expression != "ISC" || len(lic.Evidence) != 3 {
		t.Errorf("license %q reason %q, %d files", lic.Expression, lic.Reason, len(lic.Evidence))
	}
}

// BenchmarkClassifySize shows that classifying a file costs about its
// size (issue #16, item 11). Texts of repeated licenses (a match each) took
// about 30 times as long for 8 times the bytes when each match's line was
// found by counting newlines from the start, each runner-up searched all
// its partner's matches and each GNU match ran its regexps over the whole
// text; compare the 128KiB and 1MiB lines of
//
//	go test ./scanner -run XXX -bench ClassifySize
//
// (speed is measured here, never asserted in a test).
func BenchmarkClassifySize(b *testing.B) {
	d := NewDetector()
	if err := d.Warm(); err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"isc.txt", "0bsd.txt", "bsd3-google.txt", "lgpl3-embeds-gpl3.txt"} {
		unit, err := os.ReadFile(filepath.Join("../testdata/licenses", name))
		if err != nil {
			b.Fatal(err)
		}
		for _, size := range []int{128 << 10, 1 << 20} {
			data := bytes.Repeat(unit, size/len(unit)+1)[:size]
			b.Run(fmt.Sprintf("%s/%dKiB", name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(size))
				for b.Loop() {
					d.Classify("LICENSE", data, true)
				}
			})
		}
	}
}

// BenchmarkDetectModuleHostile measures issue #16's slow path: one module
// with 128 license files of 1 MiB each (repeated ISC texts, a match
// each): go test ./scanner -run XXX -bench DetectModuleHostile -benchtime 1x
func BenchmarkDetectModuleHostile(b *testing.B) {
	dir := hostileModule(b, 128, MaxLicenseFileSize)
	d := NewDetector()
	if err := d.Warm(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d.DetectModule(&model.Module{Path: "example.com/many", Version: "v1.0.0", Dir: dir})
	}
}
