package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func frameworkCommand() *command {
	var format string
	return &command{
		name:    "framework",
		summary: "list, import and export frameworks (a cycle's scale, pillars and questions)",
		sub: []*command{{
			name:    "list",
			summary: "list the frameworks",
			run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
				st, err := a.store(ctx)
				if err != nil {
					return err
				}
				fws, err := st.FindFrameworks(ctx)
				if err != nil {
					return err
				}
				w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "SLUG\tNAME\tSCALE\tPILLARS")
				for _, fw := range fws {
					var pillars []string
					for _, p := range fw.Pillars {
						pillars = append(pillars, p.Name)
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", fw.Slug, fw.Name(), strings.Join(fw.GradeLabels(), ", "), strings.Join(pillars, ", "))
				}
				return w.Flush()
			},
		},
			importFilesCommand("import", "add or update frameworks from JSON or YAML files (see the README for the format)",
				func(ctx context.Context, st *store.Store, name string, data []byte) (string, error) {
					fw, err := importer.DecodeFramework(name, data)
					if err != nil {
						return "", err
					}
					outcome, err := st.SaveFramework(ctx, fw)
					if err != nil {
						return "", fmt.Errorf("%s: %s", name, peel.ErrorMessage(err))
					}
					return outcome + " " + fw.Slug, nil
				}), {
				name:    "export",
				args:    "SLUG",
				summary: "write a framework in the form framework import reads",
				flags: func(a *app, fs *flag.FlagSet) {
					fs.StringVar(&format, "format", "yaml", "yaml or json")
				},
				run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
					if fs.NArg() != 1 {
						return usagef("name one framework, such as peel-2016")
					}
					if format != "yaml" && format != "json" {
						return usagef("--format is yaml or json, not %q", format)
					}
					st, err := a.store(ctx)
					if err != nil {
						return err
					}
					fw, err := st.FindFrameworkBySlug(ctx, fs.Arg(0))
					if err != nil {
						return err
					}
					out, err := importer.EncodeFramework(fw, format)
					if err != nil {
						return err
					}
					_, err = a.stdout.Write(out)
					return err
				},
			}},
	}
}

func organisationCommand() *command {
	return &command{
		name:    "organisation",
		summary: "list the organisations (forces) peel knows",
		sub: []*command{{
			name:    "list",
			summary: "list the organisations with their slugs",
			run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
				st, err := a.store(ctx)
				if err != nil {
					return err
				}
				orgs, err := st.FindOrganisations(ctx, store.OrganisationFilter{})
				if err != nil {
					return err
				}
				w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "SLUG\tNAME\tSHORT NAME\tREGION\tCOUNTRY")
				for _, o := range orgs {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", o.Slug, o.Name, o.ShortName, o.Region, o.Country)
				}
				return w.Flush()
			},
		}},
	}
}
