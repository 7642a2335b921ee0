package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
)

// TestOpenAPI requests every operation of openapi.json from a server with
// data, and validates each answer's body against the document's schema for
// its path, status and type. It fails where a route of the API is missing
// from the document, or the document has a path the server does not
// answer.
func TestOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]any `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi.json is OpenAPI %q, want 3.1.0", doc.OpenAPI)
	}
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPI))
	if err != nil {
		t.Fatal(err)
	}
	const docURL = "https://peel.example.org/api/v1/openapi.json"
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020) // OpenAPI 3.1's dialect
	c.AssertFormat()
	if err := c.AddResource(docURL, raw); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	st := fixture.Store(t)
	if err := reference.LoadGrades(ctx, st); err != nil {
		t.Fatal(err)
	}
	if _, err := (&importer.Importer{Store: st}).Import(ctx, fixture.SeedName, fixture.Seed(t), false); err != nil {
		t.Fatal(err)
	}
	// Every kind of content in the seed's assessment, and a rationale,
	// which the API must leave out.
	a, err := st.FindAssessment(ctx, "peel-2016", "kent", "legitimacy")
	if err != nil {
		t.Fatal(err)
	}
	a.Improvements, a.Rationale = []string{"A sample area for improvement."}, "A sample rationale."
	a.Concerns = []*peel.Concern{{Text: "A sample cause of concern.", Recommendations: []string{"A sample recommendation."}}, {Text: "Another."}}
	a.Judgments[0].CarriedOver = "peel-2015"
	if _, err := st.Correct(ctx, peel.Operator(), a, a.Version, ""); err != nil {
		t.Fatal(err)
	}
	review := &peel.Publication{Slug: "sample-review", Title: "Sample review", Kind: peel.KindFollowUpReview, Organisations: []string{"kent"},
		Links: []peel.Link{{Title: "Sample link"}}, Scale: []*peel.Grade{{Slug: "done", Label: "Sample done"}}}
	if _, err := st.ImportPublication(ctx, review); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportOutcomes(ctx, []*peel.Outcome{{Publication: "sample-review", Organisation: "kent", Grade: "done", Narrative: []string{"Sample."}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PublishPublication(ctx, "sample-review", nil); err != nil {
		t.Fatal(err)
	}
	rec := &peel.Recommendation{Text: "A sample recommendation to every force.", Theme: "sample", Due: peel.Date{Time: time.Date(2031, 6, 30, 0, 0, 0, 0, time.UTC)}, IssuedIn: "sample-review", AllForces: true}
	if err := st.SaveRecommendations(ctx, []*peel.Recommendation{rec}); err != nil {
		t.Fatal(err)
	}
	liaison := &peel.User{Email: "kent@example.org", Role: peel.RoleLiaison, Organisation: "kent"}
	if _, err := st.AddEntry(ctx, liaison, rec.ID, "kent", &peel.Entry{Kind: peel.EntryProgress, Status: peel.RecBeingProgressed, Comment: "Sample note.", Evidence: []string{"https://example.org/sample"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddEntry(ctx, &peel.User{Role: peel.RoleInspector}, rec.ID, "kent", &peel.Entry{Kind: peel.EntryReview, Verdict: peel.VerdictQuestioned, Comment: "Sample question."}); err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), "https://peel.example.org")
	if err != nil {
		t.Fatal(err)
	}
	handler := s.Handler()

	// Each route of the API is a path of the document, and each path a
	// route.
	var routes []string
	for _, rt := range s.apiRoutes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		routes = append(routes, path)
		if doc.Paths[path][strings.ToLower(method)].Responses == nil {
			t.Errorf("the route %s is not in openapi.json", rt.pattern)
		}
	}
	for path := range doc.Paths {
		if !slices.Contains(routes, path) {
			t.Errorf("openapi.json has %s, which the server does not route", path)
		}
	}

	// API tokens for the writes, one a role.
	tokens := map[string]string{}
	for _, u := range []*peel.User{
		{Email: "inspector@example.org", Role: peel.RoleInspector},
		{Email: "moderator@example.org", Role: peel.RoleModerator},
		{Email: "publisher@example.org", Role: peel.RolePublisher},
		{Email: "essex@example.org", Role: peel.RoleLiaison, Organisation: "essex"},
	} {
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		_, secret, err := st.CreateAPIToken(ctx, u.Email, "Sample script")
		if err != nil {
			t.Fatal(err)
		}
		name, _, _ := strings.Cut(u.Email, "@")
		tokens[name] = secret
	}
	tokens["invalid"] = "not-a-token"

	// The requests, in order: each operation answering well, and answering
	// each error it documents. Essex's assessment is made here, as a draft.
	const essex, kent = "/api/v1/assessments/peel-2014/essex/legitimacy", "/api/v1/assessments/peel-2016/kent/legitimacy"
	const missing = "/api/v1/assessments/peel-2016/kent/bravery"
	newEssex := `{"framework": "peel-2014", "organisation": "essex", "pillar": "legitimacy"}`
	big := `{"body": "` + strings.Repeat("x", 1<<20) + `"}`
	newResponse := `{"report": "/peel-assessments/peel-2016/kent/legitimacy", "organisation": "kent", "url": "https://example.org/sample-response", "date": "` +
		peel.UKDate(time.Now()).String() + `"}`
	newRec := `{"text": "A sample recommendation to two forces.", "theme": "sample", "issuedIn": "sample-review", "organisations": ["kent", "essex"], "due": "2031-12-31"}`
	entries := "/api/v1/recommendations/" + strconv.FormatInt(rec.ID, 10) + "/organisations/"
	progress := `{"kind": "progress", "status": "being-progressed", "comment": "A sample note.", "evidence": ["https://example.org/sample"]}`
	type request struct {
		method, target, token, body string
		header                      []string // "Name: value"
	}
	requests := []request{
		{method: "GET", target: "/api/v1/openapi.json"},
		{method: "GET", target: "/api/v1/organisations"},
		{method: "GET", target: "/api/v1/organisations?region=Wales"},
		{method: "GET", target: "/api/v1/frameworks"},
		{method: "GET", target: "/api/v1/frameworks?pillar=legitimacy"},
		{method: "GET", target: "/api/v1/assessments"},
		{method: "GET", target: "/api/v1/assessments?organisation=kent&per_page=2&page=3"},
		{method: "GET", target: "/api/v1/assessments?grade=superb"},
		{method: "GET", target: kent},
		{method: "GET", target: "/api/v1/assessments/peel-2016/durham/legitimacy"},
		{method: "GET", target: missing},
		{method: "GET", target: kent + "?x=1"},
		{method: "GET", target: "/api/v1/changes?since=2000-01-01T00:00:00Z&per_page=3"},
		{method: "GET", target: "/api/v1/changes?since=2100-01-01T00:00:00Z"},
		{method: "GET", target: "/api/v1/changes"},
		// Recent changes: the review and the recommendation's entries too.
		{method: "GET", target: "/api/v1/changes?per_page=1000&since=" + time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)},
		{method: "GET", target: "/api/v1/publications"},
		{method: "GET", target: "/api/v1/publications?kind=follow-up-review&organisation=kent&per_page=1"},
		{method: "GET", target: "/api/v1/publications?kind=pamphlet"},
		{method: "GET", target: "/api/v1/publications/sample-review"},
		{method: "GET", target: "/api/v1/publications/no-such-review"},
		{method: "GET", target: "/api/v1/publications/sample-review?x=1"},
		{method: "GET", target: "/api/v1/recommendations"},
		{method: "GET", target: "/api/v1/recommendations?force=kent&status=being-progressed&theme=sample&publication=sample-review&due_before=2031-12-31&due_after=2031-01-01&per_page=1"},
		{method: "GET", target: "/api/v1/recommendations?status=lost"},
		{method: "GET", target: "/api/v1/recommendations/" + strconv.FormatInt(rec.ID, 10)},
		{method: "GET", target: "/api/v1/recommendations/999999"},
		{method: "GET", target: "/api/v1/recommendations/1?x=1"},

		{method: "POST", target: "/api/v1/assessments", token: "inspector", body: newEssex},
		{method: "POST", target: "/api/v1/assessments", token: "inspector", body: newEssex},
		{method: "POST", target: "/api/v1/assessments", token: "moderator", body: newEssex},
		{method: "POST", target: "/api/v1/assessments", body: newEssex},
		{method: "POST", target: "/api/v1/assessments", token: "inspector", body: `{"framework": "peel-2016"}`},
		{method: "POST", target: "/api/v1/assessments", token: "inspector", body: strings.Replace(newEssex, "essex", "atlantis", 1)},
		{method: "POST", target: "/api/v1/assessments", token: "inspector", body: big},
		{method: "POST", target: "/api/v1/assessments", token: "inspector", body: newEssex, header: []string{"Content-Type: text/plain"}},

		{method: "GET", target: essex, token: "inspector"},
		{method: "GET", target: essex, token: "invalid"},
		{method: "PUT", target: essex, token: "inspector", body: `{"summary": ["A sample sentence."]}`, header: []string{`If-Match: "1"`}},
		{method: "PUT", target: essex, token: "inspector", body: `{"summary": ["Another sample sentence."]}`, header: []string{`If-Match: "1"`}},
		{method: "PUT", target: essex, token: "inspector", body: `{"status": "published", "version": 2}`},
		{method: "PUT", target: essex, token: "inspector", body: `{"summary": []}`},
		{method: "PUT", target: essex, token: "inspector", body: `{"grade": "superb", "version": 2}`},
		{method: "PUT", target: essex, token: "inspector", body: `{"grde": "good", "version": 2}`},
		{method: "PUT", target: essex, token: "moderator", body: `{"version": 2}`},
		{method: "PUT", target: essex, token: "essex", body: `{"version": 2}`},
		{method: "PUT", target: essex, body: `{"version": 2}`},
		{method: "PUT", target: essex, token: "inspector", body: big},
		{method: "PUT", target: essex, token: "inspector", body: `{"version": 2}`, header: []string{"Content-Type: text/plain"}},

		{method: "POST", target: essex + "/transitions", token: "inspector", body: `{"action": "send-check"}`},
		{method: "POST", target: essex + "/transitions", token: "publisher", body: `{"action": "approve"}`},
		{method: "POST", target: essex + "/transitions", token: "moderator", body: `{"action": "return", "comment": "A sample comment."}`},
		{method: "POST", target: essex + "/transitions", body: `{"action": "moderate"}`},
		{method: "POST", target: essex + "/transitions", token: "inspector", body: `{"action": "promote"}`},
		{method: "POST", target: missing + "/transitions", token: "inspector", body: `{"action": "moderate"}`},
		{method: "POST", target: kent + "/transitions", token: "publisher", body: `{"action": "withdraw", "reason": " "}`},
		{method: "POST", target: essex + "/transitions", token: "inspector", body: big},
		{method: "POST", target: essex + "/transitions", token: "inspector", body: `{"action": "moderate"}`, header: []string{"Content-Type: text/plain"}},

		{method: "POST", target: essex + "/comments", token: "essex", body: `{"body": "A sample comment from the force."}`},
		{method: "POST", target: kent + "/comments", token: "moderator", body: `{"body": "A sample comment."}`},
		{method: "POST", target: kent + "/comments", token: "essex", body: `{"body": "A sample comment."}`},
		{method: "POST", target: missing + "/comments", token: "inspector", body: `{"body": "A sample comment."}`},
		{method: "POST", target: essex + "/comments", body: `{"body": "A sample comment."}`},
		{method: "POST", target: essex + "/comments", token: "inspector", body: `{"text": "A sample comment."}`},
		{method: "POST", target: essex + "/comments", token: "inspector", body: `{"body": " "}`},
		{method: "POST", target: essex + "/comments", token: "inspector", body: big},
		{method: "POST", target: essex + "/comments", token: "inspector", body: `{"body": "A sample comment."}`, header: []string{"Content-Type: text/plain"}},
		{method: "GET", target: essex + "/comments", token: "essex"},
		{method: "GET", target: essex + "/comments?x=1", token: "essex"},
		{method: "GET", target: missing + "/comments", token: "essex"},
		{method: "GET", target: essex + "/comments"},

		{method: "POST", target: "/api/v1/recommendations", token: "inspector", body: newRec},
		{method: "POST", target: "/api/v1/recommendations", token: "moderator", body: newRec},
		{method: "POST", target: "/api/v1/recommendations", body: newRec},
		{method: "POST", target: "/api/v1/recommendations", token: "inspector", body: strings.Replace(newRec, "theme", "theem", 1)},
		{method: "POST", target: "/api/v1/recommendations", token: "inspector", body: strings.Replace(newRec, "sample-review", "no-such-review", 1)},
		{method: "POST", target: "/api/v1/recommendations", token: "inspector", body: big},
		{method: "POST", target: "/api/v1/recommendations", token: "inspector", body: newRec, header: []string{"Content-Type: text/plain"}},
		{method: "POST", target: entries + "essex/entries", token: "essex", body: progress},
		{method: "POST", target: entries + "essex/entries", token: "inspector", body: `{"kind": "review", "verdict": "accepted"}`},
		{method: "POST", target: entries + "kent/entries", token: "inspector", body: `{"kind": "review", "verdict": "accepted"}`},
		{method: "POST", target: entries + "kent/entries", token: "essex", body: progress},
		{method: "POST", target: "/api/v1/recommendations/999999/organisations/essex/entries", token: "inspector", body: `{"kind": "status", "status": "complete"}`},
		{method: "POST", target: entries + "essex/entries", token: "inspector", body: `{"kind": "guess", "status": "complete"}`},
		{method: "POST", target: entries + "essex/entries", token: "essex", body: strings.Replace(progress, "comment", "note", 1)},
		{method: "POST", target: entries + "essex/entries", body: progress},
		{method: "POST", target: entries + "essex/entries", token: "essex", body: big},
		{method: "POST", target: entries + "essex/entries", token: "essex", body: progress, header: []string{"Content-Type: text/plain"}},

		{method: "GET", target: "/api/v1/responses"},
		{method: "GET", target: "/api/v1/responses?organisation=kent&status=due&per_page=1"},
		{method: "GET", target: "/api/v1/responses?status=late"},
		{method: "POST", target: "/api/v1/responses", token: "inspector", body: newResponse},
		{method: "POST", target: "/api/v1/responses", token: "moderator", body: newResponse},
		{method: "POST", target: "/api/v1/responses", token: "essex", body: newResponse},
		{method: "POST", target: "/api/v1/responses", body: newResponse},
		{method: "POST", target: "/api/v1/responses", token: "inspector", body: strings.Replace(newResponse, "kent", "essex", 2)},
		{method: "POST", target: "/api/v1/responses", token: "inspector", body: strings.Replace(newResponse, "https://", "", 1)},
		{method: "POST", target: "/api/v1/responses", token: "inspector", body: strings.Replace(newResponse, "report", "rport", 1)},
		{method: "POST", target: "/api/v1/responses", token: "inspector", body: big},
		{method: "POST", target: "/api/v1/responses", token: "inspector", body: newResponse, header: []string{"Content-Type: text/plain"}},
	}
	answered := map[string]bool{} // "method path status"
	for _, rq := range requests {
		var body io.Reader
		if rq.body != "" {
			body = strings.NewReader(rq.body)
		}
		req := httptest.NewRequest(rq.method, rq.target, body)
		if rq.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if rq.token != "" {
			req.Header.Set("Authorization", "Bearer "+tokens[rq.token])
		}
		for _, h := range rq.header {
			name, value, _ := strings.Cut(h, ": ")
			req.Header.Set(name, value)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		name := rq.method + " " + rq.target
		if rq.token != "" {
			name += " (" + rq.token + ")"
		}
		path := docPath(doc.Paths, strings.SplitN(rq.target, "?", 2)[0])
		if path == "" {
			t.Errorf("%s: no path of openapi.json matches", name)
			continue
		}
		status, op := strconv.Itoa(rec.Code), strings.ToLower(rq.method)
		ctype := strings.SplitN(rec.Header().Get("Content-Type"), ";", 2)[0]
		response, ok := doc.Paths[path][op].Responses[status]
		if !ok {
			t.Errorf("%s: status %s, which openapi.json does not give for %s %s\n%s", name, status, rq.method, path, rec.Body)
			continue
		}
		if _, ok := response.Content[ctype]; !ok {
			t.Errorf("%s: %s %s, which openapi.json does not give", name, status, ctype)
			continue
		}
		answered[op+" "+path+" "+status] = true
		if rec.Code < 300 && rq.body != "" {
			// A body the server took is one the document describes.
			pointer := "#/paths/" + escapePointer(path) + "/" + op + "/requestBody/content/application~1json/schema"
			schema, err := c.Compile(docURL + pointer)
			if err != nil {
				t.Fatalf("compile %s: %v", pointer, err)
			}
			sent, _ := jsonschema.UnmarshalJSON(strings.NewReader(rq.body))
			if err := schema.Validate(sent); err != nil {
				t.Errorf("%s: the request's body is not as openapi.json says:\n%v", name, err)
			}
		}
		pointer := "#/paths/" + escapePointer(path) + "/" + op + "/responses/" + status + "/content/" + escapePointer(ctype) + "/schema"
		schema, err := c.Compile(docURL + pointer)
		if err != nil {
			t.Fatalf("compile %s: %v", pointer, err)
		}
		got, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Errorf("%s: not JSON: %v", name, err)
			continue
		}
		if err := schema.Validate(got); err != nil {
			t.Errorf("%s: the body is not as openapi.json says:\n%v", name, err)
		}
	}
	for path, ops := range doc.Paths {
		for op, o := range ops {
			for status := range o.Responses {
				if !answered[op+" "+path+" "+status] && status != "503" {
					t.Errorf("no request here gets %s from %s %s", status, strings.ToUpper(op), path)
				}
			}
		}
	}
}

// docPath returns the path of the document that matches a request's path,
// "" if none does.
func docPath[V any](paths map[string]V, path string) string {
	for p := range paths {
		re := "^" + regexp.MustCompile(`\\\{[a-z]+\\\}`).ReplaceAllString(regexp.QuoteMeta(p), `[^/]+`) + "$"
		if regexp.MustCompile(re).MatchString(path) {
			return p
		}
	}
	return ""
}

// escapePointer escapes a JSON pointer's token (RFC 6901).
func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}
