package store_test

import (
	"context"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func TestImportGrades(t *testing.T) {
	ctx := context.Background()
	grade := func(org, pillar, slug string) *peel.Assessment {
		return &peel.Assessment{Organisation: org, Framework: "peel-2016", Pillar: pillar, Grade: slug, Status: peel.StatusPublished, Source: "https://sample.example/" + org}
	}
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := b.Open(t)
			res, err := st.ImportGrades(ctx, []*peel.Assessment{grade("durham", "efficiency", "good"), grade("essex", "efficiency", "")}, false)
			if err != nil || res != (store.GradesResult{Created: 2}) {
				t.Fatalf("%+v, %v; want 2 created", res, err)
			}
			a, err := st.FindAssessment(ctx, "peel-2016", "essex", "efficiency")
			if err != nil || a.Grade != "" || !a.GradeOnly() || a.Status != peel.StatusPublished || a.Source != "https://sample.example/essex" {
				t.Errorf("a grade-only assessment not graded: %+v, %v", a, err)
			}
			res, err = st.ImportGrades(ctx, []*peel.Assessment{grade("durham", "efficiency", "good"), grade("essex", "efficiency", "inadequate")}, false)
			if err != nil || res != (store.GradesResult{Updated: 1, Unchanged: 1}) {
				t.Errorf("again with one grade changed: %+v, %v", res, err)
			}
		})
		t.Run("OneWithThePage", func(t *testing.T) {
			// A grade and a full page for the same force, cycle and pillar
			// are one assessment, whichever comes first.
			st := b.Open(t)
			if _, err := st.ImportGrades(ctx, []*peel.Assessment{grade("kent", "legitimacy", "good")}, false); err != nil {
				t.Fatal(err)
			}
			im := &importer.Importer{Store: st}
			res, err := im.Import(ctx, "seed", fixture.Seed(t), false)
			if err != nil || res.Outcome != store.Updated || res.Version != 2 {
				t.Fatalf("the page over the grade: %+v, %v", res, err)
			}
			a, err := st.FindAssessment(ctx, "peel-2016", "kent", "legitimacy")
			if err != nil || a.Grade != "outstanding" || a.Source != "https://sample.example/kent" || len(a.Judgments) != 3 {
				t.Fatalf("after the page: %+v, %v", a, err)
			}
			res2, err := st.ImportGrades(ctx, []*peel.Assessment{grade("kent", "legitimacy", "outstanding")}, false)
			if err != nil || res2.Unchanged != 1 {
				t.Errorf("the same grade again: %+v, %v", res2, err)
			}
			if _, err := st.ImportGrades(ctx, []*peel.Assessment{grade("kent", "legitimacy", "good")}, true); err != nil {
				t.Fatal(err)
			}
			after, _ := st.FindAssessment(ctx, "peel-2016", "kent", "legitimacy")
			if after.Grade != "outstanding" || len(after.Judgments) != 3 || after.Version != 2 {
				t.Errorf("adding only changed what was stored: grade %q, version %d", after.Grade, after.Version)
			}
			if _, err := st.ImportGrades(ctx, []*peel.Assessment{grade("kent", "legitimacy", "good")}, false); err != nil {
				t.Fatal(err)
			}
			after, _ = st.FindAssessment(ctx, "peel-2016", "kent", "legitimacy")
			if after.Grade != "good" || len(after.Judgments) != 3 || after.Version != 3 {
				t.Errorf("a new grade: grade %q, %d questions, version %d; want good, the narrative kept, version 3", after.Grade, len(after.Judgments), after.Version)
			}
		})
		t.Run("ErrNothingStored", func(t *testing.T) {
			st := b.Open(t)
			for _, bad := range []*peel.Assessment{grade("atlantis", "efficiency", "good"), grade("essex", "bravery", "good"), grade("essex", "efficiency", "excellent")} {
				_, err := st.ImportGrades(ctx, []*peel.Assessment{grade("durham", "efficiency", "good"), bad}, false)
				if err == nil {
					t.Errorf("%s: no error", bad.Path())
				}
				if _, err := st.FindAssessment(ctx, "peel-2016", "durham", "efficiency"); peel.ErrorCode(err) != peel.ENOTFOUND {
					t.Errorf("after a refused table, the good row is stored: %v", err)
				}
			}
		})
	})
}
