// Package sample makes fictional organisations, frameworks and published
// assessments for benchmarks and demonstrations. Everything it makes is
// plainly marked as sample, so that none of it can be taken for a real
// force or a real grade: organisations are "Sample Constabulary 0001" of
// kind sample, in "Sample region 01" of "Sampleland"; frameworks are cycles
// of the "Sample PEEL" programme from 2031 on; narratives are sentences
// that say they are sample text, made from a small list of words.
//
// What it makes depends only on its arguments: the same seed gives the
// same assessments, and an organisation's assessments for a cycle do not
// depend on how many others there are.
package sample

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// Programme is the sample frameworks' programme.
const Programme = "Sample PEEL"

// FirstYear is the year of the first sample cycle: later than any real one.
const FirstYear = 2031

// Country is where every sample organisation is.
const Country = "Sampleland"

// Regions is how many sample regions the organisations are spread over.
const Regions = 10

// Organisation returns the i-th sample organisation, from 1.
func Organisation(i int) *peel.Organisation {
	n := fmt.Sprintf("%04d", i)
	return &peel.Organisation{
		Slug:      "sample-" + n,
		Name:      "Sample Constabulary " + n,
		ShortName: "Sample " + n,
		Region:    fmt.Sprintf("Sample region %02d", (i-1)%Regions+1),
		Country:   Country,
		Kind:      peel.KindSample,
	}
}

// scale4 and scale5 are PEEL's two scales: four points, and five with
// Adequate, as from 2021/22.
var (
	scale4 = []*peel.Grade{
		{Slug: "outstanding", Label: "Outstanding", Colour: "green"},
		{Slug: "good", Label: "Good", Colour: "teal"},
		{Slug: "requires-improvement", Label: "Requires improvement", Colour: "orange"},
		{Slug: "inadequate", Label: "Inadequate", Colour: "red"},
	}
	scale5 = []*peel.Grade{
		{Slug: "outstanding", Label: "Outstanding", Colour: "green"},
		{Slug: "good", Label: "Good", Colour: "teal"},
		{Slug: "adequate", Label: "Adequate", Colour: "blue"},
		{Slug: "requires-improvement", Label: "Requires improvement", Colour: "orange"},
		{Slug: "inadequate", Label: "Inadequate", Colour: "red"},
	}
	// How often each grade is given, in percent, best first.
	weights4 = []int{10, 50, 30, 10}
	weights5 = []int{6, 32, 34, 20, 8}
)

// pillars are the sample frameworks' pillars: names as PEEL's, questions
// that say they are sample questions.
var pillars = []struct {
	slug, name, headline string
	questions            []string
}{
	{"effectiveness", "Effectiveness", "How effective is the sample force at keeping sample people safe?", []string{
		"How well does the sample force understand the sample demand it faces?",
		"How well does the sample force answer sample calls for help?",
		"How well does the sample force look after sample people who are vulnerable?",
	}},
	{"efficiency", "Efficiency", "How efficient is the sample force at keeping sample people safe?", []string{
		"How well does the sample force plan its sample work?",
		"How well does the sample force use its sample budget?",
		"How well does the sample force plan for sample demand to come?",
	}},
	{"legitimacy", "Legitimacy", "How legitimate is the sample force at keeping sample people safe?", []string{
		"How fairly does the sample force treat the sample people it serves?",
		"How well does the sample force make sure its sample workforce behaves ethically?",
		"How fairly does the sample force treat its sample workforce?",
	}},
}

// Framework returns the c-th sample cycle, from 1: "Sample PEEL 2031" is
// the first. Odd cycles grade on four points, even ones on five.
func Framework(c int) *peel.Framework {
	year := FirstYear + c - 1
	fw := &peel.Framework{Slug: fmt.Sprintf("sample-%d", year), Programme: Programme, Cycle: fmt.Sprint(year)}
	for _, g := range scaleOf(c) {
		g := *g
		fw.Scale = append(fw.Scale, &g)
	}
	for _, p := range pillars {
		pillar := &peel.Pillar{Slug: p.slug, Name: p.name, Headline: p.headline}
		for i, q := range p.questions {
			pillar.Questions = append(pillar.Questions, &peel.Question{Number: i + 1, Text: q})
		}
		fw.Pillars = append(fw.Pillars, pillar)
	}
	return fw
}

func scaleOf(c int) []*peel.Grade {
	if c%2 == 0 {
		return scale5
	}
	return scale4
}

// Words are the words narratives are made of, besides "sample" and the
// words of the sentences' frames. A search for one of the nouns matches
// about a quarter of the pages.
var (
	Nouns = []string{
		"almanac", "anchor", "apricot", "beacon", "bellows", "biscuit", "bobbin", "canal", "cobble", "compass",
		"cupboard", "dune", "easel", "ferry", "fjord", "gazebo", "glacier", "hammock", "harbour", "heron",
		"island", "jetty", "juniper", "kettle", "kiln", "lagoon", "lantern", "ledger", "marble", "meadow",
		"nectar", "nutmeg", "orchard", "otter", "parcel", "pebble", "puffin", "quarry", "quill", "rudder",
		"saddle", "spindle", "teapot", "thimble", "tundra", "umbrella", "valley", "violet", "walnut", "willow",
		"windmill", "yarrow", "zephyr", "acorn", "badger", "cinnamon", "dormouse", "ember", "fiddle", "garnet",
	}
	Adjectives = []string{
		"amber", "brisk", "careful", "dappled", "even", "fluent", "gentle", "hollow",
		"idle", "jovial", "keen", "lucid", "mellow", "nimble", "orderly", "patient",
	}
	Verbs = []string{
		"arranges", "balances", "catalogues", "charts", "folds", "gathers", "measures", "polishes",
		"sorts", "tallies", "tends", "weighs",
	}
)

// Assessments returns the sample organisation's published assessments for
// the sample framework, one a pillar, all made from seed, the
// organisation's slug and the framework's slug alone.
func Assessments(seed uint64, org *peel.Organisation, fw *peel.Framework) []*peel.Assessment {
	r := rand.New(rand.NewPCG(seed, hash(org.Slug+"/"+fw.Slug)))
	year := FirstYear
	fmt.Sscan(fw.Cycle, &year)
	day, _ := peel.NewDate(year, 1+r.IntN(12), 1+r.IntN(28))
	published := day.Add(9*time.Hour + 30*time.Minute)
	weights := weights4
	if len(fw.Scale) == len(scale5) {
		weights = weights5
	}
	var list []*peel.Assessment
	for _, p := range fw.Pillars {
		a := &peel.Assessment{
			Organisation: org.Slug, Framework: fw.Slug, Pillar: p.Slug,
			Headline: p.Headline, LastUpdated: day, Status: peel.StatusPublished, PublishedAt: &published,
		}
		for range 2 {
			a.Summary = append(a.Summary, paragraph(r, org))
		}
		sum := 0
		for _, q := range p.Questions {
			g := pick(r, weights)
			sum += g
			j := &peel.Judgment{Number: q.Number, Question: q.Text, Grade: fw.Scale[g].Slug}
			for range 1 + r.IntN(2) {
				j.Body = append(j.Body, peel.Block{Paragraph: paragraph(r, org)})
			}
			if r.IntN(4) == 0 {
				j.Body = append(j.Body, peel.Block{Link: &peel.Link{
					Title: "Sample follow-up review – " + org.Name,
					Href:  "https://example.org/sample/" + fw.Slug + "/" + org.Slug + "/" + p.Slug,
				}})
			}
			a.Judgments = append(a.Judgments, j)
		}
		// The pillar's grade is judged, not computed: near the questions'
		// grades, and now and then a point either side.
		g := (2*sum + len(p.Questions)) / (2 * max(len(p.Questions), 1))
		switch r.IntN(10) {
		case 0:
			g--
		case 1:
			g++
		}
		a.Grade = fw.Scale[min(max(g, 0), len(fw.Scale)-1)].Slug
		list = append(list, a)
	}
	return list
}

// frames are the sentences' shapes: noun, adjective, verb, noun.
var frames = []string{
	"In this sample, the force %[3]s its %[1]s with %[2]s care and a %[4]s.",
	"Sample inspectors found a %[2]s %[1]s beside every %[4]s they looked at.",
	"The sample %[1]s team %[3]s each %[4]s, and this sample text says so.",
	"Sample staff told us that the %[1]s is %[2]s when the %[4]s is near.",
	"This sample sentence is about a %[2]s %[1]s and nothing real.",
}

// paragraph is two or three sample sentences; the first names the
// organisation.
func paragraph(r *rand.Rand, org *peel.Organisation) string {
	s := []string{org.Name + " is a sample organisation."}
	for range 1 + r.IntN(2) {
		s = append(s, fmt.Sprintf(frames[r.IntN(len(frames))],
			Nouns[r.IntN(len(Nouns))], Adjectives[r.IntN(len(Adjectives))], Verbs[r.IntN(len(Verbs))], Nouns[r.IntN(len(Nouns))]))
	}
	return strings.Join(s, " ")
}

// pick returns an index drawn with the weights, in percent.
func pick(r *rand.Rand, weights []int) int {
	n := r.IntN(100)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// hash is a fixed number for a string, the same on every machine and in
// every version of Go.
func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}
