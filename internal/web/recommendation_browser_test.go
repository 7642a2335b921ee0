package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
)

// TestBrowserRecommendation walks one update through headless Chromium,
// through the editor's own forms: an inspector adds a recommendation to all
// forces; Kent's liaison records Kent's progress with evidence and cannot
// open Essex's entry; the inspector questions the update; the public log
// shows Kent's dated history.
func TestBrowserRecommendation(t *testing.T) {
	s := accountSiteOn(t, fixture.Store(t))
	addUser(t, s.store, &peel.User{Email: "kent@example.org", Role: peel.RoleLiaison, Organisation: "kent"}, samplePassword)
	ctx := context.Background()
	if _, err := s.store.ImportPublication(ctx, &peel.Publication{Slug: "sample-overview", Title: "A sample national overview", Kind: peel.KindNationalOverview, Summary: "Sample."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.PublishPublication(ctx, "sample-overview", nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	tab := startChromium(t, 120*time.Second)

	open, submit, signIn, signOut := browserTab{tab, srv.URL}.funcs()
	want := func(t *testing.T, text string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("the page lacks %q:\n%s", w, text)
			}
		}
	}

	signIn(t, "inspector@example.org")
	open(t, "/editor/recommendations/new", http.StatusOK)
	text := submit(t, `form[action="/editor/recommendations/new"]`, map[string]string{
		"text": "Every force should start a sample plan.", "theme": "sample-plans", "issued_in": "sample-overview",
		"scope": "all", "due-day": "30", "due-month": "6", "due-year": "2031"})
	want(t, text, "Recommendation added", "Awaiting review: 43")
	signOut(t)

	signIn(t, "kent@example.org")
	text = open(t, "/editor/recommendations", http.StatusOK)
	want(t, text, "Recommendation 1", "Awaiting review")
	open(t, "/editor/recommendations/1/essex", http.StatusForbidden)
	open(t, "/editor/recommendations/1/kent", http.StatusOK)
	text = submit(t, `form[action$="/progress"]`, map[string]string{
		"status": "being-progressed", "comment": "Kent has drafted a sample plan.", "evidence": "https://example.org/sample-plan"})
	want(t, text, "Progress recorded", "the force reported: Being progressed", "Kent has drafted a sample plan.")
	signOut(t)

	signIn(t, "inspector@example.org")
	open(t, "/editor/recommendations/1/kent", http.StatusOK)
	text = submit(t, `form[action$="/review"]`, map[string]string{"verdict": "questioned", "comment": "The sample plan has no dates."})
	want(t, text, "Review recorded", "the inspectorate questioned the force’s update", "The sample plan has no dates.")
	signOut(t)

	text = open(t, "/recommendations/1", http.StatusOK)
	want(t, text, "Kent Police: Being progressed", "Kent has drafted a sample plan.", "The sample plan has no dates.", "Essex Police: Awaiting review")
}
