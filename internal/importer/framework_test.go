package importer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/importer"
)

const sampleFramework = `# A sample five-point framework.
programme: SAMPLE
cycle: "2031/32"
scale:
  - label: Outstanding
    colour: green
  - label: Adequate
  - label: Inadequate
    colour: red
pillars:
  - name: Sample pillar
    headlineQuestion: How sample is it?
    questions:
      - text: First sample question?
      - text: Second sample question?
`

func TestDecodeFramework(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		fw, err := importer.DecodeFramework("sample.yaml", []byte(sampleFramework))
		if err != nil {
			t.Fatal(err)
		}
		if fw.Slug != "sample-2031" || fw.Name() != "SAMPLE 2031/32" {
			t.Errorf("slug %q, name %q", fw.Slug, fw.Name())
		}
		if got := strings.Join(fw.GradeLabels(), ","); got != "Outstanding,Adequate,Inadequate" || fw.Grade("adequate") == nil {
			t.Errorf("scale %s", got)
		}
		p := fw.Pillar("sample-pillar")
		if p == nil || len(p.Questions) != 2 || p.Questions[1].Number != 2 {
			t.Fatalf("pillar %+v", p)
		}
	})
	t.Run("RoundTrip", func(t *testing.T) {
		fw, err := importer.DecodeFramework("sample.yaml", []byte(sampleFramework))
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"yaml", "json"} {
			out, err := importer.EncodeFramework(fw, format)
			if err != nil {
				t.Fatal(err)
			}
			again, err := importer.DecodeFramework("again."+format, out)
			if err != nil {
				t.Fatalf("%s: %v\n%s", format, err, out)
			}
			a, _ := importer.EncodeFramework(again, "json")
			b, _ := importer.EncodeFramework(fw, "json")
			if string(a) != string(b) {
				t.Errorf("%s round trip changed the framework:\n%s\n%s", format, a, b)
			}
		}
	})
	for _, tt := range []struct {
		name, file, want string
		line             int
	}{
		{"ErrUnknownField", strings.Replace(sampleFramework, "cycle:", "cylce:", 1), "unknown field", 3},
		{"ErrSyntax", sampleFramework + "  - [unclosed\n", "", 0},
		{"ErrEmptyScale", strings.Split(sampleFramework, "scale:")[0], "empty scale", 0},
		{"ErrUngradedOnScale", strings.Replace(sampleFramework, "label: Adequate", "label: Ungraded", 1), "means no grade", 0},
		{"ErrBadColour", strings.Replace(sampleFramework, "colour: red", "colour: crimson", 1), `colour "crimson"`, 0},
		{"ErrQuestionNumbers", strings.Replace(sampleFramework, "- text: Second", "- number: 5\n        text: Second", 1), "numbered 1, 2, 3", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importer.DecodeFramework("sample.yaml", []byte(tt.file))
			if err == nil || !strings.HasPrefix(err.Error(), "sample.yaml:") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error naming sample.yaml and %q", err, tt.want)
			}
			var le *importer.LineError
			if tt.line > 0 && (!errors.As(err, &le) || le.Line != tt.line) {
				t.Errorf("got %v, want line %d", err, tt.line)
			}
		})
	}
}
