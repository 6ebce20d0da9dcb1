package jsonrec

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"trawl/internal/format"
	"trawl/internal/types"
	"trawl/internal/vector"
)

var synthServices = []struct {
	source string
	events []string
}{
	{"s3.amazonaws.com", []string{"GetObject", "PutObject", "ListBuckets", "GetBucketAcl", "HeadObject", "GetBucketPolicy"}},
	{"ec2.amazonaws.com", []string{"DescribeInstances", "RunInstances", "DescribeSecurityGroups", "StopInstances", "DescribeVolumes"}},
	{"iam.amazonaws.com", []string{"ListRoles", "GetUser", "CreateAccessKey", "AttachRolePolicy", "ListPolicies"}},
	{"sts.amazonaws.com", []string{"AssumeRole", "GetCallerIdentity", "GetSessionToken"}},
	{"kms.amazonaws.com", []string{"Decrypt", "GenerateDataKey", "Encrypt", "DescribeKey"}},
	{"lambda.amazonaws.com", []string{"Invoke", "ListFunctions20150331", "GetFunction20150331v2"}},
	{"ssm.amazonaws.com", []string{"GetParameter", "DescribeInstanceInformation", "UpdateInstanceInformation"}},
	{"logs.amazonaws.com", []string{"CreateLogStream", "DescribeLogGroups", "PutRetentionPolicy"}},
	{"dynamodb.amazonaws.com", []string{"DescribeTable", "ListTables", "CreateBackup"}},
	{"secretsmanager.amazonaws.com", []string{"GetSecretValue", "ListSecrets"}},
	{"signin.amazonaws.com", []string{"ConsoleLogin"}},
	{"cloudtrail.amazonaws.com", []string{"LookupEvents", "DescribeTrails", "StopLogging"}},
	{"rds.amazonaws.com", []string{"DescribeDBInstances", "CreateDBSnapshot"}},
	{"monitoring.amazonaws.com", []string{"GetMetricData", "DescribeAlarms", "PutMetricAlarm"}},
	{"guardduty.amazonaws.com", []string{"ListDetectors", "GetFindings"}},
}

var synthAgents = []string{
	"aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.167.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/s3api.list-buckets",
	"[aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 api/sts#1.28.6]",
	"Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.213-201.855.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.84",
	"AWS Internal",
	"console.amazonaws.com",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
	"[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.4.247-169.350.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard]",
}

var synthRegions = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1"}

func hexID(rng *rand.Rand, n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[rng.IntN(16)]
	}
	return string(b)
}

func upperID(rng *rand.Rand, n int) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[rng.IntN(len(digits))]
	}
	return string(b)
}

func uuidish(rng *rand.Rand) string {
	return hexID(rng, 8) + "-" + hexID(rng, 4) + "-" + hexID(rng, 4) + "-" + hexID(rng, 4) + "-" + hexID(rng, 12)
}

// synthRecord writes one realistic, compact CloudTrail record.
func synthRecord(w *strings.Builder, rng *rand.Rand, i int) {
	svc := synthServices[rng.IntN(len(synthServices))]
	ev := svc.events[rng.IntN(len(svc.events))]
	acct := fmt.Sprintf("%012d", 100000000000+rng.IntN(5)*111111111)
	region := synthRegions[rng.IntN(len(synthRegions))]
	ts := fmt.Sprintf("2024-%02d-%02dT%02d:%02d:%02dZ", 1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60))
	w.WriteString(`{"eventVersion":"1.08","userIdentity":{`)
	switch rng.IntN(10) {
	case 0, 1, 2, 3:
		user := []string{"alice", "bob", "deploy-bot", "ci-runner", "carol.smith"}[rng.IntN(5)]
		fmt.Fprintf(w, `"type":"IAMUser","principalId":"AIDA%s","arn":"arn:aws:iam::%s:user/%s","accountId":"%s","accessKeyId":"AKIA%s","userName":"%s"`,
			upperID(rng, 17), acct, user, acct, upperID(rng, 16), user)
		if rng.IntN(2) == 0 {
			fmt.Fprintf(w, `,"sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"%s","mfaAuthenticated":"%v"}}`, ts, rng.IntN(2) == 0)
		}
	case 4, 5, 6, 7, 8:
		role := []string{"OrganizationAccountAccessRole", "AWSReservedSSO_AdministratorAccess_3f1c2a", "lambda-exec-role", "eks-node-group"}[rng.IntN(4)]
		sess := []string{"i-0" + hexID(rng, 16), "botocore-session-" + fmt.Sprint(rng.IntN(1e9)), "alice@example.com"}[rng.IntN(3)]
		fmt.Fprintf(w, `"type":"AssumedRole","principalId":"AROA%s:%s","arn":"arn:aws:sts::%s:assumed-role/%s/%s","accountId":"%s","accessKeyId":"ASIA%s","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA%s","arn":"arn:aws:iam::%s:role/%s","accountId":"%s","userName":"%s"},"webIdFederationData":{},"attributes":{"creationDate":"%s","mfaAuthenticated":"false"}}`,
			upperID(rng, 17), sess, acct, role, sess, acct, upperID(rng, 16), upperID(rng, 17), acct, role, acct, role, ts)
		if rng.IntN(3) == 0 {
			w.WriteString(`,"invokedBy":"lambda.amazonaws.com"`)
		}
	default:
		w.WriteString(`"type":"AWSService","invokedBy":"` + svc.source + `"`)
	}
	ip := fmt.Sprintf("%d.%d.%d.%d", 1+rng.IntN(223), rng.IntN(256), rng.IntN(256), 1+rng.IntN(254))
	if rng.IntN(8) == 0 {
		ip = svc.source
	}
	fmt.Fprintf(w, `},"eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"%s","sourceIPAddress":"%s","userAgent":"%s"`,
		ts, svc.source, ev, region, ip, synthAgents[rng.IntN(len(synthAgents))])
	if rng.IntN(7) == 0 {
		w.WriteString(`,"errorCode":"AccessDenied","errorMessage":"User: arn:aws:sts::` + acct + `:assumed-role/x/y is not authorized to perform: ` + ev + ` because no identity-based policy allows the action"`)
	}
	switch rng.IntN(4) {
	case 0:
		w.WriteString(`,"requestParameters":null`)
	case 1:
		fmt.Fprintf(w, `,"requestParameters":{"bucketName":"logs-%s","Host":"logs-%s.s3.%s.amazonaws.com","key":"AWSLogs/%s/CloudTrail/%s/2024/01/02/file-%d.json.gz"}`, hexID(rng, 6), hexID(rng, 6), region, acct, region, i)
	case 2:
		fmt.Fprintf(w, `,"requestParameters":{"instancesSet":{"items":[{"instanceId":"i-0%s"},{"instanceId":"i-0%s"}]},"filterSet":{},"maxResults":%d}`, hexID(rng, 16), hexID(rng, 16), 5+rng.IntN(1000))
	default:
		fmt.Fprintf(w, `,"requestParameters":{"roleArn":"arn:aws:iam::%s:role/deploy","roleSessionName":"session-%d","durationSeconds":3600}`, acct, rng.IntN(1e6))
	}
	if rng.IntN(3) == 0 {
		fmt.Fprintf(w, `,"responseElements":{"credentials":{"accessKeyId":"ASIA%s","sessionToken":"%s","expiration":"Jan 2, 2024, 4:04:05 AM"},"assumedRoleUser":{"assumedRoleId":"AROA%s:s","arn":"arn:aws:sts::%s:assumed-role/deploy/s"}}`, upperID(rng, 16), upperID(rng, 120), upperID(rng, 17), acct)
	} else {
		w.WriteString(`,"responseElements":null`)
	}
	if rng.IntN(3) == 0 {
		fmt.Fprintf(w, `,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","bytesTransferredIn":%d,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"%s","bytesTransferredOut":%d}`, rng.IntN(5000), upperID(rng, 76), rng.IntN(100000))
	}
	fmt.Fprintf(w, `,"requestID":"%s","eventID":"%s","readOnly":%v`, uuidish(rng), uuidish(rng), rng.IntN(3) != 0)
	if rng.IntN(3) == 0 {
		fmt.Fprintf(w, `,"resources":[{"accountId":"%s","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::logs-%s"},{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::logs-%s/obj-%d"}]`, acct, hexID(rng, 6), hexID(rng, 6), i)
	}
	fmt.Fprintf(w, `,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%s","eventCategory":"Management"`, acct)
	if rng.IntN(2) == 0 {
		fmt.Fprintf(w, `,"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"%s.%s.amazonaws.com"}`, strings.TrimSuffix(svc.source, ".amazonaws.com"), region)
	}
	if rng.IntN(4) == 0 {
		w.WriteString(`,"sessionCredentialFromConsole":"true"`)
	}
	w.WriteString(`}`)
}

// synthCloudTrail builds a CloudTrail log file of n records.
func synthCloudTrail(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 42))
	var w strings.Builder
	w.WriteString(`{"Records":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteByte(',')
		}
		synthRecord(&w, rng, i)
	}
	w.WriteString(`]}`)
	return []byte(w.String())
}

// synthLines builds a JSON lines file of n records.
func synthLines(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 42))
	var w strings.Builder
	for i := 0; i < n; i++ {
		synthRecord(&w, rng, i)
		w.WriteByte('\n')
	}
	return []byte(w.String())
}

var benchData = func() func() []byte {
	var data []byte
	return func() []byte {
		if data == nil {
			data = synthCloudTrail(3000, 1)
		}
		return data
	}
}()

func benchColumns(b *testing.B, which string) []format.Column {
	switch which {
	case "skip", "two":
		return []format.Column{col(b, "string", "eventname"), col(b, "string", "eventsource")}
	case "eight":
		return []format.Column{
			col(b, "string", "eventtime"),
			col(b, "string", "eventsource"),
			col(b, "string", "eventname"),
			col(b, "string", "awsregion"),
			col(b, "string", "sourceipaddress"),
			col(b, "string", "errorcode"),
			col(b, "string", "useridentity", "sessioncontext", "sessionissuer", "username"),
			col(b, "string", "requestparameters"),
		}
	case "star":
		return cloudTrailColumns(b)
	}
	b.Fatalf("unknown column set %s", which)
	return nil
}

func runBench(b *testing.B, data []byte, opts format.Options, lines bool) {
	ts := make([]*types.Type, len(opts.Columns))
	for i, c := range opts.Columns {
		ts[i] = c.Type
	}
	batch := vector.NewBatch(ts, vector.BatchSize)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	cpu0 := threadCPU()
	rows := 0
	for i := 0; i < b.N; i++ {
		var r format.Reader
		if lines {
			r = NewJSONLines(bytes.NewReader(data), opts)
		} else {
			r = NewCloudTrail(bytes.NewReader(data), opts)
		}
		for {
			batch.Reset(vector.BatchSize)
			n, err := r.Next(batch, vector.BatchSize)
			rows += n
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	reportCPU(b, cpu0, len(data))
	b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
}

// reportCPU reports throughput per CPU second of the benchmark's thread,
// which a busy machine disturbs less than wall time.
func reportCPU(b *testing.B, cpu0 time.Duration, size int) {
	if cpu := threadCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/cpu.Seconds()/1e6, "cpuMB/s")
	}
}

// BenchmarkSkipScan: MustContain never matches; only the structural scan.
func BenchmarkSkipScan(b *testing.B) {
	runBench(b, benchData(), format.Options{Columns: benchColumns(b, "skip"), MustContain: [][][]byte{{[]byte("NoSuchEventName")}}}, false)
}

// BenchmarkTwoColumns extracts two short strings from every record.
func BenchmarkTwoColumns(b *testing.B) {
	runBench(b, benchData(), format.Options{Columns: benchColumns(b, "two")}, false)
}

// BenchmarkEightColumns extracts eight columns with a nested leaf and
// requestparameters as JSON text.
func BenchmarkEightColumns(b *testing.B) {
	runBench(b, benchData(), format.Options{Columns: benchColumns(b, "eight")}, false)
}

// BenchmarkSelectStar decodes every column of the CloudTrail schema.
func BenchmarkSelectStar(b *testing.B) {
	runBench(b, benchData(), format.Options{Columns: benchColumns(b, "star")}, false)
}

// BenchmarkJSONLinesTwoColumns is BenchmarkTwoColumns on JSON lines.
func BenchmarkJSONLinesTwoColumns(b *testing.B) {
	runBench(b, synthLines(3000, 1), format.Options{Columns: benchColumns(b, "two")}, true)
}

// BenchmarkGzipTwoColumns includes gunzip (klauspost) for reference;
// bytes are uncompressed bytes.
func BenchmarkGzipTwoColumns(b *testing.B) {
	data := benchData()
	gz := gzipBytes(b, data)
	opts := format.Options{Columns: benchColumns(b, "two"), MustContain: [][][]byte{{[]byte("ConsoleLogin")}}}
	ts := []*types.Type{opts.Columns[0].Type, opts.Columns[1].Type}
	batch := vector.NewBatch(ts, vector.BatchSize)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	cpu0 := threadCPU()
	for i := 0; i < b.N; i++ {
		zr, err := Decompress(bytes.NewReader(gz), "bench")
		if err != nil {
			b.Fatal(err)
		}
		r := NewCloudTrail(zr, opts)
		for {
			batch.Reset(vector.BatchSize)
			_, err := r.Next(batch, vector.BatchSize)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		zr.Close()
	}
	reportCPU(b, cpu0, len(data))
}

func TestSynthData(t *testing.T) {
	data := benchData()
	recs := ctRecords(t, data)
	if len(recs) != 3000 {
		t.Fatalf("%d records", len(recs))
	}
	avg := len(data) / len(recs)
	if avg < 1000 || avg > 2200 {
		t.Errorf("average record size %d bytes, want about 1.5 KB", avg)
	}
	// The synthetic data decodes like the reference too.
	cols := append(cloudTrailColumns(t), benchColumnsT(t)...)
	r := NewCloudTrail(bytes.NewReader(data), format.Options{Columns: cols, Name: "synth"})
	rows, err := readAll(r, cols, 1024)
	if err != nil {
		t.Fatal(err)
	}
	compareRows(t, "synth", rows, recs, cols)
}

func benchColumnsT(t *testing.T) []format.Column {
	return []format.Column{
		col(t, "string", "useridentity", "sessioncontext", "sessionissuer", "username"),
		col(t, "bigint", "additionaleventdata", "bytestransferredout"),
		col(t, "boolean", "readonly"),
		col(t, "map<string,string>", "requestparameters"),
	}
}
