"""List the folders through Python's imaplib, with their subscriptions and the
messages and UIDs of each.

Usage: imap_list.py IMAP_PORT USER PASSWORD [+SUBSCRIBE...] FOLDER...
A name after "+" is subscribed to first.
Prints one JSON object a line: {"step": ..., ...}.
"""
import imaplib
import json
import sys

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
subscribe = [a[1:] for a in sys.argv[4:] if a.startswith("+")]
folders = [a for a in sys.argv[4:] if not a.startswith("+")]


def say(step, typ, data, **kw):
    text = [d.decode() if isinstance(d, bytes) else repr(d) for d in data if d is not None]
    print(json.dumps(dict(step=step, typ=typ, data=text, **kw)), flush=True)


m = imaplib.IMAP4("127.0.0.1", port, timeout=10)
say("login", *m.login(user, password))
for name in subscribe:
    say("subscribe " + name, *m.subscribe(name))
say("list", *m.list())
say("lsub", *m.lsub())
for name in folders:
    say("status " + name, *m.status(name, "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN)"))
say("logout", *m.logout())
