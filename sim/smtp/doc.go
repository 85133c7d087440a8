// Package smtp holds sans-IO SMTP engines (RFC 5321 with the ESMTP extensions
// PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES, DSN, STARTTLS and AUTH): a server
// and a client.
//
// Neither engine touches a socket, a clock or a goroutine. A [Server] takes the octets
// a client sent, in any chunking, and returns its replies in order; a [Client] takes
// the octets a server sent and returns what to send next. The caller owns the
// connection and the time: it writes the output, tells the engine when the peer stayed
// silent too long (Timeout) and, for the client, when a connection could not be made or
// broke. So the same engines run inside the deterministic simulation (package world),
// in the browser, and on real loopback sockets in smtpsim bridge, where real mail
// programs check them.
//
// The server enforces the protocol alone: command grammar, the order of commands,
// the limits of RFC 5321 §4.5.3.1, and the end of the message data, which only
// <CRLF>.<CRLF> marks (a bare LF or CR never does, so nothing can be smuggled behind
// it). Every other decision — whether to serve a client, whose password is right, which
// senders and recipients to accept, whether to take a message, and any fault a lesson
// injects — belongs to the caller's [Policy]. Its methods answer nil to accept with the
// engine's default reply, or the reply to send instead (Authenticate answers yes or
// no); embed [Accept] to override only some decisions. The engine holds no rules of
// its own.
//
// Every [Reply] carries a reason key such as "rcpt.unknown-user". [Reasons] maps each
// key to its code, enhanced status code (RFC 3463), default text and the RFC clause
// behind it; [ReplyFor] builds the reply of a key. The keys are stable: the trace, the
// lessons and the explanation catalog (lessons/catalog) refer to them. Outcomes the
// client decides without a server's reply — a refused or timed-out connection, a lost
// one — have keys too, with an enhanced status and no reply code.
//
// docs/engines.md describes what the engines accept and do; docs/protocol.md gives
// the RFC rules they follow, section by section.
package smtp
