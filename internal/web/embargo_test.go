package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
)

// embargoed is an assessment kept from the public, with a word of its own
// in its narrative.
type embargoed struct {
	force, title, path, word string
}

// TestEmbargo puts a word of its own into assessments in each status that
// is not public (a draft, one out for its factual-accuracy check, one in
// moderation, one approved) and into one scheduled a moment ahead, and looks
// for each word, and each assessment's address, on every public route:
// nothing of the first four ever, nothing of the scheduled one before its
// time, and the scheduled one everywhere right after, with no write in
// between (the clock alone makes it public).
func TestEmbargo(t *testing.T) {
	s := newSite(t)
	s.importSeed(t, false)
	ctx := context.Background()
	draft := embargoed{force: "essex", title: "Essex", path: "/peel-assessments/peel-2016/essex/legitimacy", word: "Zanzibarquux"}
	inCheck := embargoed{force: "cumbria", title: "Cumbria", path: "/peel-assessments/peel-2016/cumbria/legitimacy", word: "Chequerflux"}
	inModeration := embargoed{force: "dorset", title: "Dorset", path: "/peel-assessments/peel-2016/dorset/legitimacy", word: "Moderatrix"}
	approved := embargoed{force: "gwent", title: "Gwent", path: "/peel-assessments/peel-2016/gwent/legitimacy", word: "Approvalith"}
	scheduled := embargoed{force: "surrey", title: "Surrey", path: "/peel-assessments/peel-2016/surrey/legitimacy", word: "Quagmirevex"}
	never := []embargoed{draft, inCheck, inModeration, approved}
	for _, e := range append(never, scheduled) {
		page := fixture.Seed(t)
		page = bytes.Replace(page, []byte("Kent PEEL 2016"), []byte(e.title+" PEEL 2016"), 1)
		page = bytes.Replace(page, []byte(seedWord(t, "exceptionally")), []byte(e.word), -1)
		if _, err := (&importer.Importer{Store: s.store}).Import(ctx, e.force+".txt", page, true); err != nil {
			t.Fatal(err)
		}
	}
	// Each along its way, as the operator may take it.
	op := peel.Operator()
	steps := map[string][]func(ctx context.Context, u *peel.User, framework, organisation, pillar string) (*peel.Assessment, error){
		inCheck.force:      {s.store.SendToCheck},
		inModeration.force: {s.store.SendToModeration},
		approved.force:     {s.store.SendToModeration, s.store.Approve},
		scheduled.force:    {s.store.SendToModeration, s.store.Approve},
	}
	for force, list := range steps {
		for _, step := range list {
			if _, err := step(ctx, op, "peel-2016", force, "legitimacy"); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Far enough ahead that every route is asked before it, under the
	// race detector too.
	at := time.Now().Add(5 * time.Second)
	if _, err := s.store.PublishAssessment(ctx, "peel-2016", scheduled.force, "legitimacy", &at); err != nil {
		t.Fatal(err)
	}

	routes := func(e embargoed) []string {
		return []string{
			"/", "/forces", "/forces/" + e.force, "/peel-assessments", "/peel-assessments/peel-2016", "/peel-assessments/peel-2016?per_page=500",
			"/compare?organisation=kent&organisation=" + e.force, "/search?q=" + e.word, "/search?q=" + e.word + "&force=" + e.force,
			e.path, e.path + "/history", e.path + "/history/1", e.path + "/history/2",
			"/feed.atom", "/sitemap.xml", "/sitemaps/site.xml", "/sitemaps/peel-2016/1.xml",
			"/data/judgments.csv", "/data/judgments.json", "/data/judgments.csv?organisation=" + e.force,
			"/api/v1/assessments?per_page=1000", "/api/v1/assessments?organisation=" + e.force,
			"/api/v1/assessments/peel-2016/" + e.force + "/legitimacy", "/api/v1/changes?since=2000-01-01T00:00:00Z",
			"/responses", "/responses?organisation=" + e.force, "/data/responses.csv", "/api/v1/responses?per_page=1000", "/api/v1/responses?organisation=" + e.force,
		}
	}
	// missing is what an address answers that never had a page, with the
	// address put back: an embargoed page must answer exactly that.
	missing := func(path string) string {
		other := strings.Replace(path, "/legitimacy", "/no-such-pillar", 1)
		_, body := s.get(t, other)
		return strings.ReplaceAll(body, "no-such-pillar", "legitimacy")
	}
	leaks := func(e embargoed) []string {
		var found []string
		for _, path := range routes(e) {
			res, body := s.get(t, path)
			if res.StatusCode == http.StatusNotFound && strings.HasPrefix(path, e.path) || strings.HasPrefix(path, "/api/v1/assessments/") {
				if res.StatusCode != http.StatusNotFound {
					found = append(found, path+" answers "+res.Status)
				} else if !strings.HasPrefix(path, "/api/") && body != missing(path) {
					found = append(found, path+" answers unlike a page that never was")
				}
				continue
			}
			shown := e.word
			if strings.HasPrefix(path, "/search") {
				shown = "<mark>" + e.word // the page says what was searched for
			}
			if strings.Contains(body, shown) {
				found = append(found, path+" shows "+e.word)
			}
			if strings.Contains(body, e.path) {
				found = append(found, path+" names "+e.path)
			}
		}
		return found
	}

	for _, e := range append(never, scheduled) {
		if found := leaks(e); len(found) > 0 {
			t.Errorf("%s, before the scheduled time:\n%s", e.force, strings.Join(found, "\n"))
		}
	}

	time.Sleep(time.Until(at) + 50*time.Millisecond)
	for _, e := range never {
		if found := leaks(e); len(found) > 0 {
			t.Errorf("%s, after the scheduled time:\n%s", e.force, strings.Join(found, "\n"))
		}
	}
	// The scheduled assessment is everywhere it belongs, at once.
	for path, want := range map[string]string{
		scheduled.path:                    scheduled.word,
		"/search?q=" + scheduled.word:     scheduled.path,
		"/forces/" + scheduled.force:      scheduled.path,
		"/peel-assessments/peel-2016":     scheduled.path,
		"/feed.atom":                      scheduled.path,
		"/sitemaps/peel-2016/1.xml":       scheduled.path,
		"/data/judgments.csv":             scheduled.path,
		"/api/v1/assessments?per_page=50": scheduled.path,
		"/api/v1/assessments/peel-2016/" + scheduled.force + "/legitimacy": scheduled.word,
		"/api/v1/changes?since=2000-01-01T00:00:00Z":                       scheduled.path,
		"/responses?organisation=" + scheduled.force:                       scheduled.path,
		"/data/responses.csv":                                              scheduled.path,
		"/api/v1/responses?per_page=1000":                                  scheduled.path,
	} {
		res, body := s.get(t, path)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("after its time, %s answers %d without %s", path, res.StatusCode, want)
		}
	}
}

// TestPublicationEmbargo puts words of its own into a draft review and a
// review scheduled a moment ahead, with an outcome each, and looks for
// them, and the reviews' addresses, on every public route: nothing of the
// draft ever, nothing of the scheduled one before its time, and the
// scheduled one everywhere right after, with no write in between. The
// scheduled one is titled as the seed page's link names Kent's review, so
// the seed page must link to it from its time and not before.
func TestPublicationEmbargo(t *testing.T) {
	s := newSite(t)
	s.importSeed(t, false)
	ctx := context.Background()
	type review struct{ slug, title, word, narrative string }
	recPaths := map[string][]string{} // each review's recommendation's page and API address
	draft := review{"draft-review", "Draftwordzz review", "Draftsumqq", "Draftnarrxx"}
	scheduled := review{"scheduled-review", "Abuse of position assessment", "Schedsumqq", "Schednarrxx"}
	for _, r := range []review{draft, scheduled} {
		p := &peel.Publication{Slug: r.slug, Title: r.title, Kind: peel.KindFollowUpReview, Summary: "Sample " + r.word + ".",
			Organisations: []string{"kent"}, Scale: []*peel.Grade{{Slug: "sample", Label: "Sample point"}}}
		if _, err := s.store.ImportPublication(ctx, p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.store.ImportOutcomes(ctx, []*peel.Outcome{{Publication: r.slug, Organisation: "kent", Grade: "sample", Narrative: []string{"Sample " + r.narrative + "."}}}); err != nil {
			t.Fatal(err)
		}
		rec := &peel.Recommendation{Text: "Sample " + r.word + " recommendation.", Theme: "sample-" + strings.ToLower(r.narrative), IssuedIn: r.slug, AllForces: true}
		if err := s.store.SaveRecommendations(ctx, []*peel.Recommendation{rec}); err != nil {
			t.Fatal(err)
		}
		recPaths[r.slug] = []string{rec.Path(), "/api/v1" + rec.Path()}
	}
	// Far enough ahead that every route is asked before it, under the
	// race detector too.
	at := time.Now().Add(5 * time.Second)
	if _, err := s.store.PublishPublication(ctx, scheduled.slug, &at); err != nil {
		t.Fatal(err)
	}

	routes := func(r review) []string {
		return []string{
			"/", "/forces/kent", "/publications", "/publications?per_page=100", seedPath, "/search?q=" + r.word, "/search?q=" + r.narrative + "&force=kent",
			"/publications/" + r.slug, "/publications/" + r.slug + "/kent",
			"/feed.atom", "/sitemap.xml", "/sitemaps/site.xml", "/data/publications.json", "/data/outcomes.csv", "/data/outcomes.csv?organisation=kent",
			"/api/v1/publications", "/api/v1/publications?organisation=kent", "/api/v1/publications?kind=follow-up-review",
			"/api/v1/publications/" + r.slug,
			"/responses", "/responses?organisation=kent", "/data/responses.csv", "/api/v1/responses", "/api/v1/responses?organisation=kent",
			"/recommendations", "/recommendations?force=kent", "/recommendations?status=awaiting-review",
			"/data/recommendations.csv", "/data/recommendations.json?force=kent", "/api/v1/recommendations", "/api/v1/recommendations?force=kent",
		}
	}
	leaks := func(r review) []string {
		var found []string
		for _, path := range recPaths[r.slug] {
			res, body := s.get(t, path)
			never := path[:strings.LastIndex(path, "/")] + "/999999"
			_, missing := s.get(t, never)
			if res.StatusCode != http.StatusNotFound {
				found = append(found, path+" answers "+res.Status)
			} else if body != strings.ReplaceAll(missing, "999999", path[strings.LastIndex(path, "/")+1:]) {
				found = append(found, path+" answers unlike an address that never had a page")
			}
		}
		for _, path := range routes(r) {
			res, body := s.get(t, path)
			if strings.Contains(path, r.slug) {
				never := strings.Replace(path, r.slug, "no-such-review", 1)
				_, missing := s.get(t, never)
				if res.StatusCode != http.StatusNotFound {
					found = append(found, path+" answers "+res.Status)
				} else if body != strings.ReplaceAll(missing, "no-such-review", r.slug) {
					found = append(found, path+" answers unlike an address that never had a page")
				}
				continue
			}
			for _, word := range []string{r.word, r.narrative, "/publications/" + r.slug} {
				if strings.HasPrefix(path, "/search") && strings.Contains(path, word) {
					word = "<mark>" + word // the page says what was searched for
				}
				if strings.Contains(body, word) {
					found = append(found, path+" shows "+word)
				}
			}
		}
		return found
	}
	for _, r := range []review{draft, scheduled} {
		if found := leaks(r); len(found) > 0 {
			t.Errorf("%s, before the scheduled time:\n%s", r.slug, strings.Join(found, "\n"))
		}
	}

	time.Sleep(time.Until(at) + 50*time.Millisecond)
	if found := leaks(draft); len(found) > 0 {
		t.Errorf("the draft, after the scheduled time:\n%s", strings.Join(found, "\n"))
	}
	pub, outcome := "/publications/"+scheduled.slug, "/publications/"+scheduled.slug+"/kent"
	for path, want := range map[string][]string{
		pub:                                      {scheduled.word, outcome},
		outcome:                                  {scheduled.narrative},
		seedPath:                                 {`href="` + outcome + `"`},
		"/publications":                          {pub},
		"/feed.atom":                             {pub},
		"/sitemaps/site.xml":                     {pub, outcome, recPaths[scheduled.slug][0]},
		"/data/publications.json":                {scheduled.word, scheduled.narrative},
		"/data/outcomes.csv":                     {scheduled.narrative, outcome},
		"/api/v1/publications":                   {pub},
		"/api/v1/publications?organisation=kent": {pub},
		"/api/v1/publications/" + scheduled.slug: {scheduled.word, scheduled.narrative},
		"/search?q=" + scheduled.narrative:       {pub},
		"/responses":                             {pub},
		"/data/responses.csv":                    {pub},
		"/api/v1/responses":                      {pub},
		"/forces/kent":                           {pub, outcome, recPaths[scheduled.slug][0]},
		"/recommendations":                       {scheduled.word, recPaths[scheduled.slug][0]},
		recPaths[scheduled.slug][0]:              {scheduled.word, pub},
		recPaths[scheduled.slug][1]:              {scheduled.word},
		"/data/recommendations.csv":              {scheduled.word},
		"/data/recommendations.json":             {scheduled.word},
		"/api/v1/recommendations?force=kent":     {scheduled.word},
	} {
		res, body := s.get(t, path)
		for _, w := range want {
			if res.StatusCode != http.StatusOK || !strings.Contains(body, w) {
				t.Errorf("after its time, %s answers %d without %s", path, res.StatusCode, w)
			}
		}
	}
}
