package auth

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, doc string) *Policy {
	t.Helper()
	p, err := ParsePolicy([]byte(doc))
	if err != nil {
		t.Fatalf("ParsePolicy(%s): %v", doc, err)
	}
	return p
}

const (
	wgPrimary = "arn:aws:athena:us-east-1:123456789012:workgroup/primary"
	wgAdmin   = "arn:aws:athena:us-east-1:123456789012:workgroup/admin-team"
	wgTeamA   = "arn:aws:athena:us-east-1:123456789012:workgroup/team-a"
	wgTeamAB  = "arn:aws:athena:us-east-1:123456789012:workgroup/team-ab"
	wgWest    = "arn:aws:athena:us-west-2:123456789012:workgroup/primary"
	trailARN  = "arn:aws:cloudtrail:us-east-1:123456789012:trail/management"
)

var testPolicies = map[string]string{
	"allowAll": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
	"athenaAll": `{"Version":"2012-10-17","Statement":{"Sid":"AthenaEverything","Effect":"Allow",
		"Action":"athena:*","Resource":"*"}}`,
	"readOnly": `{"Version":"2012-10-17","Statement":[
		{"Sid":"Read","Effect":"Allow","Action":["athena:Get*","athena:List*","athena:BatchGet*"],"Resource":"*"}]}`,
	"startPrimary": `{"Statement":[{"Effect":"Allow","Action":"athena:StartQueryExecution",
		"Resource":"arn:aws:athena:*:123456789012:workgroup/primary"}]}`,
	"denyAdmin": `{"Version":"2012-10-17","Statement":[
		{"Sid":"NoAdmin","Effect":"Deny","Action":"athena:*","Resource":"arn:aws:athena:*:*:workgroup/admin*"}]}`,
	"denyStart": `{"Version":"2012-10-17","Statement":[
		{"Effect":"Deny","Action":"athena:StartQueryExecution","Resource":"*"}]}`,
	"allowButMutations": `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","NotAction":["athena:Delete*","athena:Update*","athena:Create*"],"Resource":"*"}]}`,
	"denyOutsideUSEast1": `{"Version":"2012-10-17","Statement":[
		{"Effect":"Deny","Action":"*","NotResource":"arn:aws:athena:us-east-1:123456789012:*"}]}`,
	"teamSingleChar": `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"athena:*","Resource":"arn:aws:athena:us-east-1:123456789012:workgroup/team-?"}]}`,
	"mixedCaseAction": `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"ATHENA:getqueryexecution","Resource":"arn:aws:athena:us-east-1:123456789012:workgroup/Primary"}]}`,
	"allowAndDenySamePolicy": `{"Version":"2012-10-17","Statement":[
		{"Sid":"A","Effect":"Allow","Action":"athena:*","Resource":"*"},
		{"Sid":"B","Effect":"Deny","Action":"athena:Delete*","Resource":"*"}]}`,
	"cloudtrailLookup": `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["cloudtrail:LookupEvents","cloudtrail:Describe?rails"],"Resource":"arn:aws:cloudtrail:*"}]}`,
}

func TestEvaluate(t *testing.T) {
	parsed := map[string]*Policy{}
	for name, doc := range testPolicies {
		parsed[name] = mustParse(t, doc)
	}
	for _, tc := range []struct {
		name     string
		policies []string
		action   string
		resource string
		want     Decision
	}{
		{"no policies", nil, "athena:GetQueryExecution", wgPrimary, ImplicitDeny},
		{"allow everything", []string{"allowAll"}, "athena:DeleteWorkGroup", wgAdmin, Allow},
		{"single-statement object form", []string{"athenaAll"}, "athena:StartQueryExecution", wgPrimary, Allow},
		{"service wildcard does not cover another service", []string{"athenaAll"}, "cloudtrail:LookupEvents", trailARN, ImplicitDeny},
		{"prefix wildcard Get*", []string{"readOnly"}, "athena:GetQueryResults", wgPrimary, Allow},
		{"prefix wildcard List*", []string{"readOnly"}, "athena:ListWorkGroups", "*", Allow},
		{"read-only does not start queries", []string{"readOnly"}, "athena:StartQueryExecution", wgPrimary, ImplicitDeny},
		{"action matching ignores case", []string{"readOnly"}, "ATHENA:getqueryexecution", wgPrimary, Allow},
		{"pattern case ignored too", []string{"mixedCaseAction"}, "athena:GetQueryExecution", "arn:aws:athena:us-east-1:123456789012:workgroup/Primary", Allow},
		{"resource matching is case-sensitive", []string{"mixedCaseAction"}, "athena:GetQueryExecution", wgPrimary, ImplicitDeny},
		{"resource wildcard for region", []string{"startPrimary"}, "athena:StartQueryExecution", wgWest, Allow},
		{"resource pattern does not match other workgroup", []string{"startPrimary"}, "athena:StartQueryExecution", wgTeamA, ImplicitDeny},
		{"resource pattern is anchored", []string{"startPrimary"}, "athena:StartQueryExecution", wgPrimary + "2", ImplicitDeny},
		{"explicit deny beats allow across policies", []string{"athenaAll", "denyAdmin"}, "athena:StartQueryExecution", wgAdmin, ExplicitDeny},
		{"explicit deny wins whatever the order", []string{"denyAdmin", "athenaAll"}, "athena:StartQueryExecution", wgAdmin, ExplicitDeny},
		{"deny only where it applies", []string{"athenaAll", "denyAdmin"}, "athena:StartQueryExecution", wgPrimary, Allow},
		{"deny without any allow", []string{"denyStart"}, "athena:StartQueryExecution", wgPrimary, ExplicitDeny},
		{"deny and allow in one policy", []string{"allowAndDenySamePolicy"}, "athena:DeleteNamedQuery", wgPrimary, ExplicitDeny},
		{"allow in the same policy", []string{"allowAndDenySamePolicy"}, "athena:GetNamedQuery", wgPrimary, Allow},
		{"NotAction allows the rest", []string{"allowButMutations"}, "athena:StartQueryExecution", wgPrimary, Allow},
		{"NotAction excludes listed", []string{"allowButMutations"}, "athena:DeleteWorkGroup", wgPrimary, ImplicitDeny},
		{"NotAction excludes listed, any case", []string{"allowButMutations"}, "athena:updateworkgroup", wgPrimary, ImplicitDeny},
		{"NotAction covers other services", []string{"allowButMutations"}, "cloudtrail:LookupEvents", trailARN, Allow},
		{"NotResource deny outside", []string{"allowAll", "denyOutsideUSEast1"}, "athena:GetWorkGroup", wgWest, ExplicitDeny},
		{"NotResource deny spares inside", []string{"allowAll", "denyOutsideUSEast1"}, "athena:GetWorkGroup", wgPrimary, Allow},
		{"NotResource deny hits other services", []string{"allowAll", "denyOutsideUSEast1"}, "cloudtrail:LookupEvents", trailARN, ExplicitDeny},
		{"? matches one character", []string{"teamSingleChar"}, "athena:GetWorkGroup", wgTeamA, Allow},
		{"? matches exactly one", []string{"teamSingleChar"}, "athena:GetWorkGroup", wgTeamAB, ImplicitDeny},
		{"? in action", []string{"cloudtrailLookup"}, "cloudtrail:DescribeTrails", trailARN, Allow},
		{"resource prefix wildcard", []string{"cloudtrailLookup"}, "cloudtrail:LookupEvents", trailARN, Allow},
		{"resource prefix wildcard is service-specific", []string{"cloudtrailLookup"}, "cloudtrail:LookupEvents", wgPrimary, ImplicitDeny},
		{"nil policy skipped", []string{"", "readOnly"}, "athena:GetWorkGroup", wgPrimary, Allow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ps []*Policy
			for _, name := range tc.policies {
				ps = append(ps, parsed[name]) // "" gives nil
			}
			if got := Evaluate(ps, tc.action, tc.resource); got != tc.want {
				t.Fatalf("Evaluate(%v, %s, %s) = %v, want %v", tc.policies, tc.action, tc.resource, got, tc.want)
			}
		})
	}
}

func TestWildcardMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		fold, want bool
	}{
		{"", "", false, true},
		{"", "a", false, false},
		{"*", "", false, true},
		{"*", "anything:at/all", false, true},
		{"?", "", false, false},
		{"?", "a", false, true},
		{"?", "ü", false, true}, // one character, two bytes
		{"??", "ü", false, false},
		{"a*b", "ab", false, true},
		{"a*b", "axxb", false, true},
		{"a*b", "axxbc", false, false},
		{"a*b*c", "abxbxc", false, true},
		{"a*b*c", "abxbx", false, false},
		{"*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, false},
		{"arn:aws:athena:*:*:workgroup/*", wgPrimary, false, true},
		{"arn:aws:athena:*:*:workgroup/*", trailARN, false, false},
		{"Athena:Get*", "athena:GetQueryExecution", true, true},
		{"Athena:Get*", "athena:GetQueryExecution", false, false},
		{"athena:get?ueryexecution", "ATHENA:GETQUERYEXECUTION", true, true},
		{"workgroup/Ü*", "workgroup/ünicode", true, true},
		{"workgroup/Ü*", "workgroup/ünicode", false, false},
		{"**", "x", false, true},
		{"*?", "", false, false},
		{"*?", "x", false, true},
	} {
		if got := wildcardMatch(tc.pattern, tc.s, tc.fold); got != tc.want {
			t.Errorf("wildcardMatch(%q, %q, fold=%v) = %v, want %v", tc.pattern, tc.s, tc.fold, got, tc.want)
		}
	}
}

func TestParsePolicy(t *testing.T) {
	got := mustParse(t, `{
		"Version": "2012-10-17",
		"Id": "trawl-analysts",
		"Statement": [
			{"Sid": "Read", "Effect": "Allow", "Action": ["athena:Get*", "athena:List*"], "Resource": "*"},
			{"Effect": "Deny", "NotAction": "athena:Get*", "NotResource": ["arn:aws:athena:*:*:workgroup/primary", "arn:aws:athena:*:*:workgroup/team-?"]}
		]
	}`)
	want := &Policy{
		Version: "2012-10-17",
		ID:      "trawl-analysts",
		Statements: []Statement{
			{Sid: "Read", Effect: EffectAllow, Actions: []string{"athena:Get*", "athena:List*"}, Resources: []string{"*"}},
			{Effect: EffectDeny, Actions: []string{"athena:Get*"}, NotAction: true,
				Resources: []string{"arn:aws:athena:*:*:workgroup/primary", "arn:aws:athena:*:*:workgroup/team-?"}, NotResource: true},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ParsePolicy =\n%+v\nwant\n%+v", got, want)
	}

	single := mustParse(t, `{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`)
	if single.Version != "" || len(single.Statements) != 1 || single.Statements[0].Effect != EffectAllow {
		t.Fatalf("single statement: %+v", single)
	}

	// Without Version (2008-10-17 rules) "${" is literal text.
	literal := mustParse(t, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"athena:*","Resource":"arn:aws:athena:*:*:workgroup/${x}"}}`)
	if Evaluate([]*Policy{literal}, "athena:GetWorkGroup", "arn:aws:athena:us-east-1:1:workgroup/${x}") != Allow {
		t.Fatal("literal ${x} did not match")
	}
}

func TestParsePolicyMalformed(t *testing.T) {
	const valid = `"Effect":"Allow","Action":"athena:*","Resource":"*"`
	for _, tc := range []struct {
		name, doc, msg string
	}{
		{"empty", ``, `the policy document is empty`},
		{"blank", " \n\t", `the policy document is empty`},
		{"not an object", `["Statement"]`, `the policy document must be a JSON object, found array`},
		{"syntax error", `{"Version": "2012-10-17",}`,
			`invalid JSON at byte offset 25: invalid character '}' looking for beginning of object key string`},
		{"syntax error in statement", `{"Statement":[{"Effect" "Allow"}]}`,
			`invalid JSON at byte offset 24: invalid character '"' after object key`},
		{"truncated", `{"Statement":[{"Effect":"Allow"`, `invalid JSON at byte offset 31: unexpected end of input`},
		{"trailing data", `{"Statement":{` + valid + `}} {}`,
			`invalid JSON at byte offset 68: unexpected data after the policy document`},
		{"duplicate top-level key", `{"Statement":{` + valid + `},"Statement":[]}`,
			`duplicate key "Statement" at byte offset 67`},
		{"duplicate statement key", `{"Statement":[{"Effect":"Deny",` + valid + `}]}`,
			`duplicate key "Effect" in Statement[0] at byte offset 31`},
		{"bad version", `{"Version":"2012-10-18","Statement":{` + valid + `}}`,
			`Version must be "2012-10-17" or "2008-10-17", found "2012-10-18"`},
		{"numeric version", `{"Version":2012,"Statement":{` + valid + `}}`, `Version must be a string, found number`},
		{"unknown top-level element", `{"Statement":{` + valid + `},"Comment":"x"}`, `Comment is not a valid policy element`},
		{"no statement", `{"Version":"2012-10-17"}`, `Statement is required`},
		{"empty statement list", `{"Statement":[]}`, `Statement must not be empty`},
		{"statement is a string", `{"Statement":"Allow"}`, `Statement must be an object or an array of objects, found string`},
		{"statement element not object", `{"Statement":[{` + valid + `},null]}`, `Statement[1] must be an object, found null`},
		{"lower-case effect", `{"Statement":[{` + valid + `},{"Effect":"allow","Action":"*","Resource":"*"}]}`,
			`Statement[1].Effect must be "Allow" or "Deny", found "allow"`},
		{"missing effect", `{"Statement":{"Action":"*","Resource":"*"}}`, `Statement.Effect is required`},
		{"effect not a string", `{"Statement":[{"Effect":true,"Action":"*","Resource":"*"}]}`, `Statement[0].Effect must be a string, found boolean`},
		{"both Action and NotAction", `{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}]}`,
			`Statement[0] must not contain both Action and NotAction`},
		{"no action", `{"Statement":[{"Effect":"Allow","Resource":"*"}]}`, `Statement[0] must contain Action or NotAction`},
		{"both Resource and NotResource", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}]}`,
			`Statement[0] must not contain both Resource and NotResource`},
		{"no resource", `{"Statement":[{"Effect":"Allow","Action":"*"}]}`, `Statement[0] must contain Resource or NotResource`},
		{"action without service", `{"Statement":[{"Effect":"Allow","Action":["athena:Get*","GetQueryExecution"],"Resource":"*"}]}`,
			`Statement[0].Action[1] must be "*" or "service:action", found "GetQueryExecution"`},
		{"empty action", `{"Statement":[{"Effect":"Allow","Action":"","Resource":"*"}]}`,
			`Statement[0].Action must be "*" or "service:action", found ""`},
		{"action with blank", `{"Statement":[{"Effect":"Allow","NotAction":"athena:Get Work","Resource":"*"}]}`,
			`Statement[0].NotAction must be "*" or "service:action", found "athena:Get Work"`},
		{"empty action list", `{"Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}`, `Statement[0].Action must not be empty`},
		{"action number", `{"Statement":[{"Effect":"Allow","Action":42,"Resource":"*"}]}`,
			`Statement[0].Action must be a string or an array of strings, found number`},
		{"action list with object", `{"Statement":[{"Effect":"Allow","Action":["athena:*",{}],"Resource":"*"}]}`,
			`Statement[0].Action[1] must be a string, found object`},
		{"resource not an ARN", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"workgroup/primary"}]}`,
			`Statement[0].Resource must be "*" or an ARN, found "workgroup/primary"`},
		{"not-resource not an ARN", `{"Statement":[{"Effect":"Deny","Action":"*","NotResource":["arn:aws:athena:*","x"]}]}`,
			`Statement[0].NotResource[1] must be "*" or an ARN, found "x"`},
		{"policy variable", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"arn:aws:athena:*:*:workgroup/${aws:username}"}]}`,
			`Statement[0].Resource uses a policy variable, which is not supported, found "arn:aws:athena:*:*:workgroup/${aws:username}"`},
		{"condition", `{"Statement":[{` + valid + `,"Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`,
			`Statement[0].Condition is not supported`},
		{"principal", `{"Statement":{"Principal":"*",` + valid + `}}`, `Statement.Principal is not allowed in an identity-based policy`},
		{"not principal", `{"Statement":[{"NotPrincipal":{"AWS":"x"},` + valid + `}]}`,
			`Statement[0].NotPrincipal is not allowed in an identity-based policy`},
		{"unknown statement element", `{"Statement":[{` + valid + `,"Actions":"s3:*"}]}`, `Statement[0].Actions is not a valid policy element`},
		{"element names are case-sensitive", `{"statement":{` + valid + `}}`, `statement is not a valid policy element`},
		{"sid with hyphen", `{"Statement":[{"Sid":"read-only",` + valid + `}]}`,
			`Statement[0].Sid must contain only ASCII letters and digits, found "read-only"`},
		{"duplicate sid", `{"Statement":[{"Sid":"S1",` + valid + `},{"Sid":"S1",` + valid + `}]}`,
			`Statement[1].Sid "S1" is not unique in the policy`},
		{"too deep", `{"Statement":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`,
			`invalid JSON at byte offset 45: nested too deeply`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePolicy([]byte(tc.doc))
			if p != nil {
				t.Errorf("policy = %+v, want nil", p)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *Error", err)
			}
			if e.Code != CodeMalformedPolicyDocument || e.Status != 400 || e.Message != tc.msg {
				t.Fatalf("error = %s %d %q\nwant   MalformedPolicyDocument 400 %q", e.Code, e.Status, e.Message, tc.msg)
			}
			if want := "MalformedPolicyDocument: " + tc.msg; err.Error() != want {
				t.Fatalf("Error() = %q, want %q", err.Error(), want)
			}
		})
	}
}

func TestDeniedMessage(t *testing.T) {
	const alice = "arn:aws:iam::123456789012:user/alice"
	if got, want := DeniedMessage(alice, "athena:StartQueryExecution", wgPrimary, false),
		"User: arn:aws:iam::123456789012:user/alice is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:123456789012:workgroup/primary because no identity-based policy allows the athena:StartQueryExecution action"; got != want {
		t.Errorf("implicit:\n%s\nwant\n%s", got, want)
	}
	if got, want := DeniedMessage(alice, "athena:DeleteWorkGroup", wgAdmin, true),
		"User: arn:aws:iam::123456789012:user/alice is not authorized to perform: athena:DeleteWorkGroup on resource: arn:aws:athena:us-east-1:123456789012:workgroup/admin-team with an explicit deny in an identity-based policy"; got != want {
		t.Errorf("explicit:\n%s\nwant\n%s", got, want)
	}
}

func TestDecisionString(t *testing.T) {
	for d, want := range map[Decision]string{ImplicitDeny: "ImplicitDeny", Allow: "Allow", ExplicitDeny: "ExplicitDeny", 7: "Decision(7)"} {
		if got := d.String(); got != want {
			t.Errorf("%d: %q, want %q", int(d), got, want)
		}
	}
}

const (
	acct     = "123456789012"
	aliceARN = "arn:aws:iam::123456789012:user/alice"
	bobARN   = "arn:aws:iam::123456789012:user/bob"
	rootARN  = "arn:aws:iam::123456789012:root"
	roleARN  = "arn:aws:iam::123456789012:role/reader"
	sessARN  = "arn:aws:sts::123456789012:assumed-role/reader/s1"
)

func TestParseTrustPolicy(t *testing.T) {
	p, err := ParseTrustPolicy([]byte(`{"Version":"2012-10-17","Statement":[
		{"Sid":"Users","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:user/alice","123456789012"]},"Action":"sts:AssumeRole"},
		{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]},
		{"Effect":"Deny","Principal":"*","NotAction":"sts:*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Statement{
		{Sid: "Users", Effect: EffectAllow, Actions: []string{"sts:AssumeRole"},
			Principals: map[string][]string{"AWS": {"arn:aws:iam::123456789012:user/alice", "123456789012"}}},
		{Effect: EffectAllow, Actions: []string{"sts:AssumeRole", "sts:TagSession"},
			Principals: map[string][]string{"Service": {"lambda.amazonaws.com"}}},
		{Effect: EffectDeny, Actions: []string{"sts:*"}, NotAction: true, Principals: map[string][]string{"AWS": {"*"}}},
	}
	if !reflect.DeepEqual(p.Statements, want) {
		t.Errorf("statements\n%+v\nwant\n%+v", p.Statements, want)
	}
	// "*" as the action is allowed too.
	if _, err := ParseTrustPolicy([]byte(`{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*"}}`)); err != nil {
		t.Errorf("Action \"*\": %v", err)
	}
}

func TestParseTrustPolicyErrors(t *testing.T) {
	const ok = `"Effect":"Allow","Action":"sts:AssumeRole"`
	for _, tc := range []struct{ name, doc, msg string }{
		{"no principal", `{"Statement":[{` + ok + `}]}`, `Statement[0].Principal is required in a trust policy`},
		{"resource", `{"Statement":[{` + ok + `,"Principal":"*","Resource":"*"}]}`, `Statement[0].Resource is not allowed in a trust policy`},
		{"not resource", `{"Statement":{` + ok + `,"Principal":"*","NotResource":"*"}}`, `Statement.NotResource is not allowed in a trust policy`},
		{"not principal", `{"Statement":[{` + ok + `,"NotPrincipal":{"AWS":"123456789012"}}]}`, `Statement[0].NotPrincipal is not supported in a trust policy`},
		{"condition", `{"Statement":[{` + ok + `,"Principal":"*","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}`, `Statement[0].Condition is not supported`},
		{"principal string", `{"Statement":[{` + ok + `,"Principal":"arn:aws:iam::123456789012:root"}]}`,
			`Statement[0].Principal must be "*" or an object, found "arn:aws:iam::123456789012:root"`},
		{"principal array", `{"Statement":[{` + ok + `,"Principal":["*"]}]}`, `Statement[0].Principal must be "*" or an object, found array`},
		{"empty principal", `{"Statement":[{` + ok + `,"Principal":{}}]}`, `Statement[0].Principal must not be empty`},
		{"unknown principal type", `{"Statement":[{` + ok + `,"Principal":{"User":"alice"}}]}`,
			`Statement[0].Principal.User is not a valid principal type (AWS, Service, Federated or CanonicalUser)`},
		{"bad AWS principal", `{"Statement":[{` + ok + `,"Principal":{"AWS":["123456789012","alice"]}}]}`,
			`Statement[0].Principal.AWS[1] must be "*", a 12-digit account ID or an ARN, found "alice"`},
		{"wildcard ARN", `{"Statement":[{` + ok + `,"Principal":{"AWS":"arn:aws:iam::123456789012:user/*"}}]}`,
			`Statement[0].Principal.AWS must not contain wildcards, found "arn:aws:iam::123456789012:user/*"`},
		{"empty service", `{"Statement":[{` + ok + `,"Principal":{"Service":""}}]}`, `Statement[0].Principal.Service must not be empty, found ""`},
		{"non-sts action", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":["sts:AssumeRole","s3:GetObject"]}]}`,
			`Statement[0].Action[1] must be "*" or an sts action, as a trust policy may only allow or deny assuming the role, found "s3:GetObject"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParseTrustPolicy([]byte(tc.doc))
			var e *Error
			if p != nil || !errors.As(err, &e) {
				t.Fatalf("ParseTrustPolicy = %+v, %v; want a MalformedPolicyDocument error", p, err)
			}
			if e.Code != CodeMalformedPolicyDocument || e.Status != 400 || e.Message != tc.msg {
				t.Fatalf("error = %s %d %q\nwant   MalformedPolicyDocument 400 %q", e.Code, e.Status, e.Message, tc.msg)
			}
		})
	}
	// A trust policy is not an identity-based policy, nor the reverse.
	if _, err := ParsePolicy([]byte(`{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}`)); err == nil {
		t.Error("ParsePolicy accepted a trust policy")
	}
	if _, err := ParseTrustPolicy([]byte(testPolicies["allowAll"])); err == nil {
		t.Error("ParseTrustPolicy accepted an identity-based policy")
	}
}

func TestEvaluateTrust(t *testing.T) {
	parse := func(doc string) *Policy {
		t.Helper()
		p, err := ParseTrustPolicy([]byte(doc))
		if err != nil {
			t.Fatalf("ParseTrustPolicy(%s): %v", doc, err)
		}
		return p
	}
	trustAlice := parse(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + aliceARN + `"},"Action":"sts:AssumeRole"}]}`)
	trustAccount := parse(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + rootARN + `"},"Action":"sts:AssumeRole"}]}`)
	trustAccountID := parse(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + acct + `"},"Action":"sts:*"}]}`)
	trustAnyone := parse(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`)
	trustRole := parse(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"sts:AssumeRole"}]}`)
	trustService := parse(`{"Statement":[{"Effect":"Allow","Principal":{"Service":"` + aliceARN + `"},"Action":"sts:AssumeRole"}]}`)
	denyBob := parse(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + rootARN + `"},"Action":"sts:AssumeRole"},
		{"Effect":"Deny","Principal":{"AWS":"` + bobARN + `"},"Action":"sts:AssumeRole"}]}`)
	tagOnly := parse(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + aliceARN + `"},"Action":"sts:TagSession"}]}`)
	for _, tc := range []struct {
		name   string
		policy *Policy
		names  []string
		want   Decision
	}{
		{"named user", trustAlice, []string{aliceARN}, Allow},
		{"another user", trustAlice, []string{bobARN}, ImplicitDeny},
		{"account names do not match a user statement", trustAlice, []string{rootARN, acct}, ImplicitDeny},
		{"account root ARN", trustAccount, []string{rootARN, acct}, Allow},
		{"account root ARN, user names only", trustAccount, []string{aliceARN}, ImplicitDeny},
		{"account ID", trustAccountID, []string{rootARN, acct}, Allow},
		{"anyone", trustAnyone, []string{bobARN}, Allow},
		{"anyone, even without names", trustAnyone, nil, Allow},
		{"role's sessions by the role ARN", trustRole, []string{sessARN, roleARN}, Allow},
		{"service principals are not AWS principals", trustService, []string{aliceARN}, ImplicitDeny},
		{"explicit deny wins", denyBob, []string{bobARN, rootARN, acct}, ExplicitDeny},
		{"deny does not touch others", denyBob, []string{aliceARN, rootARN, acct}, Allow},
		{"other action", tagOnly, []string{aliceARN}, ImplicitDeny},
		{"ARNs are case-sensitive", trustAlice, []string{strings.ToUpper(aliceARN)}, ImplicitDeny},
		{"nil policy", nil, []string{aliceARN}, ImplicitDeny},
	} {
		if got := EvaluateTrust(tc.policy, "sts:AssumeRole", tc.names...); got != tc.want {
			t.Errorf("%s: EvaluateTrust = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := EvaluateTrust(tagOnly, "STS:tagsession", aliceARN); got != Allow {
		t.Errorf("action matching ignores case: %v", got)
	}
}
