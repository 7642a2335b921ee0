package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
)

// Text writes an assessment in the text form that ParsePage reads: reading
// the result gives back the same assessment.
func Text(a *peel.Assessment, org *peel.Organisation, fw *peel.Framework) []byte {
	var blocks []string
	add := func(lines ...string) { blocks = append(blocks, strings.Join(lines, "\n")) }
	name := fw.PillarName(a.Pillar)
	label := func(slug string) string {
		if g := fw.Grade(slug); g != nil {
			return g.Label
		}
		return peel.Ungraded
	}
	add(org.ShortName + " " + fw.Name())
	add(name)
	if a.Headline != "" {
		add(a.Headline)
	}
	add(fmt.Sprintf("Last updated %02d/%02d/%04d", a.LastUpdated.Day(), a.LastUpdated.Month(), a.LastUpdated.Year()), label(a.Grade))
	for _, p := range a.Summary {
		add(p)
	}
	add("Questions for " + name)
	for _, j := range a.Judgments {
		add(strconv.Itoa(j.Number))
		add(j.Question)
		add(label(j.Grade))
		for _, b := range j.Body {
			if b.Link != nil {
				add(b.Link.Title)
			} else {
				add(b.Paragraph)
			}
		}
	}
	return []byte(strings.Join(blocks, "\n\n") + "\n")
}
