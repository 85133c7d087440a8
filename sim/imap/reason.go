package imap

import "smtpsim/sim/reason"

// Reason is a reason key of the IMAP server: why it sent a response. The string is the
// stable name that traces, lessons and the catalog use; translations key on it. The
// keys are the constants below.
type Reason string

// Reason keys of the connection and the session.
const (
	reasonGreeting             Reason = "imap.greeting"
	reasonContinue             Reason = "imap.continue"
	reasonCapability           Reason = "imap.capability"
	reasonCapabilityOK         Reason = "imap.capability-ok"
	reasonNoop                 Reason = "imap.noop"
	reasonLogout               Reason = "imap.logout"
	reasonLogoutOK             Reason = "imap.logout-ok"
	reasonAutologout           Reason = "imap.autologout"
	reasonLoginOK              Reason = "imap.login-ok"
	reasonAuthFailed           Reason = "imap.auth-failed"
	reasonAuthenticateOK       Reason = "imap.authenticate-ok"
	reasonAuthChallenge        Reason = "imap.auth-challenge"
	reasonAuthCancelled        Reason = "imap.auth-cancelled"
	reasonAuthMechanism        Reason = "imap.auth-mechanism"
	reasonAuthzFailed          Reason = "imap.authz-failed"
	reasonLoginUnavailable     Reason = "imap.login-unavailable"
	reasonEnabled              Reason = "imap.enabled"
	reasonEnableOK             Reason = "imap.enable-ok"
	reasonEnableTooLate        Reason = "imap.enable-too-late"
	reasonNamespace            Reason = "imap.namespace"
	reasonNamespaceOK          Reason = "imap.namespace-ok"
	reasonNotAuthenticated     Reason = "imap.not-authenticated"
	reasonAlreadyAuthenticated Reason = "imap.already-authenticated"
	reasonNotSelected          Reason = "imap.not-selected"
)

// Opening and describing the mailbox.
const (
	reasonSelectOK       Reason = "imap.select-ok"
	reasonExamineOK      Reason = "imap.examine-ok"
	reasonClosed         Reason = "imap.closed"
	reasonNoMailbox      Reason = "imap.no-mailbox"
	reasonExists         Reason = "imap.exists"
	reasonRecent         Reason = "imap.recent"
	reasonFlags          Reason = "imap.flags"
	reasonPermanentFlags Reason = "imap.permanentflags"
	reasonUIDValidity    Reason = "imap.uidvalidity"
	reasonUIDNext        Reason = "imap.uidnext"
	reasonUnseen         Reason = "imap.unseen"
	reasonList           Reason = "imap.list"
	reasonListOK         Reason = "imap.list-ok"
	reasonStatus         Reason = "imap.status"
	reasonStatusOK       Reason = "imap.status-ok"
	reasonCloseOK        Reason = "imap.close-ok"
	reasonUnselectOK     Reason = "imap.unselect-ok"
	reasonCheckOK        Reason = "imap.check-ok"
)

// Mailboxes besides INBOX, and adding messages.
const (
	reasonCreateOK      Reason = "imap.create-ok"
	reasonDeleteOK      Reason = "imap.delete-ok"
	reasonRenameOK      Reason = "imap.rename-ok"
	reasonSubscribeOK   Reason = "imap.subscribe-ok"
	reasonUnsubscribeOK Reason = "imap.unsubscribe-ok"
	reasonLsub          Reason = "imap.lsub"
	reasonLsubOK        Reason = "imap.lsub-ok"
	reasonAlreadyExists Reason = "imap.already-exists"
	reasonFolderRefused Reason = "imap.folder-refused"
	reasonInboxStays    Reason = "imap.inbox-stays"
	reasonInUse         Reason = "imap.in-use"
	reasonTryCreate     Reason = "imap.trycreate"
	reasonOverQuota     Reason = "imap.over-quota"
	reasonAppendOK      Reason = "imap.append-ok"
	reasonCopyOK        Reason = "imap.copy-ok"
	reasonMoved         Reason = "imap.moved"
	reasonMoveOK        Reason = "imap.move-ok"
	reasonIdling        Reason = "imap.idling"
	reasonIdleOK        Reason = "imap.idle-ok"
	reasonIdleNotDone   Reason = "imap.idle-not-done"
)

// Messages.
const (
	reasonFetch         Reason = "imap.fetch"
	reasonFetchOK       Reason = "imap.fetch-ok"
	reasonStore         Reason = "imap.store"
	reasonStoreOK       Reason = "imap.store-ok"
	reasonFlagsUpdate   Reason = "imap.flags-update"
	reasonReadOnly      Reason = "imap.read-only"
	reasonExpunge       Reason = "imap.expunge"
	reasonExpungeOK     Reason = "imap.expunge-ok"
	reasonExpungeIssued Reason = "imap.expunge-issued"
	reasonSearch        Reason = "imap.search"
	reasonESearch       Reason = "imap.esearch"
	reasonSearchOK      Reason = "imap.search-ok"
	reasonBadCharset    Reason = "imap.bad-charset"
	reasonBadSequence   Reason = "imap.bad-sequence"
	reasonUnknownCTE    Reason = "imap.unknown-cte"
)

// Errors.
const (
	reasonBadSyntax      Reason = "imap.bad-syntax"
	reasonUnknownCommand Reason = "imap.unknown-command"
	reasonNotSupported   Reason = "imap.not-supported"
	reasonStartTLS       Reason = "imap.starttls"
	reasonTLSActive      Reason = "imap.tls-active"
	reasonLineTooLong    Reason = "imap.line-too-long"
	reasonLiteralTooBig  Reason = "imap.literal-too-big"
)

// Reasons describes every Response.Reason the server emits: the status it goes with,
// a default text, and the clause of the standard behind it. The page and the trace
// show it next to the response.
var Reasons = reason.Table[Reason]{
	// Connection and session.
	reasonGreeting:             {Status: "OK", Text: "IMAP4rev2 server ready", RFC: "RFC 9051 §7.1.1"},
	reasonContinue:             {Status: "", Text: "Ready for literal data", RFC: "RFC 9051 §7.6"},
	reasonCapability:           {Status: "", Text: "CAPABILITY " + capabilities, RFC: "RFC 9051 §7.2.2"},
	reasonCapabilityOK:         {Status: "OK", Text: "CAPABILITY completed", RFC: "RFC 9051 §6.1.1"},
	reasonNoop:                 {Status: "OK", Text: "NOOP completed", RFC: "RFC 9051 §6.1.2"},
	reasonLogout:               {Status: "BYE", Text: "IMAP4rev2 server logging out", RFC: "RFC 9051 §6.1.3"},
	reasonLogoutOK:             {Status: "OK", Text: "LOGOUT completed", RFC: "RFC 9051 §6.1.3"},
	reasonAutologout:           {Status: "BYE", Text: "Autologout; idle for too long", RFC: "RFC 9051 §5.4"},
	reasonLoginOK:              {Status: "OK", Text: "LOGIN completed", RFC: "RFC 9051 §6.2.3"},
	reasonAuthFailed:           {Status: "NO", Text: "Invalid credentials", RFC: "RFC 9051 §6.2.3, §7.1 AUTHENTICATIONFAILED"},
	reasonAuthenticateOK:       {Status: "OK", Text: "AUTHENTICATE completed", RFC: "RFC 9051 §6.2.2, RFC 4616 §2"},
	reasonAuthChallenge:        {Status: "", Text: "+ (empty challenge)", RFC: "RFC 9051 §6.2.2, RFC 4959"},
	reasonAuthCancelled:        {Status: "BAD", Text: "AUTHENTICATE cancelled or response not valid", RFC: "RFC 9051 §6.2.2, RFC 4616 §2"},
	reasonAuthMechanism:        {Status: "NO", Text: "Authentication mechanism not offered", RFC: "RFC 9051 §6.1.1, §6.2.2"},
	reasonAuthzFailed:          {Status: "NO", Text: "May not act as another user", RFC: "RFC 9051 §7.1 AUTHORIZATIONFAILED, RFC 4616 §2"},
	reasonLoginUnavailable:     {Status: "NO", Text: "Mailbox store unavailable, try again later", RFC: "RFC 9051 §7.1 UNAVAILABLE"},
	reasonEnabled:              {Status: "", Text: "ENABLED", RFC: "RFC 9051 §7.2.1"},
	reasonEnableOK:             {Status: "OK", Text: "ENABLE completed", RFC: "RFC 9051 §6.3.1"},
	reasonEnableTooLate:        {Status: "BAD", Text: "ENABLE must be sent before a mailbox is selected", RFC: "RFC 5161 §3.1"},
	reasonNamespace:            {Status: "", Text: `NAMESPACE (("" "/")) NIL NIL`, RFC: "RFC 9051 §7.3.2"},
	reasonNamespaceOK:          {Status: "OK", Text: "NAMESPACE completed", RFC: "RFC 9051 §6.3.10"},
	reasonNotAuthenticated:     {Status: "BAD", Text: "Not valid before login; log in first", RFC: "RFC 9051 §3.1"},
	reasonAlreadyAuthenticated: {Status: "BAD", Text: "Only valid before login", RFC: "RFC 9051 §3.2"},
	reasonNotSelected:          {Status: "BAD", Text: "No mailbox selected; SELECT or EXAMINE one first", RFC: "RFC 9051 §3.2"},

	// Opening and describing the mailbox.
	reasonSelectOK:       {Status: "OK", Text: "SELECT completed", RFC: "RFC 9051 §6.3.2"},
	reasonExamineOK:      {Status: "OK", Text: "EXAMINE completed", RFC: "RFC 9051 §6.3.3"},
	reasonClosed:         {Status: "OK", Text: "Previous mailbox is now closed", RFC: "RFC 9051 §7.1 CLOSED"},
	reasonNoMailbox:      {Status: "NO", Text: "No such mailbox; this server has only INBOX", RFC: "RFC 9051 §7.1 NONEXISTENT"},
	reasonExists:         {Status: "", Text: "n EXISTS", RFC: "RFC 9051 §7.4.1"},
	reasonRecent:         {Status: "", Text: "0 RECENT", RFC: "RFC 3501 §7.3.2"},
	reasonFlags:          {Status: "", Text: "FLAGS (...)", RFC: "RFC 9051 §7.3.5"},
	reasonPermanentFlags: {Status: "OK", Text: "Flags permitted", RFC: "RFC 9051 §7.1 PERMANENTFLAGS"},
	reasonUIDValidity:    {Status: "OK", Text: "UIDs valid", RFC: "RFC 9051 §2.3.1.1, §7.1 UIDVALIDITY"},
	reasonUIDNext:        {Status: "OK", Text: "Predicted next UID", RFC: "RFC 9051 §2.3.1.1, §7.1 UIDNEXT"},
	reasonUnseen:         {Status: "OK", Text: "First unseen message", RFC: "RFC 3501 §7.1 UNSEEN"},
	reasonList:           {Status: "", Text: `LIST () "/" INBOX`, RFC: "RFC 9051 §7.3.1"},
	reasonListOK:         {Status: "OK", Text: "LIST completed", RFC: "RFC 9051 §6.3.9"},
	reasonStatus:         {Status: "", Text: "STATUS INBOX (...)", RFC: "RFC 9051 §7.3.3"},
	reasonStatusOK:       {Status: "OK", Text: "STATUS completed", RFC: "RFC 9051 §6.3.11"},
	reasonCloseOK:        {Status: "OK", Text: "CLOSE completed", RFC: "RFC 9051 §6.4.1"},
	reasonUnselectOK:     {Status: "OK", Text: "UNSELECT completed", RFC: "RFC 9051 §6.4.2"},
	reasonCheckOK:        {Status: "OK", Text: "CHECK completed", RFC: "RFC 3501 §6.4.1"},

	// Mailboxes besides INBOX, and adding messages.
	reasonCreateOK:      {Status: "OK", Text: "CREATE completed", RFC: "RFC 9051 §6.3.4"},
	reasonDeleteOK:      {Status: "OK", Text: "DELETE completed", RFC: "RFC 9051 §6.3.5"},
	reasonRenameOK:      {Status: "OK", Text: "RENAME completed", RFC: "RFC 9051 §6.3.6"},
	reasonSubscribeOK:   {Status: "OK", Text: "SUBSCRIBE completed", RFC: "RFC 9051 §6.3.7"},
	reasonUnsubscribeOK: {Status: "OK", Text: "UNSUBSCRIBE completed", RFC: "RFC 9051 §6.3.8"},
	reasonLsub:          {Status: "", Text: `LSUB () "/" name`, RFC: "RFC 3501 §7.2.3"},
	reasonLsubOK:        {Status: "OK", Text: "LSUB completed", RFC: "RFC 3501 §6.3.9"},
	reasonAlreadyExists: {Status: "NO", Text: "Mailbox already exists", RFC: "RFC 9051 §6.3.4, §7.1 ALREADYEXISTS"},
	reasonFolderRefused: {Status: "NO", Text: "The store cannot make this mailbox", RFC: "RFC 9051 §6.3.4, §7.1 CANNOT"},
	reasonInboxStays:    {Status: "NO", Text: "INBOX cannot be deleted", RFC: "RFC 9051 §6.3.5"},
	reasonInUse:         {Status: "NO", Text: "Mailbox is selected", RFC: "RFC 9051 §7.1 INUSE"},
	reasonTryCreate:     {Status: "NO", Text: "No such mailbox; CREATE it first", RFC: "RFC 9051 §6.3.12, §7.1 TRYCREATE"},
	reasonOverQuota:     {Status: "NO", Text: "Over quota", RFC: "RFC 9051 §7.1 OVERQUOTA"},
	reasonAppendOK:      {Status: "OK", Text: "APPEND completed", RFC: "RFC 9051 §6.3.12, §7.1 APPENDUID"},
	reasonCopyOK:        {Status: "OK", Text: "COPY completed", RFC: "RFC 9051 §6.4.7, §7.1 COPYUID"},
	reasonMoved:         {Status: "OK", Text: "Moved", RFC: "RFC 9051 §6.4.8, §7.1 COPYUID"},
	reasonMoveOK:        {Status: "OK", Text: "MOVE completed", RFC: "RFC 9051 §6.4.8"},
	reasonIdling:        {Status: "", Text: "+ idling", RFC: "RFC 9051 §6.3.13"},
	reasonIdleOK:        {Status: "OK", Text: "IDLE terminated", RFC: "RFC 9051 §6.3.13, §5.4"},
	reasonIdleNotDone:   {Status: "BAD", Text: "Expected DONE to end IDLE", RFC: "RFC 9051 §6.3.13"},

	// Messages.
	reasonFetch:         {Status: "", Text: "n FETCH (...)", RFC: "RFC 9051 §7.5.2"},
	reasonFetchOK:       {Status: "OK", Text: "FETCH completed", RFC: "RFC 9051 §6.4.5"},
	reasonStore:         {Status: "", Text: "n FETCH (FLAGS (...))", RFC: "RFC 9051 §6.4.6"},
	reasonStoreOK:       {Status: "OK", Text: "STORE completed", RFC: "RFC 9051 §6.4.6"},
	reasonFlagsUpdate:   {Status: "", Text: "n FETCH (UID u FLAGS (...))", RFC: "RFC 9051 §5.2, §7.5.2"},
	reasonReadOnly:      {Status: "NO", Text: "Mailbox is read-only (opened with EXAMINE)", RFC: "RFC 9051 §6.3.3"},
	reasonExpunge:       {Status: "", Text: "n EXPUNGE", RFC: "RFC 9051 §7.5.1"},
	reasonExpungeOK:     {Status: "OK", Text: "EXPUNGE completed", RFC: "RFC 9051 §6.4.3"},
	reasonExpungeIssued: {Status: "OK", Text: "Completed; some messages were expunged by another session", RFC: "RFC 9051 §7.1 EXPUNGEISSUED"},
	reasonSearch:        {Status: "", Text: "SEARCH n ...", RFC: "RFC 3501 §7.2.5"},
	reasonESearch:       {Status: "", Text: `ESEARCH (TAG "t") ALL n:m`, RFC: "RFC 9051 §7.3.4"},
	reasonSearchOK:      {Status: "OK", Text: "SEARCH completed", RFC: "RFC 9051 §6.4.4"},
	reasonBadCharset:    {Status: "NO", Text: "Charset not supported", RFC: "RFC 9051 §6.4.4, §7.1 BADCHARSET"},
	reasonBadSequence:   {Status: "BAD", Text: "No such message sequence number", RFC: "RFC 9051 §9 seq-number"},
	reasonUnknownCTE:    {Status: "NO", Text: "BINARY cannot decode the content transfer encoding", RFC: "RFC 9051 §6.4.5, §7.1 UNKNOWN-CTE"},

	// Errors.
	reasonBadSyntax:      {Status: "BAD", Text: "Syntax error", RFC: "RFC 9051 §7.1.3"},
	reasonUnknownCommand: {Status: "BAD", Text: "Unknown command", RFC: "RFC 9051 §7.1.3"},
	reasonNotSupported:   {Status: "NO", Text: "Not part of this simulator", RFC: "RFC 9051 §7.1 CANNOT"},
	reasonStartTLS:       {Status: "OK", Text: "Begin TLS negotiation now", RFC: "RFC 9051 §6.2.1"},
	reasonTLSActive:      {Status: "BAD", Text: "TLS already active", RFC: "RFC 9051 §6.2.1"},
	reasonLineTooLong:    {Status: "BAD", Text: "Command line too long", RFC: "RFC 7162 §4"},
	reasonLiteralTooBig:  {Status: "BAD", Text: "Literal too big", RFC: "RFC 7888 §5, RFC 9051 §7.6"},
}
