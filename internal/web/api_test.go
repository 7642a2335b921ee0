package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// getJSON fetches path, checks it answers JSON with the status, and decodes
// it into v.
func (s *site) getJSON(t *testing.T, path string, status int, v any) *http.Response {
	t.Helper()
	res, body := s.get(t, path)
	if res.StatusCode != status || res.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("%s: status %d, type %q; want %d, JSON\n%s", path, res.StatusCode, res.Header.Get("Content-Type"), status, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return res
}

type assessmentPage struct {
	Total, Page, PerPage int
	Assessments          []struct {
		Path, URL, Href string
		Grade           *string
		Status          string
	}
}

var linkRE = regexp.MustCompile(`<([^>]+)>; rel="(\w+)"`)

// links reads a Link header into its relations.
func links(h string) map[string]string {
	m := map[string]string{}
	for _, l := range linkRE.FindAllStringSubmatch(h, -1) {
		m[l[2]] = l[1]
	}
	return m
}

func TestAPIAssessments(t *testing.T) {
	s := openDataSite(t)
	var all assessmentPage
	res := s.getJSON(t, "/api/v1/assessments", http.StatusOK, &all)
	if all.Total != 500 || len(all.Assessments) != 100 || all.Page != 1 || all.PerPage != 100 || res.Header.Get("X-Total-Count") != "500" {
		t.Errorf("total %d (header %q), %d on page %d of %d each", all.Total, res.Header.Get("X-Total-Count"), len(all.Assessments), all.Page, all.PerPage)
	}
	l := links(res.Header.Get("Link"))
	if l["first"] != base+"/api/v1/assessments" || l["next"] != base+"/api/v1/assessments?page=2" || l["last"] != base+"/api/v1/assessments?page=5" || l["prev"] != "" {
		t.Errorf("links on page 1: %v", l)
	}
	// Following next, page by page, reaches each public assessment once,
	// and none that is not public.
	seen := map[string]bool{}
	next := base + "/api/v1/assessments?per_page=150&framework=peel-2016"
	pages := 0
	for next != "" {
		var p assessmentPage
		res := s.getJSON(t, strings.TrimPrefix(next, base), http.StatusOK, &p)
		for _, a := range p.Assessments {
			if seen[a.Path] || a.Status != "published" || a.URL != base+a.Path || a.Href != base+"/api/v1/assessments"+strings.TrimPrefix(a.Path, "/peel-assessments") {
				t.Errorf("%+v: seen before, not published, or with other addresses", a)
			}
			seen[a.Path] = true
		}
		l := links(res.Header.Get("Link"))
		if pages > 0 && l["prev"] == "" {
			t.Errorf("page %d has no prev link", pages+1)
		}
		next, pages = l["next"], pages+1
	}
	if len(seen) != 129 || pages != 1 {
		// 43 forces × 3 pillars of 2016 (the seed is one of them) = 129.
		t.Errorf("%d assessments of 2016 in %d pages, want 129 in 1", len(seen), pages)
	}
	var kent assessmentPage
	s.getJSON(t, "/api/v1/assessments?organisation=kent&framework=peel-2016&pillar=legitimacy&grade=outstanding&region=South+East", http.StatusOK, &kent)
	if kent.Total != 1 || kent.Assessments[0].Path != seedPath || *kent.Assessments[0].Grade != "outstanding" {
		t.Errorf("filtered: %+v", kent)
	}
	var second assessmentPage
	res = s.getJSON(t, "/api/v1/assessments?page=2&per_page=200", http.StatusOK, &second)
	if l := links(res.Header.Get("Link")); l["prev"] != base+"/api/v1/assessments?per_page=200" || l["next"] != base+"/api/v1/assessments?page=3&per_page=200" {
		t.Errorf("links on page 2: %v", l)
	}
	if second.Page != 2 || len(second.Assessments) != 200 || second.Assessments[0].Path == all.Assessments[0].Path {
		t.Errorf("page 2 of 200: page %d, %d assessments", second.Page, len(second.Assessments))
	}

	t.Run("ErrParameters", func(t *testing.T) {
		for _, tt := range []struct{ query, detail string }{
			{"per_page=0", `per_page: "0" is not a positive whole number`},
			{"per_page=1001", "per_page: 1001 is more than the most allowed, 1000"},
			{"page=x", `page: "x" is not a positive whole number`},
			{"page=6", "page: 6 is after the last page, 5"},
			{"grade=superb", `grade: no framework has a grade "superb"`},
			{"framework=peel-2016&grade=adequate", `grade: framework peel-2016 has no grade "adequate"`},
			{"region=Atlantis", `region: no organisation is in a region "Atlantis"`},
			{"sort=name", "sort: not a parameter of /api/v1/assessments"},
		} {
			wantProblem(t, s, "/api/v1/assessments?"+tt.query, http.StatusBadRequest, tt.detail)
		}
	})
}

func TestAPIAssessment(t *testing.T) {
	s := openDataSite(t)
	res, body := s.get(t, "/api/v1/assessments/peel-2016/kent/legitimacy")
	a, err := s.store.FindAssessment(context.Background(), "peel-2016", "kent", "legitimacy")
	if err != nil {
		t.Fatal(err)
	}
	// The representation of peel export --format json, to the byte.
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(a)
	if res.StatusCode != http.StatusOK || body != want.String() {
		t.Errorf("status %d:\n%s\nwant:\n%s", res.StatusCode, body, want.String())
	}
	// A draft, a page scheduled for later and an address with nothing at
	// it answer alike.
	for _, path := range append(hidden, "/peel-assessments/peel-2016/kent/bravery") {
		api := "/api/v1/assessments" + strings.TrimPrefix(path, "/peel-assessments")
		wantProblem(t, s, api, http.StatusNotFound, "no assessment "+path)
	}
	wantProblem(t, s, "/api/v1/assessments/peel-2016/kent/legitimacy?format=xml", http.StatusBadRequest, "format: not a parameter")
}

func TestAPIOrganisationsFrameworks(t *testing.T) {
	s := newSiteAt(t, base)
	var orgs struct{ Organisations []peel.Organisation }
	s.getJSON(t, "/api/v1/organisations", http.StatusOK, &orgs)
	if len(orgs.Organisations) != 43 || orgs.Organisations[0].Name != "Avon and Somerset Constabulary" || orgs.Organisations[0].Slug == "" || orgs.Organisations[0].Region == "" {
		t.Errorf("%d organisations, first %+v", len(orgs.Organisations), orgs.Organisations[0])
	}
	var fws struct{ Frameworks []peel.Framework }
	s.getJSON(t, "/api/v1/frameworks", http.StatusOK, &fws)
	var peel2016 *peel.Framework
	for i, f := range fws.Frameworks {
		if f.Slug == "peel-2016" {
			peel2016 = &fws.Frameworks[i]
		}
	}
	if len(fws.Frameworks) != 5 || peel2016 == nil || len(peel2016.Scale) != 4 || peel2016.Pillar("legitimacy") == nil || len(peel2016.Pillar("legitimacy").Questions) != 3 {
		t.Errorf("frameworks: %+v", fws.Frameworks)
	}
	wantProblem(t, s, "/api/v1/nothing", http.StatusNotFound, "the API has nothing at /api/v1/nothing")
	for _, tt := range []struct{ method, path, allow string }{
		{"DELETE", "/api/v1/assessments", "GET, HEAD, POST"},
		{"POST", "/api/v1/organisations", "GET, HEAD"},
		{"DELETE", "/api/v1/assessments/peel-2016/kent/legitimacy", "GET, HEAD, PUT"},
	} {
		rec, body := s.do(t, tt.method, tt.path)
		if rec.StatusCode != http.StatusMethodNotAllowed || rec.Header.Get("Allow") != tt.allow || !strings.Contains(body, `"status": 405`) {
			t.Errorf("%s %s: %d, Allow %q\n%s", tt.method, tt.path, rec.StatusCode, rec.Header.Get("Allow"), body)
		}
	}
}

type changePage struct {
	Changes []struct {
		Path, Href string
		Version    int
		ChangedAt  time.Time
	}
	Next string
}

func TestAPIChanges(t *testing.T) {
	s := openDataSite(t)
	start := url.QueryEscape(time.Now().Add(-time.Hour).Format(time.RFC3339))
	// Every change since, 200 at a time, following next; then nothing
	// more, and next stays where it is.
	var paths []string
	var last time.Time
	next := "/api/v1/changes?per_page=200&since=" + start
	for i := 0; ; i++ {
		var p changePage
		res := s.getJSON(t, next, http.StatusOK, &p)
		if links(res.Header.Get("Link"))["next"] != p.Next || !strings.HasPrefix(p.Next, base+"/api/v1/changes?") {
			t.Fatalf("next %q, Link %q", p.Next, res.Header.Get("Link"))
		}
		for _, c := range p.Changes {
			if c.ChangedAt.Before(last) {
				t.Errorf("%s changed at %v, before the one listed before it", c.Path, c.ChangedAt)
			}
			last = c.ChangedAt
			paths = append(paths, c.Path+" v"+strconv.Itoa(c.Version))
		}
		if len(p.Changes) == 0 {
			if base+next != p.Next {
				t.Errorf("with nothing new, next is %q, not this address", p.Next)
			}
			break
		}
		next = strings.TrimPrefix(p.Next, base)
		if i > 5 {
			t.Fatal("next goes on and on")
		}
	}
	// The 500 grades, each one version; the seed page over its grade
	// (version 2), and durham's questions over its grade (version 2).
	if len(paths) != 502 {
		t.Errorf("%d changes, want 502", len(paths))
	}
	for _, p := range paths {
		for _, h := range hidden {
			if strings.HasPrefix(p, h+" ") {
				t.Errorf("a change not public: %s", p)
			}
		}
	}
	if !strings.Contains(strings.Join(paths, ","), seedPath+" v2") {
		t.Errorf("no change for the seed page over its grade")
	}
	var none changePage
	s.getJSON(t, "/api/v1/changes?since="+url.QueryEscape(time.Now().Add(time.Minute).Format(time.RFC3339Nano)), http.StatusOK, &none)
	if len(none.Changes) != 0 {
		t.Errorf("changes after now: %d", len(none.Changes))
	}

	t.Run("ErrParameters", func(t *testing.T) {
		for _, tt := range []struct{ query, detail string }{
			{"", "since: give the time to list changes after"},
			{"since=yesterday", `since: "yesterday" is not a time in RFC 3339`},
			{"since=2016-12-08", `since: "2016-12-08" is not a time in RFC 3339`},
			{"cursor=abc", `cursor: "abc" is not a cursor`},
			{"since=2016-12-08T00:00:00Z&cursor=abc", "since: give since or cursor, not both"},
			{"since=2016-12-08T00:00:00Z&page=2", "page: not a parameter of /api/v1/changes"},
			{"since=2016-12-08T00:00:00Z&per_page=5000", "per_page: 5000 is more than the most allowed"},
		} {
			wantProblem(t, s, "/api/v1/changes?"+tt.query, http.StatusBadRequest, tt.detail)
		}
	})
}
