package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestEditorRecommendations: an inspector adds a national recommendation
// in the editor; Kent's liaison records Kent's progress and nothing of
// Essex's; the inspector questions it; the public log shows each step.
func TestEditorRecommendations(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			ctx := context.Background()
			overviews(t, s.store)
			inspector, kent := signedIn(t, s, "inspector@example.org"), signedIn(t, s, "kent@example.org")

			t.Run("ErrInvalid", func(t *testing.T) {
				for _, c := range []struct {
					form url.Values
					want string
				}{
					{url.Values{"theme": {"x"}, "issued_in": {"sample-overview"}, "scope": {"all"}}, "Enter the recommendation"},
					{url.Values{"text": {"x"}, "theme": {"x"}, "issued_in": {"no-such"}, "scope": {"all"}}, "issued_in: no publication no-such"},
					{url.Values{"text": {"x"}, "theme": {"x"}, "issued_in": {"sample-overview"}, "scope": {"named"}, "organisations": {"kent; nowhere"}}, "no organisation nowhere"},
					{url.Values{"text": {"x"}, "theme": {"x"}, "issued_in": {"sample-overview"}, "scope": {"all"}, "due-day": {"31"}, "due-month": {"2"}, "due-year": {"2031"}}, "must be a real date"},
				} {
					res, page := inspector.postForm(t, "/editor/recommendations/new", "/editor/recommendations/new", c.form)
					if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, c.want) {
						t.Errorf("%v: status %d, want 400 saying %q", c.form, res.StatusCode, c.want)
					}
				}
				if _, n, _ := s.store.FindRecommendations(ctx, store.RecommendationFilter{}); n != 0 {
					t.Errorf("%d recommendations stored from refused forms", n)
				}
			})

			res, _ := inspector.postForm(t, "/editor/recommendations/new", "/editor/recommendations/new", url.Values{
				"text": {"Every force should start a sample plan."}, "theme": {"sample-plans"}, "issued_in": {"sample-overview"},
				"scope": {"all"}, "due-day": {"30"}, "due-month": {"6"}, "due-year": {"2031"}})
			wantRedirect(t, res, "/editor/recommendations/1?done=added")
			_, page := inspector.do(t, "GET", "/editor/recommendations/1?done=added", nil)
			if rows(page) != 43 || !strings.Contains(page, "Recommendation added") || !strings.Contains(page, "Awaiting review: 43") {
				t.Errorf("the inspector's view lists %d forces, want 43 awaiting review", rows(page))
			}
			draft := &peel.Recommendation{Text: "A draft sample recommendation.", Theme: "sample", IssuedIn: "draft-overview", AllForces: true}
			if err := s.store.SaveRecommendations(ctx, []*peel.Recommendation{draft}); err != nil {
				t.Fatal(err)
			}

			t.Run("ErrLiaison", func(t *testing.T) {
				_, page := kent.do(t, "GET", "/editor/recommendations", nil)
				if !strings.Contains(page, `href="/editor/recommendations/1/kent"`) || strings.Contains(page, "A draft sample recommendation.") {
					t.Errorf("Kent's liaison does not see just the published recommendation to Kent")
				}
				before := auditCount(t, s.store)
				progress := url.Values{"status": {"being-progressed"}, "comment": {"Sample note."}}
				for _, c := range []struct {
					method, path string
					status       int
				}{
					{"GET", "/editor/recommendations/1/essex", http.StatusForbidden},
					{"POST", "/editor/recommendations/1/essex/progress", http.StatusForbidden},
					{"POST", "/editor/recommendations/1/kent/review", http.StatusForbidden},
					{"POST", "/editor/recommendations/1/kent/status", http.StatusForbidden},
					{"GET", "/editor/recommendations/2/kent", http.StatusNotFound},
					{"POST", "/editor/recommendations/2/kent/progress", http.StatusNotFound},
					{"GET", "/editor/recommendations/new", http.StatusForbidden},
				} {
					var res *http.Response
					if c.method == "GET" {
						res, _ = kent.do(t, "GET", c.path, nil)
					} else {
						res, _ = kent.postForm(t, "/editor/recommendations/1/kent", c.path, url.Values{"verdict": {"accepted"}, "status": progress["status"], "comment": progress["comment"]})
					}
					if res.StatusCode != c.status {
						t.Errorf("%s %s as Kent's liaison: status %d, want %d", c.method, c.path, res.StatusCode, c.status)
					}
				}
				if auditCount(t, s.store) != before {
					t.Errorf("a refused request changed something")
				}
				// The inspector records no force's progress.
				if res, _ := inspector.postForm(t, "/editor/recommendations/1/kent", "/editor/recommendations/1/kent/progress", progress); res.StatusCode != http.StatusForbidden {
					t.Errorf("the inspector recorded Kent's progress: status %d", res.StatusCode)
				}
			})

			t.Run("OK", func(t *testing.T) {
				res, page := kent.postForm(t, "/editor/recommendations/1/kent", "/editor/recommendations/1/kent/progress", url.Values{"status": {"being-progressed"}, "comment": {""}})
				if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Enter what the force has done") {
					t.Errorf("progress without a note: status %d", res.StatusCode)
				}
				res, _ = kent.postForm(t, "/editor/recommendations/1/kent", "/editor/recommendations/1/kent/progress", url.Values{
					"status": {"complete"}, "comment": {"Sample plan adopted."}, "evidence": {"https://example.org/sample-plan\nSample board minutes."}})
				wantRedirect(t, res, "/editor/recommendations/1/kent?done=progress")
				res, page = inspector.postForm(t, "/editor/recommendations/1/kent", "/editor/recommendations/1/kent/review", url.Values{"verdict": {"questioned"}})
				if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Enter what is questioned") {
					t.Errorf("a question without a comment: status %d", res.StatusCode)
				}
				res, _ = inspector.postForm(t, "/editor/recommendations/1/kent", "/editor/recommendations/1/kent/review", url.Values{"verdict": {"questioned"}, "comment": {"Sample question about the plan."}})
				wantRedirect(t, res, "/editor/recommendations/1/kent?done=review")

				_, page = s.get(t, "/recommendations/1")
				for _, want := range []string{`id="kent">Kent Police: Complete`, "the force reported: Complete", "Sample plan adopted.", "<li>Sample board minutes.</li>",
					"the inspectorate questioned the force’s update", "Sample question about the plan.", `id="essex">Essex Police: Awaiting review`} {
					if !strings.Contains(page, want) {
						t.Errorf("the public log lacks %q", want)
					}
				}
			})
		})
	}
}

// overviews adds a published sample national overview, sample-overview,
// and a draft one, draft-overview, for recommendations to be issued in.
func overviews(tb testing.TB, st *store.Store) {
	tb.Helper()
	ctx := context.Background()
	for _, p := range []*peel.Publication{
		{Slug: "sample-overview", Title: "A sample national overview", Kind: peel.KindNationalOverview, Summary: "Sample."},
		{Slug: "draft-overview", Title: "A draft sample overview", Kind: peel.KindNationalOverview, Summary: "Sample."},
	} {
		if _, err := st.ImportPublication(ctx, p); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := st.PublishPublication(ctx, "sample-overview", nil); err != nil {
		tb.Fatal(err)
	}
}
