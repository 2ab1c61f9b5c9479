package license

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/google/licensecheck"
)

// tables is every table and threshold of the classifier, outside the
// licensecheck patterns, that decides a file's or a module's verdict. Its
// JSON is hashed by TablesHash; TestTables fails when a package-level
// table of the classifier's files is left out of it.
type tables struct {
	Threshold, Floor, ThinMargin float64
	NoticeWords, MaxReasons      int
	StatementSlack               int
	Confusable                   map[string][]string
	NonSPDX                      map[string]string
	GNUUnsuffixed                map[string]bool
	TextTwins                    map[string][]string
	GeneratedFamilies            map[string]bool
	SPDXTextSuffix               string
	// Regexps, by their source.
	LicenseName, DocsName, NoticeName string
	Dual, OwnNoticeSuffix             string
	GNULater, Part                    string
	ExtraName, ThirdPartyName         string
	NotLicenseExt                     map[string]bool
	ListTexts                         int
	PatternNotices                    map[string]bool
	PatternNoticeWords, PartLines     int
	GNUNoTemplate                     map[string]bool
	GNUUnversioned, PublicDomainTexts map[string]bool
	// OwnLicenses are the patterns written by hand (patterns.go); the
	// generated ones and licensecheck's are pinned by buildIdentity.
	OwnLicenses []licensecheck.License
	// BuiltinAmendments widen built-in patterns (extra.go).
	BuiltinAmendments map[string][]amendment
	// PatternNoticePrefixes are license families whose short pattern
	// matches are notices (classify.go).
	PatternNoticePrefixes []string
}

// currentTables returns the classifier's tables of this build.
func currentTables() tables {
	return tables{
		Threshold: Threshold, Floor: Floor, ThinMargin: thinMargin,
		NoticeWords: noticeWords, MaxReasons: maxReasons, StatementSlack: statementSlack,
		Confusable: confusable, NonSPDX: nonSPDX, GNUUnsuffixed: gnuUnsuffixed,
		TextTwins: textTwins, GeneratedFamilies: generatedFamilies, SPDXTextSuffix: spdxTextSuffix,
		LicenseName: licenseNameRE.String(), DocsName: docsNameRE.String(), NoticeName: noticeNameRE.String(),
		Dual: dualRE.String(), OwnNoticeSuffix: ownNoticeSuffix, GNUNoTemplate: gnuNoTemplate,
		GNULater: gnuLaterRE.String(), Part: partRE.String(),
		ExtraName: extraNameRE.String(), ThirdPartyName: thirdPartyNameRE.String(), NotLicenseExt: notLicenseExt, ListTexts: listTexts,
		PatternNotices: patternNotices, PatternNoticeWords: patternNoticeWords, PartLines: partLines,
		GNUUnversioned: gnuUnversioned, PublicDomainTexts: publicDomainTexts,
		OwnLicenses: ownLicenses, BuiltinAmendments: builtinAmendments,
		PatternNoticePrefixes: patternNoticePrefixes,
	}
}

// hash returns the SHA-256 of the tables' JSON (maps are encoded with
// their keys sorted, so the hash is stable).
func (t tables) hash() string {
	data, err := json.Marshal(t)
	if err != nil {
		// Cannot happen for these types; an unkeyable detector would
		// still be keyed apart from every other.
		data = []byte(err.Error())
	}
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// TablesHash returns the SHA-256 of the classifier's tables and
// thresholds (not of the patterns: see PatternsHash), for cache keys.
func TablesHash() string { return currentTables().hash() }

// PatternsHash returns the SHA-256 of every pattern the classifier
// matches (licensecheck's and ours; 4.4 MB, some 8 ms), for cache keys of
// a build that cannot be identified otherwise.
func PatternsHash() string {
	h := sha256.New()
	for _, l := range extraLicenses(licensecheck.BuiltinLicenses()) {
		fmt.Fprintf(h, "\x00%s\x00%s\x00%s", l.ID, l.LRE, l.URL)
	}
	return hex.EncodeToString(h.Sum(nil))
}
