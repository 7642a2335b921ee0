package check

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/peel-oss/peel/internal/peel"
)

// Sentences splits a paragraph after each full stop, question mark or
// exclamation mark (and any closing quote or bracket) that is followed by
// a space and a capital letter, a digit or an opening quote.
func Sentences(paragraph string) []string {
	var out []string
	runes := []rune(paragraph)
	start := 0
	for i := 0; i < len(runes); i++ {
		if !strings.ContainsRune(".!?", runes[i]) {
			continue
		}
		end := i + 1
		for end < len(runes) && strings.ContainsRune(`"'’”)`, runes[end]) {
			end++
		}
		next := end
		for next < len(runes) && unicode.IsSpace(runes[next]) {
			next++
		}
		if next == end || next == len(runes) {
			continue
		}
		if r := runes[next]; unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'‘“(`, r) {
			out = appendSentence(out, string(runes[start:end]))
			start, i = next, next-1
		}
	}
	return appendSentence(out, string(runes[start:]))
}

func appendSentence(out []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// fold makes a sentence comparable with folded labels: lower case, single
// spaces, straight apostrophes.
func fold(s string) string {
	return peel.Fold(strings.NewReplacer("’", "'", "‘", "'").Replace(s))
}

// statement is a grade a sentence states, at a place in its folded text.
type statement struct {
	at    int
	grade *peel.Grade
}

// A one-word label ("good", "outstanding") states a grade only in a
// grading construction, so that "makes good use of" or "an outstanding
// approach" state nothing:
//
//   - after a form of "be", "as", "remains" or a verb of grading ("is good",
//     "assessed as outstanding", "judged … to be inadequate"), with at most
//     one adverb between ("is consistently good"), and followed by "at",
//     "in", "overall", "for", "and", "or", "when", "since", "last",
//     "previously", punctuation or the sentence's end ("is good practice"
//     states nothing);
//   - before "at" ("outstanding at treating …"), unless after "not",
//     "less" or "least".
//
// A label of several words ("requires improvement") is distinctive enough
// to state its grade wherever the phrase stands. A negation ("is not
// good") states nothing.
const (
	gradingVerbs = `(?:is|are|be|been|being|was|were|as|remains|remain|rated|graded|judged|assessed)`
	adverb       = `(?:(?:[a-z]+ly|now|still|also|again)\s+)?`
	follower     = `(?:\s+(?:at|in|overall|for|and|or|when|since|last|previously)\b|\s*[,.;:!?)]|\s*$)`
)

// statements lists the grades of the scale that the sentence states, in
// the order they appear.
func statements(sentence string, scale []*peel.Grade) []statement {
	text := fold(sentence)
	var out []statement
	for _, g := range scale {
		label := regexp.QuoteMeta(peel.Fold(g.Label))
		var patterns []string
		if strings.Contains(label, " ") {
			patterns = []string{`\b(` + strings.ReplaceAll(label, " ", `\s+`) + `)\b`}
		} else {
			patterns = []string{
				`\b` + gradingVerbs + `\s+` + adverb + `(` + label + `)` + follower,
				`\b(?:(not|less|least)\s+)?(` + label + `)\s+at\b`,
			}
		}
		for _, p := range patterns {
			for _, m := range regexp.MustCompile(p).FindAllStringSubmatchIndex(text, -1) {
				if len(m) == 6 { // a negated "LABEL at"
					if m[2] >= 0 {
						continue
					}
					m = []int{m[0], m[1], m[4], m[5]}
				}
				out = append(out, statement{at: m[2], grade: g})
			}
		}
	}
	slices.SortFunc(out, func(x, y statement) int { return x.at - y.at })
	return slices.CompactFunc(out, func(x, y statement) bool { return x.at == y.at })
}

// previousWords are how a sentence speaks of the previous cycle.
const previousWords = `last year|previous year|(?:previous|last) (?:assessment|inspection|cycle|report)`

// previousMention reports whether the sentence speaks of the previous
// cycle, in the words above or by prev's name ("PEEL 2015") or cycle ("in
// 2015"), and where in its folded text the mention ends.
func previousMention(sentence string, prev *peel.Framework) (int, bool) {
	p := previousWords
	if prev != nil {
		p += `|` + regexp.QuoteMeta(peel.Fold(prev.Name())) + `|(?:in|since) (?:our |the )?` + regexp.QuoteMeta(peel.Fold(prev.Cycle))
	}
	m := regexp.MustCompile(`\b(?:` + p + `)\b`).FindStringIndex(fold(sentence))
	if m == nil {
		return 0, false
	}
	return m[1], true
}

// nearest is the grade stated about the mention that ends at at: the first
// stated after it ("consistent with last year's assessment, in which we
// judged the force to be outstanding"), or else the last before it ("was
// inadequate last year").
func nearest(sts []statement, at int) *peel.Grade {
	var before *peel.Grade
	for _, s := range sts {
		if s.at >= at {
			return s.grade
		}
		before = s.grade
	}
	return before
}
