package scanner

import (
	"runtime/debug"
	"testing"
)

func TestBuildFingerprint(t *testing.T) {
	lc := &debug.Module{Path: "github.com/google/licensecheck", Version: "v0.3.1", Sum: "h1:abc="}
	lc2 := &debug.Module{Path: "github.com/google/licensecheck", Version: "v0.3.2", Sum: "h1:def="}
	replaced := &debug.Module{Path: "github.com/google/licensecheck", Version: "v0.3.1", Replace: &debug.Module{Path: "../licensecheck", Version: "(devel)"}}
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	released := debug.Module{Path: "github.com/ospo-scan/ospo-scan", Version: "v0.1.0", Sum: "h1:xyz="}
	devel := debug.Module{Path: "github.com/ospo-scan/ospo-scan", Version: "(devel)"}
	tests := []struct {
		name string
		bi   debug.BuildInfo
		ok   bool
	}{
		{"go install m@v", debug.BuildInfo{Main: released, Deps: []*debug.Module{lc}}, true},
		{"clean checkout", debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}, Settings: vcs("abc123", "false")}, true},
		{"modified checkout", debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}, Settings: vcs("abc123", "true")}, false},
		{"no vcs (test binary, go run)", debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}}, false},
		{"replaced licensecheck", debug.BuildInfo{Main: released, Deps: []*debug.Module{replaced}}, false},
		{"no licensecheck", debug.BuildInfo{Main: released}, false},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		id, ok := buildFingerprint(&tt.bi)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if ok {
			if other, dup := seen[id]; dup {
				t.Errorf("%s and %s share fingerprint %s", tt.name, other, id)
			}
			seen[id] = tt.name
		}
	}
	// Another licensecheck, or another revision, is another detector.
	a, _ := buildFingerprint(&debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}, Settings: vcs("abc123", "false")})
	b, _ := buildFingerprint(&debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc2}, Settings: vcs("abc123", "false")})
	c, _ := buildFingerprint(&debug.BuildInfo{Main: devel, Deps: []*debug.Module{lc}, Settings: vcs("abc124", "false")})
	if a == b || a == c {
		t.Errorf("fingerprints do not change with licensecheck or the revision: %s %s %s", a, b, c)
	}
}
