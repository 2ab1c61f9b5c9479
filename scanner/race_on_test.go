//go:build race

package scanner

// raceEnabled: the race detector slows code unevenly; timing tests skip.
const raceEnabled = true
