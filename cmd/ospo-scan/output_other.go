//go:build !unix

package main

import (
	"io/fs"
	"os"
)

// hardLinks returns 1: other systems' link counts are not looked at.
func hardLinks(fs.FileInfo) uint64 { return 1 }

// keepOwner does nothing: ownership is not carried over here.
func keepOwner(*os.File, fs.FileInfo) {}

// processAlive reports true: stale temporary files are not cleaned here.
func processAlive(int) bool { return true }

// fileKey returns "": files are not told apart by identity here.
func fileKey(fs.FileInfo) string { return "" }
