// Copyright 2026 The ospo-scan Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Lazy DFA construction: the one change of this fork (see README.md).

package match

import (
	"sync"
	"sync/atomic"
)

// A lazyDFA is the DFA that reCompileDFA builds, but its states are built
// on first use rather than all at once. Building every state of the full
// license set up front takes seconds (3.3 million words of encoded DFA),
// while the texts of one scan visit a small share of them.
//
// The states, their match values and their transition lists are exactly
// those of the eager DFA (both come from nfaState.match, nfaState.words and
// nfaState.next), so matching gives exactly the same results; the tests
// check that on every input.
//
// A lazyDFA is safe for concurrent use: states are created under mu and
// published through atomic pointers, which readers load without locking.
type lazyDFA struct {
	prog  reProg
	start *dfaState

	mu   sync.Mutex
	have map[string]*dfaState // encoded NFA state -> DFA state; guarded by mu
	enc  []byte               // encoding buffer; guarded by mu
}

// A dfaState is one state of a lazyDFA.
type dfaState struct {
	nfa   nfaState
	match int32    // match value, or -1 when the state is not a match
	words []WordID // sorted; AnyWord first if present
	next  []atomic.Pointer[dfaState]
}

// newLazyDFA returns the lazy DFA for prog, with only its start state built.
func newLazyDFA(prog reProg) *lazyDFA {
	d := &lazyDFA{prog: prog, have: make(map[string]*dfaState)}
	d.mu.Lock()
	d.start = d.state(nfaStart(prog))
	d.mu.Unlock()
	return d
}

// state returns the DFA state for the NFA state s, creating it if needed.
// d.mu must be held.
func (d *lazyDFA) state(s nfaState) *dfaState {
	d.enc = s.appendEncoding(d.enc[:0])
	if st, ok := d.have[string(d.enc)]; ok {
		return st
	}
	words := s.words(d.prog)
	st := &dfaState{
		nfa:   s,
		match: s.match(d.prog),
		words: words,
		next:  make([]atomic.Pointer[dfaState], len(words)),
	}
	d.have[string(d.enc)] = st
	return st
}

// step returns the state reached from st by its j'th transition word.
func (d *lazyDFA) step(st *dfaState, j int) *dfaState {
	if next := st.next[j].Load(); next != nil {
		return next
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if next := st.next[j].Load(); next != nil {
		return next
	}
	next := d.state(st.nfa.next(d.prog, st.words[j]))
	st.next[j].Store(next)
	return next
}

// match is reDFA.match on the lazy DFA: it looks for a match at the start
// of words, which are the result of dict.Split(text) or a subslice of it,
// and returns the match ID of the longest match and the index in words
// immediately following the last matched word, or -1, 0.
//
// It follows reDFA.match step for step, including the order in which
// spelling corrections are tried, which is the order of the transition
// words.
func (d *lazyDFA) match(dict *Dict, text string, words []Word) (match int32, end int) {
	match, end = -1, 0
	st := d.start
	dictWords := dict.Words()

	// No range loop here: misspellings can adjust i.
Words:
	for i := 0; i < len(words); i++ {
		word := words[i]
		w := word.ID

		if st.match >= 0 {
			match = st.match
			end = i
		}

		// Handle and remove AnyWord if present.
		first := 0
		anyIndex := -1
		if len(st.words) > 0 && st.words[0] == AnyWord {
			anyIndex = 0
			first = 1
		}

		for j := first; j < len(st.words); j++ {
			if st.words[j] == w {
				st = d.step(st, j)
				continue Words
			}
		}

		// No exact word match: try context-sensitive spell check,
		// as reDFA.match does.
		have := toFold(text[words[i].Lo:words[i].Hi])
		have2 := ""
		if i+1 < len(words) {
			have2 = toFold(text[words[i+1].Lo:words[i+1].Hi])
		}

		for j := first; j < len(st.words); j++ {
			want := dictWords[st.words[j]]

			// Can we spell want by joining have and have2?
			if canMisspellJoin(want, have, have2) {
				st = d.step(st, j)
				i++ // for have; loop will i++ again for have2
				continue Words
			}

			// misspell split
			if len(have) > len(want) && have[:len(want)] == want {
				rest := have[len(want):]
				st2 := d.step(st, j)
				next2 := -1
				for j2, dw2 := range st2.words {
					if dw2 == AnyWord || dictWords[dw2] == rest {
						next2 = j2
					}
				}
				if next2 >= 0 {
					if st2.match >= 0 {
						match = st2.match
						end = i
					}
					st = d.step(st2, next2)
					continue Words
				}
			}

			// Can we misspell want as have?
			if canMisspell(want, have) {
				st = d.step(st, j)
				continue Words
			}
		}

		if anyIndex < 0 {
			// Stuck: return the best match found.
			return match, end
		}
		st = d.step(st, anyIndex)
	}

	if st.match >= 0 {
		match = st.match
		end = len(words)
	}
	return match, end
}

// size returns the number of DFA states built so far.
func (d *lazyDFA) size() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.have)
}
