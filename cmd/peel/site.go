package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/web"
)

func exportSiteCommand() *command {
	var baseURL string
	return &command{
		name:    "export-site",
		args:    "DIR",
		summary: "write the public site as static files into DIR, a new or empty folder",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.StringVar(&baseURL, "base-url", a.env("PEEL_BASE_URL", "http://localhost:8080"), "the public `URL` the files will be served at, which begins the feed's and the sitemap's addresses; env PEEL_BASE_URL")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("name the folder DIR to write the site into")
			}
			dir := fs.Arg(0)
			if _, err := web.ParseBaseURL(baseURL); err != nil {
				return usagef("--base-url: %s", peel.ErrorMessage(err))
			}
			if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
				return peel.Errorf(peel.EINVALID, "%s is not empty: give a new or empty folder, so that nothing in it is lost or mixed with the site", dir)
			} else if err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			s, err := web.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)), baseURL)
			if err != nil {
				return err
			}
			// Written beside the folder and moved into place whole, so that
			// a failed export leaves no half a site.
			parent := filepath.Dir(filepath.Clean(dir))
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return err
			}
			tmp, err := os.MkdirTemp(parent, ".peel-export-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			n, err := s.Export(ctx, tmp)
			if err != nil {
				return err
			}
			if err := os.Chmod(tmp, 0o755); err != nil {
				return err
			}
			if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			if err := os.Rename(tmp, dir); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "wrote %d files to %s\n", n, dir)
			return nil
		},
	}
}
