package smtp

import "smtpsim/sim/reason"

// Reason is a reason key of the SMTP engines: why a server replied as it did, or what a
// client decided about a recipient without a reply. The string is the stable name that
// traces, lessons and the catalog use. The keys are the constants below; a reply is
// built from one with its Reply method, so that a misspelled key does not compile.
//
// A Reply also carries the keys of verdicts that other parts of the simulator take and
// report like a reply (a DNS routing error, the world's delivery agent); they are
// declared where those verdicts are taken.
type Reason string

// Reason keys of the connection. Below, a key's text takes the values that its row's
// Args names.
const (
	ReasonGreeting         Reason = "conn.greeting"
	ReasonConnRefused      Reason = "conn.refused"
	ReasonConnRejectedWait Reason = "conn.rejected-wait"
	ReasonConnShuttingDown Reason = "conn.shutting-down"
	ReasonConnTimeout      Reason = "conn.timeout"
	ReasonConnTooMany      Reason = "conn.too-many"
	ReasonQuitOK           Reason = "quit.ok"
)

// Greeting the server.
const (
	ReasonEhloOK     Reason = "ehlo.ok"
	ReasonHeloOK     Reason = "helo.ok"
	ReasonEhloSyntax Reason = "ehlo.syntax"
	ReasonHeloSyntax Reason = "helo.syntax"
)

// Harmless commands.
const (
	ReasonNoopOK           Reason = "noop.ok"
	ReasonRsetOK           Reason = "rset.ok"
	ReasonVrfyCannotVerify Reason = "vrfy.cannot-verify"
	ReasonVrfySyntax       Reason = "vrfy.syntax"
	ReasonHelpOK           Reason = "help.ok"
)

// Grammar and sequence.
const (
	ReasonCmdUnknown        Reason = "cmd.unknown"
	ReasonCmdLineTooLong    Reason = "cmd.line-too-long"
	ReasonCmdNotImplemented Reason = "cmd.not-implemented"
	ReasonCmdNoArgument     Reason = "cmd.no-argument"
	ReasonCmdBadCharacters  Reason = "cmd.bad-characters"
	ReasonMailNeedHelo      Reason = "mail.need-helo"
	ReasonMailNested        Reason = "mail.nested"
	ReasonRcptNeedMail      Reason = "rcpt.need-mail"
	ReasonDataNeedRcpt      Reason = "data.need-rcpt"
	ReasonDataNoValidRcpt   Reason = "data.no-valid-rcpt"
)

// MAIL.
const (
	ReasonMailOK            Reason = "mail.ok"
	ReasonMailSyntax        Reason = "mail.syntax"
	ReasonMailBadAddress    Reason = "mail.bad-address"
	ReasonMailNonASCII      Reason = "mail.non-ascii"
	ReasonMailPathTooLong   Reason = "mail.path-too-long"
	ReasonMailSizeSyntax    Reason = "mail.size-syntax"
	ReasonMailSizeExceeded  Reason = "mail.size-exceeded"
	ReasonMailBodySyntax    Reason = "mail.body-syntax"
	ReasonMailParamSyntax   Reason = "mail.param-syntax"
	ReasonMailParamUnknown  Reason = "mail.param-unknown"
	ReasonMailSenderRefused Reason = "mail.sender-refused"
	ReasonMailRejected      Reason = "mail.rejected"
	ReasonMailSPFFail       Reason = "mail.spf-fail"
)

// RCPT.
const (
	ReasonRcptOK             Reason = "rcpt.ok"
	ReasonRcptSyntax         Reason = "rcpt.syntax"
	ReasonRcptBadAddress     Reason = "rcpt.bad-address"
	ReasonRcptNonASCII       Reason = "rcpt.non-ascii"
	ReasonRcptPathTooLong    Reason = "rcpt.path-too-long"
	ReasonRcptParamSyntax    Reason = "rcpt.param-syntax"
	ReasonRcptParamUnknown   Reason = "rcpt.param-unknown"
	ReasonRcptTooMany        Reason = "rcpt.too-many"
	ReasonRcptUnknownUser    Reason = "rcpt.unknown-user"
	ReasonRcptUnknownDomain  Reason = "rcpt.unknown-domain"
	ReasonRcptRelayDenied    Reason = "rcpt.relay-denied"
	ReasonRcptDNSBL          Reason = "rcpt.dnsbl"
	ReasonRcptGreylisted     Reason = "rcpt.greylisted"
	ReasonRcptTryLater       Reason = "rcpt.try-later"
	ReasonRcptMailboxFull    Reason = "rcpt.mailbox-full"
	ReasonRcptMailboxBusy    Reason = "rcpt.mailbox-busy"
	ReasonRcptMailboxTmpfull Reason = "rcpt.mailbox-tmpfull"
)

// DATA.
const (
	ReasonDataStart         Reason = "data.start"
	ReasonQueued            Reason = "data.queued"
	ReasonDataTooBig        Reason = "data.too-big"
	ReasonDataLineTooLong   Reason = "data.line-too-long"
	ReasonDataMailboxFull   Reason = "data.mailbox-full"
	ReasonDataTooManyHops   Reason = "data.too-many-hops"
	ReasonDataLocalError    Reason = "data.local-error"
	ReasonDataStorageFull   Reason = "data.storage-full"
	ReasonDataRejected      Reason = "data.rejected"
	ReasonDataDMARCReject   Reason = "data.dmarc-reject"
	ReasonDataBadRecipients Reason = "data.bad-recipients"
)

// AUTH (RFC 4954, RFC 4616).
const (
	ReasonAuthChallenge      Reason = "auth.challenge"
	ReasonAuthOK             Reason = "auth.ok"
	ReasonAuthFailed         Reason = "auth.failed"
	ReasonAuthRequired       Reason = "auth.required"
	ReasonAuthEncryptionReq  Reason = "auth.encryption-req"
	ReasonAuthCancelled      Reason = "auth.cancelled"
	ReasonAuthBadEncoding    Reason = "auth.bad-encoding"
	ReasonAuthBadMechanism   Reason = "auth.bad-mechanism"
	ReasonAuthAlready        Reason = "auth.already"
	ReasonAuthInTransaction  Reason = "auth.in-transaction"
	ReasonAuthNotEnabled     Reason = "auth.not-enabled"
	ReasonAuthSyntax         Reason = "auth.syntax"
	ReasonAuthLineTooLong    Reason = "auth.line-too-long"
	ReasonAuthBeforeHelo     Reason = "auth.before-helo"
	ReasonAuthSenderMismatch Reason = "auth.sender-mismatch"
)

// STARTTLS (RFC 3207).
const (
	ReasonTLSReady       Reason = "tls.ready"
	ReasonTLSSyntax      Reason = "tls.syntax"
	ReasonTLSUnavailable Reason = "tls.unavailable"
	ReasonTLSAlready     Reason = "tls.already"
	ReasonTLSRequired    Reason = "tls.required"
)

// Outcomes the client engine decides itself. No server sent them, so they have no
// reply code: only the enhanced status an MTA logs and reports (RFC 3463), and the
// words of its log.
const (
	ReasonClientBadReply       Reason = "client.bad-reply"
	ReasonClientConnectFailed  Reason = "client.connect-failed"
	ReasonClientConnectionLost Reason = "client.connection-lost"
	ReasonClientTimeout        Reason = "client.timeout"
	ReasonClientTLSNotOffered  Reason = "client.tls-not-offered"
	ReasonClientEnded          Reason = "client.ended"
)

// Faults injected by a scenario use their own code and text.
const (
	ReasonInjected Reason = "fault.injected"
)

// Reasons maps every reason key to its reply. The texts follow what Postfix says where
// it says something useful, so that learners meet the replies they will see in logs.
var Reasons = reason.Table[Reason]{
	// Connection.
	ReasonGreeting:         {Code: 220, Status: "", Text: "%s ESMTP smtpsim", Args: "host", RFC: "RFC 5321 §4.2, §3.1"},
	ReasonConnRefused:      {Code: 554, Status: "5.7.1", Text: "%s No SMTP service here", Args: "host", RFC: "RFC 5321 §3.1"},
	ReasonConnRejectedWait: {Code: 503, Status: "5.5.1", Text: "Error: service refused, only QUIT is accepted", Args: "", RFC: "RFC 5321 §3.1"},
	ReasonConnShuttingDown: {Code: 421, Status: "4.3.2", Text: "%s Service not available, closing transmission channel", Args: "host", RFC: "RFC 5321 §3.8, §4.2.3"},
	ReasonConnTimeout:      {Code: 421, Status: "4.4.2", Text: "%s Error: timeout exceeded", Args: "host", RFC: "RFC 5321 §4.5.3.2"},
	ReasonConnTooMany:      {Code: 421, Status: "4.7.0", Text: "%s Error: too many connections, try again later", Args: "host", RFC: "RFC 5321 §4.2.5, §3.8"},
	ReasonQuitOK:           {Code: 221, Status: "2.0.0", Text: "Bye", Args: "", RFC: "RFC 5321 §4.1.1.10"},

	// Greeting the server.
	ReasonEhloOK:     {Code: 250, Status: "", Text: "%s", Args: "host", RFC: "RFC 5321 §4.1.1.1"},
	ReasonHeloOK:     {Code: 250, Status: "", Text: "%s", Args: "host", RFC: "RFC 5321 §4.1.1.1"},
	ReasonEhloSyntax: {Code: 501, Status: "5.5.4", Text: "Syntax: EHLO hostname", Args: "", RFC: "RFC 5321 §4.1.1.1"},
	ReasonHeloSyntax: {Code: 501, Status: "5.5.4", Text: "Syntax: HELO hostname", Args: "", RFC: "RFC 5321 §4.1.1.1"},

	// Harmless commands.
	ReasonNoopOK:           {Code: 250, Status: "2.0.0", Text: "Ok", Args: "", RFC: "RFC 5321 §4.1.1.9"},
	ReasonRsetOK:           {Code: 250, Status: "2.0.0", Text: "Ok", Args: "", RFC: "RFC 5321 §4.1.1.5"},
	ReasonVrfyCannotVerify: {Code: 252, Status: "2.0.0", Text: "Cannot VRFY user, but will accept message and attempt delivery", Args: "", RFC: "RFC 5321 §3.5.3, §7.3"},
	ReasonVrfySyntax:       {Code: 501, Status: "5.5.4", Text: "Syntax: VRFY address", Args: "", RFC: "RFC 5321 §4.1.1.6"},
	ReasonHelpOK:           {Code: 214, Status: "2.0.0", Text: "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP AUTH STARTTLS; see RFC 5321", Args: "", RFC: "RFC 5321 §4.1.1.8"},

	// Grammar and sequence.
	ReasonCmdUnknown:        {Code: 500, Status: "5.5.2", Text: "Error: command not recognized", Args: "", RFC: "RFC 5321 §4.2.4"},
	ReasonCmdLineTooLong:    {Code: 500, Status: "5.5.2", Text: "Error: line too long (more than 512 octets)", Args: "", RFC: "RFC 5321 §4.5.3.1.4, §4.5.3.1.10"},
	ReasonCmdNotImplemented: {Code: 502, Status: "5.5.1", Text: "Error: command not implemented", Args: "", RFC: "RFC 5321 §4.2.4"},
	ReasonCmdNoArgument:     {Code: 501, Status: "5.5.4", Text: "Syntax: %s takes no argument", Args: "verb", RFC: "RFC 5321 §4.1.1"},
	ReasonCmdBadCharacters:  {Code: 500, Status: "5.5.2", Text: "Error: bad character in command", Args: "", RFC: "RFC 5321 §2.3.8, §4.1.1"},
	ReasonMailNeedHelo:      {Code: 503, Status: "5.5.1", Text: "Error: send HELO/EHLO first", Args: "", RFC: "RFC 5321 §4.1.4"},
	ReasonMailNested:        {Code: 503, Status: "5.5.1", Text: "Error: nested MAIL command", Args: "", RFC: "RFC 5321 §4.1.4"},
	ReasonRcptNeedMail:      {Code: 503, Status: "5.5.1", Text: "Error: need MAIL command", Args: "", RFC: "RFC 5321 §4.1.4"},
	ReasonDataNeedRcpt:      {Code: 503, Status: "5.5.1", Text: "Error: need RCPT command", Args: "", RFC: "RFC 5321 §4.1.4"},
	ReasonDataNoValidRcpt:   {Code: 554, Status: "5.5.1", Text: "Error: no valid recipients", Args: "", RFC: "RFC 5321 §3.3"},

	// MAIL.
	ReasonMailOK:            {Code: 250, Status: "2.1.0", Text: "Ok", Args: "", RFC: "RFC 5321 §4.1.1.2"},
	ReasonMailSyntax:        {Code: 501, Status: "5.5.4", Text: "Syntax: MAIL FROM:<address>", Args: "", RFC: "RFC 5321 §4.1.1.2"},
	ReasonMailBadAddress:    {Code: 501, Status: "5.1.7", Text: "Bad sender address syntax", Args: "", RFC: "RFC 5321 §4.1.2, RFC 3463"},
	ReasonMailNonASCII:      {Code: 553, Status: "5.6.7", Text: "Non-ASCII addresses not permitted for that sender", Args: "", RFC: "RFC 6531 §3.5, RFC 5248"},
	ReasonMailPathTooLong:   {Code: 501, Status: "5.1.7", Text: "Path too long", Args: "", RFC: "RFC 5321 §4.5.3.1.3, §4.5.3.1.10"},
	ReasonMailSizeSyntax:    {Code: 501, Status: "5.5.4", Text: "Bad message size syntax", Args: "", RFC: "RFC 1870 §6"},
	ReasonMailSizeExceeded:  {Code: 552, Status: "5.3.4", Text: "Message size exceeds fixed limit", Args: "", RFC: "RFC 1870 §6"},
	ReasonMailBodySyntax:    {Code: 501, Status: "5.5.4", Text: "Bad BODY parameter: use 7BIT or 8BITMIME", Args: "", RFC: "RFC 6152 §3"},
	ReasonMailParamSyntax:   {Code: 501, Status: "5.5.4", Text: "Bad syntax in MAIL parameter %s", Args: "parameter", RFC: "RFC 5321 §4.1.2"},
	ReasonMailParamUnknown:  {Code: 555, Status: "5.5.4", Text: "Unsupported option: %s", Args: "parameter", RFC: "RFC 5321 §4.1.1.11"},
	ReasonMailSenderRefused: {Code: 550, Status: "5.7.1", Text: "<%s>: Sender address rejected: not owned by user %s", Args: "address, user", RFC: "RFC 6409 §6.1"},
	ReasonMailRejected:      {Code: 550, Status: "5.7.1", Text: "<%s>: Sender address rejected: Access denied", Args: "address", RFC: "RFC 5321 §3.3"},
	ReasonMailSPFFail:       {Code: 550, Status: "5.7.23", Text: "<%s>: Sender address rejected: SPF fail - %s is not allowed to send for %s", Args: "address, client ip, domain", RFC: "RFC 7208 §8.4, RFC 7372 §3.2"},

	// RCPT.
	ReasonRcptOK:             {Code: 250, Status: "2.1.5", Text: "Ok", Args: "", RFC: "RFC 5321 §4.1.1.3"},
	ReasonRcptSyntax:         {Code: 501, Status: "5.5.4", Text: "Syntax: RCPT TO:<address>", Args: "", RFC: "RFC 5321 §4.1.1.3"},
	ReasonRcptBadAddress:     {Code: 501, Status: "5.1.3", Text: "Bad recipient address syntax", Args: "", RFC: "RFC 5321 §4.1.2, RFC 3463"},
	ReasonRcptNonASCII:       {Code: 553, Status: "5.6.7", Text: "Non-ASCII addresses not permitted for that recipient", Args: "", RFC: "RFC 6531 §3.5, RFC 5248"},
	ReasonRcptPathTooLong:    {Code: 501, Status: "5.1.3", Text: "Path too long", Args: "", RFC: "RFC 5321 §4.5.3.1.3, §4.5.3.1.10"},
	ReasonRcptParamSyntax:    {Code: 501, Status: "5.5.4", Text: "Bad syntax in RCPT parameter %s", Args: "parameter", RFC: "RFC 5321 §4.1.2"},
	ReasonRcptParamUnknown:   {Code: 555, Status: "5.5.4", Text: "Unsupported option: %s", Args: "parameter", RFC: "RFC 5321 §4.1.1.11"},
	ReasonRcptTooMany:        {Code: 452, Status: "4.5.3", Text: "Error: too many recipients", Args: "", RFC: "RFC 5321 §4.5.3.1.8, §4.5.3.1.10"},
	ReasonRcptUnknownUser:    {Code: 550, Status: "5.1.1", Text: "<%s>: Recipient address rejected: User unknown in local recipient table", Args: "address", RFC: "RFC 5321 §3.3, RFC 3463 §3.2"},
	ReasonRcptUnknownDomain:  {Code: 550, Status: "5.1.2", Text: "<%s>: Recipient address rejected: Domain not found", Args: "address", RFC: "RFC 3463 §3.2"},
	ReasonRcptRelayDenied:    {Code: 554, Status: "5.7.1", Text: "<%s>: Relay access denied", Args: "address", RFC: "RFC 5321 §3.6.2, §7.1"},
	ReasonRcptDNSBL:          {Code: 554, Status: "5.7.1", Text: "Service unavailable; Client host [%s] blocked using %s; %s", Args: "client ip, zone, the zone's TXT text", RFC: "RFC 5782 §2.1"},
	ReasonRcptGreylisted:     {Code: 450, Status: "4.2.0", Text: "<%s>: Recipient address rejected: Greylisted, try again later", Args: "address", RFC: "RFC 5321 §4.2.5, RFC 6647"},
	ReasonRcptTryLater:       {Code: 451, Status: "4.7.1", Text: "<%s>: Please try again later", Args: "address", RFC: "RFC 5321 §4.2.5, RFC 6647"},
	ReasonRcptMailboxFull:    {Code: 552, Status: "5.2.2", Text: "<%s>: Mailbox full", Args: "address", RFC: "RFC 5321 §4.2.5, RFC 3463 §3.3"},
	ReasonRcptMailboxBusy:    {Code: 450, Status: "4.2.1", Text: "<%s>: Mailbox temporarily unavailable", Args: "address", RFC: "RFC 5321 §4.2.5, RFC 3463 §3.3"},
	ReasonRcptMailboxTmpfull: {Code: 452, Status: "4.2.2", Text: "<%s>: Mailbox full, try again later", Args: "address", RFC: "RFC 5321 §4.2.5, RFC 3463 §3.3"},

	// DATA.
	ReasonDataStart:         {Code: 354, Status: "", Text: "End data with <CR><LF>.<CR><LF>", Args: "", RFC: "RFC 5321 §4.1.1.4"},
	ReasonQueued:            {Code: 250, Status: "2.0.0", Text: "Ok: queued as %s", Args: "queue id", RFC: "RFC 5321 §4.1.1.4, §6.1"},
	ReasonDataTooBig:        {Code: 552, Status: "5.3.4", Text: "Error: message file too big", Args: "", RFC: "RFC 1870 §6, RFC 5321 §4.5.3.1.10"},
	ReasonDataLineTooLong:   {Code: 500, Status: "5.5.2", Text: "Error: message line longer than 1000 octets", Args: "", RFC: "RFC 5321 §4.5.3.1.6, §4.5.3.1.10"},
	ReasonDataMailboxFull:   {Code: 552, Status: "5.2.2", Text: "Mailbox full", Args: "", RFC: "RFC 3463 §3.3"},
	ReasonDataTooManyHops:   {Code: 554, Status: "5.4.6", Text: "Too many hops (%s Received: headers), mail loop?", Args: "count", RFC: "RFC 5321 §6.3"},
	ReasonDataLocalError:    {Code: 451, Status: "4.3.0", Text: "Error: local error in processing", Args: "", RFC: "RFC 5321 §4.2.5"},
	ReasonDataStorageFull:   {Code: 452, Status: "4.3.1", Text: "Error: insufficient system storage", Args: "", RFC: "RFC 5321 §4.2.5, RFC 3463 §3.4"},
	ReasonDataRejected:      {Code: 554, Status: "5.7.1", Text: "Error: message content rejected", Args: "", RFC: "RFC 5321 §3.3"},
	ReasonDataDMARCReject:   {Code: 550, Status: "5.7.1", Text: "Rejected by DMARC policy for %s", Args: "domain", RFC: "RFC 7489 §6.6.4, §7.3"},
	ReasonDataBadRecipients: {Code: 554, Status: "5.5.1", Text: "Error: transaction failed", Args: "", RFC: "RFC 5321 §4.2.5"},

	// AUTH (RFC 4954, RFC 4616).
	ReasonAuthChallenge:      {Code: 334, Status: "", Text: "%s", Args: "base64 challenge", RFC: "RFC 4954 §4"},
	ReasonAuthOK:             {Code: 235, Status: "2.7.0", Text: "Authentication successful", Args: "", RFC: "RFC 4954 §6"},
	ReasonAuthFailed:         {Code: 535, Status: "5.7.8", Text: "Error: authentication failed", Args: "", RFC: "RFC 4954 §6"},
	ReasonAuthRequired:       {Code: 530, Status: "5.7.0", Text: "Authentication required", Args: "", RFC: "RFC 4954 §6, RFC 6409 §4.3"},
	ReasonAuthEncryptionReq:  {Code: 538, Status: "5.7.11", Text: "Encryption required for requested authentication mechanism", Args: "", RFC: "RFC 4954 §6"},
	ReasonAuthCancelled:      {Code: 501, Status: "5.7.0", Text: "Authentication aborted", Args: "", RFC: "RFC 4954 §4"},
	ReasonAuthBadEncoding:    {Code: 501, Status: "5.5.2", Text: "Cannot decode response", Args: "", RFC: "RFC 4954 §4"},
	ReasonAuthBadMechanism:   {Code: 504, Status: "5.5.4", Text: "Unrecognized authentication type", Args: "", RFC: "RFC 4954 §4"},
	ReasonAuthAlready:        {Code: 503, Status: "5.5.1", Text: "Error: already authenticated", Args: "", RFC: "RFC 4954 §4"},
	ReasonAuthInTransaction:  {Code: 503, Status: "5.5.1", Text: "Error: MAIL transaction in progress", Args: "", RFC: "RFC 4954 §4"},
	ReasonAuthNotEnabled:     {Code: 503, Status: "5.5.1", Text: "Error: authentication not enabled", Args: "", RFC: "RFC 4954 §4"},
	ReasonAuthSyntax:         {Code: 501, Status: "5.5.4", Text: "Syntax: AUTH mechanism", Args: "", RFC: "RFC 4954 §4"},
	ReasonAuthLineTooLong:    {Code: 500, Status: "5.5.6", Text: "Authentication exchange line is too long", Args: "", RFC: "RFC 4954 §4"},
	ReasonAuthBeforeHelo:     {Code: 503, Status: "5.5.1", Text: "Error: send HELO/EHLO first", Args: "", RFC: "RFC 4954 §4"},
	ReasonAuthSenderMismatch: {Code: 550, Status: "5.7.1", Text: "<%s>: Sender address rejected: not owned by user %s", Args: "address, user", RFC: "RFC 6409 §6.1"},

	// STARTTLS (RFC 3207).
	ReasonTLSReady:       {Code: 220, Status: "2.0.0", Text: "Ready to start TLS", Args: "", RFC: "RFC 3207 §4"},
	ReasonTLSSyntax:      {Code: 501, Status: "5.5.4", Text: "Syntax: STARTTLS", Args: "", RFC: "RFC 3207 §4"},
	ReasonTLSUnavailable: {Code: 454, Status: "4.7.0", Text: "TLS not available due to temporary reason", Args: "", RFC: "RFC 3207 §4"},
	ReasonTLSAlready:     {Code: 503, Status: "5.5.1", Text: "Error: TLS already active", Args: "", RFC: "RFC 3207 §4.2"},
	ReasonTLSRequired:    {Code: 530, Status: "5.7.0", Text: "Must issue a STARTTLS command first", Args: "", RFC: "RFC 3207 §4"},

	// Outcomes the client engine decides itself. No server sent them, so they have no
	// reply code: only the enhanced status an MTA logs and reports (RFC 3463), and the
	// words of its log.
	ReasonClientBadReply:       {Code: 0, Status: "4.5.0", Text: "malformed reply from server: %v", Args: "error", RFC: "RFC 5321 §4.2"},
	ReasonClientConnectFailed:  {Code: 0, Status: "4.4.1", Text: "%s", Args: "why", RFC: "RFC 5321 §4.5.4.1, RFC 3463 §3.5"},
	ReasonClientConnectionLost: {Code: 0, Status: "4.4.2", Text: "lost connection with server", Args: "", RFC: "RFC 5321 §4.5.3.2, RFC 1047"},
	ReasonClientTimeout:        {Code: 0, Status: "4.4.2", Text: "timeout waiting for the server", Args: "", RFC: "RFC 5321 §4.5.3.2"},
	ReasonClientTLSNotOffered:  {Code: 0, Status: "4.7.0", Text: "TLS is required, but was not offered by the server", Args: "", RFC: "RFC 3207 §4"},
	ReasonClientEnded:          {Code: 0, Status: "4.3.0", Text: "conversation ended before this recipient was tried", Args: "", RFC: "RFC 5321 §4.5.4.1"},

	// Faults injected by a scenario use their own code and text.
	ReasonInjected: {Code: 0, Status: "", Text: "", Args: "", RFC: "a fault injected by the scenario"},
}
