// Copyright 2026 The ospo-scan Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Fork addition: the compiled form of a MultiLRE.

package match

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// multiMagic starts the compiled form of a MultiLRE; the digit is its
// format version.
const multiMagic = "licensecheck-multilre 1\n"

// AppendBinary appends the compiled form of re to b: its dictionary, its
// leading phrases and its program, everything UnmarshalMultiLRE needs to
// rebuild it without parsing a pattern. It returns an error for a
// MultiLRE made of no LRE.
func (re *MultiLRE) AppendBinary(b []byte) ([]byte, error) {
	if re.dfa == nil {
		return nil, errors.New("match: empty MultiLRE")
	}
	b = append(b, multiMagic...)
	b = binary.AppendUvarint(b, uint64(len(re.dict.list)))
	for _, w := range re.dict.list {
		b = binary.AppendUvarint(b, uint64(len(w)))
		b = append(b, w...)
	}
	// The leading phrases in program order would need the syntax; sorted,
	// the encoding of a set is deterministic.
	start := make([]phrase, 0, len(re.start))
	for p := range re.start {
		start = append(start, p)
	}
	sortPhrases(start)
	b = binary.AppendUvarint(b, uint64(len(start)))
	for _, p := range start {
		b = binary.AppendVarint(b, int64(p[0]))
		b = binary.AppendVarint(b, int64(p[1]))
	}
	prog := re.dfa.prog
	b = binary.AppendUvarint(b, uint64(len(prog)))
	for _, inst := range prog {
		b = binary.AppendUvarint(b, packInst(inst))
	}
	return b, nil
}

// UnmarshalMultiLRE rebuilds a MultiLRE from the compiled form that
// AppendBinary wrote; matches reports the number of LREs it was made of
// (the match IDs it may return). A compiled form that is cut short,
// longer than its content or whose program would step outside itself
// is an error, never a panic: the program is checked as a whole before
// it is used.
func UnmarshalMultiLRE(data []byte, matches int) (*MultiLRE, error) {
	r := &binReader{b: data}
	if string(r.next(len(multiMagic))) != multiMagic {
		return nil, errors.New("match: not a compiled MultiLRE (or another version)")
	}
	nwords := r.count(1)
	d := &Dict{dict: make(map[string]WordID, nwords), list: make([]string, 0, nwords)}
	for i := 0; i < nwords && r.err == nil; i++ {
		w := string(r.next(r.count(1)))
		if _, dup := d.dict[w]; dup {
			r.fail("word %q listed twice", w)
			break
		}
		d.dict[w] = WordID(len(d.list))
		d.list = append(d.list, w)
	}
	nstart := r.count(2)
	start := make(map[phrase]struct{}, nstart)
	for i := 0; i < nstart && r.err == nil; i++ {
		p := phrase{WordID(r.int32()), WordID(r.int32())}
		for _, w := range p { // two words of the dictionary, as NewMultiLRE checks
			if w < 0 || int(w) >= nwords {
				r.fail("leading phrase word %d out of range", w)
			}
		}
		start[p] = struct{}{}
	}
	prog := r.prog(r.count(1))
	if r.err == nil && len(r.b) > 0 {
		r.fail("%d bytes after the program", len(r.b))
	}
	if r.err != nil {
		return nil, r.err
	}
	if err := checkProg(prog, nwords, matches); err != nil {
		return nil, err
	}
	return &MultiLRE{dict: d, dfa: newLazyDFA(prog), start: start}, nil
}

// checkProg reports whether every instruction of prog is one the matcher
// can run: a known opcode, a word of the dictionary, a match ID below
// matches, and jumps, alternatives, cuts and word steps that land inside
// the program (a cut on an alternative).
func checkProg(prog reProg, nwords, matches int) error {
	if len(prog) == 0 {
		return errors.New("match: empty program")
	}
	n := int64(len(prog))
	inside := func(pc int64) bool { return pc >= 0 && pc < n }
	for i, inst := range prog {
		pc := int64(i)
		ok := true
		switch inst.op {
		case instWord:
			ok = inst.arg >= 0 && int(inst.arg) < nwords && inside(pc+1)
		case instAny:
			ok = inside(pc + 1)
		case instAlt:
			ok = inside(pc+1) && inside(pc+1+int64(inst.arg))
		case instJump:
			ok = inside(pc + 1 + int64(inst.arg))
		case instMatch:
			ok = inst.arg >= 0 && int(inst.arg) < matches
		case instCut:
			t := pc + 1 + int64(inst.arg)
			ok = inside(pc+1) && inside(t) && prog[t].op == instAlt
		default:
			ok = false
		}
		if !ok {
			return fmt.Errorf("match: compiled program: bad instruction %d (op %d, arg %d)", i, inst.op, inst.arg)
		}
	}
	return nil
}

// packInst returns the number an instruction is written as: its opcode
// in the low 3 bits, its argument zigzag-encoded above them.
func packInst(inst reInst) uint64 {
	arg := int64(inst.arg)
	return uint64(arg<<1^arg>>63)<<3 | uint64(inst.op)
}

// prog reads a program of n instructions (packInst).
func (r *binReader) prog(n int) reProg {
	if r.err != nil {
		return nil
	}
	prog := make(reProg, n)
	b := r.b
	for pc := range prog {
		v, k := binary.Uvarint(b)
		if k <= 0 || v>>35 != 0 { // 32 bits of zigzag argument, 3 of opcode
			r.fail("instruction %d: cut short or bad number", pc)
			return nil
		}
		b = b[k:]
		z := v >> 3
		prog[pc] = reInst{op: instOp(v & 7), arg: int32(z>>1) ^ -int32(z&1)}
	}
	r.b = b
	return prog
}

// sortPhrases sorts phrases by their first word, then their second.
func sortPhrases(x []phrase) {
	for i := 1; i < len(x); i++ { // insertion sort of a few hundred
		for j := i; j > 0 && less(x[j], x[j-1]); j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

func less(a, b phrase) bool {
	return a[0] < b[0] || a[0] == b[0] && a[1] < b[1]
}

// binReader reads the compiled form; its first error sticks.
type binReader struct {
	b   []byte
	err error
}

func (r *binReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("match: compiled MultiLRE: "+format, args...)
	}
}

func (r *binReader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.fail("cut short")
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *binReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("cut short or bad number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *binReader) int32() int32 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 || v < -1<<31 || v >= 1<<31 {
		r.fail("cut short or bad number")
		return 0
	}
	r.b = r.b[n:]
	return int32(v)
}

// count reads a count of items that take at least min bytes each, and
// refuses one that the rest of the data cannot hold (so that a damaged
// count never sizes an allocation).
func (r *binReader) count(min int) int {
	v := r.uvarint()
	if r.err == nil && v > uint64(len(r.b)/min) {
		r.fail("count %d larger than the data", v)
		return 0
	}
	return int(v)
}
