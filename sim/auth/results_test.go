package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"smtpsim/sim/auth"
)

func TestResultsField(t *testing.T) {
	got := auth.ResultsField("mx.example.net", []auth.Check{
		{Method: auth.MethodSPF, Result: auth.Pass, Domain: "example.org", Identity: "mailfrom", Reason: "matched ip"},
		{Method: auth.MethodDKIM, Result: auth.Fail, Domain: "example.org", Reason: "body hash did not verify"},
	})
	assert.Equal(t, "Authentication-Results: mx.example.net;\r\n\tspf=pass smtp.mailfrom=example.org;\r\n\tdkim=fail reason=\"body hash did not verify\" header.d=example.org\r\n", got)
	assert.Equal(t, "Authentication-Results: mx.example.net; none\r\n", auth.ResultsField("mx.example.net", nil))
}
