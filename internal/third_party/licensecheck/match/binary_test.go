// Copyright 2026 The ospo-scan Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package match

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"reflect"
	"runtime/debug"
	"testing"
	"time"

	"github.com/google/licensecheck"
)

// testMulti returns the MultiLRE of patterns and its compiled form.
func testMulti(tb testing.TB, patterns ...string) (*MultiLRE, []byte) {
	tb.Helper()
	d := new(Dict)
	var list []*LRE
	for i, p := range patterns {
		re, err := ParseLRE(d, string(rune('a'+i)), p)
		if err != nil {
			tb.Fatal(err)
		}
		list = append(list, re)
	}
	m, err := NewMultiLRE(list)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := m.AppendBinary(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return m, b
}

var binaryPatterns = []string{
	"hello world __3__\n((good || bad))??\nbye now",
	"the quick brown fox jumps over __5__ dog",
	"permission is hereby granted __2__\n((free of charge))??\nto any person",
}

// TestMultiLREBinary checks that the compiled form of every built-in
// pattern at once rebuilds the same MultiLRE (the same dictionary, leading
// phrases and program, and so the same compiled form), and that both
// match alike.
func TestMultiLREBinary(t *testing.T) {
	var list []*LRE
	d := new(Dict)
	for _, l := range licensecheck.BuiltinLicenses() {
		if l.LRE == "" {
			continue
		}
		re, err := ParseLRE(d, l.ID, l.LRE)
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, re)
	}
	m, err := NewMultiLRE(list)
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalMultiLRE(b, len(list))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.dict.list, m.dict.list) || !reflect.DeepEqual(got.start, m.start) || !reflect.DeepEqual(got.dfa.prog, m.dfa.prog) {
		t.Fatal("the rebuilt MultiLRE differs")
	}
	if b2, _ := got.AppendBinary(nil); !bytes.Equal(b, b2) {
		t.Fatal("the rebuilt MultiLRE compiles to another form")
	}
	for _, l := range licensecheck.BuiltinLicenses()[:30] {
		if !reflect.DeepEqual(got.Match(l.LRE).List, m.Match(l.LRE).List) {
			t.Errorf("%s: rebuilt and parsed MultiLREs match differently", l.ID)
		}
	}
	if _, err := UnmarshalMultiLRE(b, len(list)-1); err == nil {
		t.Error("a program with a match ID beyond the LREs given was accepted")
	}
}

// TestMultiLREBinaryDamaged checks that a compiled form cut short, with
// bytes after it or with any one byte changed is refused or, when the
// change keeps it valid, gives a MultiLRE that matches without a panic.
func TestMultiLREBinaryDamaged(t *testing.T) {
	_, b := testMulti(t, binaryPatterns...)
	for n := 0; n < len(b); n++ {
		if _, err := UnmarshalMultiLRE(b[:n], len(binaryPatterns)); err == nil {
			t.Errorf("cut to %d of %d bytes: accepted", n, len(b))
		}
	}
	if _, err := UnmarshalMultiLRE(append(b[:len(b):len(b)], 0), len(binaryPatterns)); err == nil {
		t.Error("a byte after the program: accepted")
	}
	for i := range b {
		for _, v := range []byte{0, 1, 0x7f, 0x80, 0xff} {
			c := bytes.Clone(b)
			c[i] = v
			if m, err := UnmarshalMultiLRE(c, len(binaryPatterns)); err == nil {
				m.Match("hello world and then good bye now; the quick brown fox jumps over the lazy dog")
			}
		}
	}
}

// FuzzUnmarshalMultiLRE: any bytes are refused or give a MultiLRE that
// matches texts without a panic.
func FuzzUnmarshalMultiLRE(f *testing.F) {
	_, b := testMulti(f, binaryPatterns...)
	f.Add(b, "hello world a b good bye now")
	_, b = testMulti(f, binaryPatterns[1])
	f.Add(b, "the quick brown fox jumps over the lazy dog")
	f.Fuzz(func(t *testing.T, data []byte, text string) {
		m, err := UnmarshalMultiLRE(data, 3)
		if err != nil {
			return
		}
		m.Match(text)
		m.Match("hello world the quick brown fox permission is hereby granted")
	})
}

// TestMultiLREBinaryOneWordMatch checks that a compiled form whose program
// matches a single word (NewMultiLRE refuses such patterns; a damaged form
// may hold one) makes Match return without reporting them: a one-word
// match sets Match's position back, which the fuzzer turned into a loop
// piling up matches until memory ran out.
func TestMultiLREBinaryOneWordMatch(t *testing.T) {
	b := []byte(multiMagic)
	b = append(b, 2, 1, 'a', 1, 'b') // words a, b
	b = append(b, 1, 0, 2)           // leading phrase (a, b)
	b = append(b, 2)                 // program: word a, match 0
	b = binary.AppendUvarint(b, packInst(reInst{op: instWord, arg: 0}))
	b = binary.AppendUvarint(b, packInst(reInst{op: instMatch, arg: 0}))
	m, err := UnmarshalMultiLRE(b, 1)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *Matches, 1)
	go func() { done <- m.Match("a b a b a b") }()
	select {
	case got := <-done:
		if len(got.List) != 0 {
			t.Errorf("one-word matches reported: %+v", got.List)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Match did not return")
	}
}

// TestMultiLREBinaryLargeState checks that a compiled form whose states
// are large (a long chain of alternatives, a fan of many words: NewMultiLRE
// makes neither, a damaged or made-up form may) loads and matches in time
// linear in its size: the NFA state was deduplicated by a linear search
// of itself and its words by a linear search of themselves, quadratic in
// a state of hundreds of thousands of instructions (minutes for a
// compiled form the size of scanner.bin).
func TestMultiLREBinaryLargeState(t *testing.T) {
	const n = 1 << 18
	chain := []byte(multiMagic)
	chain = append(chain, 2, 1, 'a', 1, 'b') // words a, b
	chain = append(chain, 1, 0, 2)           // leading phrase (a, b)
	chain = binary.AppendUvarint(chain, n+3)
	for range n {
		chain = binary.AppendUvarint(chain, packInst(reInst{op: instAlt, arg: 0}))
	}
	chain = binary.AppendUvarint(chain, packInst(reInst{op: instWord, arg: 0}))
	chain = binary.AppendUvarint(chain, packInst(reInst{op: instWord, arg: 1}))
	chain = binary.AppendUvarint(chain, packInst(reInst{op: instMatch, arg: 0}))

	// A fan: n alternatives, each to a word of its own then a match.
	const k = n
	fan := []byte(multiMagic)
	fan = binary.AppendUvarint(fan, k)
	for i := range k {
		w := fmt.Sprintf("w%d", i)
		fan = binary.AppendUvarint(fan, uint64(len(w)))
		fan = append(fan, w...)
	}
	fan = append(fan, 1, 0, 2) // leading phrase (w0, w1)
	fan = binary.AppendUvarint(fan, 3*k)
	for i := range k {
		fan = binary.AppendUvarint(fan, packInst(reInst{op: instAlt, arg: int32(k + 2*i - (i + 1))}))
	}
	for i := range k {
		fan = binary.AppendUvarint(fan, packInst(reInst{op: instWord, arg: int32(i)}))
		fan = binary.AppendUvarint(fan, packInst(reInst{op: instMatch, arg: 0}))
	}

	for _, tt := range []struct {
		name string
		data []byte
		text string
	}{
		{"chain", chain, "a b a b"},
		{"fan", fan, "w0 w1 w2 w3"},
	} {
		done := make(chan error, 1)
		go func() {
			m, err := UnmarshalMultiLRE(tt.data, 1)
			if err == nil {
				m.Match(tt.text)
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: loading and matching took more than 10 s", tt.name)
		}
	}
}

// TestMultiLREBinaryDeepChain checks that a compiled form whose program
// is one chain of a million alternatives (a damaged or made-up form)
// loads with a stack of 32 MB: nfaState.add followed the chain by
// recursion, a frame per instruction (hundreds of megabytes of stack for
// a form the size of scanner.bin).
func TestMultiLREBinaryDeepChain(t *testing.T) {
	const n = 1 << 20
	b := []byte(multiMagic)
	b = append(b, 2, 1, 'a', 1, 'b') // words a, b
	b = append(b, 1, 0, 2)           // leading phrase (a, b)
	b = binary.AppendUvarint(b, n+3)
	for i := range n {
		op := instAlt
		if i%2 == 1 {
			op = instJump
		}
		b = binary.AppendUvarint(b, packInst(reInst{op: op, arg: 0}))
	}
	b = binary.AppendUvarint(b, packInst(reInst{op: instWord, arg: 0}))
	b = binary.AppendUvarint(b, packInst(reInst{op: instWord, arg: 1}))
	b = binary.AppendUvarint(b, packInst(reInst{op: instMatch, arg: 0}))
	defer debug.SetMaxStack(debug.SetMaxStack(32 << 20)) // a stack overflow is fatal
	m, err := UnmarshalMultiLRE(b, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Match("x a b y").List; len(got) != 1 || got[0].Start != 1 || got[0].End != 3 {
		t.Errorf("matches %+v, want a b", got)
	}
}
