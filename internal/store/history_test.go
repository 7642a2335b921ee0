package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// wantHistory checks the page history lists the versions numbered, newest
// first, and returns it.
func wantHistory(tb testing.TB, st *store.Store, organisation string, numbers ...int) []*peel.Version {
	tb.Helper()
	list, err := st.FindVersions(context.Background(), "sample-2030", organisation, "alpha")
	if err != nil {
		tb.Fatalf("history: %v", err)
	}
	var got []int
	for _, v := range list {
		got = append(got, v.Number)
		if v.Assessment.Version != v.Number || v.Assessment.Status != peel.StatusPublished || v.PublicFrom.IsZero() {
			tb.Errorf("version %d reads as version %d, %s, public from %v", v.Number, v.Assessment.Version, v.Assessment.Status, v.PublicFrom)
		}
	}
	if len(got) != len(numbers) {
		tb.Fatalf("history lists versions %v, want %v", got, numbers)
	}
	for i := range got {
		if got[i] != numbers[i] {
			tb.Fatalf("history lists versions %v, want %v", got, numbers)
		}
	}
	return list
}

func TestFindVersions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := sampleStore(t, b)
			first := sampleAssessment("sample-force")
			archived := time.Date(2016, 12, 8, 0, 0, 0, 0, time.UTC)
			first.PublishedAt = &archived
			mustImport(t, st, first, samplePillar())
			second := sampleAssessment("sample-force")
			second.PublishedAt, second.Grade = &archived, "strong"
			second.Summary = []string{"A corrected summary."}
			mustImport(t, st, second, samplePillar())
			if _, err := store.DB(st).ExecContext(ctx, store.Rebind(st, `UPDATE assessment_versions SET note = ? WHERE version = 2`), "Corrected the summary."); err != nil {
				t.Fatal(err)
			}

			list := wantHistory(t, st, "sample-force", 2, 1)
			// Each version reads back as it was published.
			for i, want := range []*peel.Assessment{second, first} {
				if got := list[i].Assessment; !got.SameContent(want) {
					t.Errorf("version %d reads back as %+v, want %+v", list[i].Number, got, want)
				}
			}
			if list[0].Note != "Corrected the summary." || list[1].Note != "" {
				t.Errorf("notes %q and %q", list[0].Note, list[1].Note)
			}
			// The first was public from its publication, before it was
			// stored here; the second from when it was stored.
			if !list[1].PublicFrom.Equal(archived) || !list[0].PublicFrom.After(time.Now().Add(-time.Minute)) {
				t.Errorf("public from %v and %v", list[1].PublicFrom, list[0].PublicFrom)
			}
			if v := list[1]; v.Assessment.Grade != "fair" || list[0].Assessment.Grade != "strong" {
				t.Errorf("the versions' grades are %q and %q", list[0].Assessment.Grade, v.Assessment.Grade)
			}
		})

		t.Run("Embargo", func(t *testing.T) {
			st, _ := draftStore(t, b)
			// A draft has no public history.
			_, err := st.FindVersions(ctx, "sample-2030", "sample-force", "alpha")
			wantCode(t, err, peel.ENOTFOUND)

			// Nor has one scheduled for later.
			at := time.Now().Add(time.Hour)
			if _, err := st.PublishAssessment(ctx, "sample-2030", "sample-force", "alpha", &at); err != nil {
				t.Fatal(err)
			}
			_, err = st.FindVersions(ctx, "sample-2030", "sample-force", "alpha")
			wantCode(t, err, peel.ENOTFOUND)

			// Due, it is public before its publication is recorded; the
			// draft version never is.
			makeDue(t, st)
			due := wantHistory(t, st, "sample-force", 2)
			if due[0].Assessment.PublishedAt == nil || !due[0].PublicFrom.Equal(*due[0].Assessment.PublishedAt) || len(due[0].Assessment.Judgments) != 2 {
				t.Errorf("the due version is %+v", due[0])
			}

			// Recorded, it reads the same.
			if _, err := st.PublishDue(ctx); err != nil {
				t.Fatal(err)
			}
			recorded := wantHistory(t, st, "sample-force", 2)
			if !recorded[0].PublicFrom.Equal(due[0].PublicFrom) || !recorded[0].Assessment.SameContent(due[0].Assessment) {
				t.Errorf("recorded, the version reads %+v, public from %v; before, %+v from %v",
					recorded[0].Assessment, recorded[0].PublicFrom, due[0].Assessment, due[0].PublicFrom)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			st := sampleStore(t, b)
			_, err := st.FindVersions(ctx, "sample-2030", "sample-force", "alpha")
			wantCode(t, err, peel.ENOTFOUND)
		})
	})
}
