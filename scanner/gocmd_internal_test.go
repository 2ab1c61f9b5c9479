package scanner

import (
	"slices"
	"strings"
	"testing"
)

// TestEnvironGOGC: the go command runs with goGC unless the user set GOGC,
// whose setting is passed on untouched.
func TestEnvironGOGC(t *testing.T) {
	tests := []struct {
		env  []string
		want string
	}{
		{[]string{"PATH=/bin"}, "400"},
		{[]string{"PATH=/bin", "GOGC=50"}, "50"},
		{[]string{"GOGC=off"}, "off"},
		{[]string{"GOGC="}, ""}, // set empty: the default, as asked
		{[]string{"GOGC=", "PATH=/bin"}, ""},
	}
	for _, tt := range tests {
		r := &runner{opts: LoadOptions{Env: tt.env}}
		env := r.environ([]string{"GOOS=linux"})
		if got := lookupEnv(env, "GOGC"); got != tt.want {
			t.Errorf("env %q: GOGC=%q, want %q", tt.env, got, tt.want)
		}
		n := 0
		for _, kv := range env {
			if strings.HasPrefix(kv, "GOGC=") {
				n++
			}
		}
		if n != 1 || !slices.Contains(env, "GOOS=linux") {
			t.Errorf("env %q: got %q", tt.env, env)
		}
	}
}
