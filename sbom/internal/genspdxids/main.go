// The generate build tag keeps this command out of `go install ./...`
// (a pre-commit hook install builds every main package): go generate runs
// it with -tags generate.

//go:build generate

// Command genspdxids writes sbom/spdxids_gen.go: the SPDX license ids that
// the CycloneDX schemas shipped in github.com/CycloneDX/cyclonedx-go accept
// as a license "id" (schema/spdx.schema.json). Run it with go generate in
// ./sbom.
package main

import (
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ospo-scan/ospo-scan/sbom/internal/spdxenum"
)

func main() {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/CycloneDX/cyclonedx-go").Output()
	if err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "schema", "spdx.schema.json"))
	if err != nil {
		log.Fatal(err)
	}
	src, err := spdxenum.Generate(data)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("spdxids_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
