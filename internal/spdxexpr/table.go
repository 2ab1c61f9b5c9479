package spdxexpr

//go:generate go run -tags generate ./internal/gentable

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// licenseInfo is a row of the SPDX license table.
type licenseInfo struct {
	Name string
	// Category is the license's category (ScanCode LicenseDB's, mapped to
	// the policy's names: permissive, weak-copyleft, ...).
	Category   string
	Deprecated bool
}

// Info is what the SPDX License List (and ScanCode's category) says of a
// license id.
type Info = licenseInfo

// Lookup finds a license id, case-insensitively, accepting the "+"
// suffix of "-or-later".
func Lookup(id string) (Info, bool) {
	if info, ok := spdxLicenses[id]; ok {
		return info, true
	}
	if canon, ok := Canonical(id); ok {
		return spdxLicenses[canon], true
	}
	if strings.HasSuffix(id, "+") {
		if canon, ok := Canonical(strings.TrimSuffix(id, "+") + "-or-later"); ok {
			return spdxLicenses[canon], true
		}
		return Lookup(strings.TrimSuffix(id, "+"))
	}
	return licenseInfo{}, false
}

var lowerLicenses = func() map[string]string {
	m := make(map[string]string, len(spdxLicenses))
	for id := range spdxLicenses {
		m[strings.ToLower(id)] = id
	}
	return m
}()

var lowerExceptions = func() map[string]string {
	m := make(map[string]string, len(spdxExceptions))
	for id := range spdxExceptions {
		m[strings.ToLower(id)] = id
	}
	return m
}()

// currentIDs are the license ids that are not deprecated, sorted.
var currentIDs = func() []string {
	var ids []string
	for id, info := range spdxLicenses {
		if !info.Deprecated {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}()

// Canonical returns the SPDX spelling of a license id.
func Canonical(id string) (string, bool) {
	c, ok := lowerLicenses[strings.ToLower(id)]
	return c, ok
}

// Deprecated reports whether a canonical license id is deprecated.
func Deprecated(canon string) bool { return spdxLicenses[canon].Deprecated }

// CurrentIDs returns the license ids that are not deprecated, sorted. The
// slice is shared: do not modify it.
func CurrentIDs() []string { return currentIDs }

// LicenseIDs returns every SPDX license id, mapped to whether it is
// deprecated (a new map each call).
func LicenseIDs() map[string]bool {
	m := make(map[string]bool, len(spdxLicenses))
	for id, info := range spdxLicenses {
		m[id] = info.Deprecated
	}
	return m
}

// ExceptionIDs returns every SPDX exception id, mapped to whether it is
// deprecated (a new map each call).
func ExceptionIDs() map[string]bool { return maps.Clone(spdxExceptions) }

// CanonicalException returns the SPDX spelling of an exception id.
func CanonicalException(id string) (string, bool) {
	c, ok := lowerExceptions[strings.ToLower(id)]
	return c, ok
}

// ExceptionDeprecated reports whether a canonical exception id is
// deprecated.
func ExceptionDeprecated(canon string) bool { return spdxExceptions[canon] }

// HasCurrentForm reports whether a deprecated id stands for a license
// with an exception or a renamed license (see CurrentForm).
func HasCurrentForm(canon string) bool {
	_, ok := deprecatedWith[canon]
	return ok
}

// licenseRefRE is the one LicenseRef pattern: a LicenseRef id, with the
// DocumentRef prefix SPDX allows.
var licenseRefRE = regexp.MustCompile(`^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$`)

// IsLicenseRef reports whether s is a LicenseRef id
// ([DocumentRef-x:]LicenseRef-y).
func IsLicenseRef(s string) bool { return licenseRefRE.MatchString(s) }
