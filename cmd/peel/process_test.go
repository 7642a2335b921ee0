package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to read the database's clock and rows

	"github.com/peel-oss/peel/internal/fixture"
)

// buildPeel builds the peel command into a temporary folder and returns its
// path, for tests that run peel as separate processes, as it runs in
// production.
func buildPeel(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("builds the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("no go command to build peel with")
	}
	bin := filepath.Join(tb.TempDir(), "peel")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// peelEnv is the environment peel's processes run in: the test's, without
// the variables that would choose a database or an address for them.
func peelEnv() []string {
	return append(os.Environ(), "PEEL_DATABASE=", "PEEL_ADDR=")
}

// runPeel runs the built peel with args and returns its exit status and
// what it wrote to stdout and stderr. A run that has not ended after
// patience is killed and fails the test.
func runPeel(tb testing.TB, bin string, args ...string) (code int, stdout, stderr string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = peelEnv()
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		tb.Fatalf("peel %s did not end\n%s", strings.Join(args, " "), errOut.String())
	}
	if err != nil && cmd.ProcessState == nil {
		tb.Fatalf("peel %s: %v", strings.Join(args, " "), err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// mustRunPeel runs the built peel with args, fails the test unless it
// succeeds, and returns what it wrote to stdout.
func mustRunPeel(tb testing.TB, bin string, args ...string) string {
	tb.Helper()
	code, stdout, stderr := runPeel(tb, bin, args...)
	if code != 0 {
		tb.Fatalf("peel %s: exit status %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}

// server is one `peel serve` process.
type server struct {
	cmd    *exec.Cmd
	log    fixture.Log // its standard error: the structured log
	waited chan struct{}

	database string // as given to it
	url      string // where it listens, http://127.0.0.1:PORT
}

// startServer starts `peel serve` on the database on a free port and waits
// until it listens. It is killed when the test ends, if it still runs.
func startServer(tb testing.TB, bin, db string) *server {
	tb.Helper()
	s := &server{waited: make(chan struct{}), database: db}
	s.cmd = exec.Command(bin, "--database", db, "serve", "--addr", "127.0.0.1:0")
	s.cmd.Env = peelEnv()
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, &s.log
	if err := s.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() { s.cmd.Wait(); close(s.waited) }()
	tb.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.waited
	})
	s.url = serverURL(tb, &s.log, s.exited)
	return s
}

func (s *server) exited() bool {
	select {
	case <-s.waited:
		return true
	default:
		return false
	}
}

// stop stops the server as a deploy would, with an interrupt, and waits
// until it has exited.
func (s *server) stop(tb testing.TB) {
	tb.Helper()
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		s.cmd.Process.Kill()
	}
	select {
	case <-s.waited:
	case <-time.After(patience):
		tb.Fatalf("peel serve did not stop when interrupted\n%s", s.log.String())
	}
}

// answer is one response to a poll, with the times, on the test's clock,
// when its request was sent and when the response had been read.
type answer struct {
	status         int
	header         http.Header
	body           string
	sent, received time.Time
}

// pollClient gives up on a request after patience, so that a server that
// hangs fails the test instead of stalling it.
var pollClient = &http.Client{
	Timeout:       patience,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// fetch GETs url. An error (the server does not answer) fails the test.
func fetch(tb testing.TB, url string) answer {
	tb.Helper()
	a, err := tryFetch(url)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// tryFetch GETs url, for goroutines other than the test's.
func tryFetch(url string) (answer, error) {
	a := answer{sent: time.Now()}
	resp, err := pollClient.Get(url)
	if err != nil {
		return a, fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return a, fmt.Errorf("GET %s: %w", url, err)
	}
	a.status, a.header, a.body, a.received = resp.StatusCode, resp.Header, string(body), time.Now()
	return a, nil
}

// dbClock relates the test's clock to the database's, the clock by which
// peel publishes.
type dbClock struct {
	db *sql.DB
	// offset is the database's clock less the test's; the true offset is
	// within slack of it either way.
	offset, slack time.Duration
}

// newDBClock opens the database and measures its clock against the
// test's, taking the measurement whose round trip was shortest.
func newDBClock(tb testing.TB, url string) *dbClock {
	tb.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	c := &dbClock{db: db}
	best := time.Duration(-1)
	for range 10 {
		var now time.Time
		before := time.Now()
		if err := db.QueryRow(`SELECT clock_timestamp()`).Scan(&now); err != nil {
			tb.Fatal(err)
		}
		after := time.Now()
		if rtt := after.Sub(before); best < 0 || rtt < best {
			best = rtt
			c.offset = now.Sub(before.Add(rtt / 2))
			c.slack = rtt/2 + time.Millisecond // the database stores microseconds
		}
	}
	return c
}

// now returns the database's time.
func (c *dbClock) now(tb testing.TB) time.Time {
	tb.Helper()
	var now time.Time
	if err := c.db.QueryRow(`SELECT clock_timestamp()`).Scan(&now); err != nil {
		tb.Fatal(err)
	}
	return now
}

// at returns the database's time at t on the test's clock.
func (c *dbClock) at(t time.Time) time.Time { return t.Add(c.offset) }

// waitUntil waits until the database's clock has passed t.
func (c *dbClock) waitUntil(tb testing.TB, t time.Time) {
	tb.Helper()
	waitFor(tb, "the database's clock to pass "+t.Format(time.RFC3339Nano), func() bool {
		return c.now(tb).After(t)
	})
}
