package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func TestReferenceFrameworks(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		fws, err := b.Open(t).FindFrameworks(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var slugs []string
		for _, fw := range fws {
			slugs = append(slugs, fw.Slug)
		}
		if want := []string{"peel-2014", "peel-2015", "peel-2016", "peel-2017", "peel-2018"}; !slices.Equal(slugs, want) {
			t.Fatalf("reference frameworks %v, want %v", slugs, want)
		}
		wantSlugs := []string{"outstanding", "good", "requires-improvement", "inadequate"}
		wantLabels := []string{"Outstanding", "Good", "Requires improvement", "Inadequate"}
		for _, fw := range fws {
			var got []string
			for _, g := range fw.Scale {
				got = append(got, g.Slug)
			}
			if !slices.Equal(got, wantSlugs) {
				t.Errorf("%s: scale %v, want %v", fw.Slug, got, wantSlugs)
			}
			if got := fw.GradeLabels(); !slices.Equal(got, wantLabels) {
				t.Errorf("%s: labels %v, want %v", fw.Slug, got, wantLabels)
			}
			if fw.Programme != "PEEL" || fw.Pillar("legitimacy") == nil {
				t.Errorf("%s: %s with pillars %v, want a PEEL cycle with a legitimacy pillar", fw.Slug, fw.Name(), fw.Pillars)
			}
		}
		if name := fws[4].Name(); name != "PEEL 2018/19" {
			t.Errorf("peel-2018 is called %q, want PEEL 2018/19", name)
		}
	})
}

func TestSaveFramework(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := openStore(t, b)
			fw := sampleFramework()
			outcome, err := st.SaveFramework(ctx, fw)
			if err != nil {
				t.Fatal(err)
			} else if outcome != store.Created {
				t.Fatalf("first save: %s, want created", outcome)
			}
			// The caller's framework gets the stored IDs, so it and the stored one
			// read the same.
			wantFramework(t, mustFindFramework(t, st, "sample-2030"), fw)

			outcome, err = st.SaveFramework(ctx, sampleFramework())
			if err != nil {
				t.Fatal(err)
			} else if outcome != store.Unchanged {
				t.Fatalf("saving the same again: %s, want unchanged", outcome)
			}
			wantFramework(t, mustFindFramework(t, st, "sample-2030"), fw)
		})

		t.Run("Update", func(t *testing.T) {
			st := openStore(t, b)
			before := sampleFramework()
			mustSaveFramework(t, st, before)

			// Reorder and relabel the scale and drop an unused grade; change a
			// question's words and drop an unused one; drop an unused pillar and
			// add one.
			upd := sampleFramework()
			upd.Cycle = "2030/31"
			upd.Scale = []*peel.Grade{
				{Slug: "fair", Label: "Fair enough", Colour: "blue"},
				{Slug: "strong", Label: "Strong", Colour: "green"},
				{Slug: "weak", Label: "Weak", Colour: "orange"},
			}
			alpha := upd.Pillars[0]
			alpha.Name, alpha.Headline = "Alpha things", "How well does the force do all alpha things?"
			alpha.Questions = alpha.Questions[:1]
			alpha.Questions[0].Text = "How well does the force plan its alpha things?"
			upd.Pillars = []*peel.Pillar{
				{Slug: "gamma", Name: "Gamma", Questions: []*peel.Question{{Number: 1, Text: "How well does the force do gamma things?"}}},
				alpha,
			}
			outcome, err := st.SaveFramework(ctx, upd)
			if err != nil {
				t.Fatal(err)
			} else if outcome != store.Updated {
				t.Fatalf("update: %s, want updated", outcome)
			}
			got := mustFindFramework(t, st, "sample-2030")
			wantFramework(t, got, upd)
			if got.ID != before.ID || got.Grade("strong").ID != before.Grade("strong").ID ||
				got.Pillar("alpha").ID != before.Pillar("alpha").ID || got.Pillar("alpha").Question(1).ID != before.Pillar("alpha").Question(1).ID {
				t.Fatal("update replaced rows it kept, want their IDs unchanged")
			}
		})

		t.Run("ErrConflict", func(t *testing.T) {
			// Each change drops something a stored assessment uses, along with
			// changes that would be fine alone: none of them may be kept.
			for _, tt := range []struct {
				name   string
				change func(fw *peel.Framework)
			}{
				{"GradeOfPillar", func(fw *peel.Framework) { fw.Scale = slices.DeleteFunc(fw.Scale, isGrade("fair")) }},
				{"GradeOfQuestion", func(fw *peel.Framework) { fw.Scale = slices.DeleteFunc(fw.Scale, isGrade("strong")) }},
				{"Pillar", func(fw *peel.Framework) { fw.Pillars = fw.Pillars[1:] }},
				{"Question", func(fw *peel.Framework) { fw.Pillars[0].Questions = fw.Pillars[0].Questions[:1] }},
			} {
				t.Run(tt.name, func(t *testing.T) {
					st := sampleStore(t, b)
					mustImport(t, st, sampleAssessment("sample-force"), samplePillar())
					before := mustFindFramework(t, st, "sample-2030")
					stored, err := st.FindAssessment(ctx, "sample-2030", "sample-force", "alpha")
					if err != nil {
						t.Fatal(err)
					}

					upd := sampleFramework()
					upd.Cycle = "2030/31"
					upd.Scale[2].Label = "Rather weak"
					upd.Pillars[0].Headline = "A new headline"
					upd.Pillars[0].Questions[0].Text = "A new question"
					upd.Pillars = append(upd.Pillars, &peel.Pillar{Slug: "gamma", Name: "Gamma"})
					tt.change(upd)
					_, err = st.SaveFramework(ctx, upd)
					wantCode(t, err, peel.ECONFLICT)

					wantFramework(t, mustFindFramework(t, st, "sample-2030"), before)
					after, err := st.FindAssessment(ctx, "sample-2030", "sample-force", "alpha")
					if err != nil {
						t.Fatal(err)
					}
					wantAssessment(t, after, stored)
				})
			}
		})

		t.Run("ErrConflict/SameCycle", func(t *testing.T) {
			st := openStore(t, b)
			mustSaveFramework(t, st, sampleFramework())

			copied := sampleFramework()
			copied.Slug = "sample-2030-copy"
			_, err := st.SaveFramework(ctx, copied)
			wantCode(t, err, peel.ECONFLICT)
			_, err = st.FindFrameworkBySlug(ctx, "sample-2030-copy")
			wantCode(t, err, peel.ENOTFOUND)

			// Renaming another framework's cycle onto it conflicts too.
			next := sampleFramework()
			next.Slug, next.Cycle = "sample-2031", "2031"
			mustSaveFramework(t, st, next)
			before := mustFindFramework(t, st, "sample-2031")
			moved := sampleFramework()
			moved.Slug = "sample-2031"
			_, err = st.SaveFramework(ctx, moved)
			wantCode(t, err, peel.ECONFLICT)
			wantFramework(t, mustFindFramework(t, st, "sample-2031"), before)
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			for _, tt := range []struct {
				name   string
				change func(fw *peel.Framework)
			}{
				{"BadSlug", func(fw *peel.Framework) { fw.Slug = "Sample 2030" }},
				{"NoProgramme", func(fw *peel.Framework) { fw.Programme = " " }},
				{"NoCycle", func(fw *peel.Framework) { fw.Cycle = "" }},
				{"EmptyScale", func(fw *peel.Framework) { fw.Scale = nil }},
				{"BadGradeSlug", func(fw *peel.Framework) { fw.Scale[0].Slug = "Strong" }},
				{"NoGradeLabel", func(fw *peel.Framework) { fw.Scale[0].Label = "" }},
				{"UngradedOnScale", func(fw *peel.Framework) { fw.Scale[3] = &peel.Grade{Slug: "ungraded", Label: "Ungraded"} }},
				{"BadColour", func(fw *peel.Framework) { fw.Scale[0].Colour = "sample-pink" }},
				{"SameGradeTwice", func(fw *peel.Framework) { fw.Scale[1].Slug = "strong" }},
				{"SameLabelTwice", func(fw *peel.Framework) { fw.Scale[1].Label = "STRONG" }},
				{"BadPillarSlug", func(fw *peel.Framework) { fw.Pillars[0].Slug = "alpha pillar" }},
				{"NoPillarName", func(fw *peel.Framework) { fw.Pillars[0].Name = "" }},
				{"SamePillarTwice", func(fw *peel.Framework) { fw.Pillars[1].Slug = "alpha" }},
				{"QuestionsOutOfOrder", func(fw *peel.Framework) { fw.Pillars[0].Questions[1].Number = 3 }},
				{"NoQuestionText", func(fw *peel.Framework) { fw.Pillars[0].Questions[0].Text = " " }},
			} {
				t.Run(tt.name, func(t *testing.T) {
					st := openStore(t, b)
					fw := sampleFramework()
					tt.change(fw)
					_, err := st.SaveFramework(ctx, fw)
					wantCode(t, err, peel.EINVALID)
					if fws, err := st.FindFrameworks(ctx); err != nil {
						t.Fatal(err)
					} else if len(fws) != 0 {
						t.Fatalf("%d frameworks stored after an invalid save, want 0", len(fws))
					}

					// An invalid update leaves the stored framework as it was.
					before := sampleFramework()
					mustSaveFramework(t, st, before)
					upd := sampleFramework()
					tt.change(upd)
					if upd.Slug != before.Slug {
						return // not an update of a stored framework
					}
					_, err = st.SaveFramework(ctx, upd)
					wantCode(t, err, peel.EINVALID)
					wantFramework(t, mustFindFramework(t, st, before.Slug), before)
				})
			}
		})
	})
}

func TestFindFrameworkBySlug(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)

		t.Run("OK", func(t *testing.T) {
			want := sampleFramework()
			got := mustFindFramework(t, st, want.Slug)
			if describeFramework(got, false) != describeFramework(want, false) {
				t.Fatalf("got\n%s\nwant\n%s", describeFramework(got, false), describeFramework(want, false))
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			for _, slug := range []string{"sample-nowhere", "SAMPLE-2030", ""} {
				fw, err := st.FindFrameworkBySlug(ctx, slug)
				if fw != nil {
					t.Errorf("slug %q: got %s, want none", slug, fw.Slug)
				}
				if peel.ErrorCode(err) != peel.ENOTFOUND {
					t.Errorf("slug %q: error %v, want code %q", slug, err, peel.ENOTFOUND)
				}
			}
		})
	})
}

func isGrade(slug string) func(*peel.Grade) bool {
	return func(g *peel.Grade) bool { return g.Slug == slug }
}

// wantFramework fails the test unless got and want agree in every field,
// IDs included.
func wantFramework(tb testing.TB, got, want *peel.Framework) {
	tb.Helper()
	if g, w := describeFramework(got, true), describeFramework(want, true); g != w {
		tb.Fatalf("framework\n%s\nwant\n%s", g, w)
	}
}

// describeFramework writes a framework out a line a part, for comparing and
// for failure messages that show what differs.
func describeFramework(fw *peel.Framework, ids bool) string {
	var b strings.Builder
	id := func(n int64) string {
		if ids {
			return fmt.Sprintf("#%d ", n)
		}
		return ""
	}
	fmt.Fprintf(&b, "%sframework %s: %q %q\n", id(fw.ID), fw.Slug, fw.Programme, fw.Cycle)
	for _, g := range fw.Scale {
		fmt.Fprintf(&b, "  %sgrade %s: %q %q\n", id(g.ID), g.Slug, g.Label, g.Colour)
	}
	for _, p := range fw.Pillars {
		fmt.Fprintf(&b, "  %spillar %s: %q %q\n", id(p.ID), p.Slug, p.Name, p.Headline)
		for _, q := range p.Questions {
			fmt.Fprintf(&b, "    %squestion %d: %q\n", id(q.ID), q.Number, q.Text)
		}
	}
	return b.String()
}
