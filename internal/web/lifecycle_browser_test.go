package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestBrowserLifecycle takes one assessment through its whole life in
// headless Chromium, each step by the role that owns it, through the
// editor's own forms: an inspector drafts it; the Kent liaison comments
// during the factual-accuracy check while Essex's liaison cannot open it;
// a moderator returns it and then approves it; a publisher schedules it a
// few seconds ahead, and it appears on the public site at that second; a
// major correction puts its change note in the page history; and the audit
// log shows every step, by whom.
func TestBrowserLifecycle(t *testing.T) {
	s := accountSiteOn(t, fixture.Store(t))
	for _, u := range append([]*peel.User{
		{Email: "kent@example.org", Role: peel.RoleLiaison, Organisation: "kent"},
		{Email: "essex@example.org", Role: peel.RoleLiaison, Organisation: "essex"},
	}, staff...) {
		addUser(t, s.store, u, samplePassword)
	}
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	ctx := startChromium(t, 120*time.Second)

	const (
		draftView  = "/editor/assessments/peel-2016/kent/legitimacy"
		publicView = "/peel-assessments/peel-2016/kent/legitimacy"
	)
	marker := "Sample lifecycle summary " + strconv.FormatInt(time.Now().UnixNano(), 36) + "."

	open, submit, signIn, signOut := browserTab{ctx, srv.URL}.funcs()
	step := func(t *testing.T, action string, fields map[string]string, want string) {
		t.Helper()
		open(t, draftView, http.StatusOK)
		if text := submit(t, `form[action$="/`+action+`"]`, fields); !strings.Contains(text, want) {
			t.Fatalf("after %s the page reads:\n%s", action, text)
		}
	}
	wantText := func(t *testing.T, what, text string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q; it reads:\n%s", what, w, text)
			}
		}
	}

	t.Run("InspectorDrafts", func(t *testing.T) {
		signIn(t, "inspector@example.org")
		open(t, "/editor/assessments/new", http.StatusOK)
		submit(t, "main form", map[string]string{"organisation": "kent", "cycle": "peel-2016", "pillar": "legitimacy"})
		waitFor(t, ctx, draftView+"/edit")
		text := submit(t, "main form", map[string]string{
			"grade":        "good",
			"summary":      marker + "\n\nA second sample paragraph.",
			"q1-grade":     "good",
			"q1-narrative": "Sample narrative of the first question.",
		})
		wantText(t, "the saved form", text, "Saved as version 2")
		open(t, publicView, http.StatusNotFound) // a draft is not there
		step(t, "send-check", nil, "factual-accuracy check")
		signOut(t)
	})

	t.Run("LiaisonComments", func(t *testing.T) {
		signIn(t, "kent@example.org")
		wantText(t, "Kent's draft, to its liaison", open(t, draftView, http.StatusOK), marker)
		step(t, "comment", map[string]string{"comment-body": "Sample comment from the force: a figure is out of date."}, "a figure is out of date")
		signOut(t)

		signIn(t, "essex@example.org")
		text := open(t, draftView, http.StatusNotFound)
		if strings.Contains(text, marker) {
			t.Errorf("Essex's liaison sees Kent's draft")
		}
		signOut(t)
	})

	t.Run("ModeratorReturnsThenApproves", func(t *testing.T) {
		signIn(t, "inspector@example.org")
		step(t, "moderate", nil, "moderation")
		signOut(t)
		signIn(t, "moderator@example.org")
		step(t, "return", map[string]string{"return-comment": "Sample: say how the grade follows from the findings."}, "say how the grade follows")
		signOut(t)
		signIn(t, "inspector@example.org")
		step(t, "moderate", nil, "moderation")
		signOut(t)
		signIn(t, "moderator@example.org")
		step(t, "approve", nil, "approved")
		signOut(t)
	})

	var at time.Time
	t.Run("PublisherSchedules", func(t *testing.T) {
		signIn(t, "publisher@example.org")
		uk, err := time.LoadLocation("Europe/London")
		if err != nil {
			t.Fatal(err)
		}
		at = time.Now().Add(6 * time.Second).Truncate(time.Second)
		local := at.In(uk)
		step(t, "schedule", map[string]string{
			"publish-at-day": strconv.Itoa(local.Day()), "publish-at-month": strconv.Itoa(int(local.Month())),
			"publish-at-year": strconv.Itoa(local.Year()), "publish-at-time": local.Format("15:04:05"),
		}, "scheduled")
	})

	t.Run("AppearsAtItsTime", func(t *testing.T) {
		if at.IsZero() {
			t.Skip("not scheduled")
		}
		embargoed := 0
		for {
			res, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.URL+publicView))
			now := time.Now()
			if err != nil {
				t.Fatal(err)
			}
			if res.Status == http.StatusOK {
				if now.Before(at) {
					t.Fatalf("public at %v, before its time %v", now, at)
				}
				if embargoed == 0 {
					t.Fatalf("never seen before its time %v: the steps took too long to tell", at)
				}
				break
			}
			embargoed++
			if now.After(at.Add(5 * time.Second)) {
				t.Fatalf("still %d at %v, five seconds after its time %v", res.Status, now, at)
			}
			time.Sleep(200 * time.Millisecond)
		}
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
		wantText(t, "the public page", text, marker)
		// What the server's scheduler does every second (peel serve):
		// record the publication, which the audit log then shows.
		if _, err := s.store.PublishDue(store.WithActor(t.Context(), "scheduler")); err != nil {
			t.Fatal(err)
		}
	})

	const note = "Sample change note: the second paragraph of the summary is corrected."
	t.Run("MajorCorrection", func(t *testing.T) {
		open(t, draftView+"/edit", http.StatusOK)
		text := submit(t, "main form", map[string]string{
			"summary": marker + "\n\nA corrected second sample paragraph.",
			"change":  "major",
			"note":    note,
		})
		wantText(t, "the corrected form", text, "Saved as version")
		text = open(t, publicView+"/history", http.StatusOK)
		wantText(t, "the page history", text, note)
		wantText(t, "the public page", open(t, publicView, http.StatusOK), "A corrected second sample paragraph.")
		signOut(t)
	})

	t.Run("AuditShowsEveryStep", func(t *testing.T) {
		signIn(t, "admin@example.org")
		text := open(t, "/editor/audit?subject="+publicView, http.StatusOK)
		for _, want := range []string{
			"assessment.create", "assessment.send-check", "assessment.comment", "assessment.moderate",
			"assessment.return", "assessment.approve", "assessment.schedule", "assessment.publish",
			"inspector@example.org", "kent@example.org", "moderator@example.org", "publisher@example.org", note,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("the audit log lacks %q", want)
			}
		}
	})
}

// browserTab is a browser's tab on a test server at base.
type browserTab struct {
	ctx  context.Context
	base string
}

// funcs are the tab's open, submit, signIn and signOut, for a test to
// call by their short names.
func (b browserTab) funcs() (func(*testing.T, string, int) string, func(*testing.T, string, map[string]string) string, func(*testing.T, string), func(*testing.T)) {
	return b.open, b.submit, b.signIn, b.signOut
}

// open navigates, checks the status the page answered, and returns the
// text it shows.
func (b browserTab) open(t *testing.T, path string, status int) string {
	t.Helper()
	navigate(t, b.ctx, b.base+path, status)
	text, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func (b browserTab) submit(t *testing.T, form string, fields map[string]string) string {
	t.Helper()
	return submitFields(t, b.ctx, form, fields)
}

// signIn signs in through the form, as the user with samplePassword.
func (b browserTab) signIn(t *testing.T, email string) {
	t.Helper()
	b.open(t, "/sign-in", http.StatusOK)
	b.submit(t, "main form", map[string]string{"email": email, "password": samplePassword})
	waitFor(t, b.ctx, "/editor")
}

// signOut signs out with the editor's button.
func (b browserTab) signOut(t *testing.T) {
	t.Helper()
	b.open(t, "/editor", http.StatusOK) // the editor's pages have the button
	b.submit(t, ".peel-sign-out", nil)
	waitFor(t, b.ctx, "/sign-in")
}

// submitFields fills in the form that the selector finds, sends it as the
// browser does, and waits for the page it leads to.
func submitFields(t *testing.T, ctx context.Context, form string, fields map[string]string) string {
	t.Helper()
	if fields == nil {
		fields = map[string]string{}
	}
	values, _ := json.Marshal(fields)
	sel, _ := json.Marshal(form)
	js := `(() => {
		const form = document.querySelector(` + string(sel) + `);
		if (!form) return 'no form ' + ` + string(sel) + `;
		for (const [name, value] of Object.entries(` + string(values) + `)) {
			const el = form.elements[name];
			if (!el) return 'no field ' + name;
			if (el instanceof RadioNodeList || el.type === 'radio') {
				const radio = [...form.querySelectorAll('input[name="' + name + '"]')].find(r => r.value === value);
				if (!radio) return 'no choice ' + value + ' for ' + name;
				radio.checked = true;
			} else {
				el.value = value;
			}
		}
		window.__leaving = true;
		form.requestSubmit();
		return '';
	})()`
	problem, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatal(err)
	}
	if problem != "" {
		t.Fatalf("%s: %s", form, problem)
	}
	// The next page has loaded when the flag set on this one is gone.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.__leaving && document.readyState === 'complete'`))
		if err == nil && done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no page after sending it", form)
		}
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	return text
}
