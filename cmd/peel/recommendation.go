package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func recommendationCommand() *command {
	var (
		months                        int
		on, org                       string
		as, kind, status, comment, vd string
		evidence                      []string
	)
	return &command{
		name:    "recommendation",
		summary: "list the recommendations forces have not updated for months, and record a force's progress, a review or a status",
		sub: []*command{
			{
				name:    "stale",
				summary: "list each force still awaiting review or progressing a recommendation whose latest entry is --months old or more on the UK calendar, the oldest first",
				flags: func(a *app, fs *flag.FlagSet) {
					fs.IntVar(&months, "months", 6, "how many months without an update")
					fs.StringVar(&on, "on", "", "count the months back from this day, YYYY-MM-DD (default today)")
					fs.StringVar(&org, "organisation", "", "only this organisation's, by slug")
				},
				run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
					if fs.NArg() > 0 {
						return usagef("takes no arguments")
					} else if months < 1 {
						return usagef("--months must be a whole number of months, 1 or more")
					}
					now := time.Now()
					if on != "" {
						day, err := peel.ParseDate(on)
						if err != nil {
							return peel.Errorf(peel.EINVALID, "on: %s", peel.ErrorMessage(err))
						}
						now = time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, peel.UKTime)
					}
					st, err := a.store(ctx)
					if err != nil {
						return err
					}
					list, _, err := st.FindStaleAddressees(ctx, store.StaleFilter{Before: peel.StaleBefore(now, months), Organisation: org})
					if err != nil {
						return err
					}
					var rows [][]string
					for _, s := range list {
						due := "-"
						if !s.Due.IsZero() {
							due = s.Due.String()
							if s.PastDue(now) {
								due += " (past due)"
							}
						}
						rows = append(rows, []string{strconv.FormatInt(s.Recommendation, 10), s.Organisation, string(s.Latest.Status),
							peel.UKDate(s.Latest.At).String(), strconv.Itoa(peel.MonthsBetween(peel.UKDate(s.Latest.At), peel.UKDate(now))), due})
					}
					return a.table("ID\tORGANISATION\tSTATUS\tLAST ENTRY\tMONTHS\tDUE", rows)
				},
			},
			{
				name: "entry",
				args: "ID ORGANISATION",
				summary: "add an entry to an organisation's history of recommendation ID, as the user --as: its liaison's progress (--kind progress), " +
					"or an inspector's or administrator's review of the last update (--kind review) or status (--kind status)",
				flags: func(a *app, fs *flag.FlagSet) {
					fs.StringVar(&as, "as", "", "the `EMAIL` of the user the entry is made as, whose role is checked as in the editor (required)")
					fs.StringVar(&kind, "kind", "", "progress, review or status (required)")
					fs.StringVar(&status, "status", "", "awaiting-review, being-progressed, complete or superseded (a review keeps the update's if not given)")
					fs.StringVar(&comment, "comment", "", "the force's progress note, or the inspectorate's comment")
					fs.Func("evidence", "an item of the force's evidence: text or a web address (repeat for more)", func(v string) error {
						evidence = append(evidence, v)
						return nil
					})
					fs.StringVar(&vd, "verdict", "", "a review's: accepted or questioned")
				},
				run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
					if fs.NArg() != 2 {
						return usagef("name the recommendation's ID and the ORGANISATION")
					} else if as == "" {
						return usagef("--as is required: the email of the user the entry is made as")
					} else if kind == "" {
						return usagef("--kind is required: progress, review or status")
					}
					if len(evidence) > 0 && kind != string(peel.EntryProgress) {
						return usagef("--evidence is a force's, for --kind progress only")
					} else if vd != "" && kind != string(peel.EntryReview) {
						return usagef("--verdict is a review's, for --kind review only")
					}
					id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
					if err != nil || id <= 0 {
						return usagef("ID %q is not a recommendation's number", fs.Arg(0))
					}
					st, err := a.store(ctx)
					if err != nil {
						return err
					}
					u, err := st.FindUserByEmail(ctx, as)
					if peel.ErrorCode(err) == peel.ENOTFOUND {
						return peel.Errorf(peel.ENOTFOUND, "as: no user %s", as)
					} else if err != nil {
						return err
					}
					e := &peel.Entry{Kind: peel.EntryKind(kind), Status: peel.RecStatus(status), Comment: strings.TrimSpace(comment), Evidence: evidence, Verdict: vd}
					org := fs.Arg(1)
					rec, err := st.AddEntry(store.WithActor(ctx, u.Email), u, id, org, e)
					if err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "recommendation %d, %s: %s recorded as %s's; status %s\n", rec.ID, org, kind, u.Email, rec.Addressee(org).Latest().Status.Label())
					return nil
				},
			},
		},
	}
}
