package diff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// MaxReportSize bounds how much of a report Read accepts (256 MiB): a
// report of ten thousand modules is a few tens of megabytes.
const MaxReportSize = 256 << 20

// Read decodes a saved JSON report (ospo-scan --format json) of at most
// limit bytes and checks what the diff relies on: the schema, a path and
// a known decision for every module, and no module listed twice. Errors
// are one line saying what is wrong and what to do; the caller adds the
// file name.
func Read(r io.Reader, limit int64) (*model.Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d MiB: not a report ospo-scan wrote", limit>>20)
	}
	return Decode(data)
}

// Decode decodes and checks a report held in memory (see Read).
func Decode(data []byte) (*model.Document, error) {
	var probe struct {
		Schema    *string         `json:"schema"`
		BOMFormat string          `json:"bomFormat"`
		Modules   json.RawMessage `json:"modules"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, jsonError(data, err)
	}
	switch {
	case probe.BOMFormat != "":
		return nil, errors.New("a CycloneDX SBOM: diff reads JSON reports only for now; write one with ospo-scan --format json -o FILE")
	case probe.Schema == nil:
		return nil, errors.New(`not an ospo-scan JSON report (no "schema"); write one with ospo-scan --format json -o FILE`)
	case *probe.Schema == model.Schema:
	case strings.HasPrefix(*probe.Schema, "ospo-scan/report/"):
		return nil, fmt.Errorf("report schema %q is not %s, the one this ospo-scan reads; use the ospo-scan that wrote it, or rewrite the report with this one", clip(*probe.Schema), model.Schema)
	default:
		return nil, fmt.Errorf("schema %q is not an ospo-scan JSON report (%s); write one with ospo-scan --format json -o FILE", clip(*probe.Schema), model.Schema)
	}
	var doc model.Document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonError(data, err)
	}
	seen := make(map[key]bool, len(doc.Modules))
	for i, m := range doc.Modules {
		if m == nil || m.Path == "" {
			return nil, fmt.Errorf("modules[%d] has no path: the report is damaged; write it again with ospo-scan --format json -o FILE", i)
		}
		if rank(m.Decision.Verdict) == 0 {
			return nil, fmt.Errorf("module %s has decision %q, want allow, warn or deny: the report is damaged; write it again", clip(m.Path), clip(string(m.Decision.Verdict)))
		}
		k := key{m.Main, m.Path}
		if seen[k] {
			return nil, fmt.Errorf("module %s is listed twice: the report is damaged; write it again", clip(m.Path))
		}
		seen[k] = true
	}
	return &doc, nil
}

// jsonError says where the JSON is broken, by line.
func jsonError(data []byte, err error) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("the file is empty; save a report with ospo-scan --format json -o FILE")
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input") {
		return errors.New("the JSON ends early (truncated?); write the report again with ospo-scan --format json -o FILE")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("line %d: invalid JSON: %v; is the file a complete ospo-scan --format json report?", line(data, se.Offset), se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("line %d: %s is a JSON %s, want %s: not an ospo-scan JSON report", line(data, te.Offset), clip(te.Field), te.Value, te.Type)
	}
	return fmt.Errorf("invalid report: %v", err)
}

func line(data []byte, off int64) int {
	off = max(0, min(off, int64(len(data))))
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// clip bounds a piece of input echoed in a message; the caller's printer
// escapes control characters.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}
