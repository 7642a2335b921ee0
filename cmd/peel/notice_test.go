package main

import (
	"regexp"
	"strings"
	"testing"
)

func TestNotice(t *testing.T) {
	db := newDatabase(t)
	notice := func(args ...string) result {
		t.Helper()
		return run(t, append([]string{"--database", db, "notice"}, args...)...)
	}

	r := notice("list").want(t, 0)
	if !regexp.MustCompile(`^ID\s+ACTIVE\s+FROM\s+UNTIL\s+MAINTENANCE\s+TITLE\n$`).MatchString(r.stdout) {
		t.Errorf("notice list with no notices:\n%s", r.stdout)
	}

	// Far past and far future, so that which notice is active does not
	// depend on when the test runs.
	r = notice("add", "--title", "Sample downtime", "--body", "A sample notice, written for a test.",
		"--from", "2000-01-01T09:00:00+01:00", "--until", "2999-01-01T00:00:00Z").want(t, 0)
	if r.stdout != "notice 1 added\n" {
		t.Errorf("notice add says %q, want %q", r.stdout, "notice 1 added\n")
	}
	r = notice("add", "--title", "Sample future notice", "--body", "Not shown yet.", "--from", "2999-06-01T00:00:00Z").want(t, 0)
	if r.stdout != "notice 2 added\n" {
		t.Errorf("notice add says %q, want %q", r.stdout, "notice 2 added\n")
	}
	r = notice("add", "--title", "Sample notice with no dates", "--body", "Shown from now on.").want(t, 0)
	if r.stdout != "notice 3 added\n" {
		t.Errorf("notice add says %q, want %q", r.stdout, "notice 3 added\n")
	}
	r = notice("add", "--title", "Sample maintenance", "--body", "The editor will be read-only.",
		"--maintenance-from", "2999-02-01T09:00:00Z", "--maintenance-until", "2999-02-01T11:00:00+01:00").want(t, 0)
	if r.stdout != "notice 4 added\n" {
		t.Errorf("notice add says %q, want %q", r.stdout, "notice 4 added\n")
	}

	r = notice("list").want(t, 0)
	for _, want := range []string{
		`(?m)^1\s+yes\s+2000-01-01T08:00:00Z\s+2999-01-01T00:00:00Z\s+-\s+Sample downtime$`, // the same instant as given, in UTC
		`(?m)^2\s+no\s+2999-06-01T00:00:00Z\s+-\s+-\s+Sample future notice$`,
		`(?m)^3\s+yes\s+\S+\s+-\s+-\s+Sample notice with no dates$`,
		`(?m)^4\s+yes\s+\S+\s+-\s+2999-02-01T09:00:00Z/2999-02-01T10:00:00Z\s+Sample maintenance$`,
	} {
		if !regexp.MustCompile(want).MatchString(r.stdout) {
			t.Errorf("notice list does not match %s:\n%s", want, r.stdout)
		}
	}

	r = notice("remove", "1").want(t, 0)
	if r.stdout != "notice 1 removed\n" {
		t.Errorf("notice remove says %q", r.stdout)
	}
	r = notice("list").want(t, 0)
	if strings.Contains(r.stdout, "Sample downtime") || !strings.Contains(r.stdout, "Sample future notice") {
		t.Errorf("after removing notice 1:\n%s", r.stdout)
	}

	r = notice("remove", "1").want(t, 1)
	if r.stdout != "" || !strings.Contains(r.stderr, "no notice 1") {
		t.Errorf("removing notice 1 again: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

func TestNoticeAddRefused(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"UntilBeforeFrom", []string{"--title", "T", "--body", "B", "--from", "2030-01-02T00:00:00Z", "--until", "2030-01-01T00:00:00Z"}, "after"},
		{"UntilEqualsFrom", []string{"--title", "T", "--body", "B", "--from", "2030-01-02T00:00:00Z", "--until", "2030-01-02T00:00:00Z"}, "after"},
		{"BadFrom", []string{"--title", "T", "--body", "B", "--from", "tomorrow"}, `"tomorrow"`},
		{"BadUntil", []string{"--title", "T", "--body", "B", "--until", "2030-01-01"}, `"2030-01-01"`},
		{"NoTitle", []string{"--body", "B"}, "title"},
		{"NoBody", []string{"--title", "T"}, "body"},
		{"MaintenanceUntilBeforeFrom", []string{"--title", "T", "--body", "B", "--maintenance-from", "2030-01-02T00:00:00Z", "--maintenance-until", "2030-01-01T00:00:00Z"}, "maintenance until"},
		{"MaintenanceFromOnly", []string{"--title", "T", "--body", "B", "--maintenance-from", "2030-01-02T00:00:00Z"}, "both"},
		{"BadMaintenanceUntil", []string{"--title", "T", "--body", "B", "--maintenance-from", "2030-01-02T00:00:00Z", "--maintenance-until", "soon"}, `--maintenance-until "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDatabase(t)
			r := run(t, append([]string{"--database", db, "notice", "add"}, tt.args...)...).want(t, 2)
			if !strings.HasPrefix(r.stderr, "peel notice add: ") || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr does not say %q:\n%s", tt.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
			if list := run(t, "--database", db, "notice", "list").want(t, 0).stdout; strings.Count(list, "\n") != 1 {
				t.Errorf("a refused notice is stored:\n%s", list)
			}
		})
	}
}
