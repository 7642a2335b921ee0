package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func noticeCommand() *command {
	var title, body, from, until, mfrom, muntil string
	return &command{
		name:    "notice",
		summary: "add, list and remove site notices (banners such as planned downtime)",
		sub: []*command{{
			name:    "add",
			summary: "add a notice, shown on every page while it is active",
			flags: func(a *app, fs *flag.FlagSet) {
				fs.StringVar(&title, "title", "", "the notice's heading (required)")
				fs.StringVar(&body, "body", "", "the notice's text (required)")
				fs.StringVar(&from, "from", "", "the `TIME` it starts to show, RFC 3339 such as 2026-04-18T09:00:00+01:00 (default now)")
				fs.StringVar(&until, "until", "", "the `TIME` it stops showing, RFC 3339 (default never)")
				fs.StringVar(&mfrom, "maintenance-from", "", "the `TIME` the editor becomes read-only for maintenance, RFC 3339 (needs --maintenance-until)")
				fs.StringVar(&muntil, "maintenance-until", "", "the `TIME` the editor can be written to again, RFC 3339")
			},
			run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
				if fs.NArg() > 0 {
					return usagef("takes no arguments; quote the --title and --body text")
				}
				n := &peel.Notice{Title: title, Body: body}
				var err error
				if n.From, err = parseTimeFlag("from", from); err != nil {
					return err
				}
				if n.Until, err = parseTimeFlag("until", until); err != nil {
					return err
				}
				if n.MaintenanceFrom, err = parseTimeFlag("maintenance-from", mfrom); err != nil {
					return err
				}
				if n.MaintenanceUntil, err = parseTimeFlag("maintenance-until", muntil); err != nil {
					return err
				}
				if err := n.Validate(); err != nil {
					return usagef("%s", peel.ErrorMessage(err))
				}
				st, err := a.store(ctx)
				if err != nil {
					return err
				}
				if err := st.CreateNotice(ctx, n); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "notice %d added\n", n.ID)
				return nil
			},
		}, listCommand("list every notice, active or not", "ID\tACTIVE\tFROM\tUNTIL\tMAINTENANCE\tTITLE", func(ctx context.Context, st *store.Store) ([][]string, error) {
			list, err := st.FindNotices(ctx, store.NoticeFilter{})
			now := time.Now()
			var rows [][]string
			for _, n := range list {
				active := "no"
				if n.ActiveAt(now) {
					active = "yes"
				}
				maintenance := "-"
				if n.MaintenanceFrom != nil {
					maintenance = formatOptional(n.MaintenanceFrom, "") + "/" + formatOptional(n.MaintenanceUntil, "")
				}
				rows = append(rows, []string{strconv.FormatInt(n.ID, 10), active, formatOptional(n.From, "-"), formatOptional(n.Until, "-"), maintenance, n.Title})
			}
			return rows, err
		}), {
			name:    "remove",
			args:    "ID",
			summary: "remove a notice",
			run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
				id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
				if fs.NArg() != 1 || err != nil {
					return usagef("name one notice by its ID (peel notice list shows them)")
				}
				st, err := a.store(ctx)
				if err != nil {
					return err
				}
				if err := st.DeleteNotice(ctx, id); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "notice %d removed\n", id)
				return nil
			},
		}},
	}
}

func parseTimeFlag(name, value string) (*time.Time, error) {
	if value == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		return nil, usagef("--%s %q is not an RFC 3339 time such as 2026-04-18T09:00:00+01:00", name, value)
	}
	return &t, nil
}

func formatOptional(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return t.Format(time.RFC3339)
}
