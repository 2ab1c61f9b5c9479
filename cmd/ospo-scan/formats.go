package main

import (
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/report"
	"github.com/ospo-scan/ospo-scan/sbom"
)

// This file is the one registry of the output formats and versions the
// command line accepts: the flag help, the checks of check and
// parseFormats, and the writers all read it.

// A reportFormat is a --format value and its writer.
type reportFormat struct {
	name  string
	write func(w io.Writer, doc *model.Document, o options, color bool) error
}

// reportFormats are the report formats, in the order the help lists them;
// the first is the default.
var reportFormats = []reportFormat{
	{"text", func(w io.Writer, doc *model.Document, o options, color bool) error {
		return report.WriteText(w, doc, report.TextOptions{Color: color, Quiet: o.quiet})
	}},
	{"json", func(w io.Writer, doc *model.Document, _ options, _ bool) error { return report.WriteJSON(w, doc) }},
	{"sarif", func(w io.Writer, doc *model.Document, _ options, _ bool) error { return report.WriteSARIF(w, doc) }},
	{"github", func(w io.Writer, doc *model.Document, _ options, _ bool) error { return report.WriteGitHub(w, doc) }},
	{"markdown", func(w io.Writer, doc *model.Document, _ options, _ bool) error { return report.WriteMarkdown(w, doc) }},
	{"html", func(w io.Writer, doc *model.Document, _ options, _ bool) error {
		return report.WriteHTML(w, doc, report.HTMLOptions{Read: readNoticeFile})
	}},
	{"exceptions", func(w io.Writer, doc *model.Document, _ options, _ bool) error { return report.WriteExceptions(w, doc) }},
}

// sbomEncodings are the --sbom-format values: CycloneDX JSON and XML,
// SPDX JSON and tag-value; sbomFormatOf reads one from a file name.
var sbomEncodings = []string{"json", "xml", "spdx-json", "spdx"}

// sbomFormatNames say what each encoding is, for messages.
var sbomFormatNames = map[string]string{"json": "CycloneDX JSON", "xml": "CycloneDX XML", "spdx-json": "SPDX JSON", "spdx": "SPDX tag-value"}

// sbomExtensions are the file name endings of the encodings.
var sbomExtensions = map[string]string{"json": ".cdx.json", "xml": ".cdx.xml", "spdx-json": ".spdx.json", "spdx": ".spdx"}

// sbomFormatOf returns the encoding an --sbom file's name says: .spdx.json
// is SPDX JSON, .spdx SPDX tag-value, .xml CycloneDX XML, .json CycloneDX
// JSON; "" when the name says none (/dev/stdout).
func sbomFormatOf(name string) string {
	base := strings.ToLower(filepath.Base(name))
	switch {
	case strings.HasSuffix(base, ".spdx.json"):
		return "spdx-json"
	case strings.HasSuffix(base, ".spdx"):
		return "spdx"
	case strings.HasSuffix(base, ".xml"):
		return "xml"
	case strings.HasSuffix(base, ".json"):
		return "json"
	}
	return ""
}

// isSPDX reports whether an --sbom-format value is an SPDX encoding.
func isSPDX(format string) bool { return format == "spdx-json" || format == "spdx" }

// defaultSpecVersion is the CycloneDX version written unless
// --spec-version says otherwise.
const defaultSpecVersion = "1.6"

// reportFormatNames returns the report format names, in help order.
func reportFormatNames() []string {
	var names []string
	for _, f := range reportFormats {
		names = append(names, f.name)
	}
	return names
}

// lookupReportFormat returns the report format called name.
func lookupReportFormat(name string) (reportFormat, bool) {
	i := slices.IndexFunc(reportFormats, func(f reportFormat) bool { return f.name == name })
	if i < 0 {
		return reportFormat{}, false
	}
	return reportFormats[i], true
}

// specVersions returns the --spec-version values, those sbom can write,
// in order.
func specVersions() []string {
	var vs []string
	for v := range sbom.SpecVersions {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// orList joins values as "a, b or c".
func orList(vs []string) string {
	if len(vs) <= 1 {
		return strings.Join(vs, "")
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " or " + vs[len(vs)-1]
}

// formatFlagHelp is the help of --format.
func formatFlagHelp() string {
	names := reportFormatNames()
	return "report `FORMAT`: " + names[0] + " (default), " + orList(names[1:]) + "; FORMAT=FILE writes that report to FILE (repeatable: one scan, several reports)"
}

// writeReport writes doc in the report format called format (the default
// format when none).
func writeReport(w io.Writer, format string, o options, doc *model.Document, color bool) error {
	f, ok := lookupReportFormat(format)
	if !ok {
		f = reportFormats[0]
	}
	return f.write(w, doc, o, color)
}
