package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestImportAssessmentConcurrent imports from several goroutines at once
// into one store. Writers must queue for each other rather than fail (with
// "database is locked", or a unique violation from a row another writer
// added meanwhile), and readers must not be held up into errors.
func TestImportAssessmentConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		const n = 8

		t.Run("OK", func(t *testing.T) {
			st := b.Open(t)
			var orgs []*peel.Organisation
			for i := range n {
				orgs = append(orgs, &peel.Organisation{Slug: fmt.Sprintf("sample-force-%d", i+1), Name: fmt.Sprintf("Sample Force %d", i+1), ShortName: fmt.Sprintf("Sample %d", i+1)})
			}
			if _, err := st.AddOrganisations(ctx, orgs); err != nil {
				t.Fatal(err)
			}

			// Each writer imports its own force's assessment, and each brings the
			// pillar's questions that the reference framework lacks: they race
			// to add them.
			errs := make(chan error, 2*n)
			results := make(chan store.ImportResult, n)
			var wg sync.WaitGroup
			for _, o := range orgs {
				wg.Go(func() {
					a, p := referenceSample(o.Slug)
					res, err := st.ImportAssessment(ctx, a, p)
					if err != nil {
						errs <- fmt.Errorf("import %s: %w", a.Path(), err)
						return
					}
					results <- res
				})
				wg.Go(func() {
					if _, err := st.FindAssessments(ctx, store.AssessmentFilter{Framework: "peel-2016"}); err != nil {
						errs <- fmt.Errorf("find while importing: %w", err)
					}
					if _, err := st.FindFrameworkBySlug(ctx, "peel-2016"); err != nil {
						errs <- fmt.Errorf("find framework while importing: %w", err)
					}
				})
			}
			wg.Wait()
			close(errs)
			close(results)
			for err := range errs {
				t.Error(err)
			}
			for res := range results {
				if res != (store.ImportResult{Outcome: store.Created, Version: 1}) {
					t.Errorf("import: %+v, want created, version 1", res)
				}
			}

			list, err := st.FindAssessments(ctx, store.AssessmentFilter{Framework: "peel-2016"})
			if err != nil {
				t.Fatal(err)
			} else if len(list) != n {
				t.Fatalf("%d assessments stored, want %d", len(list), n)
			}
			for _, o := range orgs {
				got := mustFindAssessment(t, st, "peel-2016", o.Slug, "efficiency")
				want, _ := referenceSample(o.Slug)
				want.ID, want.Version = got.ID, 1
				wantAssessment(t, got, want)
			}
			_, p := referenceSample("")
			if got := mustFindFramework(t, st, "peel-2016").Pillar("efficiency"); len(got.Questions) != len(p.Questions) {
				t.Fatalf("efficiency has %d questions, want %d", len(got.Questions), len(p.Questions))
			}
		})

		t.Run("SameAssessment", func(t *testing.T) {
			// The same page imported at once from several places is stored
			// once: one import creates it and the others find it unchanged,
			// whether or not the imports also add to the framework.
			for _, tt := range []struct {
				name   string
				pillar func() *peel.Pillar
			}{
				{"AddsQuestion", extendedPillar},
				{"KnownPillar", samplePillar},
			} {
				t.Run(tt.name, func(t *testing.T) {
					st := sampleStore(t, b)
					outcomes := make(chan string, n)
					errs := make(chan error, n)
					var wg sync.WaitGroup
					for range n {
						wg.Go(func() {
							res, err := st.ImportAssessment(ctx, sampleAssessment("sample-force"), tt.pillar())
							if err != nil {
								errs <- err
								return
							}
							outcomes <- res.Outcome
						})
					}
					wg.Wait()
					close(errs)
					close(outcomes)
					for err := range errs {
						t.Error(err)
					}
					count := map[string]int{}
					for o := range outcomes {
						count[o]++
					}
					if count[store.Created] != 1 || count[store.Unchanged] != n-1 {
						t.Fatalf("outcomes %v, want 1 created and %d unchanged", count, n-1)
					}
					a := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha")
					wantVersions(t, st, a.ID, peel.StatusPublished)
				})
			}
		})

		t.Run("Corrections", func(t *testing.T) {
			// Different corrections of one assessment imported at once each
			// make a version of their own, numbered one after another.
			st := sampleStore(t, b)
			first := sampleAssessment("sample-force")
			mustImport(t, st, first, samplePillar())

			versions := make(chan int, n)
			errs := make(chan error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					a := sampleAssessment("sample-force")
					a.Summary = []string{fmt.Sprintf("Sample correction %d.", i+1)}
					res, err := st.ImportAssessment(ctx, a, samplePillar())
					if err != nil {
						errs <- err
						return
					}
					versions <- res.Version
				})
			}
			wg.Wait()
			close(errs)
			close(versions)
			for err := range errs {
				t.Error(err)
			}
			seen := map[int]bool{}
			for v := range versions {
				if v < 2 || v > n+1 || seen[v] {
					t.Errorf("a correction made version %d, want each of 2 to %d once", v, n+1)
				}
				seen[v] = true
			}
			statuses := make([]peel.Status, n+1)
			for i := range statuses {
				statuses[i] = peel.StatusPublished
			}
			wantVersions(t, st, first.ID, statuses...)
			if a := mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"); a.Version != n+1 {
				t.Fatalf("the assessment is at version %d, want %d", a.Version, n+1)
			}
		})
	})
}

// referenceSample is an assessment of a reference framework's pillar that
// has no questions of its own, in sample words, with the pillar as a page
// would give it.
func referenceSample(organisation string) (*peel.Assessment, *peel.Pillar) {
	p := &peel.Pillar{Slug: "efficiency", Name: "Efficiency", Questions: []*peel.Question{
		{Number: 1, Text: "How well does the force use its sample resources?"},
		{Number: 2, Text: "How well does the force plan for sample demand?"},
	}}
	a := sampleAssessment(organisation)
	a.Framework, a.Pillar, a.Grade = "peel-2016", "efficiency", "good"
	a.Headline = "How efficient is the force at sample things?"
	a.Judgments[0].Question, a.Judgments[0].Grade = p.Questions[0].Text, "requires-improvement"
	a.Judgments[1].Question, a.Judgments[1].Grade = p.Questions[1].Text, "outstanding"
	return a, p
}
