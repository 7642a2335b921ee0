package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// ParseBaseURL checks the site's public address, from which the feed and
// the sitemap make absolute addresses, and returns it without a trailing
// slash. It must be an absolute http or https URL with nothing after the
// host: the site's own links start at /, so it cannot live under a path.
func ParseBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "":
		return "", peel.Errorf(peel.EINVALID, "%q is not an absolute http or https URL, such as https://peel.example.org", raw)
	case u.User != nil:
		return "", peel.Errorf(peel.EINVALID, "%q has a user name or password, which the feed would publish", raw)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.RawFragment != "" || (u.Path != "" && u.Path != "/"):
		return "", peel.Errorf(peel.EINVALID, "%q has more than a scheme and a host: the site is served from /", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

// feedLimit is how many publications the feed lists.
const feedLimit = 50

// The Atom 1.0 elements the feed uses (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Link    atomLink `xml:"link"`
	Updated string   `xml:"updated"`
	Summary string   `xml:"summary"`
}

// serviceName is the site's name, as its header gives it.
const serviceName = "Police inspection assessments"

// handleFeed serves the latest publications as an Atom feed: what the
// public may see now, newest publication first.
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := s.names(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, err := s.Store.FindAssessments(ctx, store.AssessmentFilter{Public: true, Pages: true, Newest: true, Limit: feedLimit})
	if err != nil {
		s.error(w, r, err)
		return
	}
	feed := &atomFeed{
		ID:     s.BaseURL + "/feed.atom",
		Title:  serviceName + ": latest publications",
		Author: atomPerson{Name: serviceName, URI: s.BaseURL + "/"},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.BaseURL + "/feed.atom"},
			{Rel: "alternate", Type: "text/html", Href: s.BaseURL + "/"},
		},
	}
	var newest time.Time
	for _, a := range list {
		updated := publicationTime(a)
		if updated.IsZero() {
			continue // a grade known with no date: Atom needs one
		}
		if updated.After(newest) {
			newest = updated
		}
		fw := n.frameworks[a.Framework]
		summary := "Grade: " + gradeOf(fw, a.Grade).Label
		if a.Headline != "" {
			summary += ". " + a.Headline
		}
		href := s.BaseURL + a.Path()
		feed.Entries = append(feed.Entries, atomEntry{
			ID: href, Title: n.title(a), Link: atomLink{Rel: "alternate", Type: "text/html", Href: href},
			Updated: atomTime(updated), Summary: summary,
		})
	}
	pubs, _, err := s.Store.FindPublications(ctx, store.PublicationFilter{Public: true, Limit: feedLimit})
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, p := range pubs {
		if p.PublishedAt == nil {
			continue
		}
		if p.PublishedAt.After(newest) {
			newest = *p.PublishedAt
		}
		href := s.BaseURL + p.Path()
		summary := p.Kind.Label()
		if p.Summary != "" {
			summary += ". " + p.Summary
		}
		feed.Entries = append(feed.Entries, atomEntry{
			ID: href, Title: p.Title, Link: atomLink{Rel: "alternate", Type: "text/html", Href: href},
			Updated: atomTime(*p.PublishedAt), Summary: summary,
		})
	}
	// Newest first, assessments and publications together (Atom's dates,
	// in UTC, sort as text), and no more than the feed lists.
	slices.SortStableFunc(feed.Entries, func(a, b atomEntry) int { return strings.Compare(b.Updated, a.Updated) })
	feed.Entries = feed.Entries[:min(len(feed.Entries), feedLimit)]
	feed.Updated = atomTime(newest)
	s.writeXML(w, r, "application/atom+xml; charset=utf-8", feed)
}

// publicationTime is when the assessment became public, or, for one
// recorded without that time, the day its page was last updated; zero when
// neither is known.
func publicationTime(a *peel.Assessment) time.Time {
	if a.PublishedAt != nil {
		return *a.PublishedAt
	}
	return a.LastUpdated.Time
}

// atomTime writes t as Atom's dates are written. The zero time, the
// update of a feed with nothing in it, is the epoch: a fixed time, so that
// an empty feed does not look new at each fetch.
func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}

// The sitemaps.org protocol's elements.
type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// sitemapSize is the most addresses one sitemap lists: the protocol's
// limit (a variable for tests).
var sitemapSize = 50000

// handleSitemap is the sitemap index: one sitemap of the site's own pages,
// and, for each cycle, its assessments in sitemaps of at most sitemapSize
// addresses, so that any number of organisations can be listed.
func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	fws, err := s.Store.FindFrameworks(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	index := &sitemapIndex{Sitemaps: []sitemapURL{{Loc: s.BaseURL + "/sitemaps/site.xml"}}}
	for _, fw := range fws {
		_, total, err := s.Store.FindPublicAssessments(ctx, store.PublicFilter{Framework: fw.Slug, Limit: 1})
		if err != nil {
			s.error(w, r, err)
			return
		}
		for n := 1; n <= (total+sitemapSize-1)/sitemapSize; n++ {
			index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: s.BaseURL + "/sitemaps/" + fw.Slug + "/" + strconv.Itoa(n) + ".xml"})
		}
	}
	s.writeXML(w, r, "application/xml; charset=utf-8", index)
}

// handleSiteSitemap lists the site's pages other than assessments: home,
// the forces, the cycles, the public publications, reviews' outcomes and
// recommendations.
func (s *Server) handleSiteSitemap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgs, err := s.Store.FindOrganisations(ctx, store.OrganisationFilter{})
	if err != nil {
		s.error(w, r, err)
		return
	}
	fws, err := s.Store.FindFrameworks(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	set := &sitemapURLSet{}
	for _, p := range []string{"/", "/forces", "/peel-assessments", "/publications", "/recommendations"} {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.BaseURL + p})
	}
	for _, fw := range fws {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.BaseURL + "/peel-assessments/" + fw.Slug})
	}
	for _, o := range orgs {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.BaseURL + "/forces/" + o.Slug})
	}
	pubs, _, err := s.Store.FindPublications(ctx, store.PublicationFilter{Public: true})
	if err != nil {
		s.error(w, r, err)
		return
	}
	outcomes, err := s.Store.FindOutcomes(ctx, store.OutcomeFilter{Public: true})
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, p := range pubs {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.BaseURL + p.Path()})
	}
	for _, o := range outcomes {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.BaseURL + o.Path()})
	}
	recs, _, err := s.Store.FindRecommendations(ctx, store.RecommendationFilter{Public: true})
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, rec := range recs {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.BaseURL + rec.Path()})
	}
	s.writeXML(w, r, "application/xml; charset=utf-8", set)
}

// handleCycleSitemap lists one part of a cycle's assessments that the
// public may see now, with their last-updated dates.
func (s *Server) handleCycleSitemap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	part, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("part"), ".xml"))
	if err != nil || part < 1 || !strings.HasSuffix(r.PathValue("part"), ".xml") {
		s.notFound(w, r)
		return
	}
	fw, err := s.Store.FindFrameworkBySlug(ctx, r.PathValue("framework"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, _, err := s.Store.FindPublicAssessments(ctx, store.PublicFilter{Framework: fw.Slug, Limit: sitemapSize, Offset: (part - 1) * sitemapSize})
	if err != nil {
		s.error(w, r, err)
		return
	} else if len(list) == 0 {
		s.notFound(w, r)
		return
	}
	set := &sitemapURLSet{}
	for _, a := range list {
		u := sitemapURL{Loc: s.BaseURL + a.Path()}
		if !a.LastUpdated.IsZero() {
			u.LastMod = a.LastUpdated.String()
		}
		set.URLs = append(set.URLs, u)
	}
	s.writeXML(w, r, "application/xml; charset=utf-8", set)
}

// writeXML writes v as an XML document, through a buffer as render does.
func (s *Server) writeXML(w http.ResponseWriter, r *http.Request, contentType string, v any) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		s.error(w, r, err)
		return
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", contentType)
	w.Write(buf.Bytes())
}

// handleRobots lets every robot in and says where the sitemap is.
func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("User-agent: *\nAllow: /\n\nSitemap: " + s.BaseURL + "/sitemap.xml\n"))
}
