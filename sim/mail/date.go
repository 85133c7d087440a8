package mail

import "time"

// FormatDate is t as DateLayout formats it (RFC 5322 §3.3): what Date:, Received: and
// a DSN's dates say.
func FormatDate(t time.Time) string { return string(AppendDate(make([]byte, 0, len(DateLayout)), t)) }

// AppendDate appends t as t.AppendFormat(b, DateLayout) does. Every message a run
// composes, passes on or bounces carries such dates, and time's formatting reads its
// layout anew each time; the fields here are written straight. Years outside 0–9999
// and offsets of a zone with seconds in them are left to time.
func AppendDate(b []byte, t time.Time) []byte {
	_, offset := t.Zone()
	year, month, day := t.Date()
	if year < 0 || year > 9999 || offset%60 != 0 {
		return t.AppendFormat(b, DateLayout)
	}
	hour, minute, second := t.Clock()
	b = append(append(b, t.Weekday().String()[:3]...), ", "...)
	b = append(append(appendDigits(b, day, 2), ' '), month.String()[:3]...)
	b = append(appendDigits(append(b, ' '), year, 4), ' ')
	b = append(appendDigits(b, hour, 2), ':')
	b = append(appendDigits(b, minute, 2), ':')
	b = append(appendDigits(b, second, 2), ' ')
	sign := byte('+')
	if offset < 0 {
		sign, offset = '-', -offset
	}
	return appendDigits(appendDigits(append(b, sign), offset/3600, 2), offset/60%60, 2)
}

// appendDigits appends n ≥ 0 in decimal with at least width digits, zeros in front.
func appendDigits(b []byte, n, width int) []byte {
	var d [20]byte
	i := len(d)
	for n >= 10 || width > 1 {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	i--
	d[i] = byte('0' + n)
	return append(b, d[i:]...)
}

// StampLayout is a date and time as digits only, the first part of the Message-IDs
// the simulation makes.
const StampLayout = "20060102150405"

// Stamp is t as t.Format(StampLayout) writes it, written straight as AppendDate is.
func Stamp(t time.Time) string {
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format(StampLayout)
	}
	hour, minute, second := t.Clock()
	b := appendDigits(make([]byte, 0, len(StampLayout)), year, 4)
	for _, n := range [...]int{int(month), day, hour, minute, second} {
		b = appendDigits(b, n, 2)
	}
	return string(b)
}
