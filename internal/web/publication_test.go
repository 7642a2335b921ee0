package web_test

import (
	"context"
	"html/template"
	"net/http"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
)

// sampleAbuseReview is a follow-up review with the title the seed's link
// names, a scale and an outcome for Kent in words of the test's own.
func (s *site) sampleAbuseReview(tb testing.TB) {
	tb.Helper()
	ctx := context.Background()
	p := &peel.Publication{
		Slug: "abuse-review", Title: "Abuse of position assessment", Kind: peel.KindFollowUpReview,
		Summary: "Sample summary of a sample review.", Body: []string{"Sample body paragraph."}, Organisations: []string{"kent"},
		Scale: []*peel.Grade{
			{Slug: "all-done", Label: "Sample all done", Colour: "green"},
			{Slug: "some-done", Label: "Sample partly done", Colour: "yellow"},
		},
	}
	if _, err := s.store.ImportPublication(ctx, p); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.store.ImportOutcomes(ctx, []*peel.Outcome{{Publication: "abuse-review", Organisation: "kent", Grade: "some-done",
		Narrative: []string{"Sample narrative of Kent's plan.", "A second sample paragraph."}}}); err != nil {
		tb.Fatal(err)
	}
}

const outcomePath = "/publications/abuse-review/kent"

// TestOutcomeLink: the seed page's link to Kent's abuse-of-position
// assessment is plain text while the review is unpublished, and leads to
// Kent's outcome page once it is published.
func TestOutcomeLink(t *testing.T) {
	s := newSite(t)
	s.importSeed(t, false)
	s.sampleAbuseReview(t)
	title := template.HTMLEscapeString("Abuse of position assessment – Kent Police")

	_, body := s.get(t, seedPath)
	if !strings.Contains(body, "<li>"+title+"</li>") || strings.Contains(body, outcomePath) {
		t.Fatalf("before the review is published, the seed's link is not plain text")
	}
	for _, path := range []string{outcomePath, "/publications/abuse-review"} {
		res, body := s.get(t, path)
		if _, never := s.get(t, "/publications/no-such-review"); res.StatusCode != http.StatusNotFound || body != strings.ReplaceAll(never, "no-such-review", "abuse-review") {
			t.Errorf("%s answers %d before publication, unlike an address that never had a page", path, res.StatusCode)
		}
	}

	if _, err := s.store.PublishPublication(context.Background(), "abuse-review", nil); err != nil {
		t.Fatal(err)
	}
	_, body = s.get(t, seedPath)
	if want := `<a class="govuk-link" href="` + outcomePath + `">` + title + `</a>`; !strings.Contains(body, want) {
		t.Errorf("after publication the seed's link does not lead to the outcome: want %s", want)
	}
	res, body := s.get(t, outcomePath)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s answers %d", outcomePath, res.StatusCode)
	}
	for _, want := range []string{
		"<title>" + title + " – peel</title>", `<h1 class="govuk-heading-xl">` + title + `</h1>`,
		`<strong class="govuk-tag govuk-tag--yellow peel-grade">Sample partly done</strong>`,
		"Sample narrative of Kent&#39;s plan.", "A second sample paragraph.",
		`href="/publications/abuse-review">Back to Abuse of position assessment</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the outcome page lacks %q", want)
		}
	}
	res, body = s.get(t, "/publications/abuse-review")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `href="`+outcomePath+`">Kent Police</a>`) || !strings.Contains(body, "Sample partly done") {
		t.Errorf("the review's page does not list Kent's outcome (status %d)", res.StatusCode)
	}
	if _, body := s.get(t, "/publications"); !strings.Contains(body, `href="/publications/abuse-review"`) {
		t.Errorf("the list of publications lacks the review")
	}
	// The export keeps the link as it was stored.
	if _, body := s.get(t, "/api/v1/assessments/peel-2016/kent/legitimacy"); strings.Contains(body, outcomePath) {
		t.Errorf("the API's assessment has its link resolved: it should be as stored")
	}
}

func TestPublicationView(t *testing.T) {
	s := newSite(t)
	s.sampleAbuseReview(t)
	ctx := context.Background()
	if _, err := s.store.PublishPublication(ctx, "abuse-review", nil); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, path := range []string{"/publications/abuse-review/essex", "/publications/abuse-review/no-such-force", "/publications/nothing", "/publications?page=2", "/publications?page=x"} {
			if res, _ := s.get(t, path); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s answers %d", path, res.StatusCode)
			}
		}
	})
	t.Run("Withdrawn", func(t *testing.T) {
		if _, err := s.store.WithdrawPublication(ctx, "abuse-review", "A sample reason for a test."); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/publications/abuse-review", outcomePath} {
			res, body := s.get(t, path)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "This publication has been withdrawn.") || !strings.Contains(body, "A sample reason for a test.") {
				t.Errorf("%s (status %d) does not show the withdrawal and its reason", path, res.StatusCode)
			}
		}
	})
}

// TestOutcomeLinkEditor: the editor's read view of a draft leads to the
// outcome once the review is published, and not before.
func TestOutcomeLinkEditor(t *testing.T) {
	s := editorSite(t)
	s.sampleAbuseReview(t)
	inspector := newBrowser(s)
	inspector.signIn(t, "inspector@example.org", samplePassword)
	link := `href="` + outcomePath + `"`
	if _, page := inspector.do(t, "GET", editorSeedPath, nil); strings.Contains(page, link) {
		t.Errorf("the editor's view links to an unpublished review")
	}
	if _, err := s.store.PublishPublication(context.Background(), "abuse-review", nil); err != nil {
		t.Fatal(err)
	}
	if res, page := inspector.do(t, "GET", editorSeedPath, nil); res.StatusCode != http.StatusOK || !strings.Contains(page, link) {
		t.Errorf("the editor's view does not link to the published review's outcome")
	}
}

// TestOutcomesDownload: the outcomes' download says what the pages do, and
// peel import-outcomes reads it back as it is, changing nothing.
func TestOutcomesDownload(t *testing.T) {
	s := newSite(t)
	s.sampleAbuseReview(t)
	ctx := context.Background()
	if _, err := s.store.PublishPublication(ctx, "abuse-review", nil); err != nil {
		t.Fatal(err)
	}
	res, body := s.get(t, "/data/outcomes.csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	want := "publication,publication_title,organisation,organisation_name,outcome,outcome_label,narrative,page\r\n" +
		"abuse-review,Abuse of position assessment,kent,Kent Police,some-done,Sample partly done,\"Sample narrative of Kent's plan.\r\n\r\nA second sample paragraph.\",http://localhost:8080" + outcomePath + "\r\n"
	if body != want {
		t.Errorf("the download is\n%q\nwant\n%q", body, want)
	}
	got, err := (&importer.Importer{Store: s.store}).ImportOutcomes(ctx, "outcomes.csv", []byte(body))
	if err != nil || got.Outcome != "0 created, 0 updated, 1 unchanged" {
		t.Errorf("importing the download: %v, %v; want it unchanged", got.Outcome, err)
	}
	if _, body := s.get(t, "/data/publications.json"); !strings.Contains(body, `"outcome": "some-done"`) || !strings.Contains(body, `"title": "Abuse of position assessment"`) {
		t.Errorf("publications.json lacks the review or its outcome:\n%s", body)
	}
}
