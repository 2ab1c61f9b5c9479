package report

import (
	"io"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// ReadFunc reads a file of a module's source named by its license
// evidence (rel is slash-separated, relative to the module root). The
// caller supplies it, with the detector's rules for reading license files,
// so that the writers stay free of file-system policy.
type ReadFunc func(m *model.Module, rel string) ([]byte, error)

// WriteNotice writes a third-party notices (attribution) file: each
// shipped module (scope required) with its license and the full texts of
// its license and NOTICE files, read with read, as an OSPO publishes with
// a release.
func WriteNotice(w io.Writer, doc *model.Document, read ReadFunc) error {
	ew := &errWriter{w: w}
	main := strings.Join(doc.Main, ", ")
	ew.printf("THIRD-PARTY SOFTWARE NOTICES\n\n%s includes the following third-party modules.\n", main)
	seen := map[string]bool{}
	for _, m := range doc.Modules {
		if m.Scope != model.ScopeRequired {
			continue
		}
		// A monorepo's modules may ship the same dependency: once here.
		id := m.Path + "@" + m.Version
		if seen[id] {
			continue
		}
		seen[id] = true
		lic := decision(m).License
		if lic == "" {
			reason := ""
			if m.License != nil {
				reason = m.License.Reason
			}
			lic = "UNKNOWN (" + reason + ")"
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
			data, err := read(m, f)
			if err != nil {
				ew.printf("\n--- %s: not included: %v\n", f, err)
				continue
			}
			ew.printf("\n--- %s\n\n%s\n", f, strings.TrimRight(string(data), "\n"))
		}
		writeFileNotices(ew, m, read)
	}
	return ew.err
}
