// Package editdist measures how far apart two short strings are, for the
// "did you mean" suggestions of flag values, platforms and policy ids.
package editdist

// Distance returns the Levenshtein distance of a and b, byte by byte.
// Its cost is len(a)*len(b): callers bound the lengths of input they
// pass.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
