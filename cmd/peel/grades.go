package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/peel-oss/peel/internal/importer"
)

func importGradesCommand() *command {
	var addOnly bool
	return &command{
		name:    "import-grades",
		args:    "FILE...",
		summary: "import tables of published pillar grades (TSV or CSV with a header; see the README)",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.BoolVar(&addOnly, "add-only", false, "add the grades of assessments not stored yet, and leave the others as they are")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("name at least one FILE")
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			im := &importer.Importer{Store: st}
			return a.eachFile(fs.Args(), func(name string, data []byte) (string, error) {
				res, skipped, err := im.ImportGrades(ctx, name, data, addOnly)
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("%d created, %d updated, %d unchanged, %d unknown left out", res.Created, res.Updated, res.Unchanged, skipped), nil
			})
		},
	}
}
