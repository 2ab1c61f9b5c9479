package license

import (
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/google/licensecheck"

	lcscan "github.com/ospo-scan/ospo-scan/internal/third_party/licensecheck"
)

// scanners holds licensecheck's own scanner and the fork's, over the
// detector's whole pattern list, built once per test binary.
var scanners struct {
	once     sync.Once
	upstream *licensecheck.Scanner
	fork     *lcscan.Scanner
	err      error
}

func bothScanners(tb testing.TB) (*licensecheck.Scanner, *lcscan.Scanner) {
	scanners.once.Do(func() {
		list := extraLicenses(licensecheck.BuiltinLicenses())
		if scanners.upstream, scanners.err = licensecheck.NewScanner(list); scanners.err != nil {
			return
		}
		scanners.fork, scanners.err = lcscan.NewScanner(list)
	})
	if scanners.err != nil {
		tb.Fatal(scanners.err)
	}
	return scanners.upstream, scanners.fork
}

// forkTexts returns the texts the fork is checked on: licensecheck's test
// files, ours, and the fuzz corpus of the classifier.
func forkTexts(t testing.TB) map[string][]byte {
	globs := []string{
		filepath.Join(licensecheckDir(t), "testdata", "*"),
		filepath.Join("..", "..", "testdata", "licenses", "*"),
		filepath.Join("..", "testdata", "fuzz", "FuzzClassify", "*"),
	}
	texts := map[string][]byte{}
	for _, g := range globs {
		files, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts[f] = data
		}
	}
	return texts
}

// TestForkScansAsLicensecheck checks that the detector's scanner (the fork
// with the lazily built DFA) reports exactly what licensecheck's own
// scanner reports over the same pattern list.
func TestForkScansAsLicensecheck(t *testing.T) {
	if testing.Short() {
		t.Skip("builds licensecheck's full scanner")
	}
	upstream, fork := bothScanners(t)
	texts := forkTexts(t)
	if len(texts) < 100 {
		t.Fatalf("only %d texts to check", len(texts))
	}
	for name, text := range texts {
		if want, got := upstream.Scan(text), fork.Scan(text); !reflect.DeepEqual(want, got) {
			t.Errorf("%s:\nlicensecheck: %+v\nfork:         %+v", name, want, got)
		}
	}
}

// FuzzForkScan checks the same on any input.
func FuzzForkScan(f *testing.F) {
	for _, text := range forkTexts(f) {
		if len(text) < 8000 {
			f.Add(text)
		}
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		upstream, fork := bothScanners(t)
		if want, got := upstream.Scan(text), fork.Scan(text); !reflect.DeepEqual(want, got) {
			t.Errorf("licensecheck: %+v\nfork:         %+v", want, got)
		}
	})
}

// TestForkOnCorpus compares the fork with licensecheck on every license
// file under $OSPO_FORK_CORPUS (for example a module cache):
//
//	OSPO_FORK_CORPUS=$(go env GOMODCACHE) go test ./scanner -run TestForkOnCorpus
func TestForkOnCorpus(t *testing.T) {
	root := os.Getenv("OSPO_FORK_CORPUS")
	if root == "" {
		t.Skip("set OSPO_FORK_CORPUS to a directory tree")
	}
	upstream, fork := bothScanners(t)
	n := 0
	err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || FileRole(e.Name()) == "" || !e.Type().IsRegular() {
			return nil
		}
		text, err := os.ReadFile(p)
		if err != nil || len(text) > 1<<20 { // scanner.MaxLicenseFileSize
			return nil
		}
		n++
		if want, got := upstream.Scan(text), fork.Scan(text); !reflect.DeepEqual(want, got) {
			t.Errorf("%s:\nlicensecheck: %+v\nfork:         %+v", p, want, got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d license files compared", n)
}
