// The generate build tag keeps this command out of `go install ./...`
// (a pre-commit hook install builds every main package): go generate runs
// it with -tags generate.

//go:build generate

// Command gentable writes internal/spdxexpr/table_gen.go from
// internal/licensedata. Run it with go generate in ./internal/spdxexpr.
package main

import (
	"log"
	"os"

	"github.com/ospo-scan/ospo-scan/internal/licensedata"
)

func main() {
	src, err := licensedata.GenerateCategoriesFrom("spdxexpr", "../licensedata")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("table_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
