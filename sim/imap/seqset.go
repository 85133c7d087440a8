package imap

import (
	"errors"
	"strconv"
	"strings"
)

// seqRange is one element of a sequence set; zero stands for "*", the
// largest number in use (RFC 9051 §9 seq-number).
type seqRange struct{ lo, hi uint32 }

// seqSet is a parsed sequence set such as "1,3,5:7" or "3:*". It names
// either message sequence numbers or UIDs, depending on the command.
type seqSet []seqRange

// parseSeqSet parses sequence-set = (seq-number / seq-range) ["," sequence-set].
func parseSeqSet(s string) (seqSet, error) {
	if s == "" {
		return nil, errors.New("expected a sequence set such as 1:3,5 or 1:*")
	}
	var set seqSet
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(part, ":")
		a, err := parseSeqNumber(lo)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = parseSeqNumber(hi); err != nil {
				return nil, err
			}
		}
		set = append(set, seqRange{a, b})
	}
	return set, nil
}

// parseSeqNumber parses nz-number or "*"; 0 is never a valid message number
// or UID (RFC 9051 §2.3.1).
func parseSeqNumber(s string) (uint32, error) {
	if s == "*" {
		return 0, nil
	}
	if s == "" || s[0] == '0' {
		return 0, errors.New("expected a number from 1 or * in the sequence set")
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, errors.New("sequence number out of range")
	}
	return uint32(n), nil
}

// contains reports whether n is in the set when "*" stands for star. A range
// is unordered: 4:2 and 2:4 are the same, so 7:* names the last message even
// when fewer than seven exist (RFC 9051 §9 seq-range).
func (set seqSet) contains(n, star uint32) bool {
	for _, r := range set {
		lo, hi := r.lo, r.hi
		if lo == 0 {
			lo = star
		}
		if hi == 0 {
			hi = star
		}
		if lo > hi {
			lo, hi = hi, lo
		}
		if lo <= n && n <= hi {
			return true
		}
	}
	return false
}

// checkMessageNumbers reports a sequence set that names message numbers
// beyond the mailbox: the server should answer BAD to a number greater
// than the number of messages, including "*" in an empty mailbox
// (RFC 9051 §9 seq-number).
func (set seqSet) checkMessageNumbers(count int) error {
	for _, r := range set {
		for _, n := range []uint32{r.lo, r.hi} {
			if n == 0 && count == 0 {
				return errors.New(`"*" names no message: the mailbox is empty`)
			}
			if uint64(n) > uint64(count) {
				return errors.New("message " + strconv.FormatUint(uint64(n), 10) + " does not exist: the mailbox has " + strconv.Itoa(count))
			}
		}
	}
	return nil
}

// formatSeqSet writes ascending numbers compactly, 1:3,5 (for ESEARCH ALL).
func formatSeqSet(ns []uint32) string {
	var b []byte
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if len(b) > 0 {
			b = append(b, ',')
		}
		b = appendNumber(b, ns[i])
		if j > i {
			b = append(b, ':')
			b = appendNumber(b, ns[j])
		}
		i = j + 1
	}
	return string(b)
}

// numbersOK checks a sequence set of message numbers against the selected view and
// answers BAD when it names one past the end; UID sets need no check (a UID that no
// longer exists simply matches nothing, RFC 9051 §6.4.9).
func (c *call) numbersOK(set seqSet) bool {
	if c.uid {
		return true
	}
	if err := set.checkMessageNumbers(len(c.s.view)); err != nil {
		c.bad("", err.Error(), reasonBadSequence)
		return false
	}
	return true
}
