package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London, wherever the server runs

	"github.com/peel-oss/peel/internal/peel"
)

// The editor's forms: what was typed, and what is wrong with it, field by
// field, for the GOV.UK error summary and the fields' own messages.

// ukTime is the zone in which the editor's users give and read times.
var ukTime = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err) // time/tzdata holds it
	}
	return loc
}()

// form holds the errors of a form sent back to be corrected.
type form struct {
	Errors []formError
	fields map[string]string // each field's error by its id
}

// fail records the field's error; the summary links to the field's id.
func (f *form) fail(id, text string) {
	if f.fields == nil {
		f.fields = map[string]string{}
	}
	if _, ok := f.fields[id]; ok {
		return
	}
	f.fields[id] = text
	f.Errors = append(f.Errors, formError{Href: "#" + id, Text: text})
}

// problem is the form's first error as the API tells it: EINVALID, named
// by the field's id; nil when it has none.
func (f *form) problem() error {
	if len(f.Errors) == 0 {
		return nil
	}
	e := f.Errors[0]
	return peel.Errorf(peel.EINVALID, "%s: %s", strings.TrimPrefix(e.Href, "#"), e.Text)
}

// Err is the error of the field with the id, "" when it has none.
func (f form) Err(id string) string { return f.fields[id] }

// dateTime is a moment as a GOV.UK date input and a time field give it,
// in UK time. Its fields are Name-day, Name-month, Name-year and
// Name-time.
type dateTime struct {
	Name, Legend, Hint      string
	Day, Month, Year, Clock string
	DayErr, TimeErr         string
	NoClock                 bool // a day alone, with no time field
}

// datePart is one box of a date input.
type datePart struct {
	ID, Label, Value string
	Width            int
}

// Parts are the date input's boxes: day, month and year.
func (d *dateTime) Parts() []datePart {
	return []datePart{{d.Name + "-day", "Day", d.Day, 2}, {d.Name + "-month", "Month", d.Month, 2}, {d.Name + "-year", "Year", d.Year, 4}}
}

// newDateTime is an empty field, or one showing t in UK time.
func newDateTime(name, legend, hint string, t *time.Time) *dateTime {
	d := &dateTime{Name: name, Legend: legend, Hint: hint}
	if t != nil {
		u := t.In(ukTime)
		d.Day, d.Month, d.Year, d.Clock = strconv.Itoa(u.Day()), strconv.Itoa(int(u.Month())), strconv.Itoa(u.Year()), u.Format("15:04")
		if u.Second() != 0 {
			d.Clock = u.Format("15:04:05")
		}
	}
	return d
}

// read fills the field in from the form sent, and returns the moment it
// gives: nil when it was left empty and is not required. What is wrong is
// recorded in f.
func (d *dateTime) read(v url.Values, f *form, required bool) *time.Time {
	get := func(part string) string { return strings.TrimSpace(v.Get(d.Name + "-" + part)) }
	d.Day, d.Month, d.Year, d.Clock = get("day"), get("month"), get("year"), get("time")
	if d.NoClock {
		d.Clock = ""
	}
	label := strings.ToLower(d.Legend[:1]) + d.Legend[1:]
	if d.Day == "" && d.Month == "" && d.Year == "" && d.Clock == "" {
		if required {
			d.DayErr = "Enter the " + label
			f.fail(d.Name+"-day", d.DayErr)
		}
		return nil
	}
	day, errD := strconv.Atoi(d.Day)
	month, errM := strconv.Atoi(d.Month)
	year, errY := strconv.Atoi(d.Year)
	if errD != nil || errM != nil || errY != nil || len(d.Year) != 4 || month < 1 || month > 12 || day < 1 ||
		day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		d.DayErr = "The " + label + " must be a real date, such as 27 3 2027"
		f.fail(d.Name+"-day", d.DayErr)
	}
	hour, minute, second, ok := parseClock(d.Clock)
	if d.NoClock {
		hour, minute, second, ok = 0, 0, 0, true
	}
	if !ok {
		d.TimeErr = "The " + label + " must have a time on the 24-hour clock, such as 09:30, or 09:30:15 to the second"
		f.fail(d.Name+"-time", d.TimeErr)
	}
	if d.DayErr != "" || d.TimeErr != "" {
		return nil
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, ukTime)
	return &t
}

// parseClock reads a time of day such as 09:30 or 9.30, or to the second,
// such as 09:30:15: an embargo ends to the second.
func parseClock(s string) (hour, minute, second int, ok bool) {
	parts := strings.Split(strings.ReplaceAll(s, ".", ":"), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	n := make([]int, 3)
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || (i > 0 && len(p) != 2) || v < 0 || v >= []int{24, 60, 60}[i] {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	return n[0], n[1], n[2], true
}

// formatUK is a moment as the editor shows it: in UK time.
func formatUK(t time.Time) string {
	return t.In(ukTime).Format("15:04 on 2 January 2006") + " (UK time)"
}

// errorText is an error's message as a sentence for a field.
func errorText(err error) string { return capitalise(peel.ErrorMessage(err)) }

// errorField is the field a store's refusal names, as Validate names them
// ("theme: …", or "publication x: scale: …"): the last of names it names,
// else fallback.
func errorField(err error, fallback string, names ...string) string {
	msg := peel.ErrorMessage(err)
	for _, name := range names {
		if strings.HasPrefix(msg, name+":") || strings.Contains(msg, ": "+name+":") {
			fallback = name
		}
	}
	return fallback
}
