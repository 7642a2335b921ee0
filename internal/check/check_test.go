package check_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/check"
	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
)

// frameworks returns the PEEL cycles peel ships.
func frameworks(tb testing.TB) []*peel.Framework {
	tb.Helper()
	fws, err := reference.Frameworks()
	if err != nil {
		tb.Fatal(err)
	}
	return fws
}

func framework(tb testing.TB, slug string) *peel.Framework {
	tb.Helper()
	i := slices.IndexFunc(frameworks(tb), func(f *peel.Framework) bool { return f.Slug == slug })
	if i < 0 {
		tb.Fatalf("no framework %s", slug)
	}
	return frameworks(tb)[i]
}

// seed returns the seed page as the importer reads it.
func seed(tb testing.TB) *peel.Assessment {
	tb.Helper()
	page, err := importer.ParsePage("seed.txt", fixture.Seed(tb))
	if err != nil {
		tb.Fatal(err)
	}
	orgs, err := reference.Forces()
	if err != nil {
		tb.Fatal(err)
	}
	a, _, _, err := page.Resolve("seed.txt", importer.Catalogue{Frameworks: frameworks(tb), Organisations: orgs}, peel.StatusPublished)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// shipped looks grades up in the published pillar grades peel ships.
func shipped(tb testing.TB) check.Lookup {
	tb.Helper()
	items, err := reference.Grades()
	if err != nil {
		tb.Fatal(err)
	}
	grades := map[string]string{}
	for _, g := range items {
		if g.Question == 0 {
			grades[g.Path()] = g.Grade
		}
	}
	return lookup(grades)
}

// lookup looks grades up in a map from an assessment's path to its grade.
func lookup(grades map[string]string) check.Lookup {
	return func(framework, organisation, pillar string) (string, bool) {
		g, ok := grades[peel.AssessmentPath(framework, organisation, pillar)]
		return g, ok
	}
}

// only keeps the findings of one check.
func only(findings []check.Finding, name string) []check.Finding {
	return slices.DeleteFunc(slices.Clone(findings), func(f check.Finding) bool { return f.Check != name })
}

func TestSeed(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		if got := check.Assessment(seed(t), frameworks(t), shipped(t), ""); len(got) != 0 {
			t.Errorf("the seed page fails its checks: %v", got)
		}
	})

	// Variants of the seed, each made to fail one check.
	tests := []struct {
		name   string
		change func(a *peel.Assessment)
		grades check.Lookup // nil for the shipped grades
		check  string
		want   string // in the finding's text
		note   bool
	}{
		{
			name:   "PillarGradeChanged",
			change: func(a *peel.Assessment) { a.Grade = "good" },
			check:  check.StatedGrade,
			want:   `the summary states Outstanding, but its grade is Good: "Kent Police has been assessed as outstanding in respect of`,
		},
		{
			name:   "QuestionGradeChanged",
			change: func(a *peel.Assessment) { a.Judgments[1].Grade = "requires-improvement" },
			check:  check.StatedGrade,
			want:   `question 2 states Good, but its grade is Requires improvement: "Kent Police is good at ensuring`,
		},
		{
			name:   "QuestionUngraded",
			change: func(a *peel.Assessment) { a.Judgments[0].Grade = "" },
			check:  check.StatedGrade,
			want:   `question 1 states Outstanding, but it is ungraded`,
		},
		{
			name: "SummaryRewritten",
			change: func(a *peel.Assessment) {
				a.Summary[0] = strings.Replace(a.Summary[0], "assessed as outstanding", "assessed as good", 1)
			},
			check: check.StatedGrade,
			want:  `the summary states Good, but its grade is Outstanding`,
		},
		{
			name:   "PreviousGradeDiffers",
			grades: lookup(map[string]string{"/peel-assessments/peel-2015/kent/legitimacy": "good"}),
			check:  check.PreviousCycle,
			want:   `states Outstanding for PEEL 2015, but the grade stored for kent Legitimacy is Good: "Our findings this year are consistent with last year’s assessment`,
		},
		{
			name: "PreviousSentenceRewritten",
			change: func(a *peel.Assessment) {
				a.Summary[0] = strings.Replace(a.Summary[0], "judged the force to be outstanding", "judged the force to be inadequate", 1)
			},
			check: check.PreviousCycle,
			want:  `states Inadequate for PEEL 2015, but the grade stored for kent Legitimacy is Outstanding`,
		},
		{
			name:   "PreviousGradeNotStored",
			grades: lookup(nil),
			check:  check.PreviousCycle,
			want:   `note: no PEEL 2015 grade is stored for kent Legitimacy to compare with: "Our findings this year`,
			note:   true,
		},
		{
			name: "FarQuestion",
			change: func(a *peel.Assessment) {
				a.Judgments[1].Grade = "inadequate"
			},
			check: check.Rationale,
			want:  "the pillar is Outstanding but question 2 is Inadequate, two or more steps apart: needs a recorded rationale",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := seed(t)
			if tt.change != nil {
				tt.change(a)
			}
			grades := tt.grades
			if grades == nil {
				grades = shipped(t)
			}
			findings := check.Assessment(a, frameworks(t), grades, "")
			got := only(findings, tt.check)
			if len(got) != 1 || !strings.Contains(got[0].String(), tt.want) {
				t.Fatalf("%s findings: %q\nwant one with %q", tt.check, got, tt.want)
			}
			if check.Failed(findings) == tt.note {
				t.Errorf("Failed = %v, want %v", tt.note, !tt.note)
			}
		})
	}
}

func TestStatements(t *testing.T) {
	// Sample sentences, not from any published page.
	fw := framework(t, "peel-2016")
	five := &peel.Framework{Slug: "sample-five", Programme: "Sample", Cycle: "1"}
	for _, label := range []string{"Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"} {
		five.Scale = append(five.Scale, &peel.Grade{Slug: peel.Slugify(label), Label: label})
	}
	tests := []struct {
		sentence string
		fw       *peel.Framework
		want     string // the first grade stated; "" for none
	}{
		{"Sampleshire Police is good at keeping people safe.", fw, "good"},
		{"The force has been assessed as outstanding in respect of its efficiency.", fw, "outstanding"},
		{"The force requires improvement in the way it protects vulnerable people.", fw, "requires-improvement"},
		{"The force REQUIRES  IMPROVEMENT.", fw, "requires-improvement"},
		{"The force is inadequate at investigating crime.", fw, "inadequate"},
		{"The force is consistently good at listening to the public.", fw, "good"},
		{"The force remains good.", fw, "good"},
		{"We judged the force to be outstanding overall.", fw, "outstanding"},
		{"Outstanding at engaging with its communities, the force leads the region.", fw, "outstanding"},
		// "good" in other phrases states no grade.
		{"The force makes good use of feedback from the public.", fw, ""},
		{"Sampleshire has an outstanding approach to wellbeing.", fw, ""},
		{"Its use of stop and search is good practice.", fw, ""},
		{"The force is a good example to others.", fw, ""},
		{"Results are as good as those of similar forces.", fw, ""},
		{"The force is not good at recording crime.", fw, ""},
		{"Goodwill is high in the force.", fw, ""},
		{"It holds public meetings and works with advisory groups.", fw, ""},
		// The first statement wins.
		{"The force requires improvement to be good.", fw, "requires-improvement"},
		{"Sampleshire is good at answering calls, but its investigations are inadequate.", fw, "good"},
		// "adequate" is a grade only on a scale that has it, and never inside "inadequate".
		{"The force is adequate at preventing crime.", five, "adequate"},
		{"The force is inadequate at preventing crime.", five, "inadequate"},
		{"The force is adequate at preventing crime.", fw, ""},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			a := &peel.Assessment{Framework: tt.fw.Slug, Grade: "none", Summary: []string{tt.sentence}}
			got := check.CheckStatedGrades(a, tt.fw, nil)
			switch {
			case tt.want == "" && len(got) != 0:
				t.Errorf("found a grade stated: %v", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0].Message, "states "+tt.fw.Grade(tt.want).Label+",")):
				t.Errorf("findings %v, want one stating %s", got, tt.want)
			}
			// Stated with the grade recorded, it passes.
			a.Grade = tt.want
			if got := check.CheckStatedGrades(a, tt.fw, nil); len(got) != 0 {
				t.Errorf("with the grade recorded: %v", got)
			}
		})
	}
}

func TestStatedGradeFirstSentence(t *testing.T) {
	fw := framework(t, "peel-2016")
	tests := []struct {
		name      string
		paragraph string
		fails     bool
	}{
		{"LaterSentencesIgnored", "Sampleshire Police is good at keeping people safe. Its call handling is outstanding.", false},
		{"FirstStatingSentence", "Sampleshire Police serves a large county. It is outstanding at keeping people safe.", true},
		{"PreviousCycleSkipped", "Last year we judged the force to be outstanding. This year it is good at keeping people safe.", false},
		{"OnlyFirstParagraph", "Sampleshire Police serves a large county.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &peel.Assessment{Framework: fw.Slug, Grade: "good", Summary: []string{tt.paragraph, "The force is inadequate."},
				Judgments: []*peel.Judgment{{Number: 1, Grade: "good", Body: []peel.Block{{Link: &peel.Link{Title: "A link"}}, {Paragraph: tt.paragraph}}}}}
			got := check.CheckStatedGrades(a, fw, nil)
			if want := map[bool]int{true: 2, false: 0}[tt.fails]; len(got) != want {
				t.Errorf("%d findings, want %d: %v", len(got), want, got)
			}
		})
	}
}

func TestPreviousCycle(t *testing.T) {
	fw, prev := framework(t, "peel-2016"), framework(t, "peel-2015")
	grades := lookup(map[string]string{
		"/peel-assessments/peel-2015/sampleshire/legitimacy": "good",
		"/peel-assessments/peel-2015/sampleshire/efficiency": "",
	})
	tests := []struct {
		name     string
		pillar   string
		sentence string
		want     string // "" pass, "fail" or "note"
	}{
		{"Agrees", "legitimacy", "This is consistent with last year's assessment, in which we judged the force to be good.", ""},
		{"Differs", "legitimacy", "This is consistent with last year’s assessment, in which we judged the force to be outstanding.", "fail"},
		{"BeforeMention", "legitimacy", "The force is now good, having been inadequate last year.", "fail"},
		{"BeforeMentionAgrees", "legitimacy", "The force is now outstanding, having been good last year.", ""},
		{"ByName", "legitimacy", "In PEEL 2015 the force was judged to be inadequate.", "fail"},
		{"ByCycle", "legitimacy", "In 2015, we assessed the force as requires improvement.", "fail"},
		{"NoGradeStated", "legitimacy", "The force has acted on last year's recommendations.", ""},
		{"NotAboutPrevious", "legitimacy", "The force is outstanding at treating people fairly.", ""},
		{"Ungraded", "efficiency", "Last year we judged the force to be good.", "note"},
		{"NotStored", "effectiveness", "Last year we judged the force to be good.", "note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &peel.Assessment{Framework: fw.Slug, Organisation: "sampleshire", Pillar: tt.pillar, Summary: []string{"Opening sentence. " + tt.sentence}}
			got := check.CheckPreviousCycle(a, fw, prev, grades)
			switch {
			case tt.want == "" && len(got) != 0:
				t.Errorf("findings %v, want none", got)
			case tt.want != "" && len(got) != 1:
				t.Errorf("findings %v, want one", got)
			case tt.want != "" && got[0].Note != (tt.want == "note"):
				t.Errorf("finding %v: note %v, want %s", got[0], got[0].Note, tt.want)
			case tt.want != "" && got[0].Sentence != tt.sentence:
				t.Errorf("finding quotes %q, want %q", got[0].Sentence, tt.sentence)
			}
		})
	}

	t.Run("FirstCycle", func(t *testing.T) {
		first := framework(t, "peel-2014")
		if p := check.Previous(frameworks(t), first); p != nil {
			t.Fatalf("Previous(peel-2014) = %s, want none", p.Slug)
		}
		a := &peel.Assessment{Framework: first.Slug, Organisation: "sampleshire", Pillar: "efficiency", Summary: []string{"Last year it was good."}}
		got := check.CheckPreviousCycle(a, first, nil, grades)
		if len(got) != 1 || !got[0].Note {
			t.Errorf("findings %v, want one note", got)
		}
	})

	t.Run("Previous", func(t *testing.T) {
		fws := frameworks(t)
		slices.Reverse(fws)
		if p := check.Previous(fws, fw); p == nil || p.Slug != "peel-2015" {
			t.Errorf("Previous(peel-2016) = %v, want peel-2015", p)
		}
	})
}

func TestRationale(t *testing.T) {
	fw := framework(t, "peel-2016")
	tests := []struct {
		name      string
		pillar    string
		questions []string
		rationale string
		fails     bool
	}{
		{"OneStep", "outstanding", []string{"outstanding", "good"}, "", false},
		{"TwoSteps", "outstanding", []string{"good", "requires-improvement"}, "", true},
		{"ThreeSteps", "outstanding", []string{"inadequate"}, "", true},
		{"Upwards", "inadequate", []string{"good", "inadequate"}, "", true},
		{"WithRationale", "outstanding", []string{"inadequate"}, "Sample rationale: the question's failings are confined to one unit.", false},
		{"BlankRationale", "outstanding", []string{"inadequate"}, "  ", true},
		{"PillarUngraded", "", []string{"outstanding", "inadequate"}, "", false},
		{"QuestionUngraded", "outstanding", []string{"", "good"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &peel.Assessment{Framework: fw.Slug, Grade: tt.pillar}
			for i, g := range tt.questions {
				a.Judgments = append(a.Judgments, &peel.Judgment{Number: i + 1, Grade: g})
			}
			got := check.CheckRationale(a, fw, tt.rationale)
			if tt.fails != (len(got) == 1) || len(got) > 1 {
				t.Errorf("findings %v, want failing %v", got, tt.fails)
			}
			if tt.fails && len(got) == 1 && !strings.HasSuffix(got[0].Message, "needs a recorded rationale") {
				t.Errorf("message %q", got[0].Message)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		paragraph string
		want      []string
	}{
		{"One. Two? Three!", []string{"One.", "Two?", "Three!"}},
		{"It said ‘Ask the chief.’ Then it acted.", []string{"It said ‘Ask the chief.’", "Then it acted."}},
		{"Rates fell by 2.5 percent. In 2017, more.", []string{"Rates fell by 2.5 percent.", "In 2017, more."}},
		{"e.g. this stays whole.", []string{"e.g. this stays whole."}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := check.Sentences(tt.paragraph); !slices.Equal(got, tt.want) {
			t.Errorf("Sentences(%q) = %q, want %q", tt.paragraph, got, tt.want)
		}
	}
}
