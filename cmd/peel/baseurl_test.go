package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
)

// serveFor starts peel serve on a free port with the environment and
// arguments, and returns the address it listens on; the server stops when
// the test ends.
func serveFor(t *testing.T, e env, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr fixture.Log
	done := make(chan int, 1)
	if e == nil {
		e = env{}
	}
	if _, ok := e["PEEL_ADDR"]; !ok {
		e["PEEL_ADDR"] = "127.0.0.1:0"
	}
	go func() {
		done <- Run(ctx, append([]string{"serve"}, args...), strings.NewReader(""), &stdout, &stderr, e.get)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(patience):
			t.Error("the server did not stop")
		}
	})
	return serverURL(t, &stderr, func() bool { return len(done) > 0 })
}

func TestServeBaseURL(t *testing.T) {
	db := importedSeed(t)
	tests := []struct {
		name string
		env  env
		args []string
		want string // the base of the sitemap's address in robots.txt; "" for the address served
	}{
		{"Flag", nil, []string{"--base-url", "https://peel.example.org"}, "https://peel.example.org"},
		{"Environment", env{"PEEL_BASE_URL": "https://peel.example.org/"}, nil, "https://peel.example.org"},
		{"FlagOverridesEnvironment", env{"PEEL_BASE_URL": "https://other.example.org"}, []string{"--base-url", "http://peel.example.org:8080"}, "http://peel.example.org:8080"},
		{"FromAddress", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := env{"PEEL_DATABASE": db}
			for k, v := range tt.env {
				e[k] = v
			}
			served := serveFor(t, e, tt.args...)
			want := tt.want
			if want == "" {
				want = served
			}
			_, robots := get(t, served+"/robots.txt")
			if !strings.Contains(robots, "Sitemap: "+want+"/sitemap.xml\n") {
				t.Errorf("robots.txt does not name %s/sitemap.xml:\n%s", want, robots)
			}
			_, feed := get(t, served+"/feed.atom")
			if !strings.Contains(feed, `href="`+want+`/peel-assessments/`+seedPath+`"`) {
				t.Errorf("the feed does not link to %s/peel-assessments/%s:\n%s", want, seedPath, feed)
			}
		})
	}

	t.Run("AnyInterfaceIsLocalhost", func(t *testing.T) {
		served := serveFor(t, env{"PEEL_DATABASE": db, "PEEL_ADDR": "0.0.0.0:0"})
		port := served[strings.LastIndex(served, ":"):]
		if _, robots := get(t, served+"/robots.txt"); !strings.Contains(robots, "Sitemap: http://localhost"+port+"/sitemap.xml\n") {
			t.Errorf("listening on every interface, robots.txt does not name the sitemap on localhost%s:\n%s", port, robots)
		}
	})
}

// TestServeSettingRefused checks serve refuses a bad setting, from its flag or its
// variable, and says which.
func TestServeSettingRefused(t *testing.T) {
	tests := []struct {
		name string
		env  env
		args []string
		flag string
		bad  string
	}{
		{"NotAURL", nil, []string{"--base-url", "not a url"}, "--base-url", "not a url"},
		{"Query", nil, []string{"--base-url", "https://peel.example.org/?from=feed"}, "--base-url", "https://peel.example.org/?from=feed"},
		{"Path", nil, []string{"--base-url", "https://peel.example.org/peel"}, "--base-url", "https://peel.example.org/peel"},
		{"Scheme", nil, []string{"--base-url", "ftp://peel.example.org"}, "--base-url", "ftp://peel.example.org"},
		{"Environment", env{"PEEL_BASE_URL": "not a url"}, nil, "--base-url", "not a url"},
		{"CacheNegative", nil, []string{"--cache-mb", "-1"}, "--cache-mb", "-1"},
		{"CacheEnvironment", env{"PEEL_CACHE_MB": "lots"}, nil, "--cache-mb", "lots"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := emptyDatabase(t)
			e := env{"PEEL_ADDR": "127.0.0.1:0"}
			for k, v := range tt.env {
				e[k] = v
			}
			// Were the URL taken, the server would run until the context
			// ends and exit 0.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var stdout, stderr strings.Builder
			code := Run(ctx, append([]string{"--database", db, "serve"}, tt.args...), strings.NewReader(""), &stdout, &stderr, e.get)
			if code != exitUsage {
				t.Fatalf("exit status %d, want %d\nstderr:\n%s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), "peel serve: "+tt.flag+": ") || !strings.Contains(stderr.String(), `"`+tt.bad+`"`) {
				t.Errorf("stderr does not say that %s %q is wrong:\n%s", tt.flag, tt.bad, stderr.String())
			}
			if stdout.String() != "" {
				t.Errorf("a usage error wrote to stdout:\n%s", stdout.String())
			}
			if _, err := os.Stat(db); err == nil {
				t.Errorf("a usage error created the database")
			}
		})
	}
}

func TestServeHelpBaseURL(t *testing.T) {
	r := run(t, "serve", "--help").want(t, 0)
	for _, want := range []string{"--base-url URL", "PEEL_BASE_URL", "--addr's host and port"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("peel serve --help does not show %q:\n%s", want, r.stdout)
		}
	}
	// A base URL from the environment is the default the help gives.
	r = runEnv(t, env{"PEEL_BASE_URL": "https://peel.example.org"}, "serve", "--help").want(t, 0)
	if !strings.Contains(r.stdout, `(default "https://peel.example.org")`) {
		t.Errorf("peel serve --help does not give PEEL_BASE_URL's value as the default:\n%s", r.stdout)
	}
}
