package smtp

// ReasonInfo explains one reason key: the reply it produces and the clause that
// requires or allows it. Text is a fmt format; the %s verbs take the arguments named
// in the key's comment (an address, a host name, a number).
type ReasonInfo struct {
	Code   int
	Status string
	Text   string
	RFC    string
}

// Reason keys the server engine emits itself. Policies may use any key of Reasons.
const (
	ReasonGreeting  = "conn.greeting"
	ReasonTLSReady  = "tls.ready"
	ReasonDataStart = "data.start"
	ReasonQueued    = "data.queued"
	ReasonInjected  = "fault.injected"
)

// Reasons maps every reason key to its reply. The texts follow what Postfix says where
// it says something useful, so that learners meet the replies they will see in logs.
var Reasons = map[string]ReasonInfo{
	// Connection.
	"conn.greeting":      {220, "", "%s ESMTP smtpsim", "RFC 5321 §4.2, §3.1"},       // host
	"conn.refused":       {554, "5.7.1", "%s No SMTP service here", "RFC 5321 §3.1"}, // host
	"conn.rejected-wait": {503, "5.5.1", "Error: service refused, only QUIT is accepted", "RFC 5321 §3.1"},
	"conn.shutting-down": {421, "4.3.2", "%s Service not available, closing transmission channel", "RFC 5321 §3.8, §4.2.3"}, // host
	"conn.timeout":       {421, "4.4.2", "%s Error: timeout exceeded", "RFC 5321 §4.5.3.2"},                                 // host
	"conn.too-many":      {421, "4.7.0", "%s Error: too many connections, try again later", "RFC 5321 §4.2.5, §3.8"},        // host
	"quit.ok":            {221, "2.0.0", "Bye", "RFC 5321 §4.1.1.10"},

	// Greeting the server.
	"ehlo.ok":     {250, "", "%s", "RFC 5321 §4.1.1.1"}, // host
	"helo.ok":     {250, "", "%s", "RFC 5321 §4.1.1.1"}, // host
	"ehlo.syntax": {501, "5.5.4", "Syntax: EHLO hostname", "RFC 5321 §4.1.1.1"},
	"helo.syntax": {501, "5.5.4", "Syntax: HELO hostname", "RFC 5321 §4.1.1.1"},

	// Harmless commands.
	"noop.ok":            {250, "2.0.0", "Ok", "RFC 5321 §4.1.1.9"},
	"rset.ok":            {250, "2.0.0", "Ok", "RFC 5321 §4.1.1.5"},
	"vrfy.cannot-verify": {252, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery", "RFC 5321 §3.5.3, §7.3"},
	"vrfy.syntax":        {501, "5.5.4", "Syntax: VRFY address", "RFC 5321 §4.1.1.6"},
	"help.ok":            {214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP AUTH STARTTLS; see RFC 5321", "RFC 5321 §4.1.1.8"},

	// Grammar and sequence.
	"cmd.unknown":         {500, "5.5.2", "Error: command not recognized", "RFC 5321 §4.2.4"},
	"cmd.line-too-long":   {500, "5.5.2", "Error: line too long (more than 512 octets)", "RFC 5321 §4.5.3.1.4, §4.5.3.1.10"},
	"cmd.not-implemented": {502, "5.5.1", "Error: command not implemented", "RFC 5321 §4.2.4"},
	"cmd.no-argument":     {501, "5.5.4", "Syntax: %s takes no argument", "RFC 5321 §4.1.1"}, // verb
	"cmd.bad-characters":  {500, "5.5.2", "Error: bad character in command", "RFC 5321 §2.3.8, §4.1.1"},
	"mail.need-helo":      {503, "5.5.1", "Error: send HELO/EHLO first", "RFC 5321 §4.1.4"},
	"mail.nested":         {503, "5.5.1", "Error: nested MAIL command", "RFC 5321 §4.1.4"},
	"rcpt.need-mail":      {503, "5.5.1", "Error: need MAIL command", "RFC 5321 §4.1.4"},
	"data.need-rcpt":      {503, "5.5.1", "Error: need RCPT command", "RFC 5321 §4.1.4"},
	"data.no-valid-rcpt":  {554, "5.5.1", "Error: no valid recipients", "RFC 5321 §3.3"},

	// MAIL.
	"mail.ok":             {250, "2.1.0", "Ok", "RFC 5321 §4.1.1.2"},
	"mail.syntax":         {501, "5.5.4", "Syntax: MAIL FROM:<address>", "RFC 5321 §4.1.1.2"},
	"mail.bad-address":    {501, "5.1.7", "Bad sender address syntax", "RFC 5321 §4.1.2, RFC 3463"},
	"mail.path-too-long":  {501, "5.1.7", "Path too long", "RFC 5321 §4.5.3.1.3, §4.5.3.1.10"},
	"mail.size-syntax":    {501, "5.5.4", "Bad message size syntax", "RFC 1870 §6"},
	"mail.size-exceeded":  {552, "5.3.4", "Message size exceeds fixed limit", "RFC 1870 §6"},
	"mail.body-syntax":    {501, "5.5.4", "Bad BODY parameter: use 7BIT or 8BITMIME", "RFC 6152 §3"},
	"mail.param-syntax":   {501, "5.5.4", "Bad syntax in MAIL parameter %s", "RFC 5321 §4.1.2"}, // parameter
	"mail.param-unknown":  {555, "5.5.4", "Unsupported option: %s", "RFC 5321 §4.1.1.11"},       // parameter
	"mail.sender-refused": {550, "5.7.1", "<%s>: Sender address rejected: not owned by user %s", "RFC 6409 §6.1"},
	"mail.rejected":       {550, "5.7.1", "<%s>: Sender address rejected: Access denied", "RFC 5321 §3.3"}, // address

	// RCPT.
	"rcpt.ok":              {250, "2.1.5", "Ok", "RFC 5321 §4.1.1.3"},
	"rcpt.syntax":          {501, "5.5.4", "Syntax: RCPT TO:<address>", "RFC 5321 §4.1.1.3"},
	"rcpt.bad-address":     {501, "5.1.3", "Bad recipient address syntax", "RFC 5321 §4.1.2, RFC 3463"},
	"rcpt.path-too-long":   {501, "5.1.3", "Path too long", "RFC 5321 §4.5.3.1.3, §4.5.3.1.10"},
	"rcpt.param-syntax":    {501, "5.5.4", "Bad syntax in RCPT parameter %s", "RFC 5321 §4.1.2"}, // parameter
	"rcpt.param-unknown":   {555, "5.5.4", "Unsupported option: %s", "RFC 5321 §4.1.1.11"},       // parameter
	"rcpt.too-many":        {452, "4.5.3", "Error: too many recipients", "RFC 5321 §4.5.3.1.8, §4.5.3.1.10"},
	"rcpt.unknown-user":    {550, "5.1.1", "<%s>: Recipient address rejected: User unknown in local recipient table", "RFC 5321 §3.3, RFC 3463 §3.2"}, // address
	"rcpt.unknown-domain":  {550, "5.1.2", "<%s>: Recipient address rejected: Domain not found", "RFC 3463 §3.2"},                                     // address
	"rcpt.relay-denied":    {554, "5.7.1", "<%s>: Relay access denied", "RFC 5321 §3.6.2, §7.1"},                                                      // address
	"rcpt.greylisted":      {450, "4.2.0", "<%s>: Recipient address rejected: Greylisted, try again later", "RFC 5321 §4.2.5, RFC 6647"},              // address
	"rcpt.try-later":       {451, "4.7.1", "<%s>: Please try again later", "RFC 5321 §4.2.5, RFC 6647"},                                               // address
	"rcpt.mailbox-full":    {552, "5.2.2", "<%s>: Mailbox full", "RFC 5321 §4.2.5, RFC 3463 §3.3"},                                                    // address
	"rcpt.mailbox-busy":    {450, "4.2.1", "<%s>: Mailbox temporarily unavailable", "RFC 5321 §4.2.5, RFC 3463 §3.3"},                                 // address
	"rcpt.mailbox-tmpfull": {452, "4.2.2", "<%s>: Mailbox full, try again later", "RFC 5321 §4.2.5, RFC 3463 §3.3"},                                   // address

	// DATA.
	"data.start":          {354, "", "End data with <CR><LF>.<CR><LF>", "RFC 5321 §4.1.1.4"},
	"data.queued":         {250, "2.0.0", "Ok: queued as %s", "RFC 5321 §4.1.1.4, §6.1"}, // queue id
	"data.too-big":        {552, "5.3.4", "Error: message file too big", "RFC 1870 §6, RFC 5321 §4.5.3.1.10"},
	"data.line-too-long":  {500, "5.5.2", "Error: message line longer than 1000 octets", "RFC 5321 §4.5.3.1.6, §4.5.3.1.10"},
	"data.mailbox-full":   {552, "5.2.2", "Mailbox full", "RFC 3463 §3.3"},
	"data.too-many-hops":  {554, "5.4.6", "Too many hops (%s Received: headers), mail loop?", "RFC 5321 §6.3"}, // count
	"data.local-error":    {451, "4.3.0", "Error: local error in processing", "RFC 5321 §4.2.5"},
	"data.storage-full":   {452, "4.3.1", "Error: insufficient system storage", "RFC 5321 §4.2.5, RFC 3463 §3.4"},
	"data.rejected":       {554, "5.7.1", "Error: message content rejected", "RFC 5321 §3.3"},
	"data.bad-recipients": {554, "5.5.1", "Error: transaction failed", "RFC 5321 §4.2.5"},

	// AUTH (RFC 4954, RFC 4616).
	"auth.challenge":       {334, "", "%s", "RFC 4954 §4"}, // base64 challenge
	"auth.ok":              {235, "2.7.0", "Authentication successful", "RFC 4954 §6"},
	"auth.failed":          {535, "5.7.8", "Error: authentication failed", "RFC 4954 §6"},
	"auth.required":        {530, "5.7.0", "Authentication required", "RFC 4954 §6, RFC 6409 §4.3"},
	"auth.encryption-req":  {538, "5.7.11", "Encryption required for requested authentication mechanism", "RFC 4954 §6"},
	"auth.cancelled":       {501, "5.7.0", "Authentication aborted", "RFC 4954 §4"},
	"auth.bad-encoding":    {501, "5.5.2", "Cannot decode response", "RFC 4954 §4"},
	"auth.bad-mechanism":   {504, "5.5.4", "Unrecognized authentication type", "RFC 4954 §4"},
	"auth.already":         {503, "5.5.1", "Error: already authenticated", "RFC 4954 §4"},
	"auth.in-transaction":  {503, "5.5.1", "Error: MAIL transaction in progress", "RFC 4954 §4"},
	"auth.not-enabled":     {503, "5.5.1", "Error: authentication not enabled", "RFC 4954 §4"},
	"auth.syntax":          {501, "5.5.4", "Syntax: AUTH mechanism", "RFC 4954 §4"},
	"auth.line-too-long":   {500, "5.5.6", "Authentication exchange line is too long", "RFC 4954 §4"},
	"auth.before-helo":     {503, "5.5.1", "Error: send HELO/EHLO first", "RFC 4954 §4"},
	"auth.sender-mismatch": {550, "5.7.1", "<%s>: Sender address rejected: not owned by user %s", "RFC 6409 §6.1"}, // address, user

	// STARTTLS (RFC 3207).
	"tls.ready":       {220, "2.0.0", "Ready to start TLS", "RFC 3207 §4"},
	"tls.syntax":      {501, "5.5.4", "Syntax: STARTTLS", "RFC 3207 §4"},
	"tls.unavailable": {454, "4.7.0", "TLS not available due to temporary reason", "RFC 3207 §4"},
	"tls.already":     {503, "5.5.1", "Error: TLS already active", "RFC 3207 §4.2"},
	"tls.required":    {530, "5.7.0", "Must issue a STARTTLS command first", "RFC 3207 §4"},

	// Outcomes the client engine decides itself. No server sent them, so they have no
	// reply code: only the enhanced status an MTA logs and reports (RFC 3463), and the
	// words of its log.
	"client.bad-reply":       {0, "4.5.0", "malformed reply from server: %v", "RFC 5321 §4.2"},
	"client.connect-failed":  {0, "4.4.1", "%s", "RFC 5321 §4.5.4.1, RFC 3463 §3.5"},
	"client.connection-lost": {0, "4.4.2", "lost connection with server", "RFC 5321 §4.5.3.2, RFC 1047"},
	"client.timeout":         {0, "4.4.2", "timeout waiting for the server", "RFC 5321 §4.5.3.2"},
	"client.tls-not-offered": {0, "4.7.0", "TLS is required, but was not offered by the server", "RFC 3207 §4"},
	"client.ended":           {0, "4.3.0", "conversation ended before this recipient was tried", "RFC 5321 §4.5.4.1"},

	// Faults injected by a scenario use their own code and text.
	"fault.injected": {0, "", "", "a fault injected by the scenario"},
}
