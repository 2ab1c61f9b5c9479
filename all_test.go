// Package ospo_test holds checks over the whole module, as govulncheck's
// all_test.go does.
package ospo_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const modulePath = "github.com/ospo-scan/ospo-scan"

// layers says which of our packages each package may import (outside its
// tests), by path relative to the module; "X/..." admits X and everything
// below it. The data flows one way (DESIGN.md, "Second wave"): the record
// model imports nothing of ours; sources (scanner) and the classifier
// (scanner/license) import the model, and the classifier never the
// source's code; policy imports the model and the SPDX home, never the
// go-command code; the writers (report, sbom) import the model only (and
// the SPDX home); only cmd imports everything.
var layers = map[string][]string{
	"internal/model":    {},
	"internal/spdxexpr": {},
	"internal/safetext": {},
	"internal/editdist": {},
	"internal/fixture":  {},
	"internal/gobinary": {}, // issue #18: reads Go binaries, stdlib and x/mod only
	// Generated-data packages and their generators.
	"internal/licensedata": {},
	// The notice layer (issue #12): pure, data generated from SPDX tables;
	// the classifier imports it.
	"internal/notice":                       {"internal/notice/internal/...", "internal/spdxexpr"},
	"internal/notice/internal/...":          {"internal/notice/internal/...", "internal/licensedata"},
	"internal/third_party/licensecheck/...": {"internal/third_party/licensecheck/..."},
	"sbom/internal/...":                     {"internal/licensedata", "sbom/internal/..."},
	"internal/spdxexpr/internal/...":        {"internal/licensedata"},
	"scanner/license/internal/...":          {"internal/licensedata", "internal/third_party/licensecheck/..."},
	"scanner/license":                       {"internal/model", "internal/notice", "internal/spdxexpr", "internal/third_party/licensecheck/..."},
	"scanner":                               {"internal/model", "internal/spdxexpr", "scanner/license", "internal/gobinary", "scanner/deep"},
	"scanner/deep":                          {"internal/model", "internal/notice", "internal/spdxexpr", "scanner/license"}, // issue #13: the deep scan's file classifier
	"policy":                                {"internal/model", "internal/spdxexpr", "internal/editdist"},
	"report":                                {"internal/model", "internal/spdxexpr", "internal/safetext"},
	"report/diff":                           {"internal/model", "internal/safetext"}, // issue #14: compares saved reports
	"sbom":                                  {"internal/model", "internal/spdxexpr", "sbom/internal/..."},
	"sbom/spdx":                             {"internal/model", "internal/spdxexpr", "sbom"}, // issue #18: SPDX beside CycloneDX
	"cmd/ospo-scan":                         {"..."},
}

// TestImportDirection fails when a package imports one of ours that its
// layer does not admit, or when a package has no layer.
func TestImportDirection(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	for _, tags := range []string{"", "generate"} {
		out, err := exec.Command("go", "list", "-tags="+tags, "-json=ImportPath,Imports", "./...").Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		dec := json.NewDecoder(strings.NewReader(string(out)))
		for {
			var p struct {
				ImportPath string
				Imports    []string
			}
			if err := dec.Decode(&p); err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			rel := relPath(p.ImportPath)
			if rel == "" {
				continue // the module root: this test
			}
			allowed, ok := layerOf(rel)
			if !ok {
				t.Errorf("%s: no layer: add it to layers in all_test.go", rel)
				continue
			}
			for _, imp := range p.Imports {
				r := relPath(imp)
				if r == "" || imp == p.ImportPath {
					continue
				}
				if !matchAny(allowed, r) {
					t.Errorf("%s imports %s, which its layer does not admit (allowed: %v)", rel, r, allowed)
				}
			}
		}
	}
}

// relPath returns an import path relative to the module, or "" for a
// package outside it (or the root).
func relPath(imp string) string {
	r, ok := strings.CutPrefix(imp, modulePath+"/")
	if !ok {
		return ""
	}
	return r
}

func layerOf(rel string) ([]string, bool) {
	if a, ok := layers[rel]; ok {
		return a, true
	}
	for pat, a := range layers {
		if match(pat, rel) {
			return a, true
		}
	}
	return nil, false
}

func matchAny(pats []string, rel string) bool {
	return slices.ContainsFunc(pats, func(p string) bool { return match(p, rel) })
}

func match(pat, rel string) bool {
	if pat == "..." {
		return true
	}
	if base, ok := strings.CutSuffix(pat, "/..."); ok {
		return rel == base || strings.HasPrefix(rel, base+"/")
	}
	return pat == rel
}
