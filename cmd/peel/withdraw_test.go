package main

import (
	"strings"
	"testing"
)

func TestWithdraw(t *testing.T) {
	db := importedSeed(t)
	const reason = "Sample reason for a test."
	run(t, "--database", db, "withdraw", seedPath).want(t, exitUsage) // no reason
	r := run(t, "--database", db, "withdraw", "--reason", reason, seedPath).want(t, 0)
	if r.stdout != seedPath+": withdrawn\n" {
		t.Errorf("stdout = %q", r.stdout)
	}
	doc := exportJSON(t, db, seedPath)
	if doc["status"] != "withdrawn" {
		t.Errorf("the assessment's status is %v, want withdrawn", doc["status"])
	}
	// Once withdrawn, it cannot be withdrawn again, nor published.
	r = run(t, "--database", db, "withdraw", "--reason", reason, seedPath).want(t, exitRefused)
	if !strings.Contains(r.stderr, "withdrawn") {
		t.Errorf("a second withdrawal does not say why it is refused:\n%s", r.stderr)
	}
	run(t, "--database", db, "publish", seedPath).want(t, exitRefused)
	if r := run(t, "--database", db, "audit", "--subject", "/peel-assessments/"+seedPath, "--limit", "1").want(t, 0); !strings.Contains(r.stdout, reason) {
		t.Errorf("the audit log's newest entry does not give the reason:\n%s", r.stdout)
	}
}
