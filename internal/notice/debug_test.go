package notice

import (
	"os"
	"testing"
)

func TestDebugFile(t *testing.T) {
	p := os.Getenv("NOTICE_DEBUG")
	if p == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(p)
	for _, m := range Find(b) {
		t.Logf("%+v", m)
	}
}
