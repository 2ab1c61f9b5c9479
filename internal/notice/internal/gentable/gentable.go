// Package gentable writes the notice package's name, id and URL tables
// from the SPDX License List data kept in internal/notice/data and
// internal/licensedata. It is used by the generator and by the test that
// checks the generated file is up to date; nothing reads the data at run
// time.
package gentable

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/notice/internal/phrase"
)

// Inputs are the files the tables are built from, relative to the notice
// package directory.
var Inputs = []string{"data/license-refs.tsv", "../licensedata/licenses.tsv", "../licensedata/exceptions.tsv"}

// GenerateFrom reads Inputs under dir (the notice package directory) and
// returns Generate of them.
func GenerateFrom(dir string) ([]byte, error) {
	var data [3][]byte
	for i, name := range Inputs {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("reading notice tables input: %w", err)
		}
		data[i] = b
	}
	return Generate(data[0], data[1], data[2])
}

type row = []string

func readTSV(name string, data []byte, cols int) ([]row, error) {
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var rows []row
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) < cols {
			return nil, fmt.Errorf("%s:%d: %d columns, want at least %d", name, i+2, len(f), cols)
		}
		rows = append(rows, f)
	}
	return rows, nil
}

// gnuID reports whether id belongs to a GNU family, whose names and
// versions the hand-written grammar reads (the -only/-or-later choice is a
// matter of the notice's wording, not of the name).
func gnuID(id string) bool {
	for _, p := range []string{"GPL-", "LGPL-", "AGPL-", "GFDL-"} {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

var versionRE = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+)*[a-z]?$`)

// restOK are words that may follow a version in a name without changing
// which license it is ("Creative Commons Attribution 4.0 International").
var restOK = map[string]bool{"international": true, "universal": true, "generic": true, "unported": true}

// family splits a name's words into a family and a version: "apache
// license 2.0" is family "apache license", version "2.0".
func family(w []string) (fam, ver string, ok bool) {
	for i := len(w) - 1; i > 0; i-- {
		if !versionRE.MatchString(w[i]) {
			if !restOK[w[i]] {
				return "", "", false
			}
			continue
		}
		f := w[:i]
		for len(f) > 0 && (f[len(f)-1] == "version" || f[len(f)-1] == "v") {
			f = f[:len(f)-1]
		}
		if len(f) == 0 {
			return "", "", false
		}
		return strings.Join(f, " "), strings.TrimPrefix(w[i], "v"), true
	}
	return "", "", false
}

// joined writes the words Creative Commons joins ("Share Alike" as
// "ShareAlike") the way its license names do.
func joined(name string) string {
	return strings.NewReplacer("Share Alike", "ShareAlike", "No Derivatives", "NoDerivatives",
		"Non Commercial", "NonCommercial").Replace(name)
}

func without(w []string, drop string) []string {
	var out []string
	for _, x := range w {
		if x != drop {
			out = append(out, x)
		}
	}
	return out
}

// Generate returns the Go source of the generated tables.
func Generate(refs, licenses, exceptions []byte) ([]byte, error) {
	refRows, err := readTSV("license-refs.tsv", refs, 6)
	if err != nil {
		return nil, err
	}
	licRows, err := readTSV("licenses.tsv", licenses, 6)
	if err != nil {
		return nil, err
	}
	excRows, err := readTSV("exceptions.tsv", exceptions, 3)
	if err != nil {
		return nil, err
	}
	// Ids and the deprecated flag come from the release the project uses
	// (v3.28.0); license-refs.tsv is a later snapshot whose deprecated
	// column is not filled, so it only gives names and URLs, and only for
	// ids of the release.
	deprecated := map[string]bool{}
	for _, r := range licRows {
		deprecated[r[0]] = r[5] == "true"
	}
	excDeprecated := map[string]bool{}
	for _, r := range excRows {
		excDeprecated[r[0]] = r[2] == "true"
	}
	names := map[string]string{}
	fams := map[string]map[string]string{}
	urls := map[string]string{}
	const conflict = "\x00"
	put := func(m map[string]string, k, id string) {
		if old, ok := m[k]; ok && old != id {
			m[k] = conflict
			return
		}
		m[k] = id
	}
	for _, r := range refRows {
		id, kind, name, urlList := r[0], r[1], r[2], r[5]
		if kind != "license" {
			continue
		}
		dep, known := deprecated[id]
		if !known || dep {
			continue
		}
		_, ver, versioned := family(phrase.Words(strings.ReplaceAll(id, "-", " ")))
		for _, u := range strings.Fields(urlList) {
			k := phrase.NormURL(u)
			if k == "" {
				continue
			}
			// A versioned license's URL must name the version: SPDX also
			// lists landing pages shared by all versions of a license
			// (oss.sgi.com/projects/FreeB for SGI-B-1.1 only), which
			// would guess one.
			if versioned && !strings.Contains(k, ver) && !strings.Contains(k, strings.ReplaceAll(ver, ".", "")) {
				continue
			}
			put(urls, k, id)
		}
		if gnuID(id) {
			continue
		}
		spellings := [][]string{phrase.Words(name), phrase.Words(strings.ReplaceAll(id, "-", " "))}
		if j := joined(name); j != name {
			// "Attribution-ShareAlike" as the licenses themselves write it.
			spellings = append(spellings, phrase.Words(j))
		}
		for _, w := range spellings {
			if len(w) == 0 {
				continue
			}
			put(names, strings.Join(w, " "), id)
			if f, v, ok := family(w); ok {
				for _, fk := range []string{f, strings.Join(without(strings.Fields(f), "license"), " ")} {
					if fk == "" {
						continue
					}
					if fams[fk] == nil {
						fams[fk] = map[string]string{}
					}
					put(fams[fk], v, id)
				}
			}
		}
	}
	excNames := map[string]string{}
	for _, r := range refRows {
		id, kind, name := r[0], r[1], r[2]
		if kind != "exception" {
			continue
		}
		if dep, ok := excDeprecated[id]; !ok || dep {
			continue
		}
		w := phrase.Words(name)
		if len(w) == 0 {
			continue
		}
		put(excNames, strings.Join(w, " "), id)
		if f, _, ok := family(w); ok && (strings.HasSuffix(f, "exception") || strings.HasSuffix(f, "note")) {
			// "Classpath exception" for "Classpath exception 2.0".
			put(excNames, f, id)
		}
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/notice/internal/gennotice; DO NOT EDIT.\n")
	b.WriteString("// Source: internal/notice/data/license-refs.tsv and internal/licensedata/*.tsv\n")
	b.WriteString("// (SPDX License List v3.28.0 ids, names and reference URLs; the SPDX License\n")
	b.WriteString("// List is licensed under CC-BY-3.0; see data/PROVENANCE.md).\n\n")
	b.WriteString("package notice\n\n")
	b.WriteString("// spdxNames maps the words of a license's SPDX name or id (phrase.Words,\n")
	b.WriteString("// \"the\" left out) to its id; names shared by two ids are left out.\n")
	b.WriteString("var spdxNames = map[string]string{\n")
	writeMap(&b, names, conflict)
	b.WriteString("}\n\n// spdxFamilies maps a name without its version (\"apache license\", \"apache\")\n")
	b.WriteString("// to the ids of its versions; a version shared by two ids is left out.\n")
	b.WriteString("var spdxFamilies = map[string]map[string]string{\n")
	fk := make([]string, 0, len(fams))
	for k := range fams {
		fk = append(fk, k)
	}
	sort.Strings(fk)
	for _, k := range fk {
		var inner bytes.Buffer
		writeMap(&inner, fams[k], conflict)
		if inner.Len() == 0 {
			continue
		}
		fmt.Fprintf(&b, "%q: {\n%s},\n", k, inner.String())
	}
	b.WriteString("}\n\n// spdxExceptionNames maps the words of an exception's SPDX name, with and\n")
	b.WriteString("// without its version, to its id; names shared by two ids are left out.\n")
	b.WriteString("var spdxExceptionNames = map[string]string{\n")
	writeMap(&b, excNames, conflict)
	b.WriteString("}\n\n// spdxURLs maps a reference URL of a license (NormURL) to its id; URLs\n")
	b.WriteString("// shared by two ids are left out.\n")
	b.WriteString("var spdxURLs = map[string]string{\n")
	writeMap(&b, urls, conflict)
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting generated tables: %w", err)
	}
	return src, nil
}

func writeMap(b *bytes.Buffer, m map[string]string, conflict string) {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if v != conflict {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(b, "%q: %q,\n", k, m[k])
	}
}
