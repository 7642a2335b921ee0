package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/peel-oss/peel/internal/store"
)

func backupCommand() *command {
	return &command{
		name:    "backup",
		args:    "FILE",
		summary: "write a consistent copy of the SQLite database to FILE, even while it serves",
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("name the FILE to write the backup to")
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			if err := st.Backup(ctx, fs.Arg(0)); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "backed up to %s\n", fs.Arg(0))
			return nil
		},
	}
}

func restoreCommand() *command {
	return &command{
		name:    "restore",
		args:    "FILE",
		summary: "put a backup made by peel backup in place of the SQLite database; refused while any peel has it open",
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("name the backup FILE to restore")
			}
			if err := store.Restore(ctx, fs.Arg(0), a.Database); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "restored %s from %s\n", a.Database, fs.Arg(0))
			return nil
		},
	}
}
