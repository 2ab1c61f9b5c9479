package report

import (
	"encoding/json"
	"io"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// WriteJSON writes the versioned JSON report.
func WriteJSON(w io.Writer, doc *model.Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
