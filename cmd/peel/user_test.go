package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

// runStdin runs peel in process with args and what it reads on standard
// input.
func runStdin(tb testing.TB, stdin string, args ...string) result {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr, env(nil).get)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestUser(t *testing.T) {
	db := newDatabase(t)
	user := func(args ...string) result {
		t.Helper()
		return run(t, append([]string{"--database", db, "user"}, args...)...)
	}

	r := runStdin(t, "sample password of some length\n", "--database", db, "user", "add", "Inspector@Example.org", "--role", "inspector", "--password-stdin").want(t, 0)
	if r.stdout != "user inspector@example.org added as inspector\n" {
		t.Errorf("user add --password-stdin says %q", r.stdout)
	}
	r = runEnv(t, env{"PEEL_BASE_URL": "https://peel.example.org"}, "--database", db, "user", "add", "liaison@example.org", "--role", "liaison", "--organisation", "kent").want(t, 0)
	if !regexp.MustCompile(`^user liaison@example.org added as liaison; they set their password at this link, which works once, until \S+:\nhttps://peel\.example\.org/set-password/[A-Za-z0-9_-]{43}\n$`).MatchString(r.stdout) {
		t.Errorf("user add without a password says %q", r.stdout)
	}
	r = user("add", "moderator@example.org", "--role", "moderator").want(t, 0)
	if !strings.Contains(r.stdout, "\nhttp://localhost:8080/set-password/") {
		t.Errorf("the link without PEEL_BASE_URL: %q", r.stdout)
	}

	r = user("list").want(t, 0)
	for _, want := range []string{
		`(?m)^EMAIL\s+ROLE\s+ORGANISATION\s+STATUS\s+ADDED$`,
		`(?m)^inspector@example.org\s+inspector\s+-\s+active\s+\S+Z$`,
		`(?m)^liaison@example.org\s+liaison\s+kent\s+no password yet\s+\S+Z$`,
	} {
		if !regexp.MustCompile(want).MatchString(r.stdout) {
			t.Errorf("user list does not match %s:\n%s", want, r.stdout)
		}
	}

	r = user("disable", "INSPECTOR@example.org").want(t, 0)
	if r.stdout != "user inspector@example.org disabled\n" {
		t.Errorf("user disable says %q", r.stdout)
	}
	if r = user("list").want(t, 0); !regexp.MustCompile(`(?m)^inspector@example.org\s+inspector\s+-\s+disabled`).MatchString(r.stdout) {
		t.Errorf("a disabled user is listed as:\n%s", r.stdout)
	}

	t.Run("Errors", func(t *testing.T) {
		for _, tt := range []struct {
			stdin string
			args  []string
			code  int
			want  string
		}{
			{"", []string{"add", "a@example.org"}, exitUsage, "--role is required"},
			{"", []string{"add", "a@example.org", "--role", "editor"}, exitUsage, `"editor" is not a role: use one of administrator, inspector, moderator, publisher, liaison`},
			{"", []string{"add", "not-an-address", "--role", "inspector"}, exitUsage, `"not-an-address" is not an email address`},
			{"", []string{"add", "a@example.org", "--role", "liaison"}, exitUsage, "a liaison speaks for one organisation"},
			{"", []string{"add", "a@example.org", "--role", "publisher", "--organisation", "kent"}, exitUsage, "only a liaison belongs to an organisation"},
			{"", []string{"add", "a@example.org", "--role", "liaison", "--organisation", "atlantis"}, exitRefused, `no organisation "atlantis"`},
			{"short\n", []string{"add", "a@example.org", "--role", "inspector", "--password-stdin"}, exitUsage, "a password must be 12 characters or more"},
			{"", []string{"add", "LIAISON@example.org", "--role", "inspector"}, exitRefused, "a user with the email address liaison@example.org exists already"},
			{"", []string{"add"}, exitUsage, "name one user by their email address"},
			{"", []string{"disable", "nobody@example.org"}, exitRefused, "no user with the email address nobody@example.org"},
		} {
			r := runStdin(t, tt.stdin, append([]string{"--database", db, "user"}, tt.args...)...).want(t, tt.code)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("user %s: stderr does not say %q:\n%s", strings.Join(tt.args, " "), tt.want, r.stderr)
			}
		}
		if r := user("list").want(t, 0); strings.Contains(r.stdout, "a@example.org") {
			t.Errorf("a refused user was added:\n%s", r.stdout)
		}
	})
}

func TestToken(t *testing.T) {
	db := newDatabase(t)
	token := func(args ...string) result {
		t.Helper()
		return run(t, append([]string{"--database", db, "token"}, args...)...)
	}
	run(t, "--database", db, "user", "add", "publisher@example.org", "--role", "publisher").want(t, 0)

	r := token("add", "publisher@example.org", "--name", "Sample script").want(t, 0)
	if !regexp.MustCompile(`^peel_[A-Za-z0-9_-]{43}\n$`).MatchString(r.stdout) {
		t.Errorf("token add prints %q, want the token alone", r.stdout)
	}
	if r.stderr != "token 1 added for publisher@example.org; it is shown only this once:\n" {
		t.Errorf("token add says %q", r.stderr)
	}
	secret := strings.TrimSpace(r.stdout)
	r = token("list").want(t, 0)
	if !regexp.MustCompile(`(?m)^1\s+publisher@example.org\s+\S+Z\s+-\s+Sample script$`).MatchString(r.stdout) || strings.Contains(r.stdout, secret) {
		t.Errorf("token list:\n%s", r.stdout)
	}
	if r = token("revoke", "1").want(t, 0); r.stdout != "token 1 revoked\n" {
		t.Errorf("token revoke says %q", r.stdout)
	}
	if r = token("list").want(t, 0); !regexp.MustCompile(`(?m)^1\s+publisher@example.org\s+\S+Z\s+\S+Z\s+Sample script$`).MatchString(r.stdout) {
		t.Errorf("a revoked token is listed as:\n%s", r.stdout)
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"add", "publisher@example.org"}, exitUsage, "--name is required"},
		{[]string{"add", "nobody@example.org", "--name", "x"}, exitRefused, "no user with the email address nobody@example.org"},
		{[]string{"revoke", "x"}, exitUsage, "name one token by its ID"},
		{[]string{"revoke", "99"}, exitRefused, "no API token 99"},
	} {
		r := token(tt.args...).want(t, tt.code)
		if !strings.Contains(r.stderr, tt.want) {
			t.Errorf("token %s: stderr does not say %q:\n%s", strings.Join(tt.args, " "), tt.want, r.stderr)
		}
	}
}
