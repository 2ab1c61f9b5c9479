package spdx

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/santhosh-tekuri/jsonschema/v6"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	v23 "github.com/spdx/tools-golang/spdx/v2/v2_3"
	"github.com/spdx/tools-golang/spdxlib"
	"github.com/spdx/tools-golang/tagvalue"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/policy"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sample is a small scan: a main module; a module with an expression and
// a go.sum hash; one with a deprecated id and a reviewed exception; one
// replaced by a directory, one by another module; a test-only one with a
// LicenseRef found in its LICENSE; one without a license; one whose
// license a policy override with a LicenseRef gives; one whose detected
// expression is not SPDX; and two whose paths read the same as SPDX ids.
func sample(t testing.TB) *model.Graph {
	lic := func(expr string, ev ...model.Evidence) *model.License {
		return &model.License{Expression: expr, Evidence: ev}
	}
	g := &model.Graph{
		Main: []model.MainModule{{Path: "example.com/app"}},
		Modules: []*model.Module{
			{Path: "example.com/a-b", Version: "v1.0.0", Scope: model.ScopeRequired, License: lic("MIT", model.Evidence{File: "LICENSE", License: "MIT", Verdict: "license", Coverage: 100})},
			{Path: "example.com/a_b", Version: "v1.0.0", Scope: model.ScopeRequired, License: lic("MIT", model.Evidence{File: "LICENSE", License: "MIT", Verdict: "license", Coverage: 100})},
			{Path: "example.com/bad", Version: "v1.0.0", Scope: model.ScopeRequired, License: lic("MIT AND AND")},
			{Path: "example.com/dual", Version: "v1.0.0", Scope: model.ScopeRequired, Platforms: []string{"linux/amd64", "windows/amd64"}, Sum: "h1:abc=",
				License: lic("MIT OR Apache-2.0", model.Evidence{File: "LICENSE", SHA256: "00ff", License: "MIT OR Apache-2.0", Verdict: "license", Coverage: 97.5})},
			{Path: "example.com/gpl", Version: "v2.0.0", Scope: model.ScopeRequired,
				License: lic("GPL-2.0-with-classpath-exception", model.Evidence{File: "COPYING", License: "GPL-2.0-with-classpath-exception", Verdict: "license", Coverage: 99})},
			{Path: "example.com/local", Version: "v0.0.0", Replace: &model.Replacement{Path: "./local"}, Scope: model.ScopeRequired,
				License: lic("ISC", model.Evidence{File: "LICENSE", License: "ISC", Verdict: "license", Coverage: 100})},
			{Path: "example.com/mit", Version: "v1.0.0", Replace: &model.Replacement{Path: "example.com/fork", Version: "v1.0.1"}, Scope: model.ScopeRequired,
				License: lic("MIT", model.Evidence{File: "LICENSE", License: "MIT", Verdict: "license", Coverage: 100})},
			{Path: "example.com/over", Version: "v1.0.0", Scope: model.ScopeRequired, License: &model.License{Reason: "no license file", Evidence: []model.Evidence{}}},
			{Path: "github.com/a/testonly", Version: "v1.2.3", Scope: model.ScopeTest, Dir: "/cache/testonly",
				License: lic("LicenseRef-ospo-CommonsClause AND MIT", model.Evidence{File: "LICENSE", SHA256: "0da7", License: "LicenseRef-ospo-CommonsClause AND MIT", Verdict: "license", Coverage: 97})},
			{Path: "golang.org/x/unknown", Version: "v0.1.0", Scope: model.ScopeRequired, License: &model.License{Reason: "no license file", Evidence: []model.Evidence{}}},
		},
		Deps: map[string][]string{
			"example.com/app":  {"example.com/a-b", "example.com/a_b", "example.com/dual", "example.com/gpl", "example.com/local", "example.com/over", "github.com/a/testonly", "golang.org/x/unknown"},
			"example.com/dual": {"example.com/mit", "example.com/dual", "example.com/not-in-graph"},
		},
	}
	p, err := policy.Parse("policy.yaml", []byte(`version: 1
exceptions:
  - module: example.com/gpl
    decision: allow
    reason: reviewed
    expires: 2099-01-01
overrides:
  - module: example.com/over
    license: LicenseRef-acme-Internal
    reason: internal module, see contract 7
`))
	if err != nil {
		t.Fatal(err)
	}
	policy.Evaluate(p, g.Modules, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return g
}

func options() Options {
	return Options{
		ToolName: "ospo-scan", ToolVersion: "v0.0.0-test", Created: time.Unix(1780000000, 0),
		MainLicense: &model.License{Expression: "Apache-2.0", Evidence: []model.Evidence{{File: "LICENSE", License: "Apache-2.0", Verdict: "license", Coverage: 100}}},
		ReadFile: func(m *model.Module, file string) ([]byte, error) {
			if m.Path == "github.com/a/testonly" && file == "LICENSE" {
				return []byte("Commons Clause text\nMIT text\n"), nil
			}
			return nil, errors.New("no such file")
		},
	}
}

func build(t testing.TB, g *model.Graph, opts Options) *v23.Document {
	t.Helper()
	doc, err := Build(g, opts)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func encode(t testing.TB, doc *v23.Document, enc string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, doc, enc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGolden compares the sample's document, in both encodings, with the
// golden files (go test ./sbom/spdx -update rewrites them).
func TestGolden(t *testing.T) {
	doc := build(t, sample(t), options())
	for enc, file := range map[string]string{"json": "testdata/sample.golden.spdx.json", "tag-value": "testdata/sample.golden.spdx"} {
		got := encode(t, doc, enc)
		if *update {
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s differs (go test ./sbom/spdx -update to accept) (-want +got):\n%s", file, diff)
		}
	}
}

// TestValid checks the document with tools-golang's own validation, the
// SPDX 2.3 JSON schema, and by reading both encodings back with
// tools-golang's readers: each gives the document that was written.
func TestValid(t *testing.T) {
	doc := build(t, sample(t), options())
	if err := spdxlib.ValidateDocument(doc); err != nil {
		t.Errorf("spdxlib.ValidateDocument: %v", err)
	}
	js := encode(t, doc, "json")
	validate(t, js, encode(t, doc, "tag-value"))

	fromJSON, err := spdxjson.Read(bytes.NewReader(js))
	if err != nil {
		t.Fatalf("reading the JSON back: %v", err)
	}
	ignore := cmpopts.IgnoreUnexported(v23.Package{})
	if diff := cmp.Diff(doc, fromJSON, ignore); diff != "" {
		t.Errorf("JSON read back differs (-written +read):\n%s", diff)
	}
}

// validate checks an SPDX document, JSON and (when not nil) tag-value:
// the JSON against the SPDX 2.3 schema, both with tools-golang's reader
// and validation, and both read back to the same document.
func validate(t *testing.T, js, tv []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	f, err := os.Open("testdata/spdx-schema-2.3.json")
	if err != nil {
		t.Fatal(err)
	}
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("spdx-schema-2.3.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("spdx-schema-2.3.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("SPDX 2.3 schema: %v", err)
	}
	doc, err := spdxjson.Read(bytes.NewReader(js))
	if err != nil {
		t.Fatalf("tools-golang cannot read the JSON: %v", err)
	}
	if err := spdxlib.ValidateDocument(doc); err != nil {
		t.Errorf("spdxlib.ValidateDocument: %v", err)
	}
	if tv == nil {
		return
	}
	fromTV, err := tagvalue.Read(bytes.NewReader(tv))
	if err != nil {
		t.Fatalf("tools-golang cannot read the tag-value: %v", err)
	}
	if diff := cmp.Diff(doc, fromTV, cmpopts.IgnoreUnexported(v23.Package{}), cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b *v23.Package) bool {
		return a.PackageSPDXIdentifier < b.PackageSPDXIdentifier
	})); diff != "" {
		t.Errorf("tag-value read back differs from the JSON (-json +tag-value):\n%s", diff)
	}
}

// TestValidateFile validates documents written by a real scan (opt-in:
// OSPO_VALIDATE_SPDX=FILE.spdx.json, and the same scan's FILE.spdx beside
// it when there is one), as TestValid does the sample's.
func TestValidateFile(t *testing.T) {
	file := os.Getenv("OSPO_VALIDATE_SPDX")
	if file == "" {
		t.Skip("set OSPO_VALIDATE_SPDX=bom.spdx.json to validate a file")
	}
	js, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	tv, err := os.ReadFile(strings.TrimSuffix(file, ".json"))
	if err != nil {
		tv = nil
	}
	validate(t, js, tv)
	t.Logf("%s: valid SPDX 2.3 (schema, tools-golang; tag-value read back equal: %v)", file, tv != nil)
}

// TestNamespace checks that the namespace is the content's: the same
// scan has the same one whenever it runs, another scan another one, and
// a random one is asked for by RandomNamespace.
func TestNamespace(t *testing.T) {
	ns := func(g *model.Graph, opts Options) string { return build(t, g, opts).DocumentNamespace }
	base := ns(sample(t), options())
	if !regexp.MustCompile(`^https://spdx\.org/spdxdocs/ospo-scan/example\.com-app-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(base) {
		t.Errorf("namespace %q: want %s<name>-<uuid>", base, Namespace)
	}
	later := options()
	later.Created = time.Unix(1790000000, 0)
	changed := sample(t)
	changed.Modules[3].Decision.License = "MIT"
	versioned := options()
	versioned.MainVersion = "v1.0.0"
	random := options()
	random.RandomNamespace = true
	for _, tc := range []struct {
		name string
		got  string
		same bool
	}{
		{"again", ns(sample(t), options()), true},
		{"created later", ns(sample(t), later), true},
		{"another license", ns(changed, options()), false},
		{"a main version", ns(sample(t), versioned), false},
		{"random", ns(sample(t), random), false},
	} {
		if (tc.got == base) != tc.same {
			t.Errorf("%s: namespace %q, base %q: same = %v, want %v", tc.name, tc.got, base, tc.got == base, tc.same)
		}
	}
	if a, b := ns(sample(t), random), ns(sample(t), random); a == b {
		t.Errorf("two random namespaces are both %q", a)
	}
}

// TestPackages checks each package's SPDX fields: what is not known is
// NOASSERTION, licenses are in current SPDX and never guessed, replaced
// modules are named as their replacement, ids are unique.
func TestPackages(t *testing.T) {
	doc := build(t, sample(t), options())
	byName := map[string]*v23.Package{}
	ids := map[string]bool{}
	for _, p := range doc.Packages {
		byName[p.PackageName+"@"+p.PackageVersion] = p
		if ids[string(p.PackageSPDXIdentifier)] {
			t.Errorf("SPDXID %s twice", p.PackageSPDXIdentifier)
		}
		ids[string(p.PackageSPDXIdentifier)] = true
		if p.PackageSupplier == nil || p.PackageSupplier.Supplier != NoAssertion || p.PackageDownloadLocation != NoAssertion {
			t.Errorf("%s: supplier %v, downloadLocation %q: want NOASSERTION", p.PackageName, p.PackageSupplier, p.PackageDownloadLocation)
		}
		if len(p.PackageChecksums) > 0 {
			t.Errorf("%s: checksums %v: the go.sum h1: hash is no SHA256 and must not be written as one", p.PackageName, p.PackageChecksums)
		}
		if p.FilesAnalyzed || len(p.PackageLicenseInfoFromFiles) > 0 {
			t.Errorf("%s: filesAnalyzed %v, licenseInfoFromFiles %v: want false and none", p.PackageName, p.FilesAnalyzed, p.PackageLicenseInfoFromFiles)
		}
	}
	for _, tc := range []struct {
		pkg                 string
		concluded, declared string
		purl                string
		comment, lcomment   string // substrings of the comments
	}{
		{pkg: "example.com/app@", concluded: "Apache-2.0", declared: "Apache-2.0", purl: "pkg:golang/example.com/app?type=module", lcomment: "file LICENSE: license Apache-2.0 (coverage 100.0%)"},
		{pkg: "example.com/dual@v1.0.0", concluded: "MIT OR Apache-2.0", declared: "MIT OR Apache-2.0", purl: "pkg:golang/example.com/dual@v1.0.0?type=module",
			comment: "go.sum: h1:abc=\nplatforms: linux/amd64, windows/amd64\npolicy: allow", lcomment: "file LICENSE: license MIT OR Apache-2.0 (coverage 97.5%) sha256:00ff"},
		{pkg: "example.com/gpl@v2.0.0", concluded: "GPL-2.0-only WITH Classpath-exception-2.0", declared: "GPL-2.0-only WITH Classpath-exception-2.0", comment: "exception: reviewed (expires 2099-01-01)"},
		{pkg: "example.com/local@v0.0.0", concluded: "ISC", declared: "ISC", comment: "replaced by the directory ./local"},
		{pkg: "example.com/fork@v1.0.1", concluded: "MIT", declared: "MIT", purl: "pkg:golang/example.com/fork@v1.0.1?type=module", comment: "replaces example.com/mit@v1.0.0"},
		{pkg: "example.com/over@v1.0.0", concluded: "LicenseRef-acme-Internal", declared: NoAssertion, lcomment: "concluded by a policy override (policy.yaml:"},
		{pkg: "example.com/bad@v1.0.0", concluded: NoAssertion, declared: NoAssertion, lcomment: `concluded "MIT AND AND", which is not a valid SPDX expression`},
		{pkg: "github.com/a/testonly@v1.2.3", concluded: "LicenseRef-ospo-CommonsClause AND MIT", declared: "LicenseRef-ospo-CommonsClause AND MIT", comment: "scope: test"},
		{pkg: "golang.org/x/unknown@v0.1.0", concluded: NoAssertion, declared: NoAssertion, lcomment: "detection: no license file"},
	} {
		p := byName[tc.pkg]
		if p == nil {
			t.Errorf("no package %s", tc.pkg)
			continue
		}
		if p.PackageLicenseConcluded != tc.concluded || p.PackageLicenseDeclared != tc.declared {
			t.Errorf("%s: concluded %q declared %q, want %q and %q", tc.pkg, p.PackageLicenseConcluded, p.PackageLicenseDeclared, tc.concluded, tc.declared)
		}
		if tc.purl != "" && (len(p.PackageExternalReferences) != 1 || p.PackageExternalReferences[0].Locator != tc.purl ||
			p.PackageExternalReferences[0].Category != "PACKAGE-MANAGER" || p.PackageExternalReferences[0].RefType != "purl") {
			t.Errorf("%s: external references %+v, want the PACKAGE-MANAGER purl %s", tc.pkg, p.PackageExternalReferences, tc.purl)
		}
		if !strings.Contains(p.PackageComment, tc.comment) || !strings.Contains(p.PackageLicenseComments, tc.lcomment) {
			t.Errorf("%s: comment %q, license comments %q: want %q and %q in them", tc.pkg, p.PackageComment, p.PackageLicenseComments, tc.comment, tc.lcomment)
		}
	}
	a, b := byName["example.com/a-b@v1.0.0"], byName["example.com/a_b@v1.0.0"]
	if a == nil || b == nil || a.PackageSPDXIdentifier == b.PackageSPDXIdentifier {
		t.Errorf("example.com/a-b and example.com/a_b: want two packages with their own ids")
	}
}

// TestExtractedLicenses checks that every LicenseRef used has its text:
// the file it was found in, or NOASSERTION (with why) when no file shows
// it or the file cannot be read.
func TestExtractedLicenses(t *testing.T) {
	noText := options()
	noText.ReadFile = nil
	for _, tc := range []struct {
		name string
		opts Options
		want []*v23.OtherLicense
	}{
		{"texts", options(), []*v23.OtherLicense{
			{LicenseIdentifier: "LicenseRef-acme-Internal", LicenseName: "acme-Internal", ExtractedText: NoAssertion,
				LicenseComment: "no file of the modules shows this license (a policy override's id): its text is not known\nused by example.com/over@v1.0.0"},
			{LicenseIdentifier: "LicenseRef-ospo-CommonsClause", LicenseName: "ospo-CommonsClause", ExtractedText: "Commons Clause text\nMIT text\n",
				LicenseComment: "the text of LICENSE of github.com/a/testonly@v1.2.3 (sha256 0da7)\nused by github.com/a/testonly@v1.2.3"},
		}},
		{"no texts", noText, []*v23.OtherLicense{
			{LicenseIdentifier: "LicenseRef-acme-Internal", LicenseName: "acme-Internal", ExtractedText: NoAssertion,
				LicenseComment: "no file of the modules shows this license (a policy override's id): its text is not known\nused by example.com/over@v1.0.0"},
			{LicenseIdentifier: "LicenseRef-ospo-CommonsClause", LicenseName: "ospo-CommonsClause", ExtractedText: NoAssertion,
				LicenseComment: "found in LICENSE of github.com/a/testonly@v1.2.3; its text was not available\nused by github.com/a/testonly@v1.2.3"},
		}},
	} {
		doc := build(t, sample(t), tc.opts)
		if diff := cmp.Diff(tc.want, doc.OtherLicenses); diff != "" {
			t.Errorf("%s: hasExtractedLicensingInfos (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestRelationships checks DESCRIBES and DEPENDS_ON: from the graph's
// module edges, without self edges or edges to modules not in the graph.
func TestRelationships(t *testing.T) {
	doc := build(t, sample(t), options())
	var got []string
	for _, r := range doc.Relationships {
		got = append(got, string(r.RefA.ElementRefID)+" "+r.Relationship+" "+string(r.RefB.ElementRefID))
	}
	want := []string{
		"DOCUMENT DESCRIBES Package-main-example.com-app",
		"Package-example.com-dual-v1.0.0 DEPENDS_ON Package-example.com-mit-v1.0.0",
		"Package-main-example.com-app DEPENDS_ON Package-example.com-a-b-v1.0.0",
		"Package-main-example.com-app DEPENDS_ON " + string(doc.Packages[2].PackageSPDXIdentifier), // example.com/a_b
		"Package-main-example.com-app DEPENDS_ON Package-example.com-dual-v1.0.0",
		"Package-main-example.com-app DEPENDS_ON Package-example.com-gpl-v2.0.0",
		"Package-main-example.com-app DEPENDS_ON Package-example.com-local-v0.0.0",
		"Package-main-example.com-app DEPENDS_ON Package-example.com-over-v1.0.0",
		"Package-main-example.com-app DEPENDS_ON Package-github.com-a-testonly-v1.2.3",
		"Package-main-example.com-app DEPENDS_ON Package-golang.org-x-unknown-v0.1.0",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("relationships (-want +got):\n%s", diff)
	}
}

// TestLicenseListVersion checks LicenseListVersion against the list
// internal/spdxexpr's tables were generated from.
func TestLicenseListVersion(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "internal", "spdxexpr", "table_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`SPDX License List v(\d+\.\d+)`).FindSubmatch(data)
	if m == nil || string(m[1]) != LicenseListVersion {
		t.Errorf("LicenseListVersion %s; internal/spdxexpr's tables say %q", LicenseListVersion, m)
	}
}

// TestEncodeKeepsDocument checks that encoding does not change the
// document: tools-golang's tag-value writer sorts slices in place.
func TestEncodeKeepsDocument(t *testing.T) {
	doc := build(t, sample(t), options())
	want := encode(t, doc, "json")
	encode(t, doc, "tag-value")
	if got := encode(t, doc, "json"); !bytes.Equal(got, want) {
		t.Errorf("the JSON after a tag-value encoding differs from the JSON before")
	}
}

func TestEncodeUnknown(t *testing.T) {
	if err := Encode(&bytes.Buffer{}, build(t, sample(t), options()), "rdf"); err == nil || !strings.Contains(err.Error(), `want json or tag-value`) {
		t.Errorf("Encode rdf: %v, want an error naming the encodings", err)
	}
}

// TestWorkspace checks that the document describes every main module of
// a workspace, the first with the version and license the options give.
func TestWorkspace(t *testing.T) {
	g := &model.Graph{
		Main:    []model.MainModule{{Path: "example.com/app"}, {Path: "example.com/tool"}},
		Modules: []*model.Module{{Path: "example.com/mit", Version: "v1.0.0", License: &model.License{Expression: "MIT"}}},
		Deps:    map[string][]string{"example.com/tool": {"example.com/mit"}},
	}
	opts := options()
	opts.MainVersion = "v2.0.0"
	doc := build(t, g, opts)
	var got []string
	for _, r := range doc.Relationships {
		got = append(got, string(r.RefA.ElementRefID)+" "+r.Relationship+" "+string(r.RefB.ElementRefID))
	}
	want := []string{
		"DOCUMENT DESCRIBES Package-main-example.com-app",
		"DOCUMENT DESCRIBES Package-main-example.com-tool",
		"Package-main-example.com-tool DEPENDS_ON Package-example.com-mit-v1.0.0",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("relationships (-want +got):\n%s", diff)
	}
	app, tool := doc.Packages[0], doc.Packages[1]
	if app.PackageVersion != "v2.0.0" || app.PackageLicenseConcluded != "Apache-2.0" || app.PackageExternalReferences[0].Locator != "pkg:golang/example.com/app@v2.0.0?type=module" {
		t.Errorf("first main module: version %q, license %q, purl %q; want v2.0.0, Apache-2.0 and its purl at v2.0.0", app.PackageVersion, app.PackageLicenseConcluded, app.PackageExternalReferences[0].Locator)
	}
	if tool.PackageVersion != "" || tool.PackageLicenseConcluded != NoAssertion || tool.PrimaryPackagePurpose != "APPLICATION" {
		t.Errorf("second main module: version %q, license %q, purpose %q; want none, NOASSERTION, APPLICATION", tool.PackageVersion, tool.PackageLicenseConcluded, tool.PrimaryPackagePurpose)
	}
	if doc.DocumentName != "example.com/app@v2.0.0" {
		t.Errorf("document name %q, want example.com/app@v2.0.0", doc.DocumentName)
	}
}

// TestTagValueHostileText checks that a license text holding tag-value's
// text tags cannot end its text early and add fields to the document:
// in tag-value the tags are defused, in JSON the text is as read.
func TestTagValueHostileText(t *testing.T) {
	const hostile = "Commons Clause\n</text>\nPackageName: evil\nSPDXID: SPDXRef-evil\n<text>\n"
	opts := options()
	opts.ReadFile = func(*model.Module, string) ([]byte, error) { return []byte(hostile), nil }
	doc := build(t, sample(t), opts)
	tv, err := tagvalue.Read(bytes.NewReader(encode(t, doc, "tag-value")))
	if err != nil {
		t.Fatalf("reading the tag-value back: %v", err)
	}
	if len(tv.Packages) != len(doc.Packages) {
		t.Errorf("tag-value read back has %d packages, want %d", len(tv.Packages), len(doc.Packages))
	}
	want := "Commons Clause\n</text >\nPackageName: evil\nSPDXID: SPDXRef-evil\n<text >\n"
	if len(tv.OtherLicenses) != 2 || tv.OtherLicenses[1].ExtractedText != want {
		t.Errorf("tag-value extracted licenses %+v, want the text defused: %q", tv.OtherLicenses, want)
	}
	js, err := spdxjson.Read(bytes.NewReader(encode(t, doc, "json")))
	if err != nil {
		t.Fatal(err)
	}
	if got := js.OtherLicenses[1].ExtractedText; got != hostile {
		t.Errorf("JSON extracted text %q, want the file as read", got)
	}
	if doc.OtherLicenses[1].ExtractedText != hostile {
		t.Errorf("encoding changed the document's text")
	}
}

// TestBinary checks the main package of a Go binary's scan: the version
// its build information records, the file's name and sha256, and the
// build in the comment; a (devel) build has no version.
func TestBinary(t *testing.T) {
	tests := []struct {
		version, wantVersion, wantPurl string
	}{
		{"v1.2.3", "v1.2.3", "pkg:golang/example.com/app@v1.2.3?type=module"},
		{"(devel)", "", "pkg:golang/example.com/app?type=module"},
	}
	for _, tt := range tests {
		g := &model.Graph{
			Main:    []model.MainModule{{Path: "example.com/app"}},
			Modules: []*model.Module{{Path: "example.com/mit", Version: "v1.0.0", License: &model.License{Expression: "MIT"}}},
			Binary: &model.Binary{File: "dist/app.exe", SHA256: "ab12", Format: "PE", GoVersion: "go1.26.0",
				Package: "example.com/app/cmd/app", Version: tt.version, Platform: "windows/amd64"},
		}
		opts := options()
		opts.MainLicense = nil
		doc := build(t, g, opts)
		p := doc.Packages[0]
		if p.PackageVersion != tt.wantVersion || p.PackageExternalReferences[0].Locator != tt.wantPurl {
			t.Errorf("version %q: got version %q, purl %q; want %q, %q", tt.version, p.PackageVersion, p.PackageExternalReferences[0].Locator, tt.wantVersion, tt.wantPurl)
		}
		if p.PackageFileName != "app.exe" {
			t.Errorf("file name %q, want app.exe", p.PackageFileName)
		}
		if len(p.PackageChecksums) != 1 || p.PackageChecksums[0].Algorithm != common.SHA256 || p.PackageChecksums[0].Value != "ab12" {
			t.Errorf("checksums %+v, want the file's SHA256", p.PackageChecksums)
		}
		if want := "Go binary dist/app.exe (PE, go1.26.0, windows/amd64, main package example.com/app/cmd/app)"; p.PackageComment != want {
			t.Errorf("comment %q, want %q", p.PackageComment, want)
		}
		validate(t, encode(t, doc, "json"), encode(t, doc, "tag-value"))
	}
}
