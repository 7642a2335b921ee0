package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestEditorStaleRecommendations: seven months after the last entries, the
// inspectorate's view lists each force still open on a recommendation, the
// oldest update first; a liaison sees only their own force's published
// ones. (The boundary of the months, on the UK calendar, is tested in the
// store and in peel.)
func TestEditorStaleRecommendations(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			ctx := store.WithActor(context.Background(), "sample inspector")
			overviews(t, s.store)
			due, _ := peel.NewDate(2020, 1, 31)
			recs := []*peel.Recommendation{
				{Text: "Sample recommendation one.", Theme: "sample", IssuedIn: "sample-overview", Organisations: []string{"kent", "essex", "surrey"}, Due: due},
				{Text: "A draft sample recommendation.", Theme: "sample", IssuedIn: "draft-overview", Organisations: []string{"kent"}},
			}
			if err := s.store.SaveRecommendations(ctx, recs); err != nil {
				t.Fatal(err)
			}
			inspectorUser := &peel.User{Email: "inspector@example.org", Role: peel.RoleInspector}
			if _, err := s.store.AddEntry(ctx, inspectorUser, recs[0].ID, "surrey", &peel.Entry{Kind: peel.EntryStatus, Status: peel.RecComplete}); err != nil {
				t.Fatal(err)
			}
			inspector, kent, moderator := signedIn(t, s, "inspector@example.org"), signedIn(t, s, "kent@example.org"), signedIn(t, s, "moderator@example.org")
			now := time.Now()
			s.shift.Store(int64(now.AddDate(0, 7, 0).Sub(now)))

			t.Run("OK", func(t *testing.T) {
				res, page := inspector.do(t, "GET", "/editor/recommendations/stale", nil)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("status %d", res.StatusCode)
				}
				for _, want := range []string{"3 forces with no update for 6 months", `href="/editor/recommendations/1/essex">Essex Police</a>`,
					`href="/editor/recommendations/1/kent">Kent Police</a>`, `href="/editor/recommendations/2">Recommendation 2</a>`,
					"7 months ago", "Awaiting review", "Past due", `<option value="6" selected>6 months</option>`, `href="/editor/recommendations/stale.csv?months=6"`} {
					if !strings.Contains(page, want) {
						t.Errorf("the view does not show %q", want)
					}
				}
				if rows(page) != 3 || strings.Contains(page, "Surrey") {
					t.Errorf("%d rows, want 3 and none for Surrey, whose status is complete", rows(page))
				}
				if _, page := moderator.do(t, "GET", "/editor/recommendations/stale", nil); rows(page) != 3 {
					t.Errorf("a moderator sees %d rows, want 3", rows(page))
				}
				if _, page := inspector.do(t, "GET", "/editor/recommendations", nil); !strings.Contains(page, `href="/editor/recommendations/stale"`) {
					t.Errorf("the recommendations page does not link the view")
				}
			})
			t.Run("OKNoneThatOld", func(t *testing.T) {
				_, page := inspector.do(t, "GET", "/editor/recommendations/stale?months=9", nil)
				if strings.Contains(page, "govuk-table__row") || !strings.Contains(page, "Every open recommendation has had an update in the last 9 months") {
					t.Errorf("months=9 lists rows, want none")
				}
			})
			t.Run("OKLiaison", func(t *testing.T) {
				_, page := kent.do(t, "GET", "/editor/recommendations/stale", nil)
				if rows(page) != 1 || !strings.Contains(page, `href="/editor/recommendations/1/kent"`) || strings.Contains(page, "A draft sample recommendation.") {
					t.Errorf("Kent's liaison sees %d rows, want only Kent's published recommendation", rows(page))
				}
			})
			t.Run("OKCSV", func(t *testing.T) {
				res, body := inspector.do(t, "GET", "/editor/recommendations/stale.csv?months=6", nil)
				if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, "recommendation,text,organisation,") ||
					!strings.Contains(body, "1,Sample recommendation one.,essex,Essex Police,awaiting-review,") || strings.Count(body, "\r\n") != 4 {
					t.Errorf("the download:\n%s", body)
				}
			})
			t.Run("ErrMonths", func(t *testing.T) {
				for _, m := range []string{"0", "abc", "121"} {
					if res, page := inspector.do(t, "GET", "/editor/recommendations/stale?months="+m, nil); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "months:") {
						t.Errorf("months=%s: status %d, want 400 naming months", m, res.StatusCode)
					}
				}
			})
			t.Run("ErrSignedOut", func(t *testing.T) {
				res, _ := signedIn(t, s, "").do(t, "GET", "/editor/recommendations/stale", nil)
				if res.StatusCode != http.StatusSeeOther {
					t.Errorf("signed out: status %d, want a redirect to sign in", res.StatusCode)
				}
			})
		})
	}
}
