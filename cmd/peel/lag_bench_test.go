// BenchmarkPublicationLag measures how long after a scheduled page's time,
// by the database's clock, each of two servers on one PostgreSQL first
// serves it. It needs PostgreSQL and skips without it:
//
//	PEEL_TEST_DATABASE_URL='postgres://root@127.0.0.1:5432/test?sslmode=disable' \
//		go test -run '^$' -bench PublicationLag -benchtime 1x ./cmd/peel/
//
// Each iteration schedules lagDrafts pages a second apart; lag-mean-ms and
// lag-max-ms are over every page and server. A lag includes the request
// that saw the page and may overstate it by up to one poll interval. The
// ns/op is mostly waiting for the pages' times.

package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/store"
)

const (
	lagDrafts = 10                    // pages scheduled in each iteration, a second apart
	lagPoll   = 10 * time.Millisecond // how often each server is asked for the next page
)

func BenchmarkPublicationLag(b *testing.B) {
	db := fixture.PostgresURL(b)
	bin := buildPeel(b)
	mustRunPeel(b, bin, "--database", db, "migrate")

	// Distinct drafts: the seed page as other forces', in this schema only.
	forces := organisations(b, bin, db)
	if len(forces) < lagDrafts*b.N {
		b.Fatalf("%d forces make pages for %d iterations at most: run with -benchtime 1x", len(forces), len(forces)/lagDrafts)
	}
	forces = forces[:lagDrafts*b.N]
	args := []string{"--database", db, "import", "--draft"}
	for _, f := range forces {
		args = append(args, writeFile(b, f.slug+".txt", seedVariant(b, setLine(seedTitleLine, f.shortName+" PEEL 2016"))))
	}
	mustRunPeel(b, bin, args...)

	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	clock := newDBClock(b, db)
	servers := []*server{startServer(b, bin, db), startServer(b, bin, db)}

	var lags []time.Duration
	b.ResetTimer()
	for i := range b.N {
		batch := forces[i*lagDrafts : (i+1)*lagDrafts]
		// Scheduled in process, as `peel publish --at` does, so that even a
		// busy machine schedules them all before the first is due.
		first := clock.now(b).Add(3 * time.Second).Truncate(time.Second)
		paths := make([]string, len(batch))
		times := make([]time.Time, len(batch))
		for j, f := range batch {
			paths[j] = "peel-2016/" + f.slug + "/legitimacy"
			times[j] = first.Add(time.Duration(j) * time.Second)
			if _, err := st.PublishAssessment(ctx, "peel-2016", f.slug, "legitimacy", &times[j]); err != nil {
				b.Fatal(err)
			}
		}
		if now := clock.now(b); !now.Before(first) {
			b.Fatalf("scheduling ended at %s, after the first page's time %s", now, first)
		}
		lags = append(lags, measureLags(b, clock, servers, paths, times)...)
	}
	b.StopTimer()

	var sum time.Duration
	for _, lag := range lags {
		sum += lag
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(sum/time.Duration(len(lags))), "lag-mean-ms")
	b.ReportMetric(ms(slices.Max(lags)), "lag-max-ms")
}

// measureLags polls each server for each page in turn, and returns, for
// every server and page, how long after the page's time by the database's
// clock its first 200 arrived. The pages' times are in order.
func measureLags(b *testing.B, clock *dbClock, servers []*server, paths []string, times []time.Time) []time.Duration {
	b.Helper()
	var (
		mu   sync.Mutex
		lags []time.Duration
		errs []error
		wg   sync.WaitGroup
	)
	for n, s := range servers {
		wg.Go(func() {
			for j, path := range paths {
				lag, err := firstServed(clock, s.url+"/peel-assessments/"+path, times[j])
				mu.Lock()
				if err != nil {
					errs = append(errs, fmt.Errorf("server %d: %w", n+1, err))
				} else {
					lags = append(lags, lag)
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		b.Error(err)
	}
	if len(errs) > 0 {
		b.FailNow()
	}
	return lags
}

// firstServed polls url until it answers 200, and returns how long after
// at, by the database's clock, that answer arrived. A 200 before at is an
// error, as is any answer but 200 and 404.
func firstServed(clock *dbClock, url string, at time.Time) (time.Duration, error) {
	for {
		a, err := tryFetch(url)
		if err != nil {
			return 0, err
		}
		arrived := clock.at(a.received)
		switch {
		case a.status == http.StatusOK && arrived.Add(clock.slack).Before(at):
			return 0, fmt.Errorf("%s served at %s, before its time %s", url, arrived.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
		case a.status == http.StatusOK:
			return arrived.Sub(at), nil
		case a.status != http.StatusNotFound:
			return 0, fmt.Errorf("GET %s: %d", url, a.status)
		case arrived.After(at.Add(servedWithin)):
			return 0, fmt.Errorf("%s not served %v after its time", url, servedWithin)
		}
		time.Sleep(lagPoll)
	}
}

// force is an organisation that `peel organisation list` lists.
type force struct{ slug, shortName string }

// organisations returns the organisations peel knows, but Kent, whose page
// the seed is.
func organisations(tb testing.TB, bin, db string) []force {
	tb.Helper()
	out := mustRunPeel(tb, bin, "--database", db, "organisation", "list")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	// Columns are aligned under the heading.
	from, to := strings.Index(lines[0], "SHORT NAME"), strings.Index(lines[0], "REGION")
	if from < 0 || to < from {
		tb.Fatalf("peel organisation list has no SHORT NAME column before REGION:\n%s", out)
	}
	var list []force
	for _, line := range lines[1:] {
		if len(line) < to {
			tb.Fatalf("peel organisation list: a short line %q", line)
		}
		f := force{slug: strings.Fields(line)[0], shortName: strings.TrimSpace(line[from:to])}
		if f.slug != "kent" {
			list = append(list, f)
		}
	}
	return list
}
