package main

import (
	"context"
	"flag"
	"fmt"
	"time"
)

func publishCommand() *command {
	var at string
	return &command{
		name:    "publish",
		args:    "FRAMEWORK/ORGANISATION/PILLAR",
		summary: "publish a draft now, or schedule it to publish itself at a time (an embargo)",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.StringVar(&at, "at", "", "the `TIME` to publish at, RFC 3339 such as 2026-12-08T09:30:00Z; the database's clock decides when it has come (default now)")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("name one assessment, such as peel-2016/kent/legitimacy")
			}
			framework, organisation, pillar, err := assessmentPath(fs.Arg(0))
			if err != nil {
				return err
			}
			when, err := parseTimeFlag("at", at)
			if err != nil {
				return err
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			as, err := st.PublishAssessment(ctx, framework, organisation, pillar, when)
			if err != nil {
				return err
			}
			if as.PublishAt != nil {
				fmt.Fprintf(a.stdout, "%s: scheduled for %s\n", fs.Arg(0), as.PublishAt.UTC().Format(time.RFC3339))
			} else {
				fmt.Fprintf(a.stdout, "%s: published (version %d)\n", fs.Arg(0), as.Version)
			}
			return nil
		},
	}
}
