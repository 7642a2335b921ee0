// Package check makes the editorial checks of an assessment: that its text
// states the grades recorded for it, that what it says of the previous
// cycle agrees with the grade stored for that cycle, and that a pillar
// grade far from its questions' grades comes with a rationale. It is pure
// logic: the caller hands it the assessment, the frameworks and a lookup of
// stored grades, so the command line and the editor can share it.
package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
)

// The checks' names, as findings give them.
const (
	StatedGrade   = "stated-grade"
	PreviousCycle = "previous-cycle"
	Rationale     = "rationale"
)

// Finding is one thing a check found.
type Finding struct {
	Check    string // StatedGrade, PreviousCycle or Rationale
	Message  string
	Sentence string // the sentence it is about, as written; "" when none
	Note     bool   // worth knowing, but not a failure
	Question int    // the question whose narrative it is about; 0 for the pillar's summary and grade
}

func (f Finding) String() string {
	s := f.Check + ": "
	if f.Note {
		s += "note: "
	}
	s += f.Message
	if f.Sentence != "" {
		s += fmt.Sprintf(": %q", f.Sentence)
	}
	return s
}

// Failed reports whether any finding is a failure rather than a note.
func Failed(findings []Finding) bool {
	return slices.ContainsFunc(findings, func(f Finding) bool { return !f.Note })
}

// Lookup returns the pillar grade stored for an assessment (a grade's
// slug, "" when it is ungraded), or false when none is stored.
type Lookup func(framework, organisation, pillar string) (grade string, ok bool)

// Assessment makes every check of a. fws are the frameworks (a's among
// them), grades looks up stored grades of other cycles, and rationale is
// the recorded reason for a pillar grade far from its questions' grades
// (the assessment's Rationale; "" when none is recorded).
func Assessment(a *peel.Assessment, fws []*peel.Framework, grades Lookup, rationale string) []Finding {
	i := slices.IndexFunc(fws, func(f *peel.Framework) bool { return f.Slug == a.Framework })
	if i < 0 {
		return []Finding{{Check: StatedGrade, Message: fmt.Sprintf("no framework %s", a.Framework)}}
	}
	fw := fws[i]
	var findings []Finding
	prev := Previous(fws, fw)
	findings = append(findings, CheckStatedGrades(a, fw, prev)...)
	findings = append(findings, CheckPreviousCycle(a, fw, prev, grades)...)
	findings = append(findings, CheckRationale(a, fw, rationale)...)
	return findings
}

// Previous returns the framework of the same programme that comes before fw
// in order of cycle (as the store lists them), or nil.
func Previous(fws []*peel.Framework, fw *peel.Framework) *peel.Framework {
	var same []*peel.Framework
	for _, f := range fws {
		if f.Programme == fw.Programme {
			same = append(same, f)
		}
	}
	slices.SortStableFunc(same, func(x, y *peel.Framework) int { return cmp.Compare(x.Cycle, y.Cycle) })
	i := slices.IndexFunc(same, func(f *peel.Framework) bool { return f.Slug == fw.Slug })
	if i <= 0 {
		return nil
	}
	return same[i-1]
}

// CheckStatedGrades checks the first sentence of the summary's first
// paragraph, and of each question's first paragraph, that states a grade:
// it must state the grade recorded for it (the pillar's for the summary,
// the question's for its narrative). Sentences about the previous cycle
// are left to CheckPreviousCycle; prev, the cycle before (or nil), helps
// to tell them.
func CheckStatedGrades(a *peel.Assessment, fw, prev *peel.Framework) []Finding {
	var findings []Finding
	check := func(paragraph, recorded, what string, question int) {
		s, stated := firstStatement(paragraph, fw, prev)
		if stated == nil || stated.Slug == recorded {
			return
		}
		want := "it is ungraded"
		if g := fw.Grade(recorded); g != nil {
			want = "its grade is " + g.Label
		}
		findings = append(findings, Finding{Check: StatedGrade, Sentence: s, Question: question,
			Message: fmt.Sprintf("%s states %s, but %s", what, stated.Label, want)})
	}
	if len(a.Summary) > 0 {
		check(a.Summary[0], a.Grade, "the summary", 0)
	}
	for _, j := range a.Judgments {
		if i := slices.IndexFunc(j.Body, func(b peel.Block) bool { return b.Paragraph != "" }); i >= 0 {
			check(j.Body[i].Paragraph, j.Grade, fmt.Sprintf("question %d", j.Number), j.Number)
		}
	}
	return findings
}

// firstStatement returns the paragraph's first sentence that states a
// grade, not counting sentences about the previous cycle, and the grade.
func firstStatement(paragraph string, fw, prev *peel.Framework) (string, *peel.Grade) {
	for _, s := range Sentences(paragraph) {
		if _, about := previousMention(s, prev); about {
			continue
		}
		if st := statements(s, fw.Scale); len(st) > 0 {
			return s, st[0].grade
		}
	}
	return "", nil
}

// CheckPreviousCycle checks each sentence of the summary that speaks of the
// previous cycle and states a grade: the grade must be the one stored for
// the same organisation and pillar (matched by name) in prev, the cycle
// before. When nothing is stored to compare with, it says so in a note,
// which is not a failure. Question narratives are not checked: questions
// change from cycle to cycle, and their grades are not matched across them.
func CheckPreviousCycle(a *peel.Assessment, fw, prev *peel.Framework, grades Lookup) []Finding {
	var findings []Finding
	for _, paragraph := range a.Summary {
		for _, s := range Sentences(paragraph) {
			at, about := previousMention(s, prev)
			if !about {
				continue
			}
			scale := fw.Scale
			if prev != nil {
				scale = prev.Scale
			}
			stated := nearest(statements(s, scale), at)
			if stated == nil {
				continue
			}
			note := func(format string, args ...any) {
				findings = append(findings, Finding{Check: PreviousCycle, Note: true, Sentence: s,
					Message: fmt.Sprintf(format, args...)})
			}
			if prev == nil {
				note("%s is the first cycle of %s, so there is no grade to compare with", fw.Name(), fw.Programme)
				continue
			}
			name := fw.PillarName(a.Pillar)
			p := prev.PillarByName(name)
			if p == nil {
				note("%s has no pillar %s to compare with", prev.Name(), name)
				continue
			}
			stored, ok := grades(prev.Slug, a.Organisation, p.Slug)
			g := prev.Grade(stored)
			if !ok || g == nil {
				note("no %s grade is stored for %s %s to compare with", prev.Name(), a.Organisation, p.Name)
				continue
			}
			if stated.Slug != g.Slug {
				findings = append(findings, Finding{Check: PreviousCycle, Sentence: s,
					Message: fmt.Sprintf("states %s for %s, but the grade stored for %s %s is %s", stated.Label, prev.Name(), a.Organisation, p.Name, g.Label)})
			}
		}
	}
	return findings
}

// CheckRationale fails when the pillar's grade is two or more steps along
// the scale from any of its questions' grades and no rationale is given.
func CheckRationale(a *peel.Assessment, fw *peel.Framework, rationale string) []Finding {
	pillar := gradeIndex(fw, a.Grade)
	if pillar < 0 || strings.TrimSpace(rationale) != "" {
		return nil
	}
	var far []string
	for _, j := range a.Judgments {
		if q := gradeIndex(fw, j.Grade); q >= 0 && max(q-pillar, pillar-q) >= 2 {
			far = append(far, fmt.Sprintf("question %d is %s", j.Number, fw.Scale[q].Label))
		}
	}
	if len(far) == 0 {
		return nil
	}
	return []Finding{{Check: Rationale, Message: fmt.Sprintf("the pillar is %s but %s, two or more steps apart: needs a recorded rationale",
		fw.Scale[pillar].Label, strings.Join(far, " and "))}}
}

// gradeIndex is the grade's place on the scale, best first, or -1.
func gradeIndex(fw *peel.Framework, slug string) int {
	return slices.IndexFunc(fw.Scale, func(g *peel.Grade) bool { return g.Slug == slug })
}
