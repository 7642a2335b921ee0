package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
	"github.com/peel-oss/peel/internal/store"
)

func TestCountGrades(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			// The counts of the real grades are those of the table, cycle
			// by cycle.
			st, grades := gradesStore(t, b)
			want := map[string]map[string]int{}
			for _, g := range grades {
				if want[g.Framework] == nil {
					want[g.Framework] = map[string]int{}
				}
				want[g.Framework][g.Pillar+" "+g.Grade]++
			}
			for fw, counts := range want {
				got, err := st.CountGrades(ctx, fw)
				if err != nil {
					t.Fatal(err)
				}
				have := map[string]int{}
				for _, c := range got {
					if c.Question != 0 {
						t.Errorf("%s: a question count from grade-only assessments: %+v", fw, c)
					}
					have[c.Pillar+" "+c.Grade] += c.Count
				}
				if fmt.Sprint(have) != fmt.Sprint(counts) {
					t.Errorf("%s: counts %v, want %v", fw, have, counts)
				}
			}
		})
		t.Run("OnlyPublic", func(t *testing.T) {
			st := cycleStore(t, b)
			got, err := st.CountGrades(ctx, "sample-2030")
			if err != nil {
				t.Fatal(err)
			}
			// The published assessment and the one that has come due count;
			// the draft and the one scheduled for later do not.
			want := []store.GradeCount{
				{Pillar: "alpha", Grade: "strong", Count: 1},
				{Pillar: "alpha", Grade: "fair", Count: 1},
				{Pillar: "alpha", Question: 1, Grade: "strong", Count: 1},
				{Pillar: "alpha", Question: 2, Grade: "", Count: 1},
				{Pillar: "beta", Grade: "weak", Count: 1},
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("counts\n%v, want\n%v", got, want)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			st := sampleStore(t, b)
			_, err := st.CountGrades(ctx, "atlantis-2030")
			wantCode(t, err, peel.ENOTFOUND)
			_, _, err = st.FindCycleGrades(ctx, store.CycleFilter{Framework: "atlantis-2030"})
			wantCode(t, err, peel.ENOTFOUND)
		})
	})
}

func TestFindCycleGrades(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("Paged", func(t *testing.T) {
			// Every organisation assessed in the cycle is on exactly one
			// page, by region and then name, with its own grades.
			st, grades := gradesStore(t, b)
			want := map[string]string{}
			for _, g := range grades {
				if g.Framework == "peel-2016" {
					want[g.Organisation] += g.Pillar + "=" + g.Grade + " "
				}
			}
			var seen []string
			var last *peel.Organisation
			for offset := 0; ; offset += 10 {
				page, total, err := st.FindCycleGrades(ctx, store.CycleFilter{Framework: "peel-2016", Limit: 10, Offset: offset})
				if err != nil {
					t.Fatal(err)
				}
				if total != 43 {
					t.Fatalf("total %d, want 43", total)
				}
				if len(page) == 0 {
					break
				}
				for _, c := range page {
					o := c.Organisation
					if last != nil && (o.Region < last.Region || o.Region == last.Region && o.Name < last.Name) {
						t.Errorf("%s (%s) after %s (%s)", o.Name, o.Region, last.Name, last.Region)
					}
					last = o
					seen = append(seen, o.Slug)
					var have string
					for _, g := range c.Grades {
						have += g.Pillar + "=" + g.Grade + " "
					}
					if have != want[o.Slug] {
						t.Errorf("%s: grades %q, want %q", o.Slug, have, want[o.Slug])
					}
				}
			}
			slices.Sort(seen)
			if len(seen) != 43 || len(slices.Compact(seen)) != 43 {
				t.Errorf("%d organisations over the pages, %d of them different; want 43", len(seen), len(slices.Compact(seen)))
			}
		})
		t.Run("OnlyPublic", func(t *testing.T) {
			st := cycleStore(t, b)
			page, total, err := st.FindCycleGrades(ctx, store.CycleFilter{Framework: "sample-2030"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range page {
				for _, g := range c.Grades {
					got = append(got, fmt.Sprintf("%s %s %d %s", c.Organisation.Slug, g.Pillar, g.Question, g.Grade))
				}
			}
			want := []string{"other-force alpha 0 strong", "sample-force alpha 0 fair", "sample-force alpha 1 strong", "sample-force alpha 2 ", "sample-force beta 0 weak"}
			if total != 2 || strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("%d organisations, grades %q; want 2, %q", total, got, want)
			}
		})
	})
}

// gradesStore opens a store with the real published grades, which it
// returns too.
func gradesStore(tb testing.TB, b fixture.Backend) (*store.Store, []peel.GradedItem) {
	tb.Helper()
	st := b.Open(tb)
	grades, err := reference.Grades()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.ImportGradedItems(context.Background(), grades, false); err != nil {
		tb.Fatal(err)
	}
	return st, grades
}

// cycleStore holds the sample cycle: Sample Force's alpha (with its
// judgments) and beta published; a third force's alpha a draft and a
// fourth's scheduled for later, both with judgments; Other Sample Force's
// alpha scheduled and come due but not yet recorded as published.
func cycleStore(tb testing.TB, b fixture.Backend) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st := sampleStore(tb, b)
	more := []*peel.Organisation{
		{Slug: "draft-force", Name: "Draft Sample Force", ShortName: "Draft", Region: "Sample Region"},
		{Slug: "later-force", Name: "Later Sample Force", ShortName: "Later", Region: "Sample Region"},
	}
	if _, err := st.AddOrganisations(ctx, more); err != nil {
		tb.Fatal(err)
	}
	mustImport(tb, st, sampleAssessment("sample-force"), samplePillar())
	beta := &peel.Assessment{Organisation: "sample-force", Framework: "sample-2030", Pillar: "beta", Grade: "weak", Status: peel.StatusPublished}
	if _, err := st.ImportGrades(ctx, []*peel.Assessment{beta}, false); err != nil {
		tb.Fatal(err)
	}
	soon := time.Now().Add(300 * time.Millisecond)
	for _, d := range []struct {
		org   string
		grade string
		at    *time.Time
	}{{"draft-force", "poor", nil}, {"later-force", "poor", new(time.Now().Add(time.Hour))}, {"other-force", "strong", &soon}} {
		a := &peel.Assessment{Organisation: d.org, Framework: "sample-2030", Pillar: "alpha", Headline: "How well does the force do alpha things?"}
		if d.org != "other-force" {
			a = sampleAssessment(d.org) // with judgments, which must not count either
		}
		a.Grade, a.Status, a.PublishedAt = d.grade, peel.StatusDraft, nil
		mustImport(tb, st, a, samplePillar())
		if d.at != nil {
			if _, err := st.PublishAssessment(ctx, "sample-2030", d.org, "alpha", d.at); err != nil {
				tb.Fatal(err)
			}
		}
	}
	time.Sleep(time.Until(soon) + 100*time.Millisecond)
	return st
}
