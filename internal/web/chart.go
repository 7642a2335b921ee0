package web

import (
	"fmt"
	"html/template"
	"strings"
)

// Charts are drawn here, as SVG on the server: no script, and the same on
// paper as on screen. Each is an image with a title and a description, and
// never says anything by colour alone: every bar carries its grade and its
// number, every line its own marker and dash. Each page shows the chart's
// data in a table beside it too.

// tagInk are the fill and stroke of a bar in each GOV.UK tag colour: the
// tag's background and its text, so that a bar looks like its grade's tag.
var tagInk = map[string][2]string{
	"blue":    {"#d2e2f1", "#0f385c"},
	"green":   {"#cfe4dc", "#083d29"},
	"teal":    {"#d0e6e7", "#0b4144"},
	"purple":  {"#ddd6ec", "#2a1950"},
	"magenta": {"#f4d7e5", "#651b3e"},
	"red":     {"#f4d7d7", "#651b1b"},
	"orange":  {"#fde4d7", "#7a3c1c"},
	"yellow":  {"#ffee80", "#7a3c1c"},
	"grey":    {"#cecece", "#0b0c0c"},
}

const chartFont = `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"`

// barChart is counts drawn as horizontal bars, one a grade, each with its
// label above it and its number at its end.
type barChart struct {
	ID          string // makes the ids of its title and description
	Title       string
	Description string
	Bars        []bar
	Max         int // the count a full-length bar stands for; 0 for the largest bar's
}

type bar struct {
	Label    string
	Value    int
	Colour   string // a tag colour
	Ungraded bool   // drawn hatched: a state, not a grade of the scale
}

const (
	barWidth  = 220 // the longest bar
	barRow    = 44  // the height of one bar with its label
	barHeight = 16
)

// SVG draws the chart. A chart with no bars, or only zeros, says so.
func (c barChart) SVG() template.HTML {
	top := c.Max
	for _, b := range c.Bars {
		top = max(top, b.Value)
	}
	width, height := barWidth+60, max(len(c.Bars)*barRow, barRow)+8
	var s strings.Builder
	openSVG(&s, c.ID, width, height, c.Title, c.Description)
	s.WriteString(`<defs><pattern id="` + c.ID + `-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
		`<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#505a5f" stroke-width="3"/></pattern></defs>`)
	if top == 0 {
		fmt.Fprintf(&s, `<text x="0" y="24" font-size="16" fill="#0b0c0c">Nothing to count</text>`)
	}
	for i, b := range c.Bars {
		if top == 0 {
			break
		}
		y := i*barRow + 4
		ink := tagInk[b.Colour]
		if ink[0] == "" {
			ink = tagInk["grey"]
		}
		fill := ink[0]
		if b.Ungraded {
			fill = "url(#" + c.ID + "-hatch)"
		}
		length := b.Value * barWidth / top
		fmt.Fprintf(&s, `<text x="0" y="%d" font-size="16" fill="#0b0c0c">%s</text>`, y+14, esc(b.Label))
		if length > 0 {
			fmt.Fprintf(&s, `<rect x="0.5" y="%d.5" width="%d" height="%d" fill="%s" stroke="%s"/>`, y+20, length, barHeight, fill, ink[1])
		} else {
			fmt.Fprintf(&s, `<line x1="0.5" y1="%d" x2="0.5" y2="%d" stroke="%s" stroke-width="1"/>`, y+20, y+20+barHeight, ink[1])
		}
		fmt.Fprintf(&s, `<text x="%d" y="%d" font-size="16" font-weight="bold" fill="#0b0c0c" class="peel-chart__value">%d</text>`, length+6, y+20+barHeight-3, b.Value)
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// lineChart is grades over cycles: a line for each series (a pillar, a
// force), the scale's best grade at the top.
type lineChart struct {
	ID          string
	Title       string
	Description string
	XLabels     []string // the cycles, oldest first
	YLabels     []string // the grades, best first
	Series      []series
}

type series struct {
	Name   string
	Points []int // for each cycle, the grade's place in YLabels; -1 for none
}

// seriesStyles tell the series apart by stroke colour, dash and marker:
// each colour has at least 3:1 contrast on white.
var seriesStyles = []struct{ colour, dash, marker string }{
	{"#1d70b8", "", "circle"},
	{"#00703c", "8 4", "square"},
	{"#4c2c92", "2 4", "triangle"},
	{"#b1250a", "10 4 2 4", "diamond"},
}

const (
	lineLeft   = 190 // room for the grades' labels
	lineTop    = 16
	lineRow    = 40
	lineColumn = 110
)

// SVG draws the chart; a chart with no series or no cycles says so.
func (c lineChart) SVG() template.HTML {
	width := lineLeft + max(len(c.XLabels), 1)*lineColumn
	legendTop := lineTop + len(c.YLabels)*lineRow + 56
	height := legendTop + len(c.Series)*26 + 8
	var s strings.Builder
	openSVG(&s, c.ID, width, height, c.Title, c.Description)
	if len(c.Series) == 0 || len(c.XLabels) == 0 || len(c.YLabels) == 0 {
		s.WriteString(`<text x="0" y="24" font-size="16" fill="#0b0c0c">No grades to show</text></svg>`)
		return template.HTML(s.String())
	}
	x := func(i int) int { return lineLeft + i*lineColumn + lineColumn/2 }
	y := func(g int) int { return lineTop + g*lineRow + lineRow/2 }
	for g, label := range c.YLabels {
		fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#b1b4b6" stroke-width="1"/>`, lineLeft, y(g), width, y(g))
		fmt.Fprintf(&s, `<text x="%d" y="%d" font-size="16" text-anchor="end" fill="#0b0c0c">%s</text>`, lineLeft-10, y(g)+5, esc(label))
	}
	axis := lineTop + len(c.YLabels)*lineRow
	fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#0b0c0c" stroke-width="1"/>`, lineLeft, axis, width, axis)
	for i, label := range c.XLabels {
		fmt.Fprintf(&s, `<text x="%d" y="%d" font-size="16" text-anchor="middle" fill="#0b0c0c">%s</text>`, x(i), axis+22, esc(label))
	}
	for n, sr := range c.Series {
		st := seriesStyles[n%len(seriesStyles)]
		// Markers that share a place sit side by side, not on one another.
		shift := (2*n - len(c.Series) + 1) * 5
		var path strings.Builder
		for i, g := range sr.Points {
			if g < 0 || g >= len(c.YLabels) {
				continue
			}
			if i > 0 && sr.Points[i-1] >= 0 && sr.Points[i-1] < len(c.YLabels) {
				fmt.Fprintf(&path, " L%d %d", x(i)+shift, y(g))
			} else {
				fmt.Fprintf(&path, " M%d %d", x(i)+shift, y(g))
			}
		}
		if path.Len() > 0 {
			fmt.Fprintf(&s, `<path d="%s" fill="none" stroke="%s" stroke-width="3"%s/>`, strings.TrimSpace(path.String()), st.colour, dash(st.dash))
		}
		for i, g := range sr.Points {
			if g >= 0 && g < len(c.YLabels) {
				s.WriteString(marker(st.marker, x(i)+shift, y(g), st.colour))
			}
		}
		// The legend: the series' line and marker, and its name.
		ly := legendTop + n*26
		fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"%s/>`, lineLeft, ly, lineLeft+40, ly, st.colour, dash(st.dash))
		s.WriteString(marker(st.marker, lineLeft+20, ly, st.colour))
		fmt.Fprintf(&s, `<text x="%d" y="%d" font-size="16" fill="#0b0c0c">%s</text>`, lineLeft+52, ly+5, esc(sr.Name))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// openSVG writes the svg element as an image named by its title and
// description. Its width is its natural one; the style sheet narrows it to
// fit its column.
func openSVG(s *strings.Builder, id string, width, height int, title, desc string) {
	fmt.Fprintf(s, `<svg xmlns="http://www.w3.org/2000/svg" class="peel-chart" role="img" aria-labelledby="%[1]s-title %[1]s-desc" width="%[2]d" height="%[3]d" viewBox="0 0 %[2]d %[3]d" %[4]s>`,
		id, width, height, chartFont)
	fmt.Fprintf(s, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
}

func marker(kind string, x, y int, colour string) string {
	switch kind {
	case "square":
		return fmt.Sprintf(`<rect x="%d" y="%d" width="12" height="12" fill="%s" stroke="#ffffff"/>`, x-6, y-6, colour)
	case "triangle":
		return fmt.Sprintf(`<path d="M%d %d L%d %d L%d %d Z" fill="%s" stroke="#ffffff"/>`, x, y-8, x+7, y+6, x-7, y+6, colour)
	case "diamond":
		return fmt.Sprintf(`<path d="M%d %d L%d %d L%d %d L%d %d Z" fill="%s" stroke="#ffffff"/>`, x, y-8, x+8, y, x, y+8, x-8, y, colour)
	}
	return fmt.Sprintf(`<circle cx="%d" cy="%d" r="7" fill="%s" stroke="#ffffff"/>`, x, y, colour)
}

func dash(d string) string {
	if d == "" {
		return ""
	}
	return ` stroke-dasharray="` + d + `"`
}

func esc(s string) string { return template.HTMLEscapeString(s) }
