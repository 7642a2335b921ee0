package main

import (
	"strings"
	"testing"
)

func TestAudit(t *testing.T) {
	db := newDatabase(t)
	as := env{"USER": "sample-user"}
	runEnv(t, as, "--database", db, "import", "--draft", seedFile(t, "kent.txt")).want(t, 0)
	runEnv(t, as, "--database", db, "publish", seedPath).want(t, 0)
	runEnv(t, as, "--database", db, "notice", "add", "--title", "Sample notice", "--body", "Sample text.").want(t, 0)

	r := run(t, "--database", db, "audit", "--subject", "/peel-assessments/"+seedPath).want(t, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "TIME") {
		t.Fatalf("the audit of the page is not a heading and two changes:\n%s", r.stdout)
	}
	for i, want := range []string{"operator (sample-user)  assessment.publish", "operator (sample-user)  assessment.create"} {
		if !strings.Contains(lines[i+1], want) {
			t.Errorf("line %d does not say %q:\n%s", i+2, want, lines[i+1])
		}
	}
	if !strings.Contains(lines[1], `{"version":1,"status":"draft"`) || !strings.Contains(lines[1], `{"version":2,"status":"published"`) {
		t.Errorf("the publication does not say what the page was before and after:\n%s", lines[1])
	}

	r = run(t, "--database", db, "audit", "--limit", "1").want(t, 0)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "notice.create") {
		t.Errorf("--limit 1 does not give the newest change, the notice:\n%s", r.stdout)
	}
	run(t, "--database", db, "audit", "--limit", "-1").want(t, exitUsage)
	run(t, "--database", db, "audit", "extra").want(t, exitUsage)
}
