package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/peel-oss/peel/internal/peel"
)

// frameworkFile is a framework definition as written in a JSON or YAML file.
// Slugs may be left out: they are made from the names.
type frameworkFile struct {
	Slug      string       `json:"slug" yaml:"slug"`
	Programme string       `json:"programme" yaml:"programme"`
	Cycle     string       `json:"cycle" yaml:"cycle"`
	Scale     []gradeFile  `json:"scale" yaml:"scale"`
	Pillars   []pillarFile `json:"pillars" yaml:"pillars"`
}

type gradeFile struct {
	Slug   string `json:"slug,omitempty" yaml:"slug,omitempty"`
	Label  string `json:"label" yaml:"label"`
	Colour string `json:"colour,omitempty" yaml:"colour,omitempty"`
}

type pillarFile struct {
	Slug      string         `json:"slug,omitempty" yaml:"slug,omitempty"`
	Name      string         `json:"name" yaml:"name"`
	Headline  string         `json:"headlineQuestion,omitempty" yaml:"headlineQuestion,omitempty"`
	Questions []questionFile `json:"questions,omitempty" yaml:"questions,omitempty"`
}

type questionFile struct {
	Number int    `json:"number,omitempty" yaml:"number,omitempty"`
	Text   string `json:"text" yaml:"text"`
}

// DecodeFramework reads a framework definition in JSON or YAML (JSON is read
// as YAML, of which it is a part). Unknown fields are refused, so a typing
// mistake is not silently dropped.
func DecodeFramework(name string, data []byte) (*peel.Framework, error) {
	var f frameworkFile
	if err := decodeYAML(name, data, &f); err != nil {
		return nil, err
	}
	fw := &peel.Framework{Slug: f.Slug, Programme: f.Programme, Cycle: f.Cycle}
	if fw.Slug == "" {
		fw.Slug = peel.Slugify(strings.SplitN(fw.Programme+" "+fw.Cycle, "/", 2)[0])
	}
	for _, g := range f.Scale {
		fw.Scale = append(fw.Scale, &peel.Grade{Slug: orSlug(g.Slug, g.Label), Label: g.Label, Colour: g.Colour})
	}
	for _, p := range f.Pillars {
		pillar := &peel.Pillar{Slug: orSlug(p.Slug, p.Name), Name: p.Name, Headline: p.Headline}
		for i, q := range p.Questions {
			n := q.Number
			if n == 0 {
				n = i + 1
			}
			pillar.Questions = append(pillar.Questions, &peel.Question{Number: n, Text: q.Text})
		}
		fw.Pillars = append(fw.Pillars, pillar)
	}
	if err := fw.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %s", name, peel.ErrorMessage(err))
	}
	return fw, nil
}

// EncodeFramework writes a framework definition as "yaml" or "json", in the
// form DecodeFramework reads.
func EncodeFramework(fw *peel.Framework, format string) ([]byte, error) {
	f := frameworkFile{Slug: fw.Slug, Programme: fw.Programme, Cycle: fw.Cycle}
	for _, g := range fw.Scale {
		f.Scale = append(f.Scale, gradeFile{Slug: g.Slug, Label: g.Label, Colour: g.Colour})
	}
	for _, p := range fw.Pillars {
		pf := pillarFile{Slug: p.Slug, Name: p.Name, Headline: p.Headline}
		for _, q := range p.Questions {
			pf.Questions = append(pf.Questions, questionFile{Number: q.Number, Text: q.Text})
		}
		f.Pillars = append(f.Pillars, pf)
	}
	switch format {
	case "json":
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err := enc.Encode(f)
		return buf.Bytes(), err
	case "yaml":
		return yaml.MarshalWithOptions(f, yaml.IndentSequence(true))
	}
	return nil, peel.Errorf(peel.EINVALID, "unknown format %q: use yaml or json", format)
}

// decodeYAML reads JSON or YAML (JSON is read as YAML, of which it is a
// part) into v, refusing unknown fields, so that a typing mistake is not
// silently dropped; a mistake is told at its line.
func decodeYAML(name string, data []byte, v any) error {
	if err := yaml.UnmarshalWithOptions(data, v, yaml.DisallowUnknownField()); err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			return &LineError{File: name, Line: ye.GetToken().Position.Line, Problem: strings.TrimSpace(ye.GetMessage())}
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func orSlug(slug, name string) string {
	if slug != "" {
		return slug
	}
	return peel.Slugify(name)
}
