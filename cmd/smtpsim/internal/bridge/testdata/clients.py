"""Talk to a running smtpsim bridge with Python's own smtplib, poplib and imaplib.

Usage: clients.py SMTP_PORT SUBMISSION_PORT POP3_PORT IMAP_PORT
Prints one JSON object per observation; the Go test decides what is right.
"""
import imaplib
import json
import poplib
import smtplib
import sys
from email.message import EmailMessage

HOST = "127.0.0.1"
smtp_port, submission_port, pop3_port, imap_port = (int(a) for a in sys.argv[1:5])


def say(step, **fields):
    print(json.dumps(dict(step=step, **fields)), flush=True)


def message(sender, to, subject, body):
    m = EmailMessage()
    m["From"] = sender
    m["To"] = to
    m["Subject"] = subject
    m.set_content(body)
    return m


# SMTP on the MX-like port: local delivery needs no AUTH; relaying does.
with smtplib.SMTP(HOST, smtp_port, local_hostname="py.example", timeout=10) as s:
    code, _ = s.ehlo()
    say("smtp.ehlo", code=code, features=sorted(s.esmtp_features))
    refused = s.send_message(message("carol@far.example", "bob@example.org", "From Python", "Hello Bob.\n.a line with a dot\n"),
                             to_addrs=["bob@example.org"])
    say("smtp.send-local", refused={k: list(v) for k, v in refused.items()})
    try:
        s.sendmail("carol@far.example", ["nobody@example.org"], "Subject: x\r\n\r\nx\r\n")
    except smtplib.SMTPRecipientsRefused as e:
        say("smtp.unknown-user", code=e.recipients["nobody@example.org"][0], text=e.recipients["nobody@example.org"][1].decode())
    try:
        s.sendmail("carol@far.example", ["dave@elsewhere.example"], "Subject: x\r\n\r\nx\r\n")
    except smtplib.SMTPRecipientsRefused as e:
        say("smtp.relay-denied", code=e.recipients["dave@elsewhere.example"][0], text=e.recipients["dave@elsewhere.example"][1].decode())
    try:
        s.login("alice", "wrong")
    except smtplib.SMTPAuthenticationError as e:
        say("smtp.bad-login", code=e.smtp_code, text=e.smtp_error.decode())
    code, _ = s.login("alice", "secret")
    say("smtp.login", code=code)
    refused = s.sendmail("alice@example.org", ["dave@elsewhere.example"], "Subject: relayed\r\n\r\nx\r\n")
    say("smtp.relay-after-auth", refused={k: list(v) for k, v in refused.items()})
    code, text = s.verify("bob")
    say("smtp.vrfy", code=code)
    code, _ = s.noop()
    say("smtp.noop", code=code)

# Submission: AUTH first, and only one's own address as sender.
with smtplib.SMTP(HOST, submission_port, local_hostname="py.example", timeout=10) as s:
    s.ehlo()
    try:
        s.sendmail("alice@example.org", ["bob@example.org"], "Subject: x\r\n\r\nx\r\n")
    except smtplib.SMTPSenderRefused as e:
        say("submission.no-auth", code=e.smtp_code, text=e.smtp_error.decode())
    s.login("alice", "secret")
    try:
        s.sendmail("bob@example.org", ["bob@example.org"], "Subject: x\r\n\r\nx\r\n")
    except smtplib.SMTPSenderRefused as e:
        say("submission.not-owner", code=e.smtp_code, text=e.smtp_error.decode())
    refused = s.send_message(message("alice@example.org", "bob@example.org", "Submitted", "Via 587.\n"))
    say("submission.send", refused={k: list(v) for k, v in refused.items()})

# POP3: wrong password, then read and delete.
p = poplib.POP3(HOST, pop3_port, timeout=10)
say("pop3.greeting", text=p.getwelcome().decode())
p.user("bob")
try:
    p.pass_("wrong")
except poplib.error_proto as e:
    say("pop3.bad-login", text=str(e))
p.quit()
p = poplib.POP3(HOST, pop3_port, timeout=10)
p.user("bob")
say("pop3.login", text=p.pass_("secret").decode())
count, size = p.stat()
say("pop3.stat", count=count, size=size)
_, listing, _ = p.uidl()
say("pop3.uidl", lines=[l.decode() for l in listing])
_, lines, _ = p.retr(1)
say("pop3.retr", lines=[l.decode() for l in lines])
_, top, _ = p.top(2, 0)
say("pop3.top", lines=[l.decode() for l in top])
say("pop3.dele", text=p.dele(1).decode())
p.quit()

# IMAP: wrong password, then fetch, flag, expunge.
m = imaplib.IMAP4(HOST, imap_port, timeout=10)
say("imap.capabilities", caps=list(m.capabilities))
try:
    m.login("bob", "wrong")
except imaplib.IMAP4.error as e:
    say("imap.bad-login", text=str(e))
m.logout()
m = imaplib.IMAP4(HOST, imap_port, timeout=10)
typ, _ = m.login("bob", "secret")
say("imap.login", typ=typ)
typ, data = m.select("INBOX")
say("imap.select", typ=typ, exists=int(data[0]))
typ, data = m.search(None, "ALL")
say("imap.search", typ=typ, ids=data[0].decode().split())
typ, data = m.fetch("1", "(RFC822.SIZE BODY.PEEK[])")
say("imap.fetch", typ=typ, body=data[0][1].decode())
typ, data = m.fetch("1", "(FLAGS ENVELOPE)")
say("imap.envelope", typ=typ, text=data[0].decode())
typ, data = m.store("1", "+FLAGS", "\\Deleted")
say("imap.store", typ=typ, text=data[0].decode())
typ, data = m.expunge()
say("imap.expunge", typ=typ, expunged=[d.decode() for d in data if d])
typ, _ = m.logout()
say("imap.logout", typ=typ)
