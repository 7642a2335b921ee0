package web_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
	"github.com/peel-oss/peel/internal/web"
)

const samplePassword = "sample password of some length"

// accountSite is a site with an inspector who has a password, and a
// sign-in policy that locks after three failures.
func accountSite(tb testing.TB) *site {
	tb.Helper()
	return accountSiteOn(tb, fixture.Store(tb))
}

// accountSiteOn is accountSite over the store given.
func accountSiteOn(tb testing.TB, st *store.Store) *site {
	tb.Helper()
	log := &fixture.Log{}
	s, err := web.NewServer(st, slog.New(slog.NewTextHandler(log, nil)), "http://localhost:8080")
	if err != nil {
		tb.Fatal(err)
	}
	s.SignInPolicy = store.SignInPolicy{SlowAfter: 100, LockAfter: 3, LockFor: time.Hour}
	addUser(tb, st, &peel.User{Email: "inspector@example.org", Role: peel.RoleInspector}, samplePassword)
	out := &site{store: st, log: log}
	s.Now = func() time.Time { return time.Now().Add(time.Duration(out.shift.Load())) }
	out.handler = s.Handler()
	return out
}

func addUser(tb testing.TB, st *store.Store, u *peel.User, pw string) {
	tb.Helper()
	ctx := context.Background()
	if err := st.CreateUser(ctx, u); err != nil {
		tb.Fatal(err)
	}
	if pw != "" {
		if err := st.SetPassword(ctx, u.Email, pw); err != nil {
			tb.Fatal(err)
		}
	}
}

// browser keeps cookies across requests to a site, as a browser does.
type browser struct {
	s       *site
	cookies map[string]*http.Cookie
	tls     bool
	header  http.Header // sent with every request
}

func newBrowser(s *site) *browser {
	return &browser{s: s, cookies: map[string]*http.Cookie{}, header: http.Header{}}
}

func (b *browser) do(tb testing.TB, method, path string, form url.Values) (*http.Response, string) {
	tb.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	if b.tls {
		req.TLS = &tls.ConnectionState{}
	}
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	rec := httptest.NewRecorder()
	b.s.handler.ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	out, _ := io.ReadAll(res.Body)
	return res, string(out)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// formToken is the csrf field of a page's last form: the page's own, after
// the header's sign-out form.
func formToken(tb testing.TB, page string) string {
	tb.Helper()
	m := csrfRE.FindAllStringSubmatch(page, -1)
	if m == nil {
		tb.Fatalf("no csrf field in the page:\n%s", page)
	}
	return m[len(m)-1][1]
}

// signIn fills in the sign-in form and sends it.
func (b *browser) signIn(tb testing.TB, email, pw string) (*http.Response, string) {
	tb.Helper()
	res, page := b.do(tb, "GET", "/sign-in", nil)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET /sign-in: status %d", res.StatusCode)
	}
	return b.do(tb, "POST", "/sign-in", url.Values{"csrf": {formToken(tb, page)}, "email": {email}, "password": {pw}})
}

func wantStatus(tb testing.TB, res *http.Response, body string, status int) {
	tb.Helper()
	if res.StatusCode != status {
		tb.Fatalf("status %d, want %d:\n%s", res.StatusCode, status, body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		tb.Errorf("Cache-Control %q, want no-store", cc)
	}
}

func wantRedirect(tb testing.TB, res *http.Response, location string) {
	tb.Helper()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != location {
		tb.Fatalf("status %d to %q, want 303 to %q", res.StatusCode, res.Header.Get("Location"), location)
	}
}

func TestSignIn(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		b := newBrowser(accountSite(t))
		res, page := b.do(t, "GET", "/sign-in", nil)
		wantStatus(t, res, page, http.StatusOK)
		for _, want := range []string{"<h1 class=\"govuk-heading-l\">Sign in</h1>", `href="/sign-in">Sign in</a>`, `autocomplete="current-password"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the sign-in page lacks %q", want)
			}
		}
		res, body := b.signIn(t, "Inspector@example.org", samplePassword)
		wantRedirect(t, res, "/editor")
		c := b.cookies["peel_session"]
		if c == nil || len(c.Value) < 43 || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure || c.Expires.IsZero() {
			t.Fatalf("session cookie %+v (%s)", c, body)
		}
		res, page = b.do(t, "GET", "/editor", nil)
		wantStatus(t, res, page, http.StatusOK)
		for _, want := range []string{"inspector@example.org", "Signed in as inspector@example.org, inspector.", `action="/sign-out"`, "Sign out</button>"} {
			if !strings.Contains(page, want) {
				t.Errorf("the editor page lacks %q", want)
			}
		}
		if strings.Contains(page, `href="/sign-in">Sign in</a>`) {
			t.Error("the editor page offers to sign in to someone signed in")
		}
	})
	t.Run("TLS", func(t *testing.T) {
		b := newBrowser(accountSite(t))
		b.tls = true
		res, _ := b.signIn(t, "inspector@example.org", samplePassword)
		wantRedirect(t, res, "/editor")
		for _, name := range []string{"peel_session", "peel_form"} {
			if c := b.cookies[name]; c == nil || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("cookie %s over TLS: %+v", name, c)
			}
		}
	})
	t.Run("NewSession", func(t *testing.T) {
		s := accountSite(t)
		b := newBrowser(s)
		b.signIn(t, "inspector@example.org", samplePassword)
		first := b.cookies["peel_session"].Value
		b.signIn(t, "inspector@example.org", samplePassword)
		if second := b.cookies["peel_session"].Value; second == first {
			t.Fatal("signing in again keeps the session id")
		}
		if _, err := s.store.FindSession(context.Background(), first); peel.ErrorCode(err) != peel.ENOTFOUND {
			t.Errorf("the session before signing in again still works: %v", err)
		}
	})
	t.Run("WrongPassword", func(t *testing.T) {
		s := accountSite(t)
		for _, email := range []string{"inspector@example.org", "nobody@example.org"} {
			b := newBrowser(s)
			res, page := b.signIn(t, email, "wrong password of some length")
			wantStatus(t, res, page, http.StatusUnauthorized)
			for _, want := range []string{"govuk-error-summary", "Enter a correct email address and password", `value="` + email + `"`, "<title>Error: Sign in"} {
				if !strings.Contains(page, want) {
					t.Errorf("%s: the page lacks %q", email, want)
				}
			}
			if b.cookies["peel_session"] != nil {
				t.Errorf("%s: a session cookie after a wrong password", email)
			}
		}
	})
	t.Run("Missing", func(t *testing.T) {
		b := newBrowser(accountSite(t))
		res, page := b.signIn(t, "", "")
		wantStatus(t, res, page, http.StatusBadRequest)
		for _, want := range []string{`<a href="#email">Enter your email address</a>`, `<a href="#password">Enter your password</a>`} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
	})
	t.Run("Disabled", func(t *testing.T) {
		s := accountSite(t)
		if err := s.store.DisableUser(context.Background(), "inspector@example.org"); err != nil {
			t.Fatal(err)
		}
		b := newBrowser(s)
		res, page := b.signIn(t, "inspector@example.org", samplePassword)
		wantStatus(t, res, page, http.StatusForbidden)
		if !strings.Contains(page, "This account has been disabled") || b.cookies["peel_session"] != nil {
			t.Errorf("a disabled user signing in gets a session, or is not told:\n%s", page)
		}
	})
	t.Run("Locked", func(t *testing.T) {
		b := newBrowser(accountSite(t))
		for i := 1; i < 3; i++ {
			res, page := b.signIn(t, "inspector@example.org", "wrong password of some length")
			wantStatus(t, res, page, http.StatusUnauthorized)
		}
		until := time.Now().Add(time.Hour).UTC()
		for _, pw := range []string{"wrong password of some length", samplePassword} {
			res, page := b.signIn(t, "inspector@example.org", pw)
			wantStatus(t, res, page, http.StatusTooManyRequests)
			for _, want := range []string{"too many attempts to sign in with this email address", "locked until " + until.Format("15:04"), until.Format("2 January 2006") + " (UTC)"} {
				if !strings.Contains(page, want) {
					t.Errorf("the locked page lacks %q:\n%s", want, page)
				}
			}
			if res.Header.Get("Retry-After") == "" || b.cookies["peel_session"] != nil {
				t.Errorf("locked: Retry-After %q, session %v", res.Header.Get("Retry-After"), b.cookies["peel_session"])
			}
		}
	})
}

func TestEditorNeedsSession(t *testing.T) {
	b := newBrowser(accountSite(t))
	res, body := b.do(t, "GET", "/editor", nil)
	wantRedirect(t, res, "/sign-in")
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q (%s)", cc, body)
	}
	b.cookies["peel_session"] = &http.Cookie{Name: "peel_session", Value: "made-up"}
	res, _ = b.do(t, "GET", "/editor", nil)
	wantRedirect(t, res, "/sign-in")
}

func TestSignOut(t *testing.T) {
	s := accountSite(t)
	b := newBrowser(s)
	b.signIn(t, "inspector@example.org", samplePassword)
	session := b.cookies["peel_session"].Value
	_, page := b.do(t, "GET", "/editor", nil)
	res, body := b.do(t, "POST", "/sign-out", url.Values{"csrf": {formToken(t, page)}})
	wantRedirect(t, res, "/sign-in")
	if b.cookies["peel_session"] != nil {
		t.Errorf("the session cookie is kept after signing out (%s)", body)
	}
	// The session is gone from the database, not just from the browser.
	if _, err := s.store.FindSession(context.Background(), session); peel.ErrorCode(err) != peel.ENOTFOUND {
		t.Errorf("the session works after signing out: %v", err)
	}
	b.cookies["peel_session"] = &http.Cookie{Name: "peel_session", Value: session}
	res, _ = b.do(t, "GET", "/editor", nil)
	wantRedirect(t, res, "/sign-in")
}

// TestCSRF sends every form of the editor's site without its token, with a
// wrong one, and from another site: each is refused with 403 and changes
// nothing.
func TestCSRF(t *testing.T) {
	s := accountSite(t)
	addUser(t, s.store, &peel.User{Email: "new@example.org", Role: peel.RoleModerator}, "")
	link, _, err := s.store.CreatePasswordToken(context.Background(), "new@example.org", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	signedIn := newBrowser(s)
	signedIn.signIn(t, "inspector@example.org", samplePassword)
	forms := []struct {
		name, path string
		fields     url.Values
	}{
		{"SignIn", "/sign-in", url.Values{"email": {"inspector@example.org"}, "password": {samplePassword}}},
		{"SetPassword", "/set-password/" + link, url.Values{"password": {samplePassword}, "confirm": {samplePassword}}},
		{"SignOut", "/sign-out", url.Values{}},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			for _, tt := range []struct {
				name   string
				token  string
				header string
			}{
				{"NoToken", "", ""},
				{"WrongToken", "wrong-token-wrong-token-wrong-token-wrong-token", ""},
				{"CrossSite", "page", "cross-site"},
			} {
				b := newBrowser(s)
				for k, v := range signedIn.cookies {
					b.cookies[k] = v
				}
				_, page := b.do(t, "GET", "/editor", nil)
				fields := url.Values{}
				for k, v := range f.fields {
					fields[k] = v
				}
				switch tt.token {
				case "page": // the right token: only the browser's header is wrong
					if f.name == "SignOut" {
						fields.Set("csrf", formToken(t, page))
					} else {
						fields.Set("csrf", b.cookies["peel_form"].Value)
					}
				case "":
				default:
					fields.Set("csrf", tt.token)
				}
				if tt.header != "" {
					b.header.Set("Sec-Fetch-Site", tt.header)
				}
				res, body := b.do(t, "POST", f.path, fields)
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s: status %d, want 403:\n%s", tt.name, res.StatusCode, body)
				}
			}
		})
	}
	// Nothing was done: the session works, and the link sets a password.
	if res, _ := signedIn.do(t, "GET", "/editor", nil); res.StatusCode != http.StatusOK {
		t.Errorf("after the refused sign-out, /editor answers %d", res.StatusCode)
	}
	if _, err := s.store.FindPasswordToken(context.Background(), link); err != nil {
		t.Errorf("after the refused forms, the link to set a password: %v", err)
	}
}

func TestSetPassword(t *testing.T) {
	s := accountSite(t)
	addUser(t, s.store, &peel.User{Email: "new@example.org", Role: peel.RoleModerator}, "")
	link, _, err := s.store.CreatePasswordToken(context.Background(), "new@example.org", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(s)
	path := "/set-password/" + link
	res, page := b.do(t, "GET", path, nil)
	wantStatus(t, res, page, http.StatusOK)
	if res.Header.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(page, "new@example.org") {
		t.Errorf("Referrer-Policy %q; page:\n%s", res.Header.Get("Referrer-Policy"), page)
	}
	token := formToken(t, page)
	for _, tt := range []struct {
		password, confirm, want string
	}{
		{"short", "short", "A password must be 12 characters or more"},
		{samplePassword, samplePassword + "x", "The passwords do not match"},
	} {
		res, page := b.do(t, "POST", path, url.Values{"csrf": {token}, "password": {tt.password}, "confirm": {tt.confirm}})
		wantStatus(t, res, page, http.StatusBadRequest)
		if !strings.Contains(page, tt.want) || !strings.Contains(page, "govuk-error-summary") {
			t.Errorf("the page does not say %q:\n%s", tt.want, page)
		}
	}
	res, _ = b.do(t, "POST", path, url.Values{"csrf": {token}, "password": {samplePassword}, "confirm": {samplePassword}})
	wantRedirect(t, res, "/sign-in?password=set")
	res, page = b.do(t, "GET", "/sign-in?password=set", nil)
	if !strings.Contains(page, "Your password is set") {
		t.Errorf("the sign-in page does not say the password is set:\n%s", page)
	}
	res, _ = b.signIn(t, "new@example.org", samplePassword)
	wantRedirect(t, res, "/editor")
	// The link works once.
	res, page = b.do(t, "GET", path, nil)
	wantStatus(t, res, page, http.StatusNotFound)
	if !strings.Contains(page, "This link has expired or has been used") {
		t.Errorf("a used link:\n%s", page)
	}
}

// TestPublicPagesSameForAll checks a signed-in user gets the public pages
// as everyone does: they are cached and shared.
func TestPublicPagesSameForAll(t *testing.T) {
	s := accountSite(t)
	signedIn := newBrowser(s)
	signedIn.signIn(t, "inspector@example.org", samplePassword)
	for _, path := range []string{"/", "/forces", "/no/such/page"} {
		res, public := newBrowser(s).do(t, "GET", path, nil)
		res2, mine := signedIn.do(t, "GET", path, nil)
		if public != mine || res.StatusCode != res2.StatusCode {
			t.Errorf("%s differs for a signed-in user", path)
		}
		if strings.Contains(public, "Sign in") || strings.Contains(public, "Sign out") || len(res.Cookies()) > 0 {
			t.Errorf("%s: a public page offers to sign in or out, or sets a cookie", path)
		}
	}
}
