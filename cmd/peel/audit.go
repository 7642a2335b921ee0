package main

import (
	"context"
	"flag"
	"time"

	"github.com/peel-oss/peel/internal/store"
)

func auditCommand() *command {
	var subject string
	var limit int
	return &command{
		name:    "audit",
		summary: "list the audit log, newest first: every change, who made it, and what it was before and after",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.StringVar(&subject, "subject", "", "only the changes of this `SUBJECT`: an assessment's address (/peel-assessments/…), a framework's slug, \"notice N\"")
			fs.IntVar(&limit, "limit", 100, "the newest `N` changes; 0 for all")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return usagef("takes no arguments; name a subject with --subject")
			} else if limit < 0 {
				return usagef("--limit: %d is not a number of changes", limit)
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			list, err := st.FindAudit(ctx, store.AuditFilter{Subject: subject, Limit: limit})
			if err != nil {
				return err
			}
			var rows [][]string
			for _, e := range list {
				rows = append(rows, []string{e.At.UTC().Format(time.RFC3339), e.Actor, e.Action, e.Subject, orDash(e.Before), orDash(e.After)})
			}
			return a.table("TIME\tWHO\tACTION\tSUBJECT\tBEFORE\tAFTER", rows)
		},
	}
}
