package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/reference"
	"github.com/peel-oss/peel/internal/store"
	"github.com/peel-oss/peel/internal/web"
)

// cachedSite is a server over a SQLite file that another store, standing
// for another process, opens too.
type cachedSite struct {
	server  *web.Server
	handler http.Handler
	store   *store.Store // the server's
	other   *store.Store // another process's
}

func newCachedSite(t *testing.T) *cachedSite {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peel.db")
	open := func() *store.Store {
		st, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	c := &cachedSite{store: open(), other: open()}
	if err := reference.Load(ctx, c.store); err != nil {
		t.Fatal(err)
	}
	var err error
	if c.server, err = web.NewServer(c.store, slog.New(slog.NewTextHandler(&fixture.Log{}, nil)), "http://localhost:8080"); err != nil {
		t.Fatal(err)
	}
	c.handler = c.server.Handler()
	return c
}

// do answers a request with the given headers, "name: value" each.
func (c *cachedSite) do(t *testing.T, method, path string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Set(name, value)
	}
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Result(), body
}

func importSeedInto(t *testing.T, st *store.Store, edit func(string) string) {
	t.Helper()
	text := fixture.Seed(t)
	if edit != nil {
		text = []byte(edit(string(text)))
	}
	if _, err := (&importer.Importer{Store: st}).Import(context.Background(), fixture.SeedName, text, false); err != nil {
		t.Fatal(err)
	}
}

func TestCacheServesOnceRendered(t *testing.T) {
	c := newCachedSite(t)
	importSeedInto(t, c.store, nil)

	first, body := c.do(t, "GET", seedPath)
	hits := web.CacheHits(c.server)
	second, again := c.do(t, "GET", seedPath)
	if web.CacheHits(c.server) != hits+1 {
		t.Fatalf("the second request for a page was rendered again (hits %d, then %d)", hits, web.CacheHits(c.server))
	}
	if !bytes.Equal(body, again) || first.StatusCode != 200 || second.StatusCode != 200 {
		t.Fatalf("the cached page differs from the rendered one, or not 200 (%d, %d)", first.StatusCode, second.StatusCode)
	}
	etag := second.Header.Get("ETag")
	if etag == "" || etag != first.Header.Get("ETag") {
		t.Fatalf("ETags %q and %q: want the same, not empty", first.Header.Get("ETag"), etag)
	}
	if got := second.Header.Get("Cache-Control"); got != "public, no-cache" {
		t.Errorf("Cache-Control %q, want public, no-cache", got)
	}
	if got := second.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}

	// A client that holds the page is told it is current, in either form.
	res, none := c.do(t, "GET", seedPath, "If-None-Match: "+etag)
	if res.StatusCode != http.StatusNotModified || len(none) != 0 {
		t.Errorf("If-None-Match with the current ETag: status %d with %d bytes, want 304 and none", res.StatusCode, len(none))
	}
	if res, _ := c.do(t, "GET", seedPath, `If-None-Match: "other", W/`+etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match listing the ETag weakly among others: status %d, want 304", res.StatusCode)
	}
	if res, _ := c.do(t, "GET", seedPath, `If-None-Match: "other"`); res.StatusCode != http.StatusOK {
		t.Errorf("If-None-Match with another ETag: status %d, want 200", res.StatusCode)
	}

	// Compressed once, for the clients that accept it.
	res, zipped := c.do(t, "GET", seedPath, "Accept-Encoding: br, gzip")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("Accept-Encoding gzip: Content-Encoding %q, Vary %q", res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, body) || len(zipped) >= len(body) {
		t.Errorf("the compressed page (%d bytes) does not unpack to the page (%d bytes)", len(zipped), len(body))
	}
	if gz := res.Header.Get("ETag"); gz == etag || gz == "" {
		t.Errorf("the compressed form's ETag %q is the plain form's", gz)
	}
	if res, _ := c.do(t, "GET", seedPath, "Accept-Encoding: gzip;q=0"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 was answered compressed")
	}
	if res, head := c.do(t, "HEAD", seedPath); res.StatusCode != 200 || len(head) != 0 || res.Header.Get("Content-Length") != itoa(len(body)) {
		t.Errorf("HEAD: status %d, %d bytes, Content-Length %q; want 200, none, %d", res.StatusCode, len(head), res.Header.Get("Content-Length"), len(body))
	}

	// What is missing is not kept, by the server or by others.
	hits = web.CacheHits(c.server)
	for range 2 {
		res, _ := c.do(t, "GET", "/peel-assessments/peel-2016/kent/efficiency")
		if res.StatusCode != http.StatusNotFound || res.Header.Get("Cache-Control") != "no-cache" || res.Header.Get("ETag") != "" {
			t.Errorf("a missing page: status %d, Cache-Control %q, ETag %q; want 404, no-cache, none", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
		}
	}
	if web.CacheHits(c.server) != hits {
		t.Errorf("a 404 was answered from the cache")
	}
	if res, _ := c.do(t, "GET", "/healthz"); res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the health check's Cache-Control %q was overridden", res.Header.Get("Cache-Control"))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestCacheInvalidation checks no page is served past a change: made by the
// server's own store, by another process on the same file, or by the clock
// when a scheduled publication comes due.
func TestCacheInvalidation(t *testing.T) {
	c := newCachedSite(t)
	importSeedInto(t, c.store, nil)
	const marker = "Sample sentence added to the narrative for this test."
	edited := func(s string) string {
		return strings.Replace(s, "\nQuestions for Legitimacy", "\n"+marker+"\nQuestions for Legitimacy", 1)
	}

	t.Run("ThisProcess", func(t *testing.T) {
		_, before := c.do(t, "GET", seedPath)
		if strings.Contains(string(before), marker) {
			t.Fatal("the marker is there before the change")
		}
		importSeedInto(t, c.store, edited)
		if _, after := c.do(t, "GET", seedPath); !strings.Contains(string(after), marker) {
			t.Fatal("the page after a change made through the server's store is the old one")
		}
	})

	t.Run("OtherProcess", func(t *testing.T) {
		c.do(t, "GET", seedPath) // cached
		importSeedInto(t, c.other, nil)
		// The other process's change shows once the server next reads the
		// site's state: soon, and for good.
		deadline := time.Now().Add(10 * time.Second)
		for {
			_, body := c.do(t, "GET", seedPath)
			if !strings.Contains(string(body), marker) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the page still shows what another process changed, 10 s on")
			}
			time.Sleep(20 * time.Millisecond)
		}
		if _, body := c.do(t, "GET", seedPath); strings.Contains(string(body), marker) {
			t.Fatal("the old page came back")
		}
	})
}

// TestCacheScheduled checks that a page kept before a scheduled
// publication's time is not served after it, though nothing is written.
func TestCacheScheduled(t *testing.T) {
	c := newCachedSite(t)
	ctx := context.Background()
	if _, err := (&importer.Importer{Store: c.store}).Import(ctx, fixture.SeedName, fixture.Seed(t), true); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(1500 * time.Millisecond)
	if _, err := c.store.PublishAssessment(ctx, "peel-2016", "kent", "legitimacy", &at); err != nil {
		t.Fatal(err)
	}
	// Rendered and kept before the time, without the assessment.
	for range 2 {
		if _, body := c.do(t, "GET", "/forces/kent"); strings.Contains(string(body), seedPath) {
			t.Fatal("the force page links the assessment before its time")
		}
	}
	if web.CacheHits(c.server) == 0 {
		t.Fatal("the force page was not kept")
	}
	// No one records the publication: the clock alone makes it public.
	time.Sleep(time.Until(at) + 50*time.Millisecond)
	if _, body := c.do(t, "GET", "/forces/kent"); !strings.Contains(string(body), seedPath) {
		t.Fatal("the force page kept from before the publication time is still served after it")
	}
	if res, _ := c.do(t, "GET", seedPath); res.StatusCode != http.StatusOK {
		t.Fatalf("the assessment after its time: status %d", res.StatusCode)
	}
}
