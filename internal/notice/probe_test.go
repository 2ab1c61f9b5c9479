package notice

import (
	"os"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	if os.Getenv("PROBE") == "" {
		t.Skip()
	}
	for _, s := range strings.Split(os.Getenv("PROBE"), "|||") {
		ms := Find([]byte(s))
		t.Logf("%q\n  => %q  %+v", s, Expression(ms), ms)
	}
}
