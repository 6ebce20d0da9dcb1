package gen

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// actorKind says who an actor is; it decides the identity shape, the source
// addresses, the user agents and which events the actor calls.
type actorKind uint8

const (
	kSSO        actorKind = iota // AssumedRole via IAM Identity Center permission set
	kCI                          // AssumedRole used by CI/CD and Terraform
	kApp                         // AssumedRole of a workload (Lambda, EC2, ECS, EKS)
	kCfg                         // AssumedRole of a service-linked role (Config, Security Hub, ...)
	kSupport                     // AssumedRole AWSServiceRoleForSupport
	kIAMHuman                    // IAMUser, a person
	kIAMMachine                  // IAMUser with long-term keys used by software
	kRoot                        // Root
	kFederated                   // FederatedUser
	kXAccount                    // AWSAccount (another account)
	kIDC                         // IdentityCenterUser
	kUnknown                     // Unknown (sign-in events)
	kService                     // AWSService
	numKinds
)

// Event classes: an event is callable by actors whose class mask intersects
// the event's.
const (
	cH    uint32 = 1 << iota // people: reads and writes across services
	cCon                     // console-only events (ConsoleLogin, ...)
	cCI                      // deployment tooling
	cApp                     // workloads
	cCfg                     // service-linked scanners
	cSup                     // AWS Support
	cSvc                     // AWS services
	cX                       // cross-account callers
	cUnk                     // sign-in flow events
	cIDC                     // Identity Center user portal
	cRoot                    // root-only flavour
	cMach                    // IAM users used by software (integrations)
)

// identity holes filled at record time.
const (
	holeNone     uint8 = iota
	holeKey            // session access key id
	holeCreation       // session creation date
)

type identSeg struct {
	lit  string
	hole uint8
}

// userAgent is one user agent an actor uses; cmd appends the aws-cli
// " command/<svc>.<op>" suffix for the event.
type userAgent struct {
	s   string
	cmd bool
}

// actor is one principal (and session flavour) that makes calls.
type actor struct {
	kind     actorKind
	idType   string
	segs     []identSeg // userIdentity object, with holes
	login    []identSeg // userIdentity for ConsoleLogin, when it differs
	mask     uint32
	seed     uint64
	session  int64 // session length in seconds (0: no session key)
	keyPfx   string
	ips      []string // source addresses; empty means svcName
	svcName  string   // service principal used as source address and agent
	uas      []userAgent
	console  bool   // console session: sessionCredentialFromConsole
	selfArn  string // ARN quoted in AccessDenied messages
	mfa      bool
	userName string // IAM user name / role name, for requests about oneself
	// kService: roles this service assumes and how it names sessions
	roleArns []string
	sessName string
	// kXAccount: the caller's account
	extAcct string
	weight  float64
}

// world is everything generated once per account: principals and resources.
type world struct {
	acct     string
	company  string
	env      string
	tzOffset int64 // seconds east of UTC of the account's office hours
	actors   [numKinds][]*actor
	choosers [numKinds]chooser

	users, roles, groups, policies                 []string
	buckets                                        []string
	instances, sgs, vpcs, subnets, amis, volumes   []string
	snapshots, enis, keyPairs                      []string
	kmsKeys, functions, logGroups, secrets, params []string
	tables, queues, topics, repos, ecsClusters     []string
	eksClusters, dbs, stacks, lbs, asgs, zones     []string
	vpces                                          []string
	workgroups, databases, detectors, trails       []string
	alarms, rules, certs, stateMachines            []string
	orgID, orgRoot, identityStore                  string
	natIPs                                         []string
}

var (
	companies = []string{"acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "cyberdyne", "wonka", "soylent", "vandelay", "massive", "aperture", "oscorp", "dunder"}
	envs      = []string{"prod", "staging", "dev", "shared", "security", "data", "sandbox", "platform"}
	firsts    = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yuki", "zoe", "amir", "bea", "chen", "diego", "elif", "farah", "goran", "hana", "igor", "jamal", "kenji", "lena", "mateo", "noor", "omar", "priya", "quinn", "rosa", "sven", "tariq", "uma", "vikram", "wei", "ximena", "yusuf", "zainab", "anders", "bjorn", "camille"}
	lasts     = []string{"smith", "jones", "garcia", "miller", "davis", "martin", "lee", "walker", "hall", "young", "king", "wright", "lopez", "hill", "scott", "green", "adams", "baker", "nelson", "carter", "mitchell", "perez", "roberts", "turner", "phillips", "campbell", "parker", "evans", "edwards", "collins", "nakamura", "muller", "rossi", "kowalski", "novak", "silva", "kim", "patel", "singh", "cohen"}
	permSets  = []string{"AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess", "ViewOnlyAccess", "SecurityAudit", "DeveloperAccess", "BillingAccess", "DataEngineer"}
	domains   = []string{"example.com", "example.org", "corp.example.net"}
)

// cliVersions etc. are realistic user agent ingredients.
var (
	cliAgents = []string{
		"aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22 prompt/off",
		"aws-cli/2.13.0 Python/3.11.4 Darwin/23.1.0 exe/x86_64 prompt/off",
		"aws-cli/2.17.4 Python/3.11.9 Darwin/23.5.0 exe/arm64 prompt/off",
		"aws-cli/2.22.10 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off",
		"aws-cli/2.15.58 Python/3.11.8 Windows/10 exe/AMD64 prompt/off",
		"aws-cli/1.29.62 Python/3.9.16 Linux/5.10.184-175.749.amzn2.x86_64 botocore/1.31.62",
	}
	sdkAgents = []string{
		"Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213-201.855.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
		"Boto3/1.26.165 Python/3.10.6 Linux/5.19.0-46-generic Botocore/1.29.165",
		"aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.152.0",
		"aws-sdk-go/1.50.30 (go1.21.7; linux; amd64)",
		"aws-sdk-java/2.25.16 Linux/5.10.213-201.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
		"aws-sdk-js/3.515.0 ua/2.0 os/linux#5.10.209-218.812.amzn2.x86_64 lang/js md/nodejs#20.11.0 api/s3#3.515.0",
		"aws-sdk-nodejs/2.1550.0 linux/v18.19.0 promise",
	}
	lambdaAgents = []string{
		"Boto3/1.34.42 md/Botocore#1.34.42 ua/2.0 os/linux#5.10.209-218.812.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.42",
		"aws-sdk-js/3.462.0 ua/2.0 os/linux#5.10.209-218.812.amzn2.x86_64 lang/js md/nodejs#20.11.1 exec-env/AWS_Lambda_nodejs20.x api/dynamodb#3.462.0",
		"aws-sdk-java/2.20.162 Linux/5.10.209-218.812.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS Java/17.0.9 vendor/Amazon.com_Inc. exec-env/AWS_Lambda_java17 io/sync http/UrlConnection cfg/retry-mode/legacy",
		"aws-sdk-go-v2/1.24.1 os/linux lang/go#1.21.6 md/GOOS#linux md/GOARCH#arm64 exec-env/AWS_Lambda_provided.al2",
	}
	ssmAgent = "aws-sdk-go/1.44.260 (go1.20.4; linux; amd64) amazon-ssm-agent/"
	tfAgents = []string{
		"APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2 os/linux lang/go#1.21.8 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.149.1",
		"APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/4.67.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.44.261 (go1.19.8; linux; amd64)",
	}
	browserAgents = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
		"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.81",
	}
	consoleAgents = []string{"console.amazonaws.com", "AWS Internal", "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.184-153.731.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard]"}
)

// newWorld builds the account's principals and resources from the seed.
func newWorld(seed int64, acct string, ips *ipPool, regions []string) *world {
	r := newRand(uint64(seed), domWorld, hashString(acct))
	w := &world{acct: acct}
	w.company = pickStr(r, companies)
	w.env = pickStr(r, envs)
	w.tzOffset = []int64{-8, -5, -5, 0, 1, 1, 2, 5, 9}[r.IntN(9)] * 3600
	base := w.company + "-" + w.env

	// Plain resource names.
	purposes := []string{"assets", "logs", "backups", "data-lake", "artifacts", "terraform-state", "uploads", "static-site", "reports", "exports", "media", "config"}
	r.Shuffle(len(purposes), func(i, j int) { purposes[i], purposes[j] = purposes[j], purposes[i] })
	for _, p := range purposes[:6+r.IntN(5)] {
		w.buckets = append(w.buckets, base+"-"+p+"-"+acct)
	}
	w.buckets = append(w.buckets,
		"aws-athena-query-results-"+acct+"-"+regions[0],
		"cdk-hnb659fds-assets-"+acct+"-"+regions[0],
		"aws-cloudtrail-logs-"+acct+"-"+randChars(r, "0123456789abcdef", 8),
		"elasticbeanstalk-"+regions[0]+"-"+acct,
	)
	for i := 0; i < 12+r.IntN(20); i++ {
		w.instances = append(w.instances, "i-0"+randChars(r, "0123456789abcdef", 16))
	}
	for i := 0; i < 8+r.IntN(8); i++ {
		w.sgs = append(w.sgs, "sg-0"+randChars(r, "0123456789abcdef", 16))
		w.subnets = append(w.subnets, "subnet-0"+randChars(r, "0123456789abcdef", 16))
		w.volumes = append(w.volumes, "vol-0"+randChars(r, "0123456789abcdef", 16))
		w.snapshots = append(w.snapshots, "snap-0"+randChars(r, "0123456789abcdef", 16))
		w.enis = append(w.enis, "eni-0"+randChars(r, "0123456789abcdef", 16))
		w.amis = append(w.amis, "ami-0"+randChars(r, "0123456789abcdef", 16))
	}
	for i := 0; i < 2+r.IntN(3); i++ {
		w.vpcs = append(w.vpcs, "vpc-0"+randChars(r, "0123456789abcdef", 16))
		w.vpces = append(w.vpces, "vpce-0"+randChars(r, "0123456789abcdef", 16))
	}
	w.keyPairs = []string{base + "-bastion", "deploy-key", firsts[r.IntN(len(firsts))] + "-laptop"}
	for i := 0; i < 4+r.IntN(6); i++ {
		w.kmsKeys = append(w.kmsKeys, string(appendUUID(nil, r)))
	}
	fnNames := []string{"image-resizer", "order-processor", "slack-notifier", "etl-nightly", "auth-authorizer", "s3-event-handler", "cost-reporter", "log-shipper", "api-handler", "thumbnailer", "webhook-receiver", "scheduler"}
	r.Shuffle(len(fnNames), func(i, j int) { fnNames[i], fnNames[j] = fnNames[j], fnNames[i] })
	for _, f := range fnNames[:5+r.IntN(6)] {
		w.functions = append(w.functions, w.env+"-"+f)
	}
	for _, f := range w.functions {
		w.logGroups = append(w.logGroups, "/aws/lambda/"+f)
	}
	w.logGroups = append(w.logGroups, "/ecs/"+base+"-api", "/aws/eks/"+base+"/cluster", "/aws/rds/instance/"+base+"-db/postgresql", "aws-cloudtrail-logs-"+acct)
	secretNames := []string{"db/master", "api/stripe", "api/github-token", "rds!db-" + randChars(r, "0123456789abcdef", 8), "datadog/api-key", "oauth/client-secret", "app/jwt-signing-key"}
	for _, s := range secretNames[:4+r.IntN(4)] {
		w.secrets = append(w.secrets, w.env+"/"+s+"-"+randChars(r, alnum, 6))
	}
	for _, p := range []string{"/config/db/host", "/config/db/port", "/app/feature-flags", "/app/log-level", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", "/cloudwatch-agent/config", "/app/" + w.env + "/api-url"} {
		w.params = append(w.params, p)
	}
	for _, t := range []string{"orders", "users", "sessions", "inventory", "events", "terraform-locks", "idempotency"} {
		w.tables = append(w.tables, w.env+"-"+t)
	}
	for _, q := range []string{"orders", "notifications", "dead-letter", "ingest", "emails.fifo"} {
		w.queues = append(w.queues, w.env+"-"+q)
	}
	for _, t := range []string{"alerts", "deployments", "billing-alarms", "security-findings"} {
		w.topics = append(w.topics, w.env+"-"+t)
	}
	for _, rp := range []string{"api", "worker", "frontend", "base-images/python", "migrations"} {
		w.repos = append(w.repos, w.company+"/"+rp)
	}
	w.ecsClusters = []string{base + "-cluster", base + "-batch"}
	w.eksClusters = []string{base, base + "-tools"}
	w.dbs = []string{base + "-db", base + "-analytics", base + "-replica-1"}
	w.stacks = []string{base + "-network", base + "-app", "CDKToolkit", "StackSet-" + w.company + "-baseline-" + string(appendUUID(nil, r)), base + "-monitoring"}
	w.lbs = []string{"app/" + base + "-alb/" + randChars(r, "0123456789abcdef", 16), "net/" + base + "-nlb/" + randChars(r, "0123456789abcdef", 16)}
	w.asgs = []string{base + "-workers", "eks-" + base + "-nodes-" + string(appendUUID(nil, r))}
	w.zones = []string{"Z0" + randChars(r, upperNum, 19), "Z" + randChars(r, upperNum, 13)}
	w.workgroups = []string{"primary", w.env + "-analytics", "security"}
	w.databases = []string{"default", "cloudtrail", w.env + "_lake", "security_logs"}
	w.detectors = []string{randChars(r, "0123456789abcdef", 32)}
	w.trails = []string{"management-events", w.company + "-org-trail"}
	w.alarms = []string{base + "-api-5xx", base + "-cpu-high", "RootAccountUsage", "UnauthorizedAPICalls", base + "-queue-depth"}
	w.rules = []string{"guardduty-findings-to-sns", "nightly-etl-schedule", "ec2-state-change", "securityhub-critical"}
	for i := 0; i < 3; i++ {
		w.certs = append(w.certs, string(appendUUID(nil, r)))
	}
	w.stateMachines = []string{base + "-order-workflow", base + "-etl"}
	w.orgID = "o-" + randChars(r, lowerNum, 10)
	w.orgRoot = "r-" + randChars(r, lowerNum, 4)
	w.identityStore = "d-" + randChars(r, "0123456789abcdef", 10)
	for i := 0; i < 6; i++ {
		w.natIPs = append(w.natIPs, ips.aws(r))
	}

	w.buildActors(r, ips)
	return w
}

// principal id suffix: 17 characters of upper case and digits after AIDA/AROA.
func principalSuffix(r *rand.Rand) string {
	return randChars(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17)
}

func (w *world) add(a *actor, r *rand.Rand) {
	a.seed = r.Uint64()
	if a.session > 0 {
		a.session = a.session/600*600 + 600
	}
	w.actors[a.kind] = append(w.actors[a.kind], a)
}

// assumedRole renders an AssumedRole identity.
func (w *world) assumedRole(roleArn, roleName, roleID, session string, mfa bool, extraCtx, invokedBy string) []identSeg {
	acct := w.acct
	var b []byte
	b = append(b, `{"type":"AssumedRole","principalId":`...)
	b = appendQuoted(b, roleID+":"+session)
	b = append(b, `,"arn":`...)
	b = appendQuoted(b, "arn:aws:sts::"+acct+":assumed-role/"+roleName+"/"+session)
	b = append(b, `,"accountId":"`...)
	b = append(b, acct...)
	b = append(b, `","accessKeyId":"`...)
	segs := []identSeg{{lit: string(b)}, {hole: holeKey}}
	b = b[:0]
	b = append(b, `","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"`...)
	b = append(b, roleID...)
	b = append(b, `","arn":`...)
	b = appendQuoted(b, roleArn)
	b = append(b, `,"accountId":"`...)
	b = append(b, acct...)
	b = append(b, `","userName":`...)
	b = appendQuoted(b, roleName)
	b = append(b, `},"webIdFederationData":{},"attributes":{"creationDate":"`...)
	segs = append(segs, identSeg{lit: string(b)}, identSeg{hole: holeCreation})
	b = b[:0]
	b = append(b, `","mfaAuthenticated":"`...)
	b = append(b, strconv.FormatBool(mfa)...)
	b = append(b, `"}`...)
	b = append(b, extraCtx...)
	b = append(b, '}')
	if invokedBy != "" {
		b = append(b, `,"invokedBy":`...)
		b = appendQuoted(b, invokedBy)
	}
	b = append(b, '}')
	return append(segs, identSeg{lit: string(b)})
}

func lit(s string) []identSeg { return []identSeg{{lit: s}} }

func (w *world) buildActors(r *rand.Rand, ips *ipPool) {
	acct := w.acct
	humanIPs := func() []string {
		n := 1 + r.IntN(3)
		out := make([]string, n)
		for i := range out {
			out[i] = ips.public(r)
		}
		return out
	}
	consoleUAs := func() []userAgent {
		b := pickStr(r, browserAgents)
		return []userAgent{{s: b}, {s: b}, {s: consoleAgents[0]}, {s: consoleAgents[1]}, {s: consoleAgents[2]}}
	}
	cliUAs := func() []userAgent {
		return []userAgent{{s: pickStr(r, cliAgents), cmd: true}, {s: pickStr(r, cliAgents), cmd: true}, {s: pickStr(r, sdkAgents)}}
	}

	// People signing in through IAM Identity Center.
	nPeople := 6 + r.IntN(10)
	dom := pickStr(r, domains)
	for i := 0; i < nPeople; i++ {
		first, last := pickStr(r, firsts), pickStr(r, lasts)
		email := first + "." + last + "@" + dom
		ps := permSets[zipfIndex(r, len(permSets))]
		roleName := "AWSReservedSSO_" + ps + "_" + randChars(r, "0123456789abcdef", 16)
		roleArn := "arn:aws:iam::" + acct + ":role/aws-reserved/sso.amazonaws.com/" + roleName
		roleID := "AROA" + principalSuffix(r)
		ip := humanIPs()
		self := "arn:aws:sts::" + acct + ":assumed-role/" + roleName + "/" + email
		wt := 1 / float64(i+1)
		w.add(&actor{kind: kSSO, idType: "AssumedRole", segs: w.assumedRole(roleArn, roleName, roleID, email, false, "", ""),
			mask: cH | cCon, session: 3600 * int64(1+r.IntN(8)), keyPfx: "ASIA", ips: ip, uas: consoleUAs(), console: true,
			selfArn: self, userName: roleName, weight: wt * 1.3}, r)
		w.add(&actor{kind: kSSO, idType: "AssumedRole", segs: w.assumedRole(roleArn, roleName, roleID, email, false, "", ""),
			mask: cH, session: 3600 * int64(1+r.IntN(8)), keyPfx: "ASIA", ips: ip, uas: cliUAs(),
			selfArn: self, userName: roleName, weight: wt}, r)
	}

	// CI / Terraform roles.
	for _, ci := range []struct{ role, session string }{
		{"github-actions-deploy", "GitHubActions"},
		{"terraform-apply", "terraform-" + randChars(r, "0123456789", 10)},
		{"atlantis-plan", "atlantis-" + randChars(r, lowerNum, 8)},
		{"jenkins-build", "jenkins-" + randChars(r, "0123456789", 6)},
	}[:2+r.IntN(3)] {
		roleArn := "arn:aws:iam::" + acct + ":role/" + ci.role
		roleID := "AROA" + principalSuffix(r)
		uas := []userAgent{{s: pickStr(r, tfAgents)}, {s: pickStr(r, tfAgents)}, {s: pickStr(r, cliAgents), cmd: true}, {s: pickStr(r, sdkAgents)}}
		w.add(&actor{kind: kCI, idType: "AssumedRole", segs: w.assumedRole(roleArn, ci.role, roleID, ci.session, false, "", ""),
			mask: cCI, session: 3600, keyPfx: "ASIA", ips: []string{ips.aws(r), ips.aws(r), ips.public(r)}, uas: uas,
			selfArn: "arn:aws:sts::" + acct + ":assumed-role/" + ci.role + "/" + ci.session, userName: ci.role, weight: 1}, r)
	}

	// Workload roles.
	var lambdaRoles, ec2Roles, ecsRoles []string
	for i, fn := range w.functions {
		role := fn + "-role-" + randChars(r, lowerNum, 8)
		roleArn := "arn:aws:iam::" + acct + ":role/service-role/" + role
		lambdaRoles = append(lambdaRoles, roleArn)
		w.add(&actor{kind: kApp, idType: "AssumedRole", segs: w.assumedRole(roleArn, role, "AROA"+principalSuffix(r), fn, false, "", ""),
			mask: cApp, session: 3600 * 12, keyPfx: "ASIA", ips: w.natIPs, uas: []userAgent{{s: pickStr(r, lambdaAgents)}},
			selfArn: "arn:aws:sts::" + acct + ":assumed-role/" + role + "/" + fn, userName: role, weight: 1 / float64(i+1)}, r)
	}
	for i := 0; i < 2+r.IntN(3); i++ {
		role := w.company + "-" + []string{"app-server", "bastion", "worker", "eks-node", "batch"}[i%5] + "-role"
		roleArn := "arn:aws:iam::" + acct + ":role/" + role
		ec2Roles = append(ec2Roles, roleArn)
		inst := w.instances[r.IntN(len(w.instances))]
		w.add(&actor{kind: kApp, idType: "AssumedRole", segs: w.assumedRole(roleArn, role, "AROA"+principalSuffix(r), inst, false, `,"ec2RoleDelivery":"2.0"`, ""),
			mask: cApp, session: 3600 * 6, keyPfx: "ASIA", ips: []string{ips.aws(r)}, uas: []userAgent{{s: ssmAgent}, {s: pickStr(r, sdkAgents)}, {s: pickStr(r, cliAgents), cmd: true}},
			selfArn: "arn:aws:sts::" + acct + ":assumed-role/" + role + "/" + inst, userName: role, weight: 1.5}, r)
	}
	for i := 0; i < 1+r.IntN(3); i++ {
		role := w.env + "-ecs-task-" + []string{"api", "worker", "scheduler"}[i%3]
		roleArn := "arn:aws:iam::" + acct + ":role/" + role
		ecsRoles = append(ecsRoles, roleArn)
		sess := randChars(r, "0123456789abcdef", 32)
		w.add(&actor{kind: kApp, idType: "AssumedRole", segs: w.assumedRole(roleArn, role, "AROA"+principalSuffix(r), sess, false, "", ""),
			mask: cApp, session: 3600 * 6, keyPfx: "ASIA", ips: w.natIPs, uas: []userAgent{{s: pickStr(r, sdkAgents)}},
			selfArn: "arn:aws:sts::" + acct + ":assumed-role/" + role + "/" + sess, userName: role, weight: 1.2}, r)
	}

	// Service-linked scanners.
	type slr struct{ svc, role, session string }
	for _, s := range []slr{
		{"config.amazonaws.com", "AWSServiceRoleForConfig", "AWSConfig-Describe"},
		{"securityhub.amazonaws.com", "AWSServiceRoleForSecurityHub", "securityhub"},
		{"guardduty.amazonaws.com", "AWSServiceRoleForAmazonGuardDuty", "GuardDutyServiceSession"},
		{"access-analyzer.amazonaws.com", "AWSServiceRoleForAccessAnalyzer", "access-analyzer"},
		{"trustedadvisor.amazonaws.com", "AWSServiceRoleForTrustedAdvisor", "TrustedAdvisor_" + acct + "_" + string(appendUUID(nil, r))},
		{"inspector2.amazonaws.com", "AWSServiceRoleForAmazonInspector2", "MandoService-" + randChars(r, "0123456789", 19)},
		{"compute-optimizer.amazonaws.com", "AWSServiceRoleForComputeOptimizer", "ComputeOptimizer"},
	} {
		roleArn := "arn:aws:iam::" + acct + ":role/aws-service-role/" + s.svc + "/" + s.role
		w.add(&actor{kind: kCfg, idType: "AssumedRole", segs: w.assumedRole(roleArn, s.role, "AROA"+principalSuffix(r), s.session, false, "", s.svc),
			mask: cCfg, session: 3600, keyPfx: "ASIA", svcName: s.svc, uas: []userAgent{{s: s.svc}},
			selfArn: "arn:aws:sts::" + acct + ":assumed-role/" + s.role + "/" + s.session, userName: s.role,
			weight: map[bool]float64{true: 4, false: 1}[s.role == "AWSServiceRoleForConfig"]}, r)
	}

	// AWS Support.
	supRoleArn := "arn:aws:iam::" + acct + ":role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport"
	supID := "AROA" + principalSuffix(r)
	for i := 0; i < 3; i++ {
		sess := "SupportSession-" + randChars(r, "0123456789", 13)
		w.add(&actor{kind: kSupport, idType: "AssumedRole", segs: w.assumedRole(supRoleArn, "AWSServiceRoleForSupport", supID, sess, false, "", "support.amazonaws.com"),
			mask: cSup, session: 3600, keyPfx: "ASIA", svcName: "support.amazonaws.com", uas: []userAgent{{s: "support.amazonaws.com"}},
			selfArn: "arn:aws:sts::" + acct + ":assumed-role/AWSServiceRoleForSupport/" + sess, userName: "AWSServiceRoleForSupport", weight: 1}, r)
	}

	// IAM users: people.
	for i := 0; i < 2+r.IntN(5); i++ {
		first, last := pickStr(r, firsts), pickStr(r, lasts)
		name := first + "." + last
		if r.IntN(2) == 0 {
			name = first[:1] + last
		}
		w.users = append(w.users, name)
		pid := "AIDA" + principalSuffix(r)
		arn := "arn:aws:iam::" + acct + ":user/" + name
		head := `{"type":"IAMUser","principalId":"` + pid + `","arn":"` + arn + `","accountId":"` + acct + `"`
		mfa := r.IntN(4) != 0
		ip := humanIPs()
		login := lit(head + `,"userName":"` + name + `"}`)
		w.add(&actor{kind: kIAMHuman, idType: "IAMUser",
			segs: []identSeg{{lit: head + `,"accessKeyId":"`}, {hole: holeKey}, {lit: `","userName":"` + name + `","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"`},
				{hole: holeCreation}, {lit: `","mfaAuthenticated":"` + strconv.FormatBool(mfa) + `"}}}`}},
			login: login, mask: cH | cCon, session: 3600 * int64(1+r.IntN(10)), keyPfx: "ASIA", ips: ip, uas: consoleUAs(), console: true,
			selfArn: arn, mfa: mfa, userName: name, weight: 1 / float64(i+1)}, r)
		w.add(&actor{kind: kIAMHuman, idType: "IAMUser",
			segs: lit(head + `,"accessKeyId":"AKIA` + randChars(r, base32ch, 16) + `","userName":"` + name + `"}`),
			mask: cH, ips: ip, uas: cliUAs(), selfArn: arn, userName: name, weight: 0.8 / float64(i+1)}, r)
	}
	// IAM users: software.
	for i, name := range []string{"svc-backup", "datadog-integration", "legacy-batch", "s3-sync", "ci-deployer", "splunk-addon", "wiz-scanner"}[:3+r.IntN(4)] {
		w.users = append(w.users, name)
		pid := "AIDA" + principalSuffix(r)
		arn := "arn:aws:iam::" + acct + ":user/" + name
		ua := []userAgent{{s: pickStr(r, sdkAgents)}}
		if r.IntN(3) == 0 {
			ua = append(ua, userAgent{s: pickStr(r, cliAgents), cmd: true})
		}
		w.add(&actor{kind: kIAMMachine, idType: "IAMUser",
			segs: lit(`{"type":"IAMUser","principalId":"` + pid + `","arn":"` + arn + `","accountId":"` + acct + `","accessKeyId":"AKIA` + randChars(r, base32ch, 16) + `","userName":"` + name + `"}`),
			mask: cMach, ips: []string{ips.public(r), ips.public(r)}, uas: ua, selfArn: arn, userName: name, weight: 1 / float64(i+1)}, r)
	}
	for _, g := range []string{"Admins", "Developers", "ReadOnly", "Billing", "SecurityAuditors"} {
		w.groups = append(w.groups, g)
	}

	// Root.
	rootHead := `{"type":"Root","principalId":"` + acct + `","arn":"arn:aws:iam::` + acct + `:root","accountId":"` + acct + `"`
	w.add(&actor{kind: kRoot, idType: "Root",
		segs: []identSeg{{lit: rootHead + `,"accessKeyId":"`}, {hole: holeKey}, {lit: `","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"`},
			{hole: holeCreation}, {lit: `","mfaAuthenticated":"true"}}}`}},
		login: lit(rootHead + `,"accessKeyId":""}`),
		mask:  cRoot, session: 3600 * 2, keyPfx: "ASIA", ips: humanIPs(), uas: consoleUAs(), console: true,
		selfArn: "arn:aws:iam::" + acct + ":root", mfa: true, userName: "root", weight: 1}, r)

	// Federated users (GetFederationToken by a broker IAM user).
	broker := "sso-broker"
	brokerID := "AIDA" + principalSuffix(r)
	for i := 0; i < 1+r.IntN(2); i++ {
		name := pickStr(r, firsts) + "-federated"
		head := `{"type":"FederatedUser","principalId":"` + acct + `:` + name + `","arn":"arn:aws:sts::` + acct + `:federated-user/` + name + `","accountId":"` + acct + `","accessKeyId":"`
		w.add(&actor{kind: kFederated, idType: "FederatedUser",
			segs: []identSeg{{lit: head}, {hole: holeKey}, {lit: `","sessionContext":{"sessionIssuer":{"type":"IAMUser","principalId":"` + brokerID + `","arn":"arn:aws:iam::` + acct + `:user/` + broker + `","accountId":"` + acct + `","userName":"` + broker + `"},"webIdFederationData":{},"attributes":{"creationDate":"`},
				{hole: holeCreation}, {lit: `","mfaAuthenticated":"false"}}}`}},
			mask: cH, session: 3600 * 12, keyPfx: "ASIA", ips: humanIPs(), uas: cliUAs(),
			selfArn: "arn:aws:sts::" + acct + ":federated-user/" + name, userName: name, weight: 1}, r)
	}

	// Other accounts calling in.
	for i := 0; i < 2+r.IntN(2); i++ {
		ext := string(appendDigits(nil, r, 12))
		var pid string
		if r.IntN(2) == 0 {
			pid = "AROA" + principalSuffix(r) + ":" + pickStr(r, []string{"botocore-session-" + randChars(r, "0123456789", 10), "aws-go-sdk-" + randChars(r, "0123456789", 19), "cross-account-reader"})
		} else {
			pid = "AIDA" + principalSuffix(r)
		}
		w.add(&actor{kind: kXAccount, idType: "AWSAccount",
			segs: lit(`{"type":"AWSAccount","principalId":"` + pid + `","accountId":"` + ext + `"}`),
			mask: cX, ips: []string{ips.aws(r), ips.public(r)}, uas: []userAgent{{s: pickStr(r, sdkAgents)}, {s: pickStr(r, cliAgents), cmd: true}},
			selfArn: "arn:aws:iam::" + ext + ":root", extAcct: ext, weight: 1 / float64(i+1)}, r)
	}

	// Identity Center users in the access portal, and the sign-in flow
	// (type Unknown).
	for i := 0; i < 3+r.IntN(6); i++ {
		uid := string(appendUUID(nil, r))
		w.add(&actor{kind: kIDC, idType: "IdentityCenterUser",
			segs: lit(`{"type":"IdentityCenterUser","accountId":"` + acct + `","onBehalfOf":{"userId":"` + uid + `","identityStoreArn":"arn:aws:identitystore::` + acct + `:identitystore/` + w.identityStore + `"},"credentialId":"` + string(appendUUID(nil, r)) + `"}`),
			mask: cIDC, ips: humanIPs(), uas: []userAgent{{s: pickStr(r, browserAgents)}}, weight: 1 / float64(i+1)}, r)
		user := pickStr(r, firsts) + "." + pickStr(r, lasts) + "@" + dom
		w.add(&actor{kind: kUnknown, idType: "Unknown",
			segs: lit(`{"type":"Unknown","principalId":"` + acct + `","arn":"","accountId":"` + acct + `","accessKeyId":"","userName":"` + user + `"}`),
			mask: cUnk, ips: humanIPs(), uas: []userAgent{{s: pickStr(r, browserAgents)}}, weight: 1 / float64(i+1)}, r)
	}

	// AWS services acting through their own principals.
	type svcDef struct {
		name   string
		roles  []string
		sess   string
		weight float64
	}
	var slRoles []string
	for _, a := range w.actors[kCfg] {
		slRoles = append(slRoles, "arn:aws:iam::"+acct+":role/aws-service-role/"+a.svcName+"/"+a.userName)
	}
	ciRoles := []string{}
	for _, a := range w.actors[kCI] {
		ciRoles = append(ciRoles, "arn:aws:iam::"+acct+":role/"+a.userName)
	}
	for _, s := range []svcDef{
		{"lambda.amazonaws.com", lambdaRoles, "fn", 5},
		{"ec2.amazonaws.com", ec2Roles, "inst", 3},
		{"ecs-tasks.amazonaws.com", ecsRoles, "hex", 2},
		{"config.amazonaws.com", slRoles[:1], "AWSConfig-Describe", 2},
		{"cloudformation.amazonaws.com", ciRoles, "AWSCloudFormation", 0.5},
		{"ssm.amazonaws.com", ec2Roles, "inst", 0.5},
		{"autoscaling.amazonaws.com", []string{"arn:aws:iam::" + acct + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"}, "AutoScaling", 0.5},
		{"elasticloadbalancing.amazonaws.com", []string{"arn:aws:iam::" + acct + ":role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing"}, "ElasticLoadBalancing", 0.3},
		{"cloudtrail.amazonaws.com", []string{"arn:aws:iam::" + acct + ":role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail"}, "CloudTrail", 1},
		{"s3.amazonaws.com", []string{"arn:aws:iam::" + acct + ":role/s3-replication-role"}, "s3-replication", 0.5},
		{"guardduty.amazonaws.com", slRoles[2:3], "GuardDutyServiceSession", 0.5},
		{"inspector2.amazonaws.com", slRoles[5:6], "MandoService", 0.5},
		{"eks.amazonaws.com", []string{"arn:aws:iam::" + acct + ":role/" + w.company + "-eks-cluster-role"}, "EKS", 0.5},
		{"events.amazonaws.com", []string{"arn:aws:iam::" + acct + ":role/service-role/Amazon_EventBridge_Invoke_Lambda_" + randChars(r, "0123456789", 9)}, "hex", 0.3},
		{"states.amazonaws.com", []string{"arn:aws:iam::" + acct + ":role/service-role/StepFunctions-" + w.env + "-role-" + randChars(r, lowerNum, 8)}, "hex", 0.3},
	} {
		if len(s.roles) == 0 {
			continue
		}
		w.add(&actor{kind: kService, idType: "AWSService", mask: cSvc, svcName: s.name, uas: []userAgent{{s: s.name}},
			roleArns: s.roles, sessName: s.sess, weight: s.weight}, r)
	}

	for _, a := range w.actors[kSSO] {
		w.roles = appendUnique(w.roles, a.userName)
	}
	for _, k := range []actorKind{kCI, kApp, kCfg} {
		for _, a := range w.actors[k] {
			w.roles = appendUnique(w.roles, a.userName)
		}
	}
	w.roles = append(w.roles, "OrganizationAccountAccessRole", "AWSServiceRoleForSupport", "AWSServiceRoleForTrustedAdvisor")
	w.policies = []string{"arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess",
		"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
		"arn:aws:iam::" + acct + ":policy/" + w.company + "-boundary", "arn:aws:iam::" + acct + ":policy/" + w.env + "-app-access", "arn:aws:iam::aws:policy/SecurityAudit"}

	for k := range w.actors {
		wt := make([]float64, len(w.actors[k]))
		for i, a := range w.actors[k] {
			wt[i] = a.weight
		}
		w.choosers[k] = newChooser(wt)
	}
}

func appendUnique(xs []string, s string) []string {
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}

// zipfIndex draws an index in [0,n) favouring small ones.
func zipfIndex(r *rand.Rand, n int) int {
	for {
		i := int(float64(n) * r.Float64() * r.Float64())
		if i < n {
			return i
		}
	}
}

// ipPool is the shared pool of client addresses.
type ipPool struct {
	pub  []string // a few hundred public addresses, some IPv6
	awsB []string // addresses in AWS-looking ranges (NAT gateways, runners)
}

var awsFirstOctets = []int{3, 13, 18, 34, 35, 44, 50, 52, 54, 99}

func newIPPool(seed int64) *ipPool {
	r := newRand(uint64(seed), domIPs)
	p := &ipPool{}
	for len(p.pub) < 320 {
		if r.IntN(100) < 6 {
			var b []byte
			b = append(b, pickStr(r, []string{"2a02:c7c", "2600:1700", "2001:4860", "2a01:cb00", "2607:fb90", "2c0f:f248"})...)
			for i := 0; i < 6; i++ {
				b = append(b, ':')
				b = strconv.AppendUint(b, uint64(r.IntN(0x10000)), 16)
			}
			p.pub = append(p.pub, string(b))
			continue
		}
		a := 1 + r.IntN(223)
		if a == 10 || a == 127 || a == 100 || a == 169 || a == 172 || a == 192 || a == 0 {
			continue
		}
		p.pub = append(p.pub, strconv.Itoa(a)+"."+strconv.Itoa(r.IntN(256))+"."+strconv.Itoa(r.IntN(256))+"."+strconv.Itoa(1+r.IntN(254)))
	}
	for len(p.awsB) < 80 {
		a := awsFirstOctets[r.IntN(len(awsFirstOctets))]
		p.awsB = append(p.awsB, strconv.Itoa(a)+"."+strconv.Itoa(r.IntN(256))+"."+strconv.Itoa(r.IntN(256))+"."+strconv.Itoa(1+r.IntN(254)))
	}
	return p
}

func (p *ipPool) public(r *rand.Rand) string { return p.pub[r.IntN(len(p.pub))] }
func (p *ipPool) aws(r *rand.Rand) string    { return p.awsB[r.IntN(len(p.awsB))] }

// kebab converts an API name to the aws-cli command form
// ("DescribeInstances" -> "describe-instances").
func kebab(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 && (s[i-1] < 'A' || s[i-1] > 'Z' || (i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z')) {
				b.WriteByte('-')
			}
			b.WriteByte(c + 32)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
