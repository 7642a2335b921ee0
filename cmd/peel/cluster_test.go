package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
)

// servedWithin bounds how long after its time a scheduled page may take to
// be served: a limit against hanging, far above the one-second goal, whose
// measurement is BenchmarkPublicationLag's.
const servedWithin = 15 * time.Second

// TestClusterScheduledPublication runs two servers on one PostgreSQL schema
// and schedules a draft a few seconds ahead by the database's clock: neither
// serves it before its time, both serve it after, and it is published once.
// Then a draft comes due while every server is down, and the next server to
// start publishes it.
func TestClusterScheduledPublication(t *testing.T) {
	db := fixture.PostgresURL(t)
	bin := buildPeel(t)
	mustRunPeel(t, bin, "--database", db, "migrate")
	mustRunPeel(t, bin, "--database", db, "import", "--draft", fixture.SeedPath(t))
	clock := newDBClock(t, db)
	servers := []*server{startServer(t, bin, db), startServer(t, bin, db)}

	// A whole second some seconds ahead by the database's clock: time
	// enough, even on a busy machine, to schedule it and ask for it first.
	at := clock.now(t).Add(5 * time.Second).Truncate(time.Second)
	out := mustRunPeel(t, bin, "--database", db, "publish", "--at", at.Format(time.RFC3339), seedPath)
	if want := seedPath + ": scheduled for " + at.UTC().Format(time.RFC3339) + "\n"; out != want {
		t.Fatalf("peel publish --at says %q, want %q", out, want)
	}

	first := pollUntilServed(t, clock, servers, "/peel-assessments/"+seedPath, at)
	for i, served := range first {
		t.Logf("server %d first served the page %v after its time", i+1, served.Sub(at).Round(time.Millisecond))
	}

	// Every server's publisher has its turn after the time before the
	// publications are counted: a second publication would show by then.
	waitFor(t, "a server to record the publication", func() bool {
		return publishedLines(servers, seedPath) > 0
	})
	time.Sleep(4 * publishInterval)
	if n := publishedLines(servers, seedPath); n != 1 {
		t.Errorf("the servers logged %d publications of %s, want 1:\n%s", n, seedPath, serverLogs(servers))
	}
	checkPublishedOnce(t, clock, "kent", at)

	// A second draft comes due while no server runs.
	const essexPath = "peel-2016/essex/legitimacy"
	essex := writeFile(t, "essex.txt", seedVariant(t, setLine(seedTitleLine, "Essex PEEL 2016")))
	mustRunPeel(t, bin, "--database", db, "import", "--draft", essex)
	for _, s := range servers {
		s.stop(t)
	}
	at2 := clock.now(t).Add(2 * time.Second).Truncate(time.Second)
	mustRunPeel(t, bin, "--database", db, "publish", "--at", at2.Format(time.RFC3339), essexPath)
	clock.waitUntil(t, at2)

	late := startServer(t, bin, db)
	waitFor(t, "the server started after the time to publish the page", func() bool {
		return publishedLines([]*server{late}, essexPath) > 0
	})
	for _, path := range []string{essexPath, seedPath} {
		if a := fetch(t, late.url+"/peel-assessments/"+path); a.status != http.StatusOK {
			t.Errorf("GET /peel-assessments/%s from the server started after the time: %d, want 200", path, a.status)
		}
	}
	late.stop(t)
	if n := publishedLines([]*server{late}, essexPath); n != 1 {
		t.Errorf("the server started after the time logged %d publications of %s, want 1:\n%s", n, essexPath, late.log.String())
	}
	checkPublishedOnce(t, clock, "essex", at2)
}

// pollUntilServed polls the page on every server about every 50 ms until
// each has answered 200, failing the test if any serves it before at (by
// the database's clock) or answers anything but 200 or 404. It returns when,
// by the database's clock, each server's first 200 had arrived.
func pollUntilServed(tb testing.TB, clock *dbClock, servers []*server, path string, at time.Time) []time.Time {
	tb.Helper()
	first := make([]time.Time, len(servers))
	early := make([]int, len(servers)) // 404s wholly before the time
	for {
		done := true
		for i, s := range servers {
			a := fetch(tb, s.url+path)
			// The response was made before it was read: when it arrived
			// before the time, by the clock and less what the clock's
			// measurement may be off by, the page was not yet due.
			beforeTime := clock.at(a.received).Add(clock.slack).Before(at)
			switch {
			case a.status == http.StatusOK && beforeTime:
				tb.Fatalf("server %d served %s at %s by the database's clock, before its time %s",
					i+1, path, clock.at(a.received).Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
			case a.status == http.StatusOK && first[i].IsZero():
				first[i] = clock.at(a.received)
			case a.status == http.StatusNotFound && !first[i].IsZero():
				tb.Fatalf("server %d served %s, then answered 404", i+1, path)
			case a.status == http.StatusNotFound && beforeTime:
				early[i]++
			case a.status != http.StatusOK && a.status != http.StatusNotFound:
				tb.Fatalf("GET %s from server %d: %d\n%s", path, i+1, a.status, s.log.String())
			}
			done = done && !first[i].IsZero()
		}
		if done {
			break
		}
		if clock.at(time.Now()).After(at.Add(servedWithin)) {
			tb.Fatalf("%v after its time, not every server serves %s: first 200s at %v\n%s", servedWithin, path, first, serverLogs(servers))
		}
		time.Sleep(50 * time.Millisecond)
	}
	for i, n := range early {
		if n == 0 {
			// Without one, the test has not shown the page was kept back.
			tb.Fatalf("server %d was not asked for %s before its time: scheduling took too long", i+1, path)
		}
	}
	return first
}

// publishedLines counts the publications of the assessment at path
// (framework/organisation/pillar) that the servers have logged.
func publishedLines(servers []*server, path string) int {
	re := regexp.MustCompile(`(?m)^time=\S+ level=INFO msg=published path=/peel-assessments/` + regexp.QuoteMeta(path) + ` `)
	n := 0
	for _, s := range servers {
		n += len(re.FindAllString(s.log.String(), -1))
	}
	return n
}

func serverLogs(servers []*server) string {
	var b strings.Builder
	for i, s := range servers {
		fmt.Fprintf(&b, "server %d:\n%s", i+1, s.log.String())
	}
	return b.String()
}

// checkPublishedOnce checks the stored history of the organisation's
// legitimacy assessment on PEEL 2016, imported as a draft and then
// published at its time: a draft version 1 and one published version 2,
// public as of at.
func checkPublishedOnce(tb testing.TB, clock *dbClock, organisation string, at time.Time) {
	tb.Helper()
	rows, err := clock.db.Query(`
		SELECT v.version, v.status FROM assessment_versions v
		JOIN assessments a ON a.id = v.assessment_id
		JOIN organisations o ON o.id = a.organisation_id
		JOIN pillars p ON p.id = a.pillar_id
		JOIN frameworks f ON f.id = p.framework_id
		WHERE f.slug = 'peel-2016' AND o.slug = $1 AND p.slug = 'legitimacy'
		ORDER BY v.version`, organisation)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var versions []string
	for rows.Next() {
		var version int
		var status string
		if err := rows.Scan(&version, &status); err != nil {
			tb.Fatal(err)
		}
		versions = append(versions, fmt.Sprintf("%d %s", version, status))
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	if got, want := strings.Join(versions, ", "), "1 draft, 2 published"; got != want {
		tb.Errorf("%s's versions are %q, want %q", organisation, got, want)
	}

	var status string
	var version int
	var publishedAt time.Time
	err = clock.db.QueryRow(`
		SELECT a.status, a.version, a.published_at FROM assessments a
		JOIN organisations o ON o.id = a.organisation_id
		WHERE o.slug = $1`, organisation).Scan(&status, &version, &publishedAt)
	if err != nil {
		tb.Fatal(err)
	}
	if status != "published" || version != 2 || !publishedAt.Equal(at) {
		tb.Errorf("%s's assessment is %s, version %d, public from %s; want published, version 2, public from %s",
			organisation, status, version, publishedAt.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
	}
}
