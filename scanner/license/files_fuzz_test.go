package license

import (
	"strings"
	"testing"
)

// FuzzMayNameLicense checks mayNameLicense against the test it replaced:
// the name lowered, then searched for each word.
func FuzzMayNameLicense(f *testing.F) {
	for _, s := range []string{"LICENSE", "license.txt", "COPYING.LESSER", "NOTICE", "Notice.md", "main.go",
		"LİCENSE", "lic", "xLiCeNsEx", "copyin", "notic", "COPYİNG", "\xffnotice", "ＬICENSE", "Ll", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		low := strings.ToLower(name)
		want := strings.Contains(low, "licen") || strings.Contains(low, "copying") || strings.Contains(low, "notice")
		if got := mayNameLicense(name); got != want {
			t.Errorf("mayNameLicense(%q) = %v, want %v", name, got, want)
		}
	})
}

// BenchmarkFileRole runs FileRole on names like most of those in a
// package directory: none is license-like.
func BenchmarkFileRole(b *testing.B) {
	names := []string{"main.go", "doc.go", "zz_generated.deepcopy.go", "api_op_CreateBucket.go", "Makefile", "serializers.go", "types_test.go", "CHANGELOG.md"}
	for b.Loop() {
		for _, n := range names {
			FileRole(n)
		}
	}
}
