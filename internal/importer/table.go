package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// eachRow reads a CSV table with a header that has every column of need
// (others, such as optional ones, may be there too), and calls row for each
// line after it with the line's number and a getter of a column's trimmed
// value ("" for a column the table lacks). what names the table in the
// errors: "outcomes".
func eachRow(name string, data []byte, what string, need []string, row func(line int, get func(column string) string) error) error {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		return &LineError{File: name, Line: 1, Problem: "not a table of " + what + ": no header"}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range need {
		if _, ok := col[c]; !ok {
			return &LineError{File: name, Line: 1, Problem: fmt.Sprintf("not a table of %s: no %q column (it needs %s)", what, c, strings.Join(need, ", ")), Text: strings.Join(header, ",")}
		}
	}
	rows := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
			return &LineError{File: name, Line: pe.Line, Problem: pe.Err.Error()}
		} else if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := r.FieldPos(0)
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if err := row(line, get); err != nil {
			return err
		}
		rows++
	}
	if rows == 0 {
		return &LineError{File: name, Line: 1, Problem: "the table has no " + what}
	}
	return nil
}
