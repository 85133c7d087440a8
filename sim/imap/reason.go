package imap

// ReasonInfo explains one reason key: the status it goes with, a default
// text, and the clause of the standard behind it. The page and the trace
// show it next to the response; translations key on the reason.
type ReasonInfo struct {
	Status string // "OK", "NO", "BAD", "BYE", or "" for data responses and continuation requests
	Text   string // default human-readable text
	RFC    string // where the behaviour is specified, e.g. "RFC 9051 §6.2.3"
}

// Reasons describes every Response.Reason the server emits.
var Reasons = map[string]ReasonInfo{
	// Connection and session.
	"imap.greeting":              {"OK", "IMAP4rev2 server ready", "RFC 9051 §7.1.1"},
	"imap.continue":              {"", "Ready for literal data", "RFC 9051 §7.6"},
	"imap.capability":            {"", "CAPABILITY " + capabilities, "RFC 9051 §7.2.2"},
	"imap.capability-ok":         {"OK", "CAPABILITY completed", "RFC 9051 §6.1.1"},
	"imap.noop":                  {"OK", "NOOP completed", "RFC 9051 §6.1.2"},
	"imap.logout":                {"BYE", "IMAP4rev2 server logging out", "RFC 9051 §6.1.3"},
	"imap.logout-ok":             {"OK", "LOGOUT completed", "RFC 9051 §6.1.3"},
	"imap.autologout":            {"BYE", "Autologout; idle for too long", "RFC 9051 §5.4"},
	"imap.login-ok":              {"OK", "LOGIN completed", "RFC 9051 §6.2.3"},
	"imap.auth-failed":           {"NO", "Invalid credentials", "RFC 9051 §6.2.3, §7.1 AUTHENTICATIONFAILED"},
	"imap.login-unavailable":     {"NO", "Mailbox store unavailable, try again later", "RFC 9051 §7.1 UNAVAILABLE"},
	"imap.enabled":               {"", "ENABLED", "RFC 9051 §7.2.1"},
	"imap.enable-ok":             {"OK", "ENABLE completed", "RFC 9051 §6.3.1"},
	"imap.enable-too-late":       {"BAD", "ENABLE must be sent before a mailbox is selected", "RFC 5161 §3.1"},
	"imap.namespace":             {"", `NAMESPACE (("" "/")) NIL NIL`, "RFC 9051 §7.3.2"},
	"imap.namespace-ok":          {"OK", "NAMESPACE completed", "RFC 9051 §6.3.10"},
	"imap.not-authenticated":     {"BAD", "Not valid before login; log in first", "RFC 9051 §3.1"},
	"imap.already-authenticated": {"BAD", "Only valid before login", "RFC 9051 §3.2"},
	"imap.not-selected":          {"BAD", "No mailbox selected; SELECT or EXAMINE one first", "RFC 9051 §3.2"},

	// Opening and describing the mailbox.
	"imap.select-ok":      {"OK", "SELECT completed", "RFC 9051 §6.3.2"},
	"imap.examine-ok":     {"OK", "EXAMINE completed", "RFC 9051 §6.3.3"},
	"imap.closed":         {"OK", "Previous mailbox is now closed", "RFC 9051 §7.1 CLOSED"},
	"imap.no-mailbox":     {"NO", "No such mailbox; this server has only INBOX", "RFC 9051 §7.1 NONEXISTENT"},
	"imap.exists":         {"", "n EXISTS", "RFC 9051 §7.4.1"},
	"imap.recent":         {"", "0 RECENT", "RFC 3501 §7.3.2"},
	"imap.flags":          {"", "FLAGS (...)", "RFC 9051 §7.3.5"},
	"imap.permanentflags": {"OK", "Flags permitted", "RFC 9051 §7.1 PERMANENTFLAGS"},
	"imap.uidvalidity":    {"OK", "UIDs valid", "RFC 9051 §2.3.1.1, §7.1 UIDVALIDITY"},
	"imap.uidnext":        {"OK", "Predicted next UID", "RFC 9051 §2.3.1.1, §7.1 UIDNEXT"},
	"imap.unseen":         {"OK", "First unseen message", "RFC 3501 §7.1 UNSEEN"},
	"imap.list":           {"", `LIST () "/" INBOX`, "RFC 9051 §7.3.1"},
	"imap.list-ok":        {"OK", "LIST completed", "RFC 9051 §6.3.9"},
	"imap.status":         {"", "STATUS INBOX (...)", "RFC 9051 §7.3.3"},
	"imap.status-ok":      {"OK", "STATUS completed", "RFC 9051 §6.3.11"},
	"imap.close-ok":       {"OK", "CLOSE completed", "RFC 9051 §6.4.1"},
	"imap.unselect-ok":    {"OK", "UNSELECT completed", "RFC 9051 §6.4.2"},
	"imap.check-ok":       {"OK", "CHECK completed", "RFC 3501 §6.4.1"},

	// Messages.
	"imap.fetch":          {"", "n FETCH (...)", "RFC 9051 §7.5.2"},
	"imap.fetch-ok":       {"OK", "FETCH completed", "RFC 9051 §6.4.5"},
	"imap.store":          {"", "n FETCH (FLAGS (...))", "RFC 9051 §6.4.6"},
	"imap.store-ok":       {"OK", "STORE completed", "RFC 9051 §6.4.6"},
	"imap.flags-update":   {"", "n FETCH (UID u FLAGS (...))", "RFC 9051 §5.2, §7.5.2"},
	"imap.read-only":      {"NO", "Mailbox is read-only (opened with EXAMINE)", "RFC 9051 §6.3.3"},
	"imap.expunge":        {"", "n EXPUNGE", "RFC 9051 §7.5.1"},
	"imap.expunge-ok":     {"OK", "EXPUNGE completed", "RFC 9051 §6.4.3"},
	"imap.expunge-issued": {"OK", "Completed; some messages were expunged by another session", "RFC 9051 §7.1 EXPUNGEISSUED"},
	"imap.search":         {"", "SEARCH n ...", "RFC 3501 §7.2.5"},
	"imap.esearch":        {"", `ESEARCH (TAG "t") ALL n:m`, "RFC 9051 §7.3.4"},
	"imap.search-ok":      {"OK", "SEARCH completed", "RFC 9051 §6.4.4"},
	"imap.bad-charset":    {"NO", "Charset not supported", "RFC 9051 §6.4.4, §7.1 BADCHARSET"},
	"imap.bad-sequence":   {"BAD", "No such message sequence number", "RFC 9051 §9 seq-number"},

	// Errors.
	"imap.bad-syntax":      {"BAD", "Syntax error", "RFC 9051 §7.1.3"},
	"imap.unknown-command": {"BAD", "Unknown command", "RFC 9051 §7.1.3"},
	"imap.not-supported":   {"NO", "Not part of this simulator", "RFC 9051 §7.1 CANNOT"},
	"imap.line-too-long":   {"BAD", "Command line too long", "RFC 7162 §4"},
	"imap.literal-too-big": {"BAD", "Literal too big", "RFC 7888 §5, RFC 9051 §7.6"},
}
