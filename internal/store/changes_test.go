package store_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
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

// TestFindChangesOutcomesWithdrawals: an outcome changed after its review
// became public is listed at its change, once, and a withdrawal of a
// publication or an assessment at its time; before the review is public,
// nothing of it is.
func TestFindChangesOutcomesWithdrawals(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		ctx := context.Background()
		st := reviewStore(t, b, sampleOutcome())
		mustImport(t, st, sampleAssessment("sample-force"), samplePillar())
		start := time.Now().Add(-time.Minute)
		describe := func(changes []*store.Change) string {
			var s []string
			for _, c := range changes {
				s = append(s, string(c.Kind)+" "+c.Path())
			}
			return strings.Join(s, ", ")
		}
		since := func(at time.Time) string { return describe(mustFindChanges(t, st, store.ChangesSince(at), 100)) }
		const assessment = "assessment /peel-assessments/sample-2030/sample-force/alpha"

		// A draft review's outcome, changed: not listed.
		changed := sampleOutcome()
		changed.Grade = "done"
		if _, err := st.ImportOutcomes(ctx, []*peel.Outcome{changed}); err != nil {
			t.Fatal(err)
		}
		if got := since(start); got != assessment {
			t.Fatalf("before the review is public: %s", got)
		}
		if _, err := st.PublishPublication(ctx, "sample-review", nil); err != nil {
			t.Fatal(err)
		}
		published := time.Now()
		if got := since(start); got != assessment+", publication /publications/sample-review" {
			t.Fatalf("published: %s", got)
		}

		// Changed twice after: listed once, at the last change.
		time.Sleep(5 * time.Millisecond)
		for _, grade := range []string{"none", "begun"} {
			changed.Grade = grade
			if _, err := st.ImportOutcomes(ctx, []*peel.Outcome{changed}); err != nil {
				t.Fatal(err)
			}
		}
		if got := since(published); got != "outcome /publications/sample-review/sample-force" {
			t.Errorf("after the outcome changed: %s", got)
		}

		withdrawing := time.Now()
		time.Sleep(5 * time.Millisecond) // a change at the time itself is not after it
		if _, err := st.WithdrawPublication(ctx, "sample-review", "A sample reason."); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Withdraw(ctx, peel.Operator(), "sample-2030", "sample-force", "alpha", "A sample reason."); err != nil {
			t.Fatal(err)
		}
		list := mustFindChanges(t, st, store.ChangesSince(withdrawing), 100)
		if got := describe(list); got != "withdrawal /publications/sample-review, withdrawal /peel-assessments/sample-2030/sample-force/alpha" &&
			got != "withdrawal /peel-assessments/sample-2030/sample-force/alpha, withdrawal /publications/sample-review" {
			t.Errorf("after the withdrawals: %s", got)
		}
		for _, c := range list {
			if c.At.Before(withdrawing.Truncate(time.Millisecond)) {
				t.Errorf("%s withdrawn at %v, before it was", c.Path(), c.At)
			}
		}
	})
}
