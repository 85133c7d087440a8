package listen

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr   string
		public bool
		ok     bool
	}{
		{"127.0.0.1:2525", false, true},
		{"[::1]:2525", false, true},
		{"localhost:2525", false, true},
		{"0.0.0.0:2525", false, false},
		{":2525", false, false},
		{"192.0.2.1:25", false, false},
		{"0.0.0.0:2525", true, true},
		{"nonsense", true, false},
	}
	for _, tt := range tests {
		err := CheckAddr(tt.addr, tt.public)
		assert.Equal(t, tt.ok, err == nil, "%s public=%v: %v", tt.addr, tt.public, err)
	}
}
