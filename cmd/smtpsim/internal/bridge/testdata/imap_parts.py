"""Read the MIME parts of message 1 in bob's INBOX with Python's imaplib.

Usage: imap_parts.py IMAP_PORT
Prints one JSON object a line: {"step": ..., ...}.
"""
import base64
import imaplib
import json
import sys

port = int(sys.argv[1])


def say(step, **kw):
    print(json.dumps(dict(step=step, **kw)), flush=True)


# SASL PLAIN: imaplib sends AUTHENTICATE PLAIN and answers the empty challenge.
m = imaplib.IMAP4("127.0.0.1", port, timeout=10)
say("capabilities", caps=list(m.capabilities))
typ, data = m.authenticate("PLAIN", lambda _: b"\0bob\0secret")
say("authenticate", typ=typ)
m.select("INBOX")
typ, data = m.fetch("1", "(BODYSTRUCTURE)")
say("bodystructure", typ=typ, text=data[0].decode())
typ, data = m.fetch("1", "(BODY.PEEK[1] BODY.PEEK[2.MIME])")
say("parts", typ=typ, part1=data[0][1].decode(), mime2=data[1][1].decode())
typ, data = m.fetch("1", "(BINARY.PEEK[2])")
say("binary", typ=typ, b64=base64.b64encode(data[0][1]).decode())
typ, data = m.fetch("1", "(FLAGS)")
say("flags", typ=typ, text=data[0].decode())
m.logout()
