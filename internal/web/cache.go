package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// DefaultCacheBytes is how much rendered output a server keeps by default.
const DefaultCacheBytes = 64 << 20

// statePoll is how often a server reads the site's generation, to see a
// change another process made (peel import beside peel serve, or another
// server on the same database). A change made through the server's own
// store is seen at once.
const statePoll = 100 * time.Millisecond

// pageCache keeps what the site rendered, each response once as it is and
// once compressed, until the site changes: a write by any process that
// shares the database, or a time at which the public site changes by the
// clock alone (a scheduled publication coming due, a notice's window).
// Every answer it gives carries an ETag and Cache-Control: no-cache, so
// that a browser or proxy may keep a page but must ask again each time, and
// gets 304 Not Modified while it is current.
type pageCache struct {
	store  *store.Store
	logger *slog.Logger
	now    func() time.Time
	max    int64 // bytes kept at most; 0 keeps nothing

	mu      sync.RWMutex
	entries map[string]*response
	size    int64
	epoch   uint64    // moves on at every flush: a response rendered before one is not kept
	local   int64     // the store's own count of changes, when last seen
	gen     int64     // the site's generation, when last read
	known   bool      // gen and expires are current: responses may be kept
	expires time.Time // when the site next changes by the clock; zero for never
	pollDue time.Time // when the generation is read again
	polling atomic.Bool
	failing string // the last error reading the site's state, logged once

	hits atomic.Int64 // for tests
}

// response is a rendered answer, ready to send again.
type response struct {
	status  int
	header  http.Header // what the handler set
	body    []byte
	gzipped []byte // nil when not worth compressing
	etag    string
	// The full headers of a 200, plain and compressed, made once: a page
	// served from the cache costs no header building.
	plainHeader, gzipHeader http.Header
}

func newPageCache(st *store.Store, logger *slog.Logger, now func() time.Time, max int64) *pageCache {
	return &pageCache{store: st, logger: logger, now: now, max: max, entries: map[string]*response{}}
}

// serve answers GET and HEAD requests from the cache or, failing that, from
// next, keeping what next answers when it may. Other methods, requests
// that carry Authorization (an API token's answer is for its user, and no
// one else's may be served to it), and answers whose handler chose its own
// Cache-Control (such as a health check's no-store), pass through
// untouched; an answer that sets a cookie is for one visitor, and passes
// through as no-store.
func (c *pageCache) serve(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead || r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		key := r.URL.Path + "?" + r.URL.RawQuery
		epoch, keep := c.check(r.Context())
		if res := c.get(key); res != nil {
			c.hits.Add(1)
			res.write(w, r)
			return
		}
		rec := &recorder{header: http.Header{}}
		next.ServeHTTP(rec, r)
		if rec.header.Get("Cache-Control") != "" {
			rec.passThrough(w)
			return
		}
		if rec.header.Get("Set-Cookie") != "" {
			// An answer for one visitor: never kept, here or anywhere.
			rec.header.Set("Cache-Control", "no-store")
			rec.passThrough(w)
			return
		}
		res := rec.response(keep && rec.status == http.StatusOK)
		if keep && rec.status == http.StatusOK {
			c.put(key, epoch, res)
		}
		res.write(w, r)
	})
}

// check brings the cache up to date with the site, flushing it if the site
// has changed, and returns the epoch a response rendered now belongs to,
// and whether it may be kept.
func (c *pageCache) check(ctx context.Context) (epoch uint64, keep bool) {
	now, local := c.now(), c.store.Changes()
	c.mu.RLock()
	current := local == c.local && (c.expires.IsZero() || now.Before(c.expires))
	poll := !c.known || !now.Before(c.pollDue)
	c.mu.RUnlock()
	if !current {
		c.mu.Lock()
		if local != c.local || (!c.expires.IsZero() && !now.Before(c.expires)) {
			c.local, c.expires, c.known = local, time.Time{}, false
			c.flush()
		}
		c.mu.Unlock()
		poll = true
	}
	// One request at a time reads the state; the others go on with what is
	// known, which is at most statePoll old.
	if poll && c.polling.CompareAndSwap(false, true) {
		c.poll(ctx, now)
		c.polling.Store(false)
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.epoch, c.known && c.max > 0
}

// poll reads the site's generation and next change by the clock.
func (c *pageCache) poll(ctx context.Context, now time.Time) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	state, err := c.store.SiteState(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pollDue = now.Add(statePoll)
	if err != nil {
		// Whether what is kept is current cannot be known: it goes, and
		// requests go to the database, which answers them or says it
		// cannot (503), until the state can be read again.
		c.known = false
		c.flush()
		if err.Error() != c.failing {
			c.logger.Warn("page cache: reading the site's state", "err", err)
			c.failing = err.Error()
		}
		return
	}
	c.failing = ""
	if state.Generation != c.gen {
		c.gen = state.Generation
		c.flush()
	}
	c.expires = time.Time{}
	if state.NextChange != nil {
		c.expires = *state.NextChange
	}
	// Responses turn from due to overdue as the UK day turns.
	if midnight := nextUKMidnight(now); c.expires.IsZero() || midnight.Before(c.expires) {
		c.expires = midnight
	}
	// A next change that the database's clock has not reached but this
	// one has: keep nothing until the two agree.
	c.known = c.expires.IsZero() || now.Before(c.expires)
}

// flush forgets every response; c.mu is held.
func (c *pageCache) flush() {
	c.epoch++
	clear(c.entries)
	c.size = 0
}

func (c *pageCache) get(key string) *response {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.entries[key]
}

// put keeps a response rendered in epoch, unless the site has changed
// since, or it would take more than a quarter of the cache.
func (c *pageCache) put(key string, epoch uint64, res *response) {
	size := int64(len(key) + len(res.body) + len(res.gzipped))
	if size > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch != c.epoch || !c.known || (!c.expires.IsZero() && !c.now().Before(c.expires)) {
		return
	}
	for k, old := range c.entries {
		if c.size+size <= c.max {
			break
		}
		c.size -= int64(len(k) + len(old.body) + len(old.gzipped))
		delete(c.entries, k)
	}
	if old, ok := c.entries[key]; ok {
		c.size -= int64(len(key) + len(old.body) + len(old.gzipped))
	}
	c.entries[key] = res
	c.size += size
}

// recorder is a ResponseWriter that keeps what a handler answers.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

// passThrough sends what was recorded as it is.
func (r *recorder) passThrough(w http.ResponseWriter) {
	maps.Copy(w.Header(), r.header)
	w.WriteHeader(max(r.status, http.StatusOK))
	w.Write(r.body.Bytes())
}

// response makes what was recorded into a response with an ETag,
// compressed as well if it is to be kept and is worth compressing.
func (r *recorder) response(compress bool) *response {
	res := &response{status: max(r.status, http.StatusOK), header: r.header, body: r.body.Bytes()}
	sum := sha256.Sum256(res.body)
	res.etag = `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	if compress && len(res.body) >= 1024 && compressible(res.header.Get("Content-Type")) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level: no error
		zw.Write(res.body)
		zw.Close()
		if buf.Len() < len(res.body) {
			res.gzipped = buf.Bytes()
		}
	}
	if res.status == http.StatusOK {
		res.headers()
	}
	return res
}

// compressible reports whether a content type is text that gzip shrinks.
func compressible(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	switch mediaType = strings.TrimSpace(mediaType); mediaType {
	case "application/json", "application/problem+json", "application/atom+xml", "application/xml",
		"image/svg+xml", "text/javascript", "application/javascript":
		return true
	}
	return strings.HasPrefix(mediaType, "text/")
}

// gzipETag is the ETag of a response's compressed form: a different
// representation, so a different tag.
func gzipETag(etag string) string { return strings.TrimSuffix(etag, `"`) + `-gzip"` }

// headers makes a 200's full headers, plain and compressed, once.
func (res *response) headers() {
	build := func(body []byte, etag string, gzipped bool) http.Header {
		h := res.header.Clone()
		h.Set("Cache-Control", cacheControl(res.status))
		h.Set("ETag", etag)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if res.gzipped != nil {
			h.Add("Vary", "Accept-Encoding")
		}
		if gzipped {
			h.Set("Content-Encoding", "gzip")
		}
		return h
	}
	res.plainHeader = build(res.body, res.etag, false)
	if res.gzipped != nil {
		res.gzipHeader = build(res.gzipped, gzipETag(res.etag), true)
	}
}

// write sends the response, or 304 Not Modified when the client holds it
// already, compressed when the client accepts gzip.
func (res *response) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if res.status != http.StatusOK {
		maps.Copy(h, res.header)
		h.Set("Cache-Control", cacheControl(res.status))
		w.WriteHeader(res.status)
		w.Write(res.body)
		return
	}
	body, header := res.body, res.plainHeader
	if res.gzipped != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		body, header = res.gzipped, res.gzipHeader
	}
	// The header's values are shared by every answer of this response, and
	// nothing changes them.
	maps.Copy(h, header)
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, res.etag) {
		for _, name := range []string{"Content-Type", "Content-Encoding", "Content-Length"} {
			delete(h, name)
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// cacheControl is what browsers and proxies may do with an answer: keep a
// page but ask each time whether it is current (so no page is served past
// a change); keep no error, for a page missing now may be published the next
// moment, and a failure should not outlive itself.
func cacheControl(status int) string {
	switch {
	case status < 400:
		return "public, no-cache"
	case status < 500:
		return "no-cache"
	}
	return "no-store"
}

// etagMatches is If-None-Match's weak comparison: any listed tag, with or
// without W/, that names either form of the response, or *.
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag || tag == gzipETag(etag) {
			return true
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding: gzip (or *) listed without q=0.
func acceptsGzip(header string) bool {
	for item := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(item, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		return !strings.HasPrefix(q, "q=0") || strings.HasPrefix(q, "q=0.") && strings.Trim(q[4:], "0") != ""
	}
	return false
}

// nextUKMidnight is the first moment of the UK day after now's.
func nextUKMidnight(now time.Time) time.Time {
	u := now.In(peel.UKTime)
	return time.Date(u.Year(), u.Month(), u.Day()+1, 0, 0, 0, 0, peel.UKTime)
}
