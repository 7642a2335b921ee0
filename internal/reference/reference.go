// Package reference holds the facts peel ships with: the 43 territorial
// police forces of England and Wales, the PEEL cycles from 2014 to 2018/19,
// and 500 pillar grades published in those cycles, each with the address of
// the page that states it. They are embedded, so nothing is read from
// outside at run time. Load gives a store the forces and cycles; LoadGrades
// the grades.
package reference

import (
	"context"
	"embed"
	"encoding/csv"
	"fmt"
	"io/fs"
	"strings"

	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

//go:embed forces.tsv frameworks/*.yaml peel-pillar-grades.tsv
var files embed.FS

// Forces returns the 43 territorial forces.
func Forces() ([]*peel.Organisation, error) {
	f, err := files.Open("forces.tsv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("forces.tsv: %w", err)
	}
	if strings.Join(rows[0], ",") != "slug,name,short_name,region,country" {
		return nil, fmt.Errorf("forces.tsv: unexpected columns %v", rows[0])
	}
	var orgs []*peel.Organisation
	for _, row := range rows[1:] {
		orgs = append(orgs, &peel.Organisation{Slug: row[0], Name: row[1], ShortName: row[2], Region: row[3], Country: row[4], Kind: peel.KindTerritorialForce})
	}
	return orgs, nil
}

// Frameworks returns the PEEL cycles peel ships.
func Frameworks() ([]*peel.Framework, error) {
	names, err := fs.Glob(files, "frameworks/*.yaml")
	if err != nil {
		return nil, err
	}
	var fws []*peel.Framework
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		fw, err := importer.DecodeFramework(name, data)
		if err != nil {
			return nil, err
		}
		fws = append(fws, fw)
	}
	return fws, nil
}

// Grades returns the published PEEL pillar grades peel ships, each with
// its source.
func Grades() ([]peel.GradedItem, error) {
	fws, err := Frameworks()
	if err != nil {
		return nil, err
	}
	orgs, err := Forces()
	if err != nil {
		return nil, err
	}
	data, err := files.ReadFile("peel-pillar-grades.tsv")
	if err != nil {
		return nil, err
	}
	grades, _, err := importer.ParseGrades("peel-pillar-grades.tsv", data, importer.Catalogue{Frameworks: fws, Organisations: orgs})
	return grades, err
}

// Load adds to the store whatever reference data it lacks. What is there
// already is left as it is, so local changes survive a restart.
func Load(ctx context.Context, st *store.Store) error {
	orgs, err := Forces()
	if err != nil {
		return err
	}
	if _, err := st.AddOrganisations(ctx, orgs); err != nil {
		return fmt.Errorf("load forces: %w", err)
	}
	fws, err := Frameworks()
	if err != nil {
		return err
	}
	for _, fw := range fws {
		_, err := st.FindFrameworkBySlug(ctx, fw.Slug)
		if peel.ErrorCode(err) == peel.ENOTFOUND {
			_, err = st.SaveFramework(ctx, fw)
		}
		if err != nil {
			return fmt.Errorf("load framework %s: %w", fw.Slug, err)
		}
	}
	return nil
}

// LoadGrades adds the published grades that the store has no assessment
// for; what is stored already is left as it is.
func LoadGrades(ctx context.Context, st *store.Store) error {
	grades, err := Grades()
	if err != nil {
		return err
	}
	if _, err := st.ImportGradedItems(ctx, grades, true); err != nil {
		return fmt.Errorf("load grades: %w", err)
	}
	return nil
}
