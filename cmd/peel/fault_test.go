package main

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
)

// TestFaultDatabaseCut serves through a TCP proxy to PostgreSQL and cuts
// it, as a restart of PostgreSQL does: peel answers 503 with a clear page
// while the database is out of reach, refuses writes, and serves again by
// itself when it is back, with nothing lost that it had said was written.
func TestFaultDatabaseCut(t *testing.T) {
	bin, p, s := servedThroughProxy(t)
	page := s.url + "/peel-assessments/" + seedPath

	p.cut()
	// Requests on connections that were open may already be under way;
	// every answer is then 503, never 500 nor a page from nowhere.
	var unavailable answer
	waitFor(t, "the page to answer 503 with the database cut off", func() bool {
		a := fetch(t, page)
		switch a.status {
		case http.StatusServiceUnavailable:
			unavailable = a
			return true
		case http.StatusOK:
			return false
		}
		t.Fatalf("GET %s with the database cut off: %d, want 503\n%s", page, a.status, s.log.String())
		return false
	})
	checkUnavailable(t, page, unavailable)
	checkUnavailable(t, "/healthz", fetch(t, s.url+"/healthz"))

	// A write while the database is out of reach fails, and says why.
	changed := writeFile(t, "changed.txt", seedVariant(t, setLine(seedGradeLine, "Inadequate")))
	code, stdout, stderr := runPeel(t, bin, "--database", s.database, "import", changed)
	if code != 1 {
		t.Errorf("peel import with the database cut off: exit status %d, want 1\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "database cannot be reached") {
		t.Errorf("peel import with the database cut off does not say the database cannot be reached:\n%s", stderr)
	}

	p.restore(t)
	checkRecovered(t, bin, s)
}

// TestFaultDatabaseStalled serves through a TCP proxy to PostgreSQL that
// stops passing anything on while keeping its connections open: requests
// wait for the database a bounded time, then answer 503, rather than hang;
// peel serves again by itself when the database answers again.
func TestFaultDatabaseStalled(t *testing.T) {
	bin, p, s := servedThroughProxy(t)

	p.stall()
	// Asked all at once, so that the test waits out the time limit once;
	// more requests than peel keeps connections, so that some wait for one.
	// Each address is a new one, that no server has kept a page of: each
	// request goes to the database.
	paths := []string{"/healthz"}
	for i := range 30 {
		paths = append(paths, "/peel-assessments/"+seedPath+"?request="+strconv.Itoa(i))
	}
	answers := make([]answer, len(paths))
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	for i, path := range paths {
		wg.Go(func() { answers[i], errs[i] = tryFetch(s.url + path) })
	}
	wg.Wait()
	for i, path := range paths {
		if errs[i] != nil {
			t.Fatalf("with the database stalled, %s does not answer: %v\n%s", path, errs[i], s.log.String())
		}
		checkUnavailable(t, path, answers[i])
	}
	// The page rendered before the stall is not served from memory either,
	// now that the server cannot tell whether it is current.
	checkUnavailable(t, "/peel-assessments/"+seedPath, fetch(t, s.url+"/peel-assessments/"+seedPath))

	p.resume()
	checkRecovered(t, bin, s)
}

// servedThroughProxy makes a schema, imports the seed page through a proxy
// to PostgreSQL, and serves it through the proxy, checking it is served.
func servedThroughProxy(t *testing.T) (bin string, p *proxy, s *server) {
	t.Helper()
	db := fixture.PostgresURL(t)
	bin = buildPeel(t)
	p = startProxy(t, postgresHost(t, db))
	mustRunPeel(t, bin, "--database", db, "migrate")
	// Written through the proxy, and reported as done.
	mustRunPeel(t, bin, "--database", p.url(t, db), "import", fixture.SeedPath(t))
	s = startServer(t, bin, p.url(t, db))
	for _, path := range []string{"/peel-assessments/" + seedPath, "/healthz"} {
		if a := fetch(t, s.url+path); a.status != http.StatusOK {
			t.Fatalf("GET %s: %d, want 200", path, a.status)
		}
	}
	return bin, p, s
}

// checkUnavailable checks an answer is a 503 that says when to try again
// and, unless it is the health check's, is the page that says the service
// is unavailable.
func checkUnavailable(tb testing.TB, what string, a answer) {
	tb.Helper()
	if a.status != http.StatusServiceUnavailable {
		tb.Errorf("%s with the database out of reach: %d, want 503", what, a.status)
	}
	if a.header.Get("Retry-After") == "" {
		tb.Errorf("%s with the database out of reach: no Retry-After header", what)
	}
	if !strings.HasSuffix(what, "/healthz") && !strings.Contains(a.body, "Sorry, the service is unavailable") {
		tb.Errorf("%s with the database out of reach does not say the service is unavailable:\n%s", what, a.body)
	}
}

// checkRecovered waits until the server, still the same process, serves
// the page and passes its health check again, and checks the page is the
// one imported before the fault.
func checkRecovered(tb testing.TB, bin string, s *server) {
	tb.Helper()
	for _, path := range []string{"/peel-assessments/" + seedPath, "/healthz"} {
		waitFor(tb, "GET "+path+" to answer 200 again", func() bool {
			a := fetch(tb, s.url+path)
			if a.status != http.StatusOK && a.status != http.StatusServiceUnavailable {
				tb.Fatalf("GET %s after the database came back: %d\n%s", path, a.status, s.log.String())
			}
			return a.status == http.StatusOK
		})
	}
	if s.exited() {
		tb.Fatalf("peel serve exited:\n%s", s.log.String())
	}
	if got, want := mustRunPeel(tb, bin, "--database", s.database, "export", seedPath), fixture.SeedLines(tb, 7, 60)+"\n"; got != want {
		tb.Errorf("after the fault, the page is not the one imported before it:\n%s", diffLines(want, got))
	}
}

// postgresHost returns the host:port a PostgreSQL URL connects to.
func postgresHost(tb testing.TB, database string) string {
	tb.Helper()
	u, err := url.Parse(database)
	if err != nil {
		tb.Fatal(err)
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), "5432")
	}
	return u.Host
}

// proxy forwards TCP connections to a PostgreSQL server until it is cut:
// then it drops every connection and refuses new ones, as a database that
// has stopped would, until it is restored.
type proxy struct {
	addr, upstream string

	mu    sync.Mutex
	ln    net.Listener // nil while cut
	conns map[net.Conn]bool
	wg    sync.WaitGroup

	flow    sync.RWMutex // held by stall
	stalled bool         // only the test's goroutine reads and writes it
}

// startProxy starts a proxy to upstream on a free port of 127.0.0.1. It
// stops when the test ends.
func startProxy(tb testing.TB, upstream string) *proxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &proxy{addr: ln.Addr().String(), upstream: upstream, conns: map[net.Conn]bool{}}
	p.serve(ln)
	tb.Cleanup(func() {
		if p.stalled {
			p.resume()
		}
		p.cut()
		p.wg.Wait()
	})
	return p
}

// url returns database, a PostgreSQL URL, with the proxy in place of its
// host.
func (p *proxy) url(tb testing.TB, database string) string {
	tb.Helper()
	u, err := url.Parse(database)
	if err != nil {
		tb.Fatal(err)
	}
	u.Host = p.addr
	return u.String()
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return // cut
			}
			p.wg.Add(1)
			go p.forward(c)
		}
	}()
}

// forward pipes c to a new connection upstream and back until either side
// closes or the proxy is cut.
func (p *proxy) forward(c net.Conn) {
	defer p.wg.Done()
	up, err := net.Dial("tcp", p.upstream)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil { // cut since it was accepted
		p.mu.Unlock()
		c.Close()
		up.Close()
		return
	}
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()

	done := make(chan struct{}, 2)
	go func() { p.pipe(up, c); done <- struct{}{} }()
	go func() { p.pipe(c, up); done <- struct{}{} }()
	<-done
	c.Close()
	up.Close()
	<-done
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, up)
	p.mu.Unlock()
}

// pipe copies from src to dst until either fails, holding what it reads
// while the proxy is stalled.
func (p *proxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.flow.RLock() // waits while stalled
			p.flow.RUnlock()
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// stall stops passing anything on, in either direction, while keeping
// every connection open and taking new ones: the database, as peel sees
// it, stops answering, as it would behind a network cut that drops packets.
func (p *proxy) stall() {
	p.flow.Lock()
	p.stalled = true
}

// resume passes on what was held, and all that follows.
func (p *proxy) resume() {
	p.stalled = false
	p.flow.Unlock()
}

// cut drops every connection and refuses new ones.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
}

// restore takes connections again, on the same address.
func (p *proxy) restore(tb testing.TB) {
	tb.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		tb.Fatalf("the proxy cannot listen on %s again: %v", p.addr, err)
	}
	p.serve(ln)
}
