package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// maxGap is the longest run of zeros between two segments that pack joins; a
// longer one starts a new segment. In Go's modules the longest is under 4 kB.
const maxGap = 1 << 16

// segment is an active data segment of memory 0: where in memory, and what.
type segment struct {
	offset int64
	data   []byte
}

// reader reads the numbers and vectors of the binary format; the first error stays.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New(msg)
	}
	r.b = nil
}

func (r *reader) byte1() byte {
	if len(r.b) == 0 {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// uleb reads an unsigned LEB128 number (the encoding of binary.Uvarint).
func (r *reader) uleb() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("a bad unsigned number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// sleb reads a signed LEB128 number of at most 32 bits, as i32.const holds it.
func (r *reader) sleb() int64 {
	var v int64
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte1()
		v |= int64(c&0x7f) << shift
		if c < 0x80 {
			if c&0x40 != 0 {
				v -= 1 << (shift + 7)
			}
			return v
		}
	}
	r.fail("an i32.const longer than 5 octets")
	return 0
}

// bytes reads a length and that many octets.
func (r *reader) bytes() []byte {
	n := r.uleb()
	if n > uint64(len(r.b)) {
		r.fail("a length past the end")
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

// readSegments reads a data section whose segments are all active in memory 0 at a
// constant offset (mode 0, i32.const N, end), as Go writes them.
func readSegments(body []byte) ([]segment, error) {
	r := reader{b: body}
	var segs []segment
	for i := range r.uleb() {
		if mode := r.uleb(); mode != 0 {
			return nil, fmt.Errorf("segment %d: mode %d, not an active segment of memory 0", i, mode)
		}
		if r.byte1() != 0x41 { // i32.const
			return nil, fmt.Errorf("segment %d: its offset is not an i32.const", i)
		}
		offset := int64(uint32(r.sleb())) // an address: i32 read as unsigned
		if r.byte1() != 0x0b {            // end
			return nil, fmt.Errorf("segment %d: its offset is more than an i32.const", i)
		}
		data := r.bytes()
		if r.err != nil {
			return nil, fmt.Errorf("segment %d: %w", i, r.err)
		}
		segs = append(segs, segment{offset, data})
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d octets after the last segment", len(r.b))
	}
	return segs, nil
}

// appendSLEB appends v as a signed LEB128 number.
func appendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// joinSegments sorts the segments by offset and joins each to the one before it where
// at most maxGap zeros lie between; segments that overlap are an error.
func joinSegments(segs []segment) ([]segment, error) {
	segs = slices.Clone(segs)
	slices.SortStableFunc(segs, func(a, b segment) int { return int(a.offset - b.offset) })
	var out []segment
	for _, s := range segs {
		if len(out) > 0 {
			last := &out[len(out)-1]
			gap := s.offset - (last.offset + int64(len(last.data)))
			if gap < 0 {
				return nil, fmt.Errorf("the segments at %#x and %#x overlap", last.offset, s.offset)
			}
			if gap <= maxGap {
				last.data = append(append(last.data, make([]byte, gap)...), s.data...)
				continue
			}
		}
		out = append(out, segment{s.offset, slices.Clip(slices.Clone(s.data))})
	}
	return out, nil
}

// writeSegments is the body of a data section of active segments in memory 0.
func writeSegments(segs []segment) []byte {
	b := binary.AppendUvarint(nil, uint64(len(segs)))
	for _, s := range segs {
		b = append(b, 0, 0x41) // active in memory 0, i32.const
		b = appendSLEB(b, int64(int32(uint32(s.offset))))
		b = append(b, 0x0b) // end
		b = binary.AppendUvarint(b, uint64(len(s.data)))
		b = append(b, s.data...)
	}
	return b
}
