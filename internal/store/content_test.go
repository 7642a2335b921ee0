package store_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
)

// withContent adds to the sample assessment what the editor records besides
// the narrative: areas for improvement, causes of concern with their
// recommendations, a judgment carried over from the cycle before, and a
// rationale.
func withContent(a *peel.Assessment) *peel.Assessment {
	a.Improvements = []string{"The force should plan its sample work further ahead.", "It should review its sample plans each year."}
	a.Concerns = []*peel.Concern{
		{Text: "The force does not record its sample decisions.", Recommendations: []string{"Within six months, record every sample decision.", "Audit the records each quarter."}},
		{Text: "Sample staff are not trained.", Recommendations: nil},
	}
	a.Judgments[1].CarriedOver = "sample-2029"
	a.Rationale = "The pillar grade weighs question 1 most."
	return a
}

// earlierFramework is the sample framework's cycle before it.
func earlierFramework() *peel.Framework {
	fw := sampleFramework()
	fw.Slug, fw.Cycle = "sample-2029", "2029"
	return fw
}

func TestAssessmentContent(t *testing.T) {
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := sampleStore(t, b)
			mustSaveFramework(t, st, earlierFramework())
			draftIn(t, st, peel.StatusDraft)
			a := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
			withContent(a)
			saved, err := st.SaveDraft(ctx, inspector, a, a.Version)
			if err != nil {
				t.Fatal(err)
			}
			got := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
			want := withContent(mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"))
			for _, f := range []struct {
				name      string
				got, want any
			}{
				{"Improvements", got.Improvements, want.Improvements},
				{"Concerns", got.Concerns, []*peel.Concern{want.Concerns[0], {Text: want.Concerns[1].Text}}},
				{"CarriedOver", got.Judgments[1].CarriedOver, "sample-2029"},
				{"CarriedOver of question 1", got.Judgments[0].CarriedOver, ""},
				{"Rationale", got.Rationale, want.Rationale},
			} {
				if !reflect.DeepEqual(f.got, f.want) {
					t.Errorf("%s: %#v, want %#v", f.name, f.got, f.want)
				}
			}
			if !got.SameContent(saved) {
				t.Error("the assessment read back differs from the one saved")
			}
			// The version's document keeps all of it.
			docs := wantVersions(t, st, a.ID, peel.StatusDraft, peel.StatusDraft)
			var doc peel.Assessment
			if err := json.Unmarshal([]byte(docs[1]), &doc); err != nil {
				t.Fatal(err)
			}
			if !doc.SameContent(got) {
				t.Errorf("version 2's document is not the assessment saved:\n%s", docs[1])
			}
			// Saving it again with less removes what was taken out.
			got.Improvements, got.Concerns, got.Rationale, got.Judgments[1].CarriedOver = nil, got.Concerns[1:], "", ""
			if _, err := st.SaveDraft(ctx, inspector, got, got.Version); err != nil {
				t.Fatal(err)
			}
			less := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
			if len(less.Improvements) != 0 || len(less.Concerns) != 1 || less.Concerns[0].Text != "Sample staff are not trained." || less.Rationale != "" || less.Judgments[1].CarriedOver != "" {
				t.Errorf("after removing: %+v", less)
			}
		})

		t.Run("KeptByImport", func(t *testing.T) {
			// A page has no place for what the editor records besides the
			// narrative: importing one over the assessment keeps it.
			st := sampleStore(t, b)
			mustSaveFramework(t, st, earlierFramework())
			draftIn(t, st, peel.StatusDraft)
			a := withContent(mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"))
			if _, err := st.SaveDraft(ctx, inspector, a, a.Version); err != nil {
				t.Fatal(err)
			}
			page := sampleAssessment("sample-force")
			page.Status, page.PublishedAt = peel.StatusDraft, nil
			page.Summary = []string{"A summary changed by a sample page."}
			if res := mustImport(t, st, page, samplePillar()); res.Outcome != "updated" {
				t.Fatalf("the import: %s, want updated", res.Outcome)
			}
			got := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
			if !reflect.DeepEqual(got.Improvements, a.Improvements) || len(got.Concerns) != 2 || got.Judgments[1].CarriedOver != "sample-2029" ||
				got.Rationale != a.Rationale || got.Summary[0] != "A summary changed by a sample page." {
				t.Errorf("after importing a page: %+v", got)
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			st := sampleStore(t, b)
			mustSaveFramework(t, st, earlierFramework())
			draftIn(t, st, peel.StatusDraft)
			for _, tt := range []struct {
				name   string
				change func(a *peel.Assessment)
			}{
				{"UnknownCycle", func(a *peel.Assessment) { a.Judgments[0].CarriedOver = "sample-1999" }},
				{"OwnCycle", func(a *peel.Assessment) { a.Judgments[0].CarriedOver = "sample-2030" }},
				{"EmptyArea", func(a *peel.Assessment) { a.Improvements = []string{""} }},
				{"EmptyConcern", func(a *peel.Assessment) { a.Concerns = []*peel.Concern{{Recommendations: []string{"Do it."}}} }},
				{"EmptyRecommendation", func(a *peel.Assessment) {
					a.Concerns = []*peel.Concern{{Text: "A concern.", Recommendations: []string{""}}}
				}},
			} {
				t.Run(tt.name, func(t *testing.T) {
					a := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
					tt.change(a)
					_, err := st.SaveDraft(ctx, inspector, a, a.Version)
					wantCode(t, err, peel.EINVALID)
					if got := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"); got.Version != a.Version {
						t.Errorf("a refused save made version %d", got.Version)
					}
				})
			}
		})

		t.Run("ImportKeepsRationale", func(t *testing.T) {
			st := sampleStore(t, b)
			draftIn(t, st, peel.StatusDraft)
			a := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
			a.Rationale = "Recorded in the editor."
			if _, err := st.SaveDraft(ctx, inspector, a, a.Version); err != nil {
				t.Fatal(err)
			}
			page := sampleAssessment("sample-force")
			page.Status, page.PublishedAt = peel.StatusDraft, nil
			page.Summary = append(page.Summary, "A sentence the page adds.")
			mustImport(t, st, page, samplePillar())
			if got := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"); got.Rationale != a.Rationale {
				t.Errorf("after an import of the page the rationale is %q", got.Rationale)
			}
		})
	})
}
