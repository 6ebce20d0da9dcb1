// Package awsproto speaks the AWS JSON 1.1 wire protocol that Athena,
// CloudTrail and the other JSON services use: requests are POSTs to "/"
// naming the operation in X-Amz-Target ("AmazonAthena.StartQueryExecution")
// with a JSON body; responses are JSON with Content-Type
// application/x-amz-json-1.1 and an x-amzn-RequestId header; errors are
// {"__type": "<Code>", "message": "..."} with the error's HTTP status.
package awsproto

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// ContentType is the JSON 1.1 media type.
const ContentType = "application/x-amz-json-1.1"

// Error is a service error as it goes on the wire.
type Error struct {
	Code    string // the __type: InvalidRequestException, AccessDeniedException, ...
	Message string
	Status  int            // HTTP status; 0 = 400
	Extra   map[string]any // more members (AthenaErrorCode, ...)
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf makes a 400 error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Status: http.StatusBadRequest}
}

// WriteError renders an error.
func WriteError(w http.ResponseWriter, requestID string, e *Error) {
	body := map[string]any{"__type": e.Code, "message": e.Message, "Message": e.Message}
	for k, v := range e.Extra {
		body[k] = v
	}
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	h := w.Header()
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Content-Type", ContentType)
	h.Set("x-amzn-ErrorType", e.Code)
	b, _ := json.Marshal(body)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// WriteJSON renders a successful response.
func WriteJSON(w http.ResponseWriter, requestID string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		WriteError(w, requestID, &Error{Code: "InternalServerException", Message: "cannot encode response", Status: 500})
		return
	}
	h := w.Header()
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// Decode reads a request body into v; a malformed body is a
// SerializationException naming the offset or the field.
func Decode(body []byte, v any) *Error {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		switch e := err.(type) {
		case *json.SyntaxError:
			return Errorf("SerializationException", "malformed JSON request body at offset %d: %v", e.Offset, e)
		case *json.UnmarshalTypeError:
			return Errorf("SerializationException", "request member %s must be %s, found %s", e.Field, e.Type, e.Value)
		}
		return Errorf("SerializationException", "malformed JSON request body: %v", err)
	}
	return nil
}

// Time is a timestamp in the JSON protocols' default format: epoch
// seconds with a fractional part.
type Time time.Time

// MarshalJSON writes epoch seconds with milliseconds.
func (t Time) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return []byte(strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64)), nil
}

// UnmarshalJSON reads epoch seconds.
func (t *Time) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("timestamp must be epoch seconds, found %s", b)
	}
	*t = Time(time.UnixMilli(int64(f * 1000)).UTC())
	return nil
}
