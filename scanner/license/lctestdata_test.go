package license

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/licensecheck"
)

// licensecheckDir returns the module directory of licensecheck, whose
// testdata holds real-world license variants with their expected ids.
func licensecheckDir(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-json", "github.com/google/licensecheck").Output()
	if err != nil {
		t.Skipf("go list -m licensecheck: %v", err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		t.Skip("licensecheck source not in the module cache")
	}
	return m.Dir
}

// TestExtraPatternsChangeNoRightAnswer checks that the patterns added to
// licensecheck's list (generated SPDX texts and our own) change no answer
// that licensecheck alone got right on its own test corpus.
func TestExtraPatternsChangeNoRightAnswer(t *testing.T) {
	dir := licensecheckDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "testdata", "*.t*"))
	if len(files) == 0 {
		t.Skip("no licensecheck testdata")
	}
	builtin, err := licensecheck.NewScanner(licensecheck.BuiltinLicenses())
	if err != nil {
		t.Fatal(err)
	}
	d := &Classifier{}
	if err := d.Warm(); err != nil {
		t.Fatal(err)
	}
	changed := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.Index(data, []byte("\n\n"))
		if i < 0 {
			continue
		}
		var want []string
		for _, l := range strings.Split(string(data[:i]), "\n")[1:] {
			if f := strings.Fields(l); len(f) > 0 && !strings.HasPrefix(l, "#") {
				want = append(want, f[0])
			}
		}
		text := data[i+2:]
		before, after := ids(builtin.Scan(text)), ids(d.sc.Scan(text))
		sort.Strings(want)
		if reason, ok := deliberateChanges[filepath.Base(f)]; ok {
			t.Logf("%s: %v -> %v (deliberate: %s)", filepath.Base(f), before, after, reason)
			continue
		}
		if strings.Join(before, ",") == strings.Join(want, ",") && strings.Join(after, ",") != strings.Join(want, ",") {
			changed++
			t.Errorf("%s: licensecheck alone found %v (right); with the extra patterns %v", filepath.Base(f), before, after)
		}
	}
	t.Logf("%d files, %d right answers changed", len(files), changed)
}

// deliberateChanges are licensecheck test files whose answer the extra
// patterns change on purpose, with the reason.
var deliberateChanges = map[string]string{
	"OpenSSL.t2":    "the file holds the OpenSSL license without the SSLeay half; SPDX (since 3.21) names that text OpenSSL-standalone, and OpenSSL is the pair",
	"MIT-Header.t1": "\"Licensed under the MIT License\" is a license notice: ospo-scan reads such short notices as the license they name",
}

func ids(c licensecheck.Coverage) []string {
	var out []string
	for _, m := range c.Match {
		if !m.IsURL {
			out = append(out, strings.TrimSuffix(m.ID, ownNoticeSuffix))
		}
	}
	sort.Strings(out)
	return out
}
