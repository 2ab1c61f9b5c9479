package scanner

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// The entries of the kinds that a scan writes one of per module
// (detection, deep scan) are stored in packs: one file holding every
// entry a run wrote, instead of a file per entry. Creating a file is
// nearly all of the cost of a write (an inode, and often a shard
// directory: on the machine of issue #13, 548 detection entries took
// about 0.35 s of CPU to create, the same again for the deep scan's),
// and a cold scan writes hundreds. A run collects its entries in memory
// and writes them as one new pack when the cache is closed; a run that
// is killed first only loses its entries.
//
// A pack is written once (a temporary file renamed into place) and never
// changed; readers keep it open, so a pack removed meanwhile stays
// readable to them. Each entry in it is the same envelope as a file
// entry (see entry), checked the same way on every read: a damaged pack
// only makes misses. Lookups find a key in any pack; when several hold
// it, the first intact one serves (entries of the same key are the same
// result, see the keys).
//
// Packs are merged when there are more than maxPacks of them, so that a
// lookup reads a bounded number of indexes: all packs under mergeLimit
// bytes are merged into one, with each key once, and then removed.
//
// The format, little-endian:
//
//	"ospo-scan pack 1\n"
//	uint32 count, uint32 index length in bytes
//	count times: uint16 key length, key, uint64 offset, uint32 length
//	the entries' bytes (offsets from the end of the index)
const packMagic = "ospo-scan pack 1\n"

// tempPrefix starts the names of the temporary files of the cache, which
// are renamed into place once written. Nothing reads them as entries.
const tempPrefix = ".tmp-"

// staleTemp is the age after which a temporary file is one a killed run
// (kill -9) left behind: no write takes that long.
const staleTemp = time.Hour

const (
	// maxPacks is the number of packs of a kind above which a run that
	// writes one merges them.
	maxPacks = 8
	// mergeLimit is the size above which a pack is not merged again
	// (merging rewrites it whole).
	mergeLimit = 64 << 20
	// maxPackEntry bounds an entry's length as an index states it, so
	// that a damaged index cannot make a reader allocate gigabytes.
	maxPackEntry = 256 << 20
	// maxPackIndex bounds the length of a pack's index (about 860,000
	// entries), for the same reason.
	maxPackIndex = 64 << 20
)

// packSet is one kind's packs: those on disk, opened on the first lookup,
// and the entries put in this run, written by close.
type packSet struct {
	dir string // <cache>/<kind>/packs

	// lmu guards the open packs: lookups may run while close closes
	// them (a lookup then misses), and after it (they are opened again).
	lmu    sync.Mutex
	loaded bool
	packs  []*pack                // open packs, in name order
	index  map[string][]packEntry // key -> where in packs

	mu      sync.Mutex
	pending map[string][]byte // entries put in this run, by key
}

// pack is an open pack file.
type pack struct {
	f    *os.File
	data int64 // offset of the entries' bytes
	size int64
}

// packEntry locates an entry: in pack p, at data+off, n bytes.
type packEntry struct {
	p   *pack
	off int64
	n   int64
}

func newPackSet(dir string) *packSet {
	return &packSet{dir: dir, pending: map[string][]byte{}}
}

// load opens the packs on disk and reads their indexes, once (until
// close).
func (s *packSet) load() {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	if s.loaded {
		return
	}
	s.loaded = true
	s.index = map[string][]packEntry{}
	names, _ := packNames(s.dir)
	for _, name := range names {
		p, keys, err := openPack(filepath.Join(s.dir, name))
		if err != nil {
			continue // a damaged or vanished pack is no hit
		}
		s.packs = append(s.packs, p)
		for _, k := range keys {
			if l := s.index[k.key]; len(l) > 0 && l[len(l)-1].p == p {
				continue // a pack holds a key once: a damaged index repeats it
			}
			s.index[k.key] = append(s.index[k.key], packEntry{p: p, off: k.off, n: k.n})
		}
	}
}

// lookup returns where the packs hold key, loading them first.
func (s *packSet) lookup(key string) []packEntry {
	s.load()
	s.lmu.Lock()
	defer s.lmu.Unlock()
	return s.index[key]
}

// candidates returns the stored bytes of every entry under key: the one
// put in this run first, then those in packs. decode takes the first it
// can believe.
func (s *packSet) candidates(key string, try func([]byte) bool) bool {
	s.mu.Lock()
	data, ok := s.pending[key]
	s.mu.Unlock()
	if ok && try(data) {
		return true
	}
	for _, e := range s.lookup(key) {
		buf := make([]byte, e.n)
		if _, err := e.p.f.ReadAt(buf, e.p.data+e.off); err != nil {
			continue
		}
		if try(buf) {
			return true
		}
	}
	return false
}

// put records an entry for close to write.
func (s *packSet) put(key string, data []byte) {
	s.mu.Lock()
	s.pending[key] = data
	s.mu.Unlock()
}

// close writes the entries put into a new pack, merges the packs when
// there are too many, and closes the packs opened. Failures only cost
// later recomputation.
func (s *packSet) close() {
	s.mu.Lock()
	pending := s.pending
	s.pending = map[string][]byte{}
	s.mu.Unlock()
	s.lmu.Lock()
	for _, p := range s.packs {
		p.f.Close() // a lookup reading it meanwhile misses
	}
	s.packs, s.index, s.loaded = nil, nil, false
	s.lmu.Unlock()
	if len(pending) == 0 {
		return
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return
	}
	sweepTemp(s.dir, time.Now().Add(-staleTemp))
	if writePack(s.dir, pending) != nil {
		return
	}
	mergePacks(s.dir)
}

// packNames lists the pack files of dir in name order.
func packNames(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if n := e.Name(); e.Type().IsRegular() && strings.HasSuffix(n, ".pack") && !strings.HasPrefix(n, tempPrefix) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// packKey is an index record.
type packKey struct {
	key    string
	off, n int64
}

// errDamaged marks a pack whose content cannot be believed, as opposed
// to one that could not be opened (permissions, too many open files).
var errDamaged = errors.New("damaged pack")

// openRegular opens a cache file for reading: without blocking on a FIFO
// and only if it is a regular file (not /dev/zero, a directory or a FIFO
// put or linked there), so that a read neither hangs nor runs without end.
func openRegular(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|openNoBlock, 0)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	return f, nil
}

// readEntryFile reads an entry file, a regular file of at most
// maxPackEntry bytes (see readSmallFile).
func readEntryFile(name string) ([]byte, error) { return readSmallFile(name, maxPackEntry) }

// openPack opens a pack and reads its index, checking that every entry
// it states lies within the file. A pack that is not one, or whose index
// is damaged, is an error wrapping errDamaged.
func openPack(name string) (*pack, []packKey, error) {
	f, err := openRegular(name)
	if err != nil {
		return nil, nil, err
	}
	p, keys, err := readPackIndex(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w: %w", name, errDamaged, err)
	}
	return p, keys, nil
}

// readPackIndex reads the index of the pack f.
func readPackIndex(f *os.File) (*pack, []packKey, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	head := make([]byte, len(packMagic)+8)
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, nil, errors.New("not a pack: too short")
	}
	if string(head[:len(packMagic)]) != packMagic {
		return nil, nil, errors.New("not a pack of this format")
	}
	count := int64(binary.LittleEndian.Uint32(head[len(packMagic):]))
	ilen := int64(binary.LittleEndian.Uint32(head[len(packMagic)+4:]))
	start := int64(len(head))
	if ilen > size-start || ilen > maxPackIndex || count > ilen/14 {
		return nil, nil, errors.New("damaged index")
	}
	idx := make([]byte, ilen)
	if _, err := f.ReadAt(idx, start); err != nil {
		return nil, nil, err
	}
	p := &pack{f: f, data: start + ilen, size: size}
	keys := make([]packKey, 0, count)
	for range count {
		if len(idx) < 2 {
			return nil, nil, errors.New("damaged index")
		}
		kl := int(binary.LittleEndian.Uint16(idx))
		if len(idx) < 2+kl+12 {
			return nil, nil, errors.New("damaged index")
		}
		k := packKey{
			key: string(idx[2 : 2+kl]),
			off: int64(binary.LittleEndian.Uint64(idx[2+kl:])),
			n:   int64(binary.LittleEndian.Uint32(idx[2+kl+8:])),
		}
		idx = idx[2+kl+12:]
		if k.off < 0 || k.n > maxPackEntry || k.off > size-p.data-k.n {
			return nil, nil, errors.New("damaged index: an entry outside the file")
		}
		keys = append(keys, k)
	}
	return p, keys, nil
}

// writePack writes entries as a new pack in dir, atomically.
func writePack(dir string, entries map[string][]byte) error {
	keys := make([]string, 0, len(entries))
	for k := range entries {
		if len(k) <= 0xffff && len(entries[k]) <= maxPackEntry {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var idx bytes.Buffer
	var off int64
	for _, k := range keys {
		idx.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(k))))
		idx.WriteString(k)
		idx.Write(binary.LittleEndian.AppendUint64(nil, uint64(off)))
		idx.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(entries[k]))))
		off += int64(len(entries[k]))
	}
	if idx.Len() > maxPackIndex {
		return errors.New("pack index too large")
	}
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return err
	}
	// A bufio.Writer keeps its first error: Flush reports it.
	w := bufio.NewWriterSize(f, 64<<10)
	w.WriteString(packMagic)
	w.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(keys))))
	w.Write(binary.LittleEndian.AppendUint32(nil, uint32(idx.Len())))
	w.Write(idx.Bytes())
	for _, k := range keys {
		w.Write(entries[k])
	}
	err = errors.Join(w.Flush(), f.Close())
	if err == nil {
		// The name only has to be new: the temporary name already is.
		err = os.Rename(f.Name(), filepath.Join(dir, "p"+strings.TrimPrefix(filepath.Base(f.Name()), tempPrefix)+".pack"))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// mergePacks merges the packs of dir under mergeLimit bytes into one,
// of at most mergeLimit bytes, when dir holds more than maxPacks, and
// removes them. Another run
// merging at the same time only makes two packs of the same entries.
func mergePacks(dir string) {
	names, err := packNames(dir)
	if err != nil || len(names) <= maxPacks {
		return
	}
	entries := map[string][]byte{}
	var merged []string
	var total int64 // bytes of the packs merged
	for _, name := range names {
		full := filepath.Join(dir, name)
		p, keys, err := openPack(full)
		if errors.Is(err, errDamaged) {
			// Nothing in it can be believed, and it would keep the
			// count up.
			os.Remove(full)
		}
		if err != nil {
			continue // damaged, vanished or not openable now
		}
		if p.size >= mergeLimit || total+p.size > mergeLimit {
			// Too large to rewrite, or past what one merge reads
			// into memory (many packs: runs at the same time, or
			// files put there); a later merge takes the rest.
			p.f.Close()
			continue
		}
		total += p.size
		data := make([]byte, p.size-p.data)
		_, err = p.f.ReadAt(data, p.data)
		p.f.Close()
		if err != nil && err != io.EOF {
			continue
		}
		for _, k := range keys {
			if _, ok := entries[k.key]; !ok {
				entries[k.key] = data[k.off : k.off+k.n]
			}
		}
		merged = append(merged, full)
	}
	if len(merged) < 2 || writePack(dir, entries) != nil {
		return
	}
	for _, name := range merged {
		os.Remove(name)
	}
}

// sweepTemp removes the temporary files in dir last changed before
// cutoff, which runs killed while writing left there.
func sweepTemp(dir string, cutoff time.Time) {
	files, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, f := range files {
		if !f.Type().IsRegular() || !strings.HasPrefix(f.Name(), tempPrefix) {
			continue
		}
		if info, err := f.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.Remove(filepath.Join(dir, f.Name()))
		}
	}
}

// holdsEntry reports whether dir, a kind's directory, holds an entry in
// one of its shards or packs (empty directories and temporary files do
// not count).
func holdsEntry(dir string) bool {
	shards, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, s := range shards {
		if !s.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(dir, s.Name()))
		if err != nil {
			continue
		}
		for _, f := range files {
			if !strings.HasPrefix(f.Name(), tempPrefix) {
				return true
			}
		}
	}
	return false
}
