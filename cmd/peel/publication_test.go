package main

import (
	"strings"
	"testing"
)

// sampleReviewYAML is a follow-up review in the file form, with a scale
// and words of its own.
const sampleReviewYAML = `title: Sample review of plans
kind: follow-up-review
date: 2031-05-02
summary: A sample summary of a sample review.
body:
  - The first sample paragraph.
organisations: [kent, essex]
links:
  - title: A sample overview
scale:
  - label: Wholly done
    colour: green
  - label: Partly done
    colour: yellow
  - slug: not-begun
    label: Not begun
`

func TestImportPublication(t *testing.T) {
	db := newDatabase(t)
	file := writeFile(t, "review.yaml", []byte(sampleReviewYAML))
	r := run(t, "--database", db, "import-publication", file).want(t, 0)
	if !strings.Contains(r.stdout, "/publications/sample-review-of-plans created (draft)") {
		t.Errorf("stdout = %q", r.stdout)
	}
	if r := run(t, "--database", db, "import-publication", file).want(t, 0); !strings.Contains(r.stdout, "unchanged") {
		t.Errorf("a second import says %q", r.stdout)
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		for name, text := range map[string]string{
			"kind":   strings.Replace(sampleReviewYAML, "follow-up-review", "pamphlet", 1),
			"colour": strings.Replace(sampleReviewYAML, "colour: green", "colour: gold", 1),
			"line 2": strings.Replace(sampleReviewYAML, "kind:", "knid:", 1),
		} {
			r := run(t, "--database", db, "import-publication", writeFile(t, "bad.yaml", []byte(text))).want(t, exitRefused)
			if !strings.Contains(r.stderr, "bad.yaml") || !strings.Contains(r.stderr, strings.TrimPrefix(name, "line ")) {
				t.Errorf("%s: the error does not say where: %s", name, r.stderr)
			}
		}
	})

	t.Run("Outcomes", func(t *testing.T) {
		bad := "publication,organisation,outcome,narrative\n" +
			"sample-review-of-plans,kent,Partly done,\"Sample words.\n\nMore sample words.\"\n" +
			"sample-review-of-plans,essex,finished,Sample words.\n"
		r := run(t, "--database", db, "import-outcomes", writeFile(t, "bad.csv", []byte(bad))).want(t, exitRefused)
		if !strings.Contains(r.stderr, "bad.csv:5: outcome:") {
			t.Errorf("the error does not give the line and the field: %s", r.stderr)
		}
		for _, c := range []struct{ file, want string }{
			{"publication,organisation,outcome,narrative\nno-such,kent,x,y\n", "bad.csv:2: publication:"},
			{"publication,organisation,outcome,narrative\nsample-review-of-plans,nowhere,not-begun,y\n", "bad.csv:2: organisation:"},
			{"publication,organisation,outcome,narrative\nsample-review-of-plans,kent,not-begun,\n", "bad.csv:2: narrative:"},
			{"publication,organisation,narrative\n", `bad.csv:1: not a table of outcomes: no "outcome" column`},
		} {
			r := run(t, "--database", db, "import-outcomes", writeFile(t, "bad.csv", []byte(c.file))).want(t, exitRefused)
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr %q, want %q", r.stderr, c.want)
			}
		}
		good := strings.Replace(bad, "finished", "not-begun", 1)
		if r := run(t, "--database", db, "import-outcomes", writeFile(t, "good.csv", []byte(good))).want(t, 0); !strings.Contains(r.stdout, "2 created") {
			t.Errorf("stdout = %q", r.stdout)
		}
		if r := run(t, "--database", db, "audit", "--subject", "/publications/sample-review-of-plans/kent").want(t, 0); !strings.Contains(r.stdout, "outcome.record") || !strings.Contains(r.stdout, "operator") {
			t.Errorf("the audit log does not record the operator's outcome:\n%s", r.stdout)
		}
	})

	t.Run("Publish", func(t *testing.T) {
		r := run(t, "--database", db, "publication", "publish", "--at", "2999-01-01T09:00:00Z", "sample-review-of-plans").want(t, 0)
		if r.stdout != "sample-review-of-plans: scheduled for 2999-01-01T09:00:00Z\n" {
			t.Errorf("stdout = %q", r.stdout)
		}
		if r := run(t, "--database", db, "publication", "list").want(t, 0); !strings.Contains(r.stdout, "scheduled for 2999-01-01T09:00:00Z") {
			t.Errorf("the list does not show the schedule:\n%s", r.stdout)
		}
		run(t, "--database", db, "publication", "withdraw", "--reason", "Sample.", "sample-review-of-plans").want(t, exitRefused)
		r = run(t, "--database", db, "publication", "publish", "/publications/sample-review-of-plans").want(t, 0)
		if r.stdout != "sample-review-of-plans: published\n" {
			t.Errorf("stdout = %q", r.stdout)
		}
		run(t, "--database", db, "publication", "withdraw", "sample-review-of-plans").want(t, exitUsage)
		run(t, "--database", db, "publication", "withdraw", "--reason", "Sample.", "sample-review-of-plans").want(t, 0)
		if r := run(t, "--database", db, "audit", "--subject", "/publications/sample-review-of-plans").want(t, 0); !strings.Contains(r.stdout, "publication.withdraw") {
			t.Errorf("the audit log lacks the withdrawal:\n%s", r.stdout)
		}
	})
}
