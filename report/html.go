package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

//go:embed html.tmpl
var htmlTemplate string

// HTMLOptions configures WriteHTML.
type HTMLOptions struct {
	// Read, when set, reads a module's license file so that each finding
	// shows an excerpt of its evidence; nil (or a report read back,
	// whose modules have no source directory) shows none.
	Read ReadFunc
}

// excerptLines bounds the lines of evidence a finding shows.
const excerptLines = 8

// WriteHTML writes the report as one self-contained HTML page for people:
// the summary, charts of the modules by license and by category (inline
// SVG, drawn here, so they need no script), the findings first (rule, via
// chain, evidence excerpt, the exception entry to paste), a table of every
// module and each module's evidence in a <details>. CSS and a small script
// (sorting and filtering the table) are inline; nothing is fetched, and
// without the script the page shows everything. Decisions are always
// written as words, colour only repeats them. The same document gives the
// same bytes.
func WriteHTML(w io.Writer, doc *model.Document, opts HTMLOptions) error {
	t, err := template.New("html.tmpl").Funcs(template.FuncMap{
		"upper": strings.ToUpper,
		"join":  strings.Join,
	}).Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("built-in HTML template: %w", err)
	}
	return t.Execute(w, buildHTMLView(doc, opts))
}

// htmlView is what the HTML template shows.
type htmlView struct {
	Main     string
	Tool     model.Tool
	Policy   string
	Status   string // the decision word of the whole scan
	Class    string // its CSS class: allow, warn or deny
	Summary  model.Summary
	Charts   []htmlChart
	Findings []htmlFinding
	Modules  []htmlModule
	Monorepo bool
}

type htmlFinding struct {
	Class, Word string
	Policy      bool
	Main        string
	Module      string // path@version
	Anchor      string // the module's evidence, "" for policy findings
	Message     string
	Rule        string
	License     string
	Added       string // what linked files add to License (the deep scan)
	Category    string
	Via         []string
	Evidence    string // file
	Excerpt     string
	ExcerptFrom int // first line of the excerpt
	Where       string
	Snippet     string
}

type htmlModule struct {
	Anchor    string
	Main      string
	Path      string
	Version   string
	Replace   string
	Scope     string
	License   string
	Added     string // what linked files add to License (the deep scan)
	Effective string // License AND what they add, when they add
	Files     []htmlFile
	Detected  string
	Source    string
	Reason    string
	Category  string
	Class     string
	Word      string
	Rule      string
	Platforms string
	Via       []string
	Evidence  []htmlEvidence
	Notices   []string
	Exception *model.ExceptionRef
	Override  *model.OverrideRef
	Search    string // lower-case text the filter matches
}

type htmlEvidence struct {
	File, License, Verdict, SHA256, Note string
	Coverage                             string
	Matches                              []htmlMatch
}

// htmlFile is a linked file whose license the declared one does not
// cover (the deep scan).
type htmlFile struct {
	Where, Kind, License, Original string
}

type htmlMatch struct {
	ID, Kind, Coverage, Lines, Original, Note string
}

// htmlChart is a horizontal bar chart drawn as SVG, each bar split by
// decision.
type htmlChart struct {
	ID, Title     string
	Width, Height int
	LabelX        int
	Bars          []htmlBar
}

// htmlBar is one bar: its label, its total and its parts by decision,
// which the text beside it repeats in words.
type htmlBar struct {
	Label, Short string
	Count        int
	Text         string // "11 (2 DENY, 1 WARN)"
	Y, TextY     int
	CountX       int
	Parts        []htmlPart
}

type htmlPart struct {
	Class, Word string
	Count       int
	X, Width    int
}

// tally counts modules by decision class.
type tally map[string]int

func (t tally) total() int {
	n := 0
	for _, c := range t {
		n += c
	}
	return n
}

// Chart geometry, in SVG user units.
const (
	chartLabelWidth = 220
	chartBarMax     = 200
	chartRow        = 22
	chartMaxBars    = 12
	chartWidth      = chartLabelWidth + chartBarMax + 180
)

func buildHTMLView(doc *model.Document, opts HTMLOptions) htmlView {
	v := htmlView{Main: strings.Join(doc.Main, ", "), Tool: doc.Tool, Policy: doc.Policy, Summary: doc.Summary}
	switch {
	case doc.Summary.Deny > 0 || hasSeverity(doc.Findings, model.Deny):
		v.Status, v.Class = "DENIED", "deny"
	case len(doc.Findings) > 0:
		v.Status, v.Class = "WARNINGS", "warn"
	default:
		v.Status, v.Class = "COMPLIANT", "allow"
	}
	// Findings find their module by main module and path@version, so a
	// report read back (whose findings have no Record) links them too.
	anchors := map[string]string{}
	records := map[string]*model.Module{}
	byLicense, byCategory := map[string]tally{}, map[string]tally{}
	for i, m := range doc.Modules {
		hm := htmlModuleOf(m, "m"+strconv.Itoa(i+1))
		key := m.Main + "\x00" + m.ID()
		if _, dup := anchors[key]; !dup {
			anchors[key], records[key] = hm.Anchor, m
		}
		v.Monorepo = v.Monorepo || m.Main != ""
		v.Modules = append(v.Modules, hm)
		lic := hm.License
		if lic == "" {
			lic = "UNKNOWN"
		}
		if byLicense[lic] == nil {
			byLicense[lic] = tally{}
		}
		byLicense[lic][hm.Class]++
		cat := hm.Category
		if cat == "" {
			cat = "unknown"
		}
		if byCategory[cat] == nil {
			byCategory[cat] = tally{}
		}
		byCategory[cat][hm.Class]++
	}
	v.Charts = []htmlChart{
		chart("chart-license", "Modules by license", byLicense),
		chart("chart-category", "Modules by category", byCategory),
	}
	for _, f := range doc.Findings {
		key := f.Main + "\x00" + f.Module + "@" + f.Version
		m := f.Record
		if m == nil {
			m = records[key]
		}
		v.Findings = append(v.Findings, htmlFindingOf(f, anchors[key], m, opts.Read))
	}
	return v
}

func hasSeverity(fs []model.Finding, s model.Verdict) bool {
	for _, f := range fs {
		if f.Severity == s {
			return true
		}
	}
	return false
}

// verdictClass returns the CSS class and the word of a verdict.
func verdictClass(v model.Verdict) (class, word string) {
	switch v {
	case model.Allow, model.Warn, model.Deny:
		return string(v), strings.ToUpper(string(v))
	}
	return "none", "UNDECIDED"
}

func htmlModuleOf(m *model.Module, anchor string) htmlModule {
	d := decision(m)
	hm := htmlModule{
		Anchor: anchor, Main: m.Main, Path: m.Path, Version: m.Version, Scope: string(m.Scope),
		License: d.License, Source: d.Source, Category: d.Category, Rule: d.Rule,
		Platforms: strings.Join(m.Platforms, ", "), Via: m.Via,
		Exception: d.Exception, Override: d.Override,
	}
	hm.Class, hm.Word = verdictClass(d.Verdict)
	if hm.Added = fileLicensesAdded(d); hm.Added != "" {
		hm.Effective = d.Effective
		for _, f := range d.Files {
			hm.Files = append(hm.Files, htmlFile{Where: fmt.Sprintf("%s:%d", f.File, f.Line), Kind: f.Kind, License: f.License, Original: f.Original})
		}
	}
	if r := m.Replace; r != nil {
		hm.Replace = r.Path
		if r.Version != "" {
			hm.Replace += "@" + r.Version
		}
	}
	if l := m.License; l != nil {
		hm.Reason, hm.Notices = l.Reason, l.Notices
		if d.Source == model.SourceOverride && l.Expression != d.License {
			hm.Detected = l.Expression
		} else if d.Original != "" {
			hm.Detected = d.Original
		}
		for _, ev := range l.Evidence {
			he := htmlEvidence{File: ev.File, License: ev.License, Verdict: ev.Verdict, SHA256: ev.SHA256, Note: ev.Note, Coverage: percent(ev.Coverage)}
			for _, mt := range ev.Matches {
				lines := ""
				if mt.Lines[0] > 0 {
					lines = fmt.Sprintf("%d–%d", mt.Lines[0], mt.Lines[1])
				}
				he.Matches = append(he.Matches, htmlMatch{ID: mt.ID, Kind: mt.Kind, Coverage: percent(mt.Coverage), Lines: lines, Original: mt.Original, Note: mt.Note})
			}
			hm.Evidence = append(hm.Evidence, he)
		}
	}
	hm.Search = strings.ToLower(strings.Join(strings.Fields(strings.Join([]string{m.Main, m.Path, m.Version, hm.Replace, hm.Scope, hm.License, addedLabel(hm.Added), hm.Category, hm.Word, hm.Rule}, " ")), " "))
	return hm
}

func percent(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + "%" }

// htmlFindingOf returns the finding as shown; anchor and m are its
// module's evidence section and record ("" and nil for none).
func htmlFindingOf(f model.Finding, anchor string, m *model.Module, read ReadFunc) htmlFinding {
	hf := htmlFinding{Main: f.Main, Message: f.Message, Rule: f.Rule, License: f.License, Category: f.Category, Via: f.Via, Evidence: f.Evidence, Where: f.Policy}
	hf.Class, hf.Word = verdictClass(f.Severity)
	if f.Kind == model.KindPolicy {
		hf.Policy = true
		return hf
	}
	hf.Module = f.Module
	if f.Version != "" {
		hf.Module += "@" + f.Version
	}
	hf.Snippet = exceptionSnippet(f.Module, f.Version, m)
	if f.Location != nil && f.Location.Line > 0 {
		hf.Where = fmt.Sprintf("%s:%d", f.Location.File, f.Location.Line)
	}
	hf.Anchor = anchor
	if m != nil {
		hf.Excerpt, hf.ExcerptFrom = excerpt(m, f.Evidence, read)
		if d := decision(m); fileLicensesAdded(d) != "" {
			hf.License, hf.Added = d.License, fileLicensesAdded(d)
		}
	}
	return hf
}

// excerpt returns up to excerptLines lines of the evidence file, from the
// first line its first match covers, and the number of that line.
func excerpt(m *model.Module, file string, read ReadFunc) (string, int) {
	if read == nil || m.Dir == "" || file == "" || m.License == nil {
		return "", 0
	}
	from := 1
	for _, ev := range m.License.Evidence {
		if ev.File == file && len(ev.Matches) > 0 && ev.Matches[0].Lines[0] > 0 {
			from = ev.Matches[0].Lines[0]
			break
		}
	}
	data, err := read(m, file)
	if err != nil {
		return "", 0
	}
	lines := strings.Split(normaliseEOL(string(data)), "\n")
	if from > len(lines) {
		from = 1
	}
	lines = lines[from-1:]
	if len(lines) > excerptLines {
		lines = append(lines[:excerptLines], "…")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n"), from
}

// chart draws counts as bars, the largest first (ties by label), at most
// chartMaxBars of them, the rest summed in one "N others" bar; each bar is
// split by decision, worst first.
func chart(id, title string, counts map[string]tally) htmlChart {
	type kv struct {
		k string
		t tally
	}
	var list []kv
	for k, t := range counts {
		list = append(list, kv{k, t})
	}
	sort.Slice(list, func(i, j int) bool {
		if a, b := list[i].t.total(), list[j].t.total(); a != b {
			return a > b
		}
		return list[i].k < list[j].k
	})
	if len(list) > chartMaxBars {
		rest, sum := list[chartMaxBars-1:], tally{}
		for _, e := range rest {
			for c, n := range e.t {
				sum[c] += n
			}
		}
		list = append(list[:chartMaxBars-1], kv{fmt.Sprintf("%d others", len(rest)), sum})
	}
	most := 1
	for _, e := range list {
		most = max(most, e.t.total())
	}
	c := htmlChart{ID: id, Title: title, Width: chartWidth, LabelX: chartLabelWidth - 6, Height: max(len(list), 1)*chartRow + 4}
	for i, e := range list {
		short := e.k
		if r := []rune(short); len(r) > 28 {
			short = string(r[:27]) + "…"
		}
		total := e.t.total()
		bar := htmlBar{Label: e.k, Short: short, Count: total, Y: i*chartRow + 2, TextY: i*chartRow + 17, Text: strconv.Itoa(total)}
		x := chartLabelWidth
		var words []string
		for _, class := range []string{"deny", "warn", "allow", "none"} {
			n := e.t[class]
			if n == 0 {
				continue
			}
			_, word := verdictClass(model.Verdict(class))
			words = append(words, fmt.Sprintf("%d %s", n, word))
			w := max(n*chartBarMax/most, 2)
			bar.Parts = append(bar.Parts, htmlPart{Class: class, Word: word, Count: n, X: x, Width: w})
			x += w
		}
		switch {
		case e.t["allow"] == total:
		case len(words) == 1:
			bar.Text = words[0]
		default:
			bar.Text += ": " + strings.Join(words, ", ")
		}
		bar.CountX = x + 6
		c.Bars = append(c.Bars, bar)
	}
	return c
}
