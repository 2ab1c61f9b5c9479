package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/template"

	"github.com/ospo-scan/ospo-scan/internal/model"
	"github.com/ospo-scan/ospo-scan/report"
	"github.com/ospo-scan/ospo-scan/scanner"
)

// maxTemplateSize bounds a --notice-template file.
const maxTemplateSize = 1 << 20

// readNoticeFile reads a module's license or NOTICE file for the notices,
// with the detector's rules: no symlink out of the module, regular files
// of at most 1 MiB, UTF-8 or UTF-16 text.
func readNoticeFile(m *model.Module, rel string) ([]byte, error) {
	return scanner.ReadLicenseFile(m.Dir, filepath.Join(m.Dir, filepath.FromSlash(rel)))
}

// noticeTemplate is --notice-template: the file and, once loaded, the
// parsed template.
type noticeTemplate struct {
	path string // relative to -C
	arg  string // as given, for messages
	t    *template.Template
}

// load reads and parses the --notice-template file, if any, before the
// scan, so that a broken template fails fast with its line. notice is the
// --notice file it is for.
func (nt *noticeTemplate) load(notice string) error {
	if nt.path == "" {
		return nil
	}
	if notice == "" {
		return usageErrorf("--notice-template %s: name the notices file to write with --notice FILE", displayToken(nt.arg))
	}
	t, err := loadNoticeTemplate(nt.path, nt.arg)
	nt.t = t
	return err
}

// loadNoticeTemplate reads and parses a notice template file.
func loadNoticeTemplate(path, display string) (*template.Template, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, usageErrorf("--notice-template %s: %v", displayToken(display), errors.Unwrap(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, usageErrorf("--notice-template %s: not a regular file", displayToken(display))
	}
	if fi.Size() > maxTemplateSize {
		return nil, usageErrorf("--notice-template %s: %d bytes, more than the %d a template may have", displayToken(display), fi.Size(), maxTemplateSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("--notice-template %s: %v", displayToken(display), errors.Unwrap(err))
	}
	t, err := report.ParseNoticeTemplate(display, string(data))
	if err != nil {
		return nil, usageErrorf("--notice-template: %v (see docs/notices.md for the data model)", err)
	}
	return t, nil
}

// maxNoticeSize bounds the notices a --notice-template may write: a
// template that writes without end fails past it, instead of exhausting
// memory (the output is kept until every output is ready).
const maxNoticeSize = 256 << 20

// renderNotice renders the notices of doc, with the template of
// --notice-template when one was given.
func renderNotice(ctx context.Context, doc *model.Document, t *template.Template) ([]byte, error) {
	return renderNoticeLimit(ctx, doc, t, maxNoticeSize)
}

// renderNoticeLimit is renderNotice with a template's output bounded to
// limit bytes. A template that loops without end stops when ctx is done
// (Ctrl-C): it returns ctx's cause, leaving the template to the process's
// exit.
func renderNoticeLimit(ctx context.Context, doc *model.Document, t *template.Template, limit int64) ([]byte, error) {
	data, err := render(func(w io.Writer) error {
		if t == nil {
			return report.WriteNotice(w, doc, readNoticeFile)
		}
		done := make(chan error, 1)
		var buf bytes.Buffer
		go func() {
			done <- report.WriteNoticeTemplate(&cappedWriter{w: &buf, left: limit}, doc, readNoticeFile, t)
		}()
		select {
		case err := <-done:
			if err != nil {
				return err
			}
			_, err = w.Write(buf.Bytes())
			return err
		case <-ctx.Done():
			return interrupted{context.Cause(ctx)}
		}
	})
	var in interrupted
	if errors.As(err, &in) {
		return nil, in.cause
	}
	if err != nil && t != nil {
		return nil, usageErrorf("--notice-template: %v (see docs/notices.md for the data model)", err)
	}
	if err != nil {
		return nil, fmt.Errorf("--notice: %w", err)
	}
	return data, nil
}

// interrupted carries the cause of an interruption through render.
type interrupted struct{ cause error }

func (i interrupted) Error() string { return i.cause.Error() }

// cappedWriter fails a write past its limit.
type cappedWriter struct {
	w     io.Writer
	left  int64
	limit int64
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if c.limit == 0 {
		c.limit = c.left
	}
	if int64(len(p)) > c.left {
		return 0, fmt.Errorf("the template wrote more than %d bytes; does it loop?", c.limit)
	}
	c.left -= int64(len(p))
	return c.w.Write(p)
}
