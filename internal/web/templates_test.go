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
	readOnly := signedIn
	readOnly.ReadOnlyUntil = &now
	org := &peel.Organisation{Slug: "sample", Name: "Sample Police", ShortName: "Sample", Region: "Sample Region"}
	fw := &peel.Framework{Slug: "sample-2031", Programme: "SAMPLE", Cycle: "2031",
		Scale:   []*peel.Grade{{Slug: "good", Label: "Good", Colour: "teal"}},
		Pillars: []*peel.Pillar{{Slug: "sample", Name: "Sample pillar"}}}
	day, _ := peel.NewDate(2031, 5, 4)
	good := grade{Label: "Good", Colour: "teal"}
	review := &peel.Publication{Slug: "sample-review", Title: "Sample review", Kind: peel.KindFollowUpReview, Date: day, Summary: "Sample summary.",
		Body: []string{"Sample paragraph."}, Links: []peel.Link{{Title: "Sample link", Href: "/sample"}, {Title: "Sample link without one"}},
		Status: peel.StatusWithdrawn, Withdrawn: "Sample reason."}
	scaleReview := &peel.Publication{Slug: "sample-review", Title: "Sample review", Kind: peel.KindFollowUpReview, Status: peel.StatusPublished, Version: 2,
		Scale: []*peel.Grade{{Slug: "met", Label: "Sample met", Colour: "green"}}}
	rec := &peel.Recommendation{ID: 9, Text: "Sample recommendation text.", Theme: "sample-theme", Due: day, IssuedIn: "sample-review", AllForces: true,
		Addressees: []peel.Addressee{{Organisation: "sample", Name: "Sample Police", History: []peel.Entry{
			{At: now, Kind: peel.EntryStatus, Status: peel.RecAwaitingReview},
			{At: now, Actor: "liaison@example.org", Kind: peel.EntryProgress, Status: peel.RecBeingProgressed, Comment: "Sample progress note.", Evidence: []string{"https://example.org/sample", "Sample evidence text."}},
			{At: now, Kind: peel.EntryReview, Status: peel.RecBeingProgressed, Verdict: peel.VerdictQuestioned, Comment: "Sample question."},
		}}}}
	regions := []region{{Name: "Sample Region", Organisations: []*peel.Organisation{org}}}
	// Responses to a report published on 14 March 2031, due by 9 May,
	// seen on 1 June: one overdue, one received late, one due (seen on
	// the day of publication), with a form to record the first.
	published, seen := time.Date(2031, 3, 14, 9, 0, 0, 0, time.UTC), time.Date(2031, 6, 1, 9, 0, 0, 0, time.UTC)
	late, _ := peel.NewDate(2031, 5, 12)
	responses := []responseView{
		{Response: &peel.Response{Report: "/sample-report", ReportTitle: "Sample report", Organisation: "sample", OrganisationName: "Sample Police", PublishedAt: published},
			Now: seen, Record: "/editor/responses/record?sample"},
		{Response: &peel.Response{Report: "/sample-report", ReportTitle: "Sample report", Organisation: "other", OrganisationName: "Other Police", PublishedAt: published,
			URL: "https://example.org/sample-response", Date: late}, Now: seen},
		{Response: &peel.Response{Report: "/sample-report", ReportTitle: "Sample report", Organisation: "third", OrganisationName: "Third Police", PublishedAt: published},
			Now: published},
	}
	responseFilters := []filter{{Name: "status", Label: "Status", Options: []option{{Text: "Any status"}, {Value: "overdue", Text: "Overdue", Selected: true}}}}
	cases := map[string]struct {
		data any
		want []string
	}{
		"assessment.html": {&assessmentPage{
			page: frame, Organisation: org, Framework: fw, PillarName: "Sample pillar", Grade: good,
			Assessment: &peel.Assessment{Organisation: "sample", Framework: "sample-2031", Pillar: "sample", Version: 3, Headline: "How sample is it?", LastUpdated: day, Summary: []string{"Sample summary."},
				Improvements: []string{"Sample area for improvement."}, Concerns: []*peel.Concern{{Text: "Sample concern.", Recommendations: []string{"Sample recommendation."}}, {Text: "Sample concern alone."}}},
			Version:   &versionBanner{Number: 3, PublicFrom: day.Time, Path: "/peel-assessments/sample-2031/sample/sample"},
			Responses: responses,
			Questions: []questionView{{Number: 1, Text: "Sample question?", Grade: grade{Label: "Ungraded", Colour: "grey"}, CarriedOver: &carriedView{Name: "SAMPLE 2030", Href: "/sample-2030"}, Body: []bodyItem{
				{Paragraph: "Sample paragraph."},
				{Links: []*peel.Link{{Title: "Sample link with an address", Href: "/sample"}, {Title: "Sample link without one"}}},
			}}},
		}, []string{"Sample pillar", "How sample is it?", "4 May 2031", "govuk-tag--teal", "govuk-tag--grey", `<a class="govuk-link" href="/sample">Sample link with an address</a>`, "<li>Sample link without one</li>",
			"Old version", "version 3, published on", `href="/peel-assessments/sample-2031/sample/sample/history"`,
			`Carried over from <a class="govuk-link" href="/sample-2030">SAMPLE 2030</a>`, "Areas for improvement", "<li>Sample area for improvement.</li>",
			"Cause of concern 1", "Sample concern.", "<li>Sample recommendation.</li>", "Cause of concern 2", "Sample concern alone.",
			`response is overdue since <time datetime="2031-05-10">10 May 2031</time>`,
			`<a class="govuk-link" href="https://example.org/sample-response">response</a> was published on <time datetime="2031-05-12">12 May 2031</time>`,
			`response is due by <time datetime="2031-05-09">9 May 2031</time>`}},
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
			Cycles:          []cycleRow{{Framework: fw, Cells: []cycleCell{{Path: "/sample", Grade: good, Move: "down", Since: "SAMPLE 2030"}, {}}}, {Framework: fw}},
			Chart:           lineChart{ID: "grades-chart", Title: "Sample force chart"},
			Publications:    []forcePublication{{Publication: review, Outcome: &outcomeView{Organisation: org, Grade: good, Path: "/publications/sample-review/sample"}}, {Publication: review}},
			Responses:       responses,
			Recommendations: []forceRecommendation{{rec, peel.RecBeingProgressed}}},
			[]string{`id="sample-2031"`, `href="/sample"`, "Not published", "Down<span", "Sample force chart", `href="/compare?organisation=sample"`,
				`href="/data/judgments.csv?organisation=sample"`, `href="/data/judgments.json?organisation=sample"`,
				`href="/publications/sample-review/sample">outcome for Sample Police</a>`,
				"Police and crime commissioner's responses", "Overdue by 23 days", `href="/responses?organisation=sample"`,
				`href="/recommendations/9#sample">Recommendation 9</a>: Sample recommendation text. (Being progressed, due`, `href="/recommendations?force=sample">All recommendations to Sample Police`}},
		"recommendations.html": {&recommendationsPage{page: frame, Pager: pager{Page: 2, PerPage: 1, Total: 3}, Filtered: true, Query: "?force=sample",
			Filters:         []filter{{Name: "force", Label: "Force", Options: []option{{Text: "All forces"}, {Value: "sample", Text: "Sample Police", Selected: true}}}},
			Recommendations: []recommendationView{{rec, statusCounts(rec)}}},
			[]string{`href="/recommendations/9">Recommendation 9</a>`, "Sample recommendation text.", "Theme: sample-theme", `<time datetime="2031-05-04">4 May 2031</time>`, "To all forces",
				"Being progressed: 1", "govuk-pagination", `href="/data/recommendations.csv?force=sample"`, `href="/data/recommendations.json?force=sample"`, "Clear filters", `<option value="sample" selected>Sample Police</option>`}},
		"editor-recommendations.html": {&editorRecommendationsPage{page: signedIn, Done: "Recommendation added", CanAdd: true, Pager: pager{Page: 1, PerPage: 50, Total: 2},
			Recommendations: []editorRecommendationRow{{Recommendation: rec, Counts: statusCounts(rec)}, {Recommendation: rec, Own: &rec.Addressees[0]}}},
			[]string{"Recommendation added", `href="/editor/recommendations/new"`, `href="/editor/recommendations/9">Recommendation 9</a>`, `href="/editor/recommendations/9/sample">`, "Being progressed: 1", "4 May 2031"}},
		"editor-recommendations-stale.html": {&editorStalePage{page: signedIn, Months: 6, Choices: []option{{Value: "6", Text: "6 months", Selected: true}}, Pager: pager{Page: 1, PerPage: 50, Total: 1},
			CSV: "/editor/recommendations/stale.csv?months=6", Rows: []staleRow{{StaleAddressee: &peel.StaleAddressee{Recommendation: 9, Text: "Sample recommendation text.", Due: rec.Due,
				Organisation: "sample", Name: "Sample Police", Latest: rec.Addressees[0].Latest()}, MonthsAgo: 7, PastDue: true, Path: "/editor/recommendations/9/sample"}}},
			[]string{"1 force with no update for 6 months", `href="/editor/recommendations/9">Recommendation 9</a>`, `href="/editor/recommendations/9/sample">Sample Police</a>`,
				"7 months ago", "Past due", `<option value="6" selected>6 months</option>`, `href="/editor/recommendations/stale.csv?months=6"`}},
		"editor-recommendation-new.html": {&editorRecommendationNewPage{page: signedIn, Text: "Sample text.", Scope: "named", Orgs: "kent; essex",
			Form: form{Errors: []formError{{Href: "#issued_in", Text: "Sample error."}}, fields: map[string]string{"issued_in": "Sample error.", "due-day": "Sample date error.", "organisations": "Sample orgs error."}}},
			[]string{"There is a problem", `value="session-token"`, "Sample text.</textarea>", `id="issued_in-error"`, "Sample date error.", "Sample orgs error.", `value="named" checked`, `value="kent; essex"`}},
		"editor-recommendation.html": {&editorRecommendationPage{page: signedIn, Done: "Review recorded", Recommendation: rec, Counts: statusCounts(rec)},
			[]string{"Review recorded", "Sample recommendation text.", `href="/editor/recommendations/9/sample">Sample Police</a>`, "Update questioned", "Being progressed: 1"}},
		"editor-recommendation-force.html": {&editorAddresseePage{page: signedIn, Done: "Progress recorded", Recommendation: rec, Addressee: &rec.Addressees[0], Path: "/editor/recommendations/9/sample",
			CanProgress: true, CanReview: true, CanSetStatus: true, Statuses: peel.RecStatuses, Status: "complete", Comment: "Sample typed.", Verdict: "questioned",
			Form: form{Errors: []formError{{Href: "#comment", Text: "Sample comment error."}}, fields: map[string]string{"comment": "Sample comment error."}}},
			[]string{"Progress recorded", "There is a problem", `action="/editor/recommendations/9/sample/progress"`, `action="/editor/recommendations/9/sample/review"`,
				`action="/editor/recommendations/9/sample/status"`, `<option value="complete" selected>Complete</option>`, "Sample progress note.", "<li>Sample evidence text.</li>",
				`value="questioned" checked`, "questioned the force’s update", "</time></strong>, liaison@example.org: the force reported"}},
		"recommendation.html": {&recommendationPage{page: frame, Recommendation: rec, IssuedIn: "Sample review"},
			[]string{"Sample recommendation text.", `href="/publications/sample-review">Sample review</a>`, "All forces", `id="sample">Sample Police: Being progressed`,
				"the force reported: Being progressed", "Sample progress note.", `<a class="govuk-link" href="https://example.org/sample">`, "<li>Sample evidence text.</li>",
				"the inspectorate questioned the force’s update", "Sample question."}},
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
		"editor.html": {&editorPage{page: signedIn, Filtered: true, Pager: pager{Page: 2, PerPage: 1, Total: 3}, CanCreate: true,
			Filters: []filter{{Name: "status", Label: "Status", Options: []option{{Text: "All statuses"}, {Value: "check", Text: "Factual-accuracy check", Selected: true}}}},
			Rows: []workRow{{Path: "/editor/assessments/sample-2031/sample/sample", Force: "Sample Police", Cycle: "SAMPLE 2031", Pillar: "Sample pillar",
				Status: statusView{"Factual-accuracy check", "yellow"}, Version: 3, Changed: time.Date(2031, 5, 4, 9, 30, 0, 0, time.UTC), Assignee: "inspector@example.org"}}},
			[]string{"inspector@example.org", ">Assignee</th>", "sample@example.org", "liaison for sample", `action="/sign-out"`, `name="csrf" value="session-token"`, "Sign out</button>",
				`action="/editor" method="get"`, `<option value="check" selected>`, `href="/editor">Clear filters`, `href="/editor/assessments/sample-2031/sample/sample"`,
				"govuk-tag--yellow", "09:30 on 4 May 2031 (UTC)", "govuk-pagination", "Showing assessments 2 to 2 of 3", `href="/editor/assessments/new"`}},
		"editor-assessment.html": {&editorAssessmentPage{page: signedIn, Force: "Sample Police", Cycle: "SAMPLE 2031", PillarName: "Sample pillar", Grade: "Good",
			Status: statusView{"Scheduled", "blue"},
			Assessment: &peel.Assessment{Framework: "sample-2031", Organisation: "sample", Pillar: "sample", Version: 4, Headline: "How sample is it?", PublishAt: &now, Summary: []string{"Sample summary."},
				Rationale: "Sample rationale.", Improvements: []string{"Sample area for improvement."}},
			Questions: []editorQuestion{{Number: 1, Text: "Sample question?", CarriedOver: "SAMPLE 2030", Paragraphs: []string{"Sample paragraph."},
				Links: []*peel.Link{{Title: "Sample link", Href: "/sample"}, {Title: "Sample link without one"}}}},
			ShowComments: true, Comments: []*peel.Comment{{Version: 3, Author: "liaison@example.org", Body: "Sample comment.", At: now}},
			Path: "/editor/assessments/sample-2031/sample/sample", Done: "Sample step done", Assignee: "inspector@example.org",
			Staff: []option{{Value: "inspector@example.org", Text: "inspector@example.org (inspector)"}},
			Form:  sampleForm(fieldReturn, fieldAssignee), Typed: map[string]string{fieldReturn: "Sample <typed> words"},
			PublishAt: &dateTime{Name: fieldPublish, Legend: "Publication time", Hint: "Sample hint", Day: "4", Month: "5", Year: "2031", Clock: "25:00", TimeErr: "Sample time error"},
			Steps: []stepView{{Action: "schedule", Label: "Schedule its publication", Field: fieldPublish}, {Action: "return", Label: "Return to draft", Field: fieldReturn, Ask: "Why?"},
				{Action: "approve", Label: "Approve"}, {Action: "edit", Label: "Edit the content", Href: "/editor/assessments/sample-2031/sample/sample/edit"}}},
			[]string{"Sample Police: Sample pillar", "SAMPLE 2031", "govuk-tag\">Scheduled", "Good", "How sample is it?", "Sample summary.", "Question 1: Sample question?", "Ungraded",
				`<a class="govuk-link" href="/sample">Sample link</a>`, "<li>Sample link without one</li>", "liaison@example.org", "Sample comment.", "on version 3",
				`action="/editor/assessments/sample-2031/sample/sample/schedule"`, `action="/editor/assessments/sample-2031/sample/sample/approve"`, `id="publish-at-day"`, `value="25:00"`,
				"Sample time error", `aria-describedby="return-comment-error"`, "Sample &lt;typed&gt; words", `href="#return-comment"`, "govuk-error-summary", "Sample step done",
				`<option value="inspector@example.org" selected>`, `action="/editor/assessments/sample-2031/sample/sample/assign"`, `aria-describedby="assignee-error"`,
				`href="/editor/assessments/sample-2031/sample/sample/edit">Edit the content</a>`, "(UK time)",
				"Sample rationale.", "<li>Sample area for improvement.</li>", "(carried over from SAMPLE 2030)"}},
		"editor-notices.html": {&noticesPage{page: signedIn, Done: "Sample notice added", Rows: []noticeRow{
			{Notice: &peel.Notice{ID: 3, Title: "Sample downtime", Body: "Sample body.", From: &now, Until: &now, MaintenanceFrom: &now, MaintenanceUntil: &now}, State: "Showing", Colour: "green"},
			{Notice: &peel.Notice{ID: 2, Title: "Sample old", Body: "Sample old body."}, State: "Ended", Colour: "grey", Ended: true}}},
			[]string{"Sample notice added", `action="/editor/notices/3/end"`, `action="/editor/notices/3/delete"`, `action="/editor/notices/2/delete"`, "Sample old body.", "govuk-tag--grey", "until it is ended", `href="/editor/notices/new"`}},
		"editor-notice-form.html": {&noticeForm{page: signedIn, NoticeTitle: "Sample <title>", Body: "Sample body", Form: sampleForm("title"),
			From: newDateTime("from", "Show from", "Sample hint", &now), Until: newDateTime("until", "Show until", "Sample hint", nil),
			MFrom: newDateTime("maintenance-from", "Read-only from", "Sample hint", nil), MUntil: &dateTime{Name: "maintenance-until", Legend: "Read-only until", DayErr: "Sample date error"}},
			[]string{`action="/editor/notices"`, `value="Sample &lt;title&gt;"`, `aria-describedby="title-error"`, `id="maintenance-until-day"`, "Sample date error", `aria-describedby="maintenance-until-hint maintenance-until-day-error"`}},
		"editor-audit.html": {&auditPage{page: signedIn, Subject: "notice 3", Pager: pager{Page: 2, PerPage: 1, Total: 3},
			Entries: []*store.AuditEntry{{At: now, Actor: "sample@example.org", Action: "notice.create", Subject: "notice 3", After: `{"title":"Sample"}`}}},
			[]string{"notice.create", "sample@example.org", `{&#34;title&#34;:&#34;Sample&#34;}`, "Nothing", `value="notice 3"`, `href="/editor/audit">Clear filters`, "Showing changes 2 to 2 of 3", "govuk-pagination"}},
		"read-only.html": {&readOnlyPage{page: readOnly, Until: time.Date(2031, 7, 4, 9, 30, 0, 0, time.UTC)},
			[]string{"Nothing you sent has been saved", "10:30 on 4 July 2031 (UK time)", "read-only for maintenance until"}},
		"editor-new.html": {&newAssessmentPage{page: signedIn, Errors: []formError{{Href: "#pillar", Text: "Select a pillar"}}, Fields: []*formField{
			{Kind: "select", Name: "pillar", Label: "Pillar", Hint: "Sample hint.", Error: "Select a pillar", Options: []option{{Text: "Choose a pillar"}, {Value: "sample", Text: "Sample pillar", Selected: true}}},
		}}, []string{`action="/editor/assessments/new"`, `name="csrf" value="session-token"`, `href="#pillar">Select a pillar`, `aria-describedby="pillar-hint pillar-error"`,
			`<option value="sample" selected>Sample pillar</option>`, "govuk-select--error"}},
		"editor-edit.html": {&editAssessmentPage{page: signedIn, Force: "Sample Police", Cycle: "SAMPLE 2031", PillarName: "Sample pillar", ReadPath: "/editor/sample",
			Action: "/editor/sample/edit", Version: 5, Correction: true, Saved: 5, Conflict: 6, Change: "major", ChangeError: "Sample change error",
			Errors: []formError{{Href: "#summary", Text: "Sample error."}}, Checks: []formError{{Href: "#summary", Text: "Sample check."}},
			Main: []*formField{
				{Kind: "input", Name: "headline", Label: "Headline question", Value: "How <sample> is it?"},
				{Kind: "textarea", Name: "summary", Label: "Summary", Value: "Mine.", Warnings: []string{"Sample warning."}, Theirs: &theirs{Version: 6, Lines: []string{"Theirs, line 1.", "Line 2."}}},
				{Kind: "textarea", Name: "rationale", Label: "Rationale", Theirs: &theirs{Version: 6}},
			},
			Questions: []questionFields{{Number: 1, Text: "Sample question?", Fields: []*formField{{Kind: "select", Name: "q1-grade", Label: "Grade", Options: []option{{Text: "Ungraded", Selected: true}}}}}},
			Findings:  []*formField{{Kind: "textarea", Name: "concerns", Label: "Causes of concern", Error: "Sample concern error."}},
			Note:      &formField{Kind: "textarea", Name: "note", Label: "Change note"}},
			[]string{"Correct Sample Police: Sample pillar", `action="/editor/sample/edit"`, `name="version" value="5"`, "Saved as version 5.", `href="#summary">Sample error.`,
				`href="#summary">Sample check.`, `value="How &lt;sample&gt; is it?"`, "Sample warning.", "Stored now, in version 6, by someone else:", "Theirs, line 1.<br>Line 2.", "(empty)",
				"Question 1: Sample question?", "Sample concern error.", `value="major" checked`, "Sample change error", `name="note"`, "Save, replacing version 6"}},
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
				"govuk-tag--teal", `<a class="govuk-link" href="/sample">Sample link</a>`, "<li>Sample link without one</li>", `href="/api/v1/publications/sample-review"`, `href="/publications/sample-review/history"`}},
		"responses.html": {&responsesPage{page: frame, Responses: responses, Filters: responseFilters, Filtered: true, Pager: pager{Page: 1, PerPage: 50, Total: 3},
			Action: "/responses", CSV: "/data/responses.csv?status=overdue"},
			[]string{"within 56 days", `<time datetime="2031-05-09">9 May 2031</time>`, "govuk-tag--red", "Overdue by 23 days", "govuk-tag--orange", "Received late",
				`href="https://example.org/sample-response">Published <time datetime="2031-05-12">12 May 2031</time>`, "Due in 56 days", `href="/data/responses.csv?status=overdue"`,
				`<option value="overdue" selected>`, `href="/responses">Clear filters`, `href="/editor/responses/record?sample"`}},
		"editor-responses.html": {&responsesPage{page: signedIn, Responses: responses, Filters: responseFilters, Action: "/editor/responses", CSV: "/data/responses.csv", Done: "The response was recorded"},
			[]string{"The response was recorded", "Record the response<span class=\"govuk-visually-hidden\"> of Sample Police to Sample report", "Overdue by 23 days", `action="/editor/responses"`}},
		"editor-response.html": {&responseForm{page: signedIn, Form: sampleForm("url", "date-day"), Response: responses[0], URL: "not <an> address",
			Date: &dateTime{Name: "date", Legend: "Date the response was published", Day: "31", Month: "2", Year: "2031", DayErr: "Sample error on date-day", NoClock: true}},
			[]string{"govuk-error-summary", `value="not &lt;an&gt; address"`, `name="report" value="/sample-report"`, `name="organisation" value="sample"`, `value="session-token"`,
				"Sample error on date-day", `id="date-day"`, "Overdue by 23 days"}},
		"outcome.html": {&outcomePage{page: frame, Publication: review, Outcome: outcomeView{Organisation: org, Grade: good, Narrative: []string{"Sample narrative."}}},
			[]string{"Sample page</h1>", "govuk-tag--teal", ">Good<", "Sample narrative.", `href="/publications/sample-review">Back to Sample review`, "This publication has been withdrawn."}},
		"publication-history.html": {&publicationHistoryPage{page: frame, Publication: scaleReview, Versions: []publicationVersionRow{
			{Number: 3, PublicFrom: published, Note: "Sample change note.", Current: true}, {Number: 2, PublicFrom: published}}},
			[]string{"Publication history", `href="/publications/sample-review">this publication</a>`, "Version 3 <span class=\"govuk-body-s\">(current)</span>", "Sample change note.", "No change note", "14 March 2031"}},
		"editor-publications.html": {&editorPublicationsPage{page: signedIn, CanCreate: true, Pager: pager{Page: 1, PerPage: 25, Total: 1},
			Rows: []publicationRow{{Publication: &peel.Publication{Title: "Sample review", Kind: peel.KindFollowUpReview, Updated: now}, Path: "/editor/publications/sample-review", Status: statusViews[peel.StatusDraft]}}},
			[]string{`href="/editor/publications/new"`, `href="/editor/publications/sample-review">Sample review</a>`, "Follow-up review", "govuk-tag--grey", "1 publication"}},
		"editor-publication-form.html": {&publicationFormPage{page: signedIn, Action: "/editor/publications/sample-review/edit", ReadPath: "/editor/publications/sample-review",
			Correction: true, Version: 3, Conflict: 4, Errors: []formError{{Href: "#kind", Text: "Sample kind error."}}, Kinds: peel.PublicationKinds, Kind: "follow-up-review", KindErr: "Sample kind error.",
			PubTitle: &formField{Kind: "input", Name: "title", Label: "Title", Value: "Sample <review>", Theirs: &theirs{Version: 4, Lines: []string{"Their sample title."}}},
			Date:     &dateTime{Name: "date", Legend: "Publication date", Day: "4", Month: "5", Year: "2031", NoClock: true},
			Summary:  &formField{Kind: "textarea", Name: "summary", Label: "Summary"}, Body: &formField{Kind: "textarea", Name: "body", Label: "Body"},
			Links: &formField{Kind: "textarea", Name: "links", Label: "Links"}, Scale: &formField{Kind: "textarea", Name: "scale", Label: "Scale", Value: "met | Sample met | green"},
			Orgs: []orgChoice{{Slug: "sample", Name: "Sample Police", Checked: true}}, OrgsErr: "Sample organisations error.",
			Note: &formField{Kind: "textarea", Name: "note", Label: "Change note", Error: "Sample note error."}},
			[]string{"Correct Sample &lt;review&gt;", `name="version" value="3"`, `value="follow-up-review" checked`, "Sample kind error.", "Their sample title.", `id="date-day"`,
				`id="organisations-sample" name="organisations" type="checkbox" value="sample" checked`, "Sample organisations error.", "met | Sample met | green</textarea>", "Sample note error.", "Save, replacing version 4"}},
		"editor-publication.html": {&editorPublicationPage{page: signedIn, Done: "It has been published", Publication: scaleReview, Status: statusViews[peel.StatusPublished],
			Path: "/editor/publications/sample-review", CanEdit: true, CanOutcome: true, Steps: []publicationStep{{peel.ActionWithdraw, "Withdraw, with a reason"}, {peel.ActionSchedule, "Schedule its publication"}},
			PublishAt: newDateTime("publish-at", "Publication time", "In UK time.", nil), Reason: "Sample typed reason.",
			Form:     form{Errors: []formError{{Href: "#withdraw-reason", Text: "Sample reason error."}}, fields: map[string]string{"withdraw-reason": "Sample reason error."}},
			Outcomes: []outcomeRow{{Name: "Sample Police", Href: "/editor/publications/sample-review/outcomes/sample", Grade: scaleReview.Scale[0], Narrative: []string{"Sample outcome narrative."}}},
			Covered:  []option{{Value: "sample", Text: "Sample Police"}},
			Versions: []*peel.PublicationVersion{{Number: 2, At: now, Actor: "inspector@example.org", Note: "Sample change note.", Publication: scaleReview}}},
			[]string{"It has been published", `action="/editor/publications/sample-review/withdraw"`, "Sample typed reason.</textarea>", "Sample reason error.", `id="publish-at-day"`,
				`href="/editor/publications/sample-review/edit">Correct the publication`, "Sample outcome narrative.", `href="/editor/publications/sample-review/outcomes/sample"`,
				`action="/editor/publications/sample-review/outcomes"`, `<option value="sample">Sample Police</option>`, "Version 2", "inspector@example.org", "Sample change note."}},
		"editor-outcome.html": {&editorOutcomePage{page: signedIn, Publication: scaleReview, Organisation: org, Path: "/editor/publications/sample-review/outcomes/sample", Back: "/editor/publications/sample-review",
			Grade: "met", Narrative: "Sample typed narrative.", Form: form{Errors: []formError{{Href: "#narrative", Text: "Sample narrative error."}}, fields: map[string]string{"narrative": "Sample narrative error."}}},
			[]string{"Outcome for Sample Police", `action="/editor/publications/sample-review/outcomes/sample"`, `value="met" checked`, "Sample met", "Sample typed narrative.</textarea>", "Sample narrative error."}},
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

// sampleForm is a form with an error on each field named.
func sampleForm(ids ...string) form {
	var f form
	for _, id := range ids {
		f.fail(id, "Sample error on "+id)
	}
	return f
}
