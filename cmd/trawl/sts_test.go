package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func (s *served) sts(ak, sk, token string) *sts.Client {
	return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(s.endpoint),
		Credentials: credentials.NewStaticCredentialsProvider(ak, sk, token), RetryMaxAttempts: 1})
}

// realAssumedRole returns a real AssumedRole record from the shared
// real-world data (an Athena call from a role session).
func realAssumedRole(t *testing.T) map[string]any {
	t.Helper()
	f, err := os.Open("../../../shared/realdata/awsdocs-amazon-athena-user-guide.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if json.Unmarshal(sc.Bytes(), &rec) == nil && str(rec, "userIdentity.type") == "AssumedRole" {
			return rec
		}
	}
	t.Fatal("no AssumedRole record in the real data")
	return nil
}

// TestServeSTSIdentities assumes a role and takes a session token through
// STS on the trawl endpoint, calls Athena with the temporary credentials
// and checks how the events name each caller.
func TestServeSTSIdentities(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir)
	ctx := context.Background()
	const acct = "123456789012"
	ok(t, "", "iam", "create-user", "johndoe", "--data-dir", dir)
	var key struct {
		AccessKey struct{ AccessKeyId, SecretAccessKey string }
	}
	json.Unmarshal([]byte(ok(t, "", "iam", "create-access-key", "johndoe", "--data-dir", dir).stdout), &key)
	trust := filepath.Join(dir, "trust.json")
	os.WriteFile(trust, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+acct+`:user/johndoe"},"Action":"sts:AssumeRole"}]}`), 0o600)
	ok(t, "", "iam", "create-role", "Analyst", "--assume-role-policy-document", trust, "--data-dir", dir)
	perm := filepath.Join(dir, "perm.json")
	os.WriteFile(perm, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"athena:*","Resource":"*"}]}`), 0o600)
	ok(t, "", "iam", "put-role-policy", "Analyst", perm, "--data-dir", dir)

	user := s.sts(key.AccessKey.AccessKeyId, key.AccessKey.SecretAccessKey, "")
	assumed, err := user.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + acct + ":role/Analyst"), RoleSessionName: aws.String("incident-42")})
	if err != nil {
		t.Fatal(err)
	}
	cr := assumed.Credentials
	if !strings.HasPrefix(aws.ToString(cr.AccessKeyId), "ASIA") || aws.ToString(cr.SessionToken) == "" || cr.Expiration == nil {
		t.Fatalf("AssumeRole credentials: %+v", cr)
	}
	roleSTS := s.sts(aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), aws.ToString(cr.SessionToken))
	who, err := roleSTS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:sts::"+acct+":assumed-role/Analyst/incident-42" || aws.ToString(who.Account) != acct {
		t.Fatalf("GetCallerIdentity as the role: %+v %v", who, err)
	}
	// Without the session token the temporary key is refused.
	if _, err := s.sts(aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err == nil {
		t.Fatal("temporary credentials without their token were accepted")
	}
	roleAthena := athena.New(athena.Options{Region: "us-east-1", BaseEndpoint: aws.String(s.endpoint), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), aws.ToString(cr.SessionToken))})
	if _, qe := runQuery(t, roleAthena, "SELECT 1", "s3://results-bucket/sts/"); qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("query as the role: %s", qe.Status.State)
	}
	// The user itself has no Athena policy: refused.
	if _, err := s.athenaIn(key.AccessKey.AccessKeyId, key.AccessKey.SecretAccessKey, "us-east-1").ListWorkGroups(ctx, &athena.ListWorkGroupsInput{}); apiErrorCode(err) != "AccessDeniedException" {
		t.Fatalf("the user without a policy: %v", err)
	}
	// GetSessionToken: the user's own identity, with a session.
	sess, err := user.GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	sessSTS := s.sts(aws.ToString(sess.Credentials.AccessKeyId), aws.ToString(sess.Credentials.SecretAccessKey), aws.ToString(sess.Credentials.SessionToken))
	if who, err := sessSTS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil || aws.ToString(who.Arn) != "arn:aws:iam::"+acct+":user/johndoe" {
		t.Fatalf("GetCallerIdentity with a session token: %+v %v", who, err)
	}

	ct := s.cloudtrail(s.ak, s.sk, "us-east-1")
	// The role's Athena call: an AssumedRole identity shaped like a real one.
	sqe := lookup(t, ct, cttypes.LookupAttributeKeyEventName, "StartQueryExecution")
	if len(sqe) != 1 {
		t.Fatalf("%d StartQueryExecution events", len(sqe))
	}
	ui := sqe[0]["userIdentity"].(map[string]any)
	if diffs := sameShape(realAssumedRole(t)["userIdentity"], ui, "userIdentity"); len(diffs) > 0 {
		t.Errorf("AssumedRole identity differs from a real one: %v\n%v", diffs, ui)
	}
	if str(sqe[0], "userIdentity.type") != "AssumedRole" || str(sqe[0], "userIdentity.arn") != aws.ToString(who.Arn) ||
		str(sqe[0], "userIdentity.accessKeyId") != aws.ToString(cr.AccessKeyId) ||
		str(sqe[0], "userIdentity.sessionContext.sessionIssuer.arn") != "arn:aws:iam::"+acct+":role/Analyst" ||
		str(sqe[0], "userIdentity.sessionContext.sessionIssuer.userName") != "Analyst" ||
		str(sqe[0], "userIdentity.sessionContext.attributes.mfaAuthenticated") != "false" ||
		!strings.HasSuffix(str(sqe[0], "userIdentity.principalId"), ":incident-42") {
		t.Errorf("AssumedRole identity: %v", ui)
	}
	// The AssumeRole call itself, found by its resource.
	ar := lookup(t, ct, cttypes.LookupAttributeKeyResourceType, "AWS::IAM::Role")
	if len(ar) != 1 || str(ar[0], "eventSource") != "sts.amazonaws.com" || str(ar[0], "eventName") != "AssumeRole" ||
		str(ar[0], "requestParameters.roleArn") != "arn:aws:iam::"+acct+":role/Analyst" || str(ar[0], "requestParameters.roleSessionName") != "incident-42" ||
		str(ar[0], "responseElements.credentials.accessKeyId") != aws.ToString(cr.AccessKeyId) || str(ar[0], "userIdentity.userName") != "johndoe" {
		t.Fatalf("AssumeRole events: %v", ar)
	}
	// GetSessionToken credentials: the user, with session attributes and no issuer.
	gci := lookup(t, ct, cttypes.LookupAttributeKeyAccessKeyId, aws.ToString(sess.Credentials.AccessKeyId))
	if len(gci) != 1 || str(gci[0], "userIdentity.type") != "IAMUser" || str(gci[0], "userIdentity.sessionContext.attributes.creationDate") == "" ||
		str(gci[0], "userIdentity.sessionContext.sessionIssuer.arn") != "" {
		t.Fatalf("a call with GetSessionToken credentials: %v", gci)
	}
	// The role session's calls, by the session name.
	if got := lookup(t, ct, cttypes.LookupAttributeKeyUsername, "incident-42"); len(got) < 3 {
		t.Fatalf("Username=incident-42: %d events", len(got))
	}
	// No secret anywhere in the history.
	for _, e := range lookup(t, ct, "", "") {
		b, _ := json.Marshal(e)
		for _, secret := range []string{key.AccessKey.SecretAccessKey, aws.ToString(cr.SecretAccessKey), aws.ToString(sess.Credentials.SecretAccessKey), s.sk} {
			if strings.Contains(string(b), secret) {
				t.Fatalf("a secret access key is in an event: %s", b)
			}
		}
	}
}

// TestSTSAWSCLI runs aws sts assume-role and get-caller-identity with the
// real AWS CLI against trawl.
func TestSTSAWSCLI(t *testing.T) {
	awsPath := awsCLI(t)
	dir := t.TempDir()
	s := startServe(t, dir)
	trust := filepath.Join(dir, "trust.json")
	os.WriteFile(trust, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/ops"},"Action":"sts:AssumeRole"}]}`), 0o600)
	ok(t, "", "iam", "create-user", "ops", "--data-dir", dir)
	var key struct {
		AccessKey struct{ AccessKeyId, SecretAccessKey string }
	}
	json.Unmarshal([]byte(ok(t, "", "iam", "create-access-key", "ops", "--data-dir", dir).stdout), &key)
	ok(t, "", "iam", "create-role", "Responder", "--assume-role-policy-document", trust, "--data-dir", dir)
	env := awsEnv(dir, filepath.Join(dir, "no-credentials"))
	run := func(extra []string, args ...string) map[string]any {
		t.Helper()
		cmd := exec.Command(awsPath, append([]string{"--endpoint-url", s.endpoint, "--region", "us-east-1", "--output", "json"}, args...)...)
		cmd.Env = append(append([]string{}, env...), extra...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		var m map[string]any
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return m
	}
	userEnv := []string{"AWS_ACCESS_KEY_ID=" + key.AccessKey.AccessKeyId, "AWS_SECRET_ACCESS_KEY=" + key.AccessKey.SecretAccessKey}
	if who := run(userEnv, "sts", "get-caller-identity"); who["Arn"] != "arn:aws:iam::123456789012:user/ops" || who["Account"] != "123456789012" {
		t.Fatalf("get-caller-identity: %v", who)
	}
	out := run(userEnv, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Responder", "--role-session-name", "night-shift")
	c := out["Credentials"].(map[string]any)
	if out["AssumedRoleUser"].(map[string]any)["Arn"] != "arn:aws:sts::123456789012:assumed-role/Responder/night-shift" {
		t.Fatalf("assume-role: %v", out)
	}
	roleEnv := []string{"AWS_ACCESS_KEY_ID=" + c["AccessKeyId"].(string), "AWS_SECRET_ACCESS_KEY=" + c["SecretAccessKey"].(string), "AWS_SESSION_TOKEN=" + c["SessionToken"].(string)}
	if who := run(roleEnv, "sts", "get-caller-identity"); who["Arn"] != "arn:aws:sts::123456789012:assumed-role/Responder/night-shift" {
		t.Fatalf("get-caller-identity as the role: %v", who)
	}
}
