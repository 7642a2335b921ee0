package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

const editorSeedPath = "/editor/assessments/peel-2016/kent/legitimacy"

// editorSite is accountSite with the seed page as a draft, copies of it as
// drafts for Essex and Durham, and liaisons for Kent and Essex.
func editorSite(tb testing.TB) *site {
	tb.Helper()
	return editorSiteOn(tb, fixture.Store(tb))
}

// editorSiteOn is editorSite over the store given.
func editorSiteOn(tb testing.TB, st *store.Store) *site {
	tb.Helper()
	s := accountSiteOn(tb, st)
	s.importSeed(tb, true)
	copySeed(tb, s.store, "essex", "durham")
	addUser(tb, s.store, &peel.User{Email: "kent@example.org", Role: peel.RoleLiaison, Organisation: "kent"}, samplePassword)
	addUser(tb, s.store, &peel.User{Email: "essex@example.org", Role: peel.RoleLiaison, Organisation: "essex"}, samplePassword)
	return s
}

// copySeed copies the seed's Kent assessment, as it is stored, to other
// forces.
func copySeed(tb testing.TB, st *store.Store, forces ...string) {
	tb.Helper()
	ctx := context.Background()
	fw, err := st.FindFrameworkBySlug(ctx, "peel-2016")
	if err != nil {
		tb.Fatal(err)
	}
	for _, org := range forces {
		a, err := st.FindAssessment(ctx, "peel-2016", "kent", "legitimacy")
		if err != nil {
			tb.Fatal(err)
		}
		a.ID, a.Organisation = 0, org
		if _, err := st.ImportAssessment(ctx, a, fw.Pillar("legitimacy")); err != nil {
			tb.Fatal(err)
		}
	}
}

// sendToCheck sends the seed's Kent assessment out for the check.
func sendToCheck(tb testing.TB, s *site) {
	tb.Helper()
	if _, err := s.store.SendToCheck(context.Background(), peel.Operator(), "peel-2016", "kent", "legitimacy"); err != nil {
		tb.Fatal(err)
	}
}

// stepAction is the start of the form of a step on the seed's read view.
func stepAction(action string) string {
	return `<form method="post" action="` + editorSeedPath + `/` + action + `"`
}

// rows counts the rows of the editor's table of assessments.
func rows(page string) int { return strings.Count(page, `<tr class="govuk-table__row">`) - 1 }

func TestEditorList(t *testing.T) {
	s := editorSite(t)
	sendToCheck(t, s)
	inspector := newBrowser(s)
	inspector.signIn(t, "inspector@example.org", samplePassword)

	t.Run("SignedOut", func(t *testing.T) {
		for _, path := range []string{"/editor", "/editor?status=draft", editorSeedPath} {
			res, _ := newBrowser(s).do(t, "GET", path, nil)
			wantRedirect(t, res, "/sign-in")
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s: Cache-Control %q", path, cc)
			}
		}
	})

	t.Run("Inspector", func(t *testing.T) {
		res, page := inspector.do(t, "GET", "/editor", nil)
		wantStatus(t, res, page, http.StatusOK)
		if n := rows(page); n != 3 {
			t.Errorf("%d rows, want 3:\n%s", n, page)
		}
		for _, want := range []string{"Kent Police", "Essex Police", "Durham Constabulary", ">Draft</strong>", ">Factual-accuracy check</strong>", "PEEL 2016", "Legitimacy", `href="` + editorSeedPath + `"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the list lacks %q", want)
			}
		}
	})

	t.Run("Filters", func(t *testing.T) {
		for _, tt := range []struct {
			query string
			rows  int
			want  string
		}{
			{"status=draft", 2, `<option value="draft" selected>`},
			{"status=check", 1, `href="` + editorSeedPath + `"`},
			{"force=essex", 1, `<option value="essex" selected>`},
			{"cycle=peel-2016&pillar=legitimacy", 3, `<option value="legitimacy" selected>`},
			{"cycle=peel-2017", 0, "no assessments for you to work on with the filters chosen"},
			{"pillar=efficiency&status=draft", 0, `href="/editor">Clear filters`},
		} {
			res, page := inspector.do(t, "GET", "/editor?"+tt.query, nil)
			wantStatus(t, res, page, http.StatusOK)
			if n := rows(page); max(n, 0) != tt.rows || !strings.Contains(page, tt.want) {
				t.Errorf("?%s: %d rows, want %d with %q", tt.query, n, tt.rows, tt.want)
			}
		}
		res, page := inspector.do(t, "GET", "/editor?status=lost", nil)
		wantStatus(t, res, page, http.StatusBadRequest)
	})

	t.Run("Paging", func(t *testing.T) {
		res, page := inspector.do(t, "GET", "/editor?per_page=2", nil)
		wantStatus(t, res, page, http.StatusOK)
		if n := rows(page); n != 2 || !strings.Contains(page, "Showing assessments 1 to 2 of 3") || !strings.Contains(page, `href="/editor?page=2&amp;per_page=2"`) {
			t.Errorf("page 1: %d rows:\n%s", n, page)
		}
		res, page = inspector.do(t, "GET", "/editor?per_page=2&page=2", nil)
		wantStatus(t, res, page, http.StatusOK)
		if n := rows(page); n != 1 || !strings.Contains(page, "Showing assessments 3 to 3 of 3") {
			t.Errorf("page 2: %d rows", n)
		}
		res, page = inspector.do(t, "GET", "/editor?per_page=2&page=3", nil)
		wantStatus(t, res, page, http.StatusNotFound)
	})

	t.Run("Liaison", func(t *testing.T) {
		kent := newBrowser(s)
		kent.signIn(t, "kent@example.org", samplePassword)
		res, page := kent.do(t, "GET", "/editor", nil)
		wantStatus(t, res, page, http.StatusOK)
		if n := rows(page); n != 1 || !strings.Contains(page, "Kent Police") || strings.Contains(page, ">Draft</strong>") {
			t.Errorf("Kent's liaison sees %d rows:\n%s", n, page)
		}
		essex := newBrowser(s)
		essex.signIn(t, "essex@example.org", samplePassword)
		res, page = essex.do(t, "GET", "/editor", nil)
		wantStatus(t, res, page, http.StatusOK)
		if rows(page) > 0 || strings.Contains(page, editorSeedPath) {
			t.Errorf("Essex's liaison sees another force's or a draft:\n%s", page)
		}
		res, page = essex.do(t, "GET", editorSeedPath, nil)
		wantStatus(t, res, page, http.StatusNotFound)
		_, missing := essex.do(t, "GET", "/editor/assessments/peel-2016/kent/no-such-pillar", nil)
		if page != missing {
			t.Errorf("another force's assessment answers otherwise than a missing one")
		}
	})
}

func TestEditorAssessment(t *testing.T) {
	s := editorSite(t)
	inspector := newBrowser(s)
	inspector.signIn(t, "inspector@example.org", samplePassword)

	t.Run("Draft", func(t *testing.T) {
		res, page := inspector.do(t, "GET", editorSeedPath, nil)
		wantStatus(t, res, page, http.StatusOK)
		for _, want := range []string{"Kent Police: Legitimacy", "PEEL 2016", ">Draft</strong>", "There are no comments.",
			`href="` + editorSeedPath + `/edit">Edit the content</a>`, stepAction("send-check"), ">Send for the force&#39;s factual-accuracy check</button>",
			stepAction("moderate"), stepAction("comment"), stepAction("assign"), "Question 1:"} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(page, "Approve") {
			t.Error("an inspector is offered to approve")
		}
	})

	t.Run("Check", func(t *testing.T) {
		sendToCheck(t, s)
		if _, err := s.store.AddComment(context.Background(), &peel.User{ID: 1, Email: "kent@example.org", Role: peel.RoleLiaison, Organisation: "kent"},
			"peel-2016", "kent", "legitimacy", "The figure for 2016 is wrong."); err != nil {
			t.Fatal(err)
		}
		kent := newBrowser(s)
		kent.signIn(t, "kent@example.org", samplePassword)
		res, page := kent.do(t, "GET", editorSeedPath, nil)
		wantStatus(t, res, page, http.StatusOK)
		for _, want := range []string{">Factual-accuracy check</strong>", "The figure for 2016 is wrong.", "kent@example.org, <time", stepAction("comment")} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(page, "Edit the content") || strings.Contains(page, "Send to moderation") || strings.Contains(page, stepAction("assign")) {
			t.Error("a liaison is offered a step that is not theirs")
		}
		res, page = inspector.do(t, "GET", editorSeedPath, nil)
		wantStatus(t, res, page, http.StatusOK)
		for _, want := range []string{"The figure for 2016 is wrong.", stepAction("redraft"), stepAction("moderate")} {
			if !strings.Contains(page, want) {
				t.Errorf("the inspector's page lacks %q", want)
			}
		}
	})
}
