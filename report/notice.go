package report

import (
	_ "embed"
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// ReadFunc reads a file of a module's source named by its license
// evidence (rel is slash-separated, relative to the module root). The
// caller supplies it, with the detector's rules for reading license files,
// so that the writers stay free of file-system policy.
type ReadFunc func(m *model.Module, rel string) ([]byte, error)

//go:embed notice.tmpl
var defaultNoticeTemplate string

// noticeFuncs returns the functions a notice template may call besides
// text/template's own (documented in docs/notices.md).
func noticeFuncs() template.FuncMap {
	return template.FuncMap{
		"join": strings.Join,
		"repeat": func(s string, n int) (string, error) {
			// Bounded: a huge count would exhaust memory (or panic).
			if n > 0 && len(s) > 0 && n > maxRepeat/len(s) {
				return "", fmt.Errorf("repeat: %d copies of %d bytes are more than %d bytes", n, len(s), maxRepeat)
			}
			return strings.Repeat(s, max(n, 0)), nil
		},
		"indent": func(n int, s string) string {
			pad := strings.Repeat(" ", max(n, 0))
			return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
		},
	}
}

// maxRepeat bounds the string the repeat function of a notice template
// returns.
const maxRepeat = 1 << 20

// ParseNoticeTemplate parses a notice template (Go text/template over an
// Attribution). name names it in errors, e.g. the file it came from.
func ParseNoticeTemplate(name, text string) (*template.Template, error) {
	return template.New(name).Funcs(noticeFuncs()).Option("missingkey=error").Parse(text)
}

// WriteNotice writes a third-party notices (attribution) file with the
// built-in template: each shipped module (scope required) with its
// license, its copyright lines and references to the license texts and
// NOTICE files, then each distinct license text once and each distinct
// NOTICE text verbatim. Files are read with read.
func WriteNotice(w io.Writer, doc *model.Document, read ReadFunc) error {
	t, err := ParseNoticeTemplate("notice.tmpl", defaultNoticeTemplate)
	if err != nil {
		return fmt.Errorf("built-in notice template: %w", err)
	}
	return WriteNoticeTemplate(w, doc, read, t)
}

// WriteNoticeTemplate writes the notices with the template t, executed
// over the Attribution of doc.
func WriteNoticeTemplate(w io.Writer, doc *model.Document, read ReadFunc, t *template.Template) error {
	return t.Execute(w, BuildAttribution(doc, read))
}
