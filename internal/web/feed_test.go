package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/web"
)

const (
	base         = "https://peel.example.org"
	seedHeadline = "How legitimate is the force at keeping people safe and reducing crime?"
)

// The parts of an Atom feed (RFC 4287) the tests read. Unmarshal refuses a
// root element that is not Atom's feed.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  []string    `xml:"author>name"`
	Links   atomLinks   `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string    `xml:"id"`
	Title   string    `xml:"title"`
	Links   atomLinks `xml:"link"`
	Updated string    `xml:"updated"`
	Summary string    `xml:"summary"`
}

type atomLinks []atomLink

// rel returns the address of the link with the relation, or "".
func (l atomLinks) rel(rel string) string {
	for _, link := range l {
		if link.Rel == rel {
			return link.Href
		}
	}
	return ""
}

type sitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

// lastmod returns each address the sitemap lists with its lastmod.
func (s *sitemap) lastmod() map[string]string {
	m := map[string]string{}
	for _, u := range s.URLs {
		m[u.Loc] = u.LastMod
	}
	return m
}

// feed fetches and parses the Atom feed.
func (s *site) feed(tb testing.TB) *atomFeed {
	tb.Helper()
	res, body := s.get(tb, "/feed.atom")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		tb.Fatalf("/feed.atom: status %d, type %q\n%s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	var f atomFeed
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		tb.Fatalf("/feed.atom is not an Atom feed: %v\n%s", err, body)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		tb.Errorf("the feed's updated %q is not an RFC 3339 time", f.Updated)
	}
	if f.ID == "" || f.Title == "" || len(f.Author) == 0 || f.Author[0] == "" {
		tb.Errorf("the feed lacks an id, a title or an author: %+v", f)
	}
	if self := f.Links.rel("self"); self != base+"/feed.atom" {
		tb.Errorf("the feed's self link is %q, want %q", self, base+"/feed.atom")
	}
	return &f
}

type sitemapIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

// sitemap fetches the sitemap index and every sitemap it lists, and
// returns them as one, checking that none lists more than max addresses.
func (s *site) sitemap(tb testing.TB) *sitemap {
	tb.Helper()
	var index sitemapIndex
	s.getXML(tb, "/sitemap.xml", &index)
	if len(index.Sitemaps) == 0 {
		tb.Fatal("the sitemap index lists no sitemap")
	}
	all := &sitemap{}
	for _, m := range index.Sitemaps {
		path, ok := strings.CutPrefix(m.Loc, base)
		if !ok {
			tb.Fatalf("the sitemap index lists %q, not an absolute address on %s", m.Loc, base)
		}
		var part sitemap
		s.getXML(tb, path, &part)
		if len(part.URLs) == 0 {
			tb.Errorf("%s lists nothing", path)
		}
		all.URLs = append(all.URLs, part.URLs...)
	}
	return all
}

// getXML fetches an XML document of the sitemaps into v.
func (s *site) getXML(tb testing.TB, path string, v any) {
	tb.Helper()
	res, body := s.get(tb, path)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		tb.Fatalf("%s: status %d, type %q\n%s", path, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if err := xml.Unmarshal([]byte(body), v); err != nil {
		tb.Fatalf("%s is not what it should be: %v\n%s", path, err, body)
	}
}

// entry returns the feed's entry for the page at path, or nil.
func (f *atomFeed) entry(path string) *atomEntry {
	for i, e := range f.Entries {
		if e.Links.rel("alternate") == base+path {
			return &f.Entries[i]
		}
	}
	return nil
}

func TestFeed(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s := newSiteAt(t, base)
		s.importSeed(t, false)
		// The same page on another pillar, published a month later.
		page := strings.ReplaceAll(string(fixture.Seed(t)), "\r\n", "\n")
		for old, new := range map[string]string{
			"\nLegitimacy\n":               "\nEfficiency\n",
			"\nQuestions for Legitimacy\n": "\nQuestions for Efficiency\n",
			"\nLast updated 08/12/2016\n":  "\nLast updated 09/01/2017\n",
		} {
			if !strings.Contains(page, old) {
				t.Fatalf("the seed lacks %q", old)
			}
			page = strings.Replace(page, old, new, 1)
		}
		im := &importer.Importer{Store: s.store}
		if _, err := im.Import(context.Background(), "efficiency.txt", []byte(page), false); err != nil {
			t.Fatal(err)
		}

		f := s.feed(t)
		e, newer := f.entry(seedPath), f.entry("/peel-assessments/peel-2016/kent/efficiency")
		if e == nil || newer == nil {
			t.Fatalf("the feed lacks an entry linking to %s%s or to the efficiency page: %+v", base, seedPath, f.Entries)
		}
		if newer.Title != "Kent PEEL 2016: Efficiency" || e.Title != "Kent PEEL 2016: Legitimacy" {
			t.Errorf("the entries' titles are %q and %q", newer.Title, e.Title)
		}
		// Newest publication first, and the feed as new as its newest.
		for i := 1; i < len(f.Entries); i++ {
			if f.Entries[i].Updated > f.Entries[i-1].Updated {
				t.Errorf("entry %d (%s) is newer than the one before it (%s)", i, f.Entries[i].Updated, f.Entries[i-1].Updated)
			}
		}
		if newer.Updated != "2017-01-09T00:00:00Z" || f.Updated != newer.Updated {
			t.Errorf("the feed's updated is %q and its newest entry's %q; want both 2017-01-09T00:00:00Z", f.Updated, newer.Updated)
		}
		if e.ID != base+seedPath {
			t.Errorf("the entry's id is %q, want %q", e.ID, base+seedPath)
		}
		if e.Updated != "2016-12-08T00:00:00Z" {
			t.Errorf("the entry's updated is %q, want its publication, 2016-12-08T00:00:00Z", e.Updated)
		}
		for _, want := range []string{"Grade: Outstanding", seedHeadline} {
			if !strings.Contains(e.Summary, want) {
				t.Errorf("the entry's summary %q lacks %q", e.Summary, want)
			}
		}
	})

	t.Run("Empty", func(t *testing.T) {
		s := newSiteAt(t, base)
		if f := s.feed(t); len(f.Entries) != 0 {
			t.Errorf("a site with nothing published has %d entries in its feed", len(f.Entries))
		}
	})

	t.Run("Draft", func(t *testing.T) {
		s := newSiteAt(t, base)
		s.importSeed(t, true)
		if s.feed(t).entry(seedPath) != nil {
			t.Errorf("the feed lists a draft")
		}
		if _, ok := s.sitemap(t).lastmod()[base+seedPath]; ok {
			t.Errorf("the sitemap lists a draft")
		}
	})

	t.Run("Scheduled", func(t *testing.T) {
		s := newSiteAt(t, base)
		s.importSeed(t, true)
		ctx := context.Background()
		publish := func(at time.Time) {
			t.Helper()
			if _, err := s.store.PublishAssessment(ctx, "peel-2016", "kent", "legitimacy", &at); err != nil {
				t.Fatal(err)
			}
		}
		visible := func() (*atomEntry, bool) {
			e := s.feed(t).entry(seedPath)
			_, listed := s.sitemap(t).lastmod()[base+seedPath]
			if (e != nil) != listed {
				t.Fatalf("the feed (%v) and the sitemap (%v) disagree on whether the page is public", e != nil, listed)
			}
			return e, listed
		}

		publish(time.Now().Add(time.Hour))
		if _, ok := visible(); ok {
			t.Fatal("a page scheduled an hour from now is in the feed and the sitemap")
		}

		// Its time comes while the test watches. Nothing records the
		// publication: reads go by the clock alone.
		at := time.Now().Add(2 * time.Second)
		publish(at)
		deadline := time.Now().Add(time.Minute)
		for {
			e, ok := visible()
			if ok {
				if now := time.Now(); now.Before(at) {
					t.Errorf("the page is public at %s, before its time %s", now.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
				}
				if want := at.UTC().Format(time.RFC3339); e.Updated != want {
					t.Errorf("the entry's updated is %q, want its publication time %q", e.Updated, want)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the page is still not public a minute after its time")
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

func TestSitemap(t *testing.T) {
	s := newSiteAt(t, base)
	s.importSeed(t, false)
	// Three grades besides, in sitemaps of two addresses each: the cycle's
	// four assessments take two.
	web.SetSitemapSize(t, 2)
	var grades []*peel.Assessment
	for _, org := range []string{"durham", "essex", "surrey"} {
		grades = append(grades, &peel.Assessment{Organisation: org, Framework: "peel-2016", Pillar: "efficiency", Grade: "good", Status: peel.StatusPublished})
	}
	if _, err := s.store.ImportGrades(context.Background(), grades, false); err != nil {
		t.Fatal(err)
	}
	var index sitemapIndex
	s.getXML(t, "/sitemap.xml", &index)
	var locs []string
	for _, m := range index.Sitemaps {
		locs = append(locs, m.Loc)
	}
	if want := []string{base + "/sitemaps/site.xml", base + "/sitemaps/peel-2016/1.xml", base + "/sitemaps/peel-2016/2.xml"}; !slices.Equal(locs, want) {
		t.Errorf("the sitemap index lists %q, want %q", locs, want)
	}
	if res, _ := s.get(t, "/sitemaps/peel-2016/3.xml"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a sitemap past the last: status %d, want 404", res.StatusCode)
	}
	m := s.sitemap(t).lastmod()
	for loc, lastmod := range map[string]string{
		base + "/":                           "",
		base + "/forces":                     "",
		base + "/forces/kent":                "",
		base + "/forces/derbyshire":          "", // no assessment yet, but a page
		base + "/peel-assessments/peel-2016": "",
		base + seedPath:                      "2016-12-08",
		base + grades[2].Path():              "",
	} {
		got, ok := m[loc]
		if !ok {
			t.Errorf("the sitemap lacks %s", loc)
		} else if got != lastmod {
			t.Errorf("%s: lastmod %q, want %q", loc, got, lastmod)
		}
	}
	// Every address listed is a page there is.
	for loc := range m {
		path, ok := strings.CutPrefix(loc, base)
		if !ok || !strings.HasPrefix(path, "/") {
			t.Errorf("the sitemap lists %q, not an absolute address on %s", loc, base)
			continue
		}
		if res, _ := s.get(t, path); res.StatusCode != http.StatusOK {
			t.Errorf("the sitemap lists %s, which answers %d", loc, res.StatusCode)
		}
	}
}

func TestRobots(t *testing.T) {
	s := newSiteAt(t, base)
	res, body := s.get(t, "/robots.txt")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	lines := strings.Split(body, "\n")
	for _, want := range []string{"User-agent: *", "Allow: /", "Sitemap: " + base + "/sitemap.xml"} {
		found := false
		for _, line := range lines {
			found = found || line == want
		}
		if !found {
			t.Errorf("robots.txt lacks the line %q:\n%s", want, body)
		}
	}
	for _, line := range lines {
		if strings.HasPrefix(line, "Disallow:") && strings.TrimSpace(strings.TrimPrefix(line, "Disallow:")) != "" {
			t.Errorf("robots.txt keeps robots out: %q", line)
		}
	}
}

func TestFeedLinkedFromEveryPage(t *testing.T) {
	s := newSiteAt(t, base)
	s.importSeed(t, false)
	const link = `<link rel="alternate" type="application/atom+xml" href="/feed.atom"`
	for _, path := range []string{"/", "/forces", "/forces/kent", seedPath, "/no/such/page"} {
		_, body := s.get(t, path)
		head, _, ok := strings.Cut(body, "</head>")
		if !ok || !strings.Contains(head, link) {
			t.Errorf("%s: the head does not link the feed", path)
		}
	}
}

func TestBaseURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://peel.example.org", "https://peel.example.org"},
		{"https://peel.example.org/", "https://peel.example.org"},
		{"http://localhost:8080", "http://localhost:8080"},
		{"http://[::1]:8080", "http://[::1]:8080"},
	} {
		t.Run("OK "+tt.in, func(t *testing.T) {
			got, err := web.ParseBaseURL(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseBaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	for _, in := range []string{
		"", "not a url", "peel.example.org", "//peel.example.org", "ftp://peel.example.org", "https://",
		"https:peel.example.org", "https://peel.example.org/peel", "https://peel.example.org/?a=b",
		"https://peel.example.org?", "https://peel.example.org/#top", "https://user:secret@peel.example.org",
	} {
		t.Run("ErrInvalid "+in, func(t *testing.T) {
			if got, err := web.ParseBaseURL(in); err == nil {
				t.Errorf("ParseBaseURL(%q) = %q, want an error", in, got)
			}
		})
	}
	t.Run("NewServerRefuses", func(t *testing.T) {
		if _, err := web.NewServer(fixture.Store(t), nil, "not a url"); err == nil {
			t.Error("NewServer took a base URL that is not a URL")
		}
	})
}

// TestPublicationsArePages checks the feed and the home page's latest
// publications list pages, not the grades known only from a table.
func TestPublicationsArePages(t *testing.T) {
	s := newSiteAt(t, base)
	s.importSeed(t, false)
	g := &peel.Assessment{Organisation: "durham", Framework: "peel-2016", Pillar: "efficiency", Grade: "good", Status: peel.StatusPublished, Source: "https://sample.example/durham"}
	if _, err := s.store.ImportGrades(context.Background(), []*peel.Assessment{g}, false); err != nil {
		t.Fatal(err)
	}
	f := s.feed(t)
	if f.entry(seedPath) == nil || f.entry(g.Path()) != nil || len(f.Entries) != 1 {
		t.Errorf("the feed has %d entries, the page's %v and the grade's %v; want the page's alone", len(f.Entries), f.entry(seedPath) != nil, f.entry(g.Path()) != nil)
	}
	_, home := s.get(t, "/")
	if !strings.Contains(home, `href="`+seedPath+`"`) || strings.Contains(home, `href="`+g.Path()+`"`) {
		t.Errorf("the home page's latest publications should list the page and not the grade")
	}
	if _, force := s.get(t, "/forces/durham"); !strings.Contains(force, `href="`+g.Path()+`"`) {
		t.Errorf("the grade is not on its force's page")
	}
}
