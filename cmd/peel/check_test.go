package main

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	const path = "peel-2016/kent/legitimacy"

	t.Run("OK", func(t *testing.T) {
		db := newDatabase(t)
		run(t, "--database", db, "import", seedFile(t, "seed.txt")).want(t, 0)
		run(t, "--database", db, "import-grades", "--add-only", shippedGrades).want(t, 0)
		if r := run(t, "--database", db, "check", path).want(t, 0); r.stdout != "1 checked, 0 failed\n" {
			t.Errorf("peel check says:\n%s", r.stdout)
		}
		// With no path, every assessment stored: the seed and the shipped grades.
		if r := run(t, "--database", db, "check").want(t, 0); !strings.HasSuffix(r.stdout, " checked, 0 failed\n") || strings.Contains(r.stdout, ": ") {
			t.Errorf("peel check of everything says:\n%s", r.stdout)
		}
	})

	t.Run("PreviousNotStored", func(t *testing.T) {
		db := newDatabase(t)
		run(t, "--database", db, "import", seedFile(t, "seed.txt")).want(t, 0)
		r := run(t, "--database", db, "check", "/peel-assessments/"+path).want(t, 0)
		if want := path + `: previous-cycle: note: no PEEL 2015 grade is stored for kent Legitimacy to compare with: "` + seedSentence(t, "Our findings this year"); !strings.HasPrefix(r.stdout, want) {
			t.Errorf("peel check says:\n%s\nwant it to begin %s", r.stdout, want)
		}
	})

	// Variants of the seed, each failing one check.
	tests := []struct {
		name       string
		edit       func([]string) []string // a change to the seed page, if any
		grades2015 string                  // Kent's 2015 Legitimacy grade stored, if not the shipped one
		want       string
	}{
		{
			name: "StatedGrade",
			edit: setLine(seedGradeLine, "Good"),
			want: path + `: stated-grade: the summary states Outstanding, but its grade is Good: "` + seedSentence(t, "Kent Police has been assessed as") + `"`,
		},
		{
			name:       "PreviousCycle",
			grades2015: "Requires improvement",
			want:       path + `: previous-cycle: states Outstanding for PEEL 2015, but the grade stored for kent Legitimacy is Requires improvement: "Our findings this year`,
		},
		{
			name: "Rationale",
			edit: setLine(seedQ2GradeLine, "Inadequate"),
			want: path + `: rationale: the pillar is Outstanding but question 2 is Inadequate, two or more steps apart: needs a recorded rationale`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDatabase(t)
			page := seedFile(t, "seed.txt")
			if tt.edit != nil {
				page = writeFile(t, "variant.txt", seedVariant(t, tt.edit))
			}
			run(t, "--database", db, "import", page).want(t, 0)
			run(t, "--database", db, "import-grades", "--add-only", kentGrades(t)).want(t, 0)
			if tt.grades2015 != "" {
				table := writeFile(t, "grades.csv", []byte("force_slug,cycle,pillar,grade,source\nkent,2015,Legitimacy,"+tt.grades2015+",\n"))
				run(t, "--database", db, "import-grades", table).want(t, 0)
			}
			r := run(t, "--database", db, "check", path).want(t, 1)
			if !strings.Contains(r.stdout, tt.want) || !strings.HasSuffix(r.stdout, "1 checked, 1 failed\n") {
				t.Errorf("peel check says:\n%s\nwant:\n%s", r.stdout, tt.want)
			}
		})
	}

	// A draft of the previous cycle's page is not the grade the page
	// states: it is not compared with.
	t.Run("PreviousDraft", func(t *testing.T) {
		db := newDatabase(t)
		run(t, "--database", db, "import", seedFile(t, "seed.txt")).want(t, 0)
		draft2015 := seedVariant(t, func(lines []string) []string {
			lines[seedTitleLine-1] = strings.Replace(lines[seedTitleLine-1], "2016", "2015", 1)
			return setLine(seedGradeLine, "Good")(lines)
		})
		run(t, "--database", db, "import", "--draft", writeFile(t, "draft-2015.txt", draft2015)).want(t, 0)
		r := run(t, "--database", db, "check", path).want(t, 0)
		if !strings.Contains(r.stdout, "previous-cycle: note: no PEEL 2015 grade is stored") {
			t.Errorf("peel check compared the page with a draft of the previous cycle:\n%s", r.stdout)
		}
	})

	// The rationale recorded for the assessment answers the rationale check.
	t.Run("RationaleRecorded", func(t *testing.T) {
		db := newDatabase(t)
		run(t, "--database", db, "import", writeFile(t, "variant.txt", seedVariant(t, setLine(seedQ2GradeLine, "Inadequate")))).want(t, 0)
		run(t, "--database", db, "import-grades", "--add-only", kentGrades(t)).want(t, 0)
		st := openDatabase(t, db)
		ctx := context.Background()
		a, err := st.FindAssessment(ctx, "peel-2016", "kent", "legitimacy")
		if err != nil {
			t.Fatal(err)
		}
		fw, err := st.FindFrameworkBySlug(ctx, "peel-2016")
		if err != nil {
			t.Fatal(err)
		}
		a.Rationale = "A sample rationale: question 1 weighs most."
		if _, err := st.ImportAssessment(ctx, a, fw.Pillar("legitimacy")); err != nil {
			t.Fatal(err)
		}
		// (The variant's question 2 still states Good, which fails the
		// stated-grade check.)
		if r := run(t, "--database", db, "check", path).want(t, 1); strings.Contains(r.stdout, ": rationale:") || !strings.Contains(r.stdout, ": stated-grade:") {
			t.Errorf("peel check says:\n%s", r.stdout)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db := newDatabase(t)
		run(t, "--database", db, "import", seedFile(t, "seed.txt")).want(t, 0)
		r := run(t, "--database", db, "check", path, "peel-2016/kent/sample").want(t, 1)
		if !strings.Contains(r.stderr, "no assessment /peel-assessments/peel-2016/kent/sample") || !strings.HasSuffix(r.stdout, "1 checked, 0 failed\n") {
			t.Errorf("peel check says:\n%s%s", r.stdout, r.stderr)
		}
	})

	t.Run("ErrUsage", func(t *testing.T) {
		r := run(t, "--database", newDatabase(t), "check", "kent").want(t, 2)
		if !strings.Contains(r.stderr, `"kent" is not FRAMEWORK/ORGANISATION/PILLAR`) {
			t.Errorf("peel check kent says:\n%s", r.stderr)
		}
	})
}

// seedSentence returns the sentence of the seed page that begins with
// prefix, read from the page itself.
func seedSentence(tb testing.TB, prefix string) string {
	tb.Helper()
	for _, line := range seedLines(tb) {
		if i := strings.Index(line, prefix); i >= 0 {
			sentence := line[i:]
			if end := strings.Index(sentence, ". "); end >= 0 {
				sentence = sentence[:end+1]
			}
			return sentence
		}
	}
	tb.Fatalf("the seed page has no sentence beginning %q", prefix)
	return ""
}

// kentGrades writes the shipped grades of Kent alone, as a table to
// import: all the checks of Kent's page read. (Importing all 500 took ten
// seconds a test under the race detector.)
func kentGrades(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile(shippedGrades)
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	kent := lines[0]
	for _, line := range lines[1:] {
		if strings.HasPrefix(line, "kent\t") {
			kent += line
		}
	}
	if !strings.Contains(kent, "\t2015\tLegitimacy\t") {
		tb.Fatal("the shipped grades have no PEEL 2015 legitimacy grade for Kent")
	}
	return writeFile(tb, "kent-grades.tsv", []byte(kent))
}
