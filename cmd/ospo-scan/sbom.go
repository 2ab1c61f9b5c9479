package main

import (
	"fmt"
	"io"
	"time"

	"github.com/ospo-scan/ospo-scan/sbom"
	"github.com/ospo-scan/ospo-scan/sbom/spdx"
	"github.com/ospo-scan/ospo-scan/scanner"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// renderSBOM returns the SBOM of the scan, encoded: CycloneDX, or SPDX
// for the spdx encodings.
func renderSBOM(o options, g *model.Graph, det *scanner.Detector, ts time.Time) ([]byte, error) {
	var mainLicense *model.License
	if len(g.Main) > 0 && g.Main[0].Dir != "" {
		mainLicense = det.DetectModule(&model.Module{Path: g.Main[0].Path, Dir: g.Main[0].Dir})
	}
	if isSPDX(o.sbomFormat) {
		return renderSPDX(o, g, mainLicense, ts)
	}
	opts := sbom.Options{ToolName: "ospo-scan", ToolVersion: toolVersion(), Timestamp: ts, MainVersion: o.mainVersion, MainLicense: mainLicense}
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

// renderSPDX returns the SPDX 2.3 document of the scan, as JSON or
// tag-value; LicenseRef texts are read from the modules' files.
func renderSPDX(o options, g *model.Graph, mainLicense *model.License, ts time.Time) ([]byte, error) {
	doc, err := spdx.Build(g, spdx.Options{
		ToolName: "ospo-scan", ToolVersion: toolVersion(), Created: ts, MainVersion: o.mainVersion,
		MainLicense: mainLicense, RandomNamespace: o.sbomSerial == "random", ReadFile: readNoticeFile,
	})
	if err != nil {
		return nil, err
	}
	enc := "json"
	if o.sbomFormat == "spdx" {
		enc = "tag-value"
	}
	return render(func(w io.Writer) error {
		if err := spdx.Encode(w, doc, enc); err != nil {
			return fmt.Errorf("encoding the SPDX document: %w", err)
		}
		return nil
	})
}
