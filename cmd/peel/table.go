package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/peel-oss/peel/internal/store"
)

// listCommand is a "list" command: it takes no arguments and prints the
// table that rows reads from the store.
func listCommand(summary, heading string, rows func(ctx context.Context, st *store.Store) ([][]string, error)) *command {
	return &command{
		name:    "list",
		summary: summary,
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return usagef("takes no arguments")
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			list, err := rows(ctx, st)
			if err != nil {
				return err
			}
			return a.table(heading, list)
		},
	}
}

// table prints a heading (columns between tabs) and the rows under it, in
// aligned columns.
func (a *app) table(heading string, rows [][]string) error {
	w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, heading)
	for _, row := range rows {
		fmt.Fprintln(w, strings.Join(row, "\t"))
	}
	return w.Flush()
}
