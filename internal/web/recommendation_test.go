package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// sampleNational publishes a sample overview and enters, in bulk, a
// sample recommendation to all forces and one to Kent and Essex; it
// returns their numbers.
func (s *site) sampleNational(tb testing.TB) (national, pair int64) {
	tb.Helper()
	ctx := context.Background()
	if _, err := s.store.ImportPublication(ctx, &peel.Publication{Slug: "sample-overview", Title: "A sample national overview", Kind: peel.KindNationalOverview, Summary: "Sample."}); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.store.PublishPublication(ctx, "sample-overview", nil); err != nil {
		tb.Fatal(err)
	}
	table := "issued_in,text,theme,due,organisations\n" +
		"sample-overview,Every force should start a sample plan.,sample-plans,2031-06-30,all\n" +
		"sample-overview,Two forces should share a sample practice.,sample-sharing,,kent;essex\n"
	if _, err := (&importer.Importer{Store: s.store}).ImportRecommendations(ctx, "sample.csv", []byte(table)); err != nil {
		tb.Fatal(err)
	}
	list, _, err := s.store.FindRecommendations(ctx, store.RecommendationFilter{})
	if err != nil || len(list) != 2 {
		tb.Fatalf("%d recommendations (%v)", len(list), err)
	}
	return list[1].ID, list[0].ID
}

func TestRecommendationLog(t *testing.T) {
	s := newSite(t)
	national, pair := s.sampleNational(t)
	ctx := context.Background()
	kent := &peel.User{Email: "kent@example.org", Role: peel.RoleLiaison, Organisation: "kent"}
	if _, err := s.store.AddEntry(store.WithActor(ctx, kent.Email), kent, national, "kent", &peel.Entry{Kind: peel.EntryProgress, Status: peel.RecComplete,
		Comment: "Sample plan adopted.", Evidence: []string{"https://example.org/sample-plan"}}); err != nil {
		t.Fatal(err)
	}
	path := peel.RecommendationPath(national)

	res, body := s.get(t, path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s answers %d", path, res.StatusCode)
	}
	if n := strings.Count(body, `<h3 class="govuk-heading-m" id="`); n != 43 {
		t.Errorf("%s shows %d forces' histories, want 43", path, n)
	}
	for _, want := range []string{"Every force should start a sample plan.", `href="/publications/sample-overview">A sample national overview</a>`,
		`id="kent">Kent Police: Complete`, `id="essex">Essex Police: Awaiting review`, "the force reported: Complete", "Sample plan adopted.",
		`href="https://example.org/sample-plan"`, "30 June 2031"} {
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %q", path, want)
		}
	}

	// The log and the downloads, filtered alike, agree.
	for _, q := range []string{"", "?force=kent", "?status=complete", "?status=awaiting-review&force=essex", "?theme=sample-sharing", "?due_before=2031-12-31", "?due_after=2032-01-01", "?publication=sample-overview"} {
		_, page := s.get(t, "/recommendations"+q)
		onPage := regexp.MustCompile(`href="/recommendations/(\d+)">Recommendation`).FindAllStringSubmatch(page, -1)
		var ids []string
		for _, m := range onPage {
			ids = append(ids, m[1])
		}
		res, text := s.get(t, "/data/recommendations.csv"+q)
		rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if res.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("recommendations.csv%s: %d %v", q, res.StatusCode, err)
		}
		var inCSV []string
		for _, row := range rows[1:] {
			if len(inCSV) == 0 || inCSV[len(inCSV)-1] != row[0] {
				inCSV = append(inCSV, row[0])
			}
		}
		_, doc := s.get(t, "/data/recommendations.json"+q)
		var all []peel.Recommendation
		if err := json.Unmarshal([]byte(doc), &all); err != nil {
			t.Fatal(err)
		}
		var inJSON []string
		for _, r := range all {
			inJSON = append(inJSON, strconv.FormatInt(r.ID, 10))
		}
		if strings.Join(ids, ",") != strings.Join(inCSV, ",") || strings.Join(ids, ",") != strings.Join(inJSON, ",") {
			t.Errorf("%s: the page lists %v, the CSV %v, the JSON %v", q, ids, inCSV, inJSON)
		}
	}
	_, text := s.get(t, "/data/recommendations.csv?force=kent")
	if !strings.Contains(text, ",kent,Kent Police,complete,") {
		t.Errorf("the CSV lacks Kent's latest status:\n%s", text)
	}
	if _, text := s.get(t, "/data/recommendations.csv"); strings.Count(text, "\r\n") != 1+43+2 {
		t.Errorf("the CSV has %d lines, want a header and a row for each of 45 addressees", strings.Count(text, "\r\n"))
	}

	// Kent's page lists what is still open for it: not the one it completed.
	_, body = s.get(t, "/forces/kent")
	if !strings.Contains(body, `href="`+peel.RecommendationPath(pair)+`#kent"`) || strings.Contains(body, `href="`+path+`#kent"`) {
		t.Errorf("Kent's page does not list just its open recommendation")
	}

	// Who made an entry is not served: a liaison's sign-in name is theirs.
	for _, p := range []string{path, "/api/v1" + path, "/data/recommendations.json", "/api/v1/recommendations"} {
		if _, body := s.get(t, p); strings.Contains(body, kent.Email) {
			t.Errorf("%s shows who made an entry", p)
		}
	}

	// The API pages as the rest does.
	res, doc := s.get(t, "/api/v1/recommendations?per_page=1")
	if res.Header.Get("X-Total-Count") != "2" || !strings.Contains(res.Header.Get("Link"), `rel="next"`) || res.Header.Get("ETag") == "" {
		t.Errorf("the API's list lacks its paging headers: %v", res.Header)
	}
	if !strings.Contains(doc, "Two forces should share") {
		t.Errorf("the API's first page lacks the newest recommendation: %s", doc)
	}
	if res, _ := s.get(t, "/recommendations?status=lost"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a status that is none answers %d", res.StatusCode)
	}
}
