package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The staff who sign in to the step tests, beside editorSite's inspector
// and liaisons.
var staff = []*peel.User{
	{Email: "admin@example.org", Role: peel.RoleAdministrator},
	{Email: "moderator@example.org", Role: peel.RoleModerator},
	{Email: "publisher@example.org", Role: peel.RolePublisher},
}

// stepSite is editorSite over the backend, with the seed's assessment
// copied to more forces and every role's user.
func stepSite(tb testing.TB, b fixture.Backend) *site {
	tb.Helper()
	s := editorSiteOn(tb, b.Open(tb))
	copySeed(tb, s.store, "surrey", "sussex", "norfolk", "suffolk", "cumbria")
	for _, u := range staff {
		addUser(tb, s.store, u, samplePassword)
	}
	return s
}

// signedIn returns a browser signed in as the user; "" for one signed out.
func signedIn(tb testing.TB, s *site, email string) *browser {
	tb.Helper()
	b := newBrowser(s)
	if email != "" {
		if res, page := b.signIn(tb, email, samplePassword); res.StatusCode != http.StatusSeeOther {
			tb.Fatalf("sign in as %s: status %d:\n%s", email, res.StatusCode, page)
		}
	}
	return b
}

// bringTo takes an organisation's PEEL 2016 legitimacy assessment, as the
// operator, from draft to the status; it starts one, with the framework's
// questions and no narrative, if the organisation has none.
func bringTo(tb testing.TB, st *store.Store, org string, status peel.Status) {
	tb.Helper()
	ctx := context.Background()
	op := peel.Operator()
	if _, err := st.FindAssessment(ctx, "peel-2016", org, "legitimacy"); peel.ErrorCode(err) == peel.ENOTFOUND {
		if _, err := st.CreateAssessment(ctx, op, "peel-2016", org, "legitimacy"); err != nil {
			tb.Fatal(err)
		}
	}
	path := map[peel.Status][]peel.Action{
		peel.StatusDraft:      nil,
		peel.StatusCheck:      {peel.ActionSendCheck},
		peel.StatusModeration: {peel.ActionModerate},
		peel.StatusApproved:   {peel.ActionModerate, peel.ActionApprove},
		peel.StatusScheduled:  {peel.ActionModerate, peel.ActionApprove, peel.ActionSchedule},
		peel.StatusPublished:  {peel.ActionModerate, peel.ActionApprove, peel.ActionPublish},
		peel.StatusWithdrawn:  {peel.ActionModerate, peel.ActionApprove, peel.ActionPublish, peel.ActionWithdraw},
	}[status]
	for _, action := range path {
		var err error
		switch action {
		case peel.ActionSendCheck:
			_, err = st.SendToCheck(ctx, op, "peel-2016", org, "legitimacy")
		case peel.ActionModerate:
			_, err = st.SendToModeration(ctx, op, "peel-2016", org, "legitimacy")
		case peel.ActionApprove:
			_, err = st.Approve(ctx, op, "peel-2016", org, "legitimacy")
		case peel.ActionSchedule:
			_, err = st.Schedule(ctx, op, "peel-2016", org, "legitimacy", time.Now().AddDate(1, 0, 0))
		case peel.ActionPublish:
			_, err = st.Publish(ctx, op, "peel-2016", org, "legitimacy")
		case peel.ActionWithdraw:
			_, err = st.Withdraw(ctx, op, "peel-2016", org, "legitimacy", "A sample reason.")
		}
		if err != nil {
			tb.Fatalf("bring %s to %s: %s: %v", org, status, action, err)
		}
	}
}

// statusOf is the status of an organisation's copy of the seed.
func statusOf(tb testing.TB, st *store.Store, org string) peel.Status {
	tb.Helper()
	a, err := st.FindAssessment(context.Background(), "peel-2016", org, "legitimacy")
	if err != nil {
		tb.Fatal(err)
	}
	return a.Status
}

// auditCount counts the audit log's entries: a refused request adds none.
func auditCount(tb testing.TB, st *store.Store) int {
	tb.Helper()
	n, err := st.CountAudit(context.Background(), store.AuditFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// editorPathOf is the read view of an organisation's copy of the seed.
func editorPathOf(org string) string { return "/editor/assessments/peel-2016/" + org + "/legitimacy" }

// nextJuly is 09:30 UK time on 1 July of next year: British Summer Time.
func nextJuly() time.Time {
	return time.Date(time.Now().Year()+1, 7, 1, 8, 30, 0, 0, time.UTC)
}

// stepFields are the fields each step's form sends when filled in well.
func stepFields(action peel.Action) url.Values {
	v := url.Values{}
	switch action {
	case peel.ActionReturn:
		v.Set("return-comment", "Sample: the grades of questions 1 and 2 disagree.")
	case peel.ActionComment:
		v.Set("comment-body", "Sample: a figure in the summary is out of date.")
	case peel.ActionWithdraw:
		v.Set("withdraw-reason", "Sample: published in error.")
	case peel.ActionSchedule:
		v.Set("publish-at-day", "1")
		v.Set("publish-at-month", "7")
		v.Set("publish-at-year", strconv.Itoa(nextJuly().Year()))
		v.Set("publish-at-time", "09:30")
	}
	return v
}

// postForm sends a form with the session's token, taken from the page
// at from.
func (b *browser) postForm(tb testing.TB, from, to string, v url.Values) (*http.Response, string) {
	tb.Helper()
	res, page := b.do(tb, "GET", from, nil)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: status %d", from, res.StatusCode)
	}
	return b.do(tb, "POST", to, withToken(v, formToken(tb, page)))
}

// withToken is a copy of a form with the token in its csrf field; "" for
// none.
func withToken(v url.Values, token string) url.Values {
	form := url.Values{}
	for k, vs := range v {
		form[k] = vs
	}
	if token != "" {
		form.Set("csrf", token)
	}
	return form
}

// workflowActions are the steps with a form on the read view.
var workflowActions = []peel.Action{
	peel.ActionSendCheck, peel.ActionRedraft, peel.ActionModerate, peel.ActionApprove, peel.ActionReturn,
	peel.ActionSchedule, peel.ActionPublish, peel.ActionWithdraw, peel.ActionComment,
}

// TestSteps takes every step as every role, from a status the step is
// taken from: the roles the Steps table names succeed and move the
// assessment to the step's status; the others are refused and nothing
// changes. Then each step is refused from a status it is not taken from.
func TestSteps(t *testing.T) {
	type who struct {
		name, email string
		role        peel.Role
		force       string // whose assessment they act on
		own         bool   // a liaison of that force
	}
	people := []who{
		{"Administrator", "admin@example.org", peel.RoleAdministrator, "durham", false},
		{"Inspector", "inspector@example.org", peel.RoleInspector, "essex", false},
		{"Moderator", "moderator@example.org", peel.RoleModerator, "surrey", false},
		{"Publisher", "publisher@example.org", peel.RolePublisher, "sussex", false},
		{"LiaisonOwnForce", "kent@example.org", peel.RoleLiaison, "kent", true},
		{"LiaisonOtherForce", "kent@example.org", peel.RoleLiaison, "norfolk", false},
		{"SignedOut", "", "", "suffolk", false},
	}
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			for _, action := range workflowActions {
				t.Run(string(action), func(t *testing.T) {
					step, _ := peel.StepOf(action)
					from := step.From[0]
					if action == peel.ActionComment {
						from = peel.StatusCheck // where a liaison comments
					}
					s := stepSite(t, b)
					for _, p := range people {
						bringTo(t, s.store, p.force, from)
					}
					for _, p := range people {
						t.Run(p.name, func(t *testing.T) {
							br := signedIn(t, s, p.email)
							path := editorPathOf(p.force)
							// The form as the page would send it; a refused
							// user never sees the page, so the token is the
							// session's own.
							form := stepFields(action)
							if p.email != "" {
								_, list := br.do(t, "GET", "/editor", nil)
								form.Set("csrf", formToken(t, list))
							}
							before := auditCount(t, s.store)
							res, page := br.do(t, "POST", path+"/"+string(action), form)

							allowed := slices.Contains(step.Roles, p.role) && (p.role != peel.RoleLiaison || p.own && from == peel.StatusCheck)
							switch {
							case allowed:
								wantRedirect(t, res, path+"?done="+string(action))
								want := step.To
								if want == "" {
									want = from
								}
								if got := statusOf(t, s.store, p.force); got != want {
									t.Fatalf("status %s after %s, want %s", got, action, want)
								}
								res, page = br.do(t, "GET", path+"?done="+string(action), nil)
								wantStatus(t, res, page, http.StatusOK)
								if !strings.Contains(page, "govuk-notification-banner--success") {
									t.Errorf("no success banner after %s:\n%s", action, page)
								}
								if auditCount(t, s.store) == before {
									t.Errorf("%s is not in the audit log", action)
								}
								return
							case p.email == "":
								wantRedirect(t, res, "/sign-in")
							case p.role == peel.RoleLiaison && !from.Public() && (!p.own || from != peel.StatusCheck):
								// Not theirs to read: as if it did not exist.
								wantStatus(t, res, page, http.StatusNotFound)
								if !strings.Contains(page, "Page not found") {
									t.Errorf("the 404 page says otherwise:\n%s", page)
								}
							default:
								wantStatus(t, res, page, http.StatusForbidden)
								if !strings.Contains(page, "You cannot do this") || !strings.Contains(page, "that is for") {
									t.Errorf("the 403 page does not say why:\n%s", page)
								}
							}
							if got := statusOf(t, s.store, p.force); got != from {
								t.Errorf("status %s after a refused %s, want %s", got, action, from)
							}
							if n := auditCount(t, s.store); n != before {
								t.Errorf("a refused %s wrote %d audit entries", action, n-before)
							}
						})
					}

					t.Run("ErrConflict", func(t *testing.T) {
						// The administrator may take every step, but not
						// from every status.
						i := slices.IndexFunc(peel.Statuses, func(st peel.Status) bool { return !slices.Contains(step.From, st) })
						wrong := peel.Statuses[i]
						bringTo(t, s.store, "cumbria", wrong)
						br := signedIn(t, s, "admin@example.org")
						before := auditCount(t, s.store)
						res, page := br.postForm(t, "/editor", editorPathOf("cumbria")+"/"+string(action), stepFields(action))
						wantStatus(t, res, page, http.StatusConflict)
						if !strings.Contains(page, "This cannot be done at this stage") || !strings.Contains(page, "cannot "+string(action)) {
							t.Errorf("the 409 page does not say why:\n%s", page)
						}
						if got := statusOf(t, s.store, "cumbria"); got != wrong || auditCount(t, s.store) != before {
							t.Errorf("a refused %s changed the assessment: status %s", action, got)
						}
					})
				})
			}
		})
	}
}

// TestStepFields checks what the steps' forms send: a time in UK time,
// and words where a step needs them; a field left wrong shows the page
// again with the error, and nothing changes.
func TestStepFields(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			bringTo(t, s.store, "durham", peel.StatusApproved)
			bringTo(t, s.store, "essex", peel.StatusModeration)
			bringTo(t, s.store, "surrey", peel.StatusPublished)
			admin := signedIn(t, s, "admin@example.org")

			t.Run("ScheduleInUKTime", func(t *testing.T) {
				path := editorPathOf("durham")
				res, page := admin.postForm(t, path, path+"/schedule", stepFields(peel.ActionSchedule))
				wantRedirect(t, res, path+"?done=schedule")
				a, err := s.store.FindAssessment(context.Background(), "peel-2016", "durham", "legitimacy")
				if err != nil {
					t.Fatal(err)
				}
				if a.Status != peel.StatusScheduled || a.PublishAt == nil || !a.PublishAt.Equal(nextJuly()) {
					t.Fatalf("scheduled %s at %v, want %v (09:30 in British Summer Time)", a.Status, a.PublishAt, nextJuly())
				}
				_, page = admin.do(t, "GET", path+"?done=schedule", nil)
				for _, want := range []string{"Its publication has been scheduled", "09:30 on 1 July " + strconv.Itoa(nextJuly().Year()) + " (UK time)", `id="publish-at-time" name="publish-at-time" type="text" value="09:30"`} {
					if !strings.Contains(page, want) {
						t.Errorf("the page lacks %q", want)
					}
				}
			})

			t.Run("ScheduleToTheSecond", func(t *testing.T) {
				bringTo(t, s.store, "cumbria", peel.StatusApproved)
				path := editorPathOf("cumbria")
				form := stepFields(peel.ActionSchedule)
				form.Set("publish-at-time", "09:30:15")
				res, _ := admin.postForm(t, path, path+"/schedule", form)
				wantRedirect(t, res, path+"?done=schedule")
				a, err := s.store.FindAssessment(context.Background(), "peel-2016", "cumbria", "legitimacy")
				if err != nil {
					t.Fatal(err)
				}
				if want := nextJuly().Add(15 * time.Second); a.PublishAt == nil || !a.PublishAt.Equal(want) {
					t.Fatalf("scheduled at %v, want %v", a.PublishAt, want)
				}
				_, page := admin.do(t, "GET", path, nil)
				if !strings.Contains(page, `name="publish-at-time" type="text" value="09:30:15"`) {
					t.Errorf("the form does not show the time to the second")
				}
			})

			for _, tt := range []struct {
				name, org, action string
				form              url.Values
				field, text       string
			}{
				{"ErrNoReturnComment", "essex", "return", url.Values{"return-comment": {"  "}}, "return-comment", "Enter a comment that says why it is returned"},
				{"ErrNoWithdrawReason", "surrey", "withdraw", nil, "withdraw-reason", "Enter the reason it is withdrawn"},
				{"ErrNoComment", "essex", "comment", url.Values{"comment-body": {""}}, "comment-body", "Enter your comment"},
				{"ErrNoDate", "essex", "schedule", nil, "", ""}, // essex is not approved: 409 before the fields
				{"ErrBadDate", "durham", "schedule", url.Values{"publish-at-day": {"31"}, "publish-at-month": {"2"}, "publish-at-year": {"2031"}, "publish-at-time": {"09:30"}},
					"publish-at-day", "The publication time must be a real date"},
				{"ErrBadTime", "durham", "schedule", url.Values{"publish-at-day": {"3"}, "publish-at-month": {"2"}, "publish-at-year": {"2031"}, "publish-at-time": {"25:00"}},
					"publish-at-time", "The publication time must have a time on the 24-hour clock"},
				{"ErrBadSecond", "durham", "schedule", url.Values{"publish-at-day": {"3"}, "publish-at-month": {"2"}, "publish-at-year": {"2031"}, "publish-at-time": {"09:30:60"}},
					"publish-at-time", "The publication time must have a time on the 24-hour clock"},
				{"ErrEmptyDate", "durham", "schedule", nil, "publish-at-day", "Enter the publication time"},
				{"ErrAssignLiaison", "essex", "assign", url.Values{"assignee": {"kent@example.org"}}, "assignee", "Assignee: kent@example.org is a liaison"},
				{"ErrAssignNobody", "essex", "assign", url.Values{"assignee": {"nobody@example.org"}}, "assignee", "Assignee: there is no user"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					path := editorPathOf(tt.org)
					status := statusOf(t, s.store, tt.org)
					before := auditCount(t, s.store)
					res, page := admin.postForm(t, path, path+"/"+tt.action, tt.form)
					if tt.field == "" {
						wantStatus(t, res, page, http.StatusConflict)
					} else {
						wantStatus(t, res, page, http.StatusBadRequest)
						for _, want := range []string{"<title>Error: ", "govuk-error-summary", `href="#` + tt.field + `"`, tt.text, `id="` + tt.field + `-error"`} {
							if !strings.Contains(page, want) {
								t.Errorf("the page lacks %q", want)
							}
						}
						if tt.form != nil && tt.form.Get("publish-at-day") != "" && !strings.Contains(page, `value="`+tt.form.Get("publish-at-time")+`"`) {
							t.Errorf("the page lost what was typed")
						}
					}
					if statusOf(t, s.store, tt.org) != status || auditCount(t, s.store) != before {
						t.Errorf("a refused %s changed something", tt.action)
					}
				})
			}

			t.Run("ErrNoSuchStep", func(t *testing.T) {
				path := editorPathOf("essex")
				res, page := admin.postForm(t, path, path+"/fly", nil)
				wantStatus(t, res, page, http.StatusNotFound)
			})
		})
	}
}

// TestAssignees assigns assessments from their read view, and lists the
// editor's work by assignee.
func TestAssignees(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := stepSite(t, b)
			bringTo(t, s.store, "surrey", peel.StatusPublished)
			moderator := signedIn(t, s, "moderator@example.org")
			inspector := signedIn(t, s, "inspector@example.org")

			t.Run("OK", func(t *testing.T) {
				path := editorPathOf("essex")
				_, page := moderator.do(t, "GET", path, nil)
				for _, want := range []string{`<option value="inspector@example.org">inspector@example.org (inspector)</option>`, `<option value="">No one</option>`} {
					if !strings.Contains(page, want) {
						t.Errorf("the assign form lacks %q", want)
					}
				}
				if strings.Contains(page, `<option value="kent@example.org"`) {
					t.Error("a liaison is offered as an assignee")
				}
				res, _ := moderator.postForm(t, path, path+"/assign", url.Values{"assignee": {"inspector@example.org"}})
				wantRedirect(t, res, path+"?done=assign")
				_, page = moderator.do(t, "GET", path+"?done=assign", nil)
				for _, want := range []string{"Its assignee has been changed", `<option value="inspector@example.org" selected>`} {
					if !strings.Contains(page, want) {
						t.Errorf("the page lacks %q", want)
					}
				}
				entries, err := s.store.FindAudit(context.Background(), store.AuditFilter{Actor: "moderator@example.org"})
				if err != nil || len(entries) == 0 || entries[0].Action != "assessment.assign" {
					t.Fatalf("the assignment is not audited as the moderator's: %v %v", entries, err)
				}

				for _, tt := range []struct {
					query string
					rows  int
					want  string
				}{
					{"assignee=me", 1, "Essex Police"},
					{"assignee=inspector%40example.org", 1, `<option value="inspector@example.org" selected>`},
					{"assignee=none", 7, `<option value="none" selected>Unassigned</option>`},
					{"assignee=moderator%40example.org", 0, "no assessments for you to work on with the filters chosen"},
					{"", 8, `<td class="govuk-table__cell">inspector@example.org</td>`},
				} {
					res, page := inspector.do(t, "GET", "/editor?"+tt.query, nil)
					wantStatus(t, res, page, http.StatusOK)
					if n := rows(page); max(n, 0) != tt.rows || !strings.Contains(page, tt.want) {
						t.Errorf("?%s: %d rows, want %d with %q", tt.query, n, tt.rows, tt.want)
					}
				}

				res, _ = moderator.postForm(t, path, path+"/assign", url.Values{"assignee": {""}})
				wantRedirect(t, res, path+"?done=assign")
				if got, _ := s.store.Assignee(context.Background(), "peel-2016", "essex", "legitimacy"); got != "" {
					t.Errorf("unassigned, yet assigned to %q", got)
				}
			})

			t.Run("ErrRefused", func(t *testing.T) {
				kent := signedIn(t, s, "kent@example.org")
				sendToCheck(t, s)
				path := editorPathOf("kent")
				_, page := kent.do(t, "GET", path, nil)
				if strings.Contains(page, "/assign") {
					t.Error("a liaison is offered to assign")
				}
				if _, list := kent.do(t, "GET", "/editor", nil); strings.Contains(list, `name="assignee"`) || strings.Contains(list, "moderator@example.org") {
					t.Error("a liaison is offered the list of staff")
				}
				res, page := kent.do(t, "POST", path+"/assign", url.Values{"csrf": {formToken(t, page)}, "assignee": {"inspector@example.org"}})
				wantStatus(t, res, page, http.StatusForbidden)
				// A published assessment is assigned to no one.
				res, page = moderator.postForm(t, editorPathOf("surrey"), editorPathOf("surrey")+"/assign", url.Values{"assignee": {"inspector@example.org"}})
				wantStatus(t, res, page, http.StatusConflict)
				for _, org := range []string{"kent", "surrey"} {
					if got, _ := s.store.Assignee(context.Background(), "peel-2016", org, "legitimacy"); got != "" {
						t.Errorf("%s assigned to %q", org, got)
					}
				}
			})
		})
	}
}
