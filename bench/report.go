package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Row is one line of the results table.
type Row struct {
	// ID names a row other rows compare with ("B8"); optional.
	ID string `json:"id,omitempty"`
	// Scenario numbers the scenario as the suite documents it ("2 Append").
	Scenario string `json:"scenario"`
	// Name says what was measured, with its concurrency.
	Name string `json:"name"`
	// Throughput is operations (Unit) per second; 0 when not meaningful.
	Throughput float64 `json:"throughput,omitempty"`
	Unit       string  `json:"unit,omitempty"`
	Count      int     `json:"count,omitempty"`
	Errors     int     `json:"errors,omitempty"`
	P50Ms      float64 `json:"p50Ms,omitempty"`
	P99Ms      float64 `json:"p99Ms,omitempty"`
	MaxMs      float64 `json:"maxMs,omitempty"`
	// Ratio compares this row with Baseline (a row measured in the same
	// run), or, for history, the long document with the short one.
	Ratio    float64 `json:"ratio,omitempty"`
	Baseline string  `json:"baseline,omitempty"`
	// Target is the goal the row is reported against, Met whether it was
	// reached (nil: no target).
	Target string `json:"target,omitempty"`
	Met    *bool  `json:"met,omitempty"`
	// Value is a figure that is neither a rate nor a latency (seconds,
	// megabytes), printed in the throughput column.
	Value string `json:"value,omitempty"`
	Note  string `json:"note,omitempty"`
	// OthersPct is the share (percent) of the machine's CPU that
	// processes other than the benchmark's used while the row was
	// measured; -1 unknown. Add sets it unless it is set already.
	OthersPct float64 `json:"othersCpuPct"`
	// NotRun says why the scenario could not be measured.
	NotRun string `json:"notRun,omitempty"`
}

// WithLatency fills the latency columns from s.
func (r Row) WithLatency(s Summary) Row {
	r.Count = max(r.Count, s.Count)
	r.P50Ms, r.P99Ms, r.MaxMs = ms(s.P50), ms(s.P99), ms(s.Max)
	return r
}

// Against sets the target and whether it was met.
func (r Row) Against(target string, met bool) Row {
	r.Target, r.Met = target, &met
	return r
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

// Report is the outcome of one run: the machine and every row.
type Report struct {
	Started  time.Time `json:"started"`
	Duration string    `json:"duration"`
	Mode     string    `json:"mode"`
	Machine  Machine   `json:"machine"`
	Rows     []Row     `json:"rows"`

	// CPU, when set, tells each row how busy other processes kept the
	// machine since the previous Add.
	CPU     *CPUWatch `json:"-"`
	lastAdd time.Time
}

// Add appends rows and echoes them to progress, so that a long run shows
// where it is.
func (r *Report) Add(progress io.Writer, rows ...Row) {
	now := time.Now()
	others := -1.0
	if r.CPU != nil && !r.lastAdd.IsZero() {
		if o := r.CPU.Others(r.lastAdd, now); o >= 0 {
			others = math.Round(o * 100)
		}
	}
	r.lastAdd = now
	for _, row := range rows {
		if row.OthersPct == 0 && others >= 0 || row.NotRun != "" {
			row.OthersPct = others
		}
		r.Rows = append(r.Rows, row)
		fmt.Fprintf(progress, "bench: %s | %s | %s\n", row.Scenario, row.Name, strings.Join(row.cells()[2:], " | "))
	}
}

// Find returns the measured row with the given ID.
func (r *Report) Find(id string) (Row, bool) {
	for _, row := range r.Rows {
		if row.ID == id && row.NotRun == "" {
			return row, true
		}
	}
	return Row{}, false
}

// Sort orders the rows by scenario number, keeping the order within a
// scenario: scenarios run in the order their data needs, not their number.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Rows, func(a, b Row) int {
		return strings.Compare(a.Scenario[:1], b.Scenario[:1])
	})
}

// WriteJSON writes the report to path, creating its directory.
func (r *Report) WriteJSON(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

var header = []string{"scenario", "measure", "throughput / value", "p50 ms", "p99 ms", "max ms", "vs baseline", "target", "others' CPU", "note"}

// WriteTable writes the machine and the rows as a Markdown table, so that
// the same text reads well in a terminal and pastes into docs.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "Run %s (%s mode, %s) on %s\n\n", r.Started.Format("2006-01-02 15:04 MST"), r.Mode, r.Duration, r.Machine)
	rows := [][]string{header}
	for _, row := range r.Rows {
		rows = append(rows, row.cells())
	}
	widths := make([]int, len(header))
	for _, cells := range rows {
		for i, c := range cells {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range cells {
			b.WriteString(" " + c + strings.Repeat(" ", widths[i]-len([]rune(c))) + " |")
		}
		fmt.Fprintln(w, b.String())
	}
	line(rows[0])
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = strings.Repeat("-", widths[i])
	}
	line(sep)
	for _, cells := range rows[1:] {
		line(cells)
	}
}

func (r Row) cells() []string {
	name := r.Name
	if r.ID != "" {
		name = r.ID + ": " + name
	}
	if r.NotRun != "" {
		return []string{r.Scenario, name, "not run", "", "", "", "", r.Target, "", "not run: " + r.NotRun}
	}
	value := r.Value
	if r.Throughput > 0 {
		value = fmt.Sprintf("%s %s", thousands(r.Throughput), r.Unit)
	}
	ratio := ""
	if r.Ratio > 0 {
		ratio = fmt.Sprintf("%.2f x %s", r.Ratio, r.Baseline)
	}
	target := r.Target
	if r.Met != nil {
		if *r.Met {
			target += " met"
		} else {
			target += " MISSED"
		}
	}
	note := r.Note
	if r.Errors > 0 {
		note = strings.TrimPrefix(note+fmt.Sprintf("; %d errors", r.Errors), "; ")
	}
	others := ""
	if r.OthersPct >= 0 {
		others = fmt.Sprintf("%.0f%%", r.OthersPct)
	}
	return []string{r.Scenario, name, value, num(r.P50Ms), num(r.P99Ms), num(r.MaxMs), ratio, target, others, note}
}

func num(v float64) string {
	switch {
	case v == 0:
		return ""
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// thousands formats a rate with thousands separators and no decimals
// (one decimal below 100).
func thousands(v float64) string {
	if v < 100 {
		return fmt.Sprintf("%.1f", v)
	}
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
