package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestFindWork lists, for each role, the assessments it may work on: a
// liaison only their own force's out for the check, the other roles all,
// filtered and paged in the database.
func TestFindWork(t *testing.T) {
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		st := sampleStore(t, b)
		// sample-force alpha in check, other-force alpha in check and then
		// a draft again, sample-force beta published.
		draftIn(t, st, peel.StatusCheck)
		other := sampleAssessment("other-force")
		other.Status, other.PublishedAt = peel.StatusDraft, nil
		mustImport(t, st, other, samplePillar())
		beta := sampleAssessment("sample-force")
		beta.Pillar, beta.Headline, beta.Judgments = "beta", "How well does the force do beta things?", nil
		mustImport(t, st, beta, &peel.Pillar{Slug: "beta", Name: "Beta", Headline: beta.Headline})

		paths := func(list []*store.Work) []string {
			var out []string
			for _, w := range list {
				out = append(out, w.Organisation+"/"+w.Pillar+":"+string(w.Status))
			}
			return out
		}
		tests := []struct {
			name   string
			user   *peel.User
			filter store.WorkFilter
			want   []string // most recently changed first
			total  int
		}{
			{"Inspector", inspector, store.WorkFilter{}, []string{"sample-force/beta:published", "other-force/alpha:draft", "sample-force/alpha:check"}, 3},
			{"Moderator", moderator, store.WorkFilter{}, []string{"sample-force/beta:published", "other-force/alpha:draft", "sample-force/alpha:check"}, 3},
			{"Liaison", liaison, store.WorkFilter{}, []string{"sample-force/alpha:check"}, 1},
			{"OtherForce", otherForce, store.WorkFilter{}, nil, 0},
			{"Status", publisher, store.WorkFilter{Status: peel.StatusDraft}, []string{"other-force/alpha:draft"}, 1},
			{"Organisation", admin, store.WorkFilter{Organisation: "sample-force"}, []string{"sample-force/beta:published", "sample-force/alpha:check"}, 2},
			{"Pillar", inspector, store.WorkFilter{Pillar: "alpha", Framework: "sample-2030"}, []string{"other-force/alpha:draft", "sample-force/alpha:check"}, 2},
			{"Cycle", inspector, store.WorkFilter{Framework: "no-such-cycle"}, nil, 0},
			{"Page", inspector, store.WorkFilter{Limit: 1, Offset: 1}, []string{"other-force/alpha:draft"}, 3},
			{"LiaisonFiltered", liaison, store.WorkFilter{Status: peel.StatusDraft}, nil, 0},
		}
		for _, tt := range tests {
			list, total, err := st.FindWork(ctx, tt.user, tt.filter)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := paths(list); total != tt.total || !slices.Equal(got, tt.want) {
				t.Errorf("%s: %v of %d, want %v of %d", tt.name, got, total, tt.want, tt.total)
			}
			for _, w := range list {
				if w.Changed.IsZero() {
					t.Errorf("%s: %s has no time of last change", tt.name, w.Path())
				}
			}
		}

		t.Run("ErrForbidden", func(t *testing.T) {
			_, _, err := st.FindWork(ctx, nil, store.WorkFilter{})
			wantCode(t, err, peel.EFORBIDDEN)
		})
	})
}
