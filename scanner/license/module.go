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
// a license verdict (see Conclude), documentation licenses and lists of
// third-party licenses are evidence only, NOTICE files are named for
// attribution and not read.
//
// The files are read in ReadOrder (the Reader may have a budget), and the
// evidence is in the order of rels.
func (d *Classifier) Module(r Reader, rels []string) *model.License {
	lic := &model.License{Evidence: []model.Evidence{}}
	evs := map[string]model.Evidence{}
	for _, rel := range ReadOrder(rels) {
		role := FileRole(path.Base(rel))
		if role == RoleNotice {
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
		switch {
		case role == RoleDocs:
			ev.Note = strings.TrimSpace("documentation license, not the code's; " + ev.Note)
		case role == RoleThirdParty || role == RoleExtra && isList(ev):
			ev.Note = strings.TrimSpace("licenses of other projects (a third-party list): evidence, not the module's license; " + ev.Note)
		case role == RoleExtra && ev.Verdict != model.VerdictLicense:
			ev.Note = strings.TrimSpace("not one of the usual license file names, and no license text: evidence only; " + ev.Note)
		}
		evs[rel] = ev
	}
	for _, rel := range rels {
		if ev, ok := evs[rel]; ok {
			lic.Evidence = append(lic.Evidence, ev)
		} else if FileRole(path.Base(rel)) == RoleNotice {
			lic.Notices = append(lic.Notices, rel)
		}
	}
	Conclude(lic)
	return lic
}

// ReadOrder returns the order in which a module's files rels are read:
// the license files of the usual names (RoleLicense) first, then the
// others (other names holding LICENSE, documentation licenses,
// third-party lists), each in the order given. A reader's budget so goes
// to the files that decide first: a large third-party list never leaves
// the module's LICENSE unread.
func ReadOrder(rels []string) []string {
	out := make([]string, 0, len(rels))
	for _, rel := range rels {
		if FileRole(path.Base(rel)) == RoleLicense {
			out = append(out, rel)
		}
	}
	for _, rel := range rels {
		if FileRole(path.Base(rel)) != RoleLicense {
			out = append(out, rel)
		}
	}
	return out
}

// maxReasons is how many files' problems a module's reason names; the
// evidence has them all.
const maxReasons = 5

// Conclude sets a module's expression, or the reason it has none, from its
// evidence, as pkgsite does: every license file must have a license
// verdict, and the module's license is all of theirs (AND). A file that
// is unknown or ambiguous, for whatever reason, leaves the module without
// a license. Documentation licenses (RoleDocs) and third-party lists are
// evidence only. Evidence of source files (the SPDX tags of the module's
// own files, see TagConflict) that contradicts the license files makes
// the module ambiguous: no expression, a reason naming both. A module
// without any license file whose evidence is the statements of its source
// files (SourceEvidence) has the license they all state.
func Conclude(lic *model.License) {
	var exprs, problems []string
	code := 0
	docs := 0
	for _, ev := range lic.Evidence {
		if !counts(ev) {
			if FileRole(path.Base(ev.File)) == RoleDocs {
				docs++
			}
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
	case code == 0 && sourceOnly(lic.Evidence):
		// No license file: every source file states one (SourceEvidence).
		lic.Expression, lic.Reason = sourceConclusion(lic.Evidence)
	case code == 0 && docs == len(lic.Evidence):
		lic.Reason = "only a documentation license was found"
	case code == 0:
		lic.Reason = "no license file of the module's own: only documentation licenses, or lists of other projects' licenses"
	default:
		lic.Expression = moduleExpression(simplify(exprs))
		if tags := tagEvidence(lic.Evidence); len(tags) > 0 {
			if conflict, why := TagConflict(lic.Expression, tags); conflict {
				lic.Expression, lic.Reason = "", why
			}
		}
	}
}

// counts reports whether a file's verdict counts toward the module's
// license: a license file (RoleLicense), and a file of another name
// holding LICENSE, LICENCE or COPYING (RoleExtra) that is a license (a
// license verdict) and no list (isList: the texts of many licenses, other
// projects'); never a documentation license nor a third-party list. A
// full second license text under another name (APACHE-LICENSE-2.0 or
// LICENSE.libyaml beside LICENSE) is so ANDed. Such a file that is not a
// license (SQLite's public-domain essay in SQLITE-LICENSE, a header
// template) is evidence only: these files were not read at all before,
// so the module concludes at least what its usual files give.
func counts(ev model.Evidence) bool {
	switch FileRole(path.Base(ev.File)) {
	case RoleDocs, RoleThirdParty:
		return false
	case RoleExtra:
		return ev.Verdict == model.VerdictLicense && !isList(ev)
	case "":
		// A source file's tags (see TagConflict).
		return false
	}
	return true
}

// listTexts is the number of distinct licenses whose whole texts make a
// file of an unusual name a list of other projects' licenses.
const listTexts = 3

// isList reports whether a file holds the whole texts of listTexts
// licenses or more.
func isList(ev model.Evidence) bool {
	var ids []string
	for _, m := range ev.Matches {
		if m.Kind == "text" {
			ids = append(ids, m.ID)
		}
	}
	return len(distinct(ids)) >= listTexts
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
