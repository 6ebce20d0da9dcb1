// Package cloudtrail implements the AWS CloudTrail API operations trawl
// serves for its own trail (AWS JSON 1.1, X-Amz-Target
// com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>):
// LookupEvents over the event journal (event history), the trail
// operations (CreateTrail, GetTrail, DescribeTrails, ListTrails,
// GetTrailStatus, StartLogging, StopLogging, DeleteTrail) and
// ListPublicKeys for log file integrity validation. As in package
// athena, each operation is a plain function from its decoded input to
// its output, asking the caller's Authorize for its action.
package cloudtrail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"trawl/internal/audit"
	"trawl/internal/awsproto"
)

// TargetPrefix is the X-Amz-Target prefix of the CloudTrail operations
// (botocore and the AWS CLI send it); ShortTargetPrefix is the form
// aws-sdk-go-v2 sends.
const (
	TargetPrefix      = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
	ShortTargetPrefix = "CloudTrail_20131101."
)

// PublicKey is a digest-signing public key as ListPublicKeys returns it.
type PublicKey struct {
	DER         []byte
	Fingerprint string
	ValidFrom   time.Time
	ValidTo     time.Time // zero = still valid
}

// API serves the CloudTrail operations.
type API struct {
	Journal   *audit.Journal
	Deliverer *audit.Deliverer
	AccountID string
	Keys      func() []PublicKey
}

// Call is the context of one request.
type Call struct {
	Region    string
	Principal string    // the caller's ARN
	Time      time.Time // the request's event time
	Authorize func(action, resource string) *awsproto.Error
	// After runs fn once the call's own event is journaled (StopLogging
	// delivers what is pending, including its own event).
	After func(fn func())
}

type handler func(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error)

var handlers = map[string]handler{
	"LookupEvents":   lookupEvents,
	"CreateTrail":    createTrail,
	"GetTrail":       getTrail,
	"DescribeTrails": describeTrails,
	"ListTrails":     listTrails,
	"GetTrailStatus": getTrailStatus,
	"StartLogging":   startLogging,
	"StopLogging":    stopLogging,
	"DeleteTrail":    deleteTrail,
	"ListPublicKeys": listPublicKeys,
}

// ReadOnly reports whether an operation only reads.
func ReadOnly(op string) bool {
	for _, p := range []string{"Get", "List", "Describe", "Lookup"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

// Handle runs one operation.
func (a *API) Handle(ctx context.Context, c *Call, op string, body []byte) (any, *awsproto.Error) {
	h := handlers[op]
	if h == nil {
		return nil, &awsproto.Error{Code: "UnknownOperationException", Message: "", Status: 400}
	}
	return h(a, ctx, c, body)
}

func (a *API) trailARN(region, name string) string {
	return fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", region, a.AccountID, name)
}

// trailName accepts a trail's name or ARN.
func trailName(s string) string {
	if i := strings.LastIndex(s, ":trail/"); i >= 0 && strings.HasPrefix(s, "arn:") {
		return s[i+len(":trail/"):]
	}
	return s
}

func (a *API) notFound(c *Call, name string) *awsproto.Error {
	return awsproto.Errorf("TrailNotFoundException", "Unknown trail: %s for the user: %s", a.trailARN(c.Region, name), a.AccountID)
}

// trailError maps the journal's errors.
func (a *API) trailError(c *Call, name string, err error) *awsproto.Error {
	switch {
	case errors.Is(err, audit.ErrTrailNotFound):
		return a.notFound(c, name)
	case errors.Is(err, audit.ErrTrailExists):
		return awsproto.Errorf("TrailAlreadyExistsException", "Trail %s already exists for customer: %s", name, a.AccountID)
	}
	return &awsproto.Error{Code: "InternalServerException", Message: err.Error(), Status: 500}
}

func ts(t time.Time) *awsproto.Time {
	if t.IsZero() {
		return nil
	}
	x := awsproto.Time(t)
	return &x
}

// ---------------------------------------------------------------- event history

type lookupAttribute struct{ AttributeKey, AttributeValue string }

func lookupEvents(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		LookupAttributes []lookupAttribute
		StartTime        *awsproto.Time
		EndTime          *awsproto.Time
		EventCategory    string
		MaxResults       *int
		NextToken        string
	}
	if err := awsproto.Decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("cloudtrail:LookupEvents", "*"); err != nil {
		return nil, err
	}
	li := audit.LookupInput{NextToken: in.NextToken}
	if len(in.LookupAttributes) > 1 {
		return nil, awsproto.Errorf("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.")
	}
	if len(in.LookupAttributes) == 1 {
		at := in.LookupAttributes[0]
		known := false
		for _, k := range audit.LookupAttributeKeys {
			known = known || k == at.AttributeKey
		}
		if !known {
			return nil, awsproto.Errorf("InvalidLookupAttributesException", "Invalid attribute key: %s. Valid values: %s", at.AttributeKey, strings.Join(audit.LookupAttributeKeys, ", "))
		}
		li.AttributeKey, li.AttributeValue = at.AttributeKey, at.AttributeValue
	}
	if in.EventCategory != "" && in.EventCategory != "insight" {
		return nil, awsproto.Errorf("InvalidEventCategoryException", "Invalid event category: %s", in.EventCategory)
	}
	if in.EventCategory == "insight" {
		return map[string]any{"Events": []any{}}, nil // trawl has no Insights events
	}
	if in.StartTime != nil {
		li.Start = time.Time(*in.StartTime)
	}
	if in.EndTime != nil {
		li.End = time.Time(*in.EndTime)
	}
	if !li.Start.IsZero() && !li.End.IsZero() && li.End.Before(li.Start) {
		return nil, awsproto.Errorf("InvalidTimeRangeException", "Start time must be before end time.")
	}
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 50 {
			return nil, awsproto.Errorf("InvalidMaxResultsException", "Value %d for MaxResults is invalid. MaxResults must be between 1 and 50.", *in.MaxResults)
		}
		li.MaxResults = *in.MaxResults
	}
	found, next, err := a.Journal.Lookup(ctx, li, time.Now())
	if errors.Is(err, audit.ErrBadToken) {
		return nil, awsproto.Errorf("InvalidNextTokenException", "Invalid NextToken.")
	}
	if err != nil {
		return nil, &awsproto.Error{Code: "InternalServerException", Message: err.Error(), Status: 500}
	}
	type resource struct{ ResourceType, ResourceName string }
	type event struct {
		EventId, EventName, ReadOnly string
		AccessKeyId                  string `json:",omitempty"`
		EventTime                    *awsproto.Time
		EventSource                  string
		Username                     string `json:",omitempty"`
		Resources                    []resource
		CloudTrailEvent              string
	}
	out := struct {
		Events    []event
		NextToken string `json:",omitempty"`
	}{Events: []event{}, NextToken: next}
	for _, f := range found {
		e := event{EventId: f.EventID, EventName: f.EventName, ReadOnly: f.ReadOnly, AccessKeyId: f.AccessKeyID,
			EventTime: ts(f.EventTime), EventSource: f.EventSource, Username: f.Username, Resources: []resource{}, CloudTrailEvent: f.Record}
		for _, r := range f.Resources {
			e.Resources = append(e.Resources, resource{r.Type, r.Name})
		}
		out.Events = append(out.Events, e)
	}
	return out, nil
}

// ---------------------------------------------------------------- trails

type trailOut struct {
	Name                       string
	S3BucketName               string
	S3KeyPrefix                string `json:",omitempty"`
	IncludeGlobalServiceEvents bool
	IsMultiRegionTrail         bool
	HomeRegion                 string
	TrailARN                   string
	LogFileValidationEnabled   bool
	HasCustomEventSelectors    bool
	HasInsightSelectors        bool
	IsOrganizationTrail        bool
}

func (a *API) trailOut(t *audit.Trail) trailOut {
	return trailOut{Name: t.Name, S3BucketName: t.Bucket, S3KeyPrefix: t.Prefix, IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
		IsMultiRegionTrail: t.MultiRegion, HomeRegion: t.HomeRegion, TrailARN: a.trailARN(t.HomeRegion, t.Name), LogFileValidationEnabled: t.LogFileValidation}
}

func createTrail(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		Name                       string
		S3BucketName               string
		S3KeyPrefix                string
		IncludeGlobalServiceEvents *bool
		IsMultiRegionTrail         bool
		EnableLogFileValidation    bool
		IsOrganizationTrail        bool
	}
	if err := awsproto.Decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("cloudtrail:CreateTrail", a.trailARN(c.Region, in.Name)); err != nil {
		return nil, err
	}
	if !audit.ValidTrailName(in.Name) {
		return nil, awsproto.Errorf("InvalidTrailNameException", "Trail name must be between 3 and 128 characters, start and end with a letter or number, and contain only letters, numbers, periods, underscores and dashes, with no adjacent periods, underscores or dashes: %s", in.Name)
	}
	if in.S3BucketName == "" {
		return nil, awsproto.Errorf("InvalidS3BucketNameException", "S3 bucket name is required.")
	}
	if !validBucket(in.S3BucketName) {
		return nil, awsproto.Errorf("InvalidS3BucketNameException", "Bucket name is not valid: %s", in.S3BucketName)
	}
	if in.IsOrganizationTrail {
		return nil, awsproto.Errorf("OrganizationsNotInUseException", "This account is not a member of an organization.")
	}
	if len(in.S3KeyPrefix) > 200 {
		return nil, awsproto.Errorf("InvalidS3PrefixException", "S3 key prefix must be at most 200 characters.")
	}
	t := &audit.Trail{Name: in.Name, Bucket: in.S3BucketName, Prefix: in.S3KeyPrefix, HomeRegion: c.Region,
		MultiRegion: in.IsMultiRegionTrail, LogFileValidation: in.EnableLogFileValidation, IncludeGlobalServiceEvents: true, Created: c.Time}
	if in.IncludeGlobalServiceEvents != nil {
		t.IncludeGlobalServiceEvents = *in.IncludeGlobalServiceEvents
	}
	if err := a.Journal.CreateTrail(ctx, t); err != nil {
		return nil, a.trailError(c, in.Name, err)
	}
	o := a.trailOut(t)
	return struct {
		Name, S3BucketName         string
		S3KeyPrefix                string `json:",omitempty"`
		IncludeGlobalServiceEvents bool
		IsMultiRegionTrail         bool
		TrailARN                   string
		LogFileValidationEnabled   bool
		IsOrganizationTrail        bool
	}{o.Name, o.S3BucketName, o.S3KeyPrefix, o.IncludeGlobalServiceEvents, o.IsMultiRegionTrail, o.TrailARN, o.LogFileValidationEnabled, false}, nil
}

// validBucket checks S3's bucket naming rules (3-63 lower-case letters,
// digits, dots and hyphens, starting and ending with a letter or digit).
func validBucket(b string) bool {
	if len(b) < 3 || len(b) > 63 {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || (c == '.' || c == '-') && i > 0 && i < len(b)-1
		if !ok {
			return false
		}
	}
	return true
}

// named decodes a {"Name": ...} input and authorizes action on the trail.
func (a *API) named(ctx context.Context, c *Call, body []byte, action string) (*audit.Trail, *awsproto.Error) {
	var in struct{ Name string }
	if err := awsproto.Decode(body, &in); err != nil {
		return nil, err
	}
	name := trailName(in.Name)
	if err := c.Authorize(action, a.trailARN(c.Region, name)); err != nil {
		return nil, err
	}
	t, err := a.Journal.Trail(ctx, name)
	if err != nil {
		return nil, a.trailError(c, name, err)
	}
	return t, nil
}

func getTrail(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	t, err := a.named(ctx, c, body, "cloudtrail:GetTrail")
	if err != nil {
		return nil, err
	}
	return map[string]any{"Trail": a.trailOut(t)}, nil
}

func describeTrails(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		TrailNameList       []string
		IncludeShadowTrails *bool
	}
	if err := awsproto.Decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("cloudtrail:DescribeTrails", "*"); err != nil {
		return nil, err
	}
	trails, err := a.Journal.Trails(ctx)
	if err != nil {
		return nil, a.trailError(c, "", err)
	}
	want := map[string]bool{}
	for _, n := range in.TrailNameList {
		want[trailName(n)] = true
	}
	shadows := in.IncludeShadowTrails == nil || *in.IncludeShadowTrails
	out := []trailOut{}
	for _, t := range trails {
		if len(want) > 0 && !want[t.Name] {
			continue
		}
		if t.HomeRegion != c.Region && !(t.MultiRegion && shadows) {
			continue
		}
		out = append(out, a.trailOut(t))
	}
	return map[string]any{"trailList": out}, nil
}

func listTrails(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	if err := c.Authorize("cloudtrail:ListTrails", "*"); err != nil {
		return nil, err
	}
	trails, err := a.Journal.Trails(ctx)
	if err != nil {
		return nil, a.trailError(c, "", err)
	}
	type info struct{ TrailARN, Name, HomeRegion string }
	out := []info{}
	for _, t := range trails {
		out = append(out, info{a.trailARN(t.HomeRegion, t.Name), t.Name, t.HomeRegion})
	}
	return map[string]any{"Trails": out}, nil
}

func getTrailStatus(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	t, err := a.named(ctx, c, body, "cloudtrail:GetTrailStatus")
	if err != nil {
		return nil, err
	}
	out := struct {
		IsLogging                 bool
		LatestDeliveryTime        *awsproto.Time `json:",omitempty"`
		LatestDeliveryAttemptTime string         `json:",omitempty"`
		LatestDeliveryError       string         `json:",omitempty"`
		LatestDigestDeliveryTime  *awsproto.Time `json:",omitempty"`
		LatestDigestDeliveryError string         `json:",omitempty"`
		StartLoggingTime          *awsproto.Time `json:",omitempty"`
		StopLoggingTime           *awsproto.Time `json:",omitempty"`
		TimeLoggingStarted        string         `json:",omitempty"`
		TimeLoggingStopped        string         `json:",omitempty"`
	}{IsLogging: t.Logging, LatestDeliveryTime: ts(t.DeliveryTime), LatestDeliveryError: t.DeliveryError,
		LatestDigestDeliveryTime: ts(t.DigestTime), LatestDigestDeliveryError: t.DigestError,
		StartLoggingTime: ts(t.StartTime), StopLoggingTime: ts(t.StopTime)}
	if !t.DeliveryAttempt.IsZero() {
		out.LatestDeliveryAttemptTime = t.DeliveryAttempt.Format(time.RFC3339)
	}
	if !t.StartTime.IsZero() {
		out.TimeLoggingStarted = t.StartTime.Format(time.RFC3339)
	}
	if !t.StopTime.IsZero() {
		out.TimeLoggingStopped = t.StopTime.Format(time.RFC3339)
	}
	return out, nil
}

func startLogging(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	t, err := a.named(ctx, c, body, "cloudtrail:StartLogging")
	if err != nil {
		return nil, err
	}
	if err := a.Journal.StartLogging(ctx, t.Name, c.Time); err != nil {
		return nil, a.trailError(c, t.Name, err)
	}
	return struct{}{}, nil
}

func stopLogging(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	t, err := a.named(ctx, c, body, "cloudtrail:StopLogging")
	if err != nil {
		return nil, err
	}
	if err := a.Journal.StopLogging(ctx, t.Name, c.Time); err != nil {
		return nil, a.trailError(c, t.Name, err)
	}
	if a.Deliverer != nil && c.After != nil {
		name := t.Name
		c.After(func() { go a.Deliverer.Flush(context.Background(), name) })
	}
	return struct{}{}, nil
}

func deleteTrail(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	t, err := a.named(ctx, c, body, "cloudtrail:DeleteTrail")
	if err != nil {
		return nil, err
	}
	if err := a.Journal.DeleteTrail(ctx, t.Name); err != nil {
		return nil, a.trailError(c, t.Name, err)
	}
	return struct{}{}, nil
}

func listPublicKeys(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		StartTime, EndTime *awsproto.Time
		NextToken          string
	}
	if err := awsproto.Decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("cloudtrail:ListPublicKeys", "*"); err != nil {
		return nil, err
	}
	type key struct {
		Value             []byte
		ValidityStartTime *awsproto.Time
		ValidityEndTime   *awsproto.Time
		Fingerprint       string
	}
	out := []key{}
	if a.Keys != nil {
		for _, k := range a.Keys() {
			end := k.ValidTo
			if end.IsZero() {
				end = time.Now().UTC().Add(24 * time.Hour)
			}
			if in.EndTime != nil && k.ValidFrom.After(time.Time(*in.EndTime)) {
				continue
			}
			if in.StartTime != nil && !k.ValidTo.IsZero() && k.ValidTo.Before(time.Time(*in.StartTime)) {
				continue
			}
			out = append(out, key{k.DER, ts(k.ValidFrom), ts(end), k.Fingerprint})
		}
	}
	return map[string]any{"PublicKeyList": out}, nil
}
