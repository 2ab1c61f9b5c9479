package report

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/ospo-scan/ospo-scan/scanner"
)

// WriteNotice writes a third-party notices (attribution) file: each
// shipped module (scope required) with its license and the full texts of
// its license and NOTICE files, as an OSPO publishes with a release.
func WriteNotice(w io.Writer, g *scanner.Graph, doc *Document) error {
	ew := &errWriter{w: w}
	main := strings.Join(doc.Main, ", ")
	ew.printf("THIRD-PARTY SOFTWARE NOTICES\n\n%s includes the following third-party modules.\n", main)
	seen := map[string]bool{}
	for i, m := range g.Modules {
		if m.Scope != scanner.ScopeRequired {
			continue
		}
		// A monorepo's modules may ship the same dependency: once here.
		id := m.Path + "@" + m.Version
		if seen[id] {
			continue
		}
		seen[id] = true
		dm := doc.Modules[i]
		lic := dm.License
		if lic == "" {
			lic = "UNKNOWN (" + dm.Reason + ")"
		}
		ew.printf("\n%s\n%s %s\nLicense: %s\n", strings.Repeat("=", 78), m.Path, m.Version, lic)
		if m.License == nil || m.Dir == "" {
			continue
		}
		var files []string
		for _, ev := range m.License.Evidence {
			files = append(files, ev.File)
		}
		files = append(files, m.License.Notices...)
		for _, f := range files {
			data, err := readText(m.Dir, f)
			if err != nil {
				ew.printf("\n--- %s: not included: %v\n", f, err)
				continue
			}
			ew.printf("\n--- %s\n\n%s\n", f, strings.TrimRight(string(data), "\n"))
		}
	}
	return ew.err
}

// readText reads a module file named by evidence for the notices, with
// the detector's rules: no symlink out of the module, regular files of at
// most 1 MiB, UTF-8 or UTF-16 text.
func readText(dir, rel string) ([]byte, error) {
	return scanner.ReadLicenseFile(dir, filepath.Join(dir, filepath.FromSlash(rel)))
}
