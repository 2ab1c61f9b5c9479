package scanner

import "testing"

func TestUseSumDB(t *testing.T) {
	tests := []struct {
		sumdb, nosumdb, path string
		want                 bool
	}{
		{"sum.golang.org", "", "github.com/a/b", true},
		{"", "", "github.com/a/b", true}, // the go command's default
		{"off", "", "github.com/a/b", false},
		{"sum.golang.org", "github.com/a", "github.com/a/b", false},
		{"sum.golang.org", "github.com/a", "github.com/ab", true},
		{"sum.golang.org", "*.corp.example,github.com/x/*", "github.com/x/y/z", false},
		{"sum.golang.org", "*", "example.com/anything", false},
	}
	for _, tt := range tests {
		if got := useSumDB(goEnv{GOSUMDB: tt.sumdb, GONOSUMDB: tt.nosumdb}, tt.path); got != tt.want {
			t.Errorf("useSumDB(GOSUMDB=%q GONOSUMDB=%q, %s) = %v, want %v", tt.sumdb, tt.nosumdb, tt.path, got, tt.want)
		}
	}
}

func TestCacheFlags(t *testing.T) {
	tests := []struct {
		goflags string
		env     []string
		want    string
	}{
		{"-modcacherw -mod=vendor -modfile=x.mod -tags=a", nil, "-modcacherw"},
		{"-modcacherw", []string{"GOFLAGS=--modcacherw=true -overlay=o.json"}, "--modcacherw=true"},
		{"-mod=mod", nil, ""},
	}
	for _, tt := range tests {
		if got := cacheFlags(tt.goflags, tt.env); got != tt.want {
			t.Errorf("cacheFlags(%q, %q) = %q, want %q", tt.goflags, tt.env, got, tt.want)
		}
	}
}
