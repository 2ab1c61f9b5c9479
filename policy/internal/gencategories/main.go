// Command gencategories writes policy/categories_gen.go from
// internal/licensedata. Run it with go generate in ./policy.
package main

import (
	"log"
	"os"

	"github.com/ospo-scan/ospo-scan/internal/licensedata"
)

func main() {
	lic, err := os.ReadFile("../internal/licensedata/licenses.tsv")
	if err != nil {
		log.Fatal(err)
	}
	exc, err := os.ReadFile("../internal/licensedata/exceptions.tsv")
	if err != nil {
		log.Fatal(err)
	}
	src, err := licensedata.GenerateCategories("policy", lic, exc)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("categories_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
