package s3server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

const (
	// versitygwPackage and versitygwVersion pin the server that Binary
	// installs.
	versitygwPackage = "github.com/versity/versitygw/cmd/versitygw"
	versitygwVersion = "v1.8.0"

	// defaultRegion is the region the server runs in.
	defaultRegion = "us-east-1"
	// rootAccessKey is the access key of the server's root user.
	rootAccessKey = "trawl-root"

	// readyTimeout bounds how long Start and Restart wait for the server
	// to answer.
	readyTimeout = 30 * time.Second
	// requestTimeout bounds the helper requests (readiness probe, bucket
	// and user creation).
	requestTimeout = 30 * time.Second
	// logTailBytes is how much of the server's log failure messages show.
	logTailBytes = 4096
)

// Server is one running versitygw on loopback.
type Server struct {
	Endpoint  string // "http://127.0.0.1:PORT"
	Region    string // "us-east-1"
	AccessKey string // root credentials
	SecretKey string
	Root      string // the posix backend folder (bucket = sub-folder)

	bin     string // versitygw binary
	addr    string // "127.0.0.1:PORT"
	dir     string // private folder: log, IAM store, sidecar metadata
	logPath string // the server's stdout and stderr, appended across restarts
	sidecar string // sidecar metadata folder; "" when xattrs are used

	mu   sync.Mutex
	proc *process // nil when stopped
}

// process is one run of the versitygw binary.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited
	err  error         // cmd.Wait's result, valid after done
}

// startOptions are knobs for this package's own tests.
type startOptions struct {
	sidecar bool // keep metadata in a sidecar folder even if xattrs work
}

var (
	errAddrInUse = errors.New("listen address already in use")
	errNoXattr   = errors.New("file system has no user xattrs")
)

// Binary returns the path of the versitygw binary, building it once with
// `go install github.com/versity/versitygw/cmd/versitygw@v1.8.0` into
// <os.UserCacheDir()>/trawl-test/versitygw-v1.8.0/versitygw. Test binaries
// running in parallel serialise the build with an exclusive flock on a lock
// file in that folder; the binary is built into a temporary GOBIN and
// renamed into place, so it is never seen half-written.
func Binary(t testing.TB) string {
	t.Helper()
	binary.mu.Lock()
	defer binary.mu.Unlock()
	if binary.path != "" {
		return binary.path
	}
	path, err := installBinary()
	if err != nil {
		t.Fatalf("s3server: %v", err)
	}
	binary.path = path
	return path
}

// binary caches Binary's result for the test binary's lifetime.
var binary struct {
	mu   sync.Mutex
	path string
}

func installBinary() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "trawl-test", "versitygw-"+versitygwVersion)
	bin := filepath.Join(dir, "versitygw")
	if isExecutable(bin) {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("versitygw cache folder: %w", err)
	}

	lock, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", fmt.Errorf("versitygw build lock: %w", err)
	}
	defer lock.Close() // closing the file releases the lock
	for {
		err = syscall.Flock(int(lock.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return "", fmt.Errorf("versitygw build lock: flock %s: %w", lock.Name(), err)
	}
	// Another test binary may have built it while we waited for the lock.
	if isExecutable(bin) {
		return bin, nil
	}

	gobin, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return "", fmt.Errorf("versitygw build folder: %w", err)
	}
	defer os.RemoveAll(gobin)
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("building versitygw needs the go command: %w", err)
	}
	target := versitygwPackage + "@" + versitygwVersion
	cmd := exec.Command(goCmd, "install", target)
	cmd.Dir = gobin // outside any module, so the project's go.mod plays no part
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOBIN="+gobin)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go install %s failed after %v: %v\n%s", target, time.Since(start).Round(time.Millisecond), err, out)
	}
	if err := os.Rename(filepath.Join(gobin, "versitygw"), bin); err != nil {
		return "", fmt.Errorf("installing versitygw: %w", err)
	}
	return bin, nil
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// Start starts a server on a free loopback port with a fresh t.TempDir()
// root, waits until it answers (at most 30 s) and registers t.Cleanup to
// stop it. The server runs versitygw's internal IAM (see User); its
// output goes to a log file whose tail is shown when something fails.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, startOptions{})
}

func start(t testing.TB, opts startOptions) *Server {
	t.Helper()
	bin := Binary(t)
	s := &Server{
		Region:    defaultRegion,
		AccessKey: rootAccessKey,
		SecretKey: randomHex(t, 20),
		Root:      t.TempDir(),
		bin:       bin,
		dir:       t.TempDir(),
	}
	s.logPath = filepath.Join(s.dir, "versitygw.log")
	if err := os.Mkdir(filepath.Join(s.dir, "iam"), 0o755); err != nil {
		t.Fatalf("s3server: %v", err)
	}
	if opts.sidecar {
		s.useSidecar(t)
	}
	// Registered after the t.TempDir calls, so it runs before they are
	// removed.
	t.Cleanup(s.Stop)

	for attempt := 1; ; attempt++ {
		s.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
		s.Endpoint = "http://" + s.addr
		err := s.launch()
		switch {
		case err == nil:
			return s
		case errors.Is(err, errNoXattr) && s.sidecar == "":
			// The posix backend refuses a folder without user xattrs;
			// a sidecar folder keeps the metadata instead.
			s.useSidecar(t)
		case errors.Is(err, errAddrInUse) && attempt < 5:
			// Someone took the free port between our probe and the
			// server's listen; try another.
		default:
			t.Fatalf("s3server: %v\n%s", err, s.logTail())
		}
	}
}

func (s *Server) useSidecar(t testing.TB) {
	t.Helper()
	s.sidecar = filepath.Join(s.dir, "sidecar")
	if err := os.MkdirAll(s.sidecar, 0o755); err != nil {
		t.Fatalf("s3server: %v", err)
	}
}

// Stop kills the server process with SIGKILL, as an outage would, and
// waits for it to exit. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	p := s.proc
	s.proc = nil
	s.mu.Unlock()
	if p == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	<-p.done
}

// PID returns the running server's process id, or 0 when it is stopped
// (a test can watch /proc/PID/io to act while the server is busy).
func (s *Server) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return 0
	}
	return s.proc.cmd.Process.Pid
}

// Restart starts the server again on the same port and root (stopping it
// first if it still runs) and waits until it answers.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	deadline := time.Now().Add(readyTimeout)
	for {
		err := s.launch()
		if err == nil {
			return
		}
		// Listeners set SO_REUSEADDR, so TIME_WAIT connections do not
		// block the port; only another listener can. Give it a moment.
		if errors.Is(err, errAddrInUse) && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		t.Fatalf("s3server: restart: %v\n%s", err, s.logTail())
	}
}

// args are versitygw's command-line arguments.
func (s *Server) args() []string {
	args := []string{
		"--access", s.AccessKey,
		"--secret", s.SecretKey,
		"--region", s.Region,
		"--port", s.addr,
		"--iam-dir", filepath.Join(s.dir, "iam"),
		// Keep connections open between requests, as S3 does; versitygw
		// closes each one after its response by default.
		"--keep-alive",
		"--quiet",
		"posix",
	}
	if s.sidecar != "" {
		args = append(args, "--sidecar", s.sidecar)
	}
	return append(args, s.Root)
}

// launch runs the binary and waits until the server answers. On failure
// the process is gone and the error says why, wrapping errAddrInUse or
// errNoXattr when the server's log shows those causes.
func (s *Server) launch() error {
	var offset int64
	if fi, err := os.Stat(s.logPath); err == nil {
		offset = fi.Size()
	}
	logf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("server log: %w", err)
	}
	cmd := exec.Command(s.bin, s.args()...)
	cmd.Dir = s.dir
	cmd.Env = serverEnv()
	cmd.Stdout = logf
	cmd.Stderr = logf
	setParentDeathSignal(cmd)

	p := &process{cmd: cmd, done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		// On Linux the server gets SIGKILL when the thread that started
		// it ends (so no server outlives a crashed or timed-out test
		// binary). Keep that thread for this goroutine alone, which waits
		// for the server; it ends only after the server has exited.
		runtime.LockOSThread()
		err := cmd.Start()
		logf.Close() // the child has its own copy
		started <- err
		if err != nil {
			return
		}
		p.err = cmd.Wait()
		close(p.done)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("starting %s: %w", s.bin, err)
	}
	s.mu.Lock()
	s.proc = p
	s.mu.Unlock()

	err = s.waitReady(p)
	if err == nil {
		return nil
	}
	s.Stop()
	out := s.logSince(offset)
	switch {
	case strings.Contains(out, "address already in use"):
		return fmt.Errorf("%w: %v", errAddrInUse, err)
	case strings.Contains(out, "xattr check failed"):
		return fmt.Errorf("%w: %v", errNoXattr, err)
	}
	return err
}

// waitReady polls ListBuckets until it succeeds, the process exits or
// readyTimeout passes.
func (s *Server) waitReady(p *process) error {
	client := s.ClientAs(s.AccessKey, s.SecretKey, func(o *s3.Options) {
		o.Retryer = aws.NopRetryer{}
	})
	deadline := time.Now().Add(readyTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err := client.ListBuckets(ctx, &s3.ListBucketsInput{})
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("versitygw (%s) exited before answering on %s: %v", strings.Join(p.cmd.Args, " "), s.Endpoint, p.err)
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("versitygw (%s) did not answer on %s within %v; last error: %v", strings.Join(p.cmd.Args, " "), s.Endpoint, readyTimeout, err)
		}
		select {
		case <-p.done:
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Client returns an S3 client for the root user.
func (s *Server) Client() *s3.Client {
	return s.ClientAs(s.AccessKey, s.SecretKey)
}

// ClientAs returns an S3 client for the given keys (for example a User's),
// with the server's endpoint and region and path-style addressing.
func (s *Server) ClientAs(accessKey, secretKey string, optFns ...func(*s3.Options)) *s3.Client {
	return s3.New(s3.Options{
		Region:       s.Region,
		BaseEndpoint: aws.String(s.Endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
	}, optFns...)
}

// CreateBucket creates a bucket owned by root.
func (s *Server) CreateBucket(t testing.TB, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	if _, err := s.Client().CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("s3server: CreateBucket %q: %v\n%s", name, err, s.logTail())
	}
}

// User creates a non-root IAM user (role "user") with access key name and
// a random secret. It owns nothing and has no grants, so requests it makes
// on root's buckets get AccessDenied. Creating the same name twice fails.
func (s *Server) User(t testing.TB, name string) (accessKey, secretKey string) {
	t.Helper()
	if name == "" {
		t.Fatal("s3server: User needs a name")
	}
	secretKey = randomHex(t, 20)
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	// The admin API is served on the S3 port when no --admin-port is set.
	cmd := exec.CommandContext(ctx, s.bin, "admin",
		"--access", s.AccessKey,
		"--secret", s.SecretKey,
		"--region", s.Region,
		"--endpoint-url", s.Endpoint,
		"create-user",
		"--access", name,
		"--secret", secretKey,
		"--role", "user",
	)
	cmd.Env = serverEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("s3server: creating user %q: %v\n%s\n%s", name, err, out, s.logTail())
	}
	return name, secretKey
}

// Upload copies every file under dir into bucket, eight at a time, with
// root's SDK client (as `aws s3 sync` would, independently of trawl's own
// store), and returns how many files and bytes it copied.
func (s *Server) Upload(t testing.TB, dir, bucket string) (files int, bytes int64) {
	t.Helper()
	var paths []string
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			paths = append(paths, p)
			bytes += info.Size()
		}
		return err
	})
	if err != nil {
		t.Fatalf("s3server: upload %s: %v", dir, err)
	}
	c := s.Client()
	work := make(chan string)
	errs := make(chan error, len(paths))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				rel, _ := filepath.Rel(dir, p)
				f, err := os.Open(p)
				if err == nil {
					_, err = c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(filepath.ToSlash(rel)), Body: f})
					f.Close()
				}
				if err != nil {
					errs <- fmt.Errorf("%s: %w", p, err)
				}
			}
		}()
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatalf("s3server: upload: %v", err)
	}
	return len(paths), bytes
}

// Env returns environment entries that give a subprocess root's
// credentials and the server's region.
func (s *Server) Env() []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + s.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + s.SecretKey,
		"AWS_REGION=" + s.Region,
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// logTail returns the end of the server's log, for failure messages.
func (s *Server) logTail() string {
	f, err := os.Open(s.logPath)
	if err != nil {
		return fmt.Sprintf("(no server log: %v)", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Sprintf("(server log: %v)", err)
	}
	from := max(fi.Size()-logTailBytes, 0)
	b, err := io.ReadAll(io.NewSectionReader(f, from, fi.Size()-from))
	if err != nil {
		return fmt.Sprintf("(server log: %v)", err)
	}
	head := "server log " + s.logPath
	if from > 0 {
		head += " (tail)"
	}
	if len(b) == 0 {
		return head + ": (empty)"
	}
	return head + ":\n" + string(b)
}

// logSince returns the server's log from offset on.
func (s *Server) logSince(offset int64) string {
	b, err := os.ReadFile(s.logPath)
	if err != nil || int64(len(b)) < offset {
		return ""
	}
	return string(b[offset:])
}

// serverEnv is the environment for versitygw: ours without the variables
// versitygw reads as defaults for its flags, so the caller's environment
// cannot change how the server runs.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "VGW_"),
			strings.HasPrefix(name, "ROOT_ACCESS_KEY"),
			strings.HasPrefix(name, "ROOT_SECRET"),
			strings.HasPrefix(name, "ADMIN_"),
			name == "LOGFILE", name == "WEBHOOK":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// setParentDeathSignal asks the kernel to SIGKILL the server when the
// thread that starts it ends. SysProcAttr.Pdeathsig exists only on Linux;
// reflection keeps this file building elsewhere, where it does nothing.
func setParentDeathSignal(cmd *exec.Cmd) {
	attr := &syscall.SysProcAttr{}
	f := reflect.ValueOf(attr).Elem().FieldByName("Pdeathsig")
	if !f.IsValid() || !f.CanSet() || f.Type() != reflect.TypeOf(syscall.SIGKILL) {
		return
	}
	f.Set(reflect.ValueOf(syscall.SIGKILL))
	cmd.SysProcAttr = attr
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("s3server: finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("s3server: %v", err)
	}
	return hex.EncodeToString(b)
}
