package password

import (
	"strings"
	"testing"
)

func TestHash(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not in the PHC form with its parameters", h)
	}
	if h2, _ := Hash("correct horse battery staple"); h2 == h {
		t.Error("two hashes of one password are the same: no salt")
	}
	for _, tt := range []struct {
		password string
		ok       bool
	}{
		{"correct horse battery staple", true},
		{"correct horse battery stapl", false},
		{"", false},
	} {
		ok, err := Check(h, tt.password)
		if err != nil || ok != tt.ok {
			t.Errorf("Check(%q) = %v, %v; want %v", tt.password, ok, err, tt.ok)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=1$!!$AAAA"} {
		if _, err := Check(bad, "x"); err == nil {
			t.Errorf("Check(%q) read a hash that is not one", bad)
		}
	}
}
