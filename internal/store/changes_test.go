package store_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestFindChangesKinds: publications and recommendations' history entries
// are in the list of changes from the time the public may see them, and
// not before.
func TestFindChangesKinds(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		start := time.Now().Add(-time.Minute)
		st, r := nationalStore(t, b)
		list := func(after store.ChangesAfter, limit int) []*store.Change { return mustFindChanges(t, st, after, limit) }
		inspector := &peel.User{Email: "inspector@example.org", Role: peel.RoleInspector}
		kent := &peel.User{Email: "kent@example.org", Role: peel.RoleLiaison, Organisation: "kent"}
		early, err := st.AddEntry(ctx, inspector, r.ID, "essex", &peel.Entry{Kind: peel.EntryStatus, Status: peel.RecBeingProgressed, Comment: "A sample status."})
		if err != nil {
			t.Fatal(err)
		}
		if got := list(store.ChangesSince(start), 100); len(got) != 0 {
			t.Fatalf("before publication: %d changes, the first %s; want none", len(got), got[0].Path())
		}

		pub, err := st.PublishPublication(ctx, "sample-overview", nil)
		if err != nil {
			t.Fatal(err)
		}
		published := list(store.ChangesSince(start), 100)
		// The publication, then the 43 forces' first entries and Essex's
		// status, all at the time the publication became public.
		if len(published) != 45 {
			t.Fatalf("after publication: %d changes, want 45", len(published))
		}
		if c := published[0]; c.Kind != store.ChangePublication || c.Path() != "/publications/sample-overview" || c.Version != 1 || !c.At.Equal(*pub.PublishedAt) {
			t.Errorf("first change %s %s at %v, want the publication at %v", c.Kind, c.Path(), c.At, pub.PublishedAt)
		}
		last := published[44]
		essex := early.Addressee("essex").Latest()
		if last.Kind != store.ChangeRecommendation || last.Recommendation != r.ID || last.Organisation != "essex" || last.Entry != essex.ID ||
			last.Path() != r.Path() || !last.At.Equal(*pub.PublishedAt) {
			t.Errorf("last change %+v, want Essex's entry %d at the publication's time", last, essex.ID)
		}

		// An entry made now is listed at its own time, after the rest.
		time.Sleep(5 * time.Millisecond)
		later, err := st.AddEntry(store.WithActor(ctx, kent.Email), kent, r.ID, "kent", &peel.Entry{Kind: peel.EntryProgress, Status: peel.RecBeingProgressed, Comment: "A sample plan."})
		if err != nil {
			t.Fatal(err)
		}
		after, err := store.ParseChangeCursor(last.Cursor)
		if err != nil {
			t.Fatal(err)
		}
		got := list(after, 100)
		entry := later.Addressee("kent").Latest()
		if len(got) != 1 || got[0].Organisation != "kent" || got[0].Entry != entry.ID || !got[0].At.Equal(entry.At) {
			t.Fatalf("after the last cursor: %+v, want Kent's new entry %d", got, entry.ID)
		}

		// A correction of the publication is its next version, listed when
		// it was stored.
		time.Sleep(5 * time.Millisecond)
		pub.Summary = "A corrected sample summary."
		if _, err := st.ImportPublication(ctx, pub); err != nil {
			t.Fatal(err)
		}
		got = list(after, 100)
		if len(got) != 2 || got[1].Kind != store.ChangePublication || got[1].Version != 2 || !got[1].At.After(got[0].At) {
			t.Fatalf("after the correction: %+v, want Kent's entry, then the publication's version 2", got)
		}

		// Paged a change at a time, the cursors visit every change once,
		// in order.
		var paged []*store.Change
		for next := store.ChangesSince(start); ; {
			page := list(next, 1)
			if len(page) == 0 {
				break
			}
			paged = append(paged, page[0])
			if next, err = store.ParseChangeCursor(page[0].Cursor); err != nil {
				t.Fatal(err)
			}
		}
		if len(paged) != 47 || paged[45].Entry != entry.ID || paged[46].Version != 2 {
			t.Errorf("paged one at a time: %d changes, want 47 ending with Kent's entry and the correction", len(paged))
		}

		// A cursor handed out before changes had kinds is an assessment's.
		old := base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s %d %d", start.UTC().Format(time.RFC3339Nano), 1, 1))
		if _, err := store.ParseChangeCursor(old); err != nil {
			t.Errorf("a cursor of three fields: %v", err)
		}
		bad := base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s %d %d %d", start.UTC().Format(time.RFC3339Nano), 9, 1, 1))
		wantCode(t, func() error { _, err := store.ParseChangeCursor(bad); return err }(), peel.EINVALID)
	})
}

// mustFindChanges lists changes, failing the test on an error.
func mustFindChanges(tb testing.TB, st *store.Store, after store.ChangesAfter, limit int) []*store.Change {
	tb.Helper()
	changes, err := st.FindChanges(context.Background(), after, limit)
	if err != nil {
		tb.Fatal(err)
	}
	return changes
}
