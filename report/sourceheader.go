package report

import (
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// sourceHeader returns, for the evidence of a Go source file (a module
// without a license file whose files state their license, or SPDX tags
// against the license files), the file's lines from the first to the end
// of the comment paragraph holding its last statement: its license
// notice and copyright lines, not its code. Other files are whole.
func sourceHeader(data []byte, ev model.Evidence) []byte {
	if !strings.HasSuffix(ev.File, ".go") {
		return data
	}
	last := 0
	for _, m := range ev.Matches {
		last = max(last, m.Lines[1])
	}
	lines := strings.SplitAfter(string(data), "\n")
	end := min(last, len(lines))
	inBlock := false
	for i, l := range lines {
		n, t := i+1, strings.TrimSpace(l)
		if n > last && !inBlock && !strings.HasPrefix(t, "//") {
			break
		}
		if inBlock {
			if strings.Contains(t, "*/") {
				inBlock = false
			}
		} else if strings.HasPrefix(t, "/*") && !strings.Contains(t[2:], "*/") {
			inBlock = true
		}
		if n >= last {
			end = n
			if !inBlock && strings.Contains(t, "*/") {
				break
			}
		}
	}
	return []byte(strings.Join(lines[:end], ""))
}
