package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

func publishCommand() *command {
	var at string
	return &command{
		name:    "publish",
		args:    "FRAMEWORK/ORGANISATION/PILLAR",
		summary: "publish a draft now, or schedule it to publish itself at a time (an embargo)",
		flags:   func(a *app, fs *flag.FlagSet) { atFlag(fs, &at) },
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			when, err := parseTimeFlag("at", at)
			if err != nil {
				return err
			}
			st, framework, organisation, pillar, err := a.oneAssessment(ctx, fs)
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

func withdrawCommand() *command {
	var reason string
	return &command{
		name:    "withdraw",
		args:    "FRAMEWORK/ORGANISATION/PILLAR",
		summary: "withdraw a published assessment: its page stays, under a banner that gives the reason",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.StringVar(&reason, "reason", "", "why it is withdrawn, which its page shows (required)")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if strings.TrimSpace(reason) == "" {
				return usagef("--reason is required: the page shows why it was withdrawn")
			}
			st, framework, organisation, pillar, err := a.oneAssessment(ctx, fs)
			if err != nil {
				return err
			}
			if _, err := st.Withdraw(ctx, peel.Operator(), framework, organisation, pillar, reason); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: withdrawn\n", fs.Arg(0))
			return nil
		},
	}
}

// atFlag declares --at, the time a publication is scheduled for.
func atFlag(fs *flag.FlagSet, at *string) {
	fs.StringVar(at, "at", "", "the `TIME` to publish at, RFC 3339 such as 2026-12-08T09:30:00Z; the database's clock decides when it has come (default now)")
}
