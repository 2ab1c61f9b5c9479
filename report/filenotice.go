package report

import (
	"fmt"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// writeFileNotices writes, for a module whose linked files are under
// licenses its own does not cover (the deep scan), each such file's
// license comment as the file has it: its copyright lines and its license
// notice or text, which a release must reproduce beside the module's
// license. A file that cannot be read is listed with its license and
// copyright lines.
func writeFileNotices(ew *errWriter, m *model.Module, read ReadFunc) {
	d := decision(m)
	if len(d.Files) == 0 {
		return
	}
	ew.printf("\n--- Linked files under other licenses than %s:\n", d.License)
	type block struct {
		file    string
		comment [2]int
	}
	seen := map[block]bool{}
	for _, f := range d.Files {
		b := block{f.File, f.Comment}
		if seen[b] {
			continue
		}
		seen[b] = true
		var lics []string
		for _, g := range d.Files {
			if g.File == f.File && g.Comment == f.Comment {
				lics = append(lics, g.License)
			}
		}
		ew.printf("\n--- %s (%s)\n", fileLines(f), strings.Join(lics, ", "))
		text, err := commentLines(m, f, read)
		if err != nil {
			for _, c := range f.Copyright {
				ew.printf("%s\n", c)
			}
			ew.printf("(comment not included: %v)\n", err)
			continue
		}
		ew.printf("\n%s\n", text)
	}
}

// fileLines renders a file and the lines of its license comment.
func fileLines(f model.FileLicense) string {
	switch {
	case f.Comment[0] == 0:
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	case f.Comment[0] == f.Comment[1]:
		return fmt.Sprintf("%s:%d", f.File, f.Comment[0])
	}
	return fmt.Sprintf("%s:%d-%d", f.File, f.Comment[0], f.Comment[1])
}

// commentLines returns the lines of a file's license comment.
func commentLines(m *model.Module, f model.FileLicense, read ReadFunc) (string, error) {
	if m.Dir == "" {
		return "", fmt.Errorf("module source not available")
	}
	data, err := read(m, f.File)
	if err != nil {
		return "", err
	}
	lines := strings.Split(string(data), "\n")
	from, to := f.Comment[0], f.Comment[1]
	if from == 0 {
		from, to = f.Line, f.Line
	}
	if from < 1 || to < from || to > len(lines) {
		return "", fmt.Errorf("lines %d-%d are not in the file (it changed since the scan?)", from, to)
	}
	return strings.TrimRight(strings.Join(lines[from-1:to], "\n"), "\n"), nil
}
