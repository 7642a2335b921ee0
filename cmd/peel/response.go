package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func responseCommand() *command {
	var date string
	return &command{
		name:    "response",
		summary: "list the statutory responses due, overdue and received, and record one",
		sub: []*command{
			listCommand("list the responses of public reports, the soonest due first", "REPORT\tORGANISATION\tDUE\tSTATUS\tRESPONSE",
				func(ctx context.Context, st *store.Store) ([][]string, error) {
					list, _, err := st.FindResponses(ctx, store.ResponseFilter{})
					now := st.ResponseNow()
					var rows [][]string
					for _, r := range list {
						status, response := r.StatusText(now), ""
						if r.Received() {
							response = r.Date.String() + " " + r.URL
						}
						rows = append(rows, []string{r.Report, r.Organisation, r.Due().String(), status, response})
					}
					return rows, err
				}),
			{
				name:    "add",
				args:    "REPORT ORGANISATION URL",
				summary: "record the response of an organisation to a public report (its address, /peel-assessments/... or /publications/...): where it is published, and, with --date, when",
				flags: func(a *app, fs *flag.FlagSet) {
					fs.StringVar(&date, "date", "", "the day the response was published, YYYY-MM-DD (required)")
				},
				run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
					if fs.NArg() != 3 {
						return usagef("name the REPORT, the ORGANISATION and the response's URL")
					} else if date == "" {
						return usagef("--date is required: the day the response was published")
					}
					day, err := peel.ParseDate(date)
					if err != nil {
						return peel.Errorf(peel.EINVALID, "date: %s", peel.ErrorMessage(err))
					}
					st, err := a.store(ctx)
					if err != nil {
						return err
					}
					r, err := st.RecordResponse(ctx, nil, fs.Arg(0), fs.Arg(1), fs.Arg(2), day)
					if err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "%s %s: response of %s recorded (%s)\n", r.Report, r.Organisation, r.Date, r.StatusText(st.ResponseNow()))
					return nil
				},
			},
		},
	}
}
