package gen

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestEveryEventRenders writes every event of the catalogue, successful and
// failed, for an actor allowed to call it, and checks the JSON.
func TestEveryEventRenders(t *testing.T) {
	o := newRunCtx(mustNormalize(t, Options{Out: "unused", Regions: []string{"us-east-1"}, Seed: 5}))
	g := newGen(o)
	g.w = o.worlds[0]
	g.region, g.global = "us-east-1", true
	g.rk = o.rkinds[0][1]
	g.ws, g.we = 1736035200, 1736035500
	g.datePrefix = appendTime(nil, g.ws)[:11]
	g.r = newRand(1)
	names := map[string]bool{}
	for _, sp := range catalog {
		var a *actor
		for k := range g.w.actors {
			for _, x := range g.w.actors[k] {
				if x.mask&sp.who != 0 && a == nil {
					a = x
				}
			}
		}
		if a == nil {
			t.Errorf("%s %s: no actor may call it", sp.src, sp.name)
			continue
		}
		names[sp.src+" "+sp.name] = true
		for rep := 0; rep < 20; rep++ {
			g.b = g.b[:0]
			g.timePos = g.timePos[:0]
			g.write(a, sp)
			if !json.Valid(g.b) || !utf8.Valid(g.b) {
				t.Fatalf("%s %s (failed=%v): invalid JSON: %s", sp.src, sp.name, g.failed, g.b)
			}
			var r map[string]any
			if err := json.Unmarshal(g.b, &r); err != nil {
				t.Fatal(err)
			}
			if r["eventName"] != sp.name || r["eventSource"] != sp.src {
				t.Fatalf("wrote %v %v for %s %s", r["eventSource"], r["eventName"], sp.src, sp.name)
			}
			if g.failed && sp.login {
				if r["errorMessage"] != "Failed authentication" || r["errorCode"] != nil {
					t.Errorf("failed ConsoleLogin: %s", g.b)
				}
			}
		}
	}
	supportSources := map[string]bool{}
	for _, sp := range catalog {
		if sp.who&cSup == 0 {
			continue
		}
		supportSources[sp.src] = true
		if !sp.ro || !(strings.HasPrefix(sp.name, "Describe") || strings.HasPrefix(sp.name, "List") || strings.HasPrefix(sp.name, "Get")) {
			t.Errorf("AWS Support may only call read-only Describe/List/Get events, not %s %s", sp.src, sp.name)
		}
	}
	if len(supportSources) < 15 {
		t.Errorf("AWS Support calls cover %d event sources, want at least 15", len(supportSources))
	}
	if len(names) < 300 {
		t.Errorf("catalogue has %d distinct events, want at least 300", len(names))
	}
}

func TestFamilyErrors(t *testing.T) {
	for _, s := range services {
		fam := familyErrors(s)
		if len(fam) < 3 {
			t.Errorf("%s: %d family errors", s.src, len(fam))
		}
		if strings.Contains(fam[1].code, "Denied") || strings.Contains(fam[1].code, "Unauthorized") {
			t.Errorf("%s: entry 1 must not quote the caller, got %s", s.src, fam[1].code)
		}
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"DescribeInstances":   "describe-instances",
		"GetBucketAcl":        "get-bucket-acl",
		"ListMFADevices":      "list-mfa-devices",
		"GetCallerIdentity":   "get-caller-identity",
		"DescribeDBInstances": "describe-db-instances",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
}

func mustNormalize(t *testing.T, o Options) Options {
	t.Helper()
	o, err := normalize(o)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestActorIdentities renders a record for every actor of a world and
// checks the identity JSON: its type, and that session fields are filled.
func TestActorIdentities(t *testing.T) {
	o := newRunCtx(mustNormalize(t, Options{Out: "unused", Seed: 9}))
	g := newGen(o)
	g.w, g.rk, g.region, g.global = o.worlds[0], o.rkinds[0][1], "us-east-1", true
	g.ws, g.we = 1736035200, 1736035500
	g.datePrefix = appendTime(nil, g.ws)[:11]
	g.r = newRand(2)
	kinds := 0
	for k := range g.w.actors {
		if len(g.w.actors[k]) > 0 {
			kinds++
		}
		for _, a := range g.w.actors[k] {
			tab := o.table(a.mask, true)
			if len(tab.specs) == 0 {
				t.Fatalf("actor kind %d has no events", a.kind)
			}
			g.b = g.b[:0]
			g.write(a, tab.specs[0])
			var r struct {
				UserIdentity map[string]any `json:"userIdentity"`
			}
			if err := json.Unmarshal(g.b, &r); err != nil {
				t.Fatalf("%s", g.b)
			}
			if r.UserIdentity["type"] != a.idType {
				t.Errorf("actor kind %d: userIdentity.type %v, want %s", a.kind, r.UserIdentity["type"], a.idType)
			}
			if key, ok := r.UserIdentity["accessKeyId"].(string); ok && key != "" && !(strings.HasPrefix(key, "ASIA") || strings.HasPrefix(key, "AKIA")) || ok && len(key) != 20 && key != "" {
				t.Errorf("actor kind %d: accessKeyId %q", a.kind, key)
			}
		}
	}
	if kinds != int(numKinds) {
		t.Errorf("world has actors of %d kinds, want %d", kinds, numKinds)
	}
}
