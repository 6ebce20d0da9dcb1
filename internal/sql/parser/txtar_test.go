package parser

import (
	"bytes"
	"strings"
)

// archive is a txtar archive: a comment, then files introduced by
// "-- name --" lines.
type archive struct {
	comment string
	files   []archiveFile
}

type archiveFile struct {
	name string
	data string
}

func parseArchive(data string) *archive {
	a := &archive{}
	name, start := "", -1
	flush := func(end int) {
		if start < 0 {
			a.comment = data[:end]
			return
		}
		a.files = append(a.files, archiveFile{name: name, data: data[start:end]})
	}
	for off := 0; off < len(data); {
		nl := strings.IndexByte(data[off:], '\n')
		lineEnd := len(data)
		if nl >= 0 {
			lineEnd = off + nl
		}
		line := data[off:lineEnd]
		next := lineEnd + 1
		if next > len(data) {
			next = len(data)
		}
		if n, ok := markerName(line); ok {
			flush(off)
			name, start = n, next
		}
		off = next
	}
	flush(len(data))
	return a
}

func markerName(line string) (string, bool) {
	if !strings.HasPrefix(line, "-- ") || !strings.HasSuffix(line, " --") || len(line) < 7 {
		return "", false
	}
	return strings.TrimSpace(line[3 : len(line)-3]), true
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.WriteString(f.data)
		if f.data != "" && !strings.HasSuffix(f.data, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
