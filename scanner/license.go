package scanner

import (
	"errors"
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"

	"github.com/ospo-scan/ospo-scan/internal/spdxexpr"

	"github.com/ospo-scan/ospo-scan/scanner/license"
)

// cachedLicense is a License as the detection cache stores it (the same
// JSON), with the check a cache entry must pass.
type cachedLicense model.License

// check rejects a License that detection does not produce, so that a
// cache entry decoding to one is a miss: evidence missing (null), a file
// without a name or a verdict, a license verdict without an expression,
// another verdict without a note, matches missing or without an id, a
// file coverage outside 0..100, or a module conclusion (expression or reason)
// other than the one its evidence leads to (see conclude). A result
// without evidence must say why it has no license.
func (l *cachedLicense) check() error {
	if l.Evidence == nil {
		return errors.New("no evidence list")
	}
	for _, ev := range l.Evidence {
		if err := checkEvidence(&ev); err != nil {
			return fmt.Errorf("evidence %q: %w", ev.File, err)
		}
	}
	for _, n := range l.Notices {
		if !relPath(n) {
			return fmt.Errorf("notice %q is not a path in the module", n)
		}
	}
	if len(l.Evidence) == 0 && l.Expression == "" && l.Reason != "" {
		// A module without source, or without license files.
		return nil
	}
	want := model.License{Evidence: l.Evidence}
	license.Conclude(&want)
	if l.Expression != want.Expression || l.Reason != want.Reason {
		return fmt.Errorf("conclusion %q (%q) is not what the evidence gives, %q (%q)", l.Expression, l.Reason, want.Expression, want.Reason)
	}
	return nil
}

func checkEvidence(ev *model.Evidence) error {
	if !relPath(ev.File) {
		return errors.New("file is not a path in the module")
	}
	if ev.Matches == nil {
		return errors.New("no match list")
	}
	if !percent(ev.Coverage) {
		return fmt.Errorf("coverage %v", ev.Coverage)
	}
	switch ev.Verdict {
	case model.VerdictLicense:
		if ev.License == "" || !spdxexpr.Valid(ev.License) {
			return fmt.Errorf("license verdict with expression %q", ev.License)
		}
	case model.VerdictAmbiguous, model.VerdictUnknown:
		if ev.Note == "" || ev.License != "" {
			return fmt.Errorf("%s verdict without a note or with a license", ev.Verdict)
		}
	default:
		return fmt.Errorf("verdict %q", ev.Verdict)
	}
	for _, m := range ev.Matches {
		if m.ID == "" || math.IsNaN(m.Coverage) || m.Coverage < 0 {
			return errors.New("match without id or with a bad coverage")
		}
		switch m.Kind {
		case "", "text", "url", "runner-up", "spdx-tag", "notice", "reference":
		default:
			return fmt.Errorf("match kind %q", m.Kind)
		}
	}
	return nil
}

// relPath reports whether p is a clean slash-separated path inside a
// module.
func relPath(p string) bool {
	return p != "" && p != "." && !strings.HasPrefix(p, "/") && path.Clean(p) == p && p != ".." && !strings.HasPrefix(p, "../")
}

func percent(f float64) bool { return !math.IsNaN(f) && f >= 0 && f <= 100 }
