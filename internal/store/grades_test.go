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
		t.Run("Questions", func(t *testing.T) {
			st := b.Open(t)
			item := func(org string, question int, slug string) peel.GradedItem {
				return peel.GradedItem{Framework: "peel-2016", Organisation: org, Pillar: "legitimacy", Question: question, Grade: slug}
			}
			// A grade-only assessment gains judgments with no narrative,
			// worded as the framework words them unless the table says.
			items := []peel.GradedItem{item("durham", 2, ""), item("durham", 0, "good"), item("durham", 1, "outstanding")}
			items[0].QuestionText = "A sample's wording of question 2?"
			res, err := st.ImportGradedItems(ctx, items, false)
			if err != nil || res != (store.GradesResult{Created: 1}) {
				t.Fatalf("%+v, %v; want 1 created", res, err)
			}
			a, err := st.FindAssessment(ctx, "peel-2016", "durham", "legitimacy")
			if err != nil || a.Grade != "good" || !a.GradeOnly() || len(a.Judgments) != 2 {
				t.Fatalf("%+v, %v", a, err)
			}
			if j := a.Judgments[0]; j.Number != 1 || j.Grade != "outstanding" || j.Question != "To what extent does the force treat all of the people it serves with fairness and respect?" || len(j.Body) != 0 {
				t.Errorf("question 1: %+v", j)
			}
			if j := a.Judgments[1]; j.Number != 2 || j.Grade != "" || j.Question != "A sample's wording of question 2?" {
				t.Errorf("question 2: %+v", j)
			}
			// On a page, a question's grade that differs is set, as a new
			// version, and the narrative is kept; --add-only leaves it.
			im := &importer.Importer{Store: st}
			if _, err := im.Import(ctx, "seed", fixture.Seed(t), false); err != nil {
				t.Fatal(err)
			}
			if res, err := st.ImportGradedItems(ctx, []peel.GradedItem{item("kent", 2, "inadequate")}, true); err != nil || res.Unchanged != 1 {
				t.Errorf("adding only: %+v, %v", res, err)
			}
			res, err = st.ImportGradedItems(ctx, []peel.GradedItem{item("kent", 1, "outstanding"), item("kent", 2, "inadequate")}, false)
			if err != nil || res != (store.GradesResult{Updated: 1}) {
				t.Fatalf("%+v, %v; want 1 updated", res, err)
			}
			a, _ = st.FindAssessment(ctx, "peel-2016", "kent", "legitimacy")
			if a.Version != 2 || a.Grade != "outstanding" || a.Judgments[1].Grade != "inadequate" || a.Judgments[0].Grade != "outstanding" || len(a.Judgments[1].Body) == 0 || len(a.Summary) == 0 {
				t.Errorf("after a question's grade: version %d, %+v", a.Version, a.Judgments[1])
			}
			if res, err := st.ImportGradedItems(ctx, []peel.GradedItem{item("kent", 2, "inadequate")}, false); err != nil || res.Unchanged != 1 {
				t.Errorf("the same grade again: %+v, %v", res, err)
			}
			// A question's grade needs an assessment, stored or given.
			_, err = st.ImportGradedItems(ctx, []peel.GradedItem{item("durham", 3, "good"), item("essex", 1, "good")}, false)
			wantCode(t, err, peel.EINVALID)
			if a, _ := st.FindAssessment(ctx, "peel-2016", "durham", "legitimacy"); len(a.Judgments) != 2 {
				t.Errorf("a refused table changed what was stored: %d judgments", len(a.Judgments))
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
