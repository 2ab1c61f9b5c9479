package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/report"
)

// TestNoticeTemplateLimits: a --notice-template that loops without end
// stops at Ctrl-C (the context's cause), one that writes without end
// fails past the size limit, one that repeats a string into gigabytes
// fails instead of exhausting memory; none panics.
func TestNoticeTemplateLimits(t *testing.T) {
	doc := &model.Document{Schema: model.Schema, Main: []string{"example.com/app"}, Modules: []*model.Module{}, Findings: []model.Finding{}}
	stop := errors.New("interrupted")
	for _, tc := range []struct {
		name, text string
		limit      int64
		cancel     bool
		want       string
	}{
		{"loop, interrupted", "{{range 100000000000000}}{{end}}", 1 << 20, true, "interrupted"},
		{"writes too much", "{{range 100000000000000}}0123456789abcdef{{end}}", 1 << 16, false, "more than 65536 bytes"},
		{"repeat too much", `{{repeat "x" 40000000000}}`, 1 << 20, false, "repeat"},
		{"repeat overflows", `{{repeat "xx" 9223372036854775807}}`, 1 << 20, false, "repeat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl, err := report.ParseNoticeTemplate("t.tmpl", tc.text)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			if tc.cancel {
				time.AfterFunc(50*time.Millisecond, func() { cancel(stop) })
			}
			done := make(chan error, 1)
			go func() {
				_, err := renderNoticeLimit(ctx, doc, tmpl, tc.limit)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want %q", err, tc.want)
				}
				if tc.cancel && !errors.Is(err, stop) {
					t.Fatalf("err = %v, want the context's cause", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the template still runs")
			}
		})
	}
}
