// Package spdx writes the scanned module graph as an SPDX 2.3 document
// (JSON or tag-value) with github.com/spdx/tools-golang, beside the
// CycloneDX writer of package sbom.
//
// Build turns the graph, the detected licenses and the policy decisions
// into a document that describes the main module(s):
//
//   - one package per module: name and version (a replacement module's,
//     as the purl says), supplier NOASSERTION (the graph does not know
//     who supplies a module), downloadLocation NOASSERTION (where the go
//     command fetched a module depends on GOPROXY, GOPRIVATE and their
//     fallbacks, which the graph does not record: a proxy URL would be a
//     guess; the purl is the locator), filesAnalyzed false, and the purl
//     as a PACKAGE-MANAGER external reference;
//   - no package checksum: the go.sum h1: hash is a hash of a file list,
//     not the SHA256 of anything SPDX could check, so it is in the
//     package comment, never labelled SHA256;
//   - licenseConcluded: the policy's effective license (detected, or an
//     override's, in current SPDX), NOASSERTION when none was found;
//     licenseDeclared: what the module's license files state, as
//     detected, NOASSERTION when detection found nothing. Nothing is
//     guessed: an expression that is not valid SPDX is NOASSERTION, with
//     the text in the license comments;
//   - the file-level evidence (each license file, its license, coverage
//     and sha256) in the package's license comments (see FileLicense);
//   - LicenseRef-* ids with their text (the file they were found in) in
//     hasExtractedLicensingInfos;
//   - relationships: the document DESCRIBES each main module; a module
//     DEPENDS_ON the modules its used packages import (model.Graph.Deps).
//
// The document is deterministic: packages and relationships are sorted,
// the creation time comes from the caller (SOURCE_DATE_EPOCH in the
// command), and the document namespace is derived from the content (all
// of it but the creation time), so the same scan always has the same
// namespace and, with the same creation time, the same bytes.
package spdx

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	v23 "github.com/spdx/tools-golang/spdx/v2/v2_3"
	"github.com/spdx/tools-golang/tagvalue"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
	"github.com/ospo-scan/ospo-scan/sbom"
)

// LicenseListVersion is the SPDX License List the ids are checked
// against (internal/spdxexpr's tables).
const LicenseListVersion = "3.28"

// NoAssertion is SPDX's "nothing is asserted" value.
const NoAssertion = "NOASSERTION"

// Namespace is the prefix of the document namespaces written; the
// document's name and a UUID derived from its content follow.
const Namespace = "https://spdx.org/spdxdocs/ospo-scan/"

// Options configures Build.
type Options struct {
	ToolName    string
	ToolVersion string
	// Created is the document's creation time (SOURCE_DATE_EPOCH, or now).
	Created time.Time
	// RandomNamespace asks for a random document namespace instead of
	// one derived from the content.
	RandomNamespace bool
	// MainLicense is the license detected for the main module, if any.
	MainLicense *model.License
	// MainVersion is the version of the main module the document
	// describes (a release's tag); empty for a scan of a working tree.
	MainVersion string
	// ReadFile returns a file of a module (relative, slash-separated),
	// for the texts of the LicenseRef ids found in it; nil, or an error,
	// when texts are not available (a report read back).
	ReadFile func(m *model.Module, file string) ([]byte, error)
}

// FileLicense is one file's license finding in a module: the file-level
// evidence SPDX carries: the module's license files, then the linked
// files whose licenses the declared one does not cover (the deep scan),
// which fileLicenses is the one place to read for SPDX. They are written
// as lines of
// the package's license comments, because the packages are
// filesAnalyzed false (ospo-scan does not read every file of a module,
// and SPDX 2.3 wants SHA1 checksums of the files it lists); to write SPDX
// File elements instead, a writer would turn each into a File with a
// CONTAINS relationship from its package.
type FileLicense struct {
	File     string // relative to the module root, slash-separated
	License  string // the expression the file alone supports; "" when none
	Verdict  string // model.VerdictLicense, ...
	Coverage float64
	SHA256   string
	// Line and Kind are a linked file's statement (model.FileKind...);
	// Line is 0 for a license file.
	Line int
	Kind string
}

// fileLicenses returns the file-level evidence of a module: its license
// files in file order, then the linked files whose statements the
// declared license does not cover, by file and line.
func fileLicenses(m *model.Module) []FileLicense {
	var out []FileLicense
	if m.License != nil {
		for _, ev := range m.License.Evidence {
			out = append(out, FileLicense{File: ev.File, License: ev.License, Verdict: ev.Verdict, Coverage: ev.Coverage, SHA256: ev.SHA256})
		}
	}
	if m.Decision != nil {
		for _, f := range m.Decision.Files {
			out = append(out, FileLicense{File: f.File, License: f.License, Line: f.Line, Kind: f.Kind})
		}
	}
	return out
}

// Build returns the SPDX document of a scan: the graph's records, each
// with the license detected and the policy's decision.
func Build(g *model.Graph, opts Options) (*v23.Document, error) {
	b := &builder{g: g, opts: opts, ids: map[string]bool{}, refs: map[string]common.ElementID{}, texts: map[string]*refText{}}
	doc := &v23.Document{
		SPDXVersion:    v23.Version,
		DataLicense:    v23.DataLicense,
		SPDXIdentifier: "DOCUMENT",
		DocumentName:   b.name(),
		CreationInfo: &v23.CreationInfo{
			LicenseListVersion: LicenseListVersion,
			Creators:           []common.Creator{{CreatorType: "Tool", Creator: opts.ToolName + "-" + opts.ToolVersion}},
		},
	}
	var rels []*v23.Relationship
	for i, mm := range g.Main {
		p := b.mainPackage(i, mm)
		doc.Packages = append(doc.Packages, p)
		rels = append(rels, &v23.Relationship{
			RefA: common.MakeDocElementID("", "DOCUMENT"), RefB: common.MakeDocElementID("", string(p.PackageSPDXIdentifier)),
			Relationship: common.TypeRelationshipDescribe,
		})
	}
	// The main modules, then the modules in path order (the graph's).
	for _, m := range g.Modules {
		doc.Packages = append(doc.Packages, b.modulePackage(m))
	}
	rels = append(rels, b.dependsOn()...)
	doc.Relationships = rels
	doc.OtherLicenses = b.otherLicenses()

	if opts.RandomNamespace {
		var u [16]byte
		if _, err := rand.Read(u[:]); err != nil {
			return nil, fmt.Errorf("random namespace: %w", err)
		}
		doc.DocumentNamespace = Namespace + idPart(doc.DocumentName) + "-" + uuid(u)
	} else {
		// The namespace is derived from everything but itself and the
		// creation time.
		var buf bytes.Buffer
		if err := json.Write(doc, &buf); err != nil {
			return nil, fmt.Errorf("encoding the SPDX document: %w", err)
		}
		sum := sha256.Sum256(buf.Bytes())
		var u [16]byte
		copy(u[:], sum[:16])
		doc.DocumentNamespace = Namespace + idPart(doc.DocumentName) + "-" + uuid(u)
	}
	doc.CreationInfo.Created = opts.Created.UTC().Format(time.RFC3339)
	return doc, nil
}

// Encode writes the document as SPDX JSON ("json") or tag-value
// ("tag-value").
func Encode(w io.Writer, doc *v23.Document, encoding string) error {
	switch encoding {
	case "json":
		return json.Write(doc, w, json.Indent("  "), json.EscapeHTML(false))
	case "tag-value":
		return tagvalue.Write(tagValueCopy(doc), w)
	}
	return fmt.Errorf("SPDX encoding %q: want json or tag-value", encoding)
}

// textTags defuses the tags of tag-value's multi-line texts, which it
// cannot escape: a license file holding "</text>" would end its text
// early and have its next lines read as fields of the document.
var textTags = strings.NewReplacer("<text>", "<text >", "</text>", "</text >")

// tagValueCopy returns the document for tools-golang's tag-value writer:
// a copy, as the writer sorts the document's slices in place, with the
// texts that come from modules and policies defused (textTags).
func tagValueCopy(doc *v23.Document) *v23.Document {
	d := *doc
	d.Files = slices.Clone(doc.Files)
	d.ExternalDocumentReferences = slices.Clone(doc.ExternalDocumentReferences)
	d.Packages = nil
	for _, p := range doc.Packages {
		c := *p
		c.PackageComment = textTags.Replace(c.PackageComment)
		c.PackageLicenseComments = textTags.Replace(c.PackageLicenseComments)
		d.Packages = append(d.Packages, &c)
	}
	d.OtherLicenses = nil
	for _, l := range doc.OtherLicenses {
		c := *l
		c.ExtractedText = textTags.Replace(c.ExtractedText)
		c.LicenseComment = textTags.Replace(c.LicenseComment)
		d.OtherLicenses = append(d.OtherLicenses, &c)
	}
	return &d
}

type builder struct {
	g    *model.Graph
	opts Options
	ids  map[string]bool
	// refs maps a module path (main modules included) to its package.
	refs map[string]common.ElementID
	// texts holds the LicenseRef ids used, with where their text is.
	texts map[string]*refText
}

// refText is a LicenseRef id used in the document and the file it was
// found in, when one is known.
type refText struct {
	id     string
	module *model.Module
	file   string
	sha256 string
	line   int      // a linked file's statement (the deep scan): its line
	users  []string // module@version of the packages that use it
}

// name is the document's name: the first main module (at its version).
func (b *builder) name() string {
	if len(b.g.Main) == 0 {
		return "ospo-scan"
	}
	n := b.g.Main[0].Path
	if b.opts.MainVersion != "" {
		n += "@" + b.opts.MainVersion
	}
	return n
}

var notIDChar = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// idPart turns s into characters an SPDX id may hold.
func idPart(s string) string {
	return strings.Trim(notIDChar.ReplaceAllString(s, "-"), "-")
}

// newID returns a unique element id (without the SPDXRef- prefix) for
// the key: readable, with a hash of the key when two keys read the same.
func (b *builder) newID(prefix, key string) common.ElementID {
	id := prefix + "-" + idPart(key)
	if b.ids[id] {
		sum := sha256.Sum256([]byte(key))
		id += fmt.Sprintf("-%x", sum[:4])
	}
	b.ids[id] = true
	return common.ElementID(id)
}

func (b *builder) mainPackage(i int, mm model.MainModule) *v23.Package {
	version := ""
	if i == 0 {
		version = b.opts.MainVersion
	}
	p := &v23.Package{
		PackageName:               mm.Path,
		PackageSPDXIdentifier:     b.newID("Package-main", mm.Path),
		PackageVersion:            version,
		PackageSupplier:           &common.Supplier{Supplier: NoAssertion},
		PackageDownloadLocation:   NoAssertion,
		IsFilesAnalyzedTagPresent: true,
		PackageLicenseConcluded:   NoAssertion,
		PackageLicenseDeclared:    NoAssertion,
		PackageCopyrightText:      NoAssertion,
		PrimaryPackagePurpose:     "APPLICATION",
		PackageExternalReferences: []*v23.PackageExternalReference{purlRef(mm.Path, version)},
	}
	b.refs[mm.Path] = p.PackageSPDXIdentifier
	if i == 0 && b.opts.MainLicense != nil {
		m := &model.Module{Path: mm.Path, Version: version, Dir: mm.Dir, License: b.opts.MainLicense}
		var comments []string
		p.PackageLicenseDeclared, comments = b.license(m, b.opts.MainLicense.Expression, "detected")
		p.PackageLicenseConcluded = p.PackageLicenseDeclared
		p.PackageLicenseComments = strings.Join(append(comments, evidenceLines(fileLicenses(m))...), "\n")
	}
	if i > 0 {
		p.PackageComment = "a main module of the workspace"
	}
	if bin := b.g.Binary; bin != nil && i == 0 {
		binaryPackage(p, bin)
	}
	return p
}

// binaryPackage describes a Go binary's main module (ospo-scan bin): at
// the version its build information records (none for a (devel) build),
// with the file's name and sha256 and the build's Go version, platform
// and main package.
func binaryPackage(p *v23.Package, bin *model.Binary) {
	if bin.Version != "" && bin.Version != "(devel)" && p.PackageVersion == "" {
		p.PackageVersion = bin.Version
		p.PackageExternalReferences = []*v23.PackageExternalReference{purlRef(p.PackageName, bin.Version)}
	}
	p.PackageFileName = path.Base(filepath.ToSlash(bin.File))
	if bin.SHA256 != "" {
		p.PackageChecksums = []common.Checksum{{Algorithm: common.SHA256, Value: bin.SHA256}}
	}
	comment := fmt.Sprintf("Go binary %s (%s, %s, %s, main package %s)", bin.File, bin.Format, bin.GoVersion, bin.Platform, bin.Package)
	if bin.Sum != "" {
		comment += "; go.sum h1: " + bin.Sum
	}
	p.PackageComment = comment
}

// purlRef is the PACKAGE-MANAGER reference of a module version.
func purlRef(path, version string) *v23.PackageExternalReference {
	return &v23.PackageExternalReference{
		Category: common.CategoryPackageManager, RefType: common.TypePackageManagerPURL,
		Locator: sbom.Purl(path, version),
	}
}

func (b *builder) modulePackage(m *model.Module) *v23.Package {
	var d model.Decision
	if m.Decision != nil {
		d = *m.Decision
	}
	name, version := m.Path, m.Version
	var comment []string
	if m.Replace != nil {
		if m.Replace.Version != "" {
			name, version = m.Replace.Path, m.Replace.Version
			comment = append(comment, "replaces "+m.Path+"@"+m.Version)
		} else {
			comment = append(comment, "replaced by the directory "+m.Replace.Path)
		}
	}
	p := &v23.Package{
		PackageName:               name,
		PackageSPDXIdentifier:     b.newID("Package", m.Path+"@"+m.Version),
		PackageVersion:            version,
		PackageSupplier:           &common.Supplier{Supplier: NoAssertion},
		PackageDownloadLocation:   NoAssertion,
		IsFilesAnalyzedTagPresent: true,
		PackageCopyrightText:      NoAssertion,
		PrimaryPackagePurpose:     "LIBRARY",
		PackageExternalReferences: []*v23.PackageExternalReference{purlRef(name, version)},
	}
	b.refs[m.Path] = p.PackageSPDXIdentifier

	var lcomments []string
	concluded := d.License
	if d.Effective != "" {
		// The deep scan's effective license: the declared one AND the
		// licenses of linked files it does not cover.
		concluded = d.Effective
	}
	if concluded == "" && m.Decision == nil && m.License != nil {
		concluded = m.License.Expression
	}
	p.PackageLicenseConcluded, lcomments = b.license(m, concluded, "concluded")
	// What the license files state, as detected (license() writes it in
	// current SPDX); never the effective license, which may rest on an
	// override or, with the deep scan, on the source files.
	declared := ""
	if m.License != nil {
		declared = m.License.Expression
	}
	var more []string
	p.PackageLicenseDeclared, more = b.license(m, declared, "detected")
	if declared != concluded {
		lcomments = append(lcomments, more...)
	}
	if d.Override != nil {
		lcomments = append(lcomments, fmt.Sprintf("concluded by a policy override (%s): %s", d.Override.Policy, d.Override.Reason))
	}
	if m.License != nil && m.License.Reason != "" {
		lcomments = append(lcomments, "detection: "+m.License.Reason)
	}
	lcomments = append(lcomments, evidenceLines(fileLicenses(m))...)
	p.PackageLicenseComments = strings.Join(lcomments, "\n")

	if m.Scope == model.ScopeTest {
		comment = append(comment, "scope: test (only tests of the scanned packages need it)")
	}
	if m.Sum != "" {
		comment = append(comment, "go.sum: "+m.Sum)
	}
	if len(m.Platforms) > 0 {
		comment = append(comment, "platforms: "+strings.Join(m.Platforms, ", "))
	}
	if d.Verdict != "" {
		c := "policy: " + string(d.Verdict)
		if d.Rule != "" {
			c += " (" + d.Rule + ")"
		}
		if d.Exception != nil {
			c += "; exception: " + d.Exception.Reason
			if d.Exception.Expires != "" {
				c += " (expires " + d.Exception.Expires + ")"
			}
		}
		comment = append(comment, c)
	}
	p.PackageComment = strings.Join(comment, "\n")
	return p
}

// license returns an expression as SPDX writes it (NOASSERTION when
// empty or not valid SPDX, with a comment saying what was found), and
// notes the LicenseRef ids it uses.
func (b *builder) license(m *model.Module, expr, what string) (string, []string) {
	if expr == "" {
		return NoAssertion, nil
	}
	// spdxexpr's parser, not go-spdx's, which cannot split every
	// expression with a LicenseRef.
	norm, ok := spdxexpr.Normalize(expr)
	if !ok {
		return NoAssertion, []string{fmt.Sprintf("%s %q, which is not a valid SPDX expression", what, expr)}
	}
	for _, leaf := range spdxexpr.Leaves(norm) {
		id, _ := spdxexpr.SplitWith(leaf)
		if !strings.HasPrefix(id, "LicenseRef-") {
			continue
		}
		b.useRef(id, m)
	}
	return norm, nil
}

// useRef records that m uses the LicenseRef id, and the first file (in
// module order) that shows it, for its text.
func (b *builder) useRef(id string, m *model.Module) {
	t := b.texts[id]
	if t == nil {
		t = &refText{id: id}
		b.texts[id] = t
	}
	user := m.Path
	if m.Version != "" {
		user += "@" + m.Version
	}
	if !slices.Contains(t.users, user) {
		t.users = append(t.users, user)
	}
	if t.module != nil || m.License == nil {
		return
	}
	for _, ev := range m.License.Evidence {
		for _, leaf := range spdxexpr.Leaves(ev.License) {
			if l, _ := spdxexpr.SplitWith(leaf); l == id {
				t.module, t.file, t.sha256 = m, ev.File, ev.SHA256
				return
			}
		}
	}
	for _, f := range fileLicenses(m) {
		for _, leaf := range spdxexpr.Leaves(f.License) {
			if l, _ := spdxexpr.SplitWith(leaf); l == id && f.Line > 0 {
				t.module, t.file, t.line = m, f.File, f.Line
				return
			}
		}
	}
}

// otherLicenses returns the LicenseRef ids used, each with its text: the
// file it was found in, or NOASSERTION when no file shows it (an
// override's id) or the file cannot be read.
func (b *builder) otherLicenses() []*v23.OtherLicense {
	var ids []string
	for id := range b.texts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []*v23.OtherLicense
	for _, id := range ids {
		t := b.texts[id]
		sort.Strings(t.users)
		ol := &v23.OtherLicense{
			LicenseIdentifier: id,
			LicenseName:       strings.TrimPrefix(id, "LicenseRef-"),
			ExtractedText:     NoAssertion,
		}
		var comment []string
		switch {
		case t.module == nil:
			comment = append(comment, "no file of the modules shows this license (a policy override's id): its text is not known")
		case t.line > 0:
			comment = append(comment, fmt.Sprintf("stated in the linked file %s:%d of %s (the deep scan); its text is not extracted", t.file, t.line, t.module.ID()))
		case b.opts.ReadFile == nil || t.module.Dir == "":
			comment = append(comment, fmt.Sprintf("found in %s of %s; its text was not available", t.file, t.module.ID()))
		default:
			data, err := b.opts.ReadFile(t.module, t.file)
			if err != nil {
				comment = append(comment, fmt.Sprintf("found in %s of %s, which could not be read: %v", t.file, t.module.ID(), err))
				break
			}
			ol.ExtractedText = string(data)
			c := fmt.Sprintf("the text of %s of %s", t.file, t.module.ID())
			if t.sha256 != "" {
				c += " (sha256 " + t.sha256 + ")"
			}
			comment = append(comment, c)
		}
		comment = append(comment, "used by "+strings.Join(t.users, ", "))
		ol.LicenseComment = strings.Join(comment, "\n")
		out = append(out, ol)
	}
	return out
}

// dependsOn returns the DEPENDS_ON relationships of the module graph,
// sorted.
func (b *builder) dependsOn() []*v23.Relationship {
	var from []string
	for path := range b.g.Deps {
		from = append(from, path)
	}
	sort.Strings(from)
	type edge struct{ a, b common.ElementID }
	seen := map[edge]bool{}
	var edges []edge
	for _, path := range from {
		a, ok := b.refs[path]
		if !ok {
			continue
		}
		for _, to := range b.g.Deps[path] {
			bb, ok := b.refs[to]
			if !ok || bb == a || seen[edge{a, bb}] {
				continue
			}
			seen[edge{a, bb}] = true
			edges = append(edges, edge{a, bb})
		}
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].a != edges[j].a {
			return edges[i].a < edges[j].a
		}
		return edges[i].b < edges[j].b
	})
	var out []*v23.Relationship
	for _, e := range edges {
		out = append(out, &v23.Relationship{
			RefA: common.MakeDocElementID("", string(e.a)), RefB: common.MakeDocElementID("", string(e.b)),
			Relationship: common.TypeRelationshipDependsOn,
		})
	}
	return out
}

// evidenceLines renders file-level evidence as license comment lines.
func evidenceLines(files []FileLicense) []string {
	var out []string
	for _, f := range files {
		if f.Kind != "" {
			out = append(out, fmt.Sprintf("linked file %s:%d: %s %s, not covered by the declared license", f.File, f.Line, f.Kind, f.License))
			continue
		}
		out = append(out, "file "+sbom.EvidenceString(model.Evidence{File: f.File, Verdict: f.Verdict, License: f.License, Coverage: f.Coverage, SHA256: f.SHA256}))
	}
	return out
}

// uuid formats 16 bytes as a version-4-shaped UUID.
func uuid(u [16]byte) string {
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
