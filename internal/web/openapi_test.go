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

	// The requests: each operation answering well, and answering each
	// error it documents.
	requests := []string{
		"/api/v1/openapi.json",
		"/api/v1/organisations",
		"/api/v1/organisations?region=Wales",
		"/api/v1/frameworks",
		"/api/v1/frameworks?pillar=legitimacy",
		"/api/v1/assessments",
		"/api/v1/assessments?organisation=kent&per_page=2&page=3",
		"/api/v1/assessments?grade=superb",
		"/api/v1/assessments/peel-2016/kent/legitimacy",
		"/api/v1/assessments/peel-2016/durham/legitimacy",
		"/api/v1/assessments/peel-2016/kent/bravery",
		"/api/v1/assessments/peel-2016/kent/legitimacy?x=1",
		"/api/v1/changes?since=2000-01-01T00:00:00Z&per_page=3",
		"/api/v1/changes?since=2100-01-01T00:00:00Z",
		"/api/v1/changes",
		"/api/v1/publications",
		"/api/v1/publications?kind=follow-up-review&organisation=kent&per_page=1",
		"/api/v1/publications?kind=pamphlet",
		"/api/v1/publications/sample-review",
		"/api/v1/publications/no-such-review",
		"/api/v1/publications/sample-review?x=1",
	}
	answered := map[string]bool{} // "path status"
	for _, target := range requests {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		path := docPath(doc.Paths, strings.SplitN(target, "?", 2)[0])
		if path == "" {
			t.Errorf("GET %s: no path of openapi.json matches", target)
			continue
		}
		status := strconv.Itoa(rec.Code)
		ctype := strings.SplitN(rec.Header().Get("Content-Type"), ";", 2)[0]
		response, ok := doc.Paths[path]["get"].Responses[status]
		if !ok {
			t.Errorf("GET %s: status %s, which openapi.json does not give for %s\n%s", target, status, path, rec.Body)
			continue
		}
		if _, ok := response.Content[ctype]; !ok {
			t.Errorf("GET %s: %s %s, which openapi.json does not give", target, status, ctype)
			continue
		}
		answered[path+" "+status] = true
		pointer := "#/paths/" + escapePointer(path) + "/get/responses/" + status + "/content/" + escapePointer(ctype) + "/schema"
		schema, err := c.Compile(docURL + pointer)
		if err != nil {
			t.Fatalf("compile %s: %v", pointer, err)
		}
		body, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Errorf("GET %s: not JSON: %v", target, err)
			continue
		}
		if err := schema.Validate(body); err != nil {
			t.Errorf("GET %s: the body is not as openapi.json says:\n%v", target, err)
		}
	}
	for path, ops := range doc.Paths {
		for status := range ops["get"].Responses {
			if !answered[path+" "+status] && status != "503" {
				t.Errorf("no request here gets %s from GET %s", status, path)
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
