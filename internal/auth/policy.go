package auth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Policy language versions accepted in a policy's Version element.
const (
	PolicyVersion2012 = "2012-10-17"
	PolicyVersion2008 = "2008-10-17"
)

// Effect is a statement's Effect: Allow or Deny.
type Effect string

// The two statement effects.
const (
	EffectAllow Effect = "Allow"
	EffectDeny  Effect = "Deny"
)

// Policy is a parsed IAM identity-based policy document. Build one with
// [ParsePolicy]; a Policy is immutable and safe for concurrent use.
type Policy struct {
	// Version is the document's Version element, "" if it has none (IAM
	// then applies the 2008-10-17 rules).
	Version string
	// ID is the optional Id element.
	ID string
	// Statements are the statements in document order; a document whose
	// Statement is a single object has one.
	Statements []Statement
}

// Statement is one statement of a policy.
type Statement struct {
	Sid    string
	Effect Effect
	// Actions are the Action patterns, or the NotAction patterns when
	// NotAction is set. Matching is case-insensitive, with * and ?.
	Actions   []string
	NotAction bool
	// Resources are the Resource patterns, or the NotResource patterns
	// when NotResource is set. Matching is case-sensitive, with * and ?.
	// A trust policy's statements have none.
	Resources   []string
	NotResource bool
	// Principals is the Principal element of a trust policy's statement
	// (nil in an identity-based policy): principal type ("AWS", "Service",
	// "Federated" or "CanonicalUser") to its values. "Principal": "*" is
	// {"AWS": ["*"]}, as in IAM.
	Principals map[string][]string
}

// Decision is the outcome of evaluating policies for a request.
type Decision int

// The three outcomes of policy evaluation.
const (
	// ImplicitDeny: no statement allows the request (nor denies it).
	ImplicitDeny Decision = iota
	// Allow: some statement allows the request and none denies it.
	Allow
	// ExplicitDeny: some statement denies the request.
	ExplicitDeny
)

// String returns the decision's name.
func (d Decision) String() string {
	switch d {
	case ImplicitDeny:
		return "ImplicitDeny"
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "Decision(" + strconv.Itoa(int(d)) + ")"
}

// Evaluate: explicit Deny in any statement of any policy wins, else Allow if some statement allows, else ImplicitDeny.
//
// A statement applies to the request when its action condition (Action
// matches action, or NotAction does not) and its resource condition
// (Resource matches resource, or NotResource does not) both hold. action is
// "service:Operation" ("athena:StartQueryExecution"); resource is an ARN.
// Nil policies are skipped.
func Evaluate(policies []*Policy, action, resource string) Decision {
	allowed := false
	for _, p := range policies {
		if p == nil {
			continue
		}
		for i := range p.Statements {
			s := &p.Statements[i]
			if !s.applies(action, resource) {
				continue
			}
			switch s.Effect {
			case EffectDeny:
				return ExplicitDeny
			case EffectAllow:
				allowed = true
			}
		}
	}
	if allowed {
		return Allow
	}
	return ImplicitDeny
}

// EvaluateTrust applies a role's trust policy (see [ParseTrustPolicy]) to a
// request for action ("sts:AssumeRole") by an AWS principal known by names:
// its ARNs, such as the user's or the assumed-role session's and its
// role's, or its account as "arn:aws:iam::<account>:root" and
// "<account>". A statement applies when its action condition holds and one
// of its AWS principals is "*" or equal to one of names (exactly: ARNs are
// case-sensitive). As in Evaluate, an explicit Deny wins over any Allow,
// and a request no statement allows is implicitly denied. A nil policy
// denies implicitly.
func EvaluateTrust(trust *Policy, action string, names ...string) Decision {
	if trust == nil {
		return ImplicitDeny
	}
	allowed := false
	for i := range trust.Statements {
		s := &trust.Statements[i]
		if matchAny(s.Actions, action, true) == s.NotAction || !principalMatches(s.Principals["AWS"], names) {
			continue
		}
		switch s.Effect {
		case EffectDeny:
			return ExplicitDeny
		case EffectAllow:
			allowed = true
		}
	}
	if allowed {
		return Allow
	}
	return ImplicitDeny
}

func principalMatches(values, names []string) bool {
	for _, v := range values {
		if v == "*" || slices.Contains(names, v) {
			return true
		}
	}
	return false
}

// applies reports whether the statement covers action on resource.
func (s *Statement) applies(action, resource string) bool {
	if matchAny(s.Actions, action, true) == s.NotAction {
		return false
	}
	return matchAny(s.Resources, resource, false) != s.NotResource
}

// DeniedMessage is the AccessDeniedException message AWS uses, e.g.
// "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:123456789012:workgroup/primary because no identity-based policy allows the athena:StartQueryExecution action"
// and with explicit: "... with an explicit deny in an identity-based policy".
func DeniedMessage(principalARN, action, resource string, explicit bool) string {
	msg := "User: " + principalARN + " is not authorized to perform: " + action + " on resource: " + resource
	if explicit {
		return msg + " with an explicit deny in an identity-based policy"
	}
	return msg + " because no identity-based policy allows the " + action + " action"
}

func matchAny(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if wildcardMatch(p, s, fold) {
			return true
		}
	}
	return false
}

// wildcardMatch reports whether s matches pattern, where * matches any run
// of characters (including none, and including ':' and '/') and ? matches
// exactly one character. It runs in O(len(pattern)·len(s)) at worst.
func wildcardMatch(pattern, s string, fold bool) bool {
	p, i := 0, 0
	starP, starI := -1, 0 // position after the last '*', and where it resumed in s
	for i < len(s) {
		if p < len(pattern) {
			switch pc, pw := utf8.DecodeRuneInString(pattern[p:]); pc {
			case '*':
				p += pw
				starP, starI = p, i
				continue
			case '?':
				_, sw := utf8.DecodeRuneInString(s[i:])
				p, i = p+pw, i+sw
				continue
			default:
				sc, sw := utf8.DecodeRuneInString(s[i:])
				if pc == sc || fold && foldEqual(pc, sc) {
					p, i = p+pw, i+sw
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		// Let the last '*' swallow one more character and retry.
		_, sw := utf8.DecodeRuneInString(s[starI:])
		starI += sw
		p, i = starP, starI
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func foldEqual(a, b rune) bool {
	return unicode.ToLower(a) == unicode.ToLower(b)
}

// ParsePolicy parses an IAM identity-based policy document:
//
//	{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow",
//	  "Action": ["athena:Get*", "athena:List*"], "Resource": "*"}]}
//
// Version ("2012-10-17" or "2008-10-17") and Id are optional; Statement is a
// statement object or a non-empty array of them. A statement has an optional
// Sid (ASCII letters and digits, unique in the document), an Effect ("Allow"
// or "Deny"), exactly one of Action and NotAction and exactly one of Resource
// and NotResource, each a string or a non-empty array of strings. Actions are
// "*" or "service:pattern"; resources are "*" or ARN patterns.
//
// Anything else is refused rather than ignored, since ignoring part of a
// statement could widen what it allows or narrow what it denies: Condition
// (not supported), Principal and NotPrincipal (not valid in an
// identity-based policy), unknown elements, duplicate keys and, in a
// 2012-10-17 document, policy variables such as ${aws:username}.
//
// Errors are *Error values with code MalformedPolicyDocument and status 400
// whose message names the offending element, e.g.
// `Statement[1].Effect must be "Allow" or "Deny", found "allow"`, or give
// the byte offset (0-based) of a JSON syntax error or duplicate key.
func ParsePolicy(doc []byte) (*Policy, error) {
	return parsePolicy(doc, false)
}

// ParseTrustPolicy parses a role's trust policy (its
// AssumeRolePolicyDocument), the resource-based policy that says who may
// assume the role:
//
//	{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
//	  "Principal": {"AWS": "arn:aws:iam::123456789012:user/alice"},
//	  "Action": "sts:AssumeRole"}]}
//
// The document has the shape [ParsePolicy] accepts, except that every
// statement has a Principal instead of a Resource: "*", or an object
// mapping "AWS", "Service", "Federated" or "CanonicalUser" to a string or a
// non-empty array of strings. An AWS principal is "*", a 12-digit account
// ID or an ARN; the others are non-empty strings. Actions must be "*" or
// sts actions ("sts:AssumeRole", "sts:*", ...), as IAM requires of a trust
// policy. Resource, NotResource and NotPrincipal are refused, and so is
// Condition (not supported), rather than ignored.
//
// Errors are *Error values with code MalformedPolicyDocument, as for
// ParsePolicy, e.g. `Statement[0].Principal is required in a trust policy`.
func ParseTrustPolicy(doc []byte) (*Policy, error) {
	return parsePolicy(doc, true)
}

// parsePolicy parses an identity-based policy, or a trust policy when
// trust is set.
func parsePolicy(doc []byte, trust bool) (*Policy, error) {
	root, err := parseJSON(doc)
	if err != nil {
		return nil, err
	}
	if root.kind != kindObject {
		return nil, malformed("the policy document must be a JSON object, found %s", root.kind)
	}
	pol := &Policy{}
	var stmts *jsonNode
	for i, key := range root.keys {
		val := root.vals[i]
		switch key {
		case "Version":
			if val.kind != kindString {
				return nil, malformed("Version must be a string, found %s", val.kind)
			}
			if val.str != PolicyVersion2012 && val.str != PolicyVersion2008 {
				return nil, malformed("Version must be %q or %q, found %q", PolicyVersion2012, PolicyVersion2008, val.str)
			}
			pol.Version = val.str
		case "Id":
			if val.kind != kindString {
				return nil, malformed("Id must be a string, found %s", val.kind)
			}
			pol.ID = val.str
		case "Statement":
			stmts = val
		default:
			return nil, malformed("%s is not a valid policy element", key)
		}
	}

	var items []*jsonNode
	var single bool
	switch {
	case stmts == nil:
		return nil, malformed("Statement is required")
	case stmts.kind == kindObject:
		items, single = []*jsonNode{stmts}, true
	case stmts.kind == kindArray:
		if len(stmts.elems) == 0 {
			return nil, malformed("Statement must not be empty")
		}
		items = stmts.elems
	default:
		return nil, malformed("Statement must be an object or an array of objects, found %s", stmts.kind)
	}

	sids := make(map[string]bool)
	pol.Statements = make([]Statement, 0, len(items))
	for i, item := range items {
		path := "Statement"
		if !single {
			path = "Statement[" + strconv.Itoa(i) + "]"
		}
		s, err := parseStatement(item, path, pol.Version == PolicyVersion2012, trust)
		if err != nil {
			return nil, err
		}
		if s.Sid != "" {
			if sids[s.Sid] {
				return nil, malformed("%s.Sid %q is not unique in the policy", path, s.Sid)
			}
			sids[s.Sid] = true
		}
		pol.Statements = append(pol.Statements, s)
	}
	return pol, nil
}

// parseStatement validates one statement object of an identity-based
// policy, or of a trust policy when trust is set.
func parseStatement(n *jsonNode, path string, variables, trust bool) (Statement, error) {
	var s Statement
	if n.kind != kindObject {
		return s, malformed("%s must be an object, found %s", path, n.kind)
	}
	var action, notAction, resource, notResource, effect, principal *jsonNode
	for i, key := range n.keys {
		val := n.vals[i]
		switch key {
		case "Sid":
			if val.kind != kindString {
				return s, malformed("%s.Sid must be a string, found %s", path, val.kind)
			}
			if !isAlphanumeric(val.str) {
				return s, malformed("%s.Sid must contain only ASCII letters and digits, found %q", path, val.str)
			}
			s.Sid = val.str
		case "Effect":
			effect = val
		case "Action":
			action = val
		case "NotAction":
			notAction = val
		case "Resource":
			resource = val
		case "NotResource":
			notResource = val
		case "Condition":
			return s, malformed("%s.Condition is not supported", path)
		case "Principal":
			if !trust {
				return s, malformed("%s.%s is not allowed in an identity-based policy", path, key)
			}
			principal = val
		case "NotPrincipal":
			if trust {
				return s, malformed("%s.%s is not supported in a trust policy", path, key)
			}
			return s, malformed("%s.%s is not allowed in an identity-based policy", path, key)
		default:
			return s, malformed("%s.%s is not a valid policy element", path, key)
		}
	}

	switch {
	case effect == nil:
		return s, malformed("%s.Effect is required", path)
	case effect.kind != kindString:
		return s, malformed("%s.Effect must be a string, found %s", path, effect.kind)
	case effect.str != string(EffectAllow) && effect.str != string(EffectDeny):
		return s, malformed("%s.Effect must be \"Allow\" or \"Deny\", found %q", path, effect.str)
	}
	s.Effect = Effect(effect.str)

	checkAction := validAction
	if trust {
		checkAction = validTrustAction
	}
	var err error
	switch {
	case action != nil && notAction != nil:
		return s, malformed("%s must not contain both Action and NotAction", path)
	case action == nil && notAction == nil:
		return s, malformed("%s must contain Action or NotAction", path)
	case action != nil:
		s.Actions, err = stringList(action, path+".Action", checkAction)
	default:
		s.Actions, err = stringList(notAction, path+".NotAction", checkAction)
		s.NotAction = true
	}
	if err != nil {
		return s, err
	}

	if trust {
		switch {
		case resource != nil:
			return s, malformed("%s.Resource is not allowed in a trust policy", path)
		case notResource != nil:
			return s, malformed("%s.NotResource is not allowed in a trust policy", path)
		case principal == nil:
			return s, malformed("%s.Principal is required in a trust policy", path)
		}
		s.Principals, err = parsePrincipal(principal, path+".Principal")
		return s, err
	}

	validResource := func(r string) string { return checkResource(r, variables) }
	switch {
	case resource != nil && notResource != nil:
		return s, malformed("%s must not contain both Resource and NotResource", path)
	case resource == nil && notResource == nil:
		return s, malformed("%s must contain Resource or NotResource", path)
	case resource != nil:
		s.Resources, err = stringList(resource, path+".Resource", validResource)
	default:
		s.Resources, err = stringList(notResource, path+".NotResource", validResource)
		s.NotResource = true
	}
	return s, err
}

// stringList reads a string or a non-empty array of strings, checking each
// with check (which returns "" or what is wrong).
func stringList(n *jsonNode, path string, check func(string) string) ([]string, error) {
	switch n.kind {
	case kindString:
		if problem := check(n.str); problem != "" {
			return nil, malformed("%s %s, found %q", path, problem, n.str)
		}
		return []string{n.str}, nil
	case kindArray:
		if len(n.elems) == 0 {
			return nil, malformed("%s must not be empty", path)
		}
		out := make([]string, len(n.elems))
		for i, e := range n.elems {
			elemPath := path + "[" + strconv.Itoa(i) + "]"
			if e.kind != kindString {
				return nil, malformed("%s must be a string, found %s", elemPath, e.kind)
			}
			if problem := check(e.str); problem != "" {
				return nil, malformed("%s %s, found %q", elemPath, problem, e.str)
			}
			out[i] = e.str
		}
		return out, nil
	}
	return nil, malformed("%s must be a string or an array of strings, found %s", path, n.kind)
}

// principalTypes are the keys of a Principal object.
var principalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}

// parsePrincipal reads a trust policy statement's Principal: "*" or an
// object of principal types to values.
func parsePrincipal(n *jsonNode, path string) (map[string][]string, error) {
	switch n.kind {
	case kindString:
		if n.str != "*" {
			return nil, malformed("%s must be \"*\" or an object, found %q", path, n.str)
		}
		return map[string][]string{"AWS": {"*"}}, nil
	case kindObject:
	default:
		return nil, malformed("%s must be \"*\" or an object, found %s", path, n.kind)
	}
	if len(n.keys) == 0 {
		return nil, malformed("%s must not be empty", path)
	}
	out := make(map[string][]string, len(n.keys))
	for i, key := range n.keys {
		if !slices.Contains(principalTypes, key) {
			return nil, malformed("%s.%s is not a valid principal type (AWS, Service, Federated or CanonicalUser)", path, key)
		}
		check := func(v string) string {
			if v == "" {
				return "must not be empty"
			}
			return ""
		}
		if key == "AWS" {
			check = validAWSPrincipal
		}
		vals, err := stringList(n.vals[i], path+"."+key, check)
		if err != nil {
			return nil, err
		}
		out[key] = vals
	}
	return out, nil
}

// validAWSPrincipal checks an AWS principal: "*", an account ID or an ARN.
func validAWSPrincipal(v string) string {
	const problem = `must be "*", a 12-digit account ID or an ARN`
	switch {
	case v == "*":
		return ""
	case strings.HasPrefix(v, "arn:"):
		if strings.ContainsAny(v, "*?") {
			return "must not contain wildcards"
		}
		return ""
	case len(v) == 12 && strings.Trim(v, "0123456789") == "":
		return ""
	}
	return problem
}

// validTrustAction checks an action of a trust policy: "*" or an sts
// action pattern.
func validTrustAction(a string) string {
	if problem := validAction(a); problem != "" {
		return problem
	}
	if service, _, _ := strings.Cut(a, ":"); a != "*" && !strings.EqualFold(service, "sts") {
		return `must be "*" or an sts action, as a trust policy may only allow or deny assuming the role`
	}
	return ""
}

// validAction checks "*" or "service:pattern": a service prefix of letters,
// digits and hyphens, and an action pattern of letters, digits, '_', '-',
// '*' and '?'.
func validAction(a string) string {
	const problem = `must be "*" or "service:action"`
	if a == "*" {
		return ""
	}
	service, name, ok := strings.Cut(a, ":")
	if !ok || service == "" || name == "" {
		return problem
	}
	for _, c := range service {
		if !isASCIIAlnum(c) && c != '-' {
			return problem
		}
	}
	for _, c := range name {
		if !isASCIIAlnum(c) && !strings.ContainsRune("_-*?", c) {
			return problem
		}
	}
	return ""
}

// checkResource checks "*" or an ARN pattern ("arn:..."). In a 2012-10-17
// policy "${" starts a policy variable, which is not supported.
func checkResource(r string, variables bool) string {
	if r != "*" && !strings.HasPrefix(r, "arn:") {
		return `must be "*" or an ARN`
	}
	if variables && strings.Contains(r, "${") {
		return "uses a policy variable, which is not supported"
	}
	return ""
}

func isAlphanumeric(s string) bool {
	for _, c := range s {
		if !isASCIIAlnum(c) {
			return false
		}
	}
	return true
}

func isASCIIAlnum(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func malformed(format string, args ...any) *Error {
	return newError(CodeMalformedPolicyDocument, fmt.Sprintf(format, args...))
}

// jsonKind is the type of a JSON value, named as in error messages.
type jsonKind string

const (
	kindObject jsonKind = "object"
	kindArray  jsonKind = "array"
	kindString jsonKind = "string"
	kindNumber jsonKind = "number"
	kindBool   jsonKind = "boolean"
	kindNull   jsonKind = "null"
)

// jsonNode is a parsed JSON value that keeps object keys in order.
type jsonNode struct {
	kind  jsonKind
	str   string      // kindString
	keys  []string    // kindObject
	vals  []*jsonNode // kindObject, parallel to keys
	elems []*jsonNode // kindArray
}

// maxPolicyDepth bounds the nesting of a policy document; a valid one
// nests three levels deep at most.
const maxPolicyDepth = 32

// parseJSON parses doc into a tree, refusing syntax errors, duplicate keys
// and trailing data with messages that give the byte offset.
func parseJSON(doc []byte) (*jsonNode, error) {
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil, malformed("the policy document is empty")
	}
	p := &jsonParser{doc: doc, dec: json.NewDecoder(bytes.NewReader(doc))}
	p.dec.UseNumber()
	root, err := p.value("", 0)
	if err != nil {
		return nil, err
	}
	off := p.dec.InputOffset()
	if _, err := p.dec.Token(); err != io.EOF {
		if err != nil {
			return nil, p.syntaxError(err)
		}
		return nil, malformed("invalid JSON at byte offset %d: unexpected data after the policy document", p.skipSpace(off))
	}
	return root, nil
}

type jsonParser struct {
	doc []byte
	dec *json.Decoder
}

// value reads the next value; path names it in error messages.
func (p *jsonParser) value(path string, depth int) (*jsonNode, error) {
	if depth > maxPolicyDepth {
		return nil, malformed("invalid JSON at byte offset %d: nested too deeply", p.dec.InputOffset())
	}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntaxError(err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			n := &jsonNode{kind: kindArray}
			for p.dec.More() {
				e, err := p.value(path+"["+strconv.Itoa(len(n.elems))+"]", depth+1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, e)
			}
			return n, p.closing()
		}
		n := &jsonNode{kind: kindObject}
		for p.dec.More() {
			off := p.skipSpace(p.dec.InputOffset())
			tok, err := p.dec.Token()
			if err != nil {
				return nil, p.syntaxError(err)
			}
			key := tok.(string) // the decoder only returns string keys
			if slices.Contains(n.keys, key) {
				where := ""
				if path != "" {
					where = " in " + path
				}
				return nil, malformed("duplicate key %q%s at byte offset %d", key, where, off)
			}
			childPath := key
			if path != "" {
				childPath = path + "." + key
			}
			v, err := p.value(childPath, depth+1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, key)
			n.vals = append(n.vals, v)
		}
		return n, p.closing()
	case string:
		return &jsonNode{kind: kindString, str: t}, nil
	case json.Number:
		return &jsonNode{kind: kindNumber, str: t.String()}, nil
	case bool:
		return &jsonNode{kind: kindBool}, nil
	case nil:
		return &jsonNode{kind: kindNull}, nil
	}
	return nil, malformed("invalid JSON at byte offset %d", p.dec.InputOffset())
}

// closing consumes the ']' or '}' ending the current array or object.
func (p *jsonParser) closing() error {
	if _, err := p.dec.Token(); err != nil {
		return p.syntaxError(err)
	}
	return nil
}

// syntaxError turns a decoder error into a MalformedPolicyDocument error
// with the byte offset where the document went wrong.
func (p *jsonParser) syntaxError(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return malformed("invalid JSON at byte offset %d: %s", se.Offset, se.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("invalid JSON at byte offset %d: unexpected end of input", len(p.doc))
	}
	return malformed("invalid JSON at byte offset %d: %v", p.dec.InputOffset(), err)
}

// skipSpace returns the offset of the first byte at or after off that is
// not JSON white space or a separator.
func (p *jsonParser) skipSpace(off int64) int64 {
	for off < int64(len(p.doc)) && strings.IndexByte(" \t\r\n,:", p.doc[off]) >= 0 {
		off++
	}
	return off
}
