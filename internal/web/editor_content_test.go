package web_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
	"github.com/peel-oss/peel/internal/web"
)

const seedEditPath = editorSeedPath + "/edit"

// contentSite is a server over a store of the backend with the seed page as
// a draft and a user of each role: two inspectors, an administrator, a
// moderator, a publisher and Kent's liaison.
func contentSite(tb testing.TB, b fixture.Backend) *site {
	tb.Helper()
	st := b.Open(tb)
	log := &fixture.Log{}
	srv, err := web.NewServer(st, slog.New(slog.NewTextHandler(log, nil)), "http://localhost:8080")
	if err != nil {
		tb.Fatal(err)
	}
	s := &site{store: st, handler: srv.Handler(), log: log}
	s.importSeed(tb, true)
	for _, u := range []*peel.User{
		{Email: "inspector@example.org", Role: peel.RoleInspector},
		{Email: "inspector2@example.org", Role: peel.RoleInspector},
		{Email: "admin@example.org", Role: peel.RoleAdministrator},
		{Email: "moderator@example.org", Role: peel.RoleModerator},
		{Email: "publisher@example.org", Role: peel.RolePublisher},
		{Email: "kent@example.org", Role: peel.RoleLiaison, Organisation: "kent"},
	} {
		addUser(tb, st, u, samplePassword)
	}
	return s
}

var (
	inputRE    = regexp.MustCompile(`<input [^>]*name="([^"]+)"[^>]*value="([^"]*)"`)
	textareaRE = regexp.MustCompile(`(?s)<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`)
	selectRE   = regexp.MustCompile(`(?s)<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
	selectedRE = regexp.MustCompile(`<option value="([^"]*)" selected>`)
)

// formValues reads the values of the last form of the page as a browser
// would send them: text inputs, hidden fields, textareas, selects and the
// checked radio.
func formValues(tb testing.TB, page string) url.Values {
	tb.Helper()
	i := strings.LastIndex(page, "<form ")
	if i < 0 {
		tb.Fatalf("no form in the page:\n%s", page)
	}
	form := page[i:]
	v := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(form, -1) {
		if strings.Contains(m[0], `type="radio"`) && !strings.Contains(m[0], "checked") {
			continue
		}
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range textareaRE.FindAllStringSubmatch(form, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range selectRE.FindAllStringSubmatch(form, -1) {
		value := ""
		if s := selectedRE.FindStringSubmatch(m[2]); s != nil {
			value = html.UnescapeString(s[1])
		}
		v.Set(m[1], value)
	}
	return v
}

// editForm loads the edit form and returns its values.
func (b *browser) editForm(tb testing.TB, path string) url.Values {
	tb.Helper()
	res, page := b.do(tb, "GET", path, nil)
	wantStatus(tb, res, page, http.StatusOK)
	return formValues(tb, page)
}

func wantContains(tb testing.TB, what, page string, wants ...string) {
	tb.Helper()
	for _, want := range wants {
		if !strings.Contains(page, want) {
			tb.Errorf("%s lacks %q", what, want)
		}
	}
}

func mustFind(tb testing.TB, st *store.Store, framework, organisation, pillar string) *peel.Assessment {
	tb.Helper()
	a, err := st.FindAssessment(context.Background(), framework, organisation, pillar)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func TestAssessmentCreate(t *testing.T) {
	s := contentSite(t, fixture.Backends()[0])
	ctx := context.Background()
	stored := func(organisation string) bool {
		_, err := s.store.FindAssessment(ctx, "peel-2016", organisation, "legitimacy")
		return err == nil
	}
	create := func(b *browser, organisation, cycle, pillar string) (*http.Response, string) {
		res, page := b.do(t, "GET", "/editor/assessments/new", nil)
		wantStatus(t, res, page, http.StatusOK)
		return b.do(t, "POST", "/editor/assessments/new", url.Values{"csrf": {formToken(t, page)}, "organisation": {organisation}, "cycle": {cycle}, "pillar": {pillar}})
	}

	t.Run("OK", func(t *testing.T) {
		for _, tt := range []struct{ email, organisation string }{{"inspector@example.org", "essex"}, {"admin@example.org", "durham"}} {
			b := signedIn(t, s, tt.email)
			res, page := b.do(t, "GET", "/editor", nil)
			wantContains(t, "the list", page, `href="/editor/assessments/new"`)
			res, page = create(b, tt.organisation, "peel-2016", "legitimacy")
			wantRedirect(t, res, "/editor/assessments/peel-2016/"+tt.organisation+"/legitimacy/edit")
			a := mustFind(t, s.store, "peel-2016", tt.organisation, "legitimacy")
			if a.Status != peel.StatusDraft || len(a.Judgments) == 0 {
				t.Errorf("%s created %+v", tt.email, a)
			}
			res, page = b.do(t, "GET", res.Header.Get("Location"), nil)
			wantStatus(t, res, page, http.StatusOK)
			wantContains(t, "the new assessment's edit form", page, `name="headline"`, "Question 1:")
		}
	})

	t.Run("ErrForbidden", func(t *testing.T) {
		for _, email := range []string{"moderator@example.org", "publisher@example.org", "kent@example.org"} {
			b := signedIn(t, s, email)
			res, page := b.do(t, "GET", "/editor/assessments/new", nil)
			wantStatus(t, res, page, http.StatusForbidden)
			_, list := b.do(t, "GET", "/editor", nil)
			if strings.Contains(list, `href="/editor/assessments/new"`) {
				t.Errorf("%s is offered to create an assessment", email)
			}
			_, any := b.do(t, "GET", "/editor", nil)
			res, page = b.do(t, "POST", "/editor/assessments/new", url.Values{"csrf": {formToken(t, any)}, "organisation": {"kent"}, "cycle": {"peel-2017"}, "pillar": {"legitimacy"}})
			wantStatus(t, res, page, http.StatusForbidden)
		}
		if _, err := s.store.FindAssessment(ctx, "peel-2017", "kent", "legitimacy"); peel.ErrorCode(err) != peel.ENOTFOUND {
			t.Errorf("a refused create stored something: %v", err)
		}
	})

	t.Run("ErrCSRF", func(t *testing.T) {
		b := signedIn(t, s, "inspector@example.org")
		for _, token := range []string{"", "not-the-token"} {
			res, page := b.do(t, "POST", "/editor/assessments/new", url.Values{"csrf": {token}, "organisation": {"cheshire"}, "cycle": {"peel-2016"}, "pillar": {"legitimacy"}})
			wantStatus(t, res, page, http.StatusForbidden)
		}
		if stored("cheshire") {
			t.Error("a create without the form's token stored the assessment")
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		// A cycle with a pillar that the others lack.
		if _, err := s.store.SaveFramework(ctx, &peel.Framework{Slug: "sample-2040", Programme: "SAMPLE", Cycle: "2040",
			Scale: []*peel.Grade{{Slug: "fair", Label: "Fair"}}, Pillars: []*peel.Pillar{{Slug: "sample-pillar", Name: "Sample pillar"}}}); err != nil {
			t.Fatal(err)
		}
		b := signedIn(t, s, "inspector@example.org")
		for _, tt := range []struct {
			name                        string
			organisation, cycle, pillar string
			status                      int
			want                        []string
		}{
			{"Empty", "", "", "", http.StatusBadRequest, []string{`href="#organisation">Select a force`, `href="#cycle">Select a cycle`, `href="#pillar">Select a pillar`}},
			{"UnknownForce", "atlantis", "peel-2016", "legitimacy", http.StatusBadRequest, []string{`href="#organisation">Select a force from the list`}},
			{"UnknownCycle", "cheshire", "peel-1999", "legitimacy", http.StatusBadRequest, []string{`href="#cycle">Select a cycle from the list`}},
			{"PillarNotInCycle", "cheshire", "peel-2016", "sample-pillar", http.StatusBadRequest, []string{`href="#pillar">PEEL 2016 has no pillar Sample pillar: select one of its pillars (Effectiveness, Efficiency, Legitimacy, Leadership)`}},
			{"Exists", "kent", "peel-2016", "legitimacy", http.StatusConflict, []string{`href="` + editorSeedPath + `">Kent Police’s Legitimacy assessment for PEEL 2016 exists already: open it`}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res, page := create(b, tt.organisation, tt.cycle, tt.pillar)
				wantStatus(t, res, page, tt.status)
				wantContains(t, "the create form", page, append(tt.want, "govuk-error-summary", "<title>Error: ")...)
				if tt.organisation != "kent" && tt.organisation != "" && stored(tt.organisation) {
					t.Error("a refused create stored the assessment")
				}
			})
		}
	})
}

// fill sets the edit form's content fields to sample content.
func fill(v url.Values) {
	v.Set("headline", "How legitimate is the sample force?")
	v.Set("grade", "good")
	v.Set("summary", "Sample summary, first paragraph.\n\nSample summary,\nsecond paragraph.")
	v.Set("q1-grade", "good")
	v.Set("q1-carried", "peel-2015")
	v.Set("q1-narrative", "Sample narrative paragraph.\n\nLink: Sample review | https://example.org/sample-review\nLink: Sample overview with no address\n\nAnother sample paragraph.")
	v.Set("improvements", "Sample area for improvement one.\n\nSample area for improvement two.")
	v.Set("concerns", "Sample cause of concern.\nRecommendation: Sample recommendation one.\nRecommendation: Sample recommendation two.\n\nSample concern with none.")
	v.Set("rationale", "Sample rationale for the pillar grade.")
}

func TestAssessmentEdit(t *testing.T) {
	ctx := context.Background()
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := contentSite(t, b)
			inspector := signedIn(t, s, "inspector@example.org")
			publisher := signedIn(t, s, "publisher@example.org")

			t.Run("OK", func(t *testing.T) {
				v := inspector.editForm(t, seedEditPath)
				before := mustFind(t, s.store, "peel-2016", "kent", "legitimacy")
				if v.Get("version") != "1" || v.Get("headline") != before.Headline || v.Get("q1-narrative") == "" {
					t.Fatalf("the edit form holds %v", v)
				}
				fill(v)
				res, page := inspector.do(t, "POST", seedEditPath, v)
				wantRedirect(t, res, seedEditPath+"?saved=2")
				a := mustFind(t, s.store, "peel-2016", "kent", "legitimacy")
				want := &peel.Assessment{
					Headline: "How legitimate is the sample force?", Grade: "good",
					Summary:      []string{"Sample summary, first paragraph.", "Sample summary, second paragraph."},
					Improvements: []string{"Sample area for improvement one.", "Sample area for improvement two."},
					Concerns: []*peel.Concern{{Text: "Sample cause of concern.", Recommendations: []string{"Sample recommendation one.", "Sample recommendation two."}},
						{Text: "Sample concern with none."}},
					Rationale: "Sample rationale for the pillar grade.",
				}
				j := a.Judgments[0]
				wantBody := []peel.Block{{Paragraph: "Sample narrative paragraph."}, {Link: &peel.Link{Title: "Sample review", Href: "https://example.org/sample-review"}},
					{Link: &peel.Link{Title: "Sample overview with no address"}}, {Paragraph: "Another sample paragraph."}}
				if a.Version != 2 || a.Headline != want.Headline || a.Grade != want.Grade || !slices.Equal(a.Summary, want.Summary) ||
					!slices.Equal(a.Improvements, want.Improvements) || len(a.Concerns) != 2 || a.Concerns[0].Text != want.Concerns[0].Text ||
					!slices.Equal(a.Concerns[0].Recommendations, want.Concerns[0].Recommendations) || a.Concerns[1].Text != want.Concerns[1].Text ||
					a.Rationale != want.Rationale || j.Grade != "good" || j.CarriedOver != "peel-2015" || len(j.Body) != len(wantBody) {
					t.Fatalf("stored %+v", a)
				}
				for i, b := range wantBody {
					if g := j.Body[i]; g.Paragraph != b.Paragraph || (g.Link == nil) != (b.Link == nil) || g.Link != nil && *g.Link != *b.Link {
						t.Errorf("question 1 block %d: %+v, want %+v", i+1, g, b)
					}
				}
				// The form shows what was saved, as it was typed.
				res, page = inspector.do(t, "GET", seedEditPath+"?saved=2", nil)
				wantStatus(t, res, page, http.StatusOK)
				wantContains(t, "the form after the save", page, "Saved as version 2.")
				if got := formValues(t, page); got.Get("q1-narrative") != v.Get("q1-narrative") || got.Get("concerns") != v.Get("concerns") || got.Get("q1-carried") != "peel-2015" {
					t.Errorf("the form reads back %q and %q", got.Get("q1-narrative"), got.Get("concerns"))
				}
				// The read view shows it too, with the rationale.
				_, page = inspector.do(t, "GET", editorSeedPath, nil)
				wantContains(t, "the read view", page, "Sample rationale for the pillar grade.", "(carried over from PEEL 2015)", "Sample recommendation two.",
					`href="`+seedEditPath+`">Edit`)

				// Once published, the public page shows the content, but not the rationale.
				for _, step := range []func(context.Context, *peel.User, string, string, string) (*peel.Assessment, error){s.store.SendToModeration, s.store.Approve, s.store.Publish} {
					if _, err := step(ctx, peel.Operator(), "peel-2016", "kent", "legitimacy"); err != nil {
						t.Fatal(err)
					}
				}
				carried := "Carried over from PEEL 2015"
				if earlier, err := s.store.FindAssessment(ctx, "peel-2015", "kent", "legitimacy"); err == nil && earlier.Status.Public() {
					carried = `Carried over from <a class="govuk-link" href="/peel-assessments/peel-2015/kent/legitimacy">PEEL 2015</a>`
				}
				res, page = s.get(t, seedPath)
				wantPublic(t, res, page)
				wantContains(t, "the public page", page, "How legitimate is the sample force?", "Sample summary, second paragraph.", carried,
					`<a class="govuk-link" href="https://example.org/sample-review">Sample review</a>`, "<li>Sample overview with no address</li>",
					"Areas for improvement", "<li>Sample area for improvement two.</li>", "Causes of concern", "Sample cause of concern.",
					"<li>Sample recommendation one.</li>", "Sample concern with none.")
				res, body := s.get(t, "/api/v1/assessments/peel-2016/kent/legitimacy")
				wantPublic(t, res, body)
				wantContains(t, "the API's assessment", body, `"areasForImprovement": [`, `"causesOfConcern": [`, `"recommendations": [`, `"carriedOverFrom": "peel-2015"`)
				for what, text := range map[string]string{"the public page": page, "the API": body} {
					if strings.Contains(text, "Sample rationale") {
						t.Errorf("%s shows the rationale", what)
					}
				}
			})

			t.Run("Correction", func(t *testing.T) {
				if a := mustFind(t, s.store, "peel-2016", "kent", "legitimacy"); a.Status != peel.StatusPublished {
					t.Skip("needs the assessment published by OK")
				}
				_, page := publisher.do(t, "GET", seedEditPath, nil)
				wantContains(t, "the correction form", page, "Correct Kent Police: Legitimacy", "Is this a minor or a major change?", "Publish the correction")
				lastUpdated := mustFind(t, s.store, "peel-2016", "kent", "legitimacy").LastUpdated

				v := formValues(t, page)
				v.Set("summary", "Sample summary, corrected.\n\n"+v.Get("summary"))
				v.Set("change", "major")
				res, page := publisher.do(t, "POST", seedEditPath, v)
				wantStatus(t, res, page, http.StatusBadRequest)
				wantContains(t, "the refused correction", page, `href="#note">Enter a change note: a major change needs one`)
				v.Del("change")
				res, page = publisher.do(t, "POST", seedEditPath, v)
				wantStatus(t, res, page, http.StatusBadRequest)
				wantContains(t, "the refused correction", page, `href="#change">Select whether this is a minor or a major change`)
				if a := mustFind(t, s.store, "peel-2016", "kent", "legitimacy"); a.Summary[0] == "Sample summary, corrected." {
					t.Fatal("a refused correction was stored")
				}

				v.Set("change", "minor")
				res, page = publisher.do(t, "POST", seedEditPath, v)
				wantStatus(t, res, page, http.StatusSeeOther)
				minor := mustFind(t, s.store, "peel-2016", "kent", "legitimacy")
				if minor.Summary[0] != "Sample summary, corrected." || minor.LastUpdated != lastUpdated {
					t.Errorf("after a minor correction: summary %q, last updated %s (was %s)", minor.Summary[0], minor.LastUpdated, lastUpdated)
				}

				v = publisher.editForm(t, seedEditPath)
				v.Set("q1-grade", "outstanding")
				v.Set("change", "major")
				v.Set("note", "Sample note: corrected the grade of question 1.")
				res, page = publisher.do(t, "POST", seedEditPath, v)
				wantStatus(t, res, page, http.StatusSeeOther)
				major := mustFind(t, s.store, "peel-2016", "kent", "legitimacy")
				if major.Judgments[0].Grade != "outstanding" || major.LastUpdated == lastUpdated {
					t.Errorf("after a major correction: grade %q, last updated %s", major.Judgments[0].Grade, major.LastUpdated)
				}
				_, page = s.get(t, seedPath+"/history")
				wantContains(t, "the page history", page, "Sample note: corrected the grade of question 1.")
				_, page = s.get(t, seedPath)
				wantContains(t, "the public page", page, longDate(major.LastUpdated))
			})

			t.Run("ErrForbidden", func(t *testing.T) {
				// Another draft, for the roles that may not edit one.
				if _, err := s.store.CreateAssessment(ctx, peel.Operator(), "peel-2016", "essex", "legitimacy"); err != nil {
					t.Fatal(err)
				}
				const draft = "/editor/assessments/peel-2016/essex/legitimacy/edit"
				for _, tt := range []struct {
					email, path string
					status      int
				}{
					{"moderator@example.org", draft, http.StatusForbidden},
					{"publisher@example.org", draft, http.StatusForbidden},
					{"kent@example.org", draft, http.StatusNotFound}, // a draft not out for the check is not theirs to see
					{"kent@example.org", seedEditPath, http.StatusForbidden},
					{"moderator@example.org", seedEditPath, http.StatusForbidden},
					{"inspector@example.org", "/editor/assessments/peel-2016/kent/efficiency/edit", http.StatusNotFound},
				} {
					b := signedIn(t, s, tt.email)
					res, page := b.do(t, "GET", tt.path, nil)
					wantStatus(t, res, page, tt.status)
					_, list := b.do(t, "GET", "/editor", nil)
					res, page = b.do(t, "POST", tt.path, url.Values{"csrf": {formToken(t, list)}, "version": {"1"}, "headline": {"Sample refused headline."}})
					wantStatus(t, res, page, tt.status)
				}
				if a := mustFind(t, s.store, "peel-2016", "kent", "legitimacy"); a.Status == peel.StatusPublished {
					res, page := inspector.do(t, "GET", seedEditPath, nil)
					wantStatus(t, res, page, http.StatusForbidden)
				}
				if a := mustFind(t, s.store, "peel-2016", "essex", "legitimacy"); a.Version != 1 {
					t.Errorf("a refused edit made version %d", a.Version)
				}
			})

			t.Run("ErrCSRF", func(t *testing.T) {
				const draft = "/editor/assessments/peel-2016/essex/legitimacy/edit"
				v := inspector.editForm(t, draft)
				v.Set("headline", "Sample headline sent without the token.")
				v.Del("csrf")
				res, page := inspector.do(t, "POST", draft, v)
				wantStatus(t, res, page, http.StatusForbidden)
				if a := mustFind(t, s.store, "peel-2016", "essex", "legitimacy"); a.Version != 1 {
					t.Errorf("an edit without the token made version %d", a.Version)
				}
			})

			t.Run("ErrInvalid", func(t *testing.T) {
				const draft = "/editor/assessments/peel-2016/essex/legitimacy/edit"
				for _, tt := range []struct {
					name, field, value, want string
				}{
					{"UnknownGrade", "grade", "splendid", `href="#grade">Pillar grade: select a grade from the list`},
					{"UnknownQuestionGrade", "q2-grade", "splendid", `href="#q2-grade">Question 2 grade: select a grade from the list`},
					{"UnknownCycle", "q1-carried", "peel-2099", `href="#q1-carried">Question 1: select an earlier cycle from the list`},
					{"CarriedWithoutGrade", "q1-carried", "peel-2015", `href="#q1-grade">Question 1: select the grade carried over`},
					{"EmptyHeadline", "headline", " ", `href="#headline">Enter the headline question`},
					{"BadLink", "q1-narrative", "Link: Sample | example.org", `href="#q1-narrative">Question 1 narrative: the link`},
					{"RecommendationFirst", "concerns", "Recommendation: Sample.", `href="#concerns">Causes of concern: the recommendation`},
				} {
					t.Run(tt.name, func(t *testing.T) {
						v := inspector.editForm(t, draft)
						v.Set("summary", "Sample summary that must not be stored.")
						v.Set(tt.field, tt.value)
						res, page := inspector.do(t, "POST", draft, v)
						wantStatus(t, res, page, http.StatusBadRequest)
						wantContains(t, "the refused form", page, tt.want, "Sample summary that must not be stored.", "<title>Error: ")
						if a := mustFind(t, s.store, "peel-2016", "essex", "legitimacy"); a.Version != 1 || len(a.Summary) != 0 {
							t.Errorf("a refused edit stored version %d", a.Version)
						}
					})
				}
			})
		})
	}
}

// wantPublic checks a public answer's status.
func wantPublic(tb testing.TB, res *http.Response, body string) {
	tb.Helper()
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("%s: status %d, want 200:\n%s", res.Request.URL, res.StatusCode, body)
	}
}

func longDate(d peel.Date) string { return d.Format("2 January 2006") }

// TestAssessmentEditConflict: two inspectors edit the same draft; the
// second save is refused with both texts shown, and saved again it goes in.
func TestAssessmentEditConflict(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := contentSite(t, b)
			first, second := signedIn(t, s, "inspector@example.org"), signedIn(t, s, "inspector2@example.org")
			v1, v2 := first.editForm(t, seedEditPath), second.editForm(t, seedEditPath)
			v1.Set("summary", "First editor’s sample summary.")
			v1.Set("improvements", "First editor’s sample area for improvement.")
			v2.Set("summary", "Second editor’s sample summary.")
			res, page := first.do(t, "POST", seedEditPath, v1)
			wantRedirect(t, res, seedEditPath+"?saved=2")

			res, page = second.do(t, "POST", seedEditPath, v2)
			wantStatus(t, res, page, http.StatusConflict)
			wantContains(t, "the refused save", page, "it is now at version 2", "Nothing you typed was saved",
				"Second editor’s sample summary.", "Stored now, in version 2, by someone else:", "First editor’s sample summary.",
				"First editor’s sample area for improvement.", "Save, replacing version 2")
			shown := formValues(t, page)
			if shown.Get("version") != "2" || shown.Get("summary") != "Second editor’s sample summary." {
				t.Fatalf("the refused form holds version %q, summary %q", shown.Get("version"), shown.Get("summary"))
			}
			if strings.Count(page, "Stored now, in version 2") != 2 {
				t.Errorf("%d fields show the stored text, want the 2 that differ", strings.Count(page, "Stored now, in version 2"))
			}
			if a := mustFind(t, s.store, "peel-2016", "kent", "legitimacy"); a.Version != 2 || a.Summary[0] != "First editor’s sample summary." {
				t.Fatalf("the refused save changed the stored assessment: version %d, %q", a.Version, a.Summary)
			}

			// Saved again, deliberately, with the first editor's area for
			// improvement taken in.
			shown.Set("improvements", "First editor’s sample area for improvement.")
			res, page = second.do(t, "POST", seedEditPath, shown)
			wantRedirect(t, res, seedEditPath+"?saved=3")
			a := mustFind(t, s.store, "peel-2016", "kent", "legitimacy")
			if a.Version != 3 || a.Summary[0] != "Second editor’s sample summary." || !slices.Equal(a.Improvements, []string{"First editor’s sample area for improvement."}) {
				t.Errorf("stored version %d: %q, %q", a.Version, a.Summary, a.Improvements)
			}
			// Each save is a version of its own, by its editor.
			audit, err := s.store.FindAudit(context.Background(), store.AuditFilter{Subject: a.Path()})
			if err != nil {
				t.Fatal(err)
			}
			var updates []string
			for _, e := range audit {
				if e.Action == "assessment.update" {
					updates = append(updates, e.Actor)
				}
			}
			if !slices.Equal(updates, []string{"inspector2@example.org", "inspector@example.org"}) {
				t.Errorf("the audit log has updates by %v", updates)
			}
		})
	}
}

// TestAssessmentEditChecks: the editorial checks' findings are warnings on
// the edit form, which never stop a save.
func TestAssessmentEditChecks(t *testing.T) {
	s := contentSite(t, fixture.Backends()[0])
	inspector := signedIn(t, s, "inspector@example.org")
	const mismatch = "The summary states Outstanding, but its grade is Good"
	for _, tt := range []struct {
		name, grade string
		warned      bool
	}{
		{"ErrStatedGrade", "good", true},
		{"OK", "outstanding", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := inspector.editForm(t, seedEditPath)
			v.Set("grade", tt.grade)
			res, page := inspector.do(t, "POST", seedEditPath, v)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("the save was refused: %d\n%s", res.StatusCode, page)
			}
			res, page = inspector.do(t, "GET", res.Header.Get("Location"), nil)
			wantStatus(t, res, page, http.StatusOK)
			if got := strings.Contains(page, mismatch); got != tt.warned {
				t.Errorf("pillar grade %s: warning %q shown: %v, want %v", tt.grade, mismatch, got, tt.warned)
			}
			if tt.warned {
				wantContains(t, "the form", page, `<a class="govuk-link" href="#summary">`+mismatch, `<span class="govuk-visually-hidden">Warning</span> `+mismatch)
			}
		})
	}
	// A draft of the previous cycle's page is not the grade the page
	// states: it is not compared with.
	t.Run("PreviousDraft", func(t *testing.T) {
		ctx := context.Background()
		fw, err := s.store.FindFrameworkBySlug(ctx, "peel-2015")
		if err != nil {
			t.Fatal(err)
		}
		draft := &peel.Assessment{Framework: "peel-2015", Organisation: "kent", Pillar: "legitimacy", Headline: fw.Pillar("legitimacy").Headline,
			Grade: "good", Status: peel.StatusDraft}
		if _, err := s.store.ImportAssessment(ctx, draft, fw.Pillar("legitimacy")); err != nil {
			t.Fatal(err)
		}
		_, page := inspector.do(t, "GET", seedEditPath, nil)
		if strings.Contains(page, "the grade stored for kent Legitimacy is Good") {
			t.Error("the edit form compares the page with a draft of the previous cycle")
		}
	})

	// The rationale check, answered by the stored rationale.
	v := inspector.editForm(t, seedEditPath)
	v.Set("grade", "outstanding")
	v.Set("q2-grade", "inadequate")
	inspector.do(t, "POST", seedEditPath, v)
	_, page := inspector.do(t, "GET", seedEditPath, nil)
	wantContains(t, "the form", page, `href="#rationale">The pillar is Outstanding but question 2 is Inadequate`)
	v = formValues(t, page)
	v.Set("rationale", "Sample rationale.")
	inspector.do(t, "POST", seedEditPath, v)
	if _, page = inspector.do(t, "GET", seedEditPath, nil); strings.Contains(page, `href="#rationale"`) {
		t.Error("the rationale check still fails with a rationale recorded")
	}
}
