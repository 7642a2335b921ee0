package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestTemplates renders every page template with sample data that reaches
// each of its branches. A template added without a case here fails.
func TestTemplates(t *testing.T) {
	s := &Server{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var err error
	if s.templates, err = parseTemplates(); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	frame := page{
		Title:       "Sample page",
		Notices:     []*peel.Notice{{ID: 7, Title: "Sample notice", Body: "Sample notice text.", From: &now}},
		Breadcrumbs: []crumb{{"Home", "/"}, {"Sample Police", "/forces/sample"}},
	}
	editorFrame := frame
	editorFrame.Editor = true
	signedIn := editorFrame
	signedIn.User, signedIn.CSRF = &peel.User{Email: "sample@example.org", Role: peel.RoleLiaison, Organisation: "sample"}, "session-token"
	org := &peel.Organisation{Slug: "sample", Name: "Sample Police", ShortName: "Sample", Region: "Sample Region"}
	fw := &peel.Framework{Slug: "sample-2031", Programme: "SAMPLE", Cycle: "2031",
		Scale:   []*peel.Grade{{Slug: "good", Label: "Good", Colour: "teal"}},
		Pillars: []*peel.Pillar{{Slug: "sample", Name: "Sample pillar"}}}
	day, _ := peel.NewDate(2031, 5, 4)
	good := grade{Label: "Good", Colour: "teal"}
	review := &peel.Publication{Slug: "sample-review", Title: "Sample review", Kind: peel.KindFollowUpReview, Date: day, Summary: "Sample summary.",
		Body: []string{"Sample paragraph."}, Links: []peel.Link{{Title: "Sample link", Href: "/sample"}, {Title: "Sample link without one"}},
		Status: peel.StatusWithdrawn, Withdrawn: "Sample reason."}
	regions := []region{{Name: "Sample Region", Organisations: []*peel.Organisation{org}}}
	cases := map[string]struct {
		data any
		want []string
	}{
		"assessment.html": {&assessmentPage{
			page: frame, Organisation: org, Framework: fw, PillarName: "Sample pillar", Grade: good,
			Assessment: &peel.Assessment{Organisation: "sample", Framework: "sample-2031", Pillar: "sample", Version: 3, Headline: "How sample is it?", LastUpdated: day, Summary: []string{"Sample summary."}},
			Version:    &versionBanner{Number: 3, PublicFrom: day.Time, Path: "/peel-assessments/sample-2031/sample/sample"},
			Questions: []questionView{{Number: 1, Text: "Sample question?", Grade: grade{Label: "Ungraded", Colour: "grey"}, Body: []bodyItem{
				{Paragraph: "Sample paragraph."},
				{Links: []*peel.Link{{Title: "Sample link with an address", Href: "/sample"}, {Title: "Sample link without one"}}},
			}}},
		}, []string{"Sample pillar", "How sample is it?", "4 May 2031", "govuk-tag--teal", "govuk-tag--grey", `<a class="govuk-link" href="/sample">Sample link with an address</a>`, "<li>Sample link without one</li>",
			"Old version", "version 3, published on", `href="/peel-assessments/sample-2031/sample/sample/history"`}},
		"search.html": {&searchPage{page: frame, Query: "sample <words>",
			Filters: []filter{{Name: "force", Label: "Force", Options: []option{{Text: "All forces"}, {Value: "sample", Text: "Sample Police", Selected: true}}}},
			Pager:   pager{Page: 2, PerPage: 1, Total: 10000}, AtLeast: true,
			Results: []searchResult{
				{publication: publication{Title: "Sample SAMPLE 2031: Sample pillar", Path: "/sample", Grade: good, LastUpdated: day},
					Snippet: []store.Fragment{{Text: "Some <b>sample</b> "}, {Text: "words", Match: true}, {Text: "."}}},
				{publication: publication{Title: "Grade only", Path: "/grade-only", Grade: good}},
			},
			Publications:      []publicationResult{{Publication: review, Snippet: []store.Fragment{{Text: "A sample "}, {Text: "passage", Match: true}}}},
			PublicationsTotal: 7},
			[]string{`value="sample &lt;words&gt;"`, `<option value="sample" selected>Sample Police</option>`, "Showing 2 to 2 of 10,000 or more results",
				"Some &lt;b&gt;sample&lt;/b&gt; <mark>words</mark>.", `href="/grade-only"`, `class="govuk-pagination"`,
				`href="/search?q=sample%20%3cwords%3e"`, "Publications (7)", `href="/publications/sample-review">Sample review</a>`, "A sample <mark>passage</mark>", ">Assessments</h2>"}},
		"history.html": {&historyPage{page: frame, Heading: "Sample SAMPLE 2031: Sample pillar", Path: "/sample", Versions: []versionRow{
			{Number: 3, Href: "/sample/history/3", PublicFrom: day.Time, Note: "Sample change note.", Grade: good, Current: true},
			{Number: 1, Href: "/sample/history/1", PublicFrom: day.Time, Grade: grade{Label: "Ungraded", Colour: "grey"}},
		}}, []string{`href="/sample/history/3">Version 3</a> <span class="govuk-body-s">(current)</span>`, "Sample change note.", "No change note", "4 May 2031"}},
		"home.html": {&homePage{page: frame, Regions: regions, Latest: []publication{{Title: "Sample SAMPLE 2031: Sample pillar", Path: "/sample", Grade: good, LastUpdated: day}}},
			[]string{"Sample SAMPLE 2031: Sample pillar", "Sample Region", `href="/forces/sample"`, `href="/data/judgments.csv"`, `href="/data/judgments.json"`, `href="/api/v1/openapi.json"`}},
		"forces.html": {&forceIndexPage{page: frame, Regions: regions}, []string{"Sample Police"}},
		"force.html": {&forcePage{page: frame, Organisation: org, Pillars: []string{"Sample pillar", "Other"},
			Cycles:       []cycleRow{{Framework: fw, Cells: []cycleCell{{Path: "/sample", Grade: good, Move: "down", Since: "SAMPLE 2030"}, {}}}, {Framework: fw}},
			Chart:        lineChart{ID: "grades-chart", Title: "Sample force chart"},
			Publications: []forcePublication{{Publication: review, Outcome: &outcomeView{Organisation: org, Grade: good, Path: "/publications/sample-review/sample"}}, {Publication: review}}},
			[]string{`id="sample-2031"`, `href="/sample"`, "Not published", "Down<span", "Sample force chart", `href="/compare?organisation=sample"`,
				`href="/data/judgments.csv?organisation=sample"`, `href="/data/judgments.json?organisation=sample"`,
				`href="/publications/sample-review/sample">outcome for Sample Police</a>`}},
		"error.html": {&errorPage{page: frame, Status: 404}, []string{"If you typed the web address"}},
		"sign-in.html": {&signInPage{page: editorFrame, Email: "sample@example.org", FormToken: "sample-token", PasswordSet: true, SignedInWith: "other@example.org",
			LockedUntil: "09:30:00 on 4 May 2031 (UTC)", EmailError: "Sample email error", PassError: "Sample password error",
			Errors: []formError{{Href: "#email", Text: "Sample email error"}, {Href: "#password", Text: "Sample password error"}}},
			[]string{`action="/sign-in"`, `name="csrf" value="sample-token"`, `value="sample@example.org"`, "govuk-error-summary", `href="#password"`,
				`aria-describedby="email-error"`, `aria-describedby="password-error"`, "Your password is set", "You are signed in as other@example.org",
				"locked until 09:30:00 on 4 May 2031 (UTC)", `href="/sign-in">Sign in</a>`}},
		"set-password.html": {&setPasswordPage{page: editorFrame, Email: "sample@example.org", Action: "/set-password/sample", FormToken: "sample-token", MinLength: 12,
			PassError: "Sample password error", ConfError: "Sample confirm error",
			Errors: []formError{{Href: "#password", Text: "Sample password error"}, {Href: "#confirm", Text: "Sample confirm error"}}},
			[]string{`action="/set-password/sample"`, `name="csrf" value="sample-token"`, "sample@example.org", "12 characters or more",
				`aria-describedby="password-hint password-error"`, `aria-describedby="confirm-error"`, "govuk-error-summary"}},
		"editor.html": {&editorPage{page: signedIn, Filtered: true, Pager: pager{Page: 2, PerPage: 1, Total: 3},
			Filters: []filter{{Name: "status", Label: "Status", Options: []option{{Text: "All statuses"}, {Value: "check", Text: "Factual-accuracy check", Selected: true}}}},
			Rows: []workRow{{Path: "/editor/assessments/sample-2031/sample/sample", Force: "Sample Police", Cycle: "SAMPLE 2031", Pillar: "Sample pillar",
				Status: statusView{"Factual-accuracy check", "yellow"}, Version: 3, Changed: time.Date(2031, 5, 4, 9, 30, 0, 0, time.UTC)}}},
			[]string{"sample@example.org", "liaison for sample", `action="/sign-out"`, `name="csrf" value="session-token"`, "Sign out</button>",
				`action="/editor" method="get"`, `<option value="check" selected>`, `href="/editor">Clear filters`, `href="/editor/assessments/sample-2031/sample/sample"`,
				"govuk-tag--yellow", "09:30 on 4 May 2031 (UTC)", "govuk-pagination", "Showing assessments 2 to 2 of 3"}},
		"editor-assessment.html": {&editorAssessmentPage{page: signedIn, Force: "Sample Police", Cycle: "SAMPLE 2031", PillarName: "Sample pillar", Grade: "Good",
			Status:     statusView{"Scheduled", "blue"},
			Assessment: &peel.Assessment{Version: 4, Headline: "How sample is it?", PublishAt: &now, Summary: []string{"Sample summary."}},
			Questions: []editorQuestion{{Number: 1, Text: "Sample question?", Paragraphs: []string{"Sample paragraph."},
				Links: []*peel.Link{{Title: "Sample link", Href: "/sample"}, {Title: "Sample link without one"}}}},
			ShowComments: true, Comments: []*peel.Comment{{Version: 3, Author: "liaison@example.org", Body: "Sample comment.", At: now}},
			Steps: []string{"Schedule its publication"}},
			[]string{"Sample Police: Sample pillar", "SAMPLE 2031", "govuk-tag\">Scheduled", "Good", "How sample is it?", "Sample summary.", "Question 1: Sample question?", "Ungraded",
				`<a class="govuk-link" href="/sample">Sample link</a>`, "<li>Sample link without one</li>", "liaison@example.org", "Sample comment.", "on version 3", "<li>Schedule its publication</li>"}},
		"cycles.html": {&cycleIndexPage{page: frame, Cycles: []*peel.Framework{fw}}, []string{`href="/peel-assessments/sample-2031"`, "SAMPLE 2031", "Sample pillar"}},
		"cycle.html": {&cyclePage{page: frame, Framework: fw, Scale: []grade{good, {Label: "Ungraded", Colour: "grey"}},
			Counts: []countRow{{cycleColumn: cycleColumn{Pillar: fw.Pillars[0]}, Counts: []int{3, 1}, Total: 4,
				Chart: barChart{ID: "chart-1", Title: "Sample chart", Bars: []bar{{Label: "Good", Value: 3, Colour: "teal"}, {Label: "Ungraded", Value: 1, Ungraded: true}}}}},
			Tables: []gradeTable{{Heading: "Grades by pillar", Columns: []cycleColumn{{Pillar: fw.Pillars[0]}, {Pillar: fw.Pillars[0], Question: 2}},
				Regions: []cycleRegion{{Name: "Sample Region", Continued: true, Rows: []cycleOrganisation{{Organisation: org, Cells: []cycleCell{{Path: "/sample", Grade: good}, {}}}}}}}},
			Pager: pager{Page: 2, PerPage: 1, Total: 3}},
			[]string{"Sample chart", `role="img"`, "Sample Region (continued)", `href="/data/judgments.csv?framework=sample-2031"`, "Question 2", `href="/sample"`, "Not published", "govuk-pagination", "Showing forces 2 to 2 of 3"}},
		"compare.html": {&comparePage{page: frame, Organisations: []*peel.Organisation{org}, Forces: []*peel.Organisation{org}, Listed: "Sample Police",
			Choices: []compareChoice{{ID: "organisation-1", Label: "First force", Selected: "sample", Error: "Sample error"}},
			Errors:  []formError{{Href: "#organisation-1", Text: "Sample error"}},
			Pillars: []comparePillar{{Name: "Sample pillar", Chart: lineChart{ID: "chart-1", Title: "Sample line chart", XLabels: []string{"2031"}, YLabels: []string{"Good"},
				Series: []series{{Name: "Sample Police", Points: []int{0}}}},
				Rows: []cycleRow{{Framework: fw, Cells: []cycleCell{{Path: "/sample", Grade: good, Move: "up", Since: "SAMPLE 2030"}}}}}}},
			[]string{"govuk-error-summary", `aria-describedby="organisation-1-error"`, `<option value="sample" selected>`, "Sample line chart", "Sample pillar grades by cycle", "Up<span class=\"govuk-visually-hidden\"> since SAMPLE 2030"}},
		"publications.html": {&publicationsPage{page: frame, Pager: pager{Page: 2, PerPage: 1, Total: 3}, Publications: []*peel.Publication{review, {Slug: "other", Title: "Other sample", Kind: peel.KindThematicReport}}},
			[]string{`href="/publications/sample-review"`, "Sample review", `Follow-up review, <time datetime="2031-05-04">4 May 2031</time> (withdrawn)`, "Sample summary.", "Thematic report", "govuk-pagination", `href="/data/publications.json"`, `href="/data/outcomes.csv"`}},
		"publication.html": {&publicationPage{page: frame, Publication: review, Organisations: []*peel.Organisation{org},
			Outcomes: []outcomeView{{Organisation: org, Grade: good, Path: "/publications/sample-review/sample"}}},
			[]string{"This publication has been withdrawn.", "Sample reason.", "Sample summary.", "Sample paragraph.", `href="/forces/sample"`, `href="/publications/sample-review/sample">Sample Police</a>`,
				"govuk-tag--teal", `<a class="govuk-link" href="/sample">Sample link</a>`, "<li>Sample link without one</li>", `href="/api/v1/publications/sample-review"`}},
		"outcome.html": {&outcomePage{page: frame, Publication: review, Outcome: outcomeView{Organisation: org, Grade: good, Narrative: []string{"Sample narrative."}}},
			[]string{"Sample page</h1>", "govuk-tag--teal", ">Good<", "Sample narrative.", `href="/publications/sample-review">Back to Sample review`, "This publication has been withdrawn."}},
	}
	for name := range s.templates {
		c, ok := cases[name]
		if !ok {
			t.Errorf("template %s has no case in this test", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.render(rec, httptest.NewRequest("GET", "/", nil), http.StatusOK, name, c.data)
			body := rec.Body.String()
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, body)
			}
			for _, want := range append(c.want, "Sample notice", `aria-label="Breadcrumb"`, "</html>") {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
		})
	}
}
