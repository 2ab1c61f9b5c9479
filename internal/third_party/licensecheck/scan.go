// Copyright 2020 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package licensecheck is github.com/google/licensecheck's Scanner
// (v0.3.1, scan.go) over a fork of its matcher whose DFA is built lazily;
// see README.md. It uses licensecheck's own types and license data.
package licensecheck

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"regexp"
	"strings"

	"github.com/google/licensecheck"
	"github.com/ospo-scan/ospo-scan/internal/third_party/licensecheck/match"
)

// License, Coverage and Match are licensecheck's own types: this package
// replaces only the matcher behind them.
type (
	License  = licensecheck.License
	Coverage = licensecheck.Coverage
	Match    = licensecheck.Match
)

// A Scanner matches a set of known licenses.
type Scanner struct {
	licenses []License
	urls     map[string]License
	re       *match.MultiLRE
}

// NewScanner returns a new Scanner that recognizes the given set of licenses.
func NewScanner(licenses []License) (*Scanner, error) {
	s := new(Scanner)
	err := s.init(licenses)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Scanner) init(licenses []License) error {
	d := new(match.Dict)
	d.Insert("copyright")
	d.Insert("http")
	var list []*match.LRE
	s.setLicenses(licenses)
	for _, l := range s.licenses { // fork change: setLicenses keeps those with a pattern
		re, err := match.ParseLRE(d, l.ID, l.LRE)
		if err != nil {
			return fmt.Errorf("parsing %v: %v", l.ID, err)
		}
		list = append(list, re)
	}
	re, err := match.NewMultiLRE(list)
	if err != nil {
		return err
	}
	if re == nil {
		return errors.New("missing lre")
	}
	s.re = re
	return nil
}

// setLicenses sets the licenses matched by pattern and the URLs known.
func (s *Scanner) setLicenses(licenses []License) {
	s.urls = make(map[string]License)
	for _, l := range licenses {
		if l.URL != "" {
			s.urls[l.URL] = l
		}
		if l.LRE != "" {
			s.licenses = append(s.licenses, l)
		}
	}
}

// Fork addition: a Scanner's compiled form, which NewCompiledScanner turns
// back into the same Scanner without parsing a pattern (parsing the 733
// patterns ospo-scan uses costs about 80 ms of CPU, loading their
// compiled form a few).

// compiledMagic starts a Scanner's compiled form; the digit is its version.
const compiledMagic = "licensecheck-scanner 1\n"

// ErrStale is the error of NewCompiledScanner for a compiled form made
// from other licenses than those given.
var ErrStale = errors.New("licensecheck: the compiled scanner was made from other licenses")

// Compiled returns the compiled form of the Scanner: a digest of the
// licenses it was made from, then its matcher (match.MultiLRE.AppendBinary).
func (s *Scanner) Compiled() ([]byte, error) {
	b := append([]byte(compiledMagic), licensesDigest(s.licenses)...)
	return s.re.AppendBinary(b)
}

// NewCompiledScanner returns the Scanner NewScanner(licenses) returns,
// from its compiled form (Scanner.Compiled) instead of the patterns. It
// returns ErrStale when the form was made from other licenses (another
// set, order or text of their patterns), and an error for a damaged
// form; NewScanner is then the way to build the Scanner.
func NewCompiledScanner(licenses []License, compiled []byte) (*Scanner, error) {
	s := new(Scanner)
	s.setLicenses(licenses)
	rest, ok := bytes.CutPrefix(compiled, []byte(compiledMagic))
	if !ok {
		return nil, errors.New("licensecheck: not a compiled scanner (or another version)")
	}
	sum := licensesDigest(s.licenses)
	if len(rest) < len(sum) || !bytes.Equal(rest[:len(sum)], sum) {
		return nil, ErrStale
	}
	re, err := match.UnmarshalMultiLRE(rest[len(sum):], len(s.licenses))
	if err != nil {
		return nil, err
	}
	s.re = re
	return s, nil
}

// licensesDigest returns a digest of the ids and patterns of the licenses
// matched by pattern, in order: what a compiled form depends on. It
// guards against a compiled form left stale by a change of the patterns
// (not against forgery: the form is part of the binary), so a CRC-32C
// (hardware-accelerated, a fraction of a millisecond for the megabytes of
// patterns) with the total length does.
func licensesDigest(licenses []License) []byte {
	tab := crc32.MakeTable(crc32.Castagnoli)
	var crc uint32
	var total uint64
	var buf []byte
	for _, l := range licenses {
		for _, f := range []string{l.ID, l.LRE} {
			buf = binary.AppendUvarint(buf[:0], uint64(len(f)))
			buf = append(buf, f...)
			crc = crc32.Update(crc, tab, buf)
			total += uint64(len(buf))
		}
	}
	return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint32(nil, crc), total)
}

const maxCopyrightWords = 50

var urlScanRE = regexp.MustCompile(`^(?i)https?://[-a-z0-9_.]+\.(org|com)(/[-a-z0-9_.#?=]+)+/?`)

// Scan computes the coverage of the text by the Scanner's licenses, as
// licensecheck.Scanner.Scan does. If multiple licenses match a section of
// the input, the best match is chosen, so the returned coverage describes
// at most one match for each section of the input. Scan is safe for
// concurrent use.
func (s *Scanner) Scan(text []byte) Coverage {

	matches := s.re.Match(string(text)) // TODO remove conversion

	var c Coverage
	words := matches.Words
	total := 0
	lastEnd := 0
	copyright := s.re.Dict().Lookup("copyright")
	http := s.re.Dict().Lookup("http")

	// Add sentinel match trigger URL scan from last match to end of text.
	matches.List = append(matches.List, match.Match{Start: len(words), ID: -1})

	for _, m := range matches.List {
		if m.Start < len(words) && lastEnd < m.Start && copyright >= 0 {
			limit := m.Start - maxCopyrightWords
			if limit < lastEnd {
				limit = lastEnd
			}
			for i := limit; i < m.Start; i++ {
				if words[i].ID == copyright {
					m.Start = i
					break
				}
			}
		}

		// Pick up any URLs before m.Start.
		for i := lastEnd; i < m.Start; i++ {
			w := &words[i]
			if w.ID == http {
				// Potential URL match.
				// urlRE only considers a match at the start of the input string.
				// Only accept URLs that end before the next scan match.
				if u := urlScanRE.FindIndex(text[w.Lo:]); u != nil && (m.Start == len(words) || int(w.Lo)+u[1] <= int(words[m.Start].Lo)) {
					u0, u1 := int(w.Lo)+u[0], int(w.Lo)+u[1]
					if l, ok := s.licenseURL(string(text[u0:u1])); ok {
						c.Match = append(c.Match, Match{
							ID:    l.ID,
							Type:  l.Type,
							Start: u0,
							End:   u1,
							IsURL: true,
						})
						start := i
						for i < m.Start && int(words[i].Hi) <= u1 {
							i++
						}
						total += i - start
						i-- // counter loop i++
					}
				}
			}
		}

		if m.ID < 0 { // sentinel added above
			break
		}

		start := int(words[m.Start].Lo) // byte offset (unlike m.Start)
		if m.Start == 0 {
			start = 0
		} else {
			prev := int(words[m.Start-1].Hi)
			if i := bytes.LastIndexByte(text[prev:start], '\n'); i >= 0 {
				start = prev + i + 1
			}
		}
		end := int(words[m.End-1].Hi) // byte offset (unlike m.End)
		if m.End == len(words) {
			end = len(text)
		} else {
			next := int(words[m.End].Lo)
			if i := bytes.IndexByte(text[end:next], '\n'); i >= 0 {
				end = end + i + 1
			}
		}
		l := &s.licenses[m.ID]
		c.Match = append(c.Match, Match{
			ID:    l.ID,
			Type:  l.Type,
			Start: start,
			End:   end,
		})
		total += m.End - m.Start
		lastEnd = m.End
	}

	if len(words) > 0 { // len(words)==0 should be impossible, but avoid NaN
		c.Percent = 100.0 * float64(total) / float64(len(words))
	}

	return c
}

// licenseURL reports whether url is a known URL, and returns its name if it is.
func (s *Scanner) licenseURL(url string) (License, bool) {
	// We need to canonicalize the text for lookup.
	// First, trim the leading http:// or https:// and the trailing /.
	// Then we lower-case it.
	url = strings.TrimPrefix(url, "http://")
	url = strings.TrimPrefix(url, "https://")
	url = strings.TrimSuffix(url, "/")
	url = strings.TrimSuffix(url, "/legalcode") // Common for CC licenses.
	url = strings.ToLower(url)
	l, ok := s.urls[url]
	if ok {
		return l, true
	}

	// Try trimming one more path element, so that the ported URL
	//	https://creativecommons.org/licenses/by/3.0/us/
	// is recognized as the known unported URL
	//	https://creativecommons.org/licenses/by/3.0
	if i := strings.LastIndex(url, "/"); i >= 0 {
		if l, ok = s.urls[url[:i]]; ok {
			return l, true
		}
	}

	return License{}, false
}
