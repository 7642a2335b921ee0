package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
)

func TestCreateAssessments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := sampleStore(t, b)
			list := []*peel.Assessment{sampleAssessment("sample-force"), sampleAssessment("other-force")}
			list[1].Pillar, list[1].Headline, list[1].Judgments = "beta", "How well does the force do beta things?", nil
			if err := st.CreateAssessments(ctx, list); err != nil {
				t.Fatal(err)
			}
			for i, want := range []*peel.Assessment{sampleAssessment("sample-force"), sampleAssessment("other-force")} {
				if i == 1 {
					want.Pillar, want.Headline, want.Judgments = "beta", "How well does the force do beta things?", nil
				}
				want.ID, want.Version = list[i].ID, 1
				got := mustFindAssessment(t, st, want.Framework, want.Organisation, want.Pillar)
				wantAssessment(t, got, want)
				wantVersions(t, st, got.ID, peel.StatusPublished)
			}
		})

		t.Run("ErrConflict", func(t *testing.T) {
			// All or nothing: one that exists, and the batch is refused.
			st := sampleStore(t, b)
			mustImport(t, st, sampleAssessment("sample-force"), samplePillar())
			err := st.CreateAssessments(ctx, []*peel.Assessment{sampleAssessment("other-force"), sampleAssessment("sample-force")})
			wantCode(t, err, peel.ECONFLICT)
			if _, err := st.FindAssessment(ctx, "sample-2030", "other-force", "alpha"); peel.ErrorCode(err) != peel.ENOTFOUND {
				t.Fatalf("the first of a refused batch was stored: %v", err)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			st := sampleStore(t, b)
			err := st.CreateAssessments(ctx, []*peel.Assessment{sampleAssessment("sample-force"), sampleAssessment("no-such-force")})
			wantCode(t, err, peel.ENOTFOUND)
			wantNoAssessments(t, st)
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			st := sampleStore(t, b)
			a := sampleAssessment("sample-force")
			a.Pillar = "gamma"
			wantCode(t, st.CreateAssessments(ctx, []*peel.Assessment{a}), peel.EINVALID)
			a = sampleAssessment("sample-force")
			a.Judgments[0].Grade = "superb"
			wantCode(t, st.CreateAssessments(ctx, []*peel.Assessment{a}), peel.EINVALID)
			wantNoAssessments(t, st)
		})
	})
}

// TestLargeNarrative writes narratives of more rows than one statement may
// hold values for, so that they are written in several.
func TestLargeNarrative(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)
		a := sampleAssessment("sample-force")
		for i := range 12000 {
			a.Summary = append(a.Summary, fmt.Sprintf("Summary paragraph %d.", i))
			a.Judgments[0].Body = append(a.Judgments[0].Body, peel.Block{Paragraph: fmt.Sprintf("Body paragraph %d.", i)})
		}
		want := *a
		mustImport(t, st, a, samplePillar())
		want.ID, want.Version = a.ID, 1
		wantAssessment(t, mustFindAssessment(t, st, a.Framework, a.Organisation, a.Pillar), &want)
	})
}
