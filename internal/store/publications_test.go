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

// sampleReview is a follow-up review with a scale of its own words.
func sampleReview() *peel.Publication {
	return &peel.Publication{
		Slug: "sample-review", Title: "Sample review of plans", Kind: peel.KindFollowUpReview,
		Date: mustDate(2031, 3, 4), Summary: "A sample summary.", Body: []string{"First sample paragraph.", "Second sample paragraph."},
		Organisations: []string{"sample-force", "other-force"},
		Links:         []peel.Link{{Title: "A sample overview"}, {Title: "Elsewhere", Href: "https://example.org/x"}},
		Scale: []*peel.Grade{
			{Slug: "done", Label: "Done in full", Colour: "green"},
			{Slug: "begun", Label: "Begun", Colour: "yellow"},
			{Slug: "none", Label: "Nothing yet", Colour: "red"},
		},
	}
}

func sampleOutcome() *peel.Outcome {
	return &peel.Outcome{Publication: "sample-review", Organisation: "sample-force", Grade: "begun", Narrative: []string{"The sample force has begun.", "More is to do."}}
}

// reviewStore is a sample store with the sample review, a draft, and
// the outcome.
func reviewStore(tb testing.TB, b fixture.Backend, o *peel.Outcome) *store.Store {
	tb.Helper()
	st := sampleStore(tb, b)
	if _, err := st.ImportPublication(context.Background(), sampleReview()); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.ImportOutcomes(context.Background(), []*peel.Outcome{o}); err != nil {
		tb.Fatal(err)
	}
	return st
}

func TestImportPublication(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := sampleStore(t, b)
			res, err := st.ImportPublication(ctx, sampleReview())
			if err != nil || res.Outcome != store.Created {
				t.Fatalf("import: %v, %v", res, err)
			}
			p, err := st.FindPublication(ctx, "sample-review")
			if err != nil {
				t.Fatal(err)
			}
			want := sampleReview()
			if !p.SameContent(want) || p.Status != peel.StatusDraft {
				t.Fatalf("stored %+v, want %+v as a draft", p, want)
			}
			if res, err := st.ImportPublication(ctx, sampleReview()); err != nil || res.Outcome != store.Unchanged {
				t.Fatalf("second import: %v, %v; want unchanged", res, err)
			}
			changed := sampleReview()
			changed.Summary = "Another summary."
			changed.Scale[1].Label = "Started"
			if res, err := st.ImportPublication(ctx, changed); err != nil || res.Outcome != store.Updated {
				t.Fatalf("changed import: %v, %v; want updated", res, err)
			}
			if p, _ := st.FindPublication(ctx, "sample-review"); p.Summary != "Another summary." || p.Scale[1].Label != "Started" {
				t.Fatalf("after the change: %q, %q", p.Summary, p.Scale[1].Label)
			}
			entries, err := st.FindAudit(ctx, store.AuditFilter{Subject: "/publications/sample-review"})
			if err != nil || len(entries) != 2 {
				t.Fatalf("audit: %d entries (%v), want 2", len(entries), err)
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			st := sampleStore(t, b)
			for name, edit := range map[string]func(p *peel.Publication){
				"slug":          func(p *peel.Publication) { p.Slug = "Not A Slug" },
				"title":         func(p *peel.Publication) { p.Title = " " },
				"kind":          func(p *peel.Publication) { p.Kind = "pamphlet" },
				"scale":         func(p *peel.Publication) { p.Scale = nil },
				"organisations": func(p *peel.Publication) { p.Organisations = []string{"no-such-force"} },
			} {
				p := sampleReview()
				edit(p)
				_, err := st.ImportPublication(ctx, p)
				wantCode(t, err, peel.EINVALID)
				if !strings.Contains(peel.ErrorMessage(err), name) {
					t.Errorf("%s: the error does not name the field: %v", name, err)
				}
			}
			if _, _, err := st.FindPublications(ctx, store.PublicationFilter{}); err != nil {
				t.Fatal(err)
			} else if list, _, _ := st.FindPublications(ctx, store.PublicationFilter{}); len(list) != 0 {
				t.Fatalf("%d publications stored by refused imports", len(list))
			}
		})
	})
}

func TestImportOutcomes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := sampleStore(t, b)
		if _, err := st.ImportPublication(ctx, sampleReview()); err != nil {
			t.Fatal(err)
		}
		t.Run("OK", func(t *testing.T) {
			if _, err := st.ImportOutcomes(ctx, []*peel.Outcome{sampleOutcome()}); err != nil {
				t.Fatal(err)
			}
			list, err := st.FindOutcomes(ctx, store.OutcomeFilter{Publication: "sample-review"})
			if err != nil || len(list) != 1 || list[0].Grade != "begun" || len(list[0].Narrative) != 2 {
				t.Fatalf("outcomes %+v, %v", list, err)
			}
			// A point of the scale in use stays on it.
			shorter := sampleReview()
			shorter.Scale = shorter.Scale[:1]
			_, err = st.ImportPublication(ctx, shorter)
			wantCode(t, err, peel.ECONFLICT)
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			bad := *sampleOutcome()
			bad.Grade = "finished"
			other := *sampleOutcome()
			other.Organisation, other.Grade = "other-force", "done"
			_, err := st.ImportOutcomes(ctx, []*peel.Outcome{&other, &bad})
			wantCode(t, err, peel.EINVALID)
			var oe *store.OutcomeError
			if !asOutcomeError(err, &oe) || oe.Index != 1 || !strings.Contains(err.Error(), "outcome") {
				t.Fatalf("error %v does not name the second outcome's field", err)
			}
			if list, _ := st.FindOutcomes(ctx, store.OutcomeFilter{Organisation: "other-force"}); len(list) != 0 {
				t.Fatalf("a refused list left %d outcomes", len(list))
			}
		})
	})
}

func asOutcomeError(err error, oe **store.OutcomeError) bool {
	e, ok := err.(*store.OutcomeError)
	*oe = e
	return ok
}

// TestPublicationEmbargo: a draft and a scheduled publication, and their
// outcomes and titles, are nowhere public before their time; the scheduled
// one is, at its time, with no write in between, and the site's next change
// is that time.
func TestPublicationEmbargo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := reviewStore(t, b, sampleOutcome())
		outcomeTitle := peel.OutcomeTitle("Sample review of plans", "Sample Force")
		public := func() (int, int, map[string]string) {
			t.Helper()
			list, total, err := st.FindPublications(ctx, store.PublicationFilter{Public: true})
			if err != nil || len(list) != total {
				t.Fatal(err)
			}
			outcomes, err := st.FindOutcomes(ctx, store.OutcomeFilter{Public: true})
			if err != nil {
				t.Fatal(err)
			}
			found, err := st.ResolveLinks(ctx, []string{outcomeTitle, "Sample review of plans", "Nothing"})
			if err != nil {
				t.Fatal(err)
			}
			return total, len(outcomes), found
		}
		if p, o, found := public(); p+o+len(found) != 0 {
			t.Fatalf("a draft shows: %d publications, %d outcomes, links %v", p, o, found)
		}
		at := time.Now().Add(1500 * time.Millisecond).Truncate(time.Millisecond)
		p, err := st.PublishPublication(ctx, "sample-review", &at)
		if err != nil || p.Status != peel.StatusScheduled || !p.PublishAt.Equal(at) {
			t.Fatalf("scheduled: %+v, %v", p, err)
		}
		if state, err := st.SiteState(ctx); err != nil || state.NextChange == nil || !state.NextChange.Equal(at) {
			t.Fatalf("next change %v (%v), want %v", state.NextChange, err, at)
		}
		if p, o, found := public(); p+o+len(found) != 0 {
			t.Fatalf("a scheduled publication shows before its time: %d publications, %d outcomes, links %v", p, o, found)
		}
		time.Sleep(time.Until(at) + 20*time.Millisecond)
		p2, o, found := public()
		if p2 != 1 || o != 1 || found[outcomeTitle] != "/publications/sample-review/sample-force" || found["Sample review of plans"] != "/publications/sample-review" || len(found) != 2 {
			t.Fatalf("after its time: %d publications, %d outcomes, links %v", p2, o, found)
		}
		if _, err := st.PublishDue(ctx); err != nil {
			t.Fatal(err)
		}
		if p, err := st.FindPublication(ctx, "sample-review"); err != nil || p.Status != peel.StatusPublished || !p.PublishedAt.Equal(at) {
			t.Fatalf("recorded as %+v, %v; want published at %v", p, err, at)
		}
		_, err = st.PublishPublication(ctx, "sample-review", nil)
		wantCode(t, err, peel.ECONFLICT)
		_, err = st.WithdrawPublication(ctx, "sample-review", "")
		wantCode(t, err, peel.EINVALID)
		if p, err := st.WithdrawPublication(ctx, "sample-review", "A sample reason."); err != nil || p.Status != peel.StatusWithdrawn || p.Withdrawn != "A sample reason." {
			t.Fatalf("withdrawn: %+v, %v", p, err)
		}
		var actions []string
		entries, _ := st.FindAudit(ctx, store.AuditFilter{Subject: "/publications/sample-review"})
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, " "); !strings.Contains(got, "publication.schedule") || !strings.Contains(got, "publication.publish") || !strings.Contains(got, "publication.withdraw") {
			t.Fatalf("audit actions %s", got)
		}
	})
}

func TestSearchPublications(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		st := reviewStore(t, b, &peel.Outcome{Publication: "sample-review", Organisation: "sample-force", Grade: "begun", Narrative: []string{"Zephyrwords and more."}})
		search := func(q, org string) int {
			t.Helper()
			list, total, err := st.SearchPublications(ctx, q, org, 5)
			if err != nil || len(list) != total {
				t.Fatalf("search %q: %d of %d, %v", q, len(list), total, err)
			}
			return total
		}
		if n := search("zephyrwords", ""); n != 0 {
			t.Fatalf("a draft is found: %d", n)
		}
		if _, err := st.PublishPublication(ctx, "sample-review", nil); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			q, org string
			want   int
		}{
			{"zephyrwords", "", 1}, {"review plans", "", 1}, {"Second sample paragraph", "", 1}, {"zephyrwords", "other-force", 1},
			{"zephyrwords", "no-such-force", 0}, {"nothing-like-it", "", 0}, {`"*"`, "", 0},
		} {
			if n := search(c.q, c.org); n != c.want {
				t.Errorf("search %q (%q) finds %d, want %d", c.q, c.org, n, c.want)
			}
		}
		list, _, _ := st.SearchPublications(ctx, "zephyrwords", "", 5)
		var marked bool
		for _, f := range list[0].Snippet {
			marked = marked || (f.Match && strings.EqualFold(f.Text, "zephyrwords"))
		}
		if !marked {
			t.Errorf("the passage does not mark the word: %+v", list[0].Snippet)
		}
	})
}
