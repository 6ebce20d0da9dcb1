package audit

import (
	"bytes"
	"encoding/json"
	"time"
)

// EventVersion is the CloudTrail record format version trawl writes.
const EventVersion = "1.11"

// Event is one CloudTrail record. Its JSON has CloudTrail's field names
// and order; errorCode, errorMessage, resources, tlsDetails and the
// identity's optional members are left out when empty, while
// requestParameters and responseElements are always present (null when
// there are none), as in CloudTrail's own records.
type Event struct {
	EventVersion       string          `json:"eventVersion"`
	UserIdentity       UserIdentity    `json:"userIdentity"`
	EventTime          time.Time       `json:"-"`
	EventSource        string          `json:"eventSource"`
	EventName          string          `json:"eventName"`
	AWSRegion          string          `json:"awsRegion"`
	SourceIPAddress    string          `json:"sourceIPAddress"`
	UserAgent          string          `json:"userAgent"`
	ErrorCode          string          `json:"errorCode,omitempty"`
	ErrorMessage       string          `json:"errorMessage,omitempty"`
	RequestParameters  json.RawMessage `json:"requestParameters"`
	ResponseElements   json.RawMessage `json:"responseElements"`
	RequestID          string          `json:"requestID"`
	EventID            string          `json:"eventID"`
	ReadOnly           bool            `json:"readOnly"`
	Resources          []Resource      `json:"resources,omitempty"`
	EventType          string          `json:"eventType"`
	ManagementEvent    bool            `json:"managementEvent"`
	RecipientAccountID string          `json:"recipientAccountId"`
	EventCategory      string          `json:"eventCategory"`
	TLSDetails         *TLSDetails     `json:"tlsDetails,omitempty"`
}

// UserIdentity is the record's userIdentity element.
type UserIdentity struct {
	Type           string          `json:"type"`
	PrincipalID    string          `json:"principalId,omitempty"`
	ARN            string          `json:"arn,omitempty"`
	AccountID      string          `json:"accountId,omitempty"`
	AccessKeyID    string          `json:"accessKeyId,omitempty"`
	UserName       string          `json:"userName,omitempty"`
	SessionContext *SessionContext `json:"sessionContext,omitempty"`
	InvokedBy      string          `json:"invokedBy,omitempty"`
}

// SessionContext describes temporary credentials.
type SessionContext struct {
	SessionIssuer       *SessionIssuer `json:"sessionIssuer,omitempty"`
	WebIDFederationData *struct{}      `json:"webIdFederationData,omitempty"`
	Attributes          SessionAttribs `json:"attributes"`
}

// SessionIssuer is the role (or user) the credentials were issued for.
type SessionIssuer struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	UserName    string `json:"userName"`
}

// SessionAttribs are the session's attributes.
type SessionAttribs struct {
	CreationDate     string `json:"creationDate"`
	MFAAuthenticated string `json:"mfaAuthenticated"`
}

// Resource is one element of the record's resources.
type Resource struct {
	ARN       string `json:"ARN"`
	AccountID string `json:"accountId"`
	Type      string `json:"type"`
}

// TLSDetails describes the TLS connection of the call.
type TLSDetails struct {
	TLSVersion               string `json:"tlsVersion"`
	CipherSuite              string `json:"cipherSuite"`
	ClientProvidedHostHeader string `json:"clientProvidedHostHeader"`
}

// TimeFormat is CloudTrail's eventTime format.
const TimeFormat = "2006-01-02T15:04:05Z"

// MarshalJSON writes the record with eventTime in its place (third).
func (e *Event) MarshalJSON() ([]byte, error) {
	type plain Event
	b, err := json.Marshal((*plain)(e))
	if err != nil {
		return nil, err
	}
	// Insert eventTime after userIdentity: find the end of the
	// userIdentity object, which is followed by ,"eventSource".
	i := bytes.Index(b, []byte(`,"eventSource":`))
	if i < 0 {
		return b, nil
	}
	var out bytes.Buffer
	out.Grow(len(b) + 40)
	out.Write(b[:i])
	out.WriteString(`,"eventTime":"`)
	out.WriteString(e.EventTime.UTC().Format(TimeFormat))
	out.WriteByte('"')
	out.Write(b[i:])
	return out.Bytes(), nil
}

// Username is the name LookupEvents reports and matches for the event's
// caller: the IAM user's name, "root", or the role session's name.
func (e *Event) Username() string {
	id := e.UserIdentity
	switch id.Type {
	case "Root":
		return "root"
	case "IAMUser":
		return id.UserName
	case "AssumedRole":
		if i := lastSlash(id.ARN); i >= 0 {
			return id.ARN[i+1:]
		}
	}
	return id.UserName
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

// LowerCamel re-encodes a JSON document with every object key's first
// letter lower-cased, as CloudTrail records API parameters
// ("QueryString" → "queryString"); omit names top-level keys (in the
// document's own spelling) whose values become "***OMITTED***". An empty
// document is null.
func LowerCamel(doc []byte, omit ...string) (json.RawMessage, error) {
	if len(bytes.TrimSpace(doc)) == 0 {
		return json.RawMessage("null"), nil
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if m, ok := v.(map[string]any); ok {
		if len(m) == 0 {
			return json.RawMessage("null"), nil
		}
		for _, k := range omit {
			if _, ok := m[k]; ok {
				m[k] = "***OMITTED***"
			}
		}
	}
	b, err := json.Marshal(lowerKeys(v))
	return json.RawMessage(b), err
}

func lowerKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if k != "" && k[0] >= 'A' && k[0] <= 'Z' {
				k = string(k[0]+'a'-'A') + k[1:]
			}
			out[k] = lowerKeys(val)
		}
		return out
	case []any:
		for i := range x {
			x[i] = lowerKeys(x[i])
		}
	}
	return v
}
