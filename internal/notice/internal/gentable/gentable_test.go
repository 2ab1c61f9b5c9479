package gentable

import (
	"strings"
	"testing"
)

func TestFamily(t *testing.T) {
	for _, c := range []struct {
		name, fam, ver string
		ok             bool
	}{
		{"apache license 2.0", "apache license", "2.0", true},
		{"mozilla public license version 1.1", "mozilla public license", "1.1", true},
		{"creative commons attribution 4.0 international", "creative commons attribution", "4.0", true},
		{"lppl 1.3c", "lppl", "1.3c", true},
		{"mit license", "", "", false},
		{"cc by 3.0 de", "", "", false},
	} {
		fam, ver, ok := family(strings.Fields(c.name))
		if fam != c.fam || ver != c.ver || ok != c.ok {
			t.Errorf("family(%q) = %q, %q, %v; want %q, %q, %v", c.name, fam, ver, ok, c.fam, c.ver, c.ok)
		}
	}
}

func TestGenerateConflicts(t *testing.T) {
	refs := "spdx_id\tkind\tname\tdeprecated\tstandard_header\turls\n" +
		"A-1.0\tlicense\tSame Name\tno\tno\thttps://example.org/a-1.0\n" +
		"B-1.0\tlicense\tSame Name\tno\tno\thttps://example.org/shared\n" +
		"C-2.0\tlicense\tC License 2.0\tno\tno\thttps://example.org/shared https://example.org/c\n"
	lic := "spdx_id\tname\tcategory\tosi_approved\tfsf_libre\tdeprecated\n" +
		"A-1.0\tSame Name\tpermissive\tfalse\tfalse\tfalse\n" +
		"B-1.0\tSame Name\tpermissive\tfalse\tfalse\tfalse\n" +
		"C-2.0\tC License 2.0\tpermissive\tfalse\tfalse\tfalse\n"
	exc := "spdx_exception_id\tname\tdeprecated\n"
	src, err := Generate([]byte(refs), []byte(lic), []byte(exc))
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for _, bad := range []string{`"same name":`, `"example.org/shared":`, `"example.org/c":`} {
		if strings.Contains(s, bad) {
			t.Errorf("generated tables keep %s, which is ambiguous or names no version", bad)
		}
	}
	for _, good := range []string{`"c license 2.0": "C-2.0"`, `"example.org/a-1.0": "A-1.0"`} {
		if !strings.Contains(strings.Join(strings.Fields(s), " "), good) {
			t.Errorf("generated tables lack %s", good)
		}
	}
}
