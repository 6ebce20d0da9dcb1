package audit

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// LookupAttributeKeys are the attributes LookupEvents can filter on.
var LookupAttributeKeys = []string{"EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"}

// lookupConditions is the journal condition of each lookup attribute
// (one parameter, the attribute's value).
var lookupConditions = map[string]string{
	"EventId":      "e.event_id = ?",
	"EventName":    "e.event_name = ?",
	"ReadOnly":     "e.read_only = ?",
	"Username":     "e.username = ?",
	"EventSource":  "e.event_source = ?",
	"AccessKeyId":  "e.access_key_id = ?",
	"ResourceType": "e.seq IN (SELECT seq FROM event_resources WHERE type = ?)",
	"ResourceName": "e.seq IN (SELECT seq FROM event_resources WHERE name = ?)",
}

// LookupInput is a LookupEvents request.
type LookupInput struct {
	AttributeKey   string // "" = no filter
	AttributeValue string
	Start, End     time.Time // zero = the retention period's start / now
	MaxResults     int       // 1..50; 0 = 50
	NextToken      string
}

// LookupResult is one found event.
type LookupResult struct {
	EventID, EventName, EventSource, Username, AccessKeyID, ReadOnly string
	EventTime                                                        time.Time
	Resources                                                        []LookupResource
	Record                                                           string // the full CloudTrail record
}

// LookupResource is one resource of a found event.
type LookupResource struct{ Type, Name string }

// ErrBadToken is a NextToken that does not belong to the request.
var ErrBadToken = errors.New("invalid NextToken")

// Lookup returns the events matching in, newest first, and the token for
// the next page ("" when none).
func (j *Journal) Lookup(ctx context.Context, in LookupInput, now time.Time) ([]LookupResult, string, error) {
	end := in.End
	if end.IsZero() || end.After(now) {
		end = now
	}
	start := in.Start
	if earliest := now.Add(-Retention); start.IsZero() || start.Before(earliest) {
		start = earliest
	}
	max := in.MaxResults
	if max <= 0 || max > 50 {
		max = 50
	}
	// Pages go backwards in (event_time, seq); the token is the last row
	// returned, tied to the filter so it cannot be reused for another.
	curTime, curSeq := end.UnixNano()+1, int64(0)
	filterTag := in.AttributeKey + "\x00" + in.AttributeValue
	if in.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		if err != nil {
			return nil, "", ErrBadToken
		}
		parts := strings.SplitN(string(b), "\x01", 3)
		if len(parts) != 3 || parts[2] != filterTag {
			return nil, "", ErrBadToken
		}
		t, err1 := strconv.ParseInt(parts[0], 10, 64)
		s, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil {
			return nil, "", ErrBadToken
		}
		curTime, curSeq = t, s
	}
	where := []string{"e.event_time >= ?", "e.event_time <= ?", "(e.event_time < ? OR (e.event_time = ? AND e.seq < ?))"}
	args := []any{start.UnixNano(), end.UnixNano(), curTime, curTime, curSeq}
	if in.NextToken == "" {
		where[2] = "e.event_time < ?"
		args = args[:3]
	}
	if in.AttributeKey != "" {
		cond, ok := lookupConditions[in.AttributeKey]
		if !ok {
			return nil, "", fmt.Errorf("unknown lookup attribute %q", in.AttributeKey)
		}
		where, args = append(where, cond), append(args, in.AttributeValue)
	}
	q := `SELECT e.seq, e.event_id, e.event_time, e.event_name, e.event_source, e.username, e.access_key_id, e.read_only, e.record
FROM events e WHERE ` + strings.Join(where, " AND ") + ` ORDER BY e.event_time DESC, e.seq DESC LIMIT ?`
	args = append(args, max+1)
	rows, err := j.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("cannot search the event journal: %w", err)
	}
	defer rows.Close()
	var out []LookupResult
	var seqs, times []int64 // of out's rows, for the token and the resources
	for rows.Next() {
		var r LookupResult
		var seq, t int64
		if err := rows.Scan(&seq, &r.EventID, &t, &r.EventName, &r.EventSource, &r.Username, &r.AccessKeyID, &r.ReadOnly, &r.Record); err != nil {
			return nil, "", fmt.Errorf("cannot search the event journal: %w", err)
		}
		r.EventTime = time.Unix(0, t).UTC()
		out = append(out, r)
		seqs = append(seqs, seq)
		times = append(times, t)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("cannot search the event journal: %w", err)
	}
	rows.Close()
	next := ""
	if len(out) > max {
		out, seqs = out[:max], seqs[:max]
		last := max - 1
		next = base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d\x01%d\x01%s", times[last], seqs[last], filterTag)))
	}
	if err := j.addResources(ctx, out, seqs); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// addResources fills the found events' resources in one query.
func (j *Journal) addResources(ctx context.Context, out []LookupResult, seqs []int64) error {
	if len(out) == 0 {
		return nil
	}
	index := make(map[int64]int, len(seqs))
	args := make([]any, len(seqs))
	for i, s := range seqs {
		index[s], args[i] = i, s
	}
	rows, err := j.db.QueryContext(ctx, `SELECT seq, type, name FROM event_resources WHERE seq IN (?`+strings.Repeat(",?", len(seqs)-1)+`) ORDER BY rowid`, args...)
	if err != nil {
		return fmt.Errorf("cannot search the event journal: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var r LookupResource
		if err := rows.Scan(&seq, &r.Type, &r.Name); err != nil {
			return fmt.Errorf("cannot search the event journal: %w", err)
		}
		out[index[seq]].Resources = append(out[index[seq]].Resources, r)
	}
	return rows.Err()
}
