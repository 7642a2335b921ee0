package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/sample"
	"github.com/peel-oss/peel/internal/store"
)

// genBatch is how many assessments gen writes in one transaction: enough
// that commits cost little, few enough that progress shows.
const genBatch = 1000

func genCommand() *command {
	var organisations, cycles int
	var seed uint64
	return &command{
		name:    "gen",
		summary: "fill the database with fictional sample organisations and published assessments (again: tops up)",
		flags: func(a *app, fs *flag.FlagSet) {
			fs.IntVar(&organisations, "organisations", 43, "how many sample organisations, `N`: sample-0001 (\"Sample Constabulary 0001\", kind sample, in \"Sample region 01\" of Sampleland), sample-0002, …; "+
				"real forces get nothing. Run again, gen tops up: it adds the organisations, cycles and assessments missing and leaves what is stored as it is")
			fs.IntVar(&cycles, "cycles", 10, "how many sample cycles, `C`: frameworks of the \"Sample PEEL\" programme, sample-2031, sample-2032, …, each with 3 pillars of 3 questions; "+
				"every organisation gets a published assessment for each pillar of each")
			fs.Uint64Var(&seed, "seed", 1, "the `SEED` the sample narratives, grades and dates are drawn from: the same seed makes the same assessments")
		},
		run: func(a *app, ctx context.Context, fs *flag.FlagSet) error {
			switch {
			case fs.NArg() > 0:
				return usagef("takes no arguments")
			case organisations < 1 || organisations > 999999:
				return usagef("--organisations must be from 1 to 999999")
			case cycles < 1 || cycles > 50:
				return usagef("--cycles must be from 1 to 50")
			}
			st, err := a.store(ctx)
			if err != nil {
				return err
			}
			return a.gen(ctx, st, organisations, cycles, seed)
		},
	}
}

func (a *app) gen(ctx context.Context, st *store.Store, organisations, cycles int, seed uint64) error {
	// Organisations: the sample slugs must be free or samples already.
	stored, err := st.FindOrganisations(ctx, store.OrganisationFilter{})
	if err != nil {
		return err
	}
	kinds := map[string]string{}
	for _, o := range stored {
		kinds[o.Slug] = o.Kind
	}
	orgs := make([]*peel.Organisation, organisations)
	var missing []*peel.Organisation
	for i := range orgs {
		orgs[i] = sample.Organisation(i + 1)
		kind, ok := kinds[orgs[i].Slug]
		switch {
		case !ok:
			missing = append(missing, orgs[i])
		case kind != peel.KindSample:
			return peel.Errorf(peel.ECONFLICT, "organisation %s is stored and is not a sample (its kind is %q): gen writes only to its own sample organisations", orgs[i].Slug, kind)
		}
	}
	added, err := st.AddOrganisations(ctx, missing)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "organisations: %d added, %d there already\n", added, organisations-added)

	// Frameworks: the sample cycles, each made once.
	fws := make([]*peel.Framework, cycles)
	made := 0
	for c := range fws {
		fw := sample.Framework(c + 1)
		old, err := st.FindFrameworkBySlug(ctx, fw.Slug)
		switch {
		case peel.ErrorCode(err) == peel.ENOTFOUND:
			if _, err := st.SaveFramework(ctx, fw); err != nil {
				return err
			}
			made++
		case err != nil:
			return err
		case old.Programme != sample.Programme:
			return peel.Errorf(peel.ECONFLICT, "framework %s is stored and is not a sample (its programme is %q): gen writes only to its own sample frameworks", fw.Slug, old.Programme)
		default:
			fw = old
		}
		fws[c] = fw
	}
	fmt.Fprintf(a.stdout, "frameworks: %d added, %d there already\n", made, cycles-made)

	// Assessments: what is stored stays; the rest is written in batches.
	have := map[string]bool{}
	for _, fw := range fws {
		list, err := st.FindAssessments(ctx, store.AssessmentFilter{Framework: fw.Slug})
		if err != nil {
			return err
		}
		for _, x := range list {
			have[x.Path()] = true
		}
	}
	total := organisations * cycles * len(fws[0].Pillars)
	var batch []*peel.Assessment
	created, done, shown := 0, 0, 0
	flush := func() error {
		if err := st.CreateAssessments(ctx, batch); err != nil {
			return err
		}
		created += len(batch)
		batch = batch[:0]
		// Progress, at most every tenth of the way, on standard error.
		if done*10/total > shown || done == total {
			shown = done * 10 / total
			fmt.Fprintf(a.stderr, "gen: %d of %d assessments\n", done, total)
		}
		return nil
	}
	for _, org := range orgs {
		for _, fw := range fws {
			for _, x := range sample.Assessments(seed, org, fw) {
				done++
				if !have[x.Path()] {
					batch = append(batch, x)
				}
			}
			if len(batch) >= genBatch {
				if err := flush(); err != nil {
					return err
				}
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stdout, "assessments: %d created, %d there already\n", created, done-created)
	return nil
}
