package main

import (
	"strings"
	"testing"
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
