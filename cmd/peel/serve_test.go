package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
)

// patience bounds how long a test waits for a server to do something it
// should do at once; it is a limit against hanging, not a measurement.
const patience = 60 * time.Second

// waitFor polls until ok returns true, failing the test after patience.
func waitFor(tb testing.TB, what string, ok func() bool) {
	tb.Helper()
	deadline := time.Now().Add(patience)
	for !ok() {
		if time.Now().After(deadline) {
			tb.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var urlRE = regexp.MustCompile(`(?m)^.*msg=serving.* url=(http://\S+)`)

// serverURL waits for the line the server logs when it listens, and returns
// the address it gives. exited reports whether the server has stopped.
func serverURL(tb testing.TB, stderr *fixture.Log, exited func() bool) string {
	tb.Helper()
	var url string
	waitFor(tb, "the server to log its address", func() bool {
		if m := urlRE.FindStringSubmatch(stderr.String()); m != nil {
			url = m[1]
			return true
		}
		if exited() {
			tb.Fatalf("the server stopped before it listened:\n%s", stderr.String())
		}
		return false
	})
	return url
}

// get fetches url without following redirects.
func get(tb testing.TB, url string) (int, string) {
	tb.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(url)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

// requestLogged reports whether stderr has the structured line for a
// request to path answered with status.
func requestLogged(stderr *fixture.Log, path, status string) bool {
	re := regexp.MustCompile(`(?m)^time=\S+ level=INFO msg=request method=GET path=` + regexp.QuoteMeta(path) + ` status=` + status + ` `)
	return re.MatchString(stderr.String())
}

func TestServe(t *testing.T) {
	db := importedSeed(t)
	run(t, "--database", db, "notice", "add", "--title", "Sample site notice", "--body", "A sample notice for a test.").want(t, 0)
	draft := writeFile(t, "draft.txt", seedVariant(t, func(lines []string) []string {
		// The same page on the efficiency pillar, as a draft.
		lines[seedPillarLine-1] = "Efficiency"
		lines[seedHeadingLine-1] = "Questions for Efficiency"
		return lines
	}))
	run(t, "--database", db, "import", "--draft", draft).want(t, 0)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr fixture.Log
	done := make(chan int, 1)
	go func() {
		// The address comes from PEEL_ADDR; port 0 picks a free one.
		done <- Run(ctx, []string{"--database", db, "serve"}, strings.NewReader(""), &stdout, &stderr,
			env{"PEEL_ADDR": "127.0.0.1:0"}.get)
	}()
	exited := func() bool { return len(done) > 0 }
	base := serverURL(t, &stderr, exited)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("the server listens on %s, not where PEEL_ADDR says", base)
	}

	tests := []struct {
		path   string
		status int
		want   string // in the body
	}{
		{"/healthz", http.StatusOK, "ok"},
		{"/peel-assessments/" + seedPath, http.StatusOK, "Legitimacy"},
		{"/peel-assessments/" + seedPath, http.StatusOK, "Sample site notice"},
		{"/peel-assessments/" + seedPath + "/", http.StatusMovedPermanently, ""},
		{"/peel-assessments/peel-2016/kent/efficiency", http.StatusNotFound, ""}, // a draft
		{"/no/such/page", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		status, body := get(t, base+tt.path)
		if status != tt.status {
			t.Errorf("GET %s: %d, want %d", tt.path, status, tt.status)
		}
		if !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: the body does not contain %q", tt.path, tt.want)
		}
	}
	if _, body := get(t, base+"/peel-assessments/peel-2016/kent/efficiency"); strings.Contains(body, seedLines(t)[15]) {
		t.Error("the draft's text is on its 404 page")
	}

	waitFor(t, "the request log", func() bool {
		return requestLogged(&stderr, "/healthz", "200") &&
			requestLogged(&stderr, "/peel-assessments/"+seedPath, "200") &&
			requestLogged(&stderr, "/no/such/page", "404")
	})

	cancel() // what SIGTERM does to Run's context in main
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("after shutdown, Run returned %d, want 0\n%s", code, stderr.String())
		}
	case <-time.After(patience):
		t.Fatal("the server did not stop when its context was cancelled")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after it stopped")
	}
	if stdout.String() != "" {
		t.Errorf("serve wrote to stdout:\n%s", stdout.String())
	}
}

func TestServeRefused(t *testing.T) {
	// Something already listens on busy: peel cannot, and says so.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()
	db := newDatabase(t)
	tests := []struct {
		name string
		env  env
		args []string
	}{
		{"Flag", nil, []string{"--addr", busy}},
		{"Environment", env{"PEEL_ADDR": busy}, nil},
		{"FlagOverridesEnvironment", env{"PEEL_ADDR": "127.0.0.1:0"}, []string{"--addr", busy}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runEnv(t, tt.env, append([]string{"--database", db, "serve"}, tt.args...)...).want(t, 1)
			if !strings.Contains(r.stderr, "peel serve: ") || !strings.Contains(r.stderr, busy) {
				t.Errorf("stderr does not say that peel cannot listen on %s:\n%s", busy, r.stderr)
			}
		})
	}
}
