package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
)

// importChanged imports the seed page again with a word replaced, as a
// correction, and returns the result.
func (s *site) importChanged(tb testing.TB, old, new string) *importer.Result {
	tb.Helper()
	page := bytes.ReplaceAll(fixture.Seed(tb), []byte(seedWord(tb, old)), []byte(new))
	im := &importer.Importer{Store: s.store}
	res, err := im.Import(context.Background(), fixture.SeedName, page, false)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func TestHistory(t *testing.T) {
	history := seedPath + "/history"
	t.Run("OK", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, false)
		if res := s.importChanged(t, "exceptionally", "remarkably"); res.Version != 2 {
			t.Fatalf("the corrected page is version %d, want 2", res.Version)
		}
		s.wantPage(t, seedPath, 200, []string{`<dd class="govuk-summary-list__value">2 (<a class="govuk-link" href="` + history + `">Page history</a>)</dd>`, "Last updated", "remarkably"}, "exceptionally")
		body := s.wantPage(t, history, 200, []string{"Page history", "Kent PEEL 2016: Legitimacy", `href="` + seedPath + `"`, "No change note", ">Outstanding</strong>",
			`<time datetime="2016-12-08T00:00:00Z">8 December 2016</time>`})
		v2, v1 := strings.Index(body, `href="`+history+`/2">Version 2</a> <span class="govuk-body-s">(current)</span>`), strings.Index(body, `href="`+history+`/1">Version 1</a>`)
		if v2 < 0 || v1 < 0 || v2 > v1 {
			t.Errorf("the history does not list versions 2 and 1, newest first")
		}
		s.wantPage(t, history+"/1", 200, []string{"Old version", "version 1, published on", `href="` + seedPath + `">Read the current version</a>`, "exceptionally", "Legitimacy"}, "remarkably")
		s.wantPage(t, history+"/2", 200, []string{"Current version", "remarkably"}, "exceptionally", "Old version")
		for _, path := range []string{history + "/3", history + "/0", history + "/01", history + "/x", seedPath + "/histories"} {
			s.wantPage(t, path, 404, []string{"Page not found"})
		}
		for from, to := range map[string]string{history + "/": history, history + "/1/": history + "/1"} {
			if res, _ := s.get(t, from); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != to {
				t.Errorf("%s: status %d, location %q; want a redirect to %s", from, res.StatusCode, res.Header.Get("Location"), to)
			}
		}
	})
	t.Run("Embargo", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, true)
		_, missing := s.get(t, "/peel-assessments/peel-2016/kent/effectiveness/history")
		for _, path := range []string{history, history + "/1"} {
			if body := s.wantPage(t, path, 404, nil); body != missing {
				t.Errorf("%s: a draft's 404 differs from a missing page's", path)
			}
		}
		at := time.Now().Add(300 * time.Millisecond)
		if _, err := s.store.PublishAssessment(context.Background(), "peel-2016", "kent", "legitimacy", &at); err != nil {
			t.Fatal(err)
		}
		s.wantPage(t, history, 404, nil)
		s.wantPage(t, history+"/2", 404, nil)
		time.Sleep(time.Until(at) + 100*time.Millisecond)
		// Due by the database's clock: its version is public, the draft's
		// never is.
		s.wantPage(t, history, 200, []string{`href="` + history + `/2">Version 2</a>`}, history+"/1")
		s.wantPage(t, history+"/2", 200, []string{"Current version"})
		s.wantPage(t, history+"/1", 404, nil)
	})
}
