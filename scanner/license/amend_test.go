package license

import (
	"os"
	"strings"
	"testing"

	"github.com/google/licensecheck"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// TestBuiltinAmendments: each amendment applies to the built-in pattern it
// names (it fails when a licensecheck upgrade changes that pattern), and
// the SPDX texts the built-in patterns missed are found, with the
// wordings licensecheck's own test files hold (checked against all of
// them by TestExtraPatternsChangeNoRightAnswer).
func TestBuiltinAmendments(t *testing.T) {
	lres := map[string]string{}
	for _, l := range licensecheck.BuiltinLicenses() {
		lres[l.ID] = l.LRE
	}
	for id, as := range builtinAmendments {
		for _, a := range as {
			if !strings.Contains(lres[id], a.Old) {
				t.Errorf("%s: the built-in pattern has no %q to amend", id, a.Old)
			}
		}
	}
	d := &Classifier{}
	tests := []struct {
		file, want string
	}{
		// The SPDX text: "without specific, written prior permission".
		{"../../testdata/twins/MIT-CMU.canonical.txt", "MIT-CMU"},
		{"../../testdata/twins/MIT-CMU.holder.txt", "MIT-CMU"},
		{"../../testdata/twins/MIT-CMU.rewrapped.txt", "MIT-CMU"},
		// licensecheck's test text: "without specific, written permission".
		{"", "MIT-CMU"},
	}
	for _, tt := range tests {
		var data []byte
		if tt.file == "" {
			data = []byte(mitCMUNoPrior)
		} else {
			var err error
			if data, err = os.ReadFile(tt.file); err != nil {
				t.Fatal(err)
			}
		}
		ev := d.Classify(tt.file, data, true)
		if ev.Verdict != model.VerdictLicense || ev.License != tt.want {
			t.Errorf("%s: %s %q (%s), want license %s", tt.file, ev.Verdict, ev.License, ev.Note, tt.want)
		}
	}
}

// mitCMUNoPrior is MIT-CMU in licensecheck's test wording (its
// testdata/MIT-CMU.t1), without "prior".
const mitCMUNoPrior = `Copyright 2001 A. Holder

By obtaining, using, and/or copying this software and/or its associated documentation, you agree that you have read, understood, and will comply with the following terms and conditions:

Permission to use, copy, modify, and distribute this software and its associated documentation for any purpose and without fee is hereby granted, provided that the above copyright notice appears in all copies, and that both that copyright notice and this permission notice appear in supporting documentation, and that the name of the copyright holder not be used in advertising or publicity pertaining to distribution of the software without specific, written permission.

THE COPYRIGHT HOLDER DISCLAIM ALL WARRANTIES WITH REGARD TO THIS SOFTWARE, INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE COPYRIGHT HOLDER BE LIABLE FOR ANY SPECIAL, INDIRECT OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM THE LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
`
