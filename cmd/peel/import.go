package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/store"
)

func importCommand() *command {
	var draft bool
	var note string
	return &command{
		name:    "import",
		args:    "FILE...",
		summary: "import report pages in their text form (published unless --draft)",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.BoolVar(&draft, "draft", false, "import the pages as drafts, not shown on the public site")
			fs.StringVar(&note, "note", "", "the change note of a major correction: needed to change a published page's content, and shown in its page history")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("name at least one FILE")
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			im := &importer.Importer{Store: st, Corrections: true, Note: note}
			return a.eachFile(fs.Args(), func(name string, data []byte) (string, error) {
				res, err := im.Import(ctx, name, data, draft)
				if err != nil {
					return "", err
				}
				for _, n := range res.Notes {
					fmt.Fprintln(a.stderr, n)
				}
				if res.Outcome == store.Updated {
					return fmt.Sprintf("updated (version %d)", res.Version), nil
				}
				return res.Outcome, nil
			})
		},
	}
}
