package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/editdist"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// checkPlatform reports an error, with a suggestion, for a GOOS/GOARCH pair
// Go does not support: the go command itself accepts any GOOS when listing
// packages, and every module would then be reported "on windws/amd64".
func checkPlatform(ctx context.Context, p scanner.Platform, env []string) error {
	pair := p.GOOS + "/" + p.GOARCH
	if slices.Contains(knownPlatforms, pair) || goListsPlatform(ctx, pair, env) {
		return nil
	}
	var archs []string
	oses := map[string]bool{}
	for _, k := range knownPlatforms {
		goos, goarch, _ := strings.Cut(k, "/")
		oses[goos] = true
		if goos == p.GOOS {
			archs = append(archs, goarch)
		}
	}
	if len(archs) > 0 {
		return usageErrorf("--platform %s: Go does not support %s on %s; it supports %s (see `go tool dist list`)",
			displayToken(pair), displayToken(p.GOARCH), p.GOOS, strings.Join(archs, ", "))
	}
	msg := fmt.Sprintf("--platform %s: unknown GOOS %s", displayToken(pair), displayToken(p.GOOS))
	if s := closest(p.GOOS, sortedKeys(oses)); s != "" {
		msg += fmt.Sprintf("; did you mean %s/%s?", s, p.GOARCH)
	} else {
		msg += " (see `go tool dist list`)"
	}
	return usageErrorf("%s", msg)
}

// goListsPlatform reports whether `go tool dist list` of the go command on
// PATH lists pair: a Go newer than our table may support more platforms.
func goListsPlatform(ctx context.Context, pair string, env []string) bool {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "tool", "dist", "list")
	// The go on PATH, as it is: no toolchain switch, and no go.mod of the
	// directory around to ask for one.
	cmd.Env = append(append([]string{}, env...), "GOTOOLCHAIN=local")
	cmd.Dir = os.TempDir()
	out, err := cmd.Output()
	if err != nil {
		return false
	}
	return slices.Contains(strings.Fields(string(out)), pair)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// closest returns the candidate nearest to s by edit distance, when it is
// near enough to be a likely typo.
func closest(s string, candidates []string) string {
	if len(s) > 64 {
		return ""
	}
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editdist.Distance(s, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
