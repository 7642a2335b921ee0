package web_test

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
)

// reviewForm is the editor's publication form filled in for a sample
// follow-up review of Kent, with a sample scale of its own.
func reviewForm(slug, title string) url.Values {
	return url.Values{
		"slug": {slug}, "title": {title}, "kind": {"follow-up-review"},
		"date-day": {"4"}, "date-month": {"3"}, "date-year": {"2031"},
		"summary":       {"Sample summary of a sample review."},
		"body":          {"Sample body paragraph.\n\nA second sample paragraph."},
		"organisations": {"kent"},
		"links":         {"A sample overview | https://example.org/sample\nA sample document without an address"},
		"scale":         {"all-done | Sample all done | green\nsome-done | Sample partly done | yellow"},
	}
}

// TestPublicationEditorOutcomeLink is the editor's part of the seed page's
// link: an inspector creates a follow-up review titled as the link names
// it, and records a sample outcome for Kent, through the editor's forms; a
// publisher publishes it. The seed's link "Abuse of position assessment –
// Kent Police" is plain text until then, and leads to Kent's outcome page
// after.
func TestPublicationEditorOutcomeLink(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := accountSiteOn(t, b.Open(t))
			for _, u := range staff {
				addUser(t, s.store, u, samplePassword)
			}
			inspector := signedIn(t, s, "inspector@example.org")
			res, page := inspector.postForm(t, "/editor/publications/new", "/editor/publications/new", reviewForm("abuse-review", "Abuse of position assessment"))
			wantRedirect(t, res, "/editor/publications/abuse-review?done=created")
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("create: status %d:\n%s", res.StatusCode, page)
			}
			res, page = inspector.do(t, "GET", "/editor/publications/abuse-review?done=created", nil)
			for _, want := range []string{"Publication created as a draft", "Abuse of position assessment", "Draft", "Version 1", "inspector@example.org",
				`action="/editor/publications/abuse-review/outcomes"`, `<option value="kent">Kent Police</option>`} {
				if !strings.Contains(page, want) {
					t.Errorf("the publication's page lacks %q", want)
				}
			}
			if strings.Contains(page, `action="/editor/publications/abuse-review/publish"`) {
				t.Errorf("an inspector is offered to publish")
			}
			res, _ = inspector.do(t, "GET", "/editor/publications/abuse-review/outcomes?organisation=kent", nil)
			wantRedirect(t, res, "/editor/publications/abuse-review/outcomes/kent")
			outcome := url.Values{"outcome": {"some-done"}, "narrative": {"Sample narrative of Kent's plan.\n\nA second sample paragraph."}}
			res, page = inspector.postForm(t, "/editor/publications/abuse-review/outcomes/kent", "/editor/publications/abuse-review/outcomes/kent", outcome)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("record the outcome: status %d:\n%s", res.StatusCode, page)
			}
			wantRedirect(t, res, "/editor/publications/abuse-review?done=outcome")
			if _, page := inspector.do(t, "GET", "/editor/publications/abuse-review", nil); !strings.Contains(page, "Sample narrative of Kent&#39;s plan.") || !strings.Contains(page, "Sample partly done") {
				t.Errorf("the publication's page does not show Kent's outcome")
			}

			// Before publication, nothing of it is public.
			s.importSeed(t, false)
			title := template.HTMLEscapeString("Abuse of position assessment – Kent Police")
			if _, body := s.get(t, seedPath); !strings.Contains(body, "<li>"+title+"</li>") || strings.Contains(body, outcomePath) {
				t.Errorf("before the review is published, the seed's link is not plain text")
			}
			for _, path := range []string{outcomePath, "/publications/abuse-review"} {
				if res, _ := s.get(t, path); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s answers %d before publication", path, res.StatusCode)
				}
			}

			publisher := signedIn(t, s, "publisher@example.org")
			res, page = publisher.postForm(t, "/editor/publications/abuse-review", "/editor/publications/abuse-review/publish", nil)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("publish: status %d:\n%s", res.StatusCode, page)
			}
			wantRedirect(t, res, "/editor/publications/abuse-review?done=publish")
			if _, page := publisher.do(t, "GET", "/editor/publications/abuse-review?done=publish", nil); !strings.Contains(page, "It has been published") || !strings.Contains(page, "govuk-tag--green") {
				t.Errorf("the publication's page does not say it was published")
			}

			s.importSeed(t, false)
			_, body := s.get(t, seedPath)
			if want := `<a class="govuk-link" href="` + outcomePath + `">` + title + `</a>`; !strings.Contains(body, want) {
				t.Errorf("after publication the seed's link does not lead to the outcome: want %s", want)
			}
			res, body = s.get(t, outcomePath)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "Sample narrative of Kent&#39;s plan.") || !strings.Contains(body, "Sample partly done") {
				t.Errorf("Kent's outcome page: status %d, or it lacks the sample outcome", res.StatusCode)
			}
		})
	}
}

// publicationWrite is one write of the editor's on a publication.
type publicationWrite struct {
	name      string
	published bool // made on a published publication, else a draft
	path      func(slug string) string
	form      func(slug string) url.Values
	roles     []string // the users who may make it
}

var publicationWrites = []publicationWrite{
	{"create", false, func(string) string { return "/editor/publications/new" },
		func(slug string) url.Values { return reviewForm(slug+"-new", "A new sample review") }, []string{"inspector", "admin"}},
	{"edit", false, func(slug string) string { return "/editor/publications/" + slug + "/edit" },
		func(slug string) url.Values {
			v := reviewForm(slug, "A retitled sample review")
			v.Set("version", "1")
			return v
		}, []string{"inspector", "admin"}},
	{"correct", true, func(slug string) string { return "/editor/publications/" + slug + "/edit" },
		func(slug string) url.Values {
			v := reviewForm(slug, "A corrected sample review")
			v.Set("version", "1")
			v.Set("note", "Sample change note.")
			return v
		}, []string{"inspector", "admin"}},
	{"outcome", false, func(slug string) string { return "/editor/publications/" + slug + "/outcomes/kent" },
		func(string) url.Values {
			return url.Values{"outcome": {"all-done"}, "narrative": {"A sample narrative."}}
		}, []string{"inspector", "admin"}},
	{"publish", false, func(slug string) string { return "/editor/publications/" + slug + "/publish" },
		func(string) url.Values { return nil }, []string{"publisher", "admin"}},
	{"schedule", false, func(slug string) string { return "/editor/publications/" + slug + "/schedule" },
		func(string) url.Values { return stepFields(peel.ActionSchedule) }, []string{"publisher", "admin"}},
	{"withdraw", true, func(slug string) string { return "/editor/publications/" + slug + "/withdraw" },
		func(string) url.Values { return url.Values{"withdraw-reason": {"Sample: published in error."}} }, []string{"publisher", "admin"}},
}

// samplePublication stores a sample review of Kent through import, a
// draft or published.
func samplePublication(tb testing.TB, s *site, slug string, published bool) {
	tb.Helper()
	ctx := context.Background()
	p := &peel.Publication{Slug: slug, Title: "A sample review", Kind: peel.KindFollowUpReview, Summary: "Sample summary of a sample review.",
		Organisations: []string{"kent"}, Scale: []*peel.Grade{{Slug: "all-done", Label: "Sample all done", Colour: "green"}, {Slug: "some-done", Label: "Sample partly done", Colour: "yellow"}}}
	if _, err := s.store.ImportPublication(ctx, p); err != nil {
		tb.Fatal(err)
	}
	if published {
		if _, err := s.store.PublishPublication(ctx, slug, nil); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestPublicationRoles: each role may make the publication writes its
// row of peel.PublicationSteps names, and no other: a refusal is 403 and
// changes nothing.
func TestPublicationRoles(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			ctx := context.Background()
			n := 0
			for _, user := range []string{"inspector", "admin", "moderator", "publisher", "kent"} {
				browser := signedIn(t, s, user+"@example.org")
				for _, w := range publicationWrites {
					n++
					slug := "sample-" + strconv.Itoa(n)
					samplePublication(t, s, slug, w.published)
					before := auditCount(t, s.store)
					res, page := browser.postForm(t, "/editor", w.path(slug), w.form(slug))
					may := strings.Contains(strings.Join(w.roles, " "), user)
					switch {
					case may && res.StatusCode != http.StatusSeeOther:
						t.Errorf("%s may %s: status %d, want 303:\n%s", user, w.name, res.StatusCode, page)
					case !may && res.StatusCode != http.StatusForbidden:
						t.Errorf("%s may not %s: status %d, want 403", user, w.name, res.StatusCode)
					case !may && auditCount(t, s.store) != before:
						t.Errorf("%s's refused %s changed something", user, w.name)
					}
					if !may {
						if _, err := s.store.FindPublication(ctx, slug+"-new"); peel.ErrorCode(err) != peel.ENOTFOUND {
							t.Errorf("%s's refused %s created a publication", user, w.name)
						}
					}
				}
				// The editor's start page links to the publications for all
				// but a liaison.
				if _, page := browser.do(t, "GET", "/editor", nil); strings.Contains(page, `href="/editor/publications"`) != (user != "kent") {
					t.Errorf("%s: the editor's start page links to the publications: %v", user, user == "kent")
				}
				// Who may not write is not offered to.
				_, page := browser.do(t, "GET", "/editor/publications/sample-1", nil)
				if user == "kent" {
					if !strings.Contains(page, "liaison sees publications on the public site") {
						t.Errorf("a liaison reads a draft publication in the editor")
					}
					continue
				}
				if may := user == "inspector" || user == "admin"; strings.Contains(page, `href="/editor/publications/sample-1/edit"`) != may {
					t.Errorf("%s: offered to edit: %v, want %v", user, !may, may)
				}
				if may := user == "publisher" || user == "admin"; strings.Contains(page, `action="/editor/publications/sample-1/publish"`) != may {
					t.Errorf("%s: offered to publish: %v, want %v", user, !may, may)
				}
			}
		})
	}
}

// TestPublicationFormErrors: each field left wrong is named beside it and
// in the summary, and the form keeps what was typed.
func TestPublicationFormErrors(t *testing.T) {
	s := stepSite(t, fixture.Backends()[0])
	samplePublication(t, s, "sample-review", false)
	inspector := signedIn(t, s, "inspector@example.org")
	bad := func(change func(url.Values)) url.Values {
		v := reviewForm("sample-other", "A sample <title>")
		change(v)
		return v
	}
	for _, tt := range []struct {
		name   string
		status int
		form   url.Values
		want   []string
	}{
		{"Empty", http.StatusBadRequest, url.Values{}, []string{`href="#slug">Enter a slug`, `href="#title">Enter the title`, `href="#kind">Select what kind of publication it is`}},
		{"BadSlug", http.StatusBadRequest, bad(func(v url.Values) { v.Set("slug", "Not A Slug") }), []string{`id="slug-error"`, `value="Not A Slug"`}},
		{"NoScale", http.StatusBadRequest, bad(func(v url.Values) { v.Set("scale", "") }), []string{`href="#scale">Enter the review&#39;s outcome scale`, `value="A sample &lt;title&gt;"`}},
		{"BadScale", http.StatusBadRequest, bad(func(v url.Values) { v.Set("scale", "one part only") }), []string{"Outcome scale, line 1: write each point as slug | Label | colour"}},
		{"BadColour", http.StatusBadRequest, bad(func(v url.Values) { v.Set("scale", "met | Met | mauve") }), []string{`href="#scale">`, "colour &#34;mauve&#34; is not one of"}},
		{"ScaleOfReport", http.StatusBadRequest, bad(func(v url.Values) { v.Set("kind", "thematic-report") }), []string{"Only a follow-up review has an outcome scale"}},
		{"BadLink", http.StatusBadRequest, bad(func(v url.Values) { v.Set("links", "Sample | not an address") }), []string{`href="#links">Related documents: the link`}},
		{"BadDate", http.StatusBadRequest, bad(func(v url.Values) { v.Set("date-day", "31"); v.Set("date-month", "2") }), []string{`href="#date-day">The publication date must be a real date`, `value="31"`}},
		{"TwoSummaries", http.StatusBadRequest, bad(func(v url.Values) { v.Set("summary", "One.\n\nTwo.") }), []string{"The summary is one paragraph"}},
		{"ErrConflict", http.StatusConflict, bad(func(v url.Values) { v.Set("slug", "sample-review") }), []string{"There is a publication sample-review already"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := auditCount(t, s.store)
			res, page := inspector.postForm(t, "/editor/publications/new", "/editor/publications/new", tt.form)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			for _, want := range append(tt.want, "There is a problem", "<title>Error: ") {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if auditCount(t, s.store) != before {
				t.Errorf("a refused form changed something")
			}
		})
	}
	t.Run("Outcome", func(t *testing.T) {
		path := "/editor/publications/sample-review/outcomes/kent"
		res, page := inspector.postForm(t, path, path, url.Values{"narrative": {"Sample typed narrative."}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, `href="#outcome">Select the outcome`) || !strings.Contains(page, "Sample typed narrative.</textarea>") {
			t.Errorf("an outcome with none chosen: status %d", res.StatusCode)
		}
		res, page = inspector.postForm(t, path, path, url.Values{"outcome": {"all-done"}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, `href="#narrative">Enter the narrative`) || !strings.Contains(page, `value="all-done" checked`) {
			t.Errorf("an outcome with no narrative: status %d", res.StatusCode)
		}
	})
	t.Run("Steps", func(t *testing.T) {
		publisher := signedIn(t, s, "publisher@example.org")
		path := "/editor/publications/sample-review"
		res, page := publisher.postForm(t, path, path+"/schedule", url.Values{"publish-at-day": {"1"}, "publish-at-month": {"1"}, "publish-at-year": {"2020"}, "publish-at-time": {"09:30"}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "The publication time must be in the future") {
			t.Errorf("a schedule in the past: status %d", res.StatusCode)
		}
		res, _ = publisher.postForm(t, path, path+"/withdraw", url.Values{"withdraw-reason": {"Sample."}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("withdraw a draft: status %d, want 409", res.StatusCode)
		}
		samplePublication(t, s, "sample-public", true)
		res, page = publisher.postForm(t, "/editor/publications/sample-public", "/editor/publications/sample-public/withdraw", url.Values{"withdraw-reason": {"  "}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, `href="#withdraw-reason">Enter the reason it is withdrawn`) {
			t.Errorf("withdraw with no reason: status %d", res.StatusCode)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, path := range []string{"/editor/publications/no-such", "/editor/publications/no-such/edit", "/editor/publications/sample-review/outcomes/no-such-force"} {
			if res, _ := inspector.do(t, "GET", path, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
			}
		}
	})
}

// TestPublicationStaleEdit: a save made on a version someone else has
// replaced meanwhile answers 409 with what was typed and what is stored
// now, and saves nothing; saving again replaces it. A published
// publication's edit is a correction, which needs a change note that its
// versions show.
func TestPublicationStaleEdit(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			samplePublication(t, s, "sample-review", false)
			inspector := signedIn(t, s, "inspector@example.org")
			admin := signedIn(t, s, "admin@example.org")
			edit := "/editor/publications/sample-review/edit"
			_, form := inspector.do(t, "GET", edit, nil)
			if !strings.Contains(form, `name="version" value="1"`) || !strings.Contains(form, `value="A sample review"`) {
				t.Fatalf("the edit form lacks the version read or the stored title")
			}
			theirs := reviewForm("sample-review", "Their sample title")
			theirs.Set("version", "1")
			if res, page := admin.postForm(t, edit, edit, theirs); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("their save: status %d:\n%s", res.StatusCode, page)
			}
			mine := reviewForm("sample-review", "My sample title")
			mine.Set("version", "1")
			res, page := inspector.do(t, "POST", edit, withToken(mine, formToken(t, form)))
			if res.StatusCode != http.StatusConflict {
				t.Fatalf("stale save: status %d, want 409", res.StatusCode)
			}
			for _, want := range []string{"Someone else changed this publication", `value="My sample title"`, "Stored now, in version 2, by someone else:", "Their sample title", `name="version" value="2"`} {
				if !strings.Contains(page, want) {
					t.Errorf("the 409 page lacks %q", want)
				}
			}
			if p, _ := s.store.FindPublication(context.Background(), "sample-review"); p.Title != "Their sample title" {
				t.Errorf("the stale save was stored: %q", p.Title)
			}
			mine.Set("version", "2")
			res, _ = inspector.do(t, "POST", edit, withToken(mine, formToken(t, form)))
			wantRedirect(t, res, "/editor/publications/sample-review?done=saved")
			mine.Set("version", "3")
			res, _ = inspector.do(t, "POST", edit, withToken(mine, formToken(t, form)))
			wantRedirect(t, res, "/editor/publications/sample-review?done=unchanged")

			if res, _ := s.get(t, "/publications/sample-review/history"); res.StatusCode != http.StatusNotFound {
				t.Errorf("a draft's public history answers %d, want 404", res.StatusCode)
			}
			if _, err := s.store.PublishPublication(context.Background(), "sample-review", nil); err != nil {
				t.Fatal(err)
			}
			mine.Set("version", "3")
			mine.Set("title", "My corrected sample title")
			res, page = inspector.postForm(t, edit, edit, mine)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, `href="#note">Enter a change note`) {
				t.Errorf("a correction with no note: status %d", res.StatusCode)
			}
			mine.Set("note", "Sample change note.")
			if res, _ := inspector.postForm(t, edit, edit, mine); res.StatusCode != http.StatusSeeOther {
				t.Errorf("a correction: status %d", res.StatusCode)
			}
			_, page = inspector.do(t, "GET", "/editor/publications/sample-review", nil)
			for _, want := range []string{"Version 4", "Sample change note.", "My corrected sample title", "Their sample title", "admin@example.org"} {
				if !strings.Contains(page, want) {
					t.Errorf("the versions lack %q", want)
				}
			}
			// The public history shows the version published and the
			// correction, not the drafts before.
			res, page = s.get(t, "/publications/sample-review/history")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("public history: status %d", res.StatusCode)
			}
			for _, want := range []string{"Version 4 <span class=\"govuk-body-s\">(current)</span>", "Sample change note.", "Version 3"} {
				if !strings.Contains(page, want) {
					t.Errorf("the public history lacks %q", want)
				}
			}
			if strings.Contains(page, "Version 2") {
				t.Errorf("the public history lists a draft's version")
			}
		})
	}
}

// TestEditorPublicationList: the editor lists every publication in every
// status, the last changed first; a liaison is refused.
func TestEditorPublicationList(t *testing.T) {
	s := stepSite(t, fixture.Backends()[0])
	// Changed in turn, so that the last changed first is not the order
	// of their slugs.
	samplePublication(t, s, "sample-a-withdrawn", true)
	if _, err := s.store.WithdrawPublication(context.Background(), "sample-a-withdrawn", "Sample reason."); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	samplePublication(t, s, "sample-b-published", true)
	time.Sleep(5 * time.Millisecond)
	samplePublication(t, s, "sample-c-draft", false)
	moderator := signedIn(t, s, "moderator@example.org")
	res, page := moderator.do(t, "GET", "/editor/publications", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	draft, published, withdrawn := strings.Index(page, `href="/editor/publications/sample-c-draft"`), strings.Index(page, `href="/editor/publications/sample-b-published"`), strings.Index(page, `href="/editor/publications/sample-a-withdrawn"`)
	if draft < 0 || published < draft || withdrawn < published {
		t.Errorf("the list does not hold the three, the last changed first (at %d, %d, %d)", draft, published, withdrawn)
	}
	for _, want := range []string{"3 publications", ">Draft</strong>", ">Published</strong>", ">Withdrawn</strong>", "Follow-up review"} {
		if !strings.Contains(page, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	if strings.Contains(page, `href="/editor/publications/new"`) {
		t.Errorf("a moderator is offered to create a publication")
	}
	if res, _ := moderator.do(t, "GET", "/editor/publications?page=2", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("a page beyond the last: status %d, want 404", res.StatusCode)
	}
	if res, _ := signedIn(t, s, "kent@example.org").do(t, "GET", "/editor/publications", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a liaison's list: status %d, want 403", res.StatusCode)
	}
	if res, _ := newBrowser(s).do(t, "GET", "/editor/publications", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out: status %d, want a redirect to sign in", res.StatusCode)
	}
}
