package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/peel-oss/peel/internal/check"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func checkCommand() *command {
	return &command{
		name:    "check",
		args:    "[FRAMEWORK/ORGANISATION/PILLAR...]",
		summary: "make the editorial checks of assessments (every one stored when none is named); exit status 1 when one fails",
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			type path struct{ framework, organisation, pillar string }
			var paths []path
			for _, arg := range fs.Args() {
				f, o, p, err := assessmentPath(arg)
				if err != nil {
					return err
				}
				paths = append(paths, path{f, o, p})
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			fws, err := st.FindFrameworks(ctx)
			if err != nil {
				return err
			}
			all, err := st.FindAssessments(ctx, store.AssessmentFilter{})
			if err != nil {
				return err
			}
			// The previous cycle's grade a page states is the published
			// one: a draft of it is not compared with.
			grades := map[string]string{}
			for _, as := range all {
				if as.Status.Public() {
					grades[as.Path()] = as.Grade
				}
			}
			lookup := func(framework, organisation, pillar string) (string, bool) {
				g, ok := grades[peel.AssessmentPath(framework, organisation, pillar)]
				return g, ok
			}
			if len(paths) == 0 {
				for _, as := range all {
					paths = append(paths, path{as.Framework, as.Organisation, as.Pillar})
				}
			}
			checked, failed, missing := 0, 0, false
			for _, p := range paths {
				as, err := st.FindAssessment(ctx, p.framework, p.organisation, p.pillar)
				if peel.ErrorCode(err) == peel.ENOTFOUND {
					fmt.Fprintf(a.stderr, "peel check: %s\n", peel.ErrorMessage(err))
					missing = true
					continue
				} else if err != nil {
					return err
				}
				findings := check.Assessment(as, fws, lookup, as.Rationale)
				for _, f := range findings {
					fmt.Fprintf(a.stdout, "%s/%s/%s: %s\n", as.Framework, as.Organisation, as.Pillar, f)
				}
				checked++
				if check.Failed(findings) {
					failed++
				}
			}
			fmt.Fprintf(a.stdout, "%d checked, %d failed\n", checked, failed)
			if failed > 0 || missing {
				return refused
			}
			return nil
		},
	}
}
