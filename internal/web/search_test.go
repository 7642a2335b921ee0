package web_test

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// seedWord returns a word the seed page holds, failing the test if it
// does not: the tests search for it.
func seedWord(tb testing.TB, word string) string {
	tb.Helper()
	if !bytes.Contains(fixture.Seed(tb), []byte(word)) {
		tb.Fatalf("the seed page lacks %q, which the test searches for", word)
	}
	return word
}

// wantPage gets the path and checks its status and what it shows or not.
func (s *site) wantPage(tb testing.TB, path string, status int, has []string, lacks ...string) string {
	tb.Helper()
	res, body := s.get(tb, path)
	if res.StatusCode != status {
		tb.Fatalf("%s: status %d, want %d", path, res.StatusCode, status)
	}
	for _, want := range has {
		if !strings.Contains(body, want) {
			tb.Errorf("%s lacks %q", path, want)
		}
	}
	for _, not := range lacks {
		if strings.Contains(body, not) {
			tb.Errorf("%s shows %q", path, not)
		}
	}
	return body
}

func searchPath(q string, params ...string) string {
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(params); i += 2 {
		v.Set(params[i], params[i+1])
	}
	return "/search?" + v.Encode()
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, false)
		word := seedWord(t, "refuges")
		s.wantPage(t, searchPath(word), 200, []string{
			"Search results for ‘refuges’", "1 result", `href="` + seedPath + `"`, ">Kent PEEL 2016: Legitimacy</a>",
			"<mark>refuges</mark>", ">Outstanding</strong>", `value="refuges"`,
		}, `class="govuk-pagination"`)
		// The force's name finds its assessments, though no narrative
		// needs to hold it.
		s.wantPage(t, searchPath("Kent Police legitimacy"), 200, []string{`href="` + seedPath + `"`})
	})
	t.Run("Filters", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, false)
		word := seedWord(t, "refuges")
		for _, tt := range []struct {
			params []string
			found  bool
		}{
			{[]string{"force", "kent"}, true},
			{[]string{"force", "durham"}, false},
			{[]string{"cycle", "peel-2016"}, true},
			{[]string{"cycle", "peel-2015"}, false},
			{[]string{"pillar", "legitimacy"}, true},
			{[]string{"pillar", "efficiency"}, false},
			{[]string{"grade", "outstanding"}, true},
			{[]string{"grade", "good"}, false},
			{[]string{"force", "kent", "cycle", "peel-2016", "pillar", "legitimacy", "grade", "outstanding"}, true},
		} {
			path := searchPath(word, tt.params...)
			body := s.wantPage(t, path, 200, []string{`<option value="` + tt.params[1] + `" selected>`})
			if found := strings.Contains(body, `href="`+seedPath+`"`); found != tt.found {
				t.Errorf("%s: found %v, want %v", path, found, tt.found)
			}
			if !tt.found && !strings.Contains(body, "with the filters chosen") {
				t.Errorf("%s: no message for no results", path)
			}
		}
	})
	t.Run("Messages", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, false)
		for _, path := range []string{"/search", "/search?q=", "/search?q=+++"} {
			s.wantPage(t, path, 200, []string{"Enter a word or words", `<input class="govuk-input peel-search__input" id="search-q" name="q" type="search" value=""`}, "No results")
		}
		s.wantPage(t, searchPath("zzyzx"), 200, []string{"No results", "Nothing published matches ‘zzyzx’"})
		s.wantPage(t, "/", 200, []string{`<form action="/search" method="get" role="search"`, `name="q"`})
		s.wantPage(t, "/forces", 200, []string{`<a class="govuk-service-navigation__link" href="/search">Search</a>`})
	})
	t.Run("Escaped", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, false)
		// A narrative that holds markup, and a query that does.
		fw, err := s.store.FindFrameworkBySlug(ctx, "peel-2016")
		if err != nil {
			t.Fatal(err)
		}
		a := &peel.Assessment{Organisation: "durham", Framework: "peel-2016", Pillar: "legitimacy", Headline: "How legitimate?", Status: peel.StatusPublished,
			Summary: []string{`Sample <script>alert("narrative")</script> refuges <b>bold</b> & <img src=x onerror=alert(1)> end.`}}
		if _, err := s.store.ImportAssessment(ctx, a, fw.Pillar("legitimacy")); err != nil {
			t.Fatal(err)
		}
		body := s.wantPage(t, searchPath(`refuges`), 200,
			[]string{"2 results", "&lt;script&gt;alert(&#34;narrative&#34;)&lt;/script&gt; <mark>refuges</mark> &lt;b&gt;bold&lt;/b&gt; &amp; &lt;img"},
			"<script>alert", "<b>bold", "<img src=x")
		if strings.Count(body, "<mark>") != strings.Count(body, "</mark>") {
			t.Errorf("unbalanced marks")
		}
		for _, q := range []string{`refuges <script>alert("query")</script>`, `"><script>alert(1)</script>`, `bold</mark><script>`} {
			s.wantPage(t, searchPath(q), 200, []string{"&lt;script&gt;"}, "<script>", "</mark><script")
		}
	})
	t.Run("Syntax", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, false)
		for _, q := range []string{`"`, `"refuges`, `refuges"`, `-`, `- refuges`, `-refuges`, `*`, `refuges*`, `NEAR(refuges`, `refuges NEAR/2 women`,
			`(`, `)`, `((refuges`, `AND`, `OR`, `NOT refuges`, `^`, `text:refuges`, `{names text}:refuges`, `'`, `\`, "\x00", "\xff", `%`, strings.Repeat(`"(`, 2000)} {
			s.wantPage(t, searchPath(q), 200, nil)
		}
	})
	t.Run("Paging", func(t *testing.T) {
		s := newSite(t)
		orgs, err := s.store.FindOrganisations(ctx, store.OrganisationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var grades []*peel.Assessment
		for _, o := range orgs[:25] {
			grades = append(grades, &peel.Assessment{Organisation: o.Slug, Framework: "peel-2016", Pillar: "efficiency", Grade: "good", Status: peel.StatusPublished})
		}
		if _, err := s.store.ImportGrades(ctx, grades, false); err != nil {
			t.Fatal(err)
		}
		first := s.wantPage(t, searchPath("efficiency"), 200, []string{"Showing 1 to 20 of 25 results", `href="/search?page=2&amp;q=efficiency"`, "(page 1 of 2)"})
		if n := strings.Count(first, `<li class="peel-result">`); n != 20 {
			t.Errorf("page 1 shows %d results, want 20", n)
		}
		second := s.wantPage(t, searchPath("efficiency", "page", "2"), 200, []string{"Showing 21 to 25 of 25 results", "(page 2 of 2)", `rel="prev"`})
		if n := strings.Count(second, `<li class="peel-result">`); n != 5 {
			t.Errorf("page 2 shows %d results, want 5", n)
		}
		s.wantPage(t, searchPath("efficiency", "page", "3"), 404, nil)
		s.wantPage(t, searchPath("efficiency", "page", "0"), 400, nil)
	})
	t.Run("Embargo", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, true)
		word := seedWord(t, "refuges")
		s.wantPage(t, searchPath(word), 200, []string{"No results"}, seedPath)
		s.wantPage(t, searchPath("Kent"), 200, []string{"No results"}, seedPath)
		at := time.Now().Add(300 * time.Millisecond)
		if _, err := s.store.PublishAssessment(ctx, "peel-2016", "kent", "legitimacy", &at); err != nil {
			t.Fatal(err)
		}
		s.wantPage(t, searchPath(word), 200, []string{"No results"}, seedPath)
		time.Sleep(time.Until(at) + 100*time.Millisecond)
		// Due by the database's clock, though nothing has recorded it.
		s.wantPage(t, searchPath(word), 200, []string{"1 result", `href="` + seedPath + `"`})
	})
}
