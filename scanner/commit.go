package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// CommitKey returns the cache key of a report computed from the files
// committed at a git commit (the baseline of a scan, issue #14). A
// commit's files never change, so the report depends only on the commit,
// the directory scanned below the repository root (prefix), the load
// options, the go toolchain and the environment it reads (as the cached go
// env answer is keyed: see goEnvFingerprint), the ospo-scan build, and
// what the caller adds in extra (the policy when it is not the commit's,
// the date that exception expiry is judged on). opts.Dir is the
// directory the scan runs in (the working tree): only its toolchain
// settings count.
//
// ok is false when the key would not capture every input: GOTOOLCHAIN
// other than local, an unknown go command, or a go.work or go.mod named
// from outside the commit (GOWORK, GOFLAGS -modfile or -overlay). The
// caller must then compute the report, and must not store one whose
// modules come from directories outside the commit (a replace directive
// naming a directory outside the repository).
func CommitKey(opts LoadOptions, commit, prefix string, extra ...string) (key string, ok bool) {
	env := opts.env()
	if w := lookupEnv(env, "GOWORK"); w != "" && w != "off" {
		return "", false
	}
	for _, f := range strings.Fields(lookupEnv(env, "GOFLAGS")) {
		name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if name == "modfile" || name == "overlay" {
			return "", false
		}
	}
	fp, _, ok := goEnvFingerprint(&opts)
	if !ok {
		return "", false
	}
	h := sha256.New()
	fmt.Fprintf(h, "commit\x00%s\x00%s\x00%s\x00", fp, commit, prefix)
	fmt.Fprintf(h, "patterns=%q\x00tests=%v\x00tags=%q\x00mode=%s\x00offline=%v\x00", opts.Patterns, opts.Tests, opts.Tags, opts.Mode, opts.Offline)
	for _, p := range opts.Platforms {
		fmt.Fprintf(h, "platform=%s\x00", p)
	}
	for _, e := range extra {
		fmt.Fprintf(h, "extra=%q\x00", e)
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// Report returns the report stored under key (see CommitKey), if any.
func (c *Cache) Report(key string) (*model.Document, bool) {
	var doc model.Document
	if !c.get("report", key, &doc) || doc.Schema != model.Schema {
		return nil, false
	}
	return &doc, true
}

// PutReport stores the report under key (see CommitKey). The report is
// written as the JSON report is: what Report returns is the report read
// back, as a saved --format json file would be.
func (c *Cache) PutReport(key string, doc *model.Document) {
	c.put("report", key, doc)
}
