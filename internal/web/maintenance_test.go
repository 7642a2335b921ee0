package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// editorPost is one of the editor's writes, with a form that would be
// taken if it were sent with the session's token.
type editorPost struct {
	path string
	form url.Values
}

// editorPosts are every write of the editor, each one an administrator
// may make on stepSite with a notice 1: a step from the status the site
// has it in, assigning, and the notices' changes.
func editorPosts(tb testing.TB, s *site) []editorPost {
	tb.Helper()
	bringTo(tb, s.store, "surrey", peel.StatusCheck)
	bringTo(tb, s.store, "sussex", peel.StatusModeration)
	bringTo(tb, s.store, "kent", peel.StatusModeration)
	bringTo(tb, s.store, "norfolk", peel.StatusApproved)
	bringTo(tb, s.store, "suffolk", peel.StatusPublished)
	from := map[peel.Action]string{
		peel.ActionSendCheck: "essex", peel.ActionRedraft: "surrey", peel.ActionModerate: "essex",
		peel.ActionApprove: "sussex", peel.ActionReturn: "kent", peel.ActionSchedule: "norfolk",
		peel.ActionPublish: "norfolk", peel.ActionWithdraw: "suffolk", peel.ActionComment: "durham",
	}
	var list []editorPost
	for _, action := range workflowActions {
		list = append(list, editorPost{editorPathOf(from[action]) + "/" + string(action), stepFields(action)})
	}
	// The content's forms: starting an assessment, and saving a draft as
	// its edit form holds it.
	edit := signedIn(tb, s, "admin@example.org").editForm(tb, editorPathOf("durham")+"/edit")
	edit.Del("csrf")
	edit.Set("summary", "A sample summary, saved.")
	list = append(list,
		editorPost{"/editor/assessments/new", url.Values{"organisation": {"dorset"}, "cycle": {"peel-2016"}, "pillar": {"legitimacy"}}},
		editorPost{editorPathOf("durham") + "/edit", edit})
	// Recording a response to a published report.
	bringTo(tb, s.store, "lancashire", peel.StatusPublished)
	today := time.Now().In(peel.UKTime)
	list = append(list, editorPost{"/editor/responses/record", url.Values{
		"report": {"/peel-assessments/peel-2016/lancashire/legitimacy"}, "organisation": {"lancashire"}, "url": {"https://example.org/sample-response"},
		"date-day": {strconv.Itoa(today.Day())}, "date-month": {strconv.Itoa(int(today.Month()))}, "date-year": {strconv.Itoa(today.Year())}}})
	notice := url.Values{"title": {"Sample notice"}, "body": {"Sample text."}}
	return append(append(list,
		editorPost{editorPathOf("durham") + "/assign", url.Values{"assignee": {"inspector@example.org"}}},
		editorPost{"/editor/notices", notice},
		editorPost{"/editor/notices/1/end", nil},
		editorPost{"/editor/notices/1/delete", nil},
		editorPost{"/editor/recommendations/new", url.Values{"text": {"A sample recommendation."}, "theme": {"sample"}, "issued_in": {"peel-2016/durham/legitimacy"}, "scope": {"all"}}},
		editorPost{"/editor/recommendations/1/kent/status", url.Values{"status": {"being-progressed"}, "comment": {"A sample comment."}}},
	), publicationPosts(tb, s)...)
}

// publicationPosts are the publications' writes: create one, edit a
// draft review, record its outcome for Kent, schedule the one created,
// publish the review and withdraw it.
func publicationPosts(tb testing.TB, s *site) []editorPost {
	tb.Helper()
	samplePublication(tb, s, "sample-review", false)
	edit := reviewForm("sample-review", "A retitled sample review")
	edit.Set("version", "1")
	const pub = "/editor/publications/"
	return []editorPost{
		{pub + "new", reviewForm("sample-created", "A created sample review")},
		{pub + "sample-review/edit", edit},
		{pub + "sample-review/outcomes/kent", url.Values{"outcome": {"some-done"}, "narrative": {"A sample narrative."}}},
		{pub + "sample-created/schedule", stepFields(peel.ActionSchedule)},
		{pub + "sample-review/publish", nil},
		{pub + "sample-review/withdraw", url.Values{"withdraw-reason": {"Sample: published in error."}}},
	}
}

func addNotice(tb testing.TB, st *store.Store, n *peel.Notice) {
	tb.Helper()
	if err := st.CreateNotice(context.Background(), n); err != nil {
		tb.Fatal(err)
	}
}

// TestEditorCSRF sends every editor write without the session's token and
// with a wrong one: each is refused, and nothing changes.
func TestEditorCSRF(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			addNotice(t, s.store, &peel.Notice{Title: "Sample notice", Body: "Sample text."})
			admin := signedIn(t, s, "admin@example.org")
			_, page := admin.do(t, "GET", "/editor", nil)
			good := formToken(t, page)
			other := signedIn(t, s, "publisher@example.org")
			_, page = other.do(t, "GET", "/editor", nil)
			posts := editorPosts(t, s)
			for _, tt := range []struct {
				name  string
				token string
			}{{"ErrNoToken", ""}, {"ErrWrongToken", good[:len(good)-4] + "AAAA"}, {"ErrOtherSessionsToken", formToken(t, page)}} {
				t.Run(tt.name, func(t *testing.T) {
					for _, p := range posts {
						form := withToken(p.form, tt.token)
						before := auditCount(t, s.store)
						res, page := admin.do(t, "POST", p.path, form)
						if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "form could not be checked") {
							t.Errorf("POST %s: status %d, want 403 saying the form could not be checked", p.path, res.StatusCode)
						}
						if n := auditCount(t, s.store); n != before {
							t.Errorf("POST %s without a good token changed something", p.path)
						}
					}
				})
			}
			// The same writes with the token are taken: the test above
			// refused forms that would have worked.
			t.Run("OK", func(t *testing.T) {
				for _, p := range posts {
					form := withToken(p.form, good)
					if res, page := admin.do(t, "POST", p.path, form); res.StatusCode != http.StatusSeeOther {
						t.Errorf("POST %s: status %d, want 303:\n%s", p.path, res.StatusCode, page)
					}
				}
			})
		})
	}
}

// TestMaintenance opens a notice's maintenance window: every editor write
// answers 503 with Retry-After until it ends, and changes nothing; the
// editor's pages say it is read-only; the public site reads on.
func TestMaintenance(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			bringTo(t, s.store, "cumbria", peel.StatusPublished)
			admin := signedIn(t, s, "admin@example.org")
			posts := editorPosts(t, s)
			from, until := time.Now().Add(-time.Minute), time.Now().Add(time.Hour).Truncate(time.Second)
			addNotice(t, s.store, &peel.Notice{Title: "Planned sample maintenance", Body: "The sample editor is read-only for an hour.",
				MaintenanceFrom: &from, MaintenanceUntil: &until})
			_, page := admin.do(t, "GET", "/editor", nil)
			token := formToken(t, page)

			t.Run("ErrReadOnly", func(t *testing.T) {
				for _, p := range posts {
					form := withToken(p.form, token)
					before := auditCount(t, s.store)
					res, page := admin.do(t, "POST", p.path, form)
					if res.StatusCode != http.StatusServiceUnavailable {
						t.Errorf("POST %s: status %d, want 503", p.path, res.StatusCode)
						continue
					}
					secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
					if err != nil || secs < 1 || secs > 3600 {
						t.Errorf("POST %s: Retry-After %q, want the seconds until the window ends", p.path, res.Header.Get("Retry-After"))
					}
					for _, want := range []string{"The editor is read-only for maintenance", "Nothing you sent has been saved", formatUKTest(until)} {
						if !strings.Contains(page, want) {
							t.Errorf("POST %s: the page lacks %q", p.path, want)
						}
					}
					if auditCount(t, s.store) != before {
						t.Errorf("POST %s changed something during maintenance", p.path)
					}
				}
				// Setting a password writes too.
				res, _ := newBrowser(s).do(t, "POST", "/set-password/sample-token", url.Values{"password": {samplePassword}})
				if res.StatusCode != http.StatusServiceUnavailable {
					t.Errorf("POST /set-password: status %d, want 503", res.StatusCode)
				}
			})

			t.Run("EditorSaysSo", func(t *testing.T) {
				for _, path := range []string{"/editor", editorPathOf("essex"), "/editor/notices", "/editor/audit"} {
					res, page := admin.do(t, "GET", path, nil)
					wantStatus(t, res, page, http.StatusOK)
					if !strings.Contains(page, "The editor is read-only for maintenance until <time") {
						t.Errorf("%s does not say the editor is read-only", path)
					}
				}
			})

			t.Run("PublicReadsOn", func(t *testing.T) {
				for _, path := range []string{"/", "/forces/cumbria", "/peel-assessments/peel-2016/cumbria/legitimacy", "/search?q=legitimate", "/api/v1/assessments"} {
					res, page := s.get(t, path)
					if res.StatusCode != http.StatusOK || strings.Contains(page, "The editor is read-only") {
						t.Errorf("GET %s: status %d during maintenance", path, res.StatusCode)
					}
				}
			})

			t.Run("ErrAPIReadOnly", func(t *testing.T) {
				_, secret, err := s.store.CreateAPIToken(context.Background(), "admin@example.org", "Sample script")
				if err != nil {
					t.Fatal(err)
				}
				before := auditCount(t, s.store)
				for _, w := range []struct{ path, body string }{
					{"/api/v1/assessments", `{"framework": "peel-2016", "organisation": "cumbria", "pillar": "efficiency"}`},
					{"/api/v1/assessments/peel-2016/essex/legitimacy/transitions", `{"action": "send-check"}`},
					{"/api/v1/assessments/peel-2016/essex/legitimacy/comments", `{"body": "A sample comment."}`},
				} {
					res, body := s.api(t, secret, "POST", w.path, w.body)
					var p struct {
						Status int
						Detail string
					}
					json.Unmarshal([]byte(body), &p)
					secs, _ := strconv.Atoi(res.Header.Get("Retry-After"))
					if res.StatusCode != http.StatusServiceUnavailable || p.Status != 503 || !strings.Contains(p.Detail, "read-only for maintenance") || secs < 60 {
						t.Errorf("POST %s: %d %+v, Retry-After %q; want 503 until the window ends", w.path, res.StatusCode, p, res.Header.Get("Retry-After"))
					}
				}
				if auditCount(t, s.store) != before {
					t.Errorf("the API changed something during maintenance")
				}
			})

			t.Run("SignInAndOut", func(t *testing.T) {
				b := newBrowser(s)
				res, _ := b.signIn(t, "inspector@example.org", samplePassword)
				wantRedirect(t, res, "/editor")
				_, page := b.do(t, "GET", "/editor", nil)
				res, _ = b.do(t, "POST", "/sign-out", url.Values{"csrf": {formToken(t, page)}})
				wantRedirect(t, res, "/sign-in")
			})
		})
	}
}

// formatUKTest is a moment in UK time as the editor writes it.
func formatUKTest(t time.Time) string {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return t.In(loc).Format("15:04 on 2 January 2006") + " (UK time)"
}
