package render_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"smtpsim/lessons"
	"smtpsim/lessons/lessonfile"
	"smtpsim/sim/dns"
	"smtpsim/sim/fault"
	"smtpsim/sim/render"
	"smtpsim/sim/scenario"
	"smtpsim/sim/trace"
	"smtpsim/sim/world"
)

// TestWordsInBothLanguages: every template exists in English and German.
func TestWordsInBothLanguages(t *testing.T) {
	require.NoError(t, render.Phrases().Load())
	en, de := render.Phrases().Keys("en"), render.Phrases().Keys("de")
	require.NotEmpty(t, en)
	assert.Contains(t, en, "event.defer")
	for _, k := range en {
		assert.Contains(t, de, k, "%s has no German template", k)
	}
	for _, k := range de {
		assert.Contains(t, en, k, "%s has no English template", k)
	}
	assert.Equal(t, "zugestellt", render.Say("de", "outcome.delivered"))
	assert.Equal(t, "no.such.key", render.Say("de", "no.such.key"), "a missing key shows itself")
}

// note is an event in both languages, in a run that has only its clock.
func note(e trace.Event) (en, de string) {
	tr := &trace.Trace{Start: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	return render.Words{Lang: "en", Trace: tr}.Note(e), render.Words{Lang: "de", Trace: tr}.Note(e)
}

// TestEventNotes renders every kind of event, and each variant of a kind, from its
// fields: the page's words in each language around what the machines said.
func TestEventNotes(t *testing.T) {
	refused := trace.Event{Kind: trace.KindRefused, Peer: "mx.example.net", Port: 25, Failure: trace.FailureRefused, Status: "4.4.1", DurationMS: 40}
	timedOut := trace.Event{Kind: trace.KindUnreachable, Peer: "mx.example.net", Port: 25, Failure: trace.FailureTimedOut, Status: "4.4.1", DurationMS: 30000}
	noRoute := trace.Event{Kind: trace.KindUnreachable, Peer: "mx.example.net", Port: 25, Failure: trace.FailureUnreachable, Status: "4.4.1", DurationMS: 40}
	tests := []struct {
		name   string
		e      trace.Event
		en, de string
	}{
		{"connect", trace.Event{Kind: trace.KindConnect, Port: 25, Proto: "smtp"},
			"connect to port 25 (smtp)", "baut eine Verbindung zu Port 25 auf (smtp)"},
		{"refused", refused,
			"mx.example.net refused the connection to port 25: nothing listens there, no server replied (status 4.4.1)",
			"mx.example.net weist die Verbindung zu Port 25 ab: Dort lauscht nichts, kein Server hat geantwortet (Status 4.4.1)"},
		{"timed out", timedOut,
			"no answer from mx.example.net on port 25 within 30s: no server replied (status 4.4.1)",
			"keine Antwort von mx.example.net auf Port 25 innerhalb von 30 Sek.: Kein Server hat geantwortet (Status 4.4.1)"},
		{"no route", noRoute,
			"no route to mx.example.net, port 25: the network cannot reach it, no server replied (status 4.4.1)",
			"kein Weg zu mx.example.net, Port 25: Das Netz erreicht den Rechner nicht, kein Server hat geantwortet (Status 4.4.1)"},
		{"no such host", trace.Event{Kind: trace.KindUnreachable, Peer: "nowhere.example", Port: 25},
			"no connection to nowhere.example, port 25", "keine Verbindung zu nowhere.example, Port 25"},
		{"close", trace.Event{Kind: trace.KindClose}, "connection closed", "Verbindung geschlossen"},
		{"timeout", trace.Event{Kind: trace.KindTimeout, Peer: "mx.example.net", DurationMS: 300000},
			"no reply from mx.example.net for 5m", "keine Antwort von mx.example.net innerhalb von 5 Min."},
		{"silent client", trace.Event{Kind: trace.KindTimeout, Peer: "client 192.0.2.7"},
			"client 192.0.2.7 stayed silent too long", "client 192.0.2.7 hat zu lange geschwiegen"},
		{"tls", trace.Event{Kind: trace.KindTLS},
			"TLS handshake done: the connection is encrypted", "TLS-Handshake abgeschlossen: Die Verbindung ist verschlüsselt"},
		{"tls starttls", trace.Event{Kind: trace.KindTLS, TLS: &trace.TLS{State: trace.TLSStarted, How: trace.TLSHowSTARTTLS, Version: "TLSv1.3"}},
			"STARTTLS done, TLS handshake (TLSv1.3): the connection is encrypted from here on",
			"STARTTLS ausgeführt, TLS-Handshake (TLSv1.3): Die Verbindung ist ab hier verschlüsselt"},
		{"tls implicit", trace.Event{Kind: trace.KindTLS, TLS: &trace.TLS{State: trace.TLSStarted, How: trace.TLSHowImplicit, Version: "TLSv1.3"}},
			"TLS from the first octet (TLSv1.3, port 465): the connection is encrypted",
			"TLS ab dem ersten Oktett (TLSv1.3, Port 465): Die Verbindung ist verschlüsselt"},
		{"tls offered", trace.Event{Kind: trace.KindTLS, Peer: "mx.example.net", TLS: &trace.TLS{State: trace.TLSOffered}},
			"mx.example.net offers STARTTLS, but the client is set up without TLS: it sends in clear",
			"mx.example.net bietet STARTTLS an, aber der Client ist ohne TLS eingerichtet: Er sendet im Klartext"},
		{"tls none", trace.Event{Kind: trace.KindTLS, Peer: "mx.example.net", TLS: &trace.TLS{State: trace.TLSNone}},
			"no STARTTLS offer from mx.example.net: the client sends in clear", "kein STARTTLS-Angebot von mx.example.net: Der Client sendet im Klartext"},
		{"tls none, testing", trace.Event{Kind: trace.KindTLS, Peer: "mx.example.net", TLS: &trace.TLS{State: trace.TLSNone, Policy: "testing"}},
			"no STARTTLS offer from mx.example.net: the MTA-STS policy is in mode testing, so the client sends in clear and reports it",
			"kein STARTTLS-Angebot von mx.example.net: Die MTA-STS-Richtlinie steht im Modus testing, also sendet der Client im Klartext und meldet es"},
		{"tls refused", trace.Event{Kind: trace.KindTLS, Peer: "mail.example.org", Status: "4.7.0", TLS: &trace.TLS{State: trace.TLSRefused}},
			"no STARTTLS offer from mail.example.org: the client will not send in clear and quits (status 4.7.0)",
			"kein STARTTLS-Angebot von mail.example.org: Der Client sendet nicht im Klartext und beendet die Verbindung (Status 4.7.0)"},
		{"tls refused, MX not in the policy", trace.Event{Kind: trace.KindTLS, Peer: "mx.example.net", Status: "4.7.5", Reason: "mta-sts.mx-mismatch", TLS: &trace.TLS{State: trace.TLSRefused, Policy: "enforce"}},
			"mx.example.net is not among the MX hosts the MTA-STS policy names: the client quits after the handshake (status 4.7.5)",
			"mx.example.net gehört nicht zu den MX-Hosts, die die MTA-STS-Richtlinie nennt: Der Client beendet die Verbindung nach dem Handshake (Status 4.7.5)"},
		{"tls refused by policy", trace.Event{Kind: trace.KindTLS, Peer: "mx.example.net", Status: "4.7.4", TLS: &trace.TLS{State: trace.TLSRefused, Policy: "enforce"}},
			"no STARTTLS offer from mx.example.net: the MTA-STS policy (mode enforce) forbids sending in clear; the client quits (status 4.7.4)",
			"kein STARTTLS-Angebot von mx.example.net: Die MTA-STS-Richtlinie (Modus enforce) verbietet den Versand im Klartext; der Client beendet die Verbindung (Status 4.7.4)"},
		{"dns query", trace.Event{Kind: trace.KindDNSQuery, Line: "example.net MX", DNS: &dns.Answer{Name: "example.net", Type: dns.TypeMX}},
			"query example.net MX", "Anfrage example.net MX"},
		{"dns answer", trace.Event{Kind: trace.KindDNSAnswer, Line: "example.net MX: 10 mx.example.net",
			DNS: &dns.Answer{Name: "example.net", Type: dns.TypeMX, Records: []dns.Record{{Name: "example.net", Type: dns.TypeMX, Pref: 10, Value: "mx.example.net"}}}},
			"answer example.net MX: 10 mx.example.net", "Antwort example.net MX: 10 mx.example.net"},
		{"dns no data", trace.Event{Kind: trace.KindDNSAnswer, Line: "example.org MX: no records (NOERROR)", DNS: &dns.Answer{Name: "example.org", Type: dns.TypeMX}},
			"answer example.org MX: no records (NOERROR)", "Antwort example.org MX: keine Einträge (NOERROR)"},
		{"dns nxdomain", trace.Event{Kind: trace.KindDNSAnswer, Line: "nope.example MX: NXDOMAIN", DNS: &dns.Answer{Name: "nope.example", Type: dns.TypeMX, Rcode: dns.NXDomain}},
			"answer nope.example MX: NXDOMAIN", "Antwort nope.example MX: NXDOMAIN"},
		{"submit", trace.Event{Kind: trace.KindSubmit, Msg: "m1", From: "alice@example.org", Subject: "Lunch?", Rcpts: []string{"bob@example.net", "carol@example.com"}},
			`m1: alice@example.org writes "Lunch?" to bob@example.net, carol@example.com`,
			"m1: alice@example.org schreibt „Lunch?“ an bob@example.net, carol@example.com"},
		{"enqueue", trace.Event{Kind: trace.KindEnqueue, Msg: "m1", Rcpts: []string{"bob@example.net"}, Count: 2},
			"m1 queued for bob@example.net (2 in the queue)", "m1 für bob@example.net kommt in die Warteschlange (jetzt 2 darin)"},
		{"msa headers", trace.Event{Kind: trace.KindEnqueue, Msg: "m1", Headers: []string{"Date", "Message-ID"}},
			"m1: the MSA added Date and Message-ID", "m1: Der Einlieferungsserver (MSA) hat Date und Message-ID ergänzt"},
		{"attempt", trace.Event{Kind: trace.KindAttempt, Msg: "m1", Count: 2, Rcpts: []string{"bob@example.net"}},
			"m1: attempt 2 for bob@example.net", "m1: Zustellversuch 2 für bob@example.net"},
		{"defer, a server replied", trace.Event{Kind: trace.KindDefer, Msg: "m1", Rcpt: "bob@example.net", Peer: "mx.example.net", Code: 450, Status: "4.7.1",
			Reason: "rcpt.greylisted", Line: "450 4.7.1 <bob@example.net>: Recipient address rejected: Greylisted", Next: 300000},
			`m1 to bob@example.net stays in the queue, next attempt 09:05:00.000: mx.example.net replied "450 4.7.1 <bob@example.net>: Recipient address rejected: Greylisted"`,
			"m1 an bob@example.net bleibt in der Warteschlange, nächster Versuch 09:05:00.000: mx.example.net antwortete „450 4.7.1 <bob@example.net>: Recipient address rejected: Greylisted“"},
		{"defer, no server replied", trace.Event{Kind: trace.KindDefer, Msg: "m1", Rcpt: "bob@example.net", Peer: "mx.example.net", Status: "4.4.1",
			Reason: "client.connect-failed", Failure: trace.FailureTimedOut, Next: 25*3600000 + 60000},
			"m1 to bob@example.net stays in the queue, next attempt +1d 10:01:00.000: no server reply, status 4.4.1: Could not connect (connection timed out)",
			"m1 an bob@example.net bleibt in der Warteschlange, nächster Versuch +1d 10:01:00.000: keine Serverantwort, Status 4.4.1: Verbindung nicht möglich (Zeitüberschreitung beim Verbindungsaufbau)"},
		{"defer, DNS", trace.Event{Kind: trace.KindDefer, Msg: "m1", Rcpt: "bob@example.net", Status: "4.4.3", Reason: "dns.temporary", Next: 600000},
			"m1 to bob@example.net stays in the queue, next attempt 09:10:00.000: no server reply, status 4.4.3: DNS not answering",
			"m1 an bob@example.net bleibt in der Warteschlange, nächster Versuch 09:10:00.000: keine Serverantwort, Status 4.4.3: DNS antwortet nicht"},
		{"handoff", trace.Event{Kind: trace.KindHandoff, Actor: "mx.example.net", Msg: "m1", QueueID: "37410001"},
			"mx.example.net took responsibility for m1 (queue id 37410001)",
			"mx.example.net hat die Verantwortung für m1 übernommen (Queue-ID 37410001)"},
		{"handoff to the learner", trace.Event{Kind: trace.KindHandoff, Actor: "mx.example.net", Msg: "m1", Played: true},
			"mx.example.net (played by you) took responsibility for m1",
			"mx.example.net (von dir gespielt) hat die Verantwortung für m1 übernommen"},
		{"handoff without id", trace.Event{Kind: trace.KindHandoff, Actor: "mx.example.net", Msg: "m1"},
			"mx.example.net took responsibility for m1", "mx.example.net hat die Verantwortung für m1 übernommen"},
		{"deliver", trace.Event{Kind: trace.KindDeliver, Msg: "m1", Rcpt: "bob@example.net", Mailbox: "bob@example.net", Count: 1},
			"m1 delivered: filed into the mailbox of bob@example.net (now 1 in it)",
			"m1 zugestellt: ins Postfach von bob@example.net abgelegt (jetzt 1 darin)"},
		{"deliver to postmaster", trace.Event{Kind: trace.KindDeliver, Msg: "b1", Rcpt: "postmaster@example.net", Mailbox: "bob@example.net", Count: 3},
			"b1 to postmaster@example.net delivered: filed into the mailbox of bob@example.net (now 3 in it)",
			"b1 an postmaster@example.net zugestellt: ins Postfach von bob@example.net abgelegt (jetzt 3 darin)"},
		{"deliver, logged only", trace.Event{Kind: trace.KindDeliver, Msg: "b1", Rcpt: "postmaster"},
			"b1 to postmaster: no postmaster mailbox, logged only", "b1 an postmaster: kein Postmaster-Postfach, nur protokolliert"},
		{"remove", trace.Event{Kind: trace.KindRemove, Mailbox: "bob@example.net", UID: 1},
			"message with UID 1 removed from the mailbox of bob@example.net for good",
			"Nachricht mit UID 1 endgültig aus dem Postfach von bob@example.net entfernt"},
		{"bounce, a server replied", trace.Event{Kind: trace.KindBounce, Msg: "m1", Rcpt: "bob@example.net", Peer: "mx.example.net", Code: 550, Status: "5.1.1",
			Reason: "rcpt.unknown-user", Line: "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown", DSN: "b1", From: "alice@example.org"},
			`m1 to bob@example.net failed for good: mx.example.net replied "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown"; a bounce (DSN b1) goes back to alice@example.org`,
			"m1 an bob@example.net ist endgültig gescheitert: mx.example.net antwortete „550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown“; eine Unzustellbarkeitsnachricht (b1) geht zurück an alice@example.org"},
		{"bounce, no reply", trace.Event{Kind: trace.KindBounce, Msg: "m1", Rcpt: "bob@example.nett", Status: "5.1.2", Reason: "dns.nxdomain", DSN: "b1", From: "alice@example.org"},
			"m1 to bob@example.nett failed for good: no server reply, status 5.1.2: Domain does not exist; a bounce (DSN b1) goes back to alice@example.org",
			"m1 an bob@example.nett ist endgültig gescheitert: keine Serverantwort, Status 5.1.2: Domain existiert nicht; eine Unzustellbarkeitsnachricht (b1) geht zurück an alice@example.org"},
		{"bounce, expired", trace.Event{Kind: trace.KindBounce, Msg: "m1", Rcpt: "bob@example.net", Peer: "mx.example.net", Status: "4.4.1", Reason: "queue.expired",
			Failure: trace.FailureTimedOut, DurationMS: 5 * 24 * 3600000, DSN: "b1", From: "alice@example.org"},
			"m1 to bob@example.net given up after 5d in the queue, last: no server reply, status 4.4.1: No answer from host (connection timed out); a bounce (DSN b1) goes back to alice@example.org",
			"m1 an bob@example.net: Zustellung nach 5 Tagen in der Warteschlange abgebrochen, zuletzt: keine Serverantwort, Status 4.4.1: Keine Antwort vom Rechner (Zeitüberschreitung beim Verbindungsaufbau); eine Unzustellbarkeitsnachricht (b1) geht zurück an alice@example.org"},
		{"double bounce", trace.Event{Kind: trace.KindDoubleBounce, Msg: "b1", Rcpt: "alice@example.org", Status: "5.1.1", Reason: "mda.unknown-user"},
			"the bounce b1 to alice@example.org could not be delivered: no server reply, status 5.1.1: No such mailbox; logged for the postmaster, never bounced again",
			"die Unzustellbarkeitsnachricht b1 an alice@example.org ließ sich nicht zustellen: keine Serverantwort, Status 5.1.1: Postfach unbekannt; für den Postmaster protokolliert und nicht zurückgeschickt"},
		{"expire", trace.Event{Kind: trace.KindExpire, Msg: "m1", Rcpt: "bob@example.net", Peer: "mx.example.net", Status: "4.3.0", Reason: "queue.expired",
			Line: "451 4.3.0 Try again later", DurationMS: 36*3600000 + 30000},
			`m1 to bob@example.net expired after 1d12h30s in the queue; last: mx.example.net replied "451 4.3.0 Try again later"`,
			"m1 an bob@example.net: Zustellfrist nach 1 Tag 12 Std. 30 Sek. in der Warteschlange abgelaufen; zuletzt: mx.example.net antwortete „451 4.3.0 Try again later“"},
		{"reject", trace.Event{Kind: trace.KindReject, Msg: "m1", Rcpt: "bob@example.net", Code: 535, Status: "5.7.8", Reason: "auth.failed",
			Line: "535 5.7.8 Error: authentication failed"},
			`m1 to bob@example.net refused at submission; the mail program shows the error: the server replied "535 5.7.8 Error: authentication failed"`,
			"m1 an bob@example.net bei der Einlieferung abgelehnt; das Mailprogramm zeigt den Fehler: Der Server antwortete „535 5.7.8 Error: authentication failed“"},
		{"reject by the mail program", trace.Event{Kind: trace.KindReject, Msg: "m1", Rcpt: "bob@example.net", Status: "5.4.4", Reason: "mua.no-msa"},
			"m1 to bob@example.net refused at submission; the mail program shows the error: no server reply, status 5.4.4: No outgoing server",
			"m1 an bob@example.net bei der Einlieferung abgelehnt; das Mailprogramm zeigt den Fehler: keine Serverantwort, Status 5.4.4: Kein Postausgangsserver"},
		{"given up by a machine outside", trace.Event{Kind: trace.KindReject, Actor: "bot.attacker.example", Msg: "m2", Rcpt: "bob@example.net", Code: 450, Status: "4.2.0",
			Line: "450 4.2.0 <bob@example.net>: Recipient address rejected: Greylisted, try again later", Reason: "rcpt.greylisted"},
			`m2 to bob@example.net not taken: the server replied "450 4.2.0 <bob@example.net>: Recipient address rejected: Greylisted, try again later"; a machine outside keeps no queue and gives up — no retry, no bounce`,
			"m2 an bob@example.net nicht angenommen: Der Server antwortete „450 4.2.0 <bob@example.net>: Recipient address rejected: Greylisted, try again later“; ein Rechner von außerhalb hat keine Warteschlange und gibt auf — kein neuer Versuch, keine Unzustellbarkeitsnachricht"},
		{"fetch", trace.Event{Kind: trace.KindFetch, Mailbox: "bob@example.net", Count: 2},
			"the mail program of bob@example.net fetched 2 messages", "das Mailprogramm von bob@example.net hat 2 Nachrichten abgeholt"},
		{"fetch one", trace.Event{Kind: trace.KindFetch, Mailbox: "bob@example.net", Count: 1},
			"the mail program of bob@example.net fetched 1 message", "das Mailprogramm von bob@example.net hat 1 Nachricht abgeholt"},
		{"fetch failed", trace.Event{Kind: trace.KindFetch, Mailbox: "bob@example.net", Stage: "pass", Line: "-ERR [AUTH] invalid user name or password", Reason: "pop3.client.refused"},
			`the mail program of bob@example.net fetched 0 messages; it failed at PASS: "-ERR [AUTH] invalid user name or password"`,
			"das Mailprogramm von bob@example.net hat 0 Nachrichten abgeholt; gescheitert bei PASS: „-ERR [AUTH] invalid user name or password“"},
		{"fetch lost", trace.Event{Kind: trace.KindFetch, Mailbox: "bob@example.net", Stage: "connection", Reason: "pop3.client.connection-lost"},
			"the mail program of bob@example.net fetched 0 messages; it failed at the connection: Connection lost",
			"das Mailprogramm von bob@example.net hat 0 Nachrichten abgeholt; gescheitert bei der Verbindung: Verbindung abgebrochen"},
		{"fault", trace.Event{Kind: trace.KindFault, Fault: "down:mx.example.net,until=30m"},
			"mx.example.net is down: nothing answers", "mx.example.net ist ausgefallen: Nichts antwortet"},
		{"greylist fault", trace.Event{Kind: trace.KindFault, Fault: "greylist:mx.example.net", Rcpt: "bob@example.net", DurationMS: 300000},
			"mx.example.net greylists bob@example.net: try again in 5m",
			"mx.example.net wendet Greylisting auf bob@example.net an: neuer Versuch frühestens in 5 Min."},
		{"refuse fault", trace.Event{Kind: trace.KindFault, Fault: "refuse:mx.example.net", Port: 25},
			"mx.example.net refuses connections to port 25", "mx.example.net weist Verbindungen zu Port 25 ab"},
		{"reply fault", trace.Event{Kind: trace.KindFault, Fault: "reply:mx.example.net,cmd=RCPT,code=451,count=2"},
			"mx.example.net answers RCPT with 451", "mx.example.net beantwortet RCPT mit 451"},
		{"dmarc fail", trace.Event{Kind: trace.KindAuth, Actor: "mx.example.net",
			Auth: &trace.Auth{Method: "dmarc", Result: "fail", Domain: "example.org", Policy: "quarantine", Detail: "no aligned SPF or DKIM pass"}},
			"DMARC fail for the From: domain example.org (no aligned SPF or DKIM pass), policy quarantine",
			"DMARC fail für die From:-Domain example.org (kein ausgerichtetes SPF- oder DKIM-pass), Richtlinie quarantine"},
		{"spf softfail", trace.Event{Kind: trace.KindAuth, Actor: "mx.example.net",
			Auth: &trace.Auth{Method: "spf", Result: "softfail", Domain: "example.com", Identity: "mailfrom", Detail: "matched all"}},
			"SPF softfail for the sender domain example.com (matched all)",
			"SPF softfail für die Absenderdomain example.com (Treffer: all)"},
		{"dkim unsigned", trace.Event{Kind: trace.KindAuth, Actor: "mx.example.net",
			Auth: &trace.Auth{Method: "dkim", Result: "none", Detail: "no signature"}},
			"DKIM none: the message carries no signature",
			"DKIM none: Die Nachricht trägt keine Signatur"},
		{"dkim detail the words do not know", trace.Event{Kind: trace.KindAuth, Actor: "mx.example.net",
			Auth: &trace.Auth{Method: "dkim", Result: "permerror", Domain: "example.org", Detail: "malformed signature tags: bad tag"}},
			"DKIM permerror for the signing domain example.org (malformed signature tags: bad tag)",
			"DKIM permerror für die signierende Domain example.org (Prüfer: „malformed signature tags: bad tag“)"},
		{"dmarc-policy fault", trace.Event{Kind: trace.KindFault, Fault: "dmarc-policy:example.org,value=reject"},
			"the DMARC policy of example.org is now p=reject", "die DMARC-Richtlinie von example.org lautet jetzt p=reject"},
		{"drop fault", trace.Event{Kind: trace.KindFault, Fault: "drop:mx.example.net,when=after-dot,count=1"},
			"the connection to mx.example.net breaks after the final dot: the reply never reaches the client (RFC 1047)",
			"die Verbindung zu mx.example.net bricht nach dem abschließenden Punkt ab: Die Antwort erreicht den Client nie (RFC 1047)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en, de := note(tt.e)
			assert.Equal(t, tt.en, en)
			assert.Equal(t, tt.de, de)
		})
	}
}

// TestEveryFaultKindInBothLanguages: each kind of fault has its words in both languages.
func TestEveryFaultKindInBothLanguages(t *testing.T) {
	specs := map[fault.Kind][]string{
		fault.Refuse:    {"refuse:mx.example.net"},
		fault.Drop:      {"drop:mx.example.net,when=before-dot", "drop:mx.example.net,when=after-dot"},
		fault.Slow:      {"slow:mx.example.net,delay=10m"},
		fault.Partition: {"partition:mail.example.org,peer=mx.example.net"},
		fault.Shutdown:  {"shutdown:mx.example.net", "shutdown:mx.example.net,cmd=DATA"},
		fault.Reply:     {"reply:mx.example.net,cmd=RCPT,code=550"},
		fault.SPFRecord: {"spf-record:example.org,value=v=spf1 -all", "spf-record:example.org"},
	}
	for _, k := range fault.Kinds {
		list, ok := specs[k]
		if !ok {
			list = []string{string(k) + ":mx.example.net"}
		}
		for _, spec := range list {
			_, err := fault.Parse(spec)
			require.NoError(t, err, spec)
			en, de := note(trace.Event{Kind: trace.KindFault, Fault: spec})
			assert.NotContains(t, en, "event.", spec)
			assert.NotContains(t, en, "fault in effect", "%s has its own words", spec)
			assert.NotEqual(t, en, de, spec)
			assert.NotContains(t, de+en, "%!", spec)
		}
	}
}

// run is one run to tell, for TestEveryEventInGerman.
type run struct {
	name   string
	id     string
	model  scenario.Model
	faults []fault.Fault
}

// runs lists every lesson in each of its models, with and without its try-it fault,
// every built-in scenario, and the first lesson's world with each kind of fault.
func runs(t *testing.T) []run {
	course, err := lessonfile.Course()
	require.NoError(t, err)
	var out []run
	for _, l := range course {
		for _, m := range l.Models {
			out = append(out, run{fmt.Sprintf("%s/%s", l.ID, m), l.ID, m, nil})
			if l.Try.Fault.Kind != "" {
				out = append(out, run{fmt.Sprintf("%s/%s/%s", l.ID, m, l.Try.Fault), l.ID, m, []fault.Fault{l.Try.Fault}})
			}
		}
	}
	for _, id := range lessons.ScenarioIDs() {
		out = append(out, run{id, id, "", nil})
	}
	for _, spec := range []string{"down:mx.example.net", "refuse:mx.example.net,port=25,until=1h", "refuse:mail.example.org",
		"drop:mx.example.net,when=before-dot,count=1", "drop:mx.example.net,when=after-dot,count=1", "slow:mx.example.net,delay=10m,count=2",
		"partition:mail.example.org,peer=mx.example.net,until=1h", "nxdomain:example.net", "servfail:example.net,until=1h", "no-mx:example.net",
		"dead-mx:example.net,until=1h", "null-mx:example.net", "unknown-user:bob@example.net", "mailbox-full:bob@example.net",
		"too-large:mx.example.net,size=100", "greylist:mx.example.net", "relay-denied:mx.example.net", "wrong-password:alice@example.org",
		"no-auth:alice@example.org", "tls-required:mx.example.net", "shutdown:mx.example.net,count=1", "shutdown:mx.example.net,cmd=RCPT,count=1",
		"reply:mx.example.net,cmd=RCPT,code=451,count=2", "reply:mail.example.org,cmd=RCPT,code=550"} {
		f, err := fault.Parse(spec)
		require.NoError(t, err)
		out = append(out, run{"first-mail/" + spec, "first-mail", "", []fault.Fault{f}})
	}
	return out
}

// trace runs it.
func (r run) trace(t *testing.T) *trace.Trace {
	res := runOf(t, r.id, "en", r.faults...)
	if r.model != "" && r.model != res.Scenario.Model {
		sc := res.Scenario
		sc.Model = r.model
		return world.Run(sc, r.faults...)
	}
	return res.Trace
}

// TestEveryEventInGerman tells every event of every run in both languages: nothing
// is left untranslated, no template is missing or misses a value, and what is not a
// protocol line reads differently in German.
func TestEveryEventInGerman(t *testing.T) {
	seen := map[trace.Kind]bool{}
	for _, r := range runs(t) {
		tr := r.trace(t)
		enWords, deWords := render.Words{Lang: "en", Trace: tr}, render.Words{Lang: "de", Trace: tr}
		for _, e := range tr.All() {
			en, enNote := enWords.Describe(e), enWords.Note(e)
			de, deNote := deWords.Describe(e), deWords.Note(e)
			seen[e.Kind] = true
			for _, s := range []string{en, de} {
				assert.NotContains(t, s, "event.", "%s #%d: a template is missing", r.name, e.Seq)
				assert.NotContains(t, s, "%!", "%s #%d: a template misses a value", r.name, e.Seq)
			}
			if e.Kind == trace.KindLine {
				assert.Contains(t, de, e.Line, "%s #%d: a protocol line stays as it travelled", r.name, e.Seq)
				if !e.Lost && e.Altered == "" { // a lost or altered line has a note in the page's language
					assert.Equal(t, en, de, "%s #%d", r.name, e.Seq)
				}
				continue
			}
			if !assert.NotEqual(t, enNote, deNote, "%s #%d %s: no German words", r.name, e.Seq, e.Kind) {
				continue
			}
			assert.NotEqual(t, en, de, "%s #%d", r.name, e.Seq)
			if e.Text != "" && !strings.Contains(e.Line, e.Text) { // a reply's text is what a server said
				assert.NotContains(t, de, e.Text, "%s #%d: the English text shows through", r.name, e.Seq)
			}
		}
	}
	for _, k := range []trace.Kind{trace.KindConnect, trace.KindRefused, trace.KindUnreachable, trace.KindClose, trace.KindData, trace.KindTimeout,
		trace.KindDNSQuery, trace.KindDNSAnswer, trace.KindSubmit, trace.KindEnqueue, trace.KindAttempt, trace.KindDefer, trace.KindHandoff,
		trace.KindDeliver, trace.KindBounce, trace.KindDoubleBounce, trace.KindExpire, trace.KindReject, trace.KindFault, trace.KindFetch, trace.KindRemove} {
		assert.True(t, seen[k], "no run has a %s event", k)
	}
}

// TestGermanTranscriptOfATroubleLesson: with its try-it fault (the MX down for two
// hours) the lesson's German transcript tells the defers and the delivery in German,
// then the outcome.
func TestGermanTranscriptOfATroubleLesson(t *testing.T) {
	l, err := lessons.Find("trouble-that-passes")
	require.NoError(t, err)
	r := runOf(t, l.ID, "de", l.Try.Fault)
	var b bytes.Buffer
	require.NoError(t, render.Write(&b, render.FormatText, r))
	out, outcome, ok := strings.Cut(b.String(), "\nErgebnis:\n")
	require.True(t, ok, b.String())
	for _, want := range []string{
		"mx.example.net ist ausgefallen: Nichts antwortet",
		"keine Antwort von mx.example.net auf Port 25 innerhalb von 30 Sek.: Kein Server hat geantwortet (Status 4.4.1)",
		"m1 an bob@example.net bleibt in der Warteschlange, nächster Versuch",
		": keine Serverantwort, Status 4.4.1: Verbindung nicht möglich (Zeitüberschreitung beim Verbindungsaufbau)",
		"m1 zugestellt: ins Postfach von bob@example.net abgelegt",
		"hat die Verantwortung für m1 übernommen (Queue-ID",
	} {
		assert.Contains(t, out, want)
	}
	for _, english := range []string{"stays in the queue", "delivered", "took responsibility", "next attempt", "Connection timed out"} {
		assert.NotContains(t, out, english)
	}
	words := render.Words{Lang: "de", Trace: r.Trace}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, r.Trace.Len(), "one line an event")
	for i, e := range r.Trace.All() {
		assert.Equal(t, words.Line(e), lines[i])
	}
	assert.Contains(t, outcome, "zugestellt 250 2.0.0 in mx.example.net/bob@example.net")
}

// TestFetchWithoutConnection: a retrieval whose connection was refused says so, not
// that a session broke.
func TestFetchWithoutConnection(t *testing.T) {
	e := trace.Event{Kind: trace.KindFetch, Mailbox: "bob@example.net", Stage: "connection", Failure: trace.FailureRefused}
	for lang, want := range map[string]string{"en": "connection refused", "de": "Verbindung abgewiesen"} {
		assert.Contains(t, render.Words{Lang: lang, Trace: &trace.Trace{}}.Note(e), want, lang)
	}
}

// TestAlteredLines: a reply line changed on the path says so next to the line, both
// the one the server sent and the one the client received.
func TestAlteredLines(t *testing.T) {
	tr := &trace.Trace{Start: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	for _, tt := range []struct {
		e      trace.Event
		en, de string
	}{
		{trace.Event{Kind: trace.KindLine, Actor: "mail.example.org", Peer: "mx.example.net", Dir: trace.DirRecv, Line: "250-STARTTLS", Altered: trace.AlteredSent},
			"mail.example.org ← mx.example.net  S: 250-STARTTLS   (as the server sent it; the client never received this line)",
			"mail.example.org ← mx.example.net  S: 250-STARTTLS   (so hat der Server sie gesendet; beim Client kam diese Zeile nie an)"},
		{trace.Event{Kind: trace.KindLine, Actor: "mail.example.org", Peer: "mx.example.net", Dir: trace.DirRecv, Line: "250-XXXXXXXA", Altered: trace.AlteredReceived},
			"mail.example.org ← mx.example.net  S: 250-XXXXXXXA   (as the client received it: changed on the way)",
			"mail.example.org ← mx.example.net  S: 250-XXXXXXXA   (so kam sie beim Client an: unterwegs verändert)"},
	} {
		assert.Equal(t, tt.en, render.Words{Lang: "en", Trace: tr}.Describe(tt.e))
		assert.Equal(t, tt.de, render.Words{Lang: "de", Trace: tr}.Describe(tt.e))
	}
}
