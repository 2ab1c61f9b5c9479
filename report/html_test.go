package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// htmlDoc is sampleDoc with a source directory and evidence matches for
// the denied module, so that its finding shows an excerpt, and the
// reader of its license file.
func htmlDoc(t *testing.T) (*model.Document, ReadFunc) {
	doc := sampleDoc(t)
	agpl := doc.Modules[0]
	agpl.Dir = "/src/agpl"
	agpl.Platforms = []string{"linux/amd64"}
	agpl.License.Evidence[0].SHA256 = "5c2b1e4bdbd9a7c9c2f1d8c0f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3"
	agpl.License.Evidence[0].Coverage = 99.2
	agpl.License.Evidence[0].Matches = []model.Match{{ID: "AGPL-3.0-only", Coverage: 99.2, Lines: [2]int{3, 600}, Kind: "text"}}
	read := func(m *model.Module, rel string) ([]byte, error) {
		if m.Path == "example.com/agpl" && rel == "LICENSE" {
			return []byte("AGPL\n\nGNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n\nPreamble <& so on>\n"), nil
		}
		return nil, errors.New("no such file")
	}
	return doc, read
}

// TestHTMLGolden checks the whole page against testdata/report.html
// (rewrite it with go test ./report -run TestHTMLGolden -update), and
// that the same document gives the same bytes.
func TestHTMLGolden(t *testing.T) {
	doc, read := htmlDoc(t)
	var b, again bytes.Buffer
	if err := WriteHTML(&b, doc, HTMLOptions{Read: read}); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&again, doc, HTMLOptions{Read: read}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("two writes of the same document differ")
	}
	golden := filepath.Join("testdata", "report.html")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("HTML differs from %s (-want +got; -update rewrites it):\n%s", golden, diff)
	}
}

// TestHTMLStructure checks what the page must have whatever its styling:
// one self-contained file, findings before the table, each finding with
// its decision word, rule, via chain, evidence excerpt and exception
// entry, every module a table row and an evidence <details>, and the
// charts as inline SVG.
func TestHTMLStructure(t *testing.T) {
	doc, read := htmlDoc(t)
	var b bytes.Buffer
	if err := WriteHTML(&b, doc, HTMLOptions{Read: read}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Self-contained: nothing to fetch.
	for _, re := range []string{`<link\b`, `\bsrc=`, `@import`, `url\(`, `https?://`} {
		if regexp.MustCompile(re).MatchString(out) {
			t.Errorf("page refers to something outside itself (%s)", re)
		}
	}
	findings := strings.Index(out, `id="findings"`)
	table := strings.Index(out, `id="module-table"`)
	if findings < 0 || table < 0 || findings > table {
		t.Errorf("findings (at %d) must come before the module table (at %d)", findings, table)
	}
	if n := strings.Count(out, `<article class="finding `); n != len(doc.Findings) {
		t.Errorf("%d findings shown, want %d", n, len(doc.Findings))
	}
	if n := strings.Count(out, ` data-decision="`); n != len(doc.Modules) {
		t.Errorf("%d table rows, want %d", n, len(doc.Modules))
	}
	if n := strings.Count(out, "<details id="); n != len(doc.Modules) {
		t.Errorf("%d evidence sections, want %d", n, len(doc.Modules))
	}
	if n := strings.Count(out, "<svg "); n != 2 {
		t.Errorf("%d charts, want 2 (by license, by category)", n)
	}
	for _, want := range []string{
		`<span class="badge deny">DENY</span> <a href="#m1"><code>example.com/agpl@v1.0.0</code></a>`,
		`<dt>Rule</dt><dd><code>category[network-copyleft]</code></dd>`,
		`<dt>Via</dt><dd><ol class="via"><li><code>example.com/app</code></li><li><code>example.com/agpl</code></li></ol></dd>`,
		"<code>LICENSE</code> from line 3:<pre class=\"excerpt\">GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n\nPreamble &lt;&amp; so on&gt;</pre>",
		"<pre class=\"snippet\">exceptions:\n  - module: &#34;example.com/agpl&#34;\n    versions: &#34;v1.0.0&#34;\n    license: &#34;AGPL-3.0-only&#34;\n    decision: allow",
		`<span class="badge warn">WARN</span> policy entry policy.yaml:3`,
		`<title>AGPL-3.0-only: 1</title>`,
		`<rect class="deny" x="220" y="2" width="200" height="18"><title>1 DENY</title></rect><text x="426" y="17">1 DENY</text>`,
		`AGPL-3.0-only 99.2%, lines 3–600 (text)`,
		`<td><span class="badge allow">ALLOW</span></td>`,
		`@page { size: A4;`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// TestHTMLEscapes checks that text from input (a policy name, a replace
// path, evidence) cannot inject markup or script.
func TestHTMLEscapes(t *testing.T) {
	doc, read := htmlDoc(t)
	evil := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	doc.Policy = "p" + evil
	doc.Main = []string{"example.com/app" + evil}
	doc.Modules[1].Replace = &model.Replacement{Path: "../fork" + evil}
	doc.Modules[0].License.Evidence[0].Note = evil
	doc.Findings[0].Message += evil
	var b bytes.Buffer
	if err := WriteHTML(&b, doc, HTMLOptions{Read: read}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "<script>alert") || strings.Contains(out, "<img") {
		t.Errorf("input reached the page as markup:\n%s", out)
	}
	if n := strings.Count(out, "<script>"); n != 1 {
		t.Errorf("%d script elements, want the page's own one", n)
	}
}

// TestHTMLNoFindings: a compliant scan says so in words.
func TestHTMLNoFindings(t *testing.T) {
	doc := &model.Document{Main: []string{"example.com/app"}, Policy: "default", Modules: []*model.Module{
		{Path: "example.com/ok", Version: "v1.0.0", Scope: model.ScopeRequired, Decision: &model.Decision{License: "MIT", Verdict: model.Allow, Category: "permissive"}},
	}}
	doc.Summary = model.Summary{Modules: 1, Allow: 1}
	var b bytes.Buffer
	if err := WriteHTML(&b, doc, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="status">COMPLIANT<`, "No findings: every module is allowed by the policy."} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestHTMLChart checks the bars: largest first, split by decision worst
// first, the text beside each saying in words what the colours show, and
// the bars beyond the twelfth summed in one.
func TestHTMLChart(t *testing.T) {
	counts := map[string]tally{
		"MIT":        {"allow": 8, "warn": 2},
		"Apache-2.0": {"allow": 10},
		"GPL-3.0":    {"deny": 3},
	}
	for i := range 12 {
		counts["X-"+strconv.Itoa(i)] = tally{"allow": 1}
	}
	c := chart("c", "Modules", counts)
	var got []string
	for _, b := range c.Bars {
		s := b.Label + " = " + b.Text + " |"
		for _, p := range b.Parts {
			s += " " + p.Class + ":" + strconv.Itoa(p.Width)
		}
		got = append(got, s)
	}
	want := []string{
		"Apache-2.0 = 10 | allow:200",
		"MIT = 10: 2 WARN, 8 ALLOW | warn:40 allow:160",
		"GPL-3.0 = 3 DENY | deny:60",
		"X-0 = 1 | allow:20", "X-1 = 1 | allow:20", "X-10 = 1 | allow:20", "X-11 = 1 | allow:20",
		"X-2 = 1 | allow:20", "X-3 = 1 | allow:20", "X-4 = 1 | allow:20", "X-5 = 1 | allow:20",
		"4 others = 4 | allow:80",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bars (-want +got):\n%s", diff)
	}
}

// TestHTMLMonorepo: the modules of a repository of several modules name
// the main module that needs them, in the table and in the findings.
func TestHTMLMonorepo(t *testing.T) {
	doc, read := htmlDoc(t)
	for _, m := range doc.Modules {
		m.Main = "example.com/svc"
	}
	doc.Findings[0].Main = "example.com/svc"
	var b bytes.Buffer
	if err := WriteHTML(&b, doc, HTMLOptions{Read: read}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<thead><tr><th>Main</th><th>Module</th>", `<td>example.com/svc</td><td><a href="#m1">example.com/agpl</a></td>`, "<p>[example.com/svc] example.com/agpl@v1.0.0: "} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// TestHTMLReadBack: a saved JSON report read back (its findings carry no
// record and no go.mod location) gives the same page, the findings linked
// to their modules.
func TestHTMLReadBack(t *testing.T) {
	doc, _ := htmlDoc(t)
	var saved bytes.Buffer
	if err := WriteJSON(&saved, doc); err != nil {
		t.Fatal(err)
	}
	var back model.Document
	if err := json.Unmarshal(saved.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	// The report does not carry the go.mod locations.
	for i := range doc.Findings {
		doc.Findings[i].Location = nil
	}
	var want, got bytes.Buffer
	if err := WriteHTML(&want, doc, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&got, &back, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.String(), `<a href="#m1"><code>example.com/agpl@v1.0.0</code></a>`) {
		t.Error("a finding of a report read back does not link to its module")
	}
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("page of the report read back differs (-scan +read back):\n%s", diff)
	}
}
