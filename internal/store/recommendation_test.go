package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// nationalStore is a store with the reference forces, a draft sample
// overview and a sample recommendation in it addressed to all forces.
func nationalStore(tb testing.TB, b fixture.Backend) (*store.Store, *peel.Recommendation) {
	tb.Helper()
	st := b.Open(tb)
	ctx := store.WithActor(context.Background(), "sample inspector")
	pub := &peel.Publication{Slug: "sample-overview", Title: "A sample national overview", Kind: peel.KindNationalOverview, Summary: "Sample."}
	if _, err := st.ImportPublication(ctx, pub); err != nil {
		tb.Fatal(err)
	}
	r := &peel.Recommendation{Text: "Every force should have a sample plan.", Theme: "sample-theme", Due: mustDate(2031, 6, 30), IssuedIn: "sample-overview", AllForces: true}
	if err := st.SaveRecommendations(ctx, []*peel.Recommendation{r}); err != nil {
		tb.Fatal(err)
	}
	return st, r
}

func TestRecommendations(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st, r := nationalStore(t, b)
		ctx := store.WithActor(context.Background(), "sample inspector")
		kent := &peel.User{Email: "kent@example.org", Role: peel.RoleLiaison, Organisation: "kent"}
		inspector := &peel.User{Email: "inspector@example.org", Role: peel.RoleInspector}
		progress := func() *peel.Entry {
			return &peel.Entry{Kind: peel.EntryProgress, Status: peel.RecBeingProgressed, Comment: "A sample plan is drafted.", Evidence: []string{"https://example.org/plan"}}
		}

		got, err := st.FindRecommendation(ctx, r.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Addressees) != 43 || got.Addressee("kent").Latest().Status != peel.RecAwaitingReview {
			t.Fatalf("addressees %d, kent %+v; want 43 forces awaiting review", len(got.Addressees), got.Addressee("kent"))
		}

		// Unpublished: the public and a liaison see nothing.
		if list, n, err := st.FindRecommendations(ctx, store.RecommendationFilter{Public: true}); err != nil || n != 0 || len(list) != 0 {
			t.Errorf("public before publication: %d (%v)", n, err)
		}
		_, err = st.AddEntry(ctx, kent, r.ID, "kent", progress())
		wantCode(t, err, peel.ENOTFOUND)

		if _, err := st.PublishPublication(ctx, "sample-overview", nil); err != nil {
			t.Fatal(err)
		}
		if _, n, err := st.FindRecommendations(ctx, store.RecommendationFilter{Public: true, Organisation: "kent", Statuses: []peel.RecStatus{peel.RecAwaitingReview}}); err != nil || n != 1 {
			t.Errorf("public after publication, kent awaiting review: %d (%v)", n, err)
		}

		t.Run("ErrOtherForce", func(t *testing.T) {
			_, err := st.AddEntry(ctx, kent, r.ID, "essex", progress())
			wantCode(t, err, peel.EFORBIDDEN)
		})
		t.Run("ErrLiaisonReviews", func(t *testing.T) {
			_, err := st.AddEntry(ctx, kent, r.ID, "kent", &peel.Entry{Kind: peel.EntryReview, Verdict: peel.VerdictAccepted})
			wantCode(t, err, peel.EFORBIDDEN)
		})
		t.Run("ErrInspectorProgress", func(t *testing.T) {
			_, err := st.AddEntry(ctx, inspector, r.ID, "kent", progress())
			wantCode(t, err, peel.EFORBIDDEN)
		})
		t.Run("ErrReviewNothing", func(t *testing.T) {
			_, err := st.AddEntry(ctx, inspector, r.ID, "essex", &peel.Entry{Kind: peel.EntryReview, Verdict: peel.VerdictAccepted})
			wantCode(t, err, peel.ECONFLICT)
		})
		t.Run("OK", func(t *testing.T) {
			if _, err := st.AddEntry(store.WithActor(ctx, kent.Email), kent, r.ID, "kent", progress()); err != nil {
				t.Fatal(err)
			}
			got, err := st.AddEntry(ctx, inspector, r.ID, "kent", &peel.Entry{Kind: peel.EntryReview, Verdict: peel.VerdictQuestioned, Comment: "Sample question."})
			if err != nil {
				t.Fatal(err)
			}
			h := got.Addressee("kent").History
			if len(h) != 3 || h[1].Actor != kent.Email || h[1].Evidence[0] != "https://example.org/plan" || h[2].Verdict != peel.VerdictQuestioned || h[2].Status != peel.RecBeingProgressed {
				t.Errorf("kent's history %+v", h)
			}
			if n, err := st.CountAudit(ctx, store.AuditFilter{Subject: r.Path() + "/kent"}); err != nil || n != 2 {
				t.Errorf("audit entries for kent: %d (%v), want 2", n, err)
			}
		})

		// Nothing rewrites the history.
		db := store.DB(st)
		for _, q := range []string{`UPDATE recommendation_history SET comment = 'rewritten'`, `DELETE FROM recommendation_history`} {
			if _, err := db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: error %v, want a refusal saying the history is append-only", q, err)
			}
		}
	})
}

func TestSaveRecommendations(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st, r := nationalStore(t, b)
		ctx := context.Background()
		for _, c := range []struct {
			name string
			r    *peel.Recommendation
			code string
		}{
			{"ErrNoPublication", &peel.Recommendation{Text: "x", Theme: "t", IssuedIn: "nothing", AllForces: true}, peel.EINVALID},
			{"ErrNoOrganisation", &peel.Recommendation{Text: "x", Theme: "t", IssuedIn: "sample-overview", Organisations: []string{"kent", "nowhere"}}, peel.EINVALID},
			{"ErrDropAddressee", &peel.Recommendation{ID: r.ID, Text: "x", Theme: "t", IssuedIn: "sample-overview", Organisations: []string{"kent"}}, peel.EINVALID},
			{"ErrNoText", &peel.Recommendation{Text: " ", Theme: "t", IssuedIn: "sample-overview", AllForces: true}, peel.EINVALID},
		} {
			t.Run(c.name, func(t *testing.T) {
				ok := &peel.Recommendation{Text: "Fine.", Theme: "t", IssuedIn: "sample-overview", Organisations: []string{"kent"}}
				err := st.SaveRecommendations(ctx, []*peel.Recommendation{ok, c.r})
				wantCode(t, err, c.code)
				if _, n, _ := st.FindRecommendations(ctx, store.RecommendationFilter{}); n != 1 {
					t.Errorf("%d recommendations stored, want only the first: all or nothing", n)
				}
			})
		}
		t.Run("OK", func(t *testing.T) {
			r.Theme = "another-theme"
			if err := st.SaveRecommendations(ctx, []*peel.Recommendation{r}); err != nil {
				t.Fatal(err)
			}
			if got, err := st.FindRecommendation(ctx, r.ID, false); err != nil || got.Theme != "another-theme" || len(got.Addressee("kent").History) != 1 {
				t.Errorf("after the change: %+v (%v)", got, err)
			}
		})
	})
}

func TestFindStaleAddressees(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st, r := nationalStore(t, b)
		ctx := store.WithActor(context.Background(), "sample inspector")
		inspector := &peel.User{Email: "inspector@example.org", Role: peel.RoleInspector}
		// Today is 26 November 2026 (GMT); six months before is 26 May, in
		// British Summer Time, which ends at 23:00 UTC.
		now := time.Date(2026, 11, 26, 0, 30, 0, 0, time.UTC)
		clock := now
		store.SetNow(st, func() time.Time { return clock })
		if _, err := st.PublishPublication(ctx, "sample-overview", nil); err != nil {
			t.Fatal(err)
		}
		for _, e := range []struct {
			org    string
			at     time.Time
			status peel.RecStatus
		}{
			{"kent", time.Date(2026, 5, 26, 22, 59, 59, 0, time.UTC), peel.RecBeingProgressed}, // 23:59:59 on the 26th, UK time
			{"essex", time.Date(2026, 5, 26, 23, 0, 0, 0, time.UTC), peel.RecBeingProgressed},  // 00:00 on the 27th
			{"surrey", time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), peel.RecComplete},         // old, but closed
			{"dorset", time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), peel.RecAwaitingReview},   // the oldest
		} {
			clock = e.at
			if _, err := st.AddEntry(ctx, inspector, r.ID, e.org, &peel.Entry{Kind: peel.EntryStatus, Status: e.status}); err != nil {
				t.Fatal(err)
			}
		}
		clock = now
		slugs := func(list []*peel.StaleAddressee) string {
			var s []string
			for _, a := range list {
				s = append(s, a.Organisation)
			}
			return strings.Join(s, ",")
		}
		for _, c := range []struct {
			name   string
			filter store.StaleFilter
			want   string
			total  int
		}{
			{"SixMonths", store.StaleFilter{Before: peel.StaleBefore(now, 6)}, "dorset,kent", 2},
			{"Paged", store.StaleFilter{Before: peel.StaleBefore(now, 6), Limit: 1, Offset: 1}, "kent", 2},
			{"Organisation", store.StaleFilter{Before: peel.StaleBefore(now, 6), Organisation: "kent", Public: true}, "kent", 1},
			{"TwelveMonths", store.StaleFilter{Before: peel.StaleBefore(now, 12)}, "dorset", 1},
			{"None", store.StaleFilter{Before: peel.StaleBefore(now, 24)}, "", 0},
		} {
			t.Run(c.name, func(t *testing.T) {
				list, total, err := st.FindStaleAddressees(ctx, c.filter)
				if err != nil {
					t.Fatal(err)
				}
				if got := slugs(list); got != c.want || total != c.total {
					t.Errorf("got %q of %d, want %q of %d", got, total, c.want, c.total)
				}
			})
		}
		list, _, err := st.FindStaleAddressees(ctx, store.StaleFilter{Before: peel.StaleBefore(now, 6), Organisation: "kent"})
		if err != nil || len(list) != 1 {
			t.Fatalf("kent: %v (%v)", list, err)
		}
		if a := list[0]; a.Recommendation != r.ID || a.Name != "Kent Police" || a.Latest.Status != peel.RecBeingProgressed ||
			peel.MonthsBetween(peel.UKDate(a.Latest.At), peel.UKDate(now)) != 6 || a.Due.String() != "2031-06-30" || a.PastDue(now) {
			t.Errorf("kent's row: %+v", a)
		}
		t.Run("NotPublic", func(t *testing.T) {
			hidden := &peel.Publication{Slug: "sample-draft", Title: "A sample draft", Kind: peel.KindNationalOverview, Summary: "Sample."}
			if _, err := st.ImportPublication(ctx, hidden); err != nil {
				t.Fatal(err)
			}
			clock = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			err := st.SaveRecommendations(ctx, []*peel.Recommendation{{Text: "Sample.", Theme: "sample", IssuedIn: "sample-draft", Organisations: []string{"kent"}}})
			clock = now
			if err != nil {
				t.Fatal(err)
			}
			if _, n, err := st.FindStaleAddressees(ctx, store.StaleFilter{Before: now, Organisation: "kent", Public: true}); err != nil || n != 1 {
				t.Errorf("public stale rows for kent: %d (%v), want 1: the draft's is hidden", n, err)
			}
			if _, n, err := st.FindStaleAddressees(ctx, store.StaleFilter{Before: peel.StaleBefore(now, 6), Organisation: "kent"}); err != nil || n != 2 {
				t.Errorf("stale rows for kent: %d (%v), want 2", n, err)
			}
		})
	})
}
