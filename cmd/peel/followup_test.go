package main

import (
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/store"
	"github.com/peel-oss/peel/internal/web"
)

// A sample follow-up review of the seed page's own title, with a scale of
// its own (the words are sample, not the inspectorate's).
const abuseReviewYAML = `title: Abuse of position assessment
kind: follow-up-review
summary: A sample summary of a sample review.
body:
  - A sample paragraph.
organisations: [kent]
scale:
  - label: Sample done
    colour: green
  - label: Sample not done
    colour: red
`

// serveDatabase is the site over the database, as serve answers.
func serveDatabase(tb testing.TB, db, baseURL string) http.Handler {
	tb.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	s, err := web.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), baseURL)
	if err != nil {
		tb.Fatal(err)
	}
	return s.Handler()
}

func getFrom(tb testing.TB, h http.Handler, path string) (int, string) {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

// TestFollowUpInBulk enters a follow-up review with an outcome for Kent
// and a recommendation to all 43 forces with the bulk commands alone. Once
// the review is published, the seed page's link "Abuse of position
// assessment – Kent Police" leads to Kent's outcome, and the log and its
// download show the recommendation with each force's dated history.
func TestFollowUpInBulk(t *testing.T) {
	db := importedSeed(t)
	run(t, "--database", db, "import-publication", writeFile(t, "review.yaml", []byte(abuseReviewYAML))).want(t, 0)
	run(t, "--database", db, "import-outcomes", writeFile(t, "outcomes.csv", []byte(
		"publication,organisation,outcome,narrative\nabuse-of-position-assessment,kent,Sample done,A sample narrative for Kent.\n"))).want(t, 0)
	run(t, "--database", db, "import-recommendations", writeFile(t, "recs.csv", []byte(
		"issued_in,text,theme,due,organisations\nabuse-of-position-assessment,Every force should have a sample plan.,sample-theme,2031-06-30,all\n"))).want(t, 0)

	const outcome = "/publications/abuse-of-position-assessment/kent"
	page := "/peel-assessments/" + seedPath
	h := serveDatabase(t, db, "http://localhost:8080")
	if code, body := getFrom(t, h, page); code != http.StatusOK || !strings.Contains(body, "Abuse of position assessment") || strings.Contains(body, outcome) {
		t.Fatalf("before publication: the seed page (%d) must name the review without linking it", code)
	}
	for _, p := range []string{outcome, "/recommendations/1"} {
		if code, _ := getFrom(t, h, p); code != http.StatusNotFound {
			t.Errorf("before publication: %s is %d, want 404", p, code)
		}
	}

	run(t, "--database", db, "publication", "publish", "abuse-of-position-assessment").want(t, 0)
	h = serveDatabase(t, db, "http://localhost:8080")
	_, body := getFrom(t, h, page)
	if !strings.Contains(body, `href="`+outcome+`"`) {
		t.Errorf("after publication: the seed page does not link %s", outcome)
	}
	code, body := getFrom(t, h, outcome)
	if code != http.StatusOK || !strings.Contains(body, "Abuse of position assessment – Kent Police") || !strings.Contains(body, "A sample narrative for Kent.") {
		t.Errorf("Kent's outcome page: %d, without its title or narrative", code)
	}
	code, body = getFrom(t, h, "/recommendations/1")
	if code != http.StatusOK || strings.Count(body, "Awaiting review") < 43 || !strings.Contains(body, "Kent Police") || !strings.Contains(body, "Wiltshire Police") {
		t.Errorf("the log's recommendation: %d, want each of the 43 forces awaiting review", code)
	}
	_, text := getFrom(t, h, "/data/recommendations.csv")
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 44 {
		t.Errorf("the download has %d rows, want a head and one a force", len(rows))
	}
}
