"""Wait for new mail in IMAP IDLE (RFC 9051 §6.3.13) with Python's imaplib, which has
no idle() before Python 3.14: the IDLE command and DONE go out by hand.

Usage: imap_idle.py IMAP_PORT USER PASSWORD (smtplib SMTP_PORT RCPT | wait)
With smtplib the script delivers a message to RCPT itself once it idles; with wait
someone else does (the test runs swaks after the "idling" step).
Prints one JSON object a line: {"step": ..., ...}.
"""
import imaplib
import json
import smtplib
import socket
import sys
import time

port, user, password, how = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]


def say(step, **kw):
    print(json.dumps(dict(step=step, **kw)), flush=True)


m = imaplib.IMAP4("127.0.0.1", port, timeout=10)
typ, _ = m.login(user, password)
say("login", typ=typ)
typ, data = m.select("INBOX")
say("select", typ=typ, exists=int(data[0]))
tag = m._new_tag()
m.send(tag + b" IDLE\r\n")
say("idle", line=m.readline().decode().rstrip())
say("idling")
if how == "smtplib":
    with smtplib.SMTP("127.0.0.1", int(sys.argv[5]), timeout=10) as s:
        s.sendmail("carol@far.example", [sys.argv[6]], b"Subject: While idling\r\n\r\nHello.\r\n")
    say("sent")
m.sock.settimeout(2)  # the news must come within two seconds
start = time.monotonic()
try:
    line = m.readline().decode().rstrip()
except socket.timeout:
    line = "(nothing within 2 s)"
say("news", line=line, seconds=time.monotonic() - start)
m.sock.settimeout(10)
m.send(b"DONE\r\n")
while True:
    line = m.readline().decode().rstrip()
    if line.startswith(tag.decode() + " "):
        break
say("done", line=line)
typ, _ = m.logout()
say("logout", typ=typ)
