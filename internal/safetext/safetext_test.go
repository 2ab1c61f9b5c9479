package safetext

import (
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain ASCII", "LICENSE-MIT", "LICENSE-MIT"},
		{"spaces kept", "a b  c", "a b  c"},
		{"backslash kept", `C:\go\src`, `C:\go\src`},
		{"unicode kept", "Licença für 许可证 ✓", "Licença für 许可证 ✓"},
		{"nbsp kept", "a\u00a0b", "a\u00a0b"},
		{"ESC", "x\x1b[31mred\x1b[0m", `x\x1b[31mred\x1b[0m`},
		{"NUL", "a\x00b", `a\x00b`},
		{"BEL and BS", "\a\b", `\x07\x08`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"tab newline CR", "a\tb\nc\rd", `a\tb\nc\rd`},
		{"invalid UTF-8 byte", "a\xffb", `a\xffb`},
		{"truncated sequence", "a\xe2\x82", `a\xe2\x82`},
		{"C1 CSI", "a\u009bb", `a\u{009b}b`},
		{"bidi override", "evil\u202egnp.exe", `evil\u{202e}gnp.exe`},
		{"zero width joiner", "a\u200db", `a\u{200d}b`},
		{"line separator", "a\u2028b", `a\u{2028}b`},
		{"private use", "a\ue000b", `a\u{e000}b`},
		{"BOM", "\ufeffLICENSE", `\u{feff}LICENSE`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Escape(tt.in)
			if got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Escape(%q) = %q: not valid UTF-8", tt.in, got)
			}
			for _, c := range []byte(got) {
				if c < 0x20 || c == 0x7f {
					t.Errorf("Escape(%q) = %q: contains control byte %#x", tt.in, got, c)
				}
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"empty", "", 3, ""},
		{"short", "abc", 5, "abc"},
		{"exact", "abcde", 5, "abcde"},
		{"cut", "abcdef", 5, "abcde…"},
		{"runes not bytes", "ééééé", 5, "ééééé"},
		{"cut runes", "éééééé", 3, "ééé…"},
		{"CJK", "许可证许可证", 2, "许可…"},
		{"zero", "abc", 0, "…"},
		{"zero empty", "", 0, ""},
		{"negative", "abc", -1, "…"},
		{"invalid byte counts as a rune", "a\xffbc", 2, "a\xff…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Truncate(tt.in, tt.n); got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "LICENSE", "\x1b[2J", "\xff\xfe", "a\u202eb", "许可"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Escape(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Escape(%q) = %q: invalid UTF-8", s, got)
		}
		for _, r := range got {
			if !safeRune(r) {
				t.Fatalf("Escape(%q) = %q: contains unsafe rune %U", s, got, r)
			}
		}
		if Escape(got) != got {
			t.Fatalf("Escape not idempotent on %q", s)
		}
		if tr := Truncate(s, 10); utf8.RuneCountInString(tr) > 11 {
			t.Fatalf("Truncate(%q, 10) = %q: too long", s, tr)
		}
	})
}
