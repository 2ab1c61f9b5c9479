// The generate build tag keeps this command out of `go install ./...`:
// go generate runs it with -tags generate.

//go:build generate

// Command gennotice writes internal/notice/tables_gen.go from the SPDX
// License List data. Run it with go generate in ./internal/notice.
package main

import (
	"log"
	"os"

	"github.com/ospo-scan/ospo-scan/internal/notice/internal/gentable"
)

func main() {
	src, err := gentable.GenerateFrom(".")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("tables_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
