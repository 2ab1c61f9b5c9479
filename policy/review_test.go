package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

var (
	shaA = strings.Repeat("a", 64)
	shaB = strings.Repeat("b", 64)
	shaC = strings.Repeat("c", 64)
)

func withTexts(path, version, lic string, sums ...string) *model.Module {
	m := &model.Module{Path: path, Version: version, License: &model.License{Expression: lic}}
	for i, s := range sums {
		m.License.Evidence = append(m.License.Evidence, model.Evidence{File: []string{"LICENSE", "COPYING"}[i], SHA256: s, Verdict: model.VerdictLicense})
	}
	return m
}

// TestReview: an exception or override that pins license-sha256 applies
// only while the module's license files have exactly those hashes (issue
// #14, re-review on license change).
func TestReview(t *testing.T) {
	exc := func(pin string) string {
		return "exceptions:\n  - module: x.com/mpl\n    decision: allow\n    reason: reviewed\n    reviewed: 2026-01-10\n" + pin
	}
	tests := []struct {
		name, policy string
		mod          *model.Module
		want         decision
		finding      string // the module finding's message contains it; "" for none
		review       string // the review policy finding contains it; "" for none
	}{
		{"no pin: applies whatever the text", exc(""), withTexts("x.com/mpl", "v2", "MPL-2.0", shaB),
			decision{"allow", "exception[x.com/mpl]", "", ""}, "", ""},
		{"pin matches", exc("    license-sha256: " + shaA + "\n"), withTexts("x.com/mpl", "v2", "MPL-2.0", shaA),
			decision{"allow", "exception[x.com/mpl]", "", ""}, "", ""},
		{"pin of two files in another order, sha256: prefix and upper case", exc("    license-sha256: [" + strings.ToUpper(shaB) + ", sha256:" + shaA + "]\n"), withTexts("x.com/mpl", "v2", "MPL-2.0", shaA, shaB),
			decision{"allow", "exception[x.com/mpl]", "", ""}, "", ""},
		{"text changed: the exception stops applying", exc("    license-sha256: " + shaA + "\n"), withTexts("x.com/mpl", "v2", "MPL-2.0", shaB),
			decision{"warn", "category[weak-copyleft]", "", ""},
			"the exception for x.com/mpl at p.yaml:3 no longer applies: license text changed since it was reviewed on 2026-01-10 (sha256 aaaaaaaa… → bbbbbbbb…)",
			"exception for x.com/mpl no longer applies to x.com/mpl@v2: license text changed since it was reviewed on 2026-01-10 (sha256 aaaaaaaa… → bbbbbbbb…); review the new text, then set license-sha256 to " + shaB},
		{"a file added", exc("    license-sha256: " + shaA + "\n"), withTexts("x.com/mpl", "v2", "MPL-2.0", shaA, shaC),
			decision{"warn", "category[weak-copyleft]", "", ""}, "(sha256 none → cccccccc…)", "set license-sha256 to " + shaA + ", " + shaC},
		{"no license file now", exc("    license-sha256: " + shaA + "\n"), withTexts("x.com/mpl", "v2", ""),
			decision{"deny", "category[unknown]", "", ""}, "(sha256 aaaaaaaa… → none)", "set license-sha256 to none"},
		{"override pinned, text changed: detection decides", "overrides:\n  - module: x.com/mpl\n    license: MIT\n    reason: in README\n    license-sha256: " + shaA + "\n",
			withTexts("x.com/mpl", "v2", "MPL-2.0", shaB),
			decision{"warn", "category[weak-copyleft]", "", ""}, "the override for x.com/mpl at p.yaml:3 no longer applies: license text changed since it was reviewed (sha256", "override for x.com/mpl no longer applies"},
		{"override pinned, text the same", "overrides:\n  - module: x.com/mpl\n    license: MIT\n    reason: in README\n    license-sha256: " + shaB + "\n",
			withTexts("x.com/mpl", "v2", "MPL-2.0", shaB),
			decision{"allow", "category[permissive]", "", ""}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p.yaml", []byte("version: 1\n"+tt.policy))
			if err != nil {
				t.Fatal(err)
			}
			res := Evaluate(p, []*model.Module{tt.mod}, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
			checkDecision(t, *tt.mod.Decision, tt.want)
			var module, review string
			for _, f := range res.Findings {
				if f.Kind == model.KindModule {
					module = f.Message
				} else if f.Rule == "review" {
					review = f.Message
				} else {
					t.Errorf("unexpected finding %+v", f)
				}
			}
			if tt.finding == "" && strings.Contains(module, "no longer applies") || !strings.Contains(module, tt.finding) {
				t.Errorf("module finding %q, want it to contain %q", module, tt.finding)
			}
			if (tt.review == "") != (review == "") || !strings.Contains(review, tt.review) {
				t.Errorf("review finding %q, want %q", review, tt.review)
			}
		})
	}
}

func TestReviewErrors(t *testing.T) {
	tests := []struct{ policy, want string }{
		{"    license-sha256: abc\n", `p.yaml:7:21: license-sha256 "abc" is not a sha256 (64 hex digits)`},
		{"    license-sha256: []\n", "p.yaml:7:21: license-sha256 is empty"},
		{"    license-sha256: [" + shaA + ", {x: 1}]\n", "p.yaml:7"},
		{"    reviewed: yesterday\n", `p.yaml:7:15: reviewed is "yesterday"; want a date YYYY-MM-DD`},
	}
	for _, tt := range tests {
		_, err := Parse("p.yaml", []byte("version: 1\nexceptions:\n  - module: x.com/a\n    decision: allow\n    reason: r\n    approved-by: me\n"+tt.policy))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.policy, err, tt.want)
		}
	}
}
