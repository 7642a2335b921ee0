package web_test

import (
	"context"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
	"github.com/peel-oss/peel/internal/web"
)

const seedPath = "/peel-assessments/peel-2016/kent/legitimacy"

// site is a server over a fresh store, with its log.
type site struct {
	store   *store.Store
	handler http.Handler
	log     *fixture.Log
	// shift moves the server's clock (Server.Now) ahead of the real one,
	// for the sites accountSiteOn builds: a time.Duration.
	shift atomic.Int64
}

func newSite(tb testing.TB) *site {
	tb.Helper()
	return newSiteAt(tb, "http://localhost:8080")
}

// newSiteAt is newSite with the site's public address.
func newSiteAt(tb testing.TB, baseURL string) *site {
	tb.Helper()
	st := fixture.Store(tb)
	log := &fixture.Log{}
	s, err := web.NewServer(st, slog.New(slog.NewTextHandler(log, nil)), baseURL)
	if err != nil {
		tb.Fatal(err)
	}
	return &site{store: st, handler: s.Handler(), log: log}
}

// importSeed imports the seed page, published or as a draft.
func (s *site) importSeed(tb testing.TB, draft bool) {
	tb.Helper()
	im := &importer.Importer{Store: s.store}
	if _, err := im.Import(context.Background(), fixture.SeedName, fixture.Seed(tb), draft); err != nil {
		tb.Fatal(err)
	}
}

func (s *site) get(tb testing.TB, path string) (*http.Response, string) {
	tb.Helper()
	return s.do(tb, "GET", path)
}

// do answers a request with the method and no body.
func (s *site) do(tb testing.TB, method, path string) (*http.Response, string) {
	tb.Helper()
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

var tagRE = regexp.MustCompile(`<strong class="(govuk-tag[^"]*) peel-grade">([^<]+)</strong>`)

func TestAssessmentView(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, false)
		res, body := s.get(t, seedPath)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		// Every paragraph, question and link of the page is on it.
		for _, line := range strings.Split(fixture.SeedLines(t, 7, 60), "\n") {
			if line == "" || line == "Kent PEEL 2016" || strings.HasPrefix(line, "Last updated") {
				continue
			}
			if !strings.Contains(body, template.HTMLEscapeString(line)) {
				t.Errorf("the page lacks %q", line)
			}
		}
		for _, want := range []string{"Kent PEEL 2016", `<time datetime="2016-12-08">8 December 2016</time>`, "Questions for Legitimacy"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		// The grade tags, in order: the pillar's, then each question's.
		var tags []string
		for _, m := range tagRE.FindAllStringSubmatch(body, -1) {
			tags = append(tags, m[2]+" "+m[1])
		}
		want := []string{
			"Outstanding govuk-tag govuk-tag--green",
			"Outstanding govuk-tag govuk-tag--green",
			"Good govuk-tag govuk-tag--teal",
			"Outstanding govuk-tag govuk-tag--green",
		}
		if strings.Join(tags, "|") != strings.Join(want, "|") {
			t.Errorf("grade tags %q, want %q", tags, want)
		}
		// Each question's number and text head its section.
		for n, q := range []string{"To what extent does the force treat all of the people it serves with fairness and respect?",
			"How well does the force ensure that its workforce behaves ethically and lawfully?"} {
			head := regexp.MustCompile(`<h3 class="govuk-heading-m" id="question-` + string(rune('1'+n)) + `"><span class="govuk-caption-m">Question ` + string(rune('1'+n)) + `</span>` + regexp.QuoteMeta(q) + `</h3>`)
			if !head.MatchString(body) {
				t.Errorf("no heading for question %d", n+1)
			}
		}
		if !strings.Contains(body, "Related publications") {
			t.Errorf("the link of question 2 is not shown as a related publication")
		}
		if !strings.Contains(s.log.String(), "path="+seedPath+" status=200") {
			t.Errorf("no request line in the log:\n%s", s.log)
		}
	})
	t.Run("ErrNotFoundDraft", func(t *testing.T) {
		s := newSite(t)
		s.importSeed(t, true)
		res, body := s.get(t, seedPath)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "Page not found") {
			t.Fatalf("a draft answered %d; want the 404 page", res.StatusCode)
		}
		if strings.Contains(body, "Legitimacy") || strings.Contains(body, "Outstanding") {
			t.Errorf("the 404 page for a draft shows something of it")
		}
		_, home := s.get(t, "/")
		_, force := s.get(t, "/forces/kent")
		if strings.Contains(home+force, seedPath) {
			t.Errorf("a draft is linked from the home or force page")
		}
		_, unknown := s.get(t, "/peel-assessments/peel-2016/kent/effectiveness")
		if body != unknown {
			t.Errorf("a draft's 404 differs from a missing page's, so it leaks that the draft exists")
		}
	})
	t.Run("TrailingSlash", func(t *testing.T) {
		s := newSite(t)
		res, _ := s.get(t, seedPath+"/")
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != seedPath {
			t.Errorf("status %d, location %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

func TestPages(t *testing.T) {
	s := newSite(t)
	s.importSeed(t, false)
	for _, tt := range []struct {
		path     string
		status   int
		contains []string
	}{
		{"/", 200, []string{`href="` + seedPath + `"`, "Kent PEEL 2016: Legitimacy", `href="/forces/kent"`, "Derbyshire Constabulary"}},
		{"/forces", 200, []string{`href="/forces/kent"`, "South East", "Wales"}},
		{"/forces/kent", 200, []string{"Kent Police", `id="peel-2016"`, `href="` + seedPath + `"`, ">Legitimacy</th>"}},
		{"/forces/derbyshire", 200, []string{"No assessment of Derbyshire Constabulary has been published yet."}},
		{"/forces/atlantis", 404, []string{"Page not found"}},
		{"/peel-assessments/peel-2016/atlantis/legitimacy", 404, []string{"Page not found"}},
		{"/no/such/page", 404, []string{"Page not found"}},
		{"/healthz", 200, []string{"ok"}},
	} {
		t.Run(tt.path, func(t *testing.T) {
			res, body := s.get(t, tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			for _, want := range tt.contains {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
		})
	}
	t.Run("CycleRedirect", func(t *testing.T) {
		res, _ := s.get(t, "/peel-assessments/peel-2016/kent/")
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/forces/kent#peel-2016" {
			t.Errorf("status %d, location %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

func TestNotices(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	hour := time.Hour
	at := func(d time.Duration) *time.Time { t := time.Now().Add(d); return &t }
	for _, n := range []*peel.Notice{
		{Title: "Sample notice now", Body: "Shown while its window is open.", From: at(-hour), Until: at(hour)},
		{Title: "Sample notice past", Body: "Its window has closed.", Until: at(-hour)},
		{Title: "Sample notice future", Body: "Its window has not opened.", From: at(hour)},
	} {
		if err := s.store.CreateNotice(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{"/", "/forces", "/no/such/page"} {
		_, body := s.get(t, path)
		if !strings.Contains(body, `class="govuk-notification-banner"`) || !strings.Contains(body, "Sample notice now") {
			t.Errorf("%s: no banner for the active notice", path)
		}
		if strings.Contains(body, "Sample notice past") || strings.Contains(body, "Sample notice future") {
			t.Errorf("%s: a notice outside its window is shown", path)
		}
	}
}

func TestGradeOnly(t *testing.T) {
	s := newSite(t)
	g := &peel.Assessment{Organisation: "durham", Framework: "peel-2016", Pillar: "efficiency", Grade: "good",
		Status: peel.StatusPublished, Source: "https://sample.example/durham"}
	if _, err := s.store.ImportGrades(context.Background(), []*peel.Assessment{g}, false); err != nil {
		t.Fatal(err)
	}
	res, body := s.get(t, g.Path())
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`href="https://sample.example/durham"`, "Only the grade of this assessment is held here", ">Good</strong>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(body, "Last updated") || strings.Contains(body, "Questions for") {
		t.Errorf("a grade-only page shows a date or questions it does not have")
	}
	if _, force := s.get(t, "/forces/durham"); !strings.Contains(force, `href="`+g.Path()+`"`) {
		t.Errorf("the force page does not link the grade")
	}

	// With its questions' grades too, still no findings.
	pillar := peel.GradedItem{Organisation: "durham", Framework: "peel-2016", Pillar: "legitimacy", Grade: "good"}
	question := pillar
	question.Question = 1
	if _, err := s.store.ImportGradedItems(context.Background(), []peel.GradedItem{pillar, question}, false); err != nil {
		t.Fatal(err)
	}
	_, body = s.get(t, pillar.Path())
	if !strings.Contains(body, "Only the grades of this assessment are held here") || !strings.Contains(body, "Question 1") {
		t.Errorf("a page of a pillar's and a question's grades does not say it holds only grades, or lacks the question")
	}
}

// TestForcePillarOrder checks a force's columns follow the framework's
// order of pillars, whichever cycle assessed which.
func TestForcePillarOrder(t *testing.T) {
	s := newSite(t)
	var grades []*peel.Assessment
	for _, g := range []struct{ fw, pillar string }{{"peel-2014", "efficiency"}, {"peel-2016", "legitimacy"}, {"peel-2016", "effectiveness"}} {
		grades = append(grades, &peel.Assessment{Organisation: "durham", Framework: g.fw, Pillar: g.pillar, Grade: "good", Status: peel.StatusPublished})
	}
	if _, err := s.store.ImportGrades(context.Background(), grades, false); err != nil {
		t.Fatal(err)
	}
	_, body := s.get(t, "/forces/durham")
	heads := regexp.MustCompile(`<th scope="col" class="govuk-table__header">([^<]+)</th>`).FindAllStringSubmatch(body, -1)
	var got []string
	for _, h := range heads {
		got = append(got, h[1])
	}
	if strings.Join(got, ",") != "Cycle,Effectiveness,Efficiency,Legitimacy" {
		t.Errorf("columns %v", got)
	}
	if i, j := strings.Index(body, `id="peel-2016"`), strings.Index(body, `id="peel-2014"`); i < 0 || j < 0 || i > j {
		t.Errorf("the cycles are not newest first")
	}
}

// TestWithdrawn checks a withdrawn assessment's page stays, with a banner
// that gives the reason.
func TestWithdrawn(t *testing.T) {
	s := newSite(t)
	s.importSeed(t, false)
	const reason = "Sample reason: this sample assessment was withdrawn for a test."
	if _, err := s.store.Withdraw(context.Background(), peel.Operator(), "peel-2016", "kent", "legitimacy", reason); err != nil {
		t.Fatal(err)
	}
	res, body := s.get(t, seedPath)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the withdrawn page answers %d, want 200", res.StatusCode)
	}
	for _, want := range []string{`id="withdrawn-title">Withdrawn</h2>`, "This assessment has been withdrawn.", reason, "Questions for Legitimacy"} {
		if !strings.Contains(body, want) {
			t.Errorf("the withdrawn page lacks %q", want)
		}
	}
	if _, history := s.get(t, seedPath+"/history/1"); strings.Contains(history, "withdrawn-title") {
		t.Errorf("an old version shows the current page's withdrawal banner")
	}
}
