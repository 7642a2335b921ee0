package web_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
)

// TestBrowser loads the public pages in headless Chromium: it audits them
// with axe-core against WCAG 2.2 AA, and checks what a reader of an
// assessment sees, reaches first with the keyboard, and gets on paper.
//
// Without Chromium or node_modules/axe-core the test skips, and without
// the built styles its audit and font check do, unless
// PEEL_BROWSER_TESTS=required (as in CI), when they fail instead.
// PEEL_CHROMIUM names the browser; PEEL_SCREENSHOTS a folder to keep the
// screenshot in.
func TestBrowser(t *testing.T) {
	axePath, err := findAxe()
	if err != nil {
		unavailable(t, "browser test: %v", err)
	}
	axeSource, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}

	s := newSite(t)
	s.importSeed(t, false)
	s.importChanged(t, "exceptionally", "remarkably") // a second version, for the page history
	// An approved copy of the seed, whose read view has the most forms
	// (before the grades, which are loaded where nothing is stored).
	approved, err := s.store.FindAssessment(context.Background(), "peel-2016", "kent", "legitimacy")
	if err != nil {
		t.Fatal(err)
	}
	approved.ID, approved.Organisation, approved.Status, approved.PublishedAt = 0, "essex", peel.StatusApproved, nil
	fw, err := s.store.FindFrameworkBySlug(context.Background(), "peel-2016")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.ImportAssessment(context.Background(), approved, fw.Pillar("legitimacy")); err != nil {
		t.Fatal(err)
	}
	// The published grades too, so that the cycle, force and compare pages
	// draw their charts.
	if err := reference.LoadGrades(context.Background(), s.store); err != nil {
		t.Fatal(err)
	}
	if err := s.store.CreateNotice(context.Background(), &peel.Notice{
		Title: "Sample notice",
		Body:  "The site will be unavailable on Saturday morning while it is updated.",
	}); err != nil {
		t.Fatal(err)
	}
	// A user who signs in, an administrator, so that every editor page is
	// theirs to see; and one with a link to set a password.
	for _, u := range []*peel.User{{Email: "editor@example.org", Role: peel.RoleAdministrator}, {Email: "new@example.org", Role: peel.RoleInspector}} {
		if err := s.store.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.store.SetPassword(context.Background(), "editor@example.org", browserPassword); err != nil {
		t.Fatal(err)
	}
	// A draft with every kind of content, and a summary whose stated grade
	// the editorial checks warn of, for its edit form.
	// (Leadership: no grade of 2016 is published for it.) The same
	// content published for Durham, for the public page's findings.
	question := &peel.Question{Number: 1, Text: "How well does the force lead its sample work?"}
	for _, org := range []string{"essex", "durham"} {
		a := &peel.Assessment{Organisation: org, Framework: "peel-2016", Pillar: "leadership", Status: peel.StatusDraft,
			Headline: "How well led is the force?", Grade: "outstanding", Summary: []string{"The force is good at its sample work."},
			Judgments: []*peel.Judgment{{Number: 1, Question: question.Text, Grade: "good", CarriedOver: "peel-2015",
				Body: []peel.Block{{Paragraph: "A sample paragraph."}, {Link: &peel.Link{Title: "A sample link", Href: "https://example.org/sample"}}}}},
			Improvements: []string{"A sample area for improvement."},
			Concerns:     []*peel.Concern{{Text: "A sample cause of concern.", Recommendations: []string{"A sample recommendation."}}},
		}
		if org == "durham" {
			a.Status, a.Grade, a.LastUpdated = peel.StatusPublished, "good", peel.Date{Time: time.Date(2017, 3, 2, 0, 0, 0, 0, time.UTC)}
		}
		if _, err := s.store.ImportAssessment(context.Background(), a, &peel.Pillar{Slug: "leadership", Name: "Leadership", Questions: []*peel.Question{question}}); err != nil {
			t.Fatal(err)
		}
	}
	link, _, err := s.store.CreatePasswordToken(context.Background(), "new@example.org", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// A published review with Kent's outcome, which the seed page links to;
	// and a withdrawn publication, under its banner.
	s.sampleAbuseReview(t)
	if _, err := s.store.ImportPublication(context.Background(), &peel.Publication{Slug: "sample-overview", Title: "Sample overview", Kind: peel.KindNationalOverview,
		Summary: "A sample summary.", Body: []string{"A sample paragraph."}, Links: []peel.Link{{Title: "Sample link"}}}); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"abuse-review", "sample-overview"} {
		if _, err := s.store.PublishPublication(context.Background(), slug, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.store.WithdrawPublication(context.Background(), "sample-overview", "A sample reason."); err != nil {
		t.Fatal(err)
	}
	// A recommendation to all forces in the review, with Kent's update.
	rec := &peel.Recommendation{Text: "Every force should start a sample plan.", Theme: "sample-plans", IssuedIn: "abuse-review", AllForces: true, Due: peel.Date{Time: time.Date(2031, 6, 30, 0, 0, 0, 0, time.UTC)}}
	if err := s.store.SaveRecommendations(context.Background(), []*peel.Recommendation{rec}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.AddEntry(context.Background(), &peel.User{Role: peel.RoleLiaison, Organisation: "kent"}, rec.ID, "kent", &peel.Entry{Kind: peel.EntryProgress,
		Status: peel.RecBeingProgressed, Comment: "A sample note.", Evidence: []string{"https://example.org/sample", "A sample document."}}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	// Without the built styles a page is drawn in the browser's defaults,
	// not as readers get it, so its audit means little (axe then finds the
	// force list's links too close together to tap, for one).
	styled := servesStyles(t, srv.URL)

	ctx := startChromium(t, 120*time.Second)

	open := func(t *testing.T, path string, status int) {
		t.Helper()
		navigate(t, ctx, srv.URL+path, status)
	}

	// pages are a page of every type, with the status each answers.
	pages := []struct {
		name, path string
		status     int
	}{
		{"Home", "/", http.StatusOK},
		{"Forces", "/forces", http.StatusOK},
		{"Force", "/forces/kent", http.StatusOK},
		{"Assessment", seedPath, http.StatusOK},
		{"AssessmentFindings", "/peel-assessments/peel-2016/durham/leadership", http.StatusOK},
		{"Search", "/search?q=" + seedWord(t, "refuges") + "&force=kent", http.StatusOK},
		{"SearchNoResults", "/search?q=zzyzx", http.StatusOK},
		{"History", seedPath + "/history", http.StatusOK},
		{"OldVersion", seedPath + "/history/1", http.StatusOK},
		{"Cycles", "/peel-assessments", http.StatusOK},
		{"Cycle", "/peel-assessments/peel-2016", http.StatusOK},
		{"CyclePaged", "/peel-assessments/peel-2016?per_page=10&page=2", http.StatusOK},
		{"Compare", "/compare?organisation=kent&organisation=essex&organisation=durham&organisation=surrey", http.StatusOK},
		{"CompareError", "/compare?organisation=kent", http.StatusBadRequest},
		{"NotFound", "/no/such/page", http.StatusNotFound},
		{"Publications", "/publications", http.StatusOK},
		{"Review", "/publications/abuse-review", http.StatusOK},
		{"Outcome", outcomePath, http.StatusOK},
		{"PublicationHistory", "/publications/abuse-review/history", http.StatusOK},
		{"SearchPublications", "/search?q=Kent+plan", http.StatusOK},
		{"WithdrawnPublication", "/publications/sample-overview", http.StatusOK},
		{"Responses", "/responses", http.StatusOK},
		{"ResponsesFiltered", "/responses?status=due&organisation=kent", http.StatusOK},
		{"Recommendations", "/recommendations?force=kent", http.StatusOK},
		{"Recommendation", "/recommendations/1", http.StatusOK},
		{"SignIn", "/sign-in", http.StatusOK},
		{"SetPassword", "/set-password/" + link, http.StatusOK},
	}

	// audit runs axe-core on the page open in the browser.
	audit := func(t *testing.T, path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axeSource))); err != nil {
			t.Fatalf("loading axe-core: %v", err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResults](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe.run: %v", err)
		}
		if res.Passes == 0 {
			t.Errorf("axe-core checked nothing on %s", path)
		}
		for _, v := range res.Violations {
			t.Errorf("%s: %s (%s, %d element(s)): %s\n\tfirst: %s %s\n\t%s\n\t%s",
				path, v.ID, v.Impact, v.Nodes, v.Help, v.Target, v.HTML, v.Summary, v.HelpURL)
		}
		if len(res.Incomplete) > 0 {
			t.Logf("%s: for a person to review: %s", path, strings.Join(res.Incomplete, ", "))
		}
		keepScreenshot(t, ctx, path)
	}

	t.Run("Axe", func(t *testing.T) {
		if !styled {
			unavailable(t, "the styles are not built (make build): the pages are not audited")
		}
		for _, tt := range pages {
			t.Run(tt.name, func(t *testing.T) {
				open(t, tt.path, tt.status)
				audit(t, tt.path)
			})
		}
	})

	t.Run("SignIn", func(t *testing.T) {
		// Signing in and out through the forms, as a browser without
		// JavaScript sends them, with their tokens and cookies.
		open(t, "/sign-in", http.StatusOK)
		submit := `document.getElementById('email').value = 'editor@example.org';
			document.getElementById('password').value = '` + browserPassword + `';
			document.querySelector('main form').requestSubmit()`
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](submit)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "/editor")
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "editor@example.org") || !strings.Contains(text, "administrator") {
			t.Errorf("the editor page after signing in reads:\n%s", text)
		}
		if styled {
			// The editor's pages, audited while signed in: the list,
			// filtered, an assessment's read view with its step forms
			// (published, and approved), the notices, the form to add
			// one, the audit log, the create form, a draft's edit form
			// with the checks' warnings, and the responses with the form
			// recording one.
			audit(t, "/editor")
			for _, path := range []string{"/editor?cycle=peel-2016&status=published", "/editor/assessments/peel-2016/kent/legitimacy",
				"/editor/assessments/peel-2016/essex/legitimacy", "/editor/notices", "/editor/notices/new", "/editor/audit",
				"/editor/assessments/new", "/editor/assessments/peel-2016/essex/leadership/edit", "/editor/assessments/peel-2016/essex/leadership",
				"/editor/responses", "/editor/responses/record?organisation=kent&report=" + url.QueryEscape(seedPath),
				"/editor/recommendations", "/editor/recommendations/new", "/editor/recommendations/1", "/editor/recommendations/1/kent",
				"/editor/publications", "/editor/publications/new", "/editor/publications/abuse-review", "/editor/publications/abuse-review/edit",
				"/editor/publications/abuse-review/outcomes/kent",
				"/editor/recommendations/stale"} {
				open(t, path, http.StatusOK)
				audit(t, path)
			}
			// The response's form sent back with its errors: nothing in it.
			open(t, "/editor/responses/record?organisation=kent&report="+url.QueryEscape(seedPath), http.StatusOK)
			submitForm(t, ctx, `form[action="/editor/responses/record"]`)
			waitFor(t, ctx, "/editor/responses/record")
			audit(t, "the response form with errors")
			// A step's form sent back with an error: the schedule's date
			// left empty.
			open(t, "/editor/assessments/peel-2016/essex/legitimacy", http.StatusOK)
			submitForm(t, ctx, `form[action$="/schedule"]`)
			waitFor(t, ctx, "/editor/assessments/peel-2016/essex/legitimacy/schedule")
			audit(t, "the schedule form with an error")
			// The answer to a write while the editor is read-only.
			from, until := time.Now().Add(-time.Minute), time.Now().Add(time.Hour)
			maintenance := &peel.Notice{Title: "Sample maintenance", Body: "The editor is read-only for a while.", MaintenanceFrom: &from, MaintenanceUntil: &until}
			if err := s.store.CreateNotice(context.Background(), maintenance); err != nil {
				t.Fatal(err)
			}
			open(t, "/editor/assessments/peel-2016/essex/legitimacy", http.StatusOK)
			audit(t, "the read view during maintenance")
			submitForm(t, ctx, `form[action$="/publish"]`)
			waitFor(t, ctx, "/editor/assessments/peel-2016/essex/legitimacy/publish")
			audit(t, "the read-only page")
			if err := s.store.DeleteNotice(context.Background(), maintenance.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('.peel-sign-out button').click()`)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "/sign-in")
		open(t, "/editor", http.StatusOK) // sent on to sign in
		waitFor(t, ctx, "/sign-in")
	})

	t.Run("Narrow", func(t *testing.T) {
		// On a phone's width, a page never scrolls sideways: wide tables
		// scroll inside their own box.
		if !styled {
			unavailable(t, "the styles are not built (make build): the pages are not laid out")
		}
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 320, Height: 800, DeviceScaleFactor: 1, Mobile: true}); err != nil {
			t.Fatal(err)
		}
		defer chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		for _, tt := range pages {
			t.Run(tt.name, func(t *testing.T) {
				open(t, tt.path, tt.status)
				over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if over > 0 {
					t.Errorf("%s is %d px wider than a 320 px screen", tt.path, over)
				}
			})
		}
	})

	t.Run("Assessment", func(t *testing.T) {
		open(t, seedPath, http.StatusOK)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[readerView](readerViewJS))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ what, got, want string }{
			{"heading", got.H1, "Legitimacy"},
			{"caption", got.Caption, "Kent PEEL 2016"},
			{"first grade", got.FirstGrade, "Outstanding"},
			{"notice", got.NoticeHeading, "Sample notice"},
		} {
			if c.got != c.want {
				t.Errorf("the %s reads %q, want %q", c.what, c.got, c.want)
			}
		}
		if !got.NoticeVisible {
			t.Errorf("the notification banner is not shown")
		}

		t.Run("Font", func(t *testing.T) {
			if !styled {
				unavailable(t, "the styles are not built (make build): the font is not checked")
			}
			// GOV.UK's font is for GOV.UK only; peel.scss sets system fonts.
			// GOV.UK Frontend sets no font on body itself, so the text's
			// own elements are checked too.
			for what, family := range map[string]string{
				"body": got.Fonts.Body, "heading": got.Fonts.H1, "paragraph": got.Fonts.Paragraph, "grade": got.Fonts.Grade,
			} {
				if strings.Contains(family, "GDS Transport") {
					t.Errorf("the %s's font is %s", what, family)
				}
				if what != "body" && !strings.HasPrefix(family, "system-ui") {
					t.Errorf("the %s's font is %q, not peel's system fonts: are the styles applied?", what, family)
				}
			}
		})

		t.Run("Screenshot", func(t *testing.T) {
			dir := os.Getenv("PEEL_SCREENSHOTS")
			if dir == "" {
				dir = t.TempDir()
			} else if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			// Quality 100 asks for PNG; any other quality gives JPEG.
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "assessment.png")
			if err := os.WriteFile(file, buf, 0o644); err != nil {
				t.Fatal(err)
			}
			if len(buf) < 20<<10 {
				t.Errorf("%s: %d bytes, too small to show the page", file, len(buf))
			}
			img, err := png.DecodeConfig(bytes.NewReader(buf))
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			if img.Width != 1280 {
				t.Errorf("%s is %d pixels wide, want 1280", file, img.Width)
			}
			t.Logf("%s: %dx%d, %d KB", file, img.Width, img.Height, len(buf)>>10)
		})
	})

	t.Run("Keyboard", func(t *testing.T) {
		open(t, seedPath, http.StatusOK)
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[focusView](focusViewJS))
		if err != nil {
			t.Fatal(err)
		}
		if !got.SkipLink {
			t.Fatalf("the first Tab focuses %s, not the skip link", got.Focused)
		}
		if got.Href != "#main-content" || !got.TargetExists {
			t.Errorf("the skip link goes to %q; main-content exists: %v", got.Href, got.TargetExists)
		}
		if !got.Visible {
			t.Errorf("the focused skip link is not visible")
		}
	})

	t.Run("Print", func(t *testing.T) {
		open(t, seedPath, http.StatusOK)
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		defer chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]bool](printViewJS))
		if err != nil {
			t.Fatal(err)
		}
		if !got["h1"] {
			t.Errorf("the heading is hidden in print")
		}
		t.Logf("shown in print: %v", got)
	})
}

// navigate opens the address in the browser and checks the status it
// answered.
func navigate(t *testing.T, ctx context.Context, url string, status int) {
	t.Helper()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	if res == nil || res.Status != int64(status) {
		t.Fatalf("%s: no response with status %d: %+v", url, status, res)
	}
}

// startChromium starts headless Chromium for the test and returns its tab.
// It is bounded by timeout, so that a hung browser fails the test rather
// than the run; the browser is closed when the test ends, before
// t.TempDir removes its profile.
func startChromium(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	chromium, err := findChromium()
	if err != nil {
		unavailable(t, "browser test: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is small in containers
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelTab := chromedp.NewContext(ctx)
	// Cleanups run last added first: the tab, then the browser.
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancelTab)

	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	t.Logf("%s started in %v", chromium, time.Since(start).Round(time.Millisecond))
	return ctx
}

// unavailable skips the test for want of something it needs, or fails it
// when PEEL_BROWSER_TESTS=required, so that CI never passes by skipping.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("PEEL_BROWSER_TESTS") == "required" {
		t.Fatalf(format+" (PEEL_BROWSER_TESTS=required)", args...)
	}
	t.Skipf(format+" (set PEEL_BROWSER_TESTS=required to fail instead)", args...)
}

// findChromium returns $PEEL_CHROMIUM, else Debian's chromium, else a
// chromium on PATH.
func findChromium() (string, error) {
	if p := os.Getenv("PEEL_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", errors.New("PEEL_CHROMIUM: " + err.Error())
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium: set PEEL_CHROMIUM, or install chromium")
}

// findAxe returns node_modules/axe-core/axe.min.js in the test's folder or
// one above it, up to the module's root.
func findAxe() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		_, err := os.Stat(filepath.Join(dir, "go.mod"))
		parent := filepath.Dir(dir)
		if err == nil || parent == dir {
			return "", errors.New("no node_modules/axe-core/axe.min.js: run npm ci")
		}
		dir = parent
	}
}

// servesStyles reports whether the site serves its built stylesheet.
func servesStyles(t *testing.T, site string) bool {
	t.Helper()
	res, err := http.Get(site + "/static/peel.css")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// axeRun audits the page against WCAG 2.0, 2.1 and 2.2, levels A and AA.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
.then(r => ({
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.length,
		target: JSON.stringify(v.nodes[0].target), html: v.nodes[0].html, summary: v.nodes[0].failureSummary || '',
	})),
	passes: r.passes.length,
	incomplete: r.incomplete.map(v => v.id),
}))`

type axeResults struct {
	Violations []struct {
		ID      string `json:"id"`
		Impact  string `json:"impact"`
		Help    string `json:"help"`
		HelpURL string `json:"helpUrl"`
		Nodes   int    `json:"nodes"`
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"violations"`
	Passes     int      `json:"passes"`
	Incomplete []string `json:"incomplete"`
}

// readerViewJS reads the assessment page as it is drawn: innerText is the
// text shown, and checkVisibility is false for what CSS hides.
const readerViewJS = `(() => {
	const q = s => document.querySelector(s);
	const text = s => q(s) ? q(s).innerText.trim() : '';
	const font = s => q(s) ? getComputedStyle(q(s)).fontFamily : '';
	const banner = q('.govuk-notification-banner');
	return {
		h1: text('main h1'),
		caption: text('main .govuk-caption-l'),
		firstGrade: text('main .peel-grade'),
		noticeHeading: text('.govuk-notification-banner__heading'),
		noticeVisible: !!banner && banner.checkVisibility(),
		fonts: {body: font('body'), h1: font('main h1'), paragraph: font('main p.govuk-body'), grade: font('main .peel-grade')},
	};
})()`

type readerView struct {
	H1            string `json:"h1"`
	Caption       string `json:"caption"`
	FirstGrade    string `json:"firstGrade"`
	NoticeHeading string `json:"noticeHeading"`
	NoticeVisible bool   `json:"noticeVisible"`
	Fonts         struct {
		Body      string `json:"body"`
		H1        string `json:"h1"`
		Paragraph string `json:"paragraph"`
		Grade     string `json:"grade"`
	} `json:"fonts"`
}

// focusViewJS describes the focused element.
const focusViewJS = `(() => {
	const el = document.activeElement;
	const box = el.getBoundingClientRect();
	return {
		focused: el.outerHTML.slice(0, 200),
		skipLink: el.classList.contains('govuk-skip-link'),
		href: el.getAttribute('href') || '',
		targetExists: !!document.getElementById('main-content'),
		visible: el.checkVisibility() && box.width > 1 && box.height > 1,
	};
})()`

type focusView struct {
	Focused      string `json:"focused"`
	SkipLink     bool   `json:"skipLink"`
	Href         string `json:"href"`
	TargetExists bool   `json:"targetExists"`
	Visible      bool   `json:"visible"`
}

// printViewJS reports which parts of the page print media shows.
const printViewJS = `(() => {
	const shown = s => {
		const el = document.querySelector(s);
		if (!el || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
		const box = el.getBoundingClientRect();
		return box.width > 1 && box.height > 1;
	};
	return {
		h1: shown('main h1'),
		caption: shown('main .govuk-caption-l'),
		grade: shown('main .peel-grade'),
		notice: shown('.govuk-notification-banner'),
		header: shown('header'),
		navigation: shown('.govuk-service-navigation'),
		breadcrumbs: shown('.govuk-breadcrumbs'),
		footer: shown('footer'),
	};
})()`

const browserPassword = "sample password of some length"

// submitForm sends the page's form that the selector finds.
func submitForm(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('`+selector+`').requestSubmit()`)); err != nil {
		t.Fatal(err)
	}
}

// waitFor waits until the browser has loaded the page at path.
func waitFor(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var err error
		got, err = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + ' ' + document.readyState`))
		if err == nil && got == path+" complete" {
			return
		}
	}
	t.Fatalf("the browser is at %q, not at %s", got, path)
}

// keepScreenshot saves the whole page as PNG in the PEEL_SCREENSHOTS
// folder, if one is named, for a person to look at: named by its address,
// such as editor-publications-new.png.
func keepScreenshot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	dir := os.Getenv("PEEL_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(path), "-"), "-")
	if name == "" {
		name = "home"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}
