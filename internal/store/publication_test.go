package store_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func TestPublishAssessment(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("Now", func(t *testing.T) {
			st, draft := draftStore(t, b)
			before := time.Now().Add(-time.Second)
			a, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", nil)
			if err != nil {
				t.Fatal(err)
			}
			after := time.Now().Add(time.Second)
			if a.Status != peel.StatusPublished || a.Version != 2 || a.PublishAt != nil || a.PublishedAt == nil {
				t.Fatalf("published as %s, version %d, publish at %v, published at %v; want published, version 2, at a time", a.Status, a.Version, a.PublishAt, a.PublishedAt)
			}
			// The database's clock, kept to the millisecond as every stored
			// time is.
			if at := *a.PublishedAt; at.Before(before) || at.After(after) || !at.Equal(at.Truncate(time.Millisecond)) {
				t.Fatalf("published at %v, want a millisecond between %v and %v", at, before, after)
			}
			want := sampleAssessment("sample-force")
			want.ID, want.Version, want.PublishedAt = draft.ID, 2, a.PublishedAt
			wantAssessment(t, mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"), want)
			docs := wantVersions(t, st, draft.ID, peel.StatusDraft, peel.StatusPublished)
			var doc struct{ PublishedAt *time.Time }
			if err := json.Unmarshal([]byte(docs[1]), &doc); err != nil {
				t.Fatal(err)
			} else if doc.PublishedAt == nil || !doc.PublishedAt.Equal(*a.PublishedAt) {
				t.Fatalf("the published version's document says published at %v, want %v", doc.PublishedAt, a.PublishedAt)
			}
		})

		t.Run("Later", func(t *testing.T) {
			st, draft := draftStore(t, b)
			at := time.Now().Add(time.Hour).Truncate(time.Millisecond)
			a, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", &at)
			if err != nil {
				t.Fatal(err)
			}
			if a.Status != peel.StatusScheduled || a.Version != 1 || a.PublishAt == nil || !a.PublishAt.Equal(at) || a.PublishedAt != nil {
				t.Fatalf("scheduled as %s, version %d, publish at %v, published at %v; want scheduled, version 1, at %v", a.Status, a.Version, a.PublishAt, a.PublishedAt, at)
			}
			if list, err := st.FindAssessments(ctx, store.AssessmentFilter{Public: true}); err != nil || len(list) != 0 {
				t.Fatalf("public before its time: %d assessments (error %v), want none", len(list), err)
			}
			if list, err := st.PublishDue(ctx); err != nil || len(list) != 0 {
				t.Fatalf("PublishDue before its time published %d (error %v), want none", len(list), err)
			}
			wantVersions(t, st, draft.ID, peel.StatusDraft)

			// Published now after all, it is public from now.
			a, err = st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Status != peel.StatusPublished || a.PublishedAt == nil || !a.PublishedAt.Before(at) {
				t.Fatalf("published as %s at %v, want published now", a.Status, a.PublishedAt)
			}
			wantVersions(t, st, draft.ID, peel.StatusDraft, peel.StatusPublished)
		})

		t.Run("GoneBy", func(t *testing.T) {
			// A time gone by is now: the page was not public then.
			st, _ := draftStore(t, b)
			before := time.Now().Add(-time.Second)
			at := before.Add(-24 * time.Hour)
			a, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", &at)
			if err != nil {
				t.Fatal(err)
			}
			if a.Status != peel.StatusPublished || a.PublishedAt == nil || a.PublishedAt.Before(before) {
				t.Fatalf("published as %s at %v, want published now", a.Status, a.PublishedAt)
			}
		})

		t.Run("ErrConflict", func(t *testing.T) {
			st := sampleStore(t, b)
			published := sampleAssessment("sample-force")
			mustImport(t, st, published, samplePillar())
			_, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", nil)
			wantCode(t, err, peel.ECONFLICT)
			wantVersions(t, st, published.ID, peel.StatusPublished)
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			st, _ := draftStore(t, b)
			_, err := st.PublishAssessment(ctx, "sample-2030", "other-force", "alpha", nil)
			wantCode(t, err, peel.ENOTFOUND)
		})
	})
}

func TestPublishDue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st, draft := draftStore(t, b)
		at := time.Now().Add(300 * time.Millisecond).Truncate(time.Millisecond)
		if _, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", &at); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Until(at) + 100*time.Millisecond)

		// Its time has come: reads show it published as of then, before
		// anything records it.
		want := sampleAssessment("sample-force")
		want.ID, want.Version, want.PublishedAt = draft.ID, 2, &at
		wantAssessment(t, mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"), want)
		if list, err := st.FindAssessments(ctx, store.AssessmentFilter{Public: true}); err != nil || len(list) != 1 {
			t.Fatalf("public once due: %d assessments (error %v), want 1", len(list), err)
		}

		// Several servers record it at once: one of them does.
		const n = 4
		published := make(chan *peel.Assessment, n)
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				list, err := st.PublishDue(ctx)
				if err != nil {
					errs <- err
				}
				for _, a := range list {
					published <- a
				}
			})
		}
		wg.Wait()
		close(errs)
		close(published)
		for err := range errs {
			t.Error(err)
		}
		var got []*peel.Assessment
		for a := range published {
			got = append(got, a)
		}
		if len(got) != 1 {
			t.Fatalf("published %d times, want once", len(got))
		}
		wantAssessment(t, got[0], want)
		wantAssessment(t, mustFindAssessment(t, st, "sample-2030", "sample-force", "alpha"), want)
		wantVersions(t, st, draft.ID, peel.StatusDraft, peel.StatusPublished)
	})
}

// draftStore is sampleStore with the sample assessment imported as a draft.
func draftStore(tb testing.TB, b fixture.Backend) (*store.Store, *peel.Assessment) {
	tb.Helper()
	st := sampleStore(tb, b)
	draft := sampleAssessment("sample-force")
	draft.Status, draft.PublishedAt = peel.StatusDraft, nil
	mustImport(tb, st, draft, samplePillar())
	return st, draft
}
