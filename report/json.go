package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the versioned JSON report.
func WriteJSON(w io.Writer, doc *Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
