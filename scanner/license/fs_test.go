package license

import (
	"os"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestModuleFS: a module's conclusion over an fs.FS, with no go command
// and no disk: license files at the root and in a used package's
// directory must all be licenses (AND), documentation licenses and
// notices are evidence only, and a file that cannot be read leaves the
// module unknown.
func TestModuleFS(t *testing.T) {
	isc, err := os.ReadFile("../../testdata/licenses/isc.txt")
	if err != nil {
		t.Fatal(err)
	}
	mpl, err := os.ReadFile("../../testdata/licenses/mpl-2.0.txt")
	if err != nil {
		t.Fatal(err)
	}
	mit, err := os.ReadFile("../../testdata/licenses/x11.txt")
	if err != nil {
		t.Fatal(err)
	}
	bsd, err := os.ReadFile("../../testdata/licenses/bsd3-holder.txt")
	if err != nil {
		t.Fatal(err)
	}
	sqlite, err := os.ReadFile("../../testdata/licenses/sqlite-public-domain.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		fs        fstest.MapFS
		dirs      []string
		files     []string
		license   string
		notices   []string
		verdicts  []string
		reasonSet bool
	}{
		{"root license", fstest.MapFS{"LICENSE": {Data: isc}, "README.md": {Data: []byte("hi")}}, []string{"."},
			[]string{"LICENSE"}, "ISC", nil, []string{model.VerdictLicense}, false},
		{"package license is ANDed", fstest.MapFS{"LICENSE": {Data: isc}, "sub/COPYING": {Data: mpl}}, []string{".", "sub"},
			[]string{"LICENSE", "sub/COPYING"}, "ISC AND MPL-2.0", nil, []string{model.VerdictLicense, model.VerdictLicense}, false},
		{"docs and notice are evidence", fstest.MapFS{"LICENSE": {Data: isc}, "LICENSE.docs": {Data: mpl}, "NOTICE": {Data: []byte("Copyright x")}}, []string{"."},
			[]string{"LICENSE", "LICENSE.docs", "NOTICE"}, "ISC", []string{"NOTICE"}, []string{model.VerdictLicense, model.VerdictLicense}, false},
		{"a full second license text under another name is ANDed", fstest.MapFS{"LICENSE": {Data: isc}, "APACHE-LICENSE-2.0": {Data: mpl}}, []string{"."},
			[]string{"APACHE-LICENSE-2.0", "LICENSE"}, "ISC AND MPL-2.0", nil, []string{model.VerdictLicense, model.VerdictLicense}, false},
		{"a third-party list is evidence only", fstest.MapFS{"LICENSE": {Data: isc}, "LICENSE-THIRD-PARTY": {Data: mpl}}, []string{"."},
			[]string{"LICENSE", "LICENSE-THIRD-PARTY"}, "ISC", nil, []string{model.VerdictLicense, model.VerdictLicense}, false},
		{"a file of many licenses under another name is a list", fstest.MapFS{"LICENSE": {Data: isc}, "LICENSES.txt": {Data: []byte(string(mpl) + "\n\n" + string(mit) + "\n\n" + string(bsd))}}, []string{"."},
			[]string{"LICENSE", "LICENSES.txt"}, "ISC", nil, []string{model.VerdictLicense, model.VerdictLicense}, false},
		{"a license statement under another name is ANDed", fstest.MapFS{"LICENSE": {Data: isc}, "LICENSE_HEADER.txt": {Data: []byte("Licensed under the MIT License.\n")}}, []string{"."},
			[]string{"LICENSE", "LICENSE_HEADER.txt"}, "ISC AND MIT", nil, []string{model.VerdictLicense, model.VerdictLicense}, false},
		{"no license text under another name is evidence only", fstest.MapFS{"LICENSE": {Data: isc}, "SQLITE-LICENSE": {Data: sqlite}}, []string{"."},
			[]string{"LICENSE", "SQLITE-LICENSE"}, "ISC", nil, []string{model.VerdictLicense, model.VerdictAmbiguous}, false},
		{"too big", fstest.MapFS{"LICENSE": {Data: make([]byte, 2<<20)}}, []string{"."},
			[]string{"LICENSE"}, "", nil, []string{model.VerdictUnknown}, true},
		{"no license file", fstest.MapFS{"main.go": {Data: []byte("package main")}}, []string{"."},
			nil, "", nil, nil, true},
	}
	var c Classifier
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := ModuleFiles(tt.fs, tt.dirs)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(files, tt.files) {
				t.Errorf("files %q, want %q", files, tt.files)
			}
			lic := c.Module(FSReader{FS: tt.fs}, files)
			if lic.Expression != tt.license || (lic.Reason != "") != tt.reasonSet {
				t.Errorf("license %q (reason %q), want %q", lic.Expression, lic.Reason, tt.license)
			}
			if !slices.Equal(lic.Notices, tt.notices) {
				t.Errorf("notices %q, want %q", lic.Notices, tt.notices)
			}
			var verdicts []string
			for _, ev := range lic.Evidence {
				verdicts = append(verdicts, ev.Verdict)
				if ev.Verdict != model.VerdictUnknown && ev.SHA256 == "" {
					t.Errorf("%s: no sha256", ev.File)
				}
			}
			if !slices.Equal(verdicts, tt.verdicts) {
				t.Errorf("verdicts %q, want %q", verdicts, tt.verdicts)
			}
		})
	}
	if _, err := ModuleFiles(fstest.MapFS{}, []string{"missing"}); err != nil {
		t.Errorf("a package directory that cannot be listed: %v", err)
	}
}
