package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestPublicationVersions: every create and change of a publication's
// content, by import or as a user, is a version; an unchanged import is
// none; a save on a stale version is refused; the versions are never
// rewritten.
func TestPublicationVersions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	inspector := &peel.User{ID: 1, Email: "inspector@example.org", Role: peel.RoleInspector}
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)
		numbers := func(public bool) []int {
			t.Helper()
			list, err := st.FindPublicationVersions(ctx, "sample-review", public)
			if err != nil {
				t.Fatal(err)
			}
			var n []int
			for _, v := range list {
				n = append(n, v.Number)
			}
			return n
		}
		if _, err := st.ImportPublication(ctx, sampleReview()); err != nil {
			t.Fatal(err)
		}
		if res, err := st.ImportPublication(ctx, sampleReview()); err != nil || res.Outcome != store.Unchanged {
			t.Fatalf("re-import: %v, %v", res, err)
		}
		if got := numbers(false); len(got) != 1 || got[0] != 1 {
			t.Errorf("after an import and an unchanged one: versions %v, want [1]", got)
		}
		changed := sampleReview()
		changed.Summary = "A changed sample summary."
		if res, err := st.ImportPublication(ctx, changed); err != nil || res.Outcome != store.Updated {
			t.Fatalf("changed import: %v, %v", res, err)
		}
		p, err := st.FindPublication(ctx, "sample-review")
		if err != nil || p.Version != 2 {
			t.Fatalf("after a change: version %v (%v), want 2", p, err)
		}

		t.Run("Save", func(t *testing.T) {
			next := sampleReview()
			next.Title = "Sample review, retitled"
			saved, err := st.SavePublication(ctx, inspector, next, 2, "")
			if err != nil || saved.Version != 3 {
				t.Fatalf("save: %v, %v", saved, err)
			}
			list, err := st.FindPublicationVersions(ctx, "sample-review", false)
			if err != nil || len(list) != 3 || list[0].Actor != inspector.Email || list[0].Publication.Title != "Sample review, retitled" || list[2].Publication.Summary != "A sample summary." {
				t.Errorf("versions after the save: %+v (%v)", list, err)
			}
		})

		t.Run("ErrConflict", func(t *testing.T) {
			stale := sampleReview()
			stale.Title = "A stale sample title"
			current, err := st.SavePublication(ctx, inspector, stale, 2, "")
			var ce *store.PublicationConflictError
			if !errors.As(err, &ce) || peel.ErrorCode(err) != peel.ECONFLICT || current == nil || current.Version != 3 {
				t.Fatalf("stale save: %v, %v; want ECONFLICT with version 3 stored", current, err)
			}
			if p, _ := st.FindPublication(ctx, "sample-review"); p.Title != "Sample review, retitled" {
				t.Errorf("the stale save was stored: %q", p.Title)
			}
		})

		t.Run("ErrForbidden", func(t *testing.T) {
			for _, role := range []peel.Role{peel.RoleLiaison, peel.RoleModerator, peel.RolePublisher} {
				u := &peel.User{ID: 2, Email: "someone@example.org", Role: role, Organisation: "sample-force"}
				next := sampleReview()
				next.Title = "Not to be stored"
				if _, err := st.SavePublication(ctx, u, next, 3, ""); peel.ErrorCode(err) != peel.EFORBIDDEN {
					t.Errorf("%s saves: %v, want EFORBIDDEN", role, err)
				}
				other := sampleReview()
				other.Slug = "not-to-be-stored"
				if _, err := st.CreatePublication(ctx, u, other); peel.ErrorCode(err) != peel.EFORBIDDEN {
					t.Errorf("%s creates: %v, want EFORBIDDEN", role, err)
				}
				if err := st.RecordOutcome(ctx, u, sampleOutcome()); peel.ErrorCode(err) != peel.EFORBIDDEN {
					t.Errorf("%s records an outcome: %v, want EFORBIDDEN", role, err)
				}
			}
			for _, role := range []peel.Role{peel.RoleLiaison, peel.RoleModerator, peel.RoleInspector} {
				u := &peel.User{ID: 2, Email: "someone@example.org", Role: role, Organisation: "sample-force"}
				at := time.Now().AddDate(1, 0, 0)
				for _, when := range []*time.Time{nil, &at} {
					if _, err := st.PublishPublicationAs(ctx, u, "sample-review", when); peel.ErrorCode(err) != peel.EFORBIDDEN {
						t.Errorf("%s publishes (at %v): %v, want EFORBIDDEN", role, when, err)
					}
				}
				if _, err := st.WithdrawPublicationAs(ctx, u, "sample-review", "Sample."); peel.ErrorCode(err) != peel.EFORBIDDEN {
					t.Errorf("%s withdraws: %v, want EFORBIDDEN", role, err)
				}
			}
			if p, _ := st.FindPublication(ctx, "sample-review"); p.Status != peel.StatusDraft {
				t.Errorf("after refusals the review is %s", p.Status)
			}
			if got := numbers(false); len(got) != 3 {
				t.Errorf("versions after refusals: %v", got)
			}
			if list, _ := st.FindOutcomes(ctx, store.OutcomeFilter{Publication: "sample-review"}); len(list) != 0 {
				t.Errorf("a refused outcome was stored: %+v", list)
			}
		})

		t.Run("Public", func(t *testing.T) {
			if _, err := st.FindPublicationVersions(ctx, "sample-review", true); peel.ErrorCode(err) != peel.ENOTFOUND {
				t.Errorf("a draft's public history: %v, want ENOTFOUND", err)
			}
			if _, err := st.PublishPublication(ctx, "sample-review", nil); err != nil {
				t.Fatal(err)
			}
			next := sampleReview()
			next.Title = "Sample review, corrected"
			if _, err := st.SavePublication(ctx, inspector, next, 3, "Sample change note."); err != nil {
				t.Fatal(err)
			}
			list, err := st.FindPublicationVersions(ctx, "sample-review", true)
			if err != nil || len(list) != 2 || list[0].Note != "Sample change note." || list[1].Number != 3 {
				t.Errorf("public history: %+v (%v), want versions 4 and 3", list, err)
			}
		})

		t.Run("Create", func(t *testing.T) {
			p := sampleReview()
			p.Slug = "another-review"
			if _, err := st.CreatePublication(ctx, inspector, p); err != nil || p.Version != 1 || p.Status != peel.StatusDraft {
				t.Fatalf("create: %+v, %v", p, err)
			}
			if _, err := st.CreatePublication(ctx, inspector, p); peel.ErrorCode(err) != peel.ECONFLICT {
				t.Errorf("create again: %v, want ECONFLICT", err)
			}
			if err := st.RecordOutcome(ctx, inspector, &peel.Outcome{Publication: "another-review", Organisation: "sample-force", Grade: "done", Narrative: []string{"Sample."}}); err != nil {
				t.Errorf("record an outcome: %v", err)
			}
		})

		// Nothing rewrites the versions.
		db := store.DB(st)
		for _, q := range []string{`UPDATE publication_versions SET note = 'rewritten'`, `DELETE FROM publication_versions`} {
			if _, err := db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: error %v, want a refusal saying the versions are append-only", q, err)
			}
		}
	})
}
