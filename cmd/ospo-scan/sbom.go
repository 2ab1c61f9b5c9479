package main

import (
	"fmt"
	"io"
	"time"

	"github.com/ospo-scan/ospo-scan/sbom"
	"github.com/ospo-scan/ospo-scan/scanner"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// renderSBOM returns the CycloneDX SBOM of the scan, encoded.
func renderSBOM(o options, g *model.Graph, det *scanner.Detector, ts time.Time) ([]byte, error) {
	opts := sbom.Options{ToolName: "ospo-scan", ToolVersion: toolVersion(), Timestamp: ts, MainVersion: o.mainVersion}
	if len(g.Main) > 0 && g.Main[0].Dir != "" {
		opts.MainLicense = det.DetectModule(&model.Module{Path: g.Main[0].Path, Dir: g.Main[0].Dir})
	}
	spec, ok := sbom.SpecVersions[o.specVersion]
	if !ok {
		return nil, usageErrorf("--spec-version %q: want %s", o.specVersion, orList(specVersions()))
	}
	opts.SpecVersion = spec
	bom := sbom.Build(g, opts)
	return render(func(w io.Writer) error {
		if err := sbom.Encode(w, bom, o.sbomFormat, spec, o.sbomSerial == "random"); err != nil {
			return fmt.Errorf("encoding the SBOM: %w", err)
		}
		return nil
	})
}
