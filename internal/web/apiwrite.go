package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The API's writes, and its reads of what only a token holder may see.
// Each acts as the user whose API token the request carries
// (Authorization: Bearer TOKEN, from peel token add): the store checks
// that user's role, and the audit log records the change as theirs.

// apiMaxBody bounds a write's body: an assessment with its whole narrative
// is some tens of kilobytes.
const apiMaxBody = 1 << 20

// apiHandler is a handler of the API for a token holder: it answers, or
// returns the error to answer with.
type apiHandler func(w http.ResponseWriter, r *http.Request, u *peel.User) error

// apiToken serves h to the holder of a valid API token, and answers
// anyone else 401 with WWW-Authenticate: Bearer. Its answers are for one
// user: no-store, so that no cache keeps them (the page cache does not see
// requests that carry Authorization). h's error is answered as
// problem+json by apiError.
func (s *Server) apiToken(h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		u, err := s.apiUser(r)
		if err == nil {
			err = h(w, r, u)
		}
		if err != nil {
			s.apiError(w, r, err)
		}
	}
}

// apiWrite serves a write of the API: h, to the holder of a valid API
// token (as apiToken), with the request's body bounded. Every write of
// the API goes through here.
func (s *Server) apiWrite(h apiHandler) http.HandlerFunc {
	return s.apiToken(func(w http.ResponseWriter, r *http.Request, u *peel.User) error {
		// During a maintenance window the API's writes are refused as the
		// editor's are: 503, and Retry-After when the window ends.
		if until, on, err := s.readOnly(r); err != nil {
			return err
		} else if on {
			w.Header().Set("Retry-After", strconv.Itoa(retrySeconds(until.Sub(s.Now()))))
			return &requestError{http.StatusServiceUnavailable, peel.Errorf(peel.EUNAVAILABLE,
				"the site is read-only for maintenance until %s: nothing was changed; try again then", until.UTC().Format(time.RFC3339))}
		}
		r.Body = http.MaxBytesReader(w, r.Body, apiMaxBody)
		return h(w, r, u)
	})
}

// requestError is a fault of the request itself rather than of what it
// asks for, with the status that tells it: a body that is not the JSON
// described (400), or a write without the version it was read at (428).
type requestError struct {
	status int
	err    *peel.Error
}

func (e *requestError) Error() string { return e.err.Error() }
func (e *requestError) Unwrap() error { return e.err }

func badRequest(format string, args ...any) error {
	return &requestError{http.StatusBadRequest, peel.Errorf(peel.EINVALID, format, args...)}
}

// conflictProblem is a refused save's problem, with the assessment as
// stored now, so that the client can redo its change on it and lose
// nothing.
type conflictProblem struct {
	problem
	Current *peel.Assessment `json:"current"`
}

// apiError answers a write's error as problem+json: a bad request 400,
// content the store refuses (a grade not on the scale) 422, a missing
// version 428, a stale one 409 with the assessment as stored now; the
// other codes as everywhere (errorStatus).
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status := s.logError(w, r, err)
	var re *requestError
	var ce *store.ConflictError
	switch {
	case errors.As(err, &re):
		status = re.status
	case peel.ErrorCode(err) == peel.EINVALID:
		status = http.StatusUnprocessableEntity
	case peel.ErrorCode(err) == peel.EUNAUTHORIZED:
		challenge := `Bearer realm="peel"`
		if r.Header.Get("Authorization") != "" {
			challenge += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
	}
	p := problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: peel.ErrorMessage(err), Code: peel.ErrorCode(err)}
	if errors.As(err, &ce) {
		s.writeJSON(w, r, status, "application/problem+json", conflictProblem{p, ce.Current})
		return
	}
	s.writeJSON(w, r, status, "application/problem+json", p)
}

// readBody reads the request's body: one JSON object and nothing after
// it. A body too big, or not JSON, is a bad request.
func readBody(r *http.Request) (map[string]json.RawMessage, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := strings.Cut(ct, ";"); !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
			return nil, &requestError{http.StatusUnsupportedMediaType, peel.Errorf(peel.EINVALID, "Content-Type: send the body as application/json, not %s", mt)}
		}
	}
	data, err := io.ReadAll(r.Body)
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		return nil, &requestError{http.StatusRequestEntityTooLarge, peel.Errorf(peel.EINVALID, "the body is over %d bytes", mbe.Limit)}
	} else if err != nil {
		return nil, badRequest("the body could not be read: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil {
		return nil, badRequest("the body is not a JSON object: %s", jsonProblem(err, int64(len(data))))
	} else if m == nil {
		return nil, badRequest("the body is not a JSON object: null")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, badRequest("the body has more after its JSON object, at byte %d: send one object", dec.InputOffset())
	}
	return m, nil
}

// readInput reads the body, what names it, into an input I (one the
// editor's form also gives) and returns what make makes of it, checked as
// the form is: a field at fault is EINVALID, named.
func readInput[I, T any](r *http.Request, what string, make func(I, *form) T) (T, error) {
	var zero T
	m, err := readBody(r)
	if err != nil {
		return zero, err
	}
	var in I
	if err := decodeMembers(m, what, &in); err != nil {
		return zero, err
	}
	var f form
	v := make(in, &f)
	if err := f.problem(); err != nil {
		return zero, err
	}
	return v, nil
}

// jsonProblem says what is wrong with JSON, and where.
func jsonProblem(err error, offset int64) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("%s, at byte %d", strings.TrimPrefix(se.Error(), "json: "), se.Offset)
	case errors.As(err, &te):
		what := fmt.Sprintf("%s %s where %s goes", article(te.Value), te.Value, jsonKind(te.Type.Kind().String()))
		if te.Field != "" {
			return te.Field + ": " + what
		}
		return what
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("it ends early, at byte %d", offset)
	}
	return peel.ErrorMessage(err)
}

// jsonKind names a Go kind as JSON does, with its article.
func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "slice", kind == "array":
		return "an array"
	case kind == "struct", kind == "map", kind == "ptr":
		return "an object"
	case kind == "bool":
		return "a boolean"
	}
	return article(kind) + " " + kind
}

func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}

// decodeMembers decodes the body's members into v (what names it in an
// error), which must read every member that carries a value: one that v
// does not read, as a misspelt name would be, is refused by name rather
// than dropped. v's own UnmarshalJSON reads it, if it has one; what it
// reads is what its JSON form (MarshalJSON) writes back, so a member is
// known if it comes back. The members a type gains are known at once.
func decodeMembers(m map[string]json.RawMessage, what string, v any) error {
	data, err := json.Marshal(m)
	if err != nil {
		return badRequest("the body: %v", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return badRequest("%s", jsonProblem(err, 0))
	}
	back, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var sent, read any
	json.Unmarshal(data, &sent)
	json.Unmarshal(back, &read)
	if name := unread(sent, read, ""); name != "" {
		return badRequest("%s: not a member of %s; nothing was saved", name, what)
	}
	return nil
}

// unread returns the name of the first member of sent, by its path such
// as questions[1].grde, that carries a value and that read does not have;
// "" when read has every one. An empty member (null, "", 0, false, [] or
// {}) carries nothing to lose, as a JSON form leaves out what is empty.
func unread(sent, read any, at string) string {
	switch sent := sent.(type) {
	case map[string]any:
		read, _ := read.(map[string]any)
		names := make([]string, 0, len(sent))
		for name := range sent {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			path := name
			if at != "" {
				path = at + "." + name
			}
			r, ok := read[name]
			if !ok && !emptyJSON(sent[name]) {
				return path
			}
			if p := unread(sent[name], r, path); p != "" {
				return p
			}
		}
	case []any:
		read, _ := read.([]any)
		for i, v := range sent {
			var r any
			if i < len(read) {
				r = read[i]
			}
			if p := unread(v, r, at+"["+strconv.Itoa(i)+"]"); p != "" {
				return p
			}
		}
	}
	return ""
}

// emptyJSON reports whether a decoded JSON value is empty.
func emptyJSON(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case float64:
		return v == 0
	case bool:
		return !v
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

// takeMember removes the member name from the body, decoding it into v
// when it is there and not null; ok reports whether it was.
func takeMember(m map[string]json.RawMessage, name string, v any) (ok bool, err error) {
	raw, ok := m[name]
	delete(m, name)
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, badRequest("%s: %s", name, strings.TrimPrefix(jsonProblem(err, 0), "a JSON "))
	}
	return true, nil
}

// stringMembers reads a body of the string members named, each required,
// and no other; what names the body in an error.
func stringMembers(m map[string]json.RawMessage, what string, names ...string) ([]string, error) {
	if err := onlyMembers(m, what, names...); err != nil {
		return nil, err
	}
	if err := requireMembers(m, names...); err != nil {
		return nil, err
	}
	values := make([]string, len(names))
	for i, name := range names {
		if _, err := takeMember(m, name, &values[i]); err != nil {
			return nil, err
		}
	}
	return values, nil
}

// requireMembers checks the body has each member, not null.
func requireMembers(m map[string]json.RawMessage, names ...string) error {
	for _, name := range names {
		if raw, ok := m[name]; !ok || string(bytes.TrimSpace(raw)) == "null" {
			return badRequest("%s: missing; the body needs %s", name, strings.Join(names, ", "))
		}
	}
	return nil
}

// onlyMembers refuses a member not among those named.
func onlyMembers(m map[string]json.RawMessage, what string, names ...string) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	takes := strings.Join(names, ", ")
	if takes == "" {
		takes = "no other"
	}
	for _, k := range keys {
		if !slices.Contains(names, k) {
			return badRequest("%s: not a member %s takes (it takes %s)", k, what, takes)
		}
	}
	return nil
}
