package capture

import (
	"encoding/binary"
	"net/netip"
)

// TCP flags (RFC 9293 §3.1).
const (
	flagFIN = 0x01
	flagSYN = 0x02
	flagRST = 0x04
	flagPSH = 0x08
	flagACK = 0x10
)

// IP protocol numbers.
const (
	protoTCP = 6
	protoUDP = 17
)

// Header sizes.
const (
	ethernetLen = 14
	ipv4Len     = 20
	tcpLen      = 20
	udpLen      = 8
)

// window is the receive window every side advertises (no window scaling).
const window = 65535

// mac derives a locally administered unicast MAC address from an IPv4 address, so
// that every host keeps one address for the whole capture: 02:00:a:b:c:d.
func mac(a netip.Addr) [6]byte {
	ip := a.As4()
	return [6]byte{0x02, 0x00, ip[0], ip[1], ip[2], ip[3]}
}

// tcp builds an Ethernet frame with an IPv4 packet carrying one TCP segment. A SYN
// carries the MSS option, as every real stack sends it.
func (c *capture) tcp(from, to endpoint, seq, ack uint32, flags byte, payload []byte) []byte {
	optLen := 0
	if flags&flagSYN != 0 {
		optLen = 4
	}
	seg := make([]byte, tcpLen+optLen+len(payload))
	binary.BigEndian.PutUint16(seg[0:], from.port)
	binary.BigEndian.PutUint16(seg[2:], to.port)
	binary.BigEndian.PutUint32(seg[4:], seq)
	binary.BigEndian.PutUint32(seg[8:], ack)
	seg[12] = byte((tcpLen+optLen)/4) << 4
	seg[13] = flags
	binary.BigEndian.PutUint16(seg[14:], window)
	if optLen > 0 {
		seg[20], seg[21] = 2, 4 // MSS (RFC 9293 §3.2)
		binary.BigEndian.PutUint16(seg[22:], mss)
	}
	copy(seg[tcpLen+optLen:], payload)
	binary.BigEndian.PutUint16(seg[16:], transportChecksum(from.addr, to.addr, protoTCP, seg))
	return c.ipv4(from.addr, to.addr, protoTCP, seg)
}

// udp builds an Ethernet frame with an IPv4 packet carrying one UDP datagram.
func (c *capture) udp(from, to endpoint, payload []byte) []byte {
	dg := make([]byte, udpLen+len(payload))
	binary.BigEndian.PutUint16(dg[0:], from.port)
	binary.BigEndian.PutUint16(dg[2:], to.port)
	binary.BigEndian.PutUint16(dg[4:], uint16(len(dg)))
	copy(dg[udpLen:], payload)
	sum := transportChecksum(from.addr, to.addr, protoUDP, dg)
	if sum == 0 {
		sum = 0xffff // zero means "no checksum" in UDP (RFC 768)
	}
	binary.BigEndian.PutUint16(dg[6:], sum)
	return c.ipv4(from.addr, to.addr, protoUDP, dg)
}

// ipv4 wraps a transport payload in an IPv4 header (RFC 791) and an Ethernet II
// header. The identification counts per sender; DF is set, as Linux does with path
// MTU discovery.
func (c *capture) ipv4(src, dst netip.Addr, proto byte, payload []byte) []byte {
	frame := make([]byte, ethernetLen+ipv4Len+len(payload))
	dstMAC, srcMAC := mac(dst), mac(src)
	copy(frame[0:], dstMAC[:])
	copy(frame[6:], srcMAC[:])
	binary.BigEndian.PutUint16(frame[12:], 0x0800)
	ip := frame[ethernetLen : ethernetLen+ipv4Len]
	ip[0] = 0x45 // version 4, 5 words
	binary.BigEndian.PutUint16(ip[2:], uint16(ipv4Len+len(payload)))
	id, ok := c.ipID[src]
	if !ok {
		s := src.As4()
		id = uint16(s[2])<<8 | uint16(s[3]) // a stable start per host
	}
	c.ipID[src] = id + 1
	binary.BigEndian.PutUint16(ip[4:], id)
	binary.BigEndian.PutUint16(ip[6:], 0x4000) // DF
	ip[8] = 64                                 // TTL
	ip[9] = proto
	s, d := src.As4(), dst.As4()
	copy(ip[12:], s[:])
	copy(ip[16:], d[:])
	binary.BigEndian.PutUint16(ip[10:], checksum(0, ip))
	copy(frame[ethernetLen+ipv4Len:], payload)
	return frame
}

// checksum is the Internet checksum (RFC 1071): the ones' complement of the ones'
// complement sum of 16-bit words, starting from a partial sum.
func checksum(sum uint32, b []byte) uint16 {
	return ^fold(sum16(sum, b))
}

// sum16 adds b as big-endian 16-bit words to sum; an odd last octet is padded with zero.
func sum16(sum uint32, b []byte) uint32 {
	for len(b) >= 2 {
		sum += uint32(b[0])<<8 | uint32(b[1])
		b = b[2:]
	}
	if len(b) == 1 {
		sum += uint32(b[0]) << 8
	}
	return sum
}

// fold adds the carries back into the low 16 bits.
func fold(sum uint32) uint16 {
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	return uint16(sum)
}

// transportChecksum is the TCP or UDP checksum over the IPv4 pseudo-header (source,
// destination, protocol, length; RFC 9293 §3.1, RFC 768) and the segment, whose
// checksum field must be zero.
func transportChecksum(src, dst netip.Addr, proto byte, seg []byte) uint16 {
	s, d := src.As4(), dst.As4()
	sum := sum16(0, s[:])
	sum = sum16(sum, d[:])
	sum += uint32(proto)
	sum += uint32(len(seg))
	return checksum(sum, seg)
}
