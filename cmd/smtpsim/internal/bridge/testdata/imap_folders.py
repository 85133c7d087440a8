"""Work with folders through Python's imaplib: CREATE, APPEND, COPY, MOVE, RENAME,
DELETE, SUBSCRIBE, LSUB, LIST and STATUS.

Usage: imap_folders.py IMAP_PORT USER PASSWORD
Prints one JSON object a line: {"step": ..., ...}.
"""
import imaplib
import json
import sys

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]


def say(step, typ, data, **kw):
    text = [d.decode() if isinstance(d, bytes) else repr(d) for d in data if d is not None]
    print(json.dumps(dict(step=step, typ=typ, data=text, **kw)), flush=True)


m = imaplib.IMAP4("127.0.0.1", port, timeout=10)
say("login", *m.login(user, password))
say("list-before", *m.list())
say("create", *m.create("Work/2026"))
msg = b"From: me@example.net\r\nSubject: Kept\r\n\r\nA copy of what I sent.\r\n"
say("append-sent", *m.append("Sent", "(\\Seen)", imaplib.Time2Internaldate(0), msg))
say("append-inbox", *m.append("INBOX", None, None, b"Subject: One\r\n\r\n1\r\n"))
say("append-inbox2", *m.append("INBOX", None, None, b"Subject: Two\r\n\r\n2\r\n"))
typ, data = m.select("INBOX")
say("select", typ, data)
n = data[0].decode()
typ, data = m.copy(n, "Work/2026")
say("copy", typ, data)
typ, data = m.uid("SEARCH", "ALL")
last_uid = data[0].split()[-1].decode()
typ, data = m.uid("MOVE", last_uid, "Trash")
say("move", typ, data)
typ, data = m.select("INBOX")
say("select-after-move", typ, data)
say("status-work", *m.status("Work/2026", "(MESSAGES UIDNEXT)"))
say("status-sent", *m.status("Sent", "(MESSAGES UNSEEN)"))
say("status-trash", *m.status("Trash", "(MESSAGES)"))
say("copy-missing", *m.copy("1", "Nowhere"))
say("rename", *m.rename("Work", "Projects"))
say("subscribe", *m.subscribe("Projects/2026"))
say("lsub", *m.lsub())
say("list", *m.list())
say("delete", *m.delete("Projects/2026"))
# IDLE by hand: imaplib before Python 3.14 has no idle().
tag = m._new_tag()
m.send(tag + b" IDLE\r\n")
idling = m.readline().rstrip()
m.send(b"DONE\r\n")
done = m.readline().rstrip()
say("idle", "OK" if done.startswith(tag + b" OK") else "NO", [idling, done])
say("close", *m.close())
say("logout", *m.logout())
