package license

import (
	"fmt"
	"path"
	"strings"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/internal/notice"
)

// A Reader reads the files of one module for Module: the text of the file
// at rel (slash-separated, relative to the module root; decoded, see
// DecodeText) and the sha256 of its bytes, or why it was not read (with
// the sha256 when the bytes were read but are no text).
type Reader interface {
	Read(rel string) (text []byte, sum string, err error)
}

// Module classifies the files rels of one module (see FileRole) and
// concludes its license: license files are classified and must all have
// a license verdict (see Conclude), documentation licenses are evidence
// only, NOTICE files are named for attribution and not read.
func (d *Classifier) Module(r Reader, rels []string) *model.License {
	lic := &model.License{Evidence: []model.Evidence{}}
	for _, rel := range rels {
		role := FileRole(path.Base(rel))
		if role == RoleNotice {
			lic.Notices = append(lic.Notices, rel)
			continue
		}
		ev := model.Evidence{File: rel, Matches: []model.Match{}}
		text, sum, err := r.Read(rel)
		ev.SHA256 = sum
		if err != nil {
			ev.Verdict, ev.Note = model.VerdictUnknown, err.Error()
		} else {
			ev = d.ClassifyText(ev, text, true)
		}
		if role == RoleDocs {
			ev.Note = strings.TrimSpace("documentation license, not the code's; " + ev.Note)
		}
		lic.Evidence = append(lic.Evidence, ev)
	}
	Conclude(lic)
	return lic
}

// maxReasons is how many files' problems a module's reason names; the
// evidence has them all.
const maxReasons = 5

// Conclude sets a module's expression, or the reason it has none, from its
// evidence, as pkgsite does: every license file must have a license
// verdict, and the module's license is all of theirs (AND). A file that
// is unknown or ambiguous, for whatever reason, leaves the module without
// a license. Documentation licenses (RoleDocs) are evidence only.
func Conclude(lic *model.License) {
	var exprs, problems []string
	code := 0
	for _, ev := range lic.Evidence {
		if FileRole(path.Base(ev.File)) == RoleDocs {
			continue
		}
		code++
		if ev.Verdict == model.VerdictLicense {
			exprs = append(exprs, ev.License)
		} else {
			problems = append(problems, fmt.Sprintf("%s: %s", ev.File, ev.Note))
		}
	}
	lic.Expression, lic.Reason = "", ""
	switch {
	case len(problems) > maxReasons:
		lic.Reason = fmt.Sprintf("%s; and %d more files (see the evidence)", strings.Join(problems[:maxReasons], "; "), len(problems)-maxReasons)
	case len(problems) > 0:
		lic.Reason = strings.Join(problems, "; ")
	case len(lic.Evidence) == 0:
		lic.Reason = "no license file at the module root or in the used packages' directories"
	case code == 0:
		lic.Reason = "only a documentation license was found"
	default:
		lic.Expression = moduleExpression(simplify(exprs))
	}
}

// moduleExpression joins the files' expressions with AND, normalised
// (notice.Expression): each term once, and a file that offers a choice
// among licenses whose texts are other files (a COPYING "dual-licensed
// under the Unlicense and MIT", beside LICENSE-MIT and UNLICENSE) is that
// choice, not a third obligation.
func moduleExpression(exprs []string) string {
	ms := make([]notice.Match, len(exprs))
	for i, e := range exprs {
		ms[i] = notice.Match{ID: e}
	}
	if e := notice.Expression(ms); e != "" {
		return e
	}
	return combine(exprs, false)
}
