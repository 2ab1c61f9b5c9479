package license

import (
	"crypto/sha256"
	"sync"

	"github.com/ospo-scan/ospo-scan/internal/model"
)

// A classification is what ClassifyText concludes of a text: the fields
// of the evidence it sets. It is a function of the text's bytes and of
// whether the file is a license file by name, nothing else, so the many
// copies of the same license text a scan meets (the Apache-2.0 of half
// the modules, the Go Authors' BSD headers) are classified once.
type classification struct {
	verdict, license, note string
	coverage               float64
	matches                []model.Match // never shared with a caller
}

// memoKey is a text's sha256 and whether it is a license file by name:
// every argument a classification depends on.
type memoKey struct {
	sum         [sha256.Size]byte
	licenseFile bool
}

// Bounds of the memo: only texts of at most maxMemoText bytes (license
// files and comments, not the rare large third-party lists) are kept,
// and at most maxMemoEntries of them (a few KB each, so a few MB at
// worst); once full, texts not yet seen are classified every time.
const (
	maxMemoText    = 64 << 10
	maxMemoEntries = 4096
)

// memo holds the classifications of the texts classified so far, by
// memoKey. It is safe for concurrent use; two goroutines classifying the
// same new text at once both classify it, and store the same answer.
type memo struct {
	mu   sync.Mutex
	m    map[memoKey]classification
	hits int // for tests
}

// key returns the memo key of a classification of text, and false when
// the text is not to be remembered (too large).
func (*memo) key(text []byte, licenseFile bool) (memoKey, bool) {
	if len(text) > maxMemoText {
		return memoKey{}, false
	}
	return memoKey{sha256.Sum256(text), licenseFile}, true
}

// get returns the classification remembered for k.
func (m *memo) get(k memoKey) (classification, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.m[k]
	if ok {
		m.hits++
	}
	return c, ok
}

// put remembers the classification of k that ev holds: its matches are
// copied, so that the caller may change ev's.
func (m *memo) put(k memoKey, ev model.Evidence) {
	c := classification{
		verdict: ev.Verdict, license: ev.License, note: ev.Note, coverage: ev.Coverage,
		matches: append([]model.Match(nil), ev.Matches...),
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[memoKey]classification{}
	}
	if len(m.m) < maxMemoEntries {
		m.m[k] = c
	}
}

// apply sets the classification into ev, whose matches are empty, as
// ClassifyText would: the matches are appended to ev's (a copy: ev's
// slice may be empty but not nil, and the caller may change it).
func (c classification) apply(ev model.Evidence) model.Evidence {
	ev.Verdict, ev.License, ev.Note, ev.Coverage = c.verdict, c.license, c.note, c.coverage
	ev.Matches = append(ev.Matches, c.matches...)
	return ev
}
