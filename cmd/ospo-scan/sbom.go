package main

import (
	"github.com/ospo-scan/ospo-scan/policy"
	"github.com/ospo-scan/ospo-scan/scanner"
)

func writeSBOM(o options, g *scanner.Graph, res *policy.Result, env []string) error {
	return usageErrorf("--sbom is not available yet")
}
