package bridge

import (
	"maps"
	"slices"
	"time"

	"smtpsim/sim/scenario"
	"smtpsim/sim/world"
)

// World is the mail domain the bridge plays when it runs no lesson: one host that is
// the domain's MX and MSA, with a mailbox for each user. It runs as a scenario of the
// simulator's world (see scenario), so the same rules answer real clients as in every
// lesson: local users exist (550 5.1.1 for others), other domains only after AUTH (554
// 5.7.1), the submission port requires AUTH (530 5.7.0) and a sender the user owns (550
// 5.7.1), postmaster goes to the first user.
type World struct {
	Domain   string            // the local domain, e.g. example.org
	Hostname string            // the server's name in greetings and Received: fields
	Users    map[string]string // user name → password; each user has a mailbox and logs in with the name
}

// DefaultWorld is example.org with mailboxes alice and bob, both with password
// "secret", and postmaster delivered to alice.
func DefaultWorld() World {
	return World{
		Domain:   "example.org",
		Hostname: "mx.example.org",
		Users:    map[string]string{"alice": "secret", "bob": "secret"},
	}
}

// scenario describes the world for the simulator: its host offers AUTH on port 25 too,
// so that a client that logs in there may relay, and the users log in with their names.
// Users come in alphabetical order: the first gets the postmaster's mail.
func (w World) scenario(maxSize int, start time.Time) scenario.Scenario {
	sc := scenario.Scenario{
		Name:  "the built-in world of " + w.Domain,
		Start: start,
		Hosts: []scenario.Host{{Name: w.Hostname, IP: "127.0.0.1", Roles: []scenario.Role{scenario.RoleMSA, scenario.RoleMX},
			Domains: []string{w.Domain}, MaxSize: maxSize, Auth: true}},
	}
	for _, name := range slices.Sorted(maps.Keys(w.Users)) {
		sc.Users = append(sc.Users, scenario.User{Address: name + "@" + w.Domain, Login: name, Password: w.Users[name]})
	}
	return sc
}

// exposed puts the host on every service, in the order the start-up message lists them.
func (w World) exposed() []Exposed {
	return []Exposed{{"smtp", w.Hostname, 25, w.Domain}, {"submission", w.Hostname, 587, w.Domain},
		{"pop3", w.Hostname, 110, w.Domain}, {"imap", w.Hostname, 143, w.Domain}}
}

// newWorld prepares the world of w, its mail kept in store; its clock starts at start.
func (w World) newWorld(store *DirStore, maxSize int, start time.Time) (*world.World, error) {
	wd := world.New(w.scenario(maxSize, start.Truncate(time.Second)))
	if err := wd.SetStore(w.Hostname, store); err != nil {
		return nil, err
	}
	return wd, nil
}
