package main

import (
	"strings"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

func TestResponse(t *testing.T) {
	db := newDatabase(t)
	run(t, "--database", db, "import-publication", writeFile(t, "review.yaml", []byte(sampleReviewYAML))).want(t, 0)
	const report = "/publications/sample-review-of-plans"
	today := peel.UKDate(time.Now()).String()

	t.Run("ErrUnpublished", func(t *testing.T) {
		r := run(t, "--database", db, "response", "add", report, "kent", "https://example.org/r", "--date", today).want(t, exitRefused)
		if !strings.Contains(r.stderr, "no public report") {
			t.Errorf("stderr = %q", r.stderr)
		}
	})
	run(t, "--database", db, "publication", "publish", "sample-review-of-plans").want(t, 0)
	t.Run("OKList", func(t *testing.T) {
		r := run(t, "--database", db, "response", "list").want(t, 0)
		if !strings.Contains(r.stdout, report+"  kent") || !strings.Contains(r.stdout, "due in 56 days") {
			t.Errorf("stdout = %q", r.stdout)
		}
	})
	t.Run("ErrURL", func(t *testing.T) {
		r := run(t, "--database", db, "response", "add", report, "kent", "example.org/r", "--date", today).want(t, exitRefused)
		if !strings.Contains(r.stderr, "url:") {
			t.Errorf("stderr = %q", r.stderr)
		}
	})
	t.Run("ErrNoDate", func(t *testing.T) {
		run(t, "--database", db, "response", "add", report, "kent", "https://example.org/r").want(t, exitUsage)
	})
	t.Run("OK", func(t *testing.T) {
		r := run(t, "--database", db, "response", "add", report, "kent", "https://example.org/r", "--date", today).want(t, 0)
		if !strings.Contains(r.stdout, "received on time") {
			t.Errorf("stdout = %q", r.stdout)
		}
		r = run(t, "--database", db, "response", "list").want(t, 0)
		if !strings.Contains(r.stdout, today+" https://example.org/r") {
			t.Errorf("stdout = %q", r.stdout)
		}
	})
}
