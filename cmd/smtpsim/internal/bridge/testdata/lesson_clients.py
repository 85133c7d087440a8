"""Talk to a bridge that runs a simulated world, with Python's own smtplib, poplib and imaplib.

Usage:
  lesson_clients.py submit PORT USER PASSWORD TO SUBJECT
      submit a message from USER (an address) to TO through the MSA, after the
      mistakes a learner makes first: no AUTH, a wrong password
  lesson_clients.py fetch POP3_PORT IMAP_PORT USER PASSWORD SUBJECT
      find the message with SUBJECT in USER's mailbox over POP3, then over IMAP

Prints one JSON object per observation; the Go test decides what is right.
"""
import imaplib
import json
import poplib
import smtplib
import sys
from email.message import EmailMessage

HOST = "127.0.0.1"
TIMEOUT = 10


def say(step, **fields):
    print(json.dumps(dict(step=step, **fields)), flush=True)


def submit(port, user, password, to, subject):
    m = EmailMessage()
    m["From"] = user
    m["To"] = to
    m["Subject"] = subject
    m.set_content("Sent by Python's smtplib through the simulated world.\n.a line with a dot\n")
    with smtplib.SMTP(HOST, port, local_hostname="py.example", timeout=TIMEOUT) as s:
        code, _ = s.ehlo()
        say("submit.ehlo", code=code, features=sorted(s.esmtp_features))
        try:
            s.sendmail(user, [to], "Subject: no login\r\n\r\nx\r\n")
        except smtplib.SMTPSenderRefused as e:
            say("submit.no-auth", code=e.smtp_code, text=e.smtp_error.decode())
        try:
            s.login(user, "not-" + password)
        except smtplib.SMTPAuthenticationError as e:
            say("submit.bad-login", code=e.smtp_code, text=e.smtp_error.decode())
        code, _ = s.login(user, password)
        say("submit.login", code=code)
        refused = s.send_message(m)
        say("submit.send", refused={k: list(v) for k, v in refused.items()})


def fetch(pop3_port, imap_port, user, password, subject):
    p = poplib.POP3(HOST, pop3_port, timeout=TIMEOUT)
    say("pop3.greeting", text=p.getwelcome().decode())
    p.user(user)
    say("pop3.login", text=p.pass_(password).decode())
    count, _ = p.stat()
    say("pop3.stat", count=count)
    found = ""
    for i in range(1, count + 1):
        _, lines, _ = p.retr(i)
        text = "\n".join(l.decode() for l in lines)
        if "Subject: " + subject in text:
            found = text
    say("pop3.retr", message=found)
    p.quit()

    m = imaplib.IMAP4(HOST, imap_port, timeout=TIMEOUT)
    typ, _ = m.login(user, password)
    say("imap.login", typ=typ)
    typ, data = m.select("INBOX")
    say("imap.select", typ=typ, exists=int(data[0]))
    typ, data = m.search(None, "ALL")
    ids = data[0].decode().split()
    body = ""
    for i in ids:
        typ, data = m.fetch(i, "(BODY.PEEK[])")
        text = data[0][1].decode()
        if "Subject: " + subject in text:
            body = text
    say("imap.fetch", typ=typ, body=body)
    typ, _ = m.logout()
    say("imap.logout", typ=typ)


if sys.argv[1] == "submit":
    submit(int(sys.argv[2]), *sys.argv[3:7])
else:
    fetch(int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:7])
