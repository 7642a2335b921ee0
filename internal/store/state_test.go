package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func TestSiteState(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		database := b.Database(t)
		open := func() *store.Store {
			st, err := store.Open(ctx, database)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			return st
		}
		st, other := open(), open() // two processes sharing the database
		state := func(st *store.Store) store.SiteState {
			t.Helper()
			s, err := st.SiteState(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		start := state(st)
		if start.NextChange != nil {
			t.Fatalf("a new database has a next change at %v, want none", start.NextChange)
		}

		// A change made through this store shows in both counts.
		if _, err := st.AddOrganisations(ctx, sampleOrganisations()); err != nil {
			t.Fatal(err)
		}
		if got := state(st).Generation; got != start.Generation+1 {
			t.Fatalf("generation after a change = %d, want %d", got, start.Generation+1)
		}
		if st.Changes() != 1 || other.Changes() != 0 {
			t.Fatalf("changes counted = %d here and %d in the other store, want 1 and 0", st.Changes(), other.Changes())
		}

		// A write that changes nothing moves nothing on.
		if n, err := st.AddOrganisations(ctx, sampleOrganisations()); err != nil || n != 0 {
			t.Fatalf("adding the same organisations again added %d (error %v), want 0", n, err)
		}
		if got := state(st).Generation; got != start.Generation+1 || st.Changes() != 1 {
			t.Fatalf("after a write that changed nothing: generation %d, changes %d; want %d and 1", got, st.Changes(), start.Generation+1)
		}

		// A change made by another process shows in the generation that
		// this one reads.
		mustSaveFramework(t, other, sampleFramework())
		if got := state(st).Generation; got != start.Generation+2 {
			t.Fatalf("generation after another process's change = %d, want %d", got, start.Generation+2)
		}

		// The next change by the clock: the soonest of a scheduled
		// publication and a notice's window opening or closing.
		draft := sampleAssessment("sample-force")
		draft.Status, draft.PublishedAt = peel.StatusDraft, nil
		mustImport(t, st, draft, samplePillar())
		publishAt := time.Now().Add(3 * time.Hour).Truncate(time.Millisecond)
		if _, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", &publishAt); err != nil {
			t.Fatal(err)
		}
		wantNext(t, state(st), publishAt)
		from, until := time.Now().Add(-time.Hour).Truncate(time.Millisecond), time.Now().Add(2*time.Hour).Truncate(time.Millisecond)
		if err := st.CreateNotice(ctx, &peel.Notice{Title: "Sample notice", Body: "Sample text.", From: &from, Until: &until}); err != nil {
			t.Fatal(err)
		}
		wantNext(t, state(st), until)
		// A maintenance window's opening and closing are changes too.
		mfrom, muntil := time.Now().Add(time.Hour).Truncate(time.Millisecond), time.Now().Add(90*time.Minute).Truncate(time.Millisecond)
		if err := st.CreateNotice(ctx, &peel.Notice{Title: "Sample downtime", Body: "Sample text.", MaintenanceFrom: &mfrom, MaintenanceUntil: &muntil}); err != nil {
			t.Fatal(err)
		}
		wantNext(t, state(st), mfrom)
		mfrom2, muntil2 := time.Now().Add(-time.Minute).Truncate(time.Millisecond), time.Now().Add(30*time.Minute).Truncate(time.Millisecond)
		if err := st.CreateNotice(ctx, &peel.Notice{Title: "Sample downtime now", Body: "Sample text.", MaintenanceFrom: &mfrom2, MaintenanceUntil: &muntil2}); err != nil {
			t.Fatal(err)
		}
		wantNext(t, state(st), muntil2)
	})
}

func wantNext(t *testing.T, s store.SiteState, want time.Time) {
	t.Helper()
	if s.NextChange == nil || !s.NextChange.Equal(want) {
		t.Fatalf("next change at %v, want %v", s.NextChange, want)
	}
}
