package main

import (
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

func TestImportRecommendations(t *testing.T) {
	db := newDatabase(t)
	run(t, "--database", db, "import-publication", writeFile(t, "overview.yaml", []byte(
		"title: A sample overview\nkind: national-overview\nsummary: Sample.\n"))).want(t, 0)
	const head = "issued_in,text,theme,due,organisations\n"

	t.Run("ErrInvalid", func(t *testing.T) {
		for _, c := range []struct{ file, want string }{
			{head + "a-sample-overview,Sample text.,sample,2031-01-01,all\nno-such,Sample text.,sample,,all\n", "bad.csv:3: issued_in:"},
			{head + "a-sample-overview,Sample text.,sample,someday,all\n", "bad.csv:2: due:"},
			{head + "a-sample-overview,,sample,,all\n", "bad.csv:2: text:"},
			{head + "a-sample-overview,Sample text.,sample,,kent;nowhere\n", "bad.csv:2: organisations:"},
			{head + "a-sample-overview,Sample text.,sample,,\n", "bad.csv:2: organisations:"},
			{"id," + head + "x,a-sample-overview,Sample text.,sample,,all\n", "bad.csv:2: id:"},
			{"issued_in,text,organisations\n", `bad.csv:1: not a table of recommendations: no "theme" column`},
		} {
			r := run(t, "--database", db, "import-recommendations", writeFile(t, "bad.csv", []byte(c.file))).want(t, exitRefused)
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr %q, want %q", r.stderr, c.want)
			}
		}
		// All or nothing: the good first line of the first file is not stored.
		if r := run(t, "--database", db, "audit", "--subject", "/recommendations/1").want(t, 0); strings.Contains(r.stdout, "recommendation.create") {
			t.Errorf("a refused file stored a recommendation:\n%s", r.stdout)
		}
	})

	t.Run("OK", func(t *testing.T) {
		good := head + "a-sample-overview,\"Every force should adopt a sample plan.\",sample-theme,2031-06-30,all\n" +
			"a-sample-overview,Two forces should do a sample thing.,other-theme,,kent; essex\n"
		if r := run(t, "--database", db, "import-recommendations", writeFile(t, "good.csv", []byte(good))).want(t, 0); !strings.Contains(r.stdout, "2 created, 0 changed") {
			t.Errorf("stdout = %q", r.stdout)
		}
		if r := run(t, "--database", db, "audit", "--subject", "/recommendations/1").want(t, 0); !strings.Contains(r.stdout, "recommendation.create") || !strings.Contains(r.stdout, "operator") {
			t.Errorf("the audit log does not record the operator's recommendation:\n%s", r.stdout)
		}
		change := "id," + head + "2,a-sample-overview,Two forces should do a sample thing.,other-theme,2032-01-01,kent;essex;surrey\n"
		if r := run(t, "--database", db, "import-recommendations", writeFile(t, "change.csv", []byte(change))).want(t, 0); !strings.Contains(r.stdout, "0 created, 1 changed") {
			t.Errorf("stdout = %q", r.stdout)
		}
	})
}

func TestRecommendationEntry(t *testing.T) {
	db := newDatabase(t)
	run(t, "--database", db, "import-publication", writeFile(t, "overview.yaml", []byte(
		"title: A sample overview\nkind: national-overview\nsummary: Sample.\n"))).want(t, 0)
	run(t, "--database", db, "publication", "publish", "a-sample-overview").want(t, 0)
	run(t, "--database", db, "import-recommendations", writeFile(t, "recs.csv", []byte(
		"issued_in,text,theme,due,organisations\na-sample-overview,A sample recommendation.,sample,2027-01-31,kent;essex\n"))).want(t, 0)
	run(t, "--database", db, "user", "add", "kent@example.org", "--role", "liaison", "--organisation", "kent").want(t, 0)
	run(t, "--database", db, "user", "add", "inspector@example.org", "--role", "inspector").want(t, 0)
	entry := func(args ...string) []string {
		return append([]string{"--database", db, "recommendation", "entry"}, args...)
	}

	t.Run("ErrUsage", func(t *testing.T) {
		for _, args := range [][]string{
			{"1", "kent", "--kind", "progress", "--comment", "x"},                                       // no --as
			{"1", "kent", "--as", "kent@example.org", "--comment", "x"},                                 // no --kind
			{"1", "--as", "kent@example.org", "--kind", "progress"},                                     // no organisation
			{"one", "kent", "--as", "kent@example.org", "--kind", "progress", "--comment", "x"},         // not a number
			{"1", "kent", "--as", "inspector@example.org", "--kind", "status", "--evidence", "x"},       // evidence of a status
			{"1", "kent", "--as", "inspector@example.org", "--kind", "status", "--verdict", "accepted"}, // verdict of a status
		} {
			run(t, entry(args...)...).want(t, exitUsage)
		}
	})
	t.Run("ErrRefused", func(t *testing.T) {
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"1", "essex", "--as", "kent@example.org", "--kind", "progress", "--status", "being-progressed", "--comment", "Sample."}, "only for their own force, not essex"},
			{[]string{"1", "kent", "--as", "inspector@example.org", "--kind", "progress", "--status", "being-progressed", "--comment", "Sample."}, "recorded by its liaison"},
			{[]string{"1", "kent", "--as", "kent@example.org", "--kind", "status", "--status", "complete"}, "may not make or review recommendations"},
			{[]string{"1", "kent", "--as", "nobody@example.org", "--kind", "progress", "--comment", "Sample."}, "as: no user nobody@example.org"},
			{[]string{"1", "kent", "--as", "kent@example.org", "--kind", "progress", "--status", "being-progressed"}, "note: say what the force has done"},
			{[]string{"1", "kent", "--as", "kent@example.org", "--kind", "progress", "--status", "started", "--comment", "Sample."}, "status: \"started\" is not one of"},
			{[]string{"1", "kent", "--as", "inspector@example.org", "--kind", "review", "--verdict", "accepted"}, "no update on recommendation 1 waiting for review"},
			{[]string{"9", "kent", "--as", "inspector@example.org", "--kind", "status", "--status", "complete"}, "no recommendation 9"},
		} {
			r := run(t, entry(c.args...)...).want(t, exitRefused)
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("%v: stderr %q, want %q", c.args, r.stderr, c.want)
			}
		}
		if r := run(t, "--database", db, "audit", "--subject", "/recommendations/1/kent").want(t, 0); strings.Contains(r.stdout, "recommendation.") {
			t.Errorf("a refused entry was recorded:\n%s", r.stdout)
		}
	})
	t.Run("OK", func(t *testing.T) {
		r := run(t, entry("1", "kent", "--as", "kent@example.org", "--kind", "progress", "--status", "being-progressed",
			"--comment", "A sample plan is drafted.", "--evidence", "https://example.org/plan", "--evidence", "A sample minute.")...).want(t, 0)
		if !strings.Contains(r.stdout, "recommendation 1, kent: progress recorded as kent@example.org's; status Being progressed") {
			t.Errorf("stdout = %q", r.stdout)
		}
		r = run(t, entry("1", "kent", "--as", "inspector@example.org", "--kind", "review", "--verdict", "questioned", "--comment", "Sample question.")...).want(t, 0)
		if !strings.Contains(r.stdout, "review recorded as inspector@example.org's; status Being progressed") {
			t.Errorf("stdout = %q", r.stdout)
		}
		if r := run(t, "--database", db, "audit", "--subject", "/recommendations/1/kent").want(t, 0); !strings.Contains(r.stdout, "recommendation.progress") ||
			!strings.Contains(r.stdout, "kent@example.org") || !strings.Contains(r.stdout, "recommendation.review") {
			t.Errorf("the audit log does not record the entries as their users':\n%s", r.stdout)
		}
	})
	t.Run("Stale", func(t *testing.T) {
		today := peel.UKDate(time.Now())
		later := peel.Date{Time: today.AddDate(0, 7, 0)}.String()
		if r := run(t, "--database", db, "recommendation", "stale").want(t, 0); strings.Contains(r.stdout, "kent") {
			t.Errorf("today, nothing is six months old:\n%s", r.stdout)
		}
		r := run(t, "--database", db, "recommendation", "stale", "--on", later).want(t, 0)
		if !strings.Contains(r.stdout, "1   essex") || !strings.Contains(r.stdout, "1   kent") || !strings.Contains(r.stdout, "2027-01-31 (past due)") ||
			!strings.Contains(r.stdout, "being-progressed  "+today.String()) {
			t.Errorf("seven months on:\n%s", r.stdout)
		}
		r = run(t, "--database", db, "recommendation", "stale", "--on", later, "--months", "9", "--organisation", "kent").want(t, 0)
		if strings.Contains(r.stdout, "kent") {
			t.Errorf("nothing is nine months old seven months on:\n%s", r.stdout)
		}
		run(t, "--database", db, "recommendation", "stale", "--months", "0").want(t, exitUsage)
		run(t, "--database", db, "recommendation", "stale", "--on", "someday").want(t, exitRefused)
	})
}
