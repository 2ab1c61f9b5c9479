// Copyright 2026 The ospo-scan Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package match

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/licensecheck"
)

// TestLazyDFAMatch runs the matchTests table on the lazy DFA.
func TestLazyDFAMatch(t *testing.T) {
	var d Dict
	for _, tt := range matchTests {
		prog := testProg(t, &d, tt.re)
		if prog == nil {
			continue
		}
		match, end := newLazyDFA(prog).match(&d, tt.in, d.Split(tt.in))
		if match != tt.match || end != tt.end {
			t.Errorf("lazyDFA(%q).match(%v) = %v, %v, want %v, %v", tt.re, tt.in, match, end, tt.match, tt.end)
		}
	}
}

// builtin is the eager and the lazy DFA of all of licensecheck's built-in
// patterns, built once (the eager one takes about a second).
var builtin struct {
	once  sync.Once
	dict  Dict
	eager reDFA
	lazy  *lazyDFA
	err   error
}

func builtinDFAs(tb testing.TB) (*Dict, reDFA, *lazyDFA) {
	builtin.once.Do(func() {
		var progs []reProg
		for _, l := range licensecheck.BuiltinLicenses() {
			if l.LRE == "" {
				continue
			}
			re, err := ParseLRE(&builtin.dict, l.ID, l.LRE)
			if err != nil {
				builtin.err = err
				return
			}
			progs = append(progs, re.prog)
		}
		prog := reCompileMulti(progs)
		builtin.eager = reCompileDFA(prog)
		builtin.lazy = newLazyDFA(prog)
	})
	if builtin.err != nil {
		tb.Fatal(builtin.err)
	}
	return &builtin.dict, builtin.eager, builtin.lazy
}

// compareAt checks that the eager and the lazy DFA agree when started at
// every word of text.
func compareAt(tb testing.TB, d *Dict, eager reDFA, lazy *lazyDFA, name, text string) {
	words := d.Split(text)
	for i := range words {
		em, ee := eager.match(d, text, words[i:])
		lm, le := lazy.match(d, text, words[i:])
		if em != lm || ee != le {
			tb.Fatalf("%s, word %d: eager DFA = %d, %d; lazy DFA = %d, %d", name, i, em, ee, lm, le)
		}
	}
}

// testTexts returns license texts to match: licensecheck's own test files
// and ospo-scan's.
func testTexts(tb testing.TB) map[string]string {
	texts := map[string]string{}
	var dirs []string
	if dir := moduleDir(tb); dir != "" {
		dirs = append(dirs, filepath.Join(dir, "testdata"))
	}
	dirs = append(dirs, filepath.Join("..", "..", "..", "..", "testdata", "licenses"))
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			texts[f] = string(data)
		}
	}
	if len(texts) < 20 {
		tb.Fatalf("found only %d test texts", len(texts))
	}
	return texts
}

// moduleDir returns the directory of the licensecheck module in the module
// cache, or "" when it cannot be found.
func moduleDir(tb testing.TB) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/google/licensecheck").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		tb.Logf("licensecheck source not found: %v", err)
		return ""
	}
	return dir
}

// TestLazyDFAMatchesEager checks, on real license texts, that the lazy DFA
// answers exactly as the eager one at every starting word.
func TestLazyDFAMatchesEager(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full eager DFA")
	}
	d, eager, lazy := builtinDFAs(t)
	for name, text := range testTexts(t) {
		compareAt(t, d, eager, lazy, name, text)
	}
	t.Logf("lazy DFA built %d states", lazy.size())
}

// TestLazyDFAConcurrent matches from several goroutines at once on a fresh
// lazy DFA (run with -race).
func TestLazyDFAConcurrent(t *testing.T) {
	var d Dict
	var progs []reProg
	for _, l := range licensecheck.BuiltinLicenses() {
		if l.LRE == "" || !strings.HasPrefix(l.ID, "BSD") && !strings.HasPrefix(l.ID, "MIT") {
			continue
		}
		re, err := ParseLRE(&d, l.ID, l.LRE)
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, re.prog)
	}
	prog := reCompileMulti(progs)
	eager := reCompileDFA(prog)
	lazy := newLazyDFA(prog)
	texts := testTexts(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name, text := range texts {
				compareAt(t, &d, eager, lazy, name, text)
			}
		}()
	}
	wg.Wait()
}

// FuzzLazyDFA checks that the lazy DFA answers as the eager one on any
// text, misspellings included.
func FuzzLazyDFA(f *testing.F) {
	for _, text := range testTexts(f) {
		if len(text) < 4000 {
			f.Add(text)
		}
	}
	f.Add("Permission is hereby granted, free of charge, to any persn obtaining a copy of this sofware")
	f.Add("Redistribution and use in source and binary forms, with or without modifi-\ncation, are permitted")
	f.Fuzz(func(t *testing.T, text string) {
		d, eager, lazy := builtinDFAs(t)
		compareAt(t, d, eager, lazy, "input", text)
	})
}
