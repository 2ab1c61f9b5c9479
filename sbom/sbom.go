// Package sbom writes the scanned module graph as a CycloneDX SBOM with
// github.com/CycloneDX/cyclonedx-go.
//
// Build turns the graph, the detected licenses and the policy decisions
// into a BOM: one component per module (purl pkg:golang/<path>@<version>,
// built with packageurl-go; licenses with acknowledgement "concluded";
// license evidence; the go.sum hash and the policy verdict as properties),
// and the module dependency graph derived from the package imports actually
// used. The BOM is deterministic: components and dependencies are sorted,
// the timestamp comes from the caller, and the serial number is derived
// from the content unless a random one is asked for. Encode writes it as
// JSON or XML for spec versions 1.4 to 1.7.
package sbom

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/package-url/packageurl-go"

	"github.com/ospo-scan/ospo-scan/internal/model"

	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"
)

//go:generate go run -tags generate ./internal/genspdxids

// Options configures Build and Encode.
type Options struct {
	ToolName    string
	ToolVersion string
	// Timestamp is the BOM's creation time (SOURCE_DATE_EPOCH, or now).
	Timestamp time.Time
	// RandomSerial asks for a random serial number instead of one derived
	// from the content.
	RandomSerial bool
	// MainLicense is the license detected for the main module, if any.
	MainLicense *model.License
	// MainVersion is the version of the main module the BOM describes (a
	// release's tag); empty for a scan of a working tree.
	MainVersion string
	// SpecVersion is the CycloneDX version the BOM is for; versions
	// before 1.6 have no license acknowledgement.
	SpecVersion cdx.SpecVersion
}

// SpecVersions maps the --spec-version values to cyclonedx-go's.
var SpecVersions = map[string]cdx.SpecVersion{
	"1.4": cdx.SpecVersion1_4, "1.5": cdx.SpecVersion1_5, "1.6": cdx.SpecVersion1_6, "1.7": cdx.SpecVersion1_7,
}

// Purl returns the package URL of a module version.
func Purl(path, version string) string {
	ns, name := "", path
	if i := strings.LastIndex(path, "/"); i >= 0 {
		ns, name = path[:i], path[i+1:]
	}
	return packageurl.NewPackageURL(packageurl.TypeGolang, ns, name, version, packageurl.Qualifiers{{Key: "type", Value: "module"}}, "").ToString()
}

// Build returns the BOM of a scan: the graph's records, each with the
// license detected and the policy's decision.
func Build(g *model.Graph, opts Options) *cdx.BOM {
	bom := cdx.NewBOM()
	mainRef := ""
	md := &cdx.Metadata{
		Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{{
			Type: cdx.ComponentTypeApplication, Name: opts.ToolName, Version: opts.ToolVersion,
		}}},
		Lifecycles: &[]cdx.Lifecycle{{Phase: cdx.LifecyclePhasePreBuild}},
	}
	if !opts.Timestamp.IsZero() {
		md.Timestamp = opts.Timestamp.UTC().Format(time.RFC3339)
	}
	var comps []cdx.Component
	mainPaths := map[string]string{}
	for i, mm := range g.Main {
		ref := Purl(mm.Path, "")
		mainPaths[mm.Path] = ref
		c := cdx.Component{BOMRef: ref, Type: cdx.ComponentTypeApplication, Name: mm.Path, PackageURL: ref}
		if i == 0 {
			if b := g.Binary; b != nil {
				binaryMain(&c, b)
				md.Lifecycles = &[]cdx.Lifecycle{{Phase: cdx.LifecyclePhasePostBuild}}
			}
			if opts.MainVersion != "" {
				c.Version = opts.MainVersion
				c.PackageURL = Purl(mm.Path, opts.MainVersion)
			}
			if opts.MainLicense != nil && opts.MainLicense.Expression != "" {
				c.Licenses = licenses(opts.MainLicense.Expression, opts.SpecVersion)
			}
			md.Component = &c
			mainRef = ref
			continue
		}
		c.Properties = &[]cdx.Property{{Name: "ospo-scan:main-module", Value: "true"}}
		comps = append(comps, c)
	}
	bom.Metadata = md
	refs := map[string]string{}
	for path, ref := range mainPaths {
		refs[path] = ref
	}
	for _, m := range g.Modules {
		c := component(m, opts.SpecVersion)
		refs[m.Path] = c.BOMRef
		comps = append(comps, c)
	}
	sort.Slice(comps, func(i, j int) bool { return comps[i].BOMRef < comps[j].BOMRef })
	bom.Components = &comps

	var deps []cdx.Dependency
	addDeps := func(path, ref string) {
		var on []string
		for _, to := range g.Deps[path] {
			if r, ok := refs[to]; ok && r != ref {
				on = append(on, r)
			}
		}
		sort.Strings(on)
		on = compact(on)
		d := cdx.Dependency{Ref: ref}
		if len(on) > 0 {
			d.Dependencies = &on
		}
		deps = append(deps, d)
	}
	for path, ref := range mainPaths {
		addDeps(path, ref)
	}
	for _, m := range g.Modules {
		addDeps(m.Path, refs[m.Path])
	}
	sort.Slice(deps, func(i, j int) bool { return deps[i].Ref < deps[j].Ref })
	if mainRef != "" || len(deps) > 0 {
		bom.Dependencies = &deps
	}
	return bom
}

// binaryMain describes a Go binary's main module (ospo-scan bin): at the
// version its build information records (none for a (devel) build), with
// the file's sha256 and the build's Go version, platform and main package.
func binaryMain(c *cdx.Component, b *model.Binary) {
	if b.Version != "" && b.Version != "(devel)" {
		c.Version = b.Version
		c.PackageURL = Purl(c.Name, b.Version)
	}
	if b.SHA256 != "" {
		c.Hashes = &[]cdx.Hash{{Algorithm: cdx.HashAlgoSHA256, Value: b.SHA256}}
	}
	props := []cdx.Property{
		{Name: "ospo-scan:binary", Value: b.File},
		{Name: "ospo-scan:go-version", Value: b.GoVersion},
		{Name: "ospo-scan:main-package", Value: b.Package},
		{Name: "ospo-scan:platform", Value: b.Platform},
	}
	if b.Sum != "" {
		props = append(props, cdx.Property{Name: "ospo-scan:go-sum", Value: b.Sum})
	}
	c.Properties = &props
}

func compact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func component(m *model.Module, spec cdx.SpecVersion) cdx.Component {
	var d model.Decision
	if m.Decision != nil {
		d = *m.Decision
	}
	purlPath, purlVersion := m.Path, m.Version
	var props []cdx.Property
	if m.Replace != nil {
		if m.Replace.Version != "" {
			purlPath, purlVersion = m.Replace.Path, m.Replace.Version
			props = append(props, cdx.Property{Name: "ospo-scan:replaces", Value: m.Path + "@" + m.Version})
		} else {
			props = append(props, cdx.Property{Name: "ospo-scan:replace-dir", Value: m.Replace.Path})
		}
	}
	ref := Purl(purlPath, purlVersion)
	c := cdx.Component{
		BOMRef: ref, Type: cdx.ComponentTypeLibrary, Name: purlPath, Version: purlVersion, PackageURL: ref,
		Scope: cdx.ScopeRequired,
	}
	if m.Scope == model.ScopeTest {
		c.Scope = cdx.ScopeOptional
	}
	if d.Effective != "" {
		// The deep scan's effective license: the declared one AND the
		// licenses of linked files it does not cover.
		c.Licenses = licenses(d.Effective, spec)
	} else if d.License != "" {
		c.Licenses = licenses(d.License, spec)
	}
	if m.Sum != "" {
		props = append(props, cdx.Property{Name: "ospo-scan:go-sum", Value: m.Sum})
	}
	props = append(props,
		cdx.Property{Name: "ospo-scan:decision", Value: string(d.Verdict)},
		cdx.Property{Name: "ospo-scan:rule", Value: d.Rule},
		cdx.Property{Name: "ospo-scan:license-source", Value: d.Source},
	)
	if d.Category != "" {
		props = append(props, cdx.Property{Name: "ospo-scan:category", Value: d.Category})
	}
	if d.Effective != "" && d.Effective != d.License {
		props = append(props, cdx.Property{Name: "ospo-scan:declared-license", Value: d.License})
	}
	if d.Exception != nil {
		v := d.Exception.Reason
		if d.Exception.Expires != "" {
			v += " (expires " + d.Exception.Expires + ")"
		}
		props = append(props, cdx.Property{Name: "ospo-scan:exception", Value: v})
	}
	if m.License != nil {
		if m.License.Reason != "" {
			props = append(props, cdx.Property{Name: "ospo-scan:license-reason", Value: m.License.Reason})
		}
		var occ []cdx.EvidenceOccurrence
		seen := map[string]bool{}
		for _, ev := range m.License.Evidence {
			props = append(props, cdx.Property{Name: "ospo-scan:license-evidence", Value: EvidenceString(ev)})
			occ = append(occ, cdx.EvidenceOccurrence{Location: ev.File})
			for _, id := range spdxexpr.Leaves(ev.License) {
				seen[id] = true
			}
		}
		for _, f := range d.Files {
			line := f.Line
			occ = append(occ, cdx.EvidenceOccurrence{Location: f.File, Line: &line, AdditionalContext: f.Kind + ": " + f.License})
			for _, id := range spdxexpr.Leaves(f.License) {
				seen[id] = true
			}
		}
		// Evidence licenses are a list of licenses (CycloneDX allows an
		// expression only alone): the ids found in the files.
		var ids []string
		for id := range seen {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		var evLicenses cdx.Licenses
		for _, id := range ids {
			if !cdxLicenseIDs[id] {
				evLicenses = append(evLicenses, cdx.LicenseChoice{License: &cdx.License{Name: id}})
			} else {
				evLicenses = append(evLicenses, cdx.LicenseChoice{License: &cdx.License{ID: id}})
			}
		}
		if len(occ) > 0 {
			c.Evidence = &cdx.Evidence{Occurrences: &occ}
			if len(evLicenses) > 0 {
				c.Evidence.Licenses = &evLicenses
			}
		}
	}
	for _, p := range m.Platforms {
		props = append(props, cdx.Property{Name: "ospo-scan:platform", Value: p})
	}
	c.Properties = &props
	var refs []cdx.ExternalReference
	if vcs := repoURL(m.Path); vcs != "" {
		refs = append(refs, cdx.ExternalReference{Type: cdx.ERTypeVCS, URL: vcs})
	}
	if m.Replace == nil || m.Replace.Version != "" {
		refs = append(refs, cdx.ExternalReference{Type: cdx.ERTypeDocumentation, URL: "https://pkg.go.dev/" + purlPath + "@" + purlVersion})
	}
	if len(refs) > 0 {
		c.ExternalReferences = &refs
	}
	return c
}

// EvidenceString summarises a license file's evidence in one line
// ("LICENSE: license MIT (coverage 100.0%) sha256:..."), as the
// CycloneDX property ospo-scan:license-evidence and the SPDX license
// comments give it.
func EvidenceString(ev model.Evidence) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", ev.File, ev.Verdict)
	if ev.License != "" {
		fmt.Fprintf(&b, " %s", ev.License)
	}
	fmt.Fprintf(&b, " (coverage %s%%)", strconv.FormatFloat(ev.Coverage, 'f', 1, 64))
	if ev.SHA256 != "" {
		fmt.Fprintf(&b, " sha256:%s", ev.SHA256)
	}
	return b.String()
}

// repoURL returns the repository of a module on a well-known host.
func repoURL(path string) string {
	parts := strings.Split(path, "/")
	switch parts[0] {
	case "github.com", "gitlab.com", "bitbucket.org", "codeberg.org":
		if len(parts) >= 3 {
			return "https://" + strings.Join(parts[:3], "/")
		}
	case "golang.org":
		if len(parts) >= 3 && parts[1] == "x" {
			return "https://go.googlesource.com/" + parts[2]
		}
	}
	return ""
}

// licenses turns an SPDX expression into CycloneDX licenses: an id when it
// is one SPDX id that CycloneDX knows, an expression otherwise. Detected and overridden
// licenses are conclusions, not what the package declares.
func licenses(expr string, spec cdx.SpecVersion) *cdx.Licenses {
	ack := cdx.LicenseAcknowledgementConcluded
	var ackp *cdx.LicenseAcknowledgement
	if spec < cdx.SpecVersion1_6 {
		ack = ""
	} else {
		ackp = &ack
	}
	// license.id must be in CycloneDX's SPDX list (SPDX 3.17 for
	// cyclonedx-go v0.12.0); a newer id is written as an expression.
	if cdxLicenseIDs[expr] {
		return &cdx.Licenses{{License: &cdx.License{ID: expr, Acknowledgement: ack}}}
	}
	return &cdx.Licenses{{Expression: expr, Acknowledgement: ackp}}
}

// Encode writes the BOM in the given format ("json" or "xml") and spec
// version. The serial number is derived from the content (so the same
// scan gives the same bytes) unless opts.RandomSerial.
func Encode(w io.Writer, bom *cdx.BOM, format string, spec cdx.SpecVersion, randomSerial bool) error {
	ff := cdx.BOMFileFormatJSON
	if format == "xml" {
		ff = cdx.BOMFileFormatXML
	}
	encode := func(b *cdx.BOM) ([]byte, error) {
		var buf bytes.Buffer
		enc := cdx.NewBOMEncoder(&buf, ff)
		enc.SetPretty(true)
		enc.SetEscapeHTML(false)
		if err := enc.EncodeVersion(b, spec); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	b := *bom
	if ff == cdx.BOMFileFormatXML {
		b.Components = xmlOccurrences(b.Components)
	}
	b.SerialNumber = ""
	if randomSerial {
		var u [16]byte
		if _, err := rand.Read(u[:]); err != nil {
			return err
		}
		b.SerialNumber = uuidURN(u)
	} else {
		body, err := encode(&b)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		var u [16]byte
		copy(u[:], sum[:16])
		b.SerialNumber = uuidURN(u)
	}
	out, err := encode(&b)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// uuidURN formats 16 bytes as a version 4 (random) or, for content-derived
// serials, a version-4-shaped UUID URN, as CycloneDX requires.
func uuidURN(u [16]byte) string {
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// xmlOccurrences returns components whose evidence occurrences keep only
// their location and bom-ref: cyclonedx-go writes an occurrence's line,
// offset, symbol and additionalContext as XML attributes, where the
// CycloneDX XML schema (1.6) has elements, and a validator rejects them.
// The JSON SBOM and the reports keep the lines. comps is not changed.
func xmlOccurrences(comps *[]cdx.Component) *[]cdx.Component {
	if comps == nil {
		return nil
	}
	out := slices.Clone(*comps)
	for i, c := range out {
		out[i].Components = xmlOccurrences(c.Components)
		if c.Evidence == nil || c.Evidence.Occurrences == nil {
			continue
		}
		ev := *c.Evidence
		occ := make([]cdx.EvidenceOccurrence, len(*ev.Occurrences))
		for j, o := range *ev.Occurrences {
			occ[j] = cdx.EvidenceOccurrence{BOMRef: o.BOMRef, Location: o.Location}
		}
		ev.Occurrences = &occ
		out[i].Evidence = &ev
	}
	return &out
}
