package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func importPublicationCommand() *command {
	return importFilesCommand("import-publication",
		"import publications (national overviews, thematic reports, follow-up reviews with their outcome scale), one a JSON or YAML file (see the README); a new one is a draft",
		func(ctx context.Context, st *store.Store, name string, data []byte) (string, error) {
			p, err := importer.DecodePublication(name, data)
			if err != nil {
				return "", err
			}
			res, err := st.ImportPublication(ctx, p)
			if err != nil {
				return "", fmt.Errorf("%s: %s", name, peel.ErrorMessage(err))
			}
			return fmt.Sprintf("%s %s (%s)", p.Path(), res.Outcome, p.Status), nil
		})
}

func importOutcomesCommand() *command {
	return importFilesCommand("import-outcomes",
		"import follow-up reviews' outcomes, a CSV file with the columns publication, organisation, outcome, narrative (see the README); each file all or nothing",
		func(ctx context.Context, st *store.Store, name string, data []byte) (string, error) {
			res, err := (&importer.Importer{Store: st}).ImportOutcomes(ctx, name, data)
			return res.Outcome, err
		})
}

func importRecommendationsCommand() *command {
	return importFilesCommand("import-recommendations",
		"import recommendations, a CSV file with the columns id (to change one), issued_in, text, theme, due, organisations (see the README); each file all or nothing",
		func(ctx context.Context, st *store.Store, name string, data []byte) (string, error) {
			return (&importer.Importer{Store: st}).ImportRecommendations(ctx, name, data)
		})
}

// importFilesCommand is a command that stores what each FILE named holds,
// as each reads it, and says what it did with each (see eachFile).
func importFilesCommand(name, summary string, each func(ctx context.Context, st *store.Store, name string, data []byte) (string, error)) *command {
	return &command{
		name:    name,
		args:    "FILE...",
		summary: summary,
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("name at least one FILE")
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			return a.eachFile(fs.Args(), func(name string, data []byte) (string, error) {
				return each(ctx, st, name, data)
			})
		},
	}
}

func publicationCommand() *command {
	var at, reason string
	return &command{
		name:    "publication",
		summary: "list, publish, schedule and withdraw publications",
		sub: []*command{
			listCommand("list the publications, newest first", "SLUG\tKIND\tDATE\tSTATUS\tTITLE", func(ctx context.Context, st *store.Store) ([][]string, error) {
				list, _, err := st.FindPublications(ctx, store.PublicationFilter{})
				var rows [][]string
				for _, p := range list {
					date := ""
					if !p.Date.IsZero() {
						date = p.Date.String()
					}
					status := string(p.Status)
					if p.PublishAt != nil {
						status += " for " + p.PublishAt.UTC().Format(time.RFC3339)
					}
					rows = append(rows, []string{p.Slug, string(p.Kind), date, status, p.Title})
				}
				return rows, err
			}),
			{
				name:    "publish",
				args:    "SLUG",
				summary: "publish a draft publication now, or schedule it to publish itself at a time (an embargo)",
				flags:   func(a *app, fs *flag.FlagSet) { atFlag(fs, &at) },
				run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
					when, err := parseTimeFlag("at", at)
					if err != nil {
						return err
					}
					st, slug, err := a.onePublication(ctx, fs)
					if err != nil {
						return err
					}
					p, err := st.PublishPublication(ctx, slug, when)
					if err != nil {
						return err
					}
					if p.PublishAt != nil {
						fmt.Fprintf(a.stdout, "%s: scheduled for %s\n", slug, p.PublishAt.UTC().Format(time.RFC3339))
					} else {
						fmt.Fprintf(a.stdout, "%s: published\n", slug)
					}
					return nil
				},
			},
			{
				name:    "withdraw",
				args:    "SLUG",
				summary: "withdraw a published publication: its pages stay, under a banner that gives the reason",
				flags: func(a *app, fs *flag.FlagSet) {
					fs.StringVar(&reason, "reason", "", "why it is withdrawn, which its pages show (required)")
				},
				run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
					if strings.TrimSpace(reason) == "" {
						return usagef("--reason is required: the pages show why it was withdrawn")
					}
					st, slug, err := a.onePublication(ctx, fs)
					if err != nil {
						return err
					}
					if _, err := st.WithdrawPublication(ctx, slug, reason); err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "%s: withdrawn\n", slug)
					return nil
				},
			},
		},
	}
}

// onePublication reads the one argument, a publication's slug or address,
// and opens the store.
func (a *app) onePublication(ctx context.Context, fs *flag.FlagSet) (*store.Store, string, error) {
	if fs.NArg() != 1 {
		return nil, "", usagef("name one publication by its slug")
	}
	slug := strings.Trim(strings.TrimPrefix(fs.Arg(0), "/publications/"), "/")
	st, err := a.store(ctx)
	return st, slug, err
}
