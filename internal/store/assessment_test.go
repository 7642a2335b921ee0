package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func TestImportAssessment(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := sampleStore(t, b)

			a := sampleAssessment("sample-force")
			if res := mustImport(t, st, a, samplePillar()); res != (store.ImportResult{Outcome: store.Created, Version: 1}) {
				t.Fatalf("first import: %+v, want created, version 1", res)
			}
			if a.ID == 0 || a.Version != 1 {
				t.Fatalf("after import the assessment has ID %d and version %d, want an ID and version 1", a.ID, a.Version)
			}
			want := sampleAssessment("sample-force")
			want.ID, want.Version = a.ID, 1
			got := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
			wantAssessment(t, got, want)
			if l := got.Judgments[1].Body[1].Link; l == nil || l.Title != "Sample overview with no address" || l.Href != "" {
				t.Fatalf("a link with no address reads back as %+v", l)
			}

			again := sampleAssessment("sample-force")
			if res := mustImport(t, st, again, samplePillar()); res != (store.ImportResult{Outcome: store.Unchanged, Version: 1}) {
				t.Fatalf("same import again: %+v, want unchanged, version 1", res)
			}
			if again.ID != a.ID || again.Version != 1 {
				t.Fatalf("unchanged import gives ID %d version %d, want %d and 1", again.ID, again.Version, a.ID)
			}
			wantAssessment(t, mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"), want)

			changed := sampleAssessment("sample-force")
			changed.Judgments[0].Body[0].Paragraph = "The force now plans its sample work a year ahead."
			changed.LastUpdated = mustDate(2030, 6, 1)
			later := time.Date(2030, 6, 1, 9, 0, 0, 0, time.UTC)
			changed.PublishedAt = &later
			if res := mustImport(t, st, changed, samplePillar()); res != (store.ImportResult{Outcome: store.Updated, Version: 2}) {
				t.Fatalf("changed import: %+v, want updated, version 2", res)
			}
			// A correction moves "Last updated" but not the first publication.
			want = sampleAssessment("sample-force")
			want.Judgments[0].Body[0].Paragraph = changed.Judgments[0].Body[0].Paragraph
			want.LastUpdated = changed.LastUpdated
			want.ID, want.Version = a.ID, 2
			wantAssessment(t, mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"), want)

			if list, err := st.FindAssessments(ctx, store.AssessmentFilter{}); err != nil {
				t.Fatal(err)
			} else if len(list) != 1 {
				t.Fatalf("%d assessments stored, want 1", len(list))
			}
		})

		t.Run("Updated", func(t *testing.T) {
			// Every change a reader would see makes a new version.
			for _, tt := range []struct {
				name   string
				change func(a *peel.Assessment)
			}{
				{"Headline", func(a *peel.Assessment) { a.Headline = "How well does the force do its alpha things?" }},
				{"Grade", func(a *peel.Assessment) { a.Grade = "weak" }},
				{"Ungraded", func(a *peel.Assessment) { a.Grade = "" }},
				{"LastUpdated", func(a *peel.Assessment) { a.LastUpdated = mustDate(2030, 3, 15) }},
				{"SummaryParagraph", func(a *peel.Assessment) { a.Summary[1] = "It plans its sample work well ahead." }},
				{"SummaryAdded", func(a *peel.Assessment) { a.Summary = append(a.Summary, "A third sample paragraph.") }},
				{"QuestionText", func(a *peel.Assessment) { a.Judgments[0].Question = "How does the force plan alpha things?" }},
				{"QuestionGrade", func(a *peel.Assessment) { a.Judgments[1].Grade = "poor" }},
				{"Paragraph", func(a *peel.Assessment) { a.Judgments[0].Body[2].Paragraph = "Its plans are shared with the public." }},
				{"LinkTitle", func(a *peel.Assessment) { a.Judgments[0].Body[1].Link.Title = "Sample second review" }},
				{"LinkHrefAdded", func(a *peel.Assessment) { a.Judgments[1].Body[1].Link.Href = "https://example.org/sample-overview" }},
				{"LinkHrefRemoved", func(a *peel.Assessment) { a.Judgments[0].Body[1].Link.Href = "" }},
				{"LinkToParagraph", func(a *peel.Assessment) {
					a.Judgments[1].Body[1] = peel.Block{Paragraph: "Sample overview with no address"}
				}},
				{"BlockRemoved", func(a *peel.Assessment) { a.Judgments[0].Body = a.Judgments[0].Body[:1] }},
				{"JudgmentRemoved", func(a *peel.Assessment) { a.Judgments = a.Judgments[:1] }},
			} {
				t.Run(tt.name, func(t *testing.T) {
					st := sampleStore(t, b)
					first := sampleAssessment("sample-force")
					mustImport(t, st, first, samplePillar())

					changed := sampleAssessment("sample-force")
					tt.change(changed)
					if res := mustImport(t, st, changed, samplePillar()); res != (store.ImportResult{Outcome: store.Updated, Version: 2}) {
						t.Fatalf("got %+v, want updated, version 2", res)
					}
					want := sampleAssessment("sample-force")
					tt.change(want)
					want.ID, want.Version = first.ID, 2
					wantAssessment(t, mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"), want)
				})
			}
		})

		t.Run("Unchanged", func(t *testing.T) {
			// The publication time is not part of the content: a page read again
			// later is the same page.
			st := sampleStore(t, b)
			first := sampleAssessment("sample-force")
			mustImport(t, st, first, samplePillar())
			again := sampleAssessment("sample-force")
			later := again.PublishedAt.Add(24 * time.Hour)
			again.PublishedAt = &later
			if res := mustImport(t, st, again, samplePillar()); res.Outcome != store.Unchanged {
				t.Fatalf("got %+v, want unchanged", res)
			}
			if !again.PublishedAt.Equal(*first.PublishedAt) {
				t.Fatalf("unchanged import reports published at %v, want the stored %v", again.PublishedAt, first.PublishedAt)
			}
			wantVersions(t, st, first.ID, peel.StatusPublished)
		})

		t.Run("DraftThenPublished", func(t *testing.T) {
			st := sampleStore(t, b)
			draft := sampleAssessment("sample-force")
			draft.Status, draft.PublishedAt = peel.StatusDraft, nil
			if res := mustImport(t, st, draft, samplePillar()); res != (store.ImportResult{Outcome: store.Created, Version: 1}) {
				t.Fatalf("draft: %+v, want created, version 1", res)
			}
			got := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
			if got.Status != peel.StatusDraft || got.PublishedAt != nil {
				t.Fatalf("draft stored as %s published at %v", got.Status, got.PublishedAt)
			}

			published := sampleAssessment("sample-force")
			if res := mustImport(t, st, published, samplePillar()); res != (store.ImportResult{Outcome: store.Updated, Version: 2}) {
				t.Fatalf("publishing: %+v, want updated, version 2", res)
			}
			want := sampleAssessment("sample-force")
			want.ID, want.Version = draft.ID, 2
			wantAssessment(t, mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"), want)
			wantVersions(t, st, draft.ID, peel.StatusDraft, peel.StatusPublished)
		})

		t.Run("Versions", func(t *testing.T) {
			st := sampleStore(t, b)
			a := sampleAssessment("sample-force")
			mustImport(t, st, a, samplePillar())
			mustImport(t, st, sampleAssessment("sample-force"), samplePillar())
			changed := sampleAssessment("sample-force")
			changed.Grade = "strong"
			mustImport(t, st, changed, samplePillar())

			// One row a version, each the public document of that version.
			docs := wantVersions(t, st, a.ID, peel.StatusPublished, peel.StatusPublished)
			for i, grade := range []string{"fair", "strong"} {
				var doc struct {
					Path      string
					Version   int
					Grade     string
					Questions []struct {
						Body []map[string]any
					}
				}
				if err := json.Unmarshal([]byte(docs[i]), &doc); err != nil {
					t.Fatalf("version %d: %v", i+1, err)
				}
				if doc.Version != i+1 || doc.Grade != grade || doc.Path != a.Path() || len(doc.Questions) != 2 || len(doc.Questions[1].Body) != 2 {
					t.Errorf("version %d document: %s", i+1, docs[i])
				}
			}
		})

		t.Run("AddsQuestions", func(t *testing.T) {
			st := sampleStore(t, b)
			before := mustFindFramework(t, st, "sample-2030")

			// The page words the headline and question 1 its own way and has a
			// question 3 that the framework lacks.
			p := samplePillar()
			p.Name = "Alpha as the page names it"
			p.Headline = "How well does this force do alpha things?"
			p.Questions[0].Text = "How well does this force plan alpha things?"
			p.Questions = append(p.Questions, &peel.Question{Number: 3, Text: "How well does the force share alpha things?"})
			a := sampleAssessment("sample-force")
			a.Headline = p.Headline
			a.Judgments[0].Question = p.Questions[0].Text
			a.Judgments = append(a.Judgments, &peel.Judgment{Number: 3, Question: p.Questions[2].Text, Grade: "weak", Body: []peel.Block{
				{Paragraph: "The force shares few of its sample findings."},
			}})
			mustImport(t, st, a, p)

			// Only question 3 is new; what the framework said stays as it was.
			want := sampleFramework()
			want.Pillars[0].Questions = append(want.Pillars[0].Questions, &peel.Question{Number: 3, Text: "How well does the force share alpha things?"})
			got := mustFindFramework(t, st, "sample-2030")
			if g, w := describeFramework(got, false), describeFramework(want, false); g != w {
				t.Fatalf("framework\n%s\nwant\n%s", g, w)
			}
			if got.Pillar("alpha").Question(1).ID != before.Pillar("alpha").Question(1).ID {
				t.Fatal("question 1 was replaced")
			}
			// The assessment keeps the page's own words.
			stored := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
			if stored.Headline != a.Headline || stored.Judgments[0].Question != a.Judgments[0].Question || len(stored.Judgments) != 3 {
				t.Fatalf("stored %q, %q with %d judgments, want the page's wording and 3", stored.Headline, stored.Judgments[0].Question, len(stored.Judgments))
			}
		})

		t.Run("AddsPillar", func(t *testing.T) {
			st := sampleStore(t, b)
			p := &peel.Pillar{Slug: "delta", Name: "Delta", Headline: "How well does the force do delta things?", Questions: []*peel.Question{
				{Number: 1, Text: "How well does the force plan delta things?"},
			}}
			a := sampleAssessment("sample-force")
			a.Pillar, a.Headline = "delta", p.Headline
			a.Judgments = []*peel.Judgment{{Number: 1, Question: p.Questions[0].Text, Grade: "strong", Body: []peel.Block{{Paragraph: "Sample delta work is strong."}}}}
			mustImport(t, st, a, p)

			want := sampleFramework()
			want.Pillars = append(want.Pillars, &peel.Pillar{Slug: "delta", Name: "Delta", Headline: p.Headline, Questions: []*peel.Question{
				{Number: 1, Text: "How well does the force plan delta things?"},
			}})
			if g, w := describeFramework(mustFindFramework(t, st, "sample-2030"), false), describeFramework(want, false); g != w {
				t.Fatalf("framework\n%s\nwant\n%s", g, w)
			}
			a.Version = 1
			wantAssessment(t, mustFindAssessment(t, st, "sample-2030", "sample-force", "delta"), a)
		})

		t.Run("AddsHeadline", func(t *testing.T) {
			st := sampleStore(t, b)
			fw := sampleFramework()
			fw.Pillars[1].Headline = ""
			mustSaveFramework(t, st, fw)

			p := &peel.Pillar{Slug: "beta", Name: "Beta", Headline: "How well does the force do beta things?", Questions: []*peel.Question{
				{Number: 1, Text: "How well does the force plan beta things?"},
			}}
			a := sampleAssessment("sample-force")
			a.Pillar, a.Headline = "beta", p.Headline
			a.Judgments = a.Judgments[:1]
			a.Judgments[0].Question = p.Questions[0].Text
			mustImport(t, st, a, p)

			got := mustFindFramework(t, st, "sample-2030").Pillar("beta")
			if got.Headline != p.Headline || len(got.Questions) != 1 || got.Questions[0].Text != p.Questions[0].Text {
				t.Fatalf("beta is %q with %d questions, want the page's headline and question", got.Headline, len(got.Questions))
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			for _, tt := range []struct {
				name   string
				change func(a *peel.Assessment, p *peel.Pillar)
			}{
				{"PillarGradeOffScale", func(a *peel.Assessment, p *peel.Pillar) { a.Grade = "outstanding" }},
				{"QuestionGradeOffScale", func(a *peel.Assessment, p *peel.Pillar) { a.Judgments[1].Grade = "Fair" }},
				{"NoOrganisation", func(a *peel.Assessment, p *peel.Pillar) { a.Organisation = "" }},
				{"UnknownStatus", func(a *peel.Assessment, p *peel.Pillar) { a.Status = "retracted" }},
				{"QuestionsOutOfOrder", func(a *peel.Assessment, p *peel.Pillar) { a.Judgments[0].Number = 2 }},
				{"EmptyBlock", func(a *peel.Assessment, p *peel.Pillar) { a.Judgments[0].Body[0] = peel.Block{} }},
				{"ParagraphAndLink", func(a *peel.Assessment, p *peel.Pillar) {
					a.Judgments[0].Body[1].Paragraph = "A paragraph beside a link."
				}},
				{"NoSuchQuestion", func(a *peel.Assessment, p *peel.Pillar) {
					p.Questions = p.Questions[:2]
					a.Judgments = append(a.Judgments, &peel.Judgment{Number: 3, Question: "A question nobody defined", Grade: "fair"})
				}},
			} {
				t.Run(tt.name, func(t *testing.T) {
					st := sampleStore(t, b)
					before := mustFindFramework(t, st, "sample-2030")

					// The page's pillar has a question the framework lacks: the
					// import may not add it if the assessment is refused.
					a, p := sampleAssessment("sample-force"), extendedPillar()
					tt.change(a, p)
					_, err := st.ImportAssessment(ctx, a, p)
					wantCode(t, err, peel.EINVALID)
					wantNoAssessments(t, st)
					wantFramework(t, mustFindFramework(t, st, "sample-2030"), before)

					// Refused as a correction, it leaves the stored version.
					stored := sampleAssessment("sample-force")
					mustImport(t, st, stored, samplePillar())
					before = mustFindFramework(t, st, "sample-2030")
					a, p = sampleAssessment("sample-force"), extendedPillar()
					a.Summary = []string{"A corrected sample summary."}
					tt.change(a, p)
					_, err = st.ImportAssessment(ctx, a, p)
					wantCode(t, err, peel.EINVALID)
					got := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
					want := sampleAssessment("sample-force")
					want.ID, want.Version = stored.ID, 1
					wantAssessment(t, got, want)
					wantFramework(t, mustFindFramework(t, st, "sample-2030"), before)
					wantVersions(t, st, stored.ID, peel.StatusPublished)
				})
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			for _, tt := range []struct {
				name         string
				organisation string
				framework    string
				pillar       *peel.Pillar
			}{
				{"Organisation", "sample-nowhere", "sample-2030", extendedPillar()},
				{"OrganisationNewPillar", "sample-nowhere", "sample-2030", &peel.Pillar{Slug: "delta", Name: "Delta", Questions: []*peel.Question{{Number: 1, Text: "How well does the force plan delta things?"}}}},
				{"Framework", "sample-force", "sample-2099", extendedPillar()},
			} {
				t.Run(tt.name, func(t *testing.T) {
					st := sampleStore(t, b)
					before := mustFindFramework(t, st, "sample-2030")
					a := sampleAssessment(tt.organisation)
					a.Framework, a.Pillar = tt.framework, tt.pillar.Slug
					_, err := st.ImportAssessment(ctx, a, tt.pillar)
					wantCode(t, err, peel.ENOTFOUND)
					wantNoAssessments(t, st)
					// All or nothing: the framework is not extended either.
					wantFramework(t, mustFindFramework(t, st, "sample-2030"), before)
				})
			}
		})

		t.Run("ErrConflict", func(t *testing.T) {
			for _, tt := range []struct {
				name   string
				change func(a *peel.Assessment)
			}{
				{"SameContent", func(a *peel.Assessment) {}},
				{"NewContent", func(a *peel.Assessment) { a.Summary = []string{"A sample draft summary."} }},
			} {
				t.Run(tt.name, func(t *testing.T) {
					st := sampleStore(t, b)
					published := sampleAssessment("sample-force")
					mustImport(t, st, published, samplePillar())

					draft := sampleAssessment("sample-force")
					draft.Status, draft.PublishedAt = peel.StatusDraft, nil
					tt.change(draft)
					_, err := st.ImportAssessment(ctx, draft, samplePillar())
					wantCode(t, err, peel.ECONFLICT)

					want := sampleAssessment("sample-force")
					want.ID, want.Version = published.ID, 1
					wantAssessment(t, mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"), want)
					wantVersions(t, st, published.ID, peel.StatusPublished)
				})
			}
		})
	})
}

func TestFindAssessment(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)
		mustImport(t, st, sampleAssessment("sample-force"), samplePillar())

		t.Run("OK", func(t *testing.T) {
			a, err := st.FindAssessment(ctx, "sample-2030", "sample-force", "alpha")
			if err != nil {
				t.Fatal(err)
			} else if a.Path() != "/peel-assessments/sample-2030/sample-force/alpha" {
				t.Fatalf("found %s", a.Path())
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			for _, tt := range []struct{ framework, organisation, pillar string }{
				{"sample-2099", "sample-force", "alpha"},
				{"sample-2030", "other-force", "alpha"},
				{"sample-2030", "sample-force", "beta"},
				{"sample-2030", "sample-force", ""},
				{"", "sample-force", "alpha"},
				{"sample-2030", "", "alpha"},
				{"", "", ""},
			} {
				a, err := st.FindAssessment(ctx, tt.framework, tt.organisation, tt.pillar)
				if a != nil {
					t.Errorf("%+v: found %s, want none", tt, a.Path())
				}
				if peel.ErrorCode(err) != peel.ENOTFOUND {
					t.Errorf("%+v: error %v, want code %q", tt, err, peel.ENOTFOUND)
				}
			}
		})
	})
}

func TestFindAssessments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)
		next := sampleFramework()
		next.Slug, next.Cycle = "sample-2031", "2031"
		mustSaveFramework(t, st, next)

		at := func(year, month, day int) *time.Time {
			t := time.Date(year, time.Month(month), day, 10, 0, 0, 0, time.UTC)
			return &t
		}
		for _, a := range []*peel.Assessment{
			sampleOf("sample-force", "sample-2030", "alpha", at(2030, 3, 14)),
			sampleOf("sample-force", "sample-2030", "beta", nil), // a draft
			sampleOf("other-force", "sample-2030", "alpha", at(2030, 5, 1)),
			sampleOf("sample-force", "sample-2031", "alpha", at(2031, 2, 1)),
			sampleOf("other-force", "sample-2031", "beta", at(2031, 1, 10)),
		} {
			p := samplePillar()
			p.Slug = a.Pillar
			mustImport(t, st, a, p)
		}
		const (
			sample30Alpha = "/peel-assessments/sample-2030/sample-force/alpha"
			sample30Beta  = "/peel-assessments/sample-2030/sample-force/beta"
			other30Alpha  = "/peel-assessments/sample-2030/other-force/alpha"
			sample31Alpha = "/peel-assessments/sample-2031/sample-force/alpha"
			other31Beta   = "/peel-assessments/sample-2031/other-force/beta"
		)

		for _, tt := range []struct {
			name    string
			filter  store.AssessmentFilter
			want    []string
			ordered bool // else any order
		}{
			{"All", store.AssessmentFilter{}, []string{sample30Alpha, sample30Beta, other30Alpha, sample31Alpha, other31Beta}, false},
			{"Organisation", store.AssessmentFilter{Organisation: "sample-force"}, []string{sample30Alpha, sample30Beta, sample31Alpha}, true},
			{"Framework", store.AssessmentFilter{Framework: "sample-2031"}, []string{sample31Alpha, other31Beta}, false},
			{"Published", store.AssessmentFilter{Status: peel.StatusPublished}, []string{sample30Alpha, other30Alpha, sample31Alpha, other31Beta}, false},
			{"Draft", store.AssessmentFilter{Status: peel.StatusDraft}, []string{sample30Beta}, true},
			{"AllFilters", store.AssessmentFilter{Organisation: "other-force", Framework: "sample-2030", Status: peel.StatusPublished}, []string{other30Alpha}, true},
			{"Limit", store.AssessmentFilter{Organisation: "sample-force", Limit: 2}, []string{sample30Alpha, sample30Beta}, true},
			{"Newest", store.AssessmentFilter{Status: peel.StatusPublished, Newest: true}, []string{sample31Alpha, other31Beta, other30Alpha, sample30Alpha}, true},
			{"NewestLimit", store.AssessmentFilter{Newest: true, Limit: 2}, []string{sample31Alpha, other31Beta}, true},
			{"NoMatch", store.AssessmentFilter{Organisation: "sample-nowhere"}, nil, true},
			{"NoMatchStatus", store.AssessmentFilter{Framework: "sample-2031", Status: peel.StatusDraft}, nil, true},
		} {
			t.Run(tt.name, func(t *testing.T) {
				list, err := st.FindAssessments(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, a := range list {
					got = append(got, a.Path())
					// Lists carry what tables show, not the narrative.
					if a.ID == 0 || a.Version != 1 || a.Grade != "fair" || a.Headline == "" || a.LastUpdated.IsZero() {
						t.Errorf("%s: listed as %+v", a.Path(), a)
					}
					if a.Summary != nil || a.Judgments != nil {
						t.Errorf("%s: listed with its narrative", a.Path())
					}
				}
				want := tt.want
				if !tt.ordered {
					got, want = sorted(got), sorted(want)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("got %v, want %v", got, want)
				}
			})
		}
	})
}

// sampleOf is sampleAssessment for another place, published at the time
// given, or a draft if it is nil.
func sampleOf(organisation, framework, pillar string, published *time.Time) *peel.Assessment {
	a := sampleAssessment(organisation)
	a.Framework, a.Pillar, a.PublishedAt = framework, pillar, published
	if published == nil {
		a.Status = peel.StatusDraft
	}
	return a
}

// extendedPillar is samplePillar with a question 3 that the sample
// framework lacks.
func extendedPillar() *peel.Pillar {
	p := samplePillar()
	p.Questions = append(p.Questions, &peel.Question{Number: 3, Text: "How well does the force share alpha things?"})
	return p
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func mustFindAssessment(tb testing.TB, st *store.Store, framework, organisation, pillar string) *peel.Assessment {
	tb.Helper()
	a, err := st.FindAssessment(context.Background(), framework, organisation, pillar)
	if err != nil {
		tb.Fatalf("find %s: %v", peel.AssessmentPath(framework, organisation, pillar), err)
	}
	return a
}

func wantNoAssessments(tb testing.TB, st *store.Store) {
	tb.Helper()
	if list, err := st.FindAssessments(context.Background(), store.AssessmentFilter{}); err != nil {
		tb.Fatal(err)
	} else if len(list) != 0 {
		tb.Fatalf("%d assessments stored, want none", len(list))
	}
}

// wantVersions checks the assessment has one stored version for each status
// given, numbered from 1, and returns their documents.
func wantVersions(tb testing.TB, st *store.Store, id int64, statuses ...peel.Status) []string {
	tb.Helper()
	rows, err := store.DB(st).QueryContext(context.Background(),
		store.Rebind(st, `SELECT version, status, document FROM assessment_versions WHERE assessment_id = ? ORDER BY version`), id)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var docs []string
	for rows.Next() {
		var version int
		var status peel.Status
		var doc string
		if err := rows.Scan(&version, &status, &doc); err != nil {
			tb.Fatal(err)
		}
		if n := len(docs); n >= len(statuses) || version != n+1 || status != statuses[n] {
			tb.Fatalf("version row %d is version %d, %s; want %d rows with statuses %v", n+1, version, status, len(statuses), statuses)
		}
		docs = append(docs, doc)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(docs) != len(statuses) {
		tb.Fatalf("%d version rows, want %d", len(docs), len(statuses))
	}
	return docs
}

// wantAssessment reports each field in which got differs from want.
func wantAssessment(tb testing.TB, got, want *peel.Assessment) {
	tb.Helper()
	check := func(field string, g, w any) {
		tb.Helper()
		if g != w {
			tb.Errorf("%s: %s = %#v, want %#v", want.Path(), field, g, w)
		}
	}
	check("ID", got.ID, want.ID)
	check("Organisation", got.Organisation, want.Organisation)
	check("Framework", got.Framework, want.Framework)
	check("Pillar", got.Pillar, want.Pillar)
	check("Headline", got.Headline, want.Headline)
	check("Grade", got.Grade, want.Grade)
	check("LastUpdated", got.LastUpdated.String(), want.LastUpdated.String())
	check("Status", got.Status, want.Status)
	check("Version", got.Version, want.Version)
	if (got.PublishedAt == nil) != (want.PublishedAt == nil) || got.PublishedAt != nil && !got.PublishedAt.Equal(*want.PublishedAt) {
		tb.Errorf("%s: PublishedAt = %v, want %v", want.Path(), got.PublishedAt, want.PublishedAt)
	}
	if !slices.Equal(got.Summary, want.Summary) {
		tb.Errorf("%s: Summary = %q, want %q", want.Path(), got.Summary, want.Summary)
	}
	if len(got.Judgments) != len(want.Judgments) {
		tb.Fatalf("%s: %d judgments, want %d", want.Path(), len(got.Judgments), len(want.Judgments))
	}
	for i, w := range want.Judgments {
		g := got.Judgments[i]
		check("Judgment.Number", g.Number, w.Number)
		check("Judgment.Question", g.Question, w.Question)
		check("Judgment.Grade", g.Grade, w.Grade)
		if len(g.Body) != len(w.Body) {
			tb.Errorf("%s: question %d has %d blocks, want %d", want.Path(), w.Number, len(g.Body), len(w.Body))
			continue
		}
		for k, wb := range w.Body {
			gb := g.Body[k]
			check("Block.Paragraph", gb.Paragraph, wb.Paragraph)
			switch {
			case (gb.Link == nil) != (wb.Link == nil):
				tb.Errorf("%s: question %d block %d: link %+v, want %+v", want.Path(), w.Number, k+1, gb.Link, wb.Link)
			case gb.Link != nil:
				check("Block.Link", *gb.Link, *wb.Link)
			}
		}
	}
}
