module github.com/ospo-scan/ospo-scan

go 1.25.0

require (
	github.com/CycloneDX/cyclonedx-go v0.12.0 // indirect
	github.com/github/go-spdx/v2 v2.8.0 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/google/licensecheck v0.3.1 // indirect
	github.com/package-url/packageurl-go v0.1.7 // indirect
	github.com/rogpeppe/go-internal v1.16.0 // indirect
	github.com/spf13/pflag v1.1.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/mod v0.40.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
