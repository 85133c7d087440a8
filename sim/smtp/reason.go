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

// Reason keys. A comment names the values the key's text takes, in order.
const (
	// Connection.
	ReasonGreeting         Reason = "conn.greeting" // host
	ReasonConnRefused      Reason = "conn.refused"  // host
	ReasonConnRejectedWait Reason = "conn.rejected-wait"
	ReasonConnShuttingDown Reason = "conn.shutting-down" // host
	ReasonConnTimeout      Reason = "conn.timeout"       // host
	ReasonConnTooMany      Reason = "conn.too-many"      // host
	ReasonQuitOK           Reason = "quit.ok"

	// Greeting the server.
	ReasonEhloOK     Reason = "ehlo.ok" // host
	ReasonHeloOK     Reason = "helo.ok" // host
	ReasonEhloSyntax Reason = "ehlo.syntax"
	ReasonHeloSyntax Reason = "helo.syntax"

	// Harmless commands.
	ReasonNoopOK           Reason = "noop.ok"
	ReasonRsetOK           Reason = "rset.ok"
	ReasonVrfyCannotVerify Reason = "vrfy.cannot-verify"
	ReasonVrfySyntax       Reason = "vrfy.syntax"
	ReasonHelpOK           Reason = "help.ok"

	// Grammar and sequence.
	ReasonCmdUnknown        Reason = "cmd.unknown"
	ReasonCmdLineTooLong    Reason = "cmd.line-too-long"
	ReasonCmdNotImplemented Reason = "cmd.not-implemented"
	ReasonCmdNoArgument     Reason = "cmd.no-argument" // verb
	ReasonCmdBadCharacters  Reason = "cmd.bad-characters"
	ReasonMailNeedHelo      Reason = "mail.need-helo"
	ReasonMailNested        Reason = "mail.nested"
	ReasonRcptNeedMail      Reason = "rcpt.need-mail"
	ReasonDataNeedRcpt      Reason = "data.need-rcpt"
	ReasonDataNoValidRcpt   Reason = "data.no-valid-rcpt"

	// MAIL.
	ReasonMailOK            Reason = "mail.ok"
	ReasonMailSyntax        Reason = "mail.syntax"
	ReasonMailBadAddress    Reason = "mail.bad-address"
	ReasonMailPathTooLong   Reason = "mail.path-too-long"
	ReasonMailSizeSyntax    Reason = "mail.size-syntax"
	ReasonMailSizeExceeded  Reason = "mail.size-exceeded"
	ReasonMailBodySyntax    Reason = "mail.body-syntax"
	ReasonMailParamSyntax   Reason = "mail.param-syntax"   // parameter
	ReasonMailParamUnknown  Reason = "mail.param-unknown"  // parameter
	ReasonMailSenderRefused Reason = "mail.sender-refused" // address, user
	ReasonMailRejected      Reason = "mail.rejected"       // address

	// RCPT.
	ReasonRcptOK             Reason = "rcpt.ok"
	ReasonRcptSyntax         Reason = "rcpt.syntax"
	ReasonRcptBadAddress     Reason = "rcpt.bad-address"
	ReasonRcptPathTooLong    Reason = "rcpt.path-too-long"
	ReasonRcptParamSyntax    Reason = "rcpt.param-syntax"  // parameter
	ReasonRcptParamUnknown   Reason = "rcpt.param-unknown" // parameter
	ReasonRcptTooMany        Reason = "rcpt.too-many"
	ReasonRcptUnknownUser    Reason = "rcpt.unknown-user"    // address
	ReasonRcptUnknownDomain  Reason = "rcpt.unknown-domain"  // address
	ReasonRcptRelayDenied    Reason = "rcpt.relay-denied"    // address
	ReasonRcptGreylisted     Reason = "rcpt.greylisted"      // address
	ReasonRcptTryLater       Reason = "rcpt.try-later"       // address
	ReasonRcptMailboxFull    Reason = "rcpt.mailbox-full"    // address
	ReasonRcptMailboxBusy    Reason = "rcpt.mailbox-busy"    // address
	ReasonRcptMailboxTmpfull Reason = "rcpt.mailbox-tmpfull" // address

	// DATA.
	ReasonDataStart         Reason = "data.start"
	ReasonQueued            Reason = "data.queued" // queue id
	ReasonDataTooBig        Reason = "data.too-big"
	ReasonDataLineTooLong   Reason = "data.line-too-long"
	ReasonDataMailboxFull   Reason = "data.mailbox-full"
	ReasonDataTooManyHops   Reason = "data.too-many-hops" // count
	ReasonDataLocalError    Reason = "data.local-error"
	ReasonDataStorageFull   Reason = "data.storage-full"
	ReasonDataRejected      Reason = "data.rejected"
	ReasonDataBadRecipients Reason = "data.bad-recipients"

	// AUTH (RFC 4954, RFC 4616).
	ReasonAuthChallenge      Reason = "auth.challenge" // base64 challenge
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
	ReasonAuthSenderMismatch Reason = "auth.sender-mismatch" // address, user

	// STARTTLS (RFC 3207).
	ReasonTLSReady       Reason = "tls.ready"
	ReasonTLSSyntax      Reason = "tls.syntax"
	ReasonTLSUnavailable Reason = "tls.unavailable"
	ReasonTLSAlready     Reason = "tls.already"
	ReasonTLSRequired    Reason = "tls.required"

	// Outcomes the client engine decides itself. No server sent them, so they have no
	// reply code: only the enhanced status an MTA logs and reports (RFC 3463), and the
	// words of its log.
	ReasonClientBadReply       Reason = "client.bad-reply"
	ReasonClientConnectFailed  Reason = "client.connect-failed"
	ReasonClientConnectionLost Reason = "client.connection-lost"
	ReasonClientTimeout        Reason = "client.timeout"
	ReasonClientTLSNotOffered  Reason = "client.tls-not-offered"
	ReasonClientEnded          Reason = "client.ended"

	// Faults injected by a scenario use their own code and text.
	ReasonInjected Reason = "fault.injected"
)

// Reasons maps every reason key to its reply. The texts follow what Postfix says where
// it says something useful, so that learners meet the replies they will see in logs.
var Reasons = reason.Table[Reason]{
	// Connection.
	ReasonGreeting:         {Code: 220, Text: "%s ESMTP smtpsim", RFC: "RFC 5321 §4.2, §3.1"},
	ReasonConnRefused:      {Code: 554, Status: "5.7.1", Text: "%s No SMTP service here", RFC: "RFC 5321 §3.1"},
	ReasonConnRejectedWait: {Code: 503, Status: "5.5.1", Text: "Error: service refused, only QUIT is accepted", RFC: "RFC 5321 §3.1"},
	ReasonConnShuttingDown: {Code: 421, Status: "4.3.2", Text: "%s Service not available, closing transmission channel", RFC: "RFC 5321 §3.8, §4.2.3"},
	ReasonConnTimeout:      {Code: 421, Status: "4.4.2", Text: "%s Error: timeout exceeded", RFC: "RFC 5321 §4.5.3.2"},
	ReasonConnTooMany:      {Code: 421, Status: "4.7.0", Text: "%s Error: too many connections, try again later", RFC: "RFC 5321 §4.2.5, §3.8"},
	ReasonQuitOK:           {Code: 221, Status: "2.0.0", Text: "Bye", RFC: "RFC 5321 §4.1.1.10"},

	// Greeting the server.
	ReasonEhloOK:     {Code: 250, Text: "%s", RFC: "RFC 5321 §4.1.1.1"},
	ReasonHeloOK:     {Code: 250, Text: "%s", RFC: "RFC 5321 §4.1.1.1"},
	ReasonEhloSyntax: {Code: 501, Status: "5.5.4", Text: "Syntax: EHLO hostname", RFC: "RFC 5321 §4.1.1.1"},
	ReasonHeloSyntax: {Code: 501, Status: "5.5.4", Text: "Syntax: HELO hostname", RFC: "RFC 5321 §4.1.1.1"},

	// Harmless commands.
	ReasonNoopOK:           {Code: 250, Status: "2.0.0", Text: "Ok", RFC: "RFC 5321 §4.1.1.9"},
	ReasonRsetOK:           {Code: 250, Status: "2.0.0", Text: "Ok", RFC: "RFC 5321 §4.1.1.5"},
	ReasonVrfyCannotVerify: {Code: 252, Status: "2.0.0", Text: "Cannot VRFY user, but will accept message and attempt delivery", RFC: "RFC 5321 §3.5.3, §7.3"},
	ReasonVrfySyntax:       {Code: 501, Status: "5.5.4", Text: "Syntax: VRFY address", RFC: "RFC 5321 §4.1.1.6"},
	ReasonHelpOK:           {Code: 214, Status: "2.0.0", Text: "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP AUTH STARTTLS; see RFC 5321", RFC: "RFC 5321 §4.1.1.8"},

	// Grammar and sequence.
	ReasonCmdUnknown:        {Code: 500, Status: "5.5.2", Text: "Error: command not recognized", RFC: "RFC 5321 §4.2.4"},
	ReasonCmdLineTooLong:    {Code: 500, Status: "5.5.2", Text: "Error: line too long (more than 512 octets)", RFC: "RFC 5321 §4.5.3.1.4, §4.5.3.1.10"},
	ReasonCmdNotImplemented: {Code: 502, Status: "5.5.1", Text: "Error: command not implemented", RFC: "RFC 5321 §4.2.4"},
	ReasonCmdNoArgument:     {Code: 501, Status: "5.5.4", Text: "Syntax: %s takes no argument", RFC: "RFC 5321 §4.1.1"},
	ReasonCmdBadCharacters:  {Code: 500, Status: "5.5.2", Text: "Error: bad character in command", RFC: "RFC 5321 §2.3.8, §4.1.1"},
	ReasonMailNeedHelo:      {Code: 503, Status: "5.5.1", Text: "Error: send HELO/EHLO first", RFC: "RFC 5321 §4.1.4"},
	ReasonMailNested:        {Code: 503, Status: "5.5.1", Text: "Error: nested MAIL command", RFC: "RFC 5321 §4.1.4"},
	ReasonRcptNeedMail:      {Code: 503, Status: "5.5.1", Text: "Error: need MAIL command", RFC: "RFC 5321 §4.1.4"},
	ReasonDataNeedRcpt:      {Code: 503, Status: "5.5.1", Text: "Error: need RCPT command", RFC: "RFC 5321 §4.1.4"},
	ReasonDataNoValidRcpt:   {Code: 554, Status: "5.5.1", Text: "Error: no valid recipients", RFC: "RFC 5321 §3.3"},

	// MAIL.
	ReasonMailOK:            {Code: 250, Status: "2.1.0", Text: "Ok", RFC: "RFC 5321 §4.1.1.2"},
	ReasonMailSyntax:        {Code: 501, Status: "5.5.4", Text: "Syntax: MAIL FROM:<address>", RFC: "RFC 5321 §4.1.1.2"},
	ReasonMailBadAddress:    {Code: 501, Status: "5.1.7", Text: "Bad sender address syntax", RFC: "RFC 5321 §4.1.2, RFC 3463"},
	ReasonMailPathTooLong:   {Code: 501, Status: "5.1.7", Text: "Path too long", RFC: "RFC 5321 §4.5.3.1.3, §4.5.3.1.10"},
	ReasonMailSizeSyntax:    {Code: 501, Status: "5.5.4", Text: "Bad message size syntax", RFC: "RFC 1870 §6"},
	ReasonMailSizeExceeded:  {Code: 552, Status: "5.3.4", Text: "Message size exceeds fixed limit", RFC: "RFC 1870 §6"},
	ReasonMailBodySyntax:    {Code: 501, Status: "5.5.4", Text: "Bad BODY parameter: use 7BIT or 8BITMIME", RFC: "RFC 6152 §3"},
	ReasonMailParamSyntax:   {Code: 501, Status: "5.5.4", Text: "Bad syntax in MAIL parameter %s", RFC: "RFC 5321 §4.1.2"},
	ReasonMailParamUnknown:  {Code: 555, Status: "5.5.4", Text: "Unsupported option: %s", RFC: "RFC 5321 §4.1.1.11"},
	ReasonMailSenderRefused: {Code: 550, Status: "5.7.1", Text: "<%s>: Sender address rejected: not owned by user %s", RFC: "RFC 6409 §6.1"},
	ReasonMailRejected:      {Code: 550, Status: "5.7.1", Text: "<%s>: Sender address rejected: Access denied", RFC: "RFC 5321 §3.3"},

	// RCPT.
	ReasonRcptOK:             {Code: 250, Status: "2.1.5", Text: "Ok", RFC: "RFC 5321 §4.1.1.3"},
	ReasonRcptSyntax:         {Code: 501, Status: "5.5.4", Text: "Syntax: RCPT TO:<address>", RFC: "RFC 5321 §4.1.1.3"},
	ReasonRcptBadAddress:     {Code: 501, Status: "5.1.3", Text: "Bad recipient address syntax", RFC: "RFC 5321 §4.1.2, RFC 3463"},
	ReasonRcptPathTooLong:    {Code: 501, Status: "5.1.3", Text: "Path too long", RFC: "RFC 5321 §4.5.3.1.3, §4.5.3.1.10"},
	ReasonRcptParamSyntax:    {Code: 501, Status: "5.5.4", Text: "Bad syntax in RCPT parameter %s", RFC: "RFC 5321 §4.1.2"},
	ReasonRcptParamUnknown:   {Code: 555, Status: "5.5.4", Text: "Unsupported option: %s", RFC: "RFC 5321 §4.1.1.11"},
	ReasonRcptTooMany:        {Code: 452, Status: "4.5.3", Text: "Error: too many recipients", RFC: "RFC 5321 §4.5.3.1.8, §4.5.3.1.10"},
	ReasonRcptUnknownUser:    {Code: 550, Status: "5.1.1", Text: "<%s>: Recipient address rejected: User unknown in local recipient table", RFC: "RFC 5321 §3.3, RFC 3463 §3.2"},
	ReasonRcptUnknownDomain:  {Code: 550, Status: "5.1.2", Text: "<%s>: Recipient address rejected: Domain not found", RFC: "RFC 3463 §3.2"},
	ReasonRcptRelayDenied:    {Code: 554, Status: "5.7.1", Text: "<%s>: Relay access denied", RFC: "RFC 5321 §3.6.2, §7.1"},
	ReasonRcptGreylisted:     {Code: 450, Status: "4.2.0", Text: "<%s>: Recipient address rejected: Greylisted, try again later", RFC: "RFC 5321 §4.2.5, RFC 6647"},
	ReasonRcptTryLater:       {Code: 451, Status: "4.7.1", Text: "<%s>: Please try again later", RFC: "RFC 5321 §4.2.5, RFC 6647"},
	ReasonRcptMailboxFull:    {Code: 552, Status: "5.2.2", Text: "<%s>: Mailbox full", RFC: "RFC 5321 §4.2.5, RFC 3463 §3.3"},
	ReasonRcptMailboxBusy:    {Code: 450, Status: "4.2.1", Text: "<%s>: Mailbox temporarily unavailable", RFC: "RFC 5321 §4.2.5, RFC 3463 §3.3"},
	ReasonRcptMailboxTmpfull: {Code: 452, Status: "4.2.2", Text: "<%s>: Mailbox full, try again later", RFC: "RFC 5321 §4.2.5, RFC 3463 §3.3"},

	// DATA.
	ReasonDataStart:         {Code: 354, Text: "End data with <CR><LF>.<CR><LF>", RFC: "RFC 5321 §4.1.1.4"},
	ReasonQueued:            {Code: 250, Status: "2.0.0", Text: "Ok: queued as %s", RFC: "RFC 5321 §4.1.1.4, §6.1"},
	ReasonDataTooBig:        {Code: 552, Status: "5.3.4", Text: "Error: message file too big", RFC: "RFC 1870 §6, RFC 5321 §4.5.3.1.10"},
	ReasonDataLineTooLong:   {Code: 500, Status: "5.5.2", Text: "Error: message line longer than 1000 octets", RFC: "RFC 5321 §4.5.3.1.6, §4.5.3.1.10"},
	ReasonDataMailboxFull:   {Code: 552, Status: "5.2.2", Text: "Mailbox full", RFC: "RFC 3463 §3.3"},
	ReasonDataTooManyHops:   {Code: 554, Status: "5.4.6", Text: "Too many hops (%s Received: headers), mail loop?", RFC: "RFC 5321 §6.3"},
	ReasonDataLocalError:    {Code: 451, Status: "4.3.0", Text: "Error: local error in processing", RFC: "RFC 5321 §4.2.5"},
	ReasonDataStorageFull:   {Code: 452, Status: "4.3.1", Text: "Error: insufficient system storage", RFC: "RFC 5321 §4.2.5, RFC 3463 §3.4"},
	ReasonDataRejected:      {Code: 554, Status: "5.7.1", Text: "Error: message content rejected", RFC: "RFC 5321 §3.3"},
	ReasonDataBadRecipients: {Code: 554, Status: "5.5.1", Text: "Error: transaction failed", RFC: "RFC 5321 §4.2.5"},

	// AUTH (RFC 4954, RFC 4616).
	ReasonAuthChallenge:      {Code: 334, Text: "%s", RFC: "RFC 4954 §4"},
	ReasonAuthOK:             {Code: 235, Status: "2.7.0", Text: "Authentication successful", RFC: "RFC 4954 §6"},
	ReasonAuthFailed:         {Code: 535, Status: "5.7.8", Text: "Error: authentication failed", RFC: "RFC 4954 §6"},
	ReasonAuthRequired:       {Code: 530, Status: "5.7.0", Text: "Authentication required", RFC: "RFC 4954 §6, RFC 6409 §4.3"},
	ReasonAuthEncryptionReq:  {Code: 538, Status: "5.7.11", Text: "Encryption required for requested authentication mechanism", RFC: "RFC 4954 §6"},
	ReasonAuthCancelled:      {Code: 501, Status: "5.7.0", Text: "Authentication aborted", RFC: "RFC 4954 §4"},
	ReasonAuthBadEncoding:    {Code: 501, Status: "5.5.2", Text: "Cannot decode response", RFC: "RFC 4954 §4"},
	ReasonAuthBadMechanism:   {Code: 504, Status: "5.5.4", Text: "Unrecognized authentication type", RFC: "RFC 4954 §4"},
	ReasonAuthAlready:        {Code: 503, Status: "5.5.1", Text: "Error: already authenticated", RFC: "RFC 4954 §4"},
	ReasonAuthInTransaction:  {Code: 503, Status: "5.5.1", Text: "Error: MAIL transaction in progress", RFC: "RFC 4954 §4"},
	ReasonAuthNotEnabled:     {Code: 503, Status: "5.5.1", Text: "Error: authentication not enabled", RFC: "RFC 4954 §4"},
	ReasonAuthSyntax:         {Code: 501, Status: "5.5.4", Text: "Syntax: AUTH mechanism", RFC: "RFC 4954 §4"},
	ReasonAuthLineTooLong:    {Code: 500, Status: "5.5.6", Text: "Authentication exchange line is too long", RFC: "RFC 4954 §4"},
	ReasonAuthBeforeHelo:     {Code: 503, Status: "5.5.1", Text: "Error: send HELO/EHLO first", RFC: "RFC 4954 §4"},
	ReasonAuthSenderMismatch: {Code: 550, Status: "5.7.1", Text: "<%s>: Sender address rejected: not owned by user %s", RFC: "RFC 6409 §6.1"},

	// STARTTLS (RFC 3207).
	ReasonTLSReady:       {Code: 220, Status: "2.0.0", Text: "Ready to start TLS", RFC: "RFC 3207 §4"},
	ReasonTLSSyntax:      {Code: 501, Status: "5.5.4", Text: "Syntax: STARTTLS", RFC: "RFC 3207 §4"},
	ReasonTLSUnavailable: {Code: 454, Status: "4.7.0", Text: "TLS not available due to temporary reason", RFC: "RFC 3207 §4"},
	ReasonTLSAlready:     {Code: 503, Status: "5.5.1", Text: "Error: TLS already active", RFC: "RFC 3207 §4.2"},
	ReasonTLSRequired:    {Code: 530, Status: "5.7.0", Text: "Must issue a STARTTLS command first", RFC: "RFC 3207 §4"},

	// Outcomes the client engine decides itself. No server sent them, so they have no
	// reply code: only the enhanced status an MTA logs and reports (RFC 3463), and the
	// words of its log.
	ReasonClientBadReply:       {Status: "4.5.0", Text: "malformed reply from server: %v", RFC: "RFC 5321 §4.2"},
	ReasonClientConnectFailed:  {Status: "4.4.1", Text: "%s", RFC: "RFC 5321 §4.5.4.1, RFC 3463 §3.5"},
	ReasonClientConnectionLost: {Status: "4.4.2", Text: "lost connection with server", RFC: "RFC 5321 §4.5.3.2, RFC 1047"},
	ReasonClientTimeout:        {Status: "4.4.2", Text: "timeout waiting for the server", RFC: "RFC 5321 §4.5.3.2"},
	ReasonClientTLSNotOffered:  {Status: "4.7.0", Text: "TLS is required, but was not offered by the server", RFC: "RFC 3207 §4"},
	ReasonClientEnded:          {Status: "4.3.0", Text: "conversation ended before this recipient was tried", RFC: "RFC 5321 §4.5.4.1"},

	// Faults injected by a scenario use their own code and text.
	ReasonInjected: {RFC: "a fault injected by the scenario"},
}
