package report

import (
	"fmt"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

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
