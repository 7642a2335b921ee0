package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
)

// TestCacheKeepsNoCookie checks an answer that sets a cookie is never
// kept, even when its handler forgot to say so.
func TestCacheKeepsNoCookie(t *testing.T) {
	c := newPageCache(fixture.Store(t), slog.New(slog.NewTextHandler(&fixture.Log{}, nil)), time.Now, DefaultCacheBytes)
	n := 0
	h := c.serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		http.SetCookie(w, &http.Cookie{Name: "sample", Value: "for one visitor"})
		w.Write([]byte("sample page"))
	}))
	for range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/sample", nil))
		if rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("Set-Cookie") == "" || rec.Header().Get("ETag") != "" {
			t.Errorf("an answer setting a cookie: Cache-Control %q, Set-Cookie %q, ETag %q; want no-store, the cookie, no ETag",
				rec.Header().Get("Cache-Control"), rec.Header().Get("Set-Cookie"), rec.Header().Get("ETag"))
		}
	}
	if n != 2 || c.hits.Load() != 0 {
		t.Errorf("the handler ran %d times for 2 requests, with %d answers from the cache; want 2 and 0", n, c.hits.Load())
	}
}
