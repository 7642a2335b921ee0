package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
	"github.com/peel-oss/peel/internal/web"
)

const apiFramework, apiPillar = "peel-2016", "legitimacy"

// principal is who sends an API request: a user with a token, or a
// request with no valid token (user nil).
type principal struct {
	name   string
	user   *peel.User
	token  string // "" sends no Authorization
	target string // the organisation whose assessment it acts on
}

// apiSite is a site over a store of the backend with one principal of
// each kind, each acting on its own organisation's assessment, so that
// what one does leaves the others' as they were.
type apiSite struct {
	*site
	principals []*principal
}

func newAPISite(tb testing.TB, b fixture.Backend) *apiSite {
	tb.Helper()
	st := b.Open(tb)
	log := &fixture.Log{}
	srv, err := web.NewServer(st, slog.New(slog.NewTextHandler(log, nil)), base)
	if err != nil {
		tb.Fatal(err)
	}
	s := &apiSite{site: &site{store: st, handler: srv.Handler(), log: log}}
	ctx := context.Background()
	for _, p := range []struct {
		name, role, binding, target string
		token                       string // "valid", "revoked", "disabled" or "none"
	}{
		{"administrator", "administrator", "", "avon-and-somerset", "valid"},
		{"inspector", "inspector", "", "bedfordshire", "valid"},
		{"moderator", "moderator", "", "cambridgeshire", "valid"},
		{"publisher", "publisher", "", "cheshire", "valid"},
		{"liaison", "liaison", "cleveland", "cleveland", "valid"},
		{"otherLiaison", "liaison", "cumbria", "derbyshire", "valid"},
		{"noToken", "", "", "dorset", "none"},
		{"revokedToken", "administrator", "", "durham", "revoked"},
		{"disabledUser", "administrator", "", "essex", "disabled"},
	} {
		pr := &principal{name: p.name, target: p.target}
		s.principals = append(s.principals, pr)
		if p.role == "" {
			continue
		}
		u := &peel.User{Email: p.name + "@example.org", Role: peel.Role(p.role), Organisation: p.binding}
		addUser(tb, st, u, "")
		tok, secret, err := st.CreateAPIToken(ctx, u.Email, "Sample script")
		if err != nil {
			tb.Fatal(err)
		}
		pr.token = secret
		switch p.token {
		case "valid":
			pr.user = u
		case "revoked":
			err = st.RevokeAPIToken(ctx, tok.ID)
		case "disabled":
			err = st.DisableUser(ctx, u.Email)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

// api sends an API request with the token (none if ""), the body (none if
// ""), and headers "Name: value".
func (s *site) api(tb testing.TB, token, method, path, body string, headers ...string) (*http.Response, string) {
	tb.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Set(name, value)
	}
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func apiPath(org string) string {
	return "/api/v1/assessments/" + apiFramework + "/" + org + "/" + apiPillar
}

// apiWrite is one write of the API as a test sends it: the action it
// takes on an assessment of the status, and its request.
type apiWrite struct {
	name    string
	action  func(peel.Status) peel.Action
	request func(tb testing.TB, s *site, org string) (method, path, body string, headers []string)
}

func transitionWrite(action peel.Action, member string) apiWrite {
	return apiWrite{
		name:   "transition/" + string(action),
		action: func(peel.Status) peel.Action { return action },
		request: func(tb testing.TB, s *site, org string) (string, string, string, []string) {
			body := map[string]string{"action": string(action)}
			if member != "" {
				body[member] = map[string]string{"comment": "Please look again at question 1.",
					"publishAt": "2999-01-01T09:30:00Z", "reason": "Superseded by a revised sample."}[member]
			}
			b, _ := json.Marshal(body)
			return "POST", apiPath(org) + "/transitions", string(b), nil
		},
	}
}

// apiWrites are every write of the API.
var apiWrites = []apiWrite{
	{
		name:   "create",
		action: func(peel.Status) peel.Action { return peel.ActionCreate },
		request: func(tb testing.TB, s *site, org string) (string, string, string, []string) {
			return "POST", "/api/v1/assessments", `{"framework": "` + apiFramework + `", "organisation": "` + org + `", "pillar": "` + apiPillar + `"}`, nil
		},
	},
	{
		// A PUT saves a draft, or corrects a published assessment.
		name: "put",
		action: func(status peel.Status) peel.Action {
			if status == peel.StatusPublished {
				return peel.ActionCorrect
			}
			return peel.ActionEdit
		},
		request: func(tb testing.TB, s *site, org string) (string, string, string, []string) {
			a, err := s.store.FindAssessment(context.Background(), apiFramework, org, apiPillar)
			if err != nil {
				tb.Fatal(err)
			}
			a.Summary = append(a.Summary, "An added sample sentence.")
			body := map[string]any{}
			b, _ := json.Marshal(a)
			json.Unmarshal(b, &body)
			if a.Status == peel.StatusPublished {
				body["changeNote"] = "Added a sample sentence."
			}
			b, _ = json.Marshal(body)
			return "PUT", apiPath(org), string(b), []string{`If-Match: "` + itoa(a.Version) + `"`}
		},
	},
	transitionWrite(peel.ActionSendCheck, ""),
	transitionWrite(peel.ActionRedraft, ""),
	transitionWrite(peel.ActionModerate, ""),
	transitionWrite(peel.ActionApprove, ""),
	transitionWrite(peel.ActionReturn, "comment"),
	transitionWrite(peel.ActionSchedule, "publishAt"),
	transitionWrite(peel.ActionPublish, ""),
	transitionWrite(peel.ActionWithdraw, "reason"),
	{
		name:   "comment",
		action: func(peel.Status) peel.Action { return peel.ActionComment },
		request: func(tb testing.TB, s *site, org string) (string, string, string, []string) {
			return "POST", apiPath(org) + "/comments", `{"body": "A sample comment on the figures."}`, nil
		},
	},
}

// wantAPIStatus is what the API answers the principal's write as the
// workflow has it: 401 without a valid token; 404 for an assessment the
// user may not read; 403 for a role that may not; 409 for a status it may
// not be taken from (or an assessment that exists, for create).
func wantAPIStatus(p *principal, action peel.Action, status peel.Status) int {
	if p.user == nil {
		return http.StatusUnauthorized
	}
	a := &peel.Assessment{Framework: apiFramework, Organisation: p.target, Pillar: apiPillar, Status: status}
	if action == peel.ActionCreate {
		switch {
		case peel.Allow(p.user, action, a) != nil:
			return http.StatusForbidden
		case status != "":
			return http.StatusConflict
		}
		return http.StatusCreated
	}
	if !status.Public() && peel.Allow(p.user, peel.ActionReadDraft, a) != nil {
		return http.StatusNotFound
	}
	switch peel.ErrorCode(peel.Allow(p.user, action, a)) {
	case peel.EFORBIDDEN:
		return http.StatusForbidden
	case peel.ECONFLICT:
		return http.StatusConflict
	}
	if action == peel.ActionComment {
		return http.StatusCreated
	}
	return http.StatusOK
}

// stored is what a write changes of an assessment.
type stored struct {
	status   peel.Status
	version  int
	summary  int
	comments int
	audit    int
}

func storedOf(tb testing.TB, st *store.Store, org string) *stored {
	tb.Helper()
	ctx := context.Background()
	a, err := st.FindAssessment(ctx, apiFramework, org, apiPillar)
	if peel.ErrorCode(err) == peel.ENOTFOUND {
		return nil
	} else if err != nil {
		tb.Fatal(err)
	}
	comments, err := st.FindComments(ctx, peel.Operator(), apiFramework, org, apiPillar)
	if err != nil {
		tb.Fatal(err)
	}
	log, err := st.FindAudit(ctx, store.AuditFilter{Subject: a.Path()})
	if err != nil {
		tb.Fatal(err)
	}
	return &stored{status: a.Status, version: a.Version, summary: len(a.Summary), comments: len(comments), audit: len(log)}
}

// TestAPIWriteRoles sends every write of the API as every kind of user,
// and with no valid token, on an assessment in each status: what the
// workflow allows succeeds, with its effect, audited as the token's user;
// the rest is refused with the status that says why, and changes nothing.
// On PostgreSQL it sends them only on the statuses from which some user
// may make the write: a refusal is decided in Go, from the role and the
// status the store reads, the same on either engine, and sending all of
// them again took two minutes under the race detector.
func TestAPIWriteRoles(t *testing.T) {
	admin := &principal{user: &peel.User{Email: "admin@example.org", Role: peel.RoleAdministrator}}
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			for _, w := range apiWrites {
				statuses := peel.Statuses
				if w.name == "create" {
					statuses = []peel.Status{"", peel.StatusDraft} // none yet, and one there already
				}
				for _, status := range statuses {
					if b.Name != "sqlite" && wantAPIStatus(admin, w.action(status), status) >= 400 {
						continue // no one may: refused alike on SQLite
					}
					name := string(status)
					if name == "" {
						name = "none"
					}
					t.Run(w.name+"/"+name, func(t *testing.T) {
						testAPIWrite(t, b, w, status)
					})
				}
			}
		})
	}
}

func testAPIWrite(t *testing.T, b fixture.Backend, w apiWrite, status peel.Status) {
	s := newAPISite(t, b)
	if status != "" {
		for _, p := range s.principals {
			bringTo(t, s.store, p.target, status)
		}
	}
	action := w.action(status)
	step, _ := peel.StepOf(action)
	for _, p := range s.principals {
		t.Run(p.name, func(t *testing.T) {
			before := storedOf(t, s.store, p.target)
			method, path, body, headers := w.request(t, s.site, p.target)
			res, answer := s.api(t, p.token, method, path, body, headers...)
			want := wantAPIStatus(p, action, status)
			if res.StatusCode != want {
				t.Fatalf("%s %s: %d, want %d\n%s", method, path, res.StatusCode, want, answer)
			}
			if res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", res.Header.Get("Cache-Control"))
			}
			after := storedOf(t, s.store, p.target)
			if want >= 400 {
				if !strings.Contains(res.Header.Get("Content-Type"), "application/problem+json") {
					t.Errorf("refused as %q, not a problem", res.Header.Get("Content-Type"))
				}
				if want == http.StatusUnauthorized && !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("401 with WWW-Authenticate %q", res.Header.Get("WWW-Authenticate"))
				}
				if (before == nil) != (after == nil) || before != nil && *before != *after {
					t.Errorf("a refused write changed the assessment: %+v, then %+v", before, after)
				}
				return
			}
			var a struct {
				Status  peel.Status
				Version int
			}
			if action != peel.ActionComment {
				if err := json.Unmarshal([]byte(answer), &a); err != nil || a.Version != after.version || a.Status != after.status {
					t.Errorf("answered %+v (%v), stored %+v", a, err, after)
				}
			}
			switch {
			case after == nil:
				t.Fatalf("nothing stored after %s", action)
			case step.To != "" && after.status != step.To:
				t.Errorf("status %s after %s, want %s", after.status, action, step.To)
			case action == peel.ActionCreate && (after.version != 1 || res.Header.Get("Location") != base+path+"/"+apiFramework+"/"+p.target+"/"+apiPillar):
				t.Errorf("created v%d at %q", after.version, res.Header.Get("Location"))
			case (action == peel.ActionEdit || action == peel.ActionCorrect) && (after.version != before.version+1 || after.summary != before.summary+1):
				t.Errorf("saved %+v, then %+v; want a new version with the added sentence", before, after)
			case (action == peel.ActionComment || action == peel.ActionReturn) && after.comments != before.comments+1:
				t.Errorf("%d comments, then %d", before.comments, after.comments)
			}
			log, err := s.store.FindAudit(context.Background(), store.AuditFilter{Subject: peel.AssessmentPath(apiFramework, p.target, apiPillar), Limit: 1})
			if err != nil || len(log) == 0 || log[0].Actor != p.user.Email {
				t.Errorf("audit %+v, %v; want the write recorded as %s's", log, err, p.user.Email)
			}
		})
	}
}

// TestAPIWriteStale saves on a version that is no longer stored: 409, with
// the assessment as it is stored now; nothing is saved.
func TestAPIWriteStale(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := newAPISite(t, b)
			inspector := s.principals[1]
			bringTo(t, s.store, inspector.target, peel.StatusDraft)
			path := apiPath(inspector.target)
			res, body := s.api(t, inspector.token, "GET", path, "")
			if res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `"1"` {
				t.Fatalf("GET: %d, ETag %q\n%s", res.StatusCode, res.Header.Get("ETag"), body)
			}
			first := strings.Replace(body, `"summary": []`, `"summary": ["The first sample save."]`, 1)
			second := strings.Replace(body, `"summary": []`, `"summary": ["The second sample save."]`, 1)
			if res, body := s.api(t, inspector.token, "PUT", path, first, `If-Match: "1"`); res.StatusCode != http.StatusOK || res.Header.Get("ETag") != `"2"` {
				t.Fatalf("first PUT: %d, ETag %q\n%s", res.StatusCode, res.Header.Get("ETag"), body)
			}
			t.Run("ErrConflict", func(t *testing.T) {
				// The second save was read at version 1 too: by If-Match, or
				// by the body's version.
				for _, headers := range [][]string{{`If-Match: "1"`}, nil} {
					res, body := s.api(t, inspector.token, "PUT", path, second, headers...)
					var p struct {
						Status  int
						Code    string
						Detail  string
						Current struct {
							Version int
							Summary []string
						}
					}
					json.Unmarshal([]byte(body), &p)
					if res.StatusCode != http.StatusConflict || p.Code != peel.ECONFLICT || p.Current.Version != 2 ||
						!slices.Equal(p.Current.Summary, []string{"The first sample save."}) || !strings.Contains(p.Detail, "version 2, not 1") {
						t.Errorf("stale PUT (%v): %d\n%s", headers, res.StatusCode, body)
					}
				}
				if a, _ := s.store.FindAssessment(context.Background(), apiFramework, inspector.target, apiPillar); a.Version != 2 || a.Summary[0] != "The first sample save." {
					t.Errorf("stored v%d %q after the stale saves", a.Version, a.Summary)
				}
			})
			t.Run("ErrNoVersion", func(t *testing.T) {
				var m map[string]any
				json.Unmarshal([]byte(second), &m)
				delete(m, "version")
				b, _ := json.Marshal(m)
				res, body := s.api(t, inspector.token, "PUT", path, string(b))
				if res.StatusCode != http.StatusPreconditionRequired || !strings.Contains(body, "If-Match") {
					t.Errorf("PUT without a version: %d\n%s", res.StatusCode, body)
				}
			})
		})
	}
}

// sampleFuture is a publication time that does not come in a test.
var sampleFuture = time.Date(2999, 1, 1, 9, 30, 0, 0, time.UTC)

// TestAPIWriteBadBody sends writes whose body is wrong: each is refused
// with a problem that names what is wrong, and nothing is stored.
func TestAPIWriteBadBody(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := newAPISite(t, b)
			inspector := s.principals[1]
			org := inspector.target
			bringTo(t, s.store, org, peel.StatusDraft)
			path := apiPath(org)
			_, good := s.api(t, inspector.token, "GET", path, "")
			edit := func(f func(m map[string]any)) string {
				var m map[string]any
				json.Unmarshal([]byte(good), &m)
				f(m)
				b, _ := json.Marshal(m)
				return string(b)
			}
			question := func(m map[string]any, n int) map[string]any { return m["questions"].([]any)[n].(map[string]any) }
			for _, tt := range []struct {
				name, method, path, body string
				status                   int
				detail                   string
				headers                  []string
			}{
				{"ErrNotJSON", "PUT", path, `{"summary": [`, 400, "not a JSON object", nil},
				{"ErrNotObject", "PUT", path, `["summary"]`, 400, "not a JSON object", nil},
				{"ErrTrailing", "PUT", path, good + `{}`, 400, "more after its JSON object", nil},
				{"ErrUnknownMember", "PUT", path, edit(func(m map[string]any) { m["grde"] = "good" }), 400, "grde: not a member", nil},
				{"ErrUnknownNested", "PUT", path, edit(func(m map[string]any) { question(m, 1)["grde"] = "good" }), 400, "questions[1].grde: not a member", nil},
				{"ErrType", "PUT", path, edit(func(m map[string]any) { m["summary"] = "one sentence" }), 400, "summary: a string where an array goes", nil},
				{"ErrGrade", "PUT", path, edit(func(m map[string]any) { m["grade"] = "superb" }), 422, `the grade of the pillar, "superb", is not on the`, nil},
				{"ErrQuestionGrade", "PUT", path, edit(func(m map[string]any) { question(m, 1)["grade"] = "superb" }), 422, `the grade of question 2, "superb"`, nil},
				{"ErrChangeNoteOnDraft", "PUT", path, edit(func(m map[string]any) { m["changeNote"] = "A note." }), 400, "changeNote: only a correction", nil},
				{"ErrMoved", "PUT", path, edit(func(m map[string]any) { m["organisation"] = "kent" }), 400, `organisation: the body says "kent"`, nil},
				{"ErrStatus", "PUT", path, edit(func(m map[string]any) { m["status"] = "published" }), 409, "status: ", nil},
				{"ErrIfMatch", "PUT", path, good, 400, "If-Match: W/\"1\" is not a version", []string{`If-Match: W/"1"`}},
				{"ErrVersionsDisagree", "PUT", path, good, 400, "version: the body's is 1, If-Match's 2", []string{`If-Match: "2"`}},
				{"ErrContentType", "PUT", path, good, 415, "Content-Type", []string{"Content-Type: text/plain"}},
				{"ErrTooBig", "PUT", path, `{"summary": ["` + strings.Repeat("x", 1<<20) + `"]}`, 413, "the body is over", nil},
				{"ErrNoAction", "POST", path + "/transitions", `{}`, 400, "action: missing", nil},
				{"ErrAction", "POST", path + "/transitions", `{"action": "promote"}`, 400, `action: "promote" is not a transition; it is one of send-check, redraft`, nil},
				{"ErrReturnNoComment", "POST", path + "/transitions", `{"action": "return"}`, 400, "comment: missing", nil},
				{"ErrExtraMember", "POST", path + "/transitions", `{"action": "send-check", "comment": "Why not."}`, 400, "comment: not a member send-check takes", nil},
				{"ErrPublishAt", "POST", path + "/transitions", `{"action": "schedule", "publishAt": "tomorrow"}`, 400, `publishAt: "tomorrow" is not a time in RFC 3339`, nil},
				{"ErrCommentEmpty", "POST", path + "/comments", `{"body": "  "}`, 422, "a comment needs some text", nil},
				{"ErrCommentNumber", "POST", path + "/comments", `{"body": 3}`, 400, "body: a number where a string goes", nil},
				{"ErrCreateMissing", "POST", "/api/v1/assessments", `{"framework": "peel-2016", "organisation": "kent"}`, 400, "pillar: missing", nil},
				{"ErrCreateUnknown", "POST", "/api/v1/assessments", `{"framework": "peel-2016", "organisation": "atlantis", "pillar": "legitimacy"}`, 422, "atlantis", nil},
			} {
				t.Run(tt.name, func(t *testing.T) {
					before := storedOf(t, s.store, org)
					res, body := s.api(t, inspector.token, tt.method, tt.path, tt.body, tt.headers...)
					var p struct {
						Status int
						Detail string
					}
					json.Unmarshal([]byte(body), &p)
					if res.StatusCode != tt.status || p.Status != tt.status || !strings.Contains(p.Detail, tt.detail) {
						t.Errorf("%d, %q; want %d, %q", res.StatusCode, p.Detail, tt.status, tt.detail)
					}
					if after := storedOf(t, s.store, org); *after != *before {
						t.Errorf("stored %+v, then %+v", before, after)
					}
					if _, err := s.store.FindAssessment(context.Background(), apiFramework, "atlantis", apiPillar); err == nil {
						t.Errorf("an assessment was made for what does not exist")
					}
				})
			}
			t.Run("OK", func(t *testing.T) {
				// The same body, right: saved, with the grades given. An
				// empty member that is not of the representation loses
				// nothing, and is let by.
				body := edit(func(m map[string]any) {
					m["grade"], m["publishAt"], m["notes"] = "good", nil, []any{}
					question(m, 1)["grade"] = "outstanding"
				})
				res, answer := s.api(t, inspector.token, "PUT", path, body)
				a, _ := s.store.FindAssessment(context.Background(), apiFramework, org, apiPillar)
				if res.StatusCode != http.StatusOK || a.Version != 2 || a.Grade != "good" || a.Judgments[1].Grade != "outstanding" {
					t.Errorf("%d; stored v%d graded %q, %q\n%s", res.StatusCode, a.Version, a.Grade, a.Judgments[1].Grade, answer)
				}
			})
		})
	}
}

// TestAPITokenRead reads an assessment with a token, and without: a draft
// is for those whose role may read it, never kept by the page cache, and
// the same URL without a token is as it always was.
func TestAPITokenRead(t *testing.T) {
	s := newAPISite(t, fixture.Backends()[0])
	inspector, liaison, other := s.principals[1], s.principals[4], s.principals[5]
	bringTo(t, s.store, liaison.target, peel.StatusCheck)
	path := apiPath(liaison.target)
	for _, p := range []*principal{inspector, liaison} {
		res, body := s.api(t, p.token, "GET", path, "")
		if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("ETag") != `"1"` || !strings.Contains(body, `"status": "check"`) {
			t.Errorf("%s: %d, Cache-Control %q, ETag %q\n%s", p.name, res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("ETag"), body)
		}
	}
	_, missing := s.api(t, "", "GET", apiPath("atlantis"), "")
	for _, p := range []*principal{other, s.principals[6]} {
		// Another force's liaison, and anyone without a token, are told
		// what is told of an address with nothing at it.
		res, body := s.api(t, p.token, "GET", path, "")
		if res.StatusCode != http.StatusNotFound || strings.ReplaceAll(body, liaison.target, "atlantis") != missing {
			t.Errorf("%s: %d\n%s", p.name, res.StatusCode, body)
		}
	}
	if res, body := s.api(t, s.principals[7].token, "GET", path, ""); res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("a revoked token: %d\n%s", res.StatusCode, body)
	}
	if res, body := s.api(t, "", "GET", path, "", "Authorization: Basic c2FtcGxlOnNhbXBsZQ=="); res.StatusCode != http.StatusNotFound || res.Header.Get("Cache-Control") == "public, no-cache" {
		t.Errorf("a proxy's credentials: %d, Cache-Control %q\n%s", res.StatusCode, res.Header.Get("Cache-Control"), body)
	}
	// Published: the public's answer is cached, the token holder's never,
	// in either order.
	if _, err := s.store.SendToModeration(context.Background(), peel.Operator(), apiFramework, liaison.target, apiPillar); err != nil {
		t.Fatal(err)
	}
	s.store.Approve(context.Background(), peel.Operator(), apiFramework, liaison.target, apiPillar)
	s.store.Publish(context.Background(), peel.Operator(), apiFramework, liaison.target, apiPillar)
	// Publication makes version 2.
	for _, token := range []string{inspector.token, "", inspector.token, ""} {
		res, body := s.api(t, token, "GET", path, "")
		cc, etag := res.Header.Get("Cache-Control"), res.Header.Get("ETag")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `"status": "published"`) ||
			token != "" && (cc != "no-store" || etag != `"2"`) || token == "" && (cc != "public, no-cache" || etag == `"2"`) {
			t.Errorf("token %t: %d, Cache-Control %q, ETag %q", token != "", res.StatusCode, cc, etag)
		}
	}
}

// TestAPIComments comments through the API and reads the comments back.
func TestAPIComments(t *testing.T) {
	s := newAPISite(t, fixture.Backends()[0])
	liaison, other, moderator := s.principals[4], s.principals[5], s.principals[2]
	bringTo(t, s.store, liaison.target, peel.StatusCheck)
	path := apiPath(liaison.target) + "/comments"
	res, body := s.api(t, liaison.token, "POST", path, `{"body": "The sample figure in question 1 is out of date."}`)
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"author": "liaison@example.org"`) {
		t.Fatalf("POST: %d\n%s", res.StatusCode, body)
	}
	for _, p := range []*principal{liaison, moderator} {
		var list struct {
			Comments []struct {
				Version      int
				Author, Body string
			}
		}
		res, body := s.api(t, p.token, "GET", path, "")
		json.Unmarshal([]byte(body), &list)
		if res.StatusCode != http.StatusOK || len(list.Comments) != 1 || list.Comments[0].Author != "liaison@example.org" || list.Comments[0].Version != 1 {
			t.Errorf("%s: %d\n%s", p.name, res.StatusCode, body)
		}
	}
	for _, tt := range []struct {
		p      *principal
		status int
	}{{other, http.StatusNotFound}, {s.principals[6], http.StatusUnauthorized}, {s.principals[8], http.StatusUnauthorized}} {
		if res, body := s.api(t, tt.p.token, "GET", path, ""); res.StatusCode != tt.status || strings.Contains(body, "out of date") {
			t.Errorf("%s: %d, want %d\n%s", tt.p.name, res.StatusCode, tt.status, body)
		}
	}
}
