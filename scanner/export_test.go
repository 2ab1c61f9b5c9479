package scanner

import (
	"os"
	"path/filepath"
	"strings"
)

// StoredEntries returns the bytes of every entry of kind stored under
// the cache directory cdir, by key: from packs and from entry files.
func StoredEntries(cdir, kind string) (map[string][][]byte, error) {
	out := map[string][][]byte{}
	files, err := filepath.Glob(filepath.Join(cdir, kind, "[0-9a-f][0-9a-f]", "*.json"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		key := strings.TrimSuffix(filepath.Base(f), ".json")
		out[key] = append(out[key], data)
	}
	err = eachPack(cdir, kind, func(name string, entries map[string][]byte) error {
		for k, v := range entries {
			out[k] = append(out[k], v)
		}
		return nil
	})
	return out, err
}

// ReplaceEntries replaces the stored bytes of every entry of kind under
// cdir (in packs and entry files) with content, and returns how many it
// replaced.
func ReplaceEntries(cdir, kind string, content []byte) (int, error) {
	n := 0
	files, err := filepath.Glob(filepath.Join(cdir, kind, "[0-9a-f][0-9a-f]", "*.json"))
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		if err := os.WriteFile(f, content, 0o644); err != nil {
			return n, err
		}
		n++
	}
	err = eachPack(cdir, kind, func(name string, entries map[string][]byte) error {
		for k := range entries {
			entries[k] = content
			n++
		}
		if err := os.Remove(name); err != nil {
			return err
		}
		return writePack(filepath.Dir(name), entries)
	})
	return n, err
}

// eachPack calls f with each pack of kind and its entries.
func eachPack(cdir, kind string, f func(name string, entries map[string][]byte) error) error {
	dir := filepath.Join(cdir, kind, "packs")
	names, err := packNames(dir)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	for _, n := range names {
		p, keys, err := openPack(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		entries := map[string][]byte{}
		for _, k := range keys {
			b := make([]byte, k.n)
			if _, err := p.f.ReadAt(b, p.data+k.off); err != nil {
				p.f.Close()
				return err
			}
			entries[k.key] = b
		}
		p.f.Close()
		if err := f(filepath.Join(dir, n), entries); err != nil {
			return err
		}
	}
	return nil
}
