package mail_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/mail"
)

// AppendDate, FormatDate and Stamp write what time writes with DateLayout and
// StampLayout, for every zone and date, the ones they leave to time included.
func TestFormatDateAsTime(t *testing.T) {
	east := time.FixedZone("IST", 5*3600+30*60)
	west := time.FixedZone("NST", -(3*3600 + 30*60))
	odd := time.FixedZone("LMT", -(4*3600 + 56*60 + 2)) // an offset with seconds
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600)
	}
	tests := []struct {
		name string
		t    time.Time
	}{
		{"a lesson's start", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)},
		{"a second before midnight, nanoseconds ignored", time.Date(2024, 12, 31, 23, 59, 59, 999_999_999, time.UTC)},
		{"a leap day", time.Date(2024, 2, 29, 12, 30, 5, 0, time.UTC)},
		{"half an hour east", time.Date(2025, 7, 4, 1, 2, 3, 0, east)},
		{"half an hour west", time.Date(2025, 7, 4, 1, 2, 3, 0, west)},
		{"summer time", time.Date(2025, 7, 4, 1, 2, 3, 0, berlin)},
		{"winter time", time.Date(2025, 1, 4, 1, 2, 3, 0, berlin)},
		{"the first year", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"a year of two digits", time.Date(42, 6, 7, 8, 9, 10, 0, time.UTC)},
		{"the last year of four digits", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"a year of five digits", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"a year before the first", time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"an offset with seconds", time.Date(1880, 1, 1, 0, 0, 0, 0, odd)},
		{"the zero time", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.t.Format(mail.DateLayout)
			assert.Equal(t, want, mail.FormatDate(tt.t))
			assert.Equal(t, "Date: "+want, string(mail.AppendDate([]byte("Date: "), tt.t)))
			assert.Equal(t, tt.t.Format(mail.StampLayout), mail.Stamp(tt.t))
		})
	}
	r := rand.New(rand.NewPCG(1, 2))
	zones := []*time.Location{time.UTC, east, west, odd, berlin}
	for range 20_000 {
		at := time.Unix(r.Int64N(400_000_000_000)-200_000_000_000, 0).In(zones[r.IntN(len(zones))])
		if want := at.Format(mail.DateLayout); mail.FormatDate(at) != want {
			assert.Equal(t, want, mail.FormatDate(at), "%v", at)
			break
		}
		if want := at.Format(mail.StampLayout); mail.Stamp(at) != want {
			assert.Equal(t, want, mail.Stamp(at), "%v", at)
			break
		}
	}
}
