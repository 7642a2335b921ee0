package main

import (
	"context"
	"encoding/json"
	"flag"
	"strings"

	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func exportCommand() *command {
	var format string
	return &command{
		name:    "export",
		args:    "FRAMEWORK/ORGANISATION/PILLAR",
		summary: "write an assessment (draft or published) as text or as its JSON representation",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.StringVar(&format, "format", "text", "text (the form import reads) or json (the public representation)")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			if format != "text" && format != "json" {
				return usagef("--format is text or json, not %q", format)
			}
			st, framework, organisation, pillar, err := a.oneAssessment(ctx, fs)
			if err != nil {
				return err
			}
			return writeAssessment(ctx, st, a, framework, organisation, pillar, format)
		},
	}
}

// oneAssessment reads the one FRAMEWORK/ORGANISATION/PILLAR that a command
// takes, then opens the store.
func (a *app) oneAssessment(ctx context.Context, fs *flag.FlagSet) (st *store.Store, framework, organisation, pillar string, err error) {
	if fs.NArg() != 1 {
		return nil, "", "", "", usagef("name one assessment, such as peel-2016/kent/legitimacy")
	}
	if framework, organisation, pillar, err = assessmentPath(fs.Arg(0)); err != nil {
		return nil, "", "", "", err
	}
	st, err = a.store(ctx)
	return st, framework, organisation, pillar, err
}

// assessmentPath reads FRAMEWORK/ORGANISATION/PILLAR, or the assessment's
// address on the site.
func assessmentPath(arg string) (framework, organisation, pillar string, err error) {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(arg, "/peel-assessments/"), "/"), "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", "", usagef("%q is not FRAMEWORK/ORGANISATION/PILLAR, such as peel-2016/kent/legitimacy", arg)
	}
	return parts[0], parts[1], parts[2], nil
}

func writeAssessment(ctx context.Context, st *store.Store, a *app, framework, organisation, pillar, format string) error {
	as, err := st.FindAssessment(ctx, framework, organisation, pillar)
	if err != nil {
		return err
	}
	if format == "json" {
		enc := json.NewEncoder(a.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(as)
	}
	if as.GradeOnly() {
		return peel.Errorf(peel.EINVALID, "%s is known by its grade alone and has no page text; use --format json", as.Path())
	}
	org, err := st.FindOrganisationBySlug(ctx, organisation)
	if err != nil {
		return err
	}
	fw, err := st.FindFrameworkBySlug(ctx, framework)
	if err != nil {
		return err
	}
	_, err = a.stdout.Write(importer.Text(as, org, fw))
	return err
}
