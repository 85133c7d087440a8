package capture

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChecksum(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want uint16
	}{
		// RFC 1071 §3: the sum of these words is ddf2, the checksum its complement.
		{"RFC 1071 example", []byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}, 0x220d},
		// A textbook IPv4 header (192.168.0.1 → 192.168.0.199, UDP, DF) whose checksum is b861.
		{"IPv4 header", []byte{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7}, 0xb861},
		{"odd length pads with zero", []byte{0x01, 0x02, 0x03}, ^uint16(0x0102 + 0x0300)},
		{"carries fold back", []byte{0xff, 0xff, 0xff, 0xff, 0x00, 0x02}, ^uint16(0x0002)},
		{"empty", nil, 0xffff},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, checksum(0, tt.data), tt.name)
	}
	// A header with its checksum in place sums to zero.
	hdr := []byte{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7}
	assert.Equal(t, uint16(0), checksum(0, hdr))
}

// naiveTransportChecksum is an independent, byte-by-byte reading of RFC 9293 §3.1:
// build the pseudo-header and the segment as one buffer and sum it.
func naiveTransportChecksum(src, dst netip.Addr, proto byte, seg []byte) uint16 {
	s, d := src.As4(), dst.As4()
	buf := append(append([]byte{}, s[:]...), d[:]...)
	buf = append(buf, 0, proto, byte(len(seg)>>8), byte(len(seg)))
	buf = append(buf, seg...)
	if len(buf)%2 == 1 {
		buf = append(buf, 0)
	}
	var sum uint64
	for i := 0; i < len(buf); i += 2 {
		sum += uint64(binary.BigEndian.Uint16(buf[i:]))
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

func TestTransportChecksum(t *testing.T) {
	src, dst := netip.MustParseAddr("192.0.2.10"), netip.MustParseAddr("198.51.100.25")
	for _, n := range []int{0, 1, 2, 3, 57, 1460, 1461} {
		seg := make([]byte, 20+n)
		for i := range seg {
			seg[i] = byte(i*7 + n)
		}
		seg[16], seg[17] = 0, 0
		want := naiveTransportChecksum(src, dst, protoTCP, seg)
		got := transportChecksum(src, dst, protoTCP, seg)
		assert.Equal(t, want, got, "payload %d", n)
		// With the checksum in place the receiver's sum is zero.
		binary.BigEndian.PutUint16(seg[16:], got)
		assert.Equal(t, uint16(0), transportChecksum(src, dst, protoTCP, seg), "payload %d verifies", n)
	}
}

func TestFrameHeaders(t *testing.T) {
	c := &capture{ipID: map[netip.Addr]uint16{}}
	from := endpoint{netip.MustParseAddr("192.0.2.10"), 40001}
	to := endpoint{netip.MustParseAddr("198.51.100.25"), 25}
	f := c.tcp(from, to, 1000, 2000, flagPSH|flagACK, []byte("EHLO a\r\n"))
	require.Len(t, f, 14+20+20+8)
	assert.Equal(t, []byte{0x02, 0x00, 198, 51, 100, 25}, f[0:6], "destination MAC from the IP")
	assert.Equal(t, []byte{0x02, 0x00, 192, 0, 2, 10}, f[6:12], "source MAC from the IP")
	assert.Equal(t, uint16(0x0800), binary.BigEndian.Uint16(f[12:]))
	ip := f[14:34]
	assert.Equal(t, byte(0x45), ip[0])
	assert.Equal(t, uint16(48), binary.BigEndian.Uint16(ip[2:]), "total length")
	assert.Equal(t, byte(protoTCP), ip[9])
	assert.Equal(t, uint16(0), checksum(0, ip), "IPv4 header checksum verifies")
	seg := f[34:]
	assert.Equal(t, uint32(1000), binary.BigEndian.Uint32(seg[4:]))
	assert.Equal(t, uint32(2000), binary.BigEndian.Uint32(seg[8:]))
	assert.Equal(t, byte(flagPSH|flagACK), seg[13])
	assert.Equal(t, uint16(0), transportChecksum(from.addr, to.addr, protoTCP, seg), "TCP checksum verifies")

	syn := c.tcp(from, to, 1, 0, flagSYN, nil)
	assert.Equal(t, byte(6<<4), syn[34+12], "a SYN carries the MSS option")
	assert.Equal(t, []byte{2, 4, 0x05, 0xb4}, syn[34+20:34+24])
	next := binary.BigEndian.Uint16(syn[14+4:])
	assert.Equal(t, binary.BigEndian.Uint16(ip[4:])+1, next, "the IP identification counts per sender")

	u := c.udp(endpoint{to.addr, 53}, endpoint{from.addr, 50001}, []byte{1, 2, 3})
	assert.Equal(t, byte(protoUDP), u[14+9])
	assert.Equal(t, uint16(11), binary.BigEndian.Uint16(u[34+4:]), "UDP length")
	assert.Equal(t, uint16(0), transportChecksum(to.addr, from.addr, protoUDP, u[34:]), "UDP checksum verifies")
}
