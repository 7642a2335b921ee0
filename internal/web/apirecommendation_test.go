package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// TestAPIRecommendationWrites sends each write of recommendations as
// every kind of principal: only the roles the editor allows succeed, each
// recorded as the token's user; the others get 403 (401 without a valid
// token) and nothing is stored. Each principal acts on its own
// organisation's history, so that one's write leaves the others' alone.
func TestAPIRecommendationWrites(t *testing.T) {
	for _, b := range fixture.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := newAPISite(t, b)
			ctx := store.WithActor(context.Background(), "sample inspector")
			overviews(t, s.store)
			rec := &peel.Recommendation{Text: "Every force should start a sample plan.", Theme: "sample", IssuedIn: "sample-overview", AllForces: true}
			if err := s.store.SaveRecommendations(ctx, []*peel.Recommendation{rec}); err != nil {
				t.Fatal(err)
			}
			entries := func(org string) string {
				return "/api/v1/recommendations/" + strconv.FormatInt(rec.ID, 10) + "/organisations/" + org + "/entries"
			}
			history := func(org string) []peel.Entry {
				got, err := s.store.FindRecommendation(context.Background(), rec.ID, false)
				if err != nil {
					t.Fatal(err)
				}
				return got.Addressee(org).History
			}
			staff := map[string]bool{"administrator": true, "inspector": true}
			for _, w := range []struct {
				name    string
				allowed map[string]bool
				path    func(org string) string
				body    string
				before  func(org string) // readies the organisation's history
			}{
				{"create", staff, func(string) string { return "/api/v1/recommendations" },
					`{"text": "A sample recommendation.", "theme": "sample", "issuedIn": "sample-overview", "organisations": ["kent"]}`, nil},
				{"progress", map[string]bool{"liaison": true}, entries,
					`{"kind": "progress", "status": "being-progressed", "comment": "A sample note.", "evidence": ["https://example.org/sample"]}`, nil},
				{"status", staff, entries, `{"kind": "status", "status": "complete", "comment": "Sample comment."}`, nil},
				{"review", staff, entries, `{"kind": "review", "verdict": "questioned", "comment": "Sample question."}`, func(org string) {
					liaison := &peel.User{Email: "sample-liaison@example.org", Role: peel.RoleLiaison, Organisation: org}
					if _, err := s.store.AddEntry(ctx, liaison, rec.ID, org, &peel.Entry{Kind: peel.EntryProgress, Status: peel.RecBeingProgressed, Comment: "Sample."}); err != nil {
						t.Fatal(err)
					}
				}},
			} {
				t.Run(w.name, func(t *testing.T) {
					for _, p := range s.principals {
						t.Run(p.name, func(t *testing.T) {
							if w.before != nil {
								w.before(p.target)
							}
							want := http.StatusForbidden
							switch {
							case p.user == nil:
								want = http.StatusUnauthorized
							case w.allowed[string(p.user.Role)] && (p.user.Role != peel.RoleLiaison || p.user.Organisation == p.target):
								want = http.StatusCreated
							}
							_, recs, _ := s.store.FindRecommendations(context.Background(), store.RecommendationFilter{})
							audit, before := auditCount(t, s.store), len(history(p.target))
							res, answer := s.api(t, p.token, "POST", w.path(p.target), w.body)
							if res.StatusCode != want {
								t.Fatalf("%d, want %d\n%s", res.StatusCode, want, answer)
							}
							_, recsAfter, _ := s.store.FindRecommendations(context.Background(), store.RecommendationFilter{})
							after := history(p.target)
							if want != http.StatusCreated {
								if !strings.Contains(res.Header.Get("Content-Type"), "application/problem+json") {
									t.Errorf("refused as %q, not a problem", res.Header.Get("Content-Type"))
								}
								if recsAfter != recs || len(after) != before || auditCount(t, s.store) != audit {
									t.Errorf("a refused write stored something: %d recommendations, then %d; %d entries, then %d", recs, recsAfter, before, len(after))
								}
								return
							}
							var got peel.Recommendation
							if err := json.Unmarshal([]byte(answer), &got); err != nil {
								t.Fatal(err)
							}
							if w.name == "create" {
								if recsAfter != recs+1 || got.Addressee("kent") == nil || res.Header.Get("Location") != base+"/api/v1/recommendations/"+strconv.FormatInt(got.ID, 10) {
									t.Errorf("created %+v at %q: %d recommendations, then %d", got, res.Header.Get("Location"), recs, recsAfter)
								}
								return
							}
							if len(after) != before+1 || after[len(after)-1].Actor != p.user.Email || string(after[len(after)-1].Kind) != w.name {
								t.Errorf("history %+v, want one more %s entry by %s", after, w.name, p.user.Email)
							}
							if a := got.Addressee(p.target); a == nil || a.Latest().Kind != peel.EntryKind(w.name) || a.Latest().Actor != "" {
								t.Errorf("answered %+v, want the new entry last, without who made it", a)
							}
						})
					}
				})
			}

			liaison := s.principals[4]
			t.Run("ErrOtherForce", func(t *testing.T) {
				before := len(history("cumbria"))
				res, _ := s.api(t, liaison.token, "POST", entries("cumbria"),
					`{"kind": "progress", "status": "being-progressed", "comment": "A sample note."}`)
				if res.StatusCode != http.StatusForbidden || len(history("cumbria")) != before {
					t.Errorf("Cleveland's liaison writing Cumbria's progress: %d, want 403 and nothing stored", res.StatusCode)
				}
			})
			t.Run("ErrInvalid", func(t *testing.T) {
				for _, c := range []struct{ body, want string }{
					{`{"kind": "progress", "status": "being-progressed"}`, "comment: Enter what the force has done"},
					{`{"kind": "progress", "status": "done", "comment": "x"}`, "status:"},
					{`{"kind": "progress", "status": "being-progressed", "note": "x"}`, "note: not a member"},
				} {
					res, answer := s.api(t, liaison.token, "POST", entries("cleveland"), c.body)
					if res.StatusCode < 400 || !strings.Contains(answer, c.want) {
						t.Errorf("%s: %d %s, want a refusal saying %q", c.body, res.StatusCode, answer, c.want)
					}
				}
			})
			t.Run("ErrRewrite", func(t *testing.T) {
				before := history("cleveland")
				for _, method := range []string{"PUT", "DELETE", "PATCH"} {
					for _, path := range []string{entries("cleveland"), entries("cleveland") + "/" + strconv.FormatInt(before[0].ID, 10)} {
						res, _ := s.api(t, s.principals[0].token, method, path, `{"kind": "status", "status": "complete"}`)
						if res.StatusCode != http.StatusMethodNotAllowed && res.StatusCode != http.StatusNotFound {
							t.Errorf("%s %s: %d, want 405 or 404", method, path, res.StatusCode)
						}
					}
				}
				if after := history("cleveland"); len(after) != len(before) || after[0].Comment != before[0].Comment {
					t.Errorf("the history changed: %+v, then %+v", before, after)
				}
			})
		})
	}
}
