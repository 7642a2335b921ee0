package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/store"
)

func importCommand() *command {
	var draft bool
	return &command{
		name:    "import",
		args:    "FILE...",
		summary: "import report pages in their text form (published unless --draft)",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.BoolVar(&draft, "draft", false, "import the pages as drafts, not shown on the public site")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("name at least one FILE")
			}
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			im := &importer.Importer{Store: st}
			failed := false
			for _, name := range fs.Args() {
				res, err := importFile(ctx, im, name, draft)
				if err != nil {
					fmt.Fprintln(a.stderr, err)
					failed = true
					continue
				}
				for _, n := range res.Notes {
					fmt.Fprintln(a.stderr, n)
				}
				switch res.Outcome {
				case store.Updated:
					fmt.Fprintf(a.stdout, "%s: updated (version %d)\n", name, res.Version)
				default:
					fmt.Fprintf(a.stdout, "%s: %s\n", name, res.Outcome)
				}
			}
			if failed {
				return refused
			}
			return nil
		},
	}
}

func importFile(ctx context.Context, im *importer.Importer, name string, draft bool) (*importer.Result, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return im.Import(ctx, name, data, draft)
}
