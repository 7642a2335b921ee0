package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// The cookies of the editor's site. Both are HttpOnly and SameSite=Lax,
// and Secure when the request came over TLS.
const (
	sessionCookie = "peel_session"
	// formCookie holds a random value that the sign-in and set-password
	// forms repeat in a hidden field (a double-submit token): those forms
	// are shown before there is a session to keep a token in.
	formCookie = "peel_form"
	csrfField  = "csrf"
)

// DefaultSessionTTL is how long a sign-in lasts.
const DefaultSessionTTL = 8 * time.Hour

// errCSRF refuses a form that did not come from this site's own page.
var errCSRF = peel.Errorf(peel.EFORBIDDEN, "the form could not be checked: it has expired, or it was not sent from this site. Go back, reload the page and try again")

// signInPage is the sign-in form, with what was typed and what is wrong.
type signInPage struct {
	page
	Email        string
	Errors       []formError
	EmailError   string
	PassError    string
	PasswordSet  bool // the user has just set their password
	FormToken    string
	LockedUntil  string
	SignedInWith string // the address of the session already open, if any
}

type setPasswordPage struct {
	page
	Email     string
	Action    string
	Errors    []formError
	PassError string
	ConfError string
	FormToken string
	MinLength int
}

// noStore marks an answer that depends on who asks: neither the page cache
// nor any browser or proxy may keep it.
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
}

// newSecret returns 32 random bytes as text for a cookie or a field.
func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails: see crypto/rand
	return base64.RawURLEncoding.EncodeToString(b)
}

// setCookie sets one of the editor's cookies; maxAge < 0 deletes it.
func setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", Expires: expires, MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil,
	})
}

// formToken returns the double-submit token of the request's browser,
// setting a new one when it has none.
func formToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) >= 43 {
		return c.Value
	}
	token := newSecret()
	setCookie(w, r, formCookie, token, time.Time{}, 0)
	return token
}

// sameToken compares a form's token in constant time.
func sameToken(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// checkFormToken reports whether a form shown before sign-in came back with
// the token of its browser's cookie.
func checkFormToken(r *http.Request) bool {
	c, err := r.Cookie(formCookie)
	return err == nil && sameToken(r.PostFormValue(csrfField), c.Value)
}

// session returns the request's session, or nil when it has none that is
// current.
func (s *Server) session(r *http.Request) (*peel.Session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	sess, err := s.Store.FindSession(r.Context(), c.Value)
	if peel.ErrorCode(err) == peel.ENOTFOUND {
		return nil, nil
	}
	return sess, err
}

// editorFrame is the frame of an editor's page: the header offers to sign
// in or out.
func (s *Server) editorFrame(r *http.Request, title string, sess *peel.Session) page {
	p := s.page(r, title)
	p.Editor = true
	if sess != nil {
		p.User, p.CSRF = sess.User, sess.CSRF
	}
	if until, on, err := s.readOnly(r); err != nil {
		s.Logger.Error("maintenance window", "err", err) // as page does for its notices
	} else if on {
		p.ReadOnlyUntil = &until
	}
	return p
}

func (s *Server) handleSignInForm(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	sess, err := s.session(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := &signInPage{page: s.editorFrame(r, "Sign in", sess), FormToken: formToken(w, r), PasswordSet: r.URL.Query().Get("password") == "set"}
	if sess != nil {
		data.SignedInWith = sess.User.Email
	}
	s.render(w, r, http.StatusOK, "sign-in.html", data)
}

func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !checkFormToken(r) {
		s.error(w, r, errCSRF)
		return
	}
	data := &signInPage{page: s.editorFrame(r, "Sign in", nil), FormToken: formToken(w, r), Email: strings.TrimSpace(r.PostFormValue("email"))}
	pw := r.PostFormValue("password")
	if data.Email == "" {
		data.EmailError = "Enter your email address"
		data.Errors = append(data.Errors, formError{Href: "#email", Text: data.EmailError})
	}
	if pw == "" {
		data.PassError = "Enter your password"
		data.Errors = append(data.Errors, formError{Href: "#password", Text: data.PassError})
	}
	if data.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "sign-in.html", data)
		return
	}
	u, err := s.Store.SignIn(r.Context(), data.Email, pw, s.SignInPolicy)
	var locked *peel.LockedError
	switch {
	case errors.As(err, &locked):
		data.LockedUntil = locked.Until.UTC().Format("15:04:05 on 2 January 2006") + " (UTC)"
		data.Errors = []formError{{Href: "#email", Text: "There have been too many attempts to sign in with this email address. You can try again after " + data.LockedUntil}}
		w.Header().Set("Retry-After", strconv.Itoa(int(time.Until(locked.Until).Seconds())+1))
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusTooManyRequests, "sign-in.html", data)
		return
	case peel.ErrorCode(err) == peel.EUNAUTHORIZED || peel.ErrorCode(err) == peel.EFORBIDDEN:
		status := http.StatusUnauthorized
		text := "Enter a correct email address and password"
		if peel.ErrorCode(err) == peel.EFORBIDDEN {
			status, text = http.StatusForbidden, "This account has been disabled. Ask an administrator if you still need it"
		}
		data.Errors = []formError{{Href: "#email", Text: text}}
		data.EmailError = text
		data.Title = "Error: " + data.Title
		s.render(w, r, status, "sign-in.html", data)
		return
	case err != nil:
		s.error(w, r, err)
		return
	}
	// A new session, never one the browser brought: a session id fixed
	// beforehand by someone else is worth nothing.
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Store.DeleteSession(r.Context(), c.Value); err != nil {
			s.error(w, r, err)
			return
		}
	}
	token, sess, err := s.Store.CreateSession(r.Context(), u.ID, s.SessionTTL)
	if err != nil {
		s.error(w, r, err)
		return
	}
	setCookie(w, r, sessionCookie, token, sess.ExpiresAt, 0)
	http.Redirect(w, r, "/editor", http.StatusSeeOther)
}

func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	sess, err := s.session(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if sess != nil {
		if !sameToken(r.PostFormValue(csrfField), sess.CSRF) {
			s.error(w, r, errCSRF)
			return
		}
		c, _ := r.Cookie(sessionCookie)
		if err := s.Store.DeleteSession(r.Context(), c.Value); err != nil {
			s.error(w, r, err)
			return
		}
	}
	setCookie(w, r, sessionCookie, "", time.Time{}, -1)
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
}

// setPasswordFrame is the set-password page for the link's token; the
// address, which holds the secret, is not sent on as a referrer.
func (s *Server) setPasswordFrame(w http.ResponseWriter, r *http.Request) (*setPasswordPage, bool) {
	noStore(w)
	w.Header().Set("Referrer-Policy", "no-referrer")
	token := r.PathValue("token")
	u, err := s.Store.FindPasswordToken(r.Context(), token)
	if peel.ErrorCode(err) == peel.ENOTFOUND {
		s.render(w, r, http.StatusNotFound, "error.html", &errorPage{
			page: s.editorFrame(r, "This link has expired or has been used", nil), Status: http.StatusNotFound,
			Message: "Ask an administrator for a new link to set your password.",
		})
		return nil, false
	} else if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return &setPasswordPage{
		page: s.editorFrame(r, "Set your password", nil), Email: u.Email, MinLength: peel.MinPasswordLength,
		Action: "/set-password/" + url.PathEscape(token), FormToken: formToken(w, r),
	}, true
}

func (s *Server) handleSetPasswordForm(w http.ResponseWriter, r *http.Request) {
	if data, ok := s.setPasswordFrame(w, r); ok {
		s.render(w, r, http.StatusOK, "set-password.html", data)
	}
}

func (s *Server) handleSetPassword(w http.ResponseWriter, r *http.Request) {
	if !checkFormToken(r) {
		noStore(w)
		s.error(w, r, errCSRF)
		return
	}
	data, ok := s.setPasswordFrame(w, r)
	if !ok {
		return
	}
	pw, confirm := r.PostFormValue("password"), r.PostFormValue("confirm")
	if err := peel.ValidatePassword(pw); err != nil {
		data.PassError = capitalise(peel.ErrorMessage(err))
		data.Errors = append(data.Errors, formError{Href: "#password", Text: data.PassError})
	} else if confirm != pw {
		data.ConfError = "The passwords do not match"
		data.Errors = append(data.Errors, formError{Href: "#confirm", Text: data.ConfError})
	}
	if data.Errors != nil {
		data.Title = "Error: " + data.Title
		s.render(w, r, http.StatusBadRequest, "set-password.html", data)
		return
	}
	if _, err := s.Store.UsePasswordToken(r.Context(), r.PathValue("token"), pw); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/sign-in?password=set", http.StatusSeeOther)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// apiUser returns the user whose API token the request carries in an
// Authorization: Bearer header, for the API's writes; EUNAUTHORIZED when it
// carries none or one that is not valid.
func (s *Server) apiUser(r *http.Request) (*peel.User, error) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return nil, peel.Errorf(peel.EUNAUTHORIZED, "this needs an API token, sent as Authorization: Bearer TOKEN")
	}
	return s.Store.UserByAPIToken(r.Context(), token)
}
