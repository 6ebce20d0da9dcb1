package gen

import (
	"strings"
)

// Event types.
const (
	evAPI    uint8 = iota // AwsApiCall
	evSvc                 // AwsServiceEvent
	evSignIn              // AwsConsoleSignIn
)

// Request ID styles.
const (
	ridUUID uint8 = iota
	ridS3
	ridNone
)

// svcInfo describes one AWS service endpoint.
type svcInfo struct {
	src    string // eventSource
	host   string // endpoint prefix
	global bool   // logged only in the trail's global region (us-east-1)
	cli    string // aws-cli command group
	iam    string // IAM action prefix
	api    string // apiVersion field, when the service sets it
	deny   string // error code for access denied
	ec2ish bool   // EC2 style errors (Client.*)
}

var services = map[string]*svcInfo{}

func svc(key, host string, global bool, cli, iam, deny string) *svcInfo {
	s := &svcInfo{src: key + ".amazonaws.com", host: host, global: global, cli: cli, iam: iam, deny: deny}
	services[key] = s
	return s
}

func registerSignInPlaceholders() {
	placeholders["loginres"] = func(g *gen) {
		if g.failed {
			g.b = append(g.b, "Failure"...)
		} else {
			g.b = append(g.b, "Success"...)
		}
	}
	placeholders["mfaused"] = func(g *gen) {
		if g.a.mfa && !g.failed {
			g.b = append(g.b, "Yes"...)
		} else {
			g.b = append(g.b, "No"...)
		}
	}
	placeholders["compliance"] = func(g *gen) {
		g.b = append(g.b, []string{"COMPLIANT", "COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"}[g.r.IntN(4)]...)
	}

}

func registerServices() {
	svc("ec2", "ec2", false, "ec2", "ec2", "Client.UnauthorizedOperation").ec2ish = true
	svc("s3", "s3", false, "s3api", "s3", "AccessDenied")
	svc("iam", "iam", true, "iam", "iam", "AccessDenied")
	svc("sts", "sts", false, "sts", "sts", "AccessDenied")
	svc("kms", "kms", false, "kms", "kms", "AccessDeniedException")
	svc("signin", "signin", true, "", "signin", "AccessDenied")
	svc("lambda", "lambda", false, "lambda", "lambda", "AccessDeniedException")
	svc("logs", "logs", false, "logs", "logs", "AccessDeniedException")
	svc("cloudtrail", "cloudtrail", false, "cloudtrail", "cloudtrail", "AccessDeniedException")
	svc("guardduty", "guardduty", false, "guardduty", "guardduty", "AccessDeniedException")
	svc("secretsmanager", "secretsmanager", false, "secretsmanager", "secretsmanager", "AccessDeniedException")
	svc("ssm", "ssm", false, "ssm", "ssm", "AccessDeniedException")
	svc("rds", "rds", false, "rds", "rds", "AccessDenied")
	svc("dynamodb", "dynamodb", false, "dynamodb", "dynamodb", "AccessDeniedException")
	svc("athena", "athena", false, "athena", "athena", "AccessDeniedException")
	svc("organizations", "organizations", true, "organizations", "organizations", "AccessDeniedException")
	svc("config", "config", false, "configservice", "config", "AccessDeniedException")
	svc("monitoring", "monitoring", false, "cloudwatch", "cloudwatch", "AccessDenied")
	svc("sns", "sns", false, "sns", "sns", "AuthorizationError")
	svc("sqs", "sqs", false, "sqs", "sqs", "AccessDenied")
	svc("ecr", "api.ecr", false, "ecr", "ecr", "AccessDeniedException")
	svc("ecs", "ecs", false, "ecs", "ecs", "AccessDeniedException")
	svc("eks", "eks", false, "eks", "eks", "AccessDeniedException")
	svc("route53", "route53", true, "route53", "route53", "AccessDenied").api = "2013-04-01"
	svc("elasticloadbalancing", "elasticloadbalancing", false, "elbv2", "elasticloadbalancing", "AccessDenied").api = "2015-12-01"
	svc("autoscaling", "autoscaling", false, "autoscaling", "autoscaling", "AccessDenied")
	svc("support", "support", true, "support", "support", "AccessDeniedException")
	svc("trustedadvisor", "trustedadvisor", true, "trustedadvisor", "trustedadvisor", "AccessDeniedException")
	svc("health", "health", true, "health", "health", "AccessDeniedException")
	svc("cloudformation", "cloudformation", false, "cloudformation", "cloudformation", "AccessDenied")
	svc("sso", "portal.sso", true, "sso", "sso", "AccessDeniedException")
	svc("securityhub", "securityhub", false, "securityhub", "securityhub", "AccessDeniedException")
	svc("access-analyzer", "access-analyzer", false, "accessanalyzer", "access-analyzer", "AccessDeniedException")
	svc("glue", "glue", false, "glue", "glue", "AccessDeniedException")
	svc("elasticfilesystem", "elasticfilesystem", false, "efs", "elasticfilesystem", "AccessDeniedException")
	svc("events", "events", false, "events", "events", "AccessDeniedException")
	svc("states", "states", false, "stepfunctions", "states", "AccessDeniedException")
	svc("apigateway", "apigateway", false, "apigateway", "apigateway", "AccessDeniedException")
	svc("acm", "acm", false, "acm", "acm", "AccessDeniedException")
	svc("ce", "ce", true, "ce", "ce", "AccessDeniedException")
}

// errDef is one possible error of an event.
type errDef struct {
	code string
	msg  *tmpl
	w    float64
}

// spec is one event of the catalogue.
type spec struct {
	svc    *svcInfo
	name   string
	ro     bool
	w      float64
	who    uint32
	kind   uint8
	data   bool
	rid    uint8
	login  bool // ConsoleLogin
	noCode bool // failures carry errorMessage only
	errP   float64
	by     string // AWSService invoker required for this event
	cross  bool   // may be called cross-account (sharedEventID)
	vpce   bool   // may go through a VPC endpoint

	req, resp, aed, sed, hostT *tmpl
	res                        []resDef
	errs                       []errDef

	// derived
	src       string
	action    string // "ec2:DescribeInstances"
	iamPrefix string
	cliCmd    string // "ec2.describe-instances"
	version   string // eventVersion
}

type resDef struct {
	typ string
	arn *tmpl
}

// Fluent constructors keep the catalogue compact.
func ro(s, name string, w float64, who uint32, req, resp string) *spec {
	return mk(s, name, true, w, who, req, resp)
}

func rw(s, name string, w float64, who uint32, req, resp string) *spec {
	return mk(s, name, false, w, who, req, resp)
}

func mk(s, name string, ro bool, w float64, who uint32, req, resp string) *spec {
	si := services[s]
	if si == nil {
		panic("gen: unknown service " + s)
	}
	return &spec{svc: si, name: name, ro: ro, w: w, who: who, req: compile(req), resp: compile(resp), errP: -1}
}

func (s *spec) Res(typ, arn string) *spec {
	s.res = append(s.res, resDef{typ: typ, arn: compile(arn)})
	return s
}
func (s *spec) Aed(t string) *spec  { s.aed = compile(t); return s }
func (s *spec) Host(t string) *spec { s.hostT = compile(t); return s }
func (s *spec) P(p float64) *spec   { s.errP = p; return s }
func (s *spec) Data() *spec         { s.data = true; return s }
func (s *spec) RID(k uint8) *spec   { s.rid = k; return s }
func (s *spec) Cross() *spec        { s.cross = true; return s }
func (s *spec) VPCE() *spec         { s.vpce = true; return s }
func (s *spec) Err(code, msg string) *spec {
	return s.ErrW(code, msg, 1)
}
func (s *spec) ErrW(code, msg string, w float64) *spec {
	s.errs = append(s.errs, errDef{code: code, msg: compile(msg), w: w})
	return s
}

// Svc makes the event an AwsServiceEvent invoked by the given service.
func (s *spec) Svc(by, details string) *spec {
	s.kind = evSvc
	s.by = by
	s.sed = compile(details)
	return s
}

// By makes the event an API call made by the given AWS service principal.
func (s *spec) By(by string) *spec { s.by = by; return s }

func (s *spec) SignIn() *spec { s.kind = evSignIn; s.rid = ridNone; return s }

// Who masks used below.
const (
	hum  = cH
	rd   = cH | cCI | cCfg | cMach
	rds  = rd | cSup
	wr   = cH | cCI
	app  = cApp
	mach = cMach
)

// Common fragments.
const (
	s3Host      = "${bucket}.s3.${region}.amazonaws.com"
	s3Bucket    = `{"bucketName":"${bucket}","Host":"${bucket}.s3.${region}.amazonaws.com"`
	s3AedGet    = `{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"${xid2}","bytesTransferredOut":${size}}`
	s3AedPut    = `{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":${size},"SSEApplied":"Default_SSE_S3","AuthenticationMethod":"AuthHeader","x-amz-id-2":"${xid2}","bytesTransferredOut":0}`
	s3AedCfg    = `{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"${xid2}","bytesTransferredOut":${n1000}}`
	bucketRes   = "arn:aws:s3:::${bucket}"
	objRes      = "arn:aws:s3:::${bucket}/${key}"
	instArn     = "arn:aws:ec2:${region}:${acct}:instance/${inst}"
	kmsArn      = "arn:aws:kms:${region}:${acct}:key/${kms}"
	fnArn       = "arn:aws:lambda:${region}:${acct}:function:${fn}"
	roleArnT    = "arn:aws:iam::${acct}:role/${role}"
	userArnT    = "arn:aws:iam::${acct}:user/${user}"
	secretArn   = "arn:aws:secretsmanager:${region}:${acct}:secret:${secret}"
	tableArn    = "arn:aws:dynamodb:${region}:${acct}:table/${table}"
	ddbNotFound = "Requested resource not found: Table: ${table} not found"
	iamDenied   = "User: ${self} is not authorized to perform: ${action} on resource: ${resarn} because no identity-based policy allows the ${action} action"
)

var catalog []*spec

func buildCatalog() {
	catalog = []*spec{
		// ---------------------------------------------------------------- EC2
		ro("ec2", "DescribeInstances", 40, rds|app, `{"instancesSet":{},"filterSet":{}}`, ""),
		ro("ec2", "DescribeInstances", 12, rds, `{"instancesSet":{"items":[{"instanceId":"${inst}"}]},"filterSet":{}}`, "").Res("AWS::EC2::Instance", instArn).
			Err("Client.InvalidInstanceID.NotFound", "The instance ID '${inst}' does not exist"),
		ro("ec2", "DescribeInstanceStatus", 20, rds|app, `{"instancesSet":{},"filterSet":{},"includeAllInstances":${bool}}`, ""),
		ro("ec2", "DescribeSecurityGroups", 16, rds, `{"securityGroupSet":{},"securityGroupIdSet":{},"filterSet":{"items":[{"name":"vpc-id","valueSet":{"items":[{"value":"${vpc}"}]}}]}}`, ""),
		ro("ec2", "DescribeSecurityGroupRules", 5, rds, `{"DescribeSecurityGroupRulesRequest":{"Filter":{"Name":"group-id","Value":{"content":"${sg}","tag":1}},"MaxResults":${maxres}}}`, ""),
		ro("ec2", "DescribeVpcs", 10, rds, `{"vpcSet":{},"filterSet":{}}`, ""),
		ro("ec2", "DescribeSubnets", 10, rds, `{"subnetSet":{},"filterSet":{"items":[{"name":"vpc-id","valueSet":{"items":[{"value":"${vpc}"}]}}]}}`, ""),
		ro("ec2", "DescribeVolumes", 10, rds, `{"volumeSet":{},"filterSet":{}}`, ""),
		ro("ec2", "DescribeSnapshots", 6, rds, `{"snapshotSet":{},"ownersSet":{"items":[{"owner":"self"}]},"sharedUsersSet":{},"filterSet":{}}`, ""),
		ro("ec2", "DescribeImages", 8, rds|app, `{"executableBySet":{},"imagesSet":{},"ownersSet":{"items":[{"owner":"amazon"}]},"availabilityZone":"","filterSet":{"items":[{"name":"name","valueSet":{"items":[{"value":"al2023-ami-2023.*-x86_64"}]}}]}}`, ""),
		ro("ec2", "DescribeNetworkInterfaces", 10, rds|app, `{"networkInterfaceIdSet":{},"filterSet":{"items":[{"name":"vpc-id","valueSet":{"items":[{"value":"${vpc}"}]}}]}}`, ""),
		ro("ec2", "DescribeAddresses", 5, rds, `{"publicIpsSet":{},"allocationIdsSet":{},"filterSet":{}}`, ""),
		ro("ec2", "DescribeRouteTables", 5, rds, `{"routeTableIdSet":{},"filterSet":{}}`, ""),
		ro("ec2", "DescribeKeyPairs", 3, rds, `{"keySet":{},"filterSet":{}}`, ""),
		ro("ec2", "DescribeRegions", 6, rd|app, `{"regionSet":{},"allRegions":${bool}}`, ""),
		ro("ec2", "DescribeAvailabilityZones", 5, rd|app, `{"availabilityZoneSet":{},"availabilityZoneIdSet":{}}`, ""),
		ro("ec2", "DescribeTags", 6, rds|app, `{"filterSet":{"items":[{"name":"resource-id","valueSet":{"items":[{"value":"${inst}"}]}}]}}`, ""),
		ro("ec2", "DescribeLaunchTemplates", 3, rds, `{"DescribeLaunchTemplatesRequest":{"MaxResults":${maxres}}}`, ""),
		ro("ec2", "DescribeAccountAttributes", 4, rd, `{"accountAttributeNameSet":{"items":[{"attributeName":"supported-platforms"}]},"filterSet":{}}`, ""),
		ro("ec2", "DescribeNatGateways", 3, rds, `{"DescribeNatGatewaysRequest":{"MaxResults":${maxres}}}`, ""),
		ro("ec2", "DescribeVpcEndpoints", 3, rds, `{"DescribeVpcEndpointsRequest":{"MaxResults":${maxres}}}`, ""),
		ro("ec2", "DescribeFlowLogs", 2, rds, `{"DescribeFlowLogsRequest":{}}`, ""),
		ro("ec2", "GetEbsEncryptionByDefault", 1.5, rd, `{"GetEbsEncryptionByDefaultRequest":""}`, ""),
		ro("ec2", "GetPasswordData", 0.2, hum, `{"instanceId":"${inst}"}`, "").Res("AWS::EC2::Instance", instArn),
		ro("ec2", "GetConsoleOutput", 0.2, hum, `{"instanceId":"${inst}"}`, "").Res("AWS::EC2::Instance", instArn),
		rw("ec2", "RunInstances", 1, wr, `{"instancesSet":{"items":[{"imageId":"${ami}","minCount":1,"maxCount":1,"keyName":"${keypair}"}]},"groupSet":{"items":[{"groupId":"${sg}"}]},"instanceType":"${insttype}","blockDeviceMapping":{},"monitoring":{"enabled":false},"disableApiTermination":false,"disableApiStop":false,"clientToken":"${uuid}","subnetId":"${subnet}","tagSpecificationSet":{"items":[{"resourceType":"instance","tags":[{"key":"Name","value":"${tagval}"}]}]}}`,
			`{"requestId":"${uuid}","reservationId":"r-0${hex16}","ownerId":"${acct}","groupSet":{},"instancesSet":{"items":[{"instanceId":"${newinst}","imageId":"${ami}","currentInstanceBootMode":"legacy-bios","instanceState":{"code":0,"name":"pending"},"privateDnsName":"ip-10-0-1-23.ec2.internal","keyName":"${keypair}","amiLaunchIndex":0,"productCodes":{},"instanceType":"${insttype}","launchTime":${epochms},"placement":{"availabilityZone":"${az}","tenancy":"default"},"monitoring":{"state":"disabled"},"subnetId":"${subnet}","vpcId":"${vpc}","privateIpAddress":"${privip}","stateReason":{"code":"pending","message":"pending"},"architecture":"x86_64","rootDeviceType":"ebs","rootDeviceName":"/dev/xvda","blockDeviceMapping":{},"virtualizationType":"hvm","hypervisor":"xen","groupSet":{"items":[{"groupId":"${sg}","groupName":"default"}]},"sourceDestCheck":true,"networkInterfaceSet":{"items":[{"networkInterfaceId":"${eni}","subnetId":"${subnet}","vpcId":"${vpc}","ownerId":"${acct}","status":"in-use","macAddress":"0e:${hex8}","privateIpAddress":"${privip}","sourceDestCheck":true,"interfaceType":"interface"}]},"ebsOptimized":false,"enaSupport":true,"cpuOptions":{"coreCount":1,"threadsPerCore":2},"capacityReservationSpecification":{"capacityReservationPreference":"open"},"enclaveOptions":{"enabled":false},"metadataOptions":{"state":"pending","httpTokens":"required","httpPutResponseHopLimit":2,"httpEndpoint":"enabled"},"maintenanceOptions":{"autoRecovery":"default"}}]},"requesterId":"${digits10}"}`).
			Res("AWS::EC2::Instance", "arn:aws:ec2:${region}:${acct}:instance/${newinst}").
			Err("Client.InstanceLimitExceeded", "You have requested more instances (20) than your current instance limit of 20 allows for the specified instance type.").
			Err("Client.DryRunOperation", "Request would have succeeded, but DryRun flag is set."),
		rw("ec2", "StartInstances", 0.8, wr, `{"instancesSet":{"items":[{"instanceId":"${inst}"}]}}`, `{"requestId":"${uuid}","instancesSet":{"items":[{"instanceId":"${inst}","currentState":{"code":0,"name":"pending"},"previousState":{"code":80,"name":"stopped"}}]}}`).Res("AWS::EC2::Instance", instArn),
		rw("ec2", "StopInstances", 0.8, wr, `{"instancesSet":{"items":[{"instanceId":"${inst}"}]},"force":false}`, `{"requestId":"${uuid}","instancesSet":{"items":[{"instanceId":"${inst}","currentState":{"code":64,"name":"stopping"},"previousState":{"code":16,"name":"running"}}]}}`).Res("AWS::EC2::Instance", instArn),
		rw("ec2", "TerminateInstances", 0.4, wr, `{"instancesSet":{"items":[{"instanceId":"${inst}"}]}}`, `{"requestId":"${uuid}","instancesSet":{"items":[{"instanceId":"${inst}","currentState":{"code":32,"name":"shutting-down"},"previousState":{"code":16,"name":"running"}}]}}`).Res("AWS::EC2::Instance", instArn),
		rw("ec2", "CreateSecurityGroup", 0.4, wr, `{"groupName":"${newname}","groupDescription":"${tagval}","vpcId":"${vpc}"}`, `{"requestId":"${uuid}","_return":true,"groupId":"${newsg}","securityGroupArn":"arn:aws:ec2:${region}:${acct}:security-group/${newsg}"}`).
			Err("Client.InvalidGroup.Duplicate", "The security group '${newname}' already exists for VPC '${vpc}'"),
		rw("ec2", "AuthorizeSecurityGroupIngress", 0.6, wr, `{"groupId":"${sg}","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":${port},"toPort":${port},"groups":{},"ipRanges":{"items":[{"cidrIp":"${cidr}","description":"${tagval}"}]},"ipv6Ranges":{},"prefixListIds":{}}]}}`,
			`{"requestId":"${uuid}","_return":true,"securityGroupRuleSet":{"items":[{"groupOwnerId":"${acct}","groupId":"${sg}","securityGroupRuleId":"sgr-0${hex16}","isEgress":false,"ipProtocol":"tcp","fromPort":${port},"toPort":${port},"cidrIpv4":"${cidr}"}]}}`).
			Err("Client.InvalidPermission.Duplicate", `the specified rule \"peer: ${cidr}, TCP, from port: 22, to port: 22, ALLOW\" already exists`),
		rw("ec2", "RevokeSecurityGroupIngress", 0.3, wr, `{"groupId":"${sg}","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":${port},"toPort":${port},"groups":{},"ipRanges":{"items":[{"cidrIp":"${cidr}"}]},"ipv6Ranges":{},"prefixListIds":{}}]}}`, `{"requestId":"${uuid}","_return":true}`),
		rw("ec2", "AuthorizeSecurityGroupEgress", 0.1, wr, `{"groupId":"${sg}","ipPermissions":{"items":[{"ipProtocol":"-1","groups":{},"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]},"ipv6Ranges":{},"prefixListIds":{}}]}}`, `{"requestId":"${uuid}","_return":true}`),
		rw("ec2", "DeleteSecurityGroup", 0.2, wr, `{"groupId":"${sg}"}`, `{"requestId":"${uuid}","_return":true,"groupId":"${sg}"}`).
			Err("Client.DependencyViolation", "resource ${sg} has a dependent object"),
		rw("ec2", "CreateTags", 2, wr|app, `{"resourcesSet":{"items":[{"resourceId":"${inst}"}]},"tagSet":{"items":[{"key":"${tagkey}","value":"${tagval}"}]}}`, `{"requestId":"${uuid}","_return":true}`),
		rw("ec2", "DeleteTags", 0.3, wr, `{"resourcesSet":{"items":[{"resourceId":"${inst}"}]},"tagSet":{"items":[{"key":"${tagkey}"}]}}`, `{"requestId":"${uuid}","_return":true}`),
		rw("ec2", "CreateSnapshot", 0.6, wr|mach, `{"volumeId":"${vol}","description":"${tagval}"}`, `{"requestId":"${uuid}","snapshotId":"${newsnap}","volumeId":"${vol}","status":"pending","startTime":${epochms},"progress":"","ownerId":"${acct}","volumeSize":${n100},"encrypted":true}`),
		rw("ec2", "DeleteSnapshot", 0.3, wr|mach, `{"snapshotId":"${snap}"}`, `{"requestId":"${uuid}","_return":true}`),
		rw("ec2", "CreateVolume", 0.3, wr, `{"size":${n100},"zone":"${az}","volumeType":"gp3","encrypted":true}`, `{"requestId":"${uuid}","volumeId":"vol-0${hex16}","size":"8","zone":"${az}","status":"creating","createTime":${epochms},"volumeType":"gp3","iops":3000,"encrypted":true,"throughput":125}`),
		rw("ec2", "AttachVolume", 0.3, wr, `{"volumeId":"${vol}","instanceId":"${inst}","device":"/dev/sdf"}`, `{"requestId":"${uuid}","volumeId":"${vol}","instanceId":"${inst}","device":"/dev/sdf","status":"attaching","attachTime":${epochms}}`),
		rw("ec2", "ModifyInstanceAttribute", 0.2, wr, `{"instanceId":"${inst}","userData":"<sensitiveDataRemoved>"}`, `{"requestId":"${uuid}","_return":true}`).Res("AWS::EC2::Instance", instArn),
		rw("ec2", "CreateKeyPair", 0.1, wr, `{"keyName":"${newname}","keyType":"rsa","keyFormat":"pem"}`, `{"requestId":"${uuid}","keyName":"${newname}","keyFingerprint":"${hex32}","keyPairId":"key-0${hex16}","keyMaterial":"<sensitiveDataRemoved>"}`),
		rw("ec2", "ImportKeyPair", 0.05, wr, `{"keyName":"${newname}","publicKeyMaterial":"<sensitiveDataRemoved>"}`, `{"requestId":"${uuid}","keyName":"${newname}","keyFingerprint":"${hex32}","keyPairId":"key-0${hex16}"}`),
		rw("ec2", "AllocateAddress", 0.1, wr, `{"domain":"vpc"}`, `{"requestId":"${uuid}","publicIp":"${ip}","domain":"vpc","allocationId":"eipalloc-0${hex16}","networkBorderGroup":"${region}"}`),
		rw("ec2", "ModifySnapshotAttribute", 0.05, wr, `{"snapshotId":"${snap}","createVolumePermission":{"add":{"items":[{"userId":"${accountid2}"}]}},"attributeType":"CREATE_VOLUME_PERMISSION"}`, `{"requestId":"${uuid}","_return":true}`),
		rw("ec2", "CreateNetworkInterface", 0.5, app, `{"subnetId":"${subnet}","description":"AWS Lambda VPC ENI-${fn}-${uuid}","groupSet":{"items":[{"groupId":"${sg}"}]},"privateIpAddressesSet":{},"ipv6AddressCount":0}`, `{"requestId":"${uuid}","networkInterface":{"networkInterfaceId":"eni-0${hex16}","subnetId":"${subnet}","vpcId":"${vpc}","availabilityZone":"${az}","ownerId":"${acct}","requesterId":"${roleid}","requesterManaged":false,"status":"pending","privateIpAddress":"${privip}","sourceDestCheck":true,"interfaceType":"lambda"}}`),
		rw("ec2", "SharedSnapshotVolumeCreated", 0.3, cSvc, "", "").Svc("ec2.amazonaws.com", `{"snapshotId":"${snap}"}`),
		rw("ec2", "CreateNetworkInterfacePermission", 0.3, cSvc, `{"networkInterfaceId":"${eni}","awsAccountId":"${accountid2}","permission":"INSTANCE-ATTACH"}`, `{"requestId":"${uuid}","interfacePermission":{"networkInterfacePermissionId":"eni-perm-0${hex16}","networkInterfaceId":"${eni}","awsAccountId":"${accountid2}","permission":"INSTANCE-ATTACH","permissionState":{"state":"GRANTED"}}}`).By("lambda.amazonaws.com"),

		// ----------------------------------------------------------------- S3
		ro("s3", "ListBuckets", 14, rds|app, `{"Host":"s3.${region}.amazonaws.com"}`, "").Host("s3.${region}.amazonaws.com").Aed(s3AedCfg).RID(ridS3),
		ro("s3", "GetBucketAcl", 14, rds|cX, s3Bucket+`,"acl":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).Cross().
			Err("NoSuchBucket", "The specified bucket does not exist"),
		ro("s3", "GetBucketPolicy", 8, rds, s3Bucket+`,"policy":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.3).
			ErrW("NoSuchBucketPolicy", "The bucket policy does not exist", 8),
		ro("s3", "GetBucketLocation", 12, rds|app|cX, s3Bucket+`,"location":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).Cross(),
		ro("s3", "GetBucketVersioning", 6, rds, s3Bucket+`,"versioning":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		ro("s3", "GetBucketEncryption", 6, rds, s3Bucket+`,"encryption":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.1).
			ErrW("ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found", 5),
		ro("s3", "GetBucketLogging", 4, rds, s3Bucket+`,"logging":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		ro("s3", "GetBucketTagging", 5, rds, s3Bucket+`,"tagging":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.35).
			ErrW("NoSuchTagSet", "The TagSet does not exist", 8),
		ro("s3", "GetBucketPublicAccessBlock", 6, rds, s3Bucket+`,"publicAccessBlock":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.15).
			ErrW("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", 6),
		ro("s3", "GetBucketPolicyStatus", 3, rds, s3Bucket+`,"policyStatus":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.3).
			ErrW("NoSuchBucketPolicy", "The bucket policy does not exist", 8),
		ro("s3", "GetBucketOwnershipControls", 3, rds, s3Bucket+`,"ownershipControls":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.2).
			ErrW("OwnershipControlsNotFoundError", "The bucket ownership controls were not found", 6),
		ro("s3", "GetBucketLifecycle", 3, rds, s3Bucket+`,"lifecycle":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.45).
			ErrW("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", 8),
		ro("s3", "GetBucketReplication", 2, rds, s3Bucket+`,"replication":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.6).
			ErrW("ReplicationConfigurationNotFoundError", "The replication configuration was not found", 8),
		ro("s3", "GetBucketCors", 2, rds, s3Bucket+`,"cors":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.6).
			ErrW("NoSuchCORSConfiguration", "The CORS configuration does not exist", 8),
		ro("s3", "GetBucketWebsite", 2, rds, s3Bucket+`,"website":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.7).
			ErrW("NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration", 8),
		ro("s3", "GetBucketNotification", 2, rds, s3Bucket+`,"notification":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		ro("s3", "GetAccelerateConfiguration", 1, rd, s3Bucket+`,"accelerate":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		ro("s3", "GetBucketRequestPayment", 1, rd, s3Bucket+`,"requestPayment":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		ro("s3", "GetBucketObjectLockConfiguration", 1, rd, s3Bucket+`,"object-lock":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).P(0.7).
			ErrW("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket", 8),
		ro("s3", "HeadBucket", 5, rd|app, s3Bucket+`}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		rw("s3", "CreateBucket", 0.2, wr, `{"CreateBucketConfiguration":{"LocationConstraint":"${region}","xmlns":"http://s3.amazonaws.com/doc/2006-03-01/"},"bucketName":"${company}-${newname}","Host":"s3.${region}.amazonaws.com"}`, "").Host("s3.${region}.amazonaws.com").Aed(s3AedCfg).RID(ridS3).
			Err("BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."),
		rw("s3", "DeleteBucket", 0.05, wr, s3Bucket+`}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).
			Err("BucketNotEmpty", "The bucket you tried to delete is not empty"),
		rw("s3", "PutBucketPolicy", 0.2, wr, s3Bucket+`,"bucketPolicy":{"Version":"2012-10-17","Statement":[{"Sid":"AllowSSLRequestsOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::${bucket}","arn:aws:s3:::${bucket}/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]},"policy":""}`, "").
			Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).Err("MalformedPolicy", "Policy has invalid resource"),
		rw("s3", "PutBucketAcl", 0.1, wr, s3Bucket+`,"acl":"","x-amz-acl":"public-read"}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		rw("s3", "PutBucketPublicAccessBlock", 0.1, wr, s3Bucket+`,"PublicAccessBlockConfiguration":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/","RestrictPublicBuckets":${bool},"BlockPublicPolicy":${bool},"BlockPublicAcls":true,"IgnorePublicAcls":true},"publicAccessBlock":""}`, "").
			Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		rw("s3", "DeleteBucketPolicy", 0.05, wr, s3Bucket+`,"policy":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		rw("s3", "PutBucketTagging", 0.2, wr, s3Bucket+`,"Tagging":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/","TagSet":{"Tag":[{"Value":"${tagval}","Key":"${tagkey}"}]}},"tagging":""}`, "").
			Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		rw("s3", "PutBucketEncryption", 0.1, wr, s3Bucket+`,"ServerSideEncryptionConfiguration":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/","Rule":{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${kms}"},"BucketKeyEnabled":true}},"encryption":""}`, "").
			Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		rw("s3", "PutBucketVersioning", 0.1, wr, s3Bucket+`,"VersioningConfiguration":{"Status":"Enabled","xmlns":"http://s3.amazonaws.com/doc/2006-03-01/"},"versioning":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		rw("s3", "PutBucketLogging", 0.05, wr, s3Bucket+`,"BucketLoggingStatus":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/","LoggingEnabled":{"TargetBucket":"${bucket}","TargetPrefix":"access-logs/"}},"logging":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		// S3 data events.
		ro("s3", "GetObject", 70, app|cX|mach|cH, s3Bucket+`,"key":"${key}"}`, "").Data().Res("AWS::S3::Object", objRes).Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedGet).RID(ridS3).Cross().VPCE().P(0.03).
			ErrW("NoSuchKey", "The specified key does not exist.", 6).ErrW("AccessDenied", "Access Denied", 4),
		ro("s3", "HeadObject", 18, app|mach, s3Bucket+`,"key":"${key}"}`, "").Data().Res("AWS::S3::Object", objRes).Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedGet).RID(ridS3).VPCE().P(0.04).
			ErrW("NoSuchKey", "The specified key does not exist.", 8),
		rw("s3", "PutObject", 28, app|mach|cCI|cX, s3Bucket+`,"key":"${key}","x-amz-server-side-encryption":"AES256"}`, `{"x-amz-server-side-encryption":"AES256","x-amz-version-id":"${alnum8}${hex16}"}`).Data().Res("AWS::S3::Object", objRes).Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedPut).RID(ridS3).Cross().VPCE(),
		ro("s3", "ListObjects", 8, app|mach|cH, s3Bucket+`,"prefix":"${key}","delimiter":"/","encoding-type":"url"}`, "").Data().Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedGet).RID(ridS3).VPCE(),
		rw("s3", "DeleteObject", 3, app|mach|cH, s3Bucket+`,"key":"${key}"}`, "").Data().Res("AWS::S3::Object", objRes).Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).VPCE(),
		rw("s3", "CopyObject", 2, app|mach, s3Bucket+`,"key":"${key}","x-amz-copy-source":"${bucket}/${key}"}`, `{"x-amz-server-side-encryption":"AES256"}`).Data().Res("AWS::S3::Object", objRes).Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedPut).RID(ridS3),
		rw("s3", "CreateMultipartUpload", 1, app|mach, s3Bucket+`,"key":"${key}","uploads":""}`, `{"x-amz-server-side-encryption":"AES256","uploadId":"${token}"}`).Data().Res("AWS::S3::Object", objRes).Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		rw("s3", "UploadPart", 2, app|mach, s3Bucket+`,"key":"${key}","partNumber":"${n10}","uploadId":"${hex32}"}`, `{"x-amz-server-side-encryption":"AES256"}`).Data().Res("AWS::S3::Object", objRes).Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedPut).RID(ridS3),
		rw("s3", "CompleteMultipartUpload", 1, app|mach, s3Bucket+`,"key":"${key}","uploadId":"${hex32}"}`, `{"x-amz-server-side-encryption":"AES256"}`).Data().Res("AWS::S3::Object", objRes).Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3),
		ro("s3", "GetBucketAcl", 2, cSvc, s3Bucket+`,"acl":""}`, "").Res("AWS::S3::Bucket", bucketRes).Host(s3Host).Aed(s3AedCfg).RID(ridS3).By("cloudtrail.amazonaws.com"),

		// ---------------------------------------------------------------- IAM
		ro("iam", "GetUser", 5, rds, `{"userName":"${user}"}`, "").Err("NoSuchEntityException", "The user with name ${user} cannot be found."),
		ro("iam", "GetUser", 2, mach|hum, "", ""),
		ro("iam", "ListUsers", 6, rds, "", ""),
		ro("iam", "ListRoles", 8, rds, "", ""),
		ro("iam", "GetRole", 8, rds|cCI, `{"roleName":"${role}"}`, "").Err("NoSuchEntityException", "The role with name ${role} cannot be found."),
		ro("iam", "ListPolicies", 4, rds, `{"scope":"Local","onlyAttached":false,"maxItems":${maxres}}`, ""),
		ro("iam", "GetPolicy", 4, rds|cCI, `{"policyArn":"${policy}"}`, ""),
		ro("iam", "GetPolicyVersion", 4, rds|cCI, `{"policyArn":"${policy}","versionId":"v${n10}"}`, ""),
		ro("iam", "ListAttachedRolePolicies", 6, rds|cCI, `{"roleName":"${role}"}`, ""),
		ro("iam", "ListRolePolicies", 4, rds|cCI, `{"roleName":"${role}"}`, ""),
		ro("iam", "GetRolePolicy", 3, rds, `{"roleName":"${role}","policyName":"inline-${newname}"}`, "").Err("NoSuchEntityException", "The role policy with name inline-policy cannot be found."),
		ro("iam", "ListAttachedUserPolicies", 3, rds, `{"userName":"${user}"}`, ""),
		ro("iam", "ListUserPolicies", 2, rds, `{"userName":"${user}"}`, ""),
		ro("iam", "ListGroupsForUser", 3, rds, `{"userName":"${user}"}`, ""),
		ro("iam", "ListAccessKeys", 4, rds, `{"userName":"${user}"}`, ""),
		ro("iam", "GetAccessKeyLastUsed", 2, rd, `{"accessKeyId":"${newkey}"}`, ""),
		ro("iam", "ListMFADevices", 2, rds|cRoot, `{"userName":"${user}"}`, ""),
		ro("iam", "ListVirtualMFADevices", 1, rd, `{"assignmentStatus":"Any"}`, ""),
		ro("iam", "GetAccountSummary", 2, rds|cRoot, "", ""),
		ro("iam", "GetAccountPasswordPolicy", 1, rds, "", "").Err("NoSuchEntityException", "The Password Policy with domain name "+"${acct}"+" cannot be found."),
		ro("iam", "ListInstanceProfilesForRole", 2, rd, `{"roleName":"${role}"}`, ""),
		ro("iam", "ListInstanceProfiles", 1, rd, "", ""),
		rw("iam", "GenerateCredentialReport", 0.5, rd, "", `{"state":"STARTED","description":"No report exists. Starting a new report generation task"}`),
		ro("iam", "GetCredentialReport", 0.5, rd, "", ""),
		ro("iam", "ListServerCertificates", 0.5, rd, "", ""),
		ro("iam", "GetAccountAuthorizationDetails", 0.3, rd, `{"filter":["User","Role","Group","LocalManagedPolicy"],"maxItems":1000}`, ""),
		ro("iam", "ListEntitiesForPolicy", 0.5, rd, `{"policyArn":"${policy}"}`, ""),
		ro("iam", "ListOpenIDConnectProviders", 0.5, rd, "", ""),
		ro("iam", "ListSAMLProviders", 0.5, rd, "", ""),
		ro("iam", "ListGroups", 1, rd, "", ""),
		ro("iam", "GetGroup", 1, rd, `{"groupName":"${group}"}`, ""),
		ro("iam", "GetLoginProfile", 0.5, rd, `{"userName":"${user}"}`, "").P(0.3).ErrW("NoSuchEntityException", "Login Profile for User ${user} cannot be found.", 8),
		ro("iam", "SimulatePrincipalPolicy", 0.3, hum, `{"policySourceArn":"arn:aws:iam::${acct}:role/${role}","actionNames":["s3:GetObject","s3:PutObject"]}`, ""),
		rw("iam", "CreateUser", 0.1, wr, `{"userName":"${newuser}","tags":[{"key":"${tagkey}","value":"${tagval}"}]}`, `{"user":{"path":"/","userName":"${newuser}","userId":"AIDA${hex16}","arn":"arn:aws:iam::${acct}:user/${newuser}","createDate":"${tsnow}","tags":[{"key":"Team","value":"platform"}]}}`).
			Err("EntityAlreadyExistsException", "User with name ${newuser} already exists."),
		rw("iam", "DeleteUser", 0.05, wr, `{"userName":"${newuser}"}`, "").Err("DeleteConflictException", "Cannot delete entity, must delete login profile first."),
		rw("iam", "CreateAccessKey", 0.1, wr, `{"userName":"${user}"}`, `{"accessKey":{"userName":"${user}","accessKeyId":"${newkey}","status":"Active","createDate":"${tsnow}"}}`).
			Err("LimitExceededException", "Cannot exceed quota for AccessKeysPerUser: 2"),
		rw("iam", "DeleteAccessKey", 0.08, wr, `{"userName":"${user}","accessKeyId":"${newkey}"}`, ""),
		rw("iam", "UpdateAccessKey", 0.05, wr, `{"userName":"${user}","accessKeyId":"${newkey}","status":"Inactive"}`, ""),
		rw("iam", "AttachRolePolicy", 0.2, wr, `{"roleName":"${role}","policyArn":"${policy}"}`, ""),
		rw("iam", "DetachRolePolicy", 0.1, wr, `{"roleName":"${role}","policyArn":"${policy}"}`, ""),
		rw("iam", "AttachUserPolicy", 0.08, wr, `{"userName":"${user}","policyArn":"${policy}"}`, ""),
		rw("iam", "PutUserPolicy", 0.05, wr, `{"userName":"${user}","policyName":"inline-${newname}","policyDocument":"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"}`, ""),
		rw("iam", "PutRolePolicy", 0.1, wr, `{"roleName":"${role}","policyName":"inline-${newname}","policyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"arn:aws:s3:::${bucket}/*\"}]}"}`, ""),
		rw("iam", "CreateRole", 0.15, wr, `{"roleName":"${newname}-role","assumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}","description":"${tagval}"}`,
			`{"role":{"path":"/","roleName":"${newname}-role","roleId":"${roleid}","arn":"arn:aws:iam::${acct}:role/${newname}-role","createDate":"${tsnow}","assumeRolePolicyDocument":"%7B%22Version%22%3A%222012-10-17%22%7D"}}`),
		rw("iam", "DeleteRole", 0.05, wr, `{"roleName":"${newname}-role"}`, ""),
		rw("iam", "UpdateAssumeRolePolicy", 0.05, wr, `{"roleName":"${role}","policyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::${accountid2}:root\"},\"Action\":\"sts:AssumeRole\"}]}"}`, ""),
		rw("iam", "CreateLoginProfile", 0.03, wr, `{"userName":"${user}","passwordResetRequired":true}`, `{"loginProfile":{"userName":"${user}","createDate":"${tsnow}","passwordResetRequired":true}}`),
		rw("iam", "AddUserToGroup", 0.05, wr, `{"groupName":"${group}","userName":"${user}"}`, ""),
		rw("iam", "CreatePolicyVersion", 0.08, wr, `{"policyArn":"${policy}","policyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}","setAsDefault":true}`, `{"policyVersion":{"versionId":"v${n10}","isDefaultVersion":true,"createDate":"${tsnow}"}}`),
		rw("iam", "TagRole", 0.1, wr, `{"roleName":"${role}","tags":[{"key":"${tagkey}","value":"${tagval}"}]}`, ""),
		rw("iam", "CreateServiceLinkedRole", 0.02, wr, `{"aWSServiceName":"autoscaling.amazonaws.com"}`, ""),
		rw("iam", "DeactivateMFADevice", 0.01, cRoot|hum, `{"userName":"${user}","serialNumber":"arn:aws:iam::${acct}:mfa/${user}"}`, ""),

		// ---------------------------------------------------------------- STS
		ro("sts", "AssumeRole", 25, cSvc|cCI|cH|cMach|cX|app, `{"roleArn":"${rolearn}","roleSessionName":"${sessname}","durationSeconds":${dur}}`,
			`{"credentials":{"accessKeyId":"${akid}","sessionToken":"${token}","expiration":"${stsexp}"},"assumedRoleUser":{"assumedRoleId":"${roleid}:${sessname}","arn":"arn:aws:sts::${acct}:assumed-role/${rolename}/${sessname}"}}`).
			Res("AWS::IAM::Role", "${rolearn}").Cross().VPCE().
			Err("AccessDenied", "User: ${self} is not authorized to perform: sts:AssumeRole on resource: ${rolearn}"),
		ro("sts", "GetCallerIdentity", 25, hum|cCI|mach|app|cX, "", "").VPCE(),
		ro("sts", "GetSessionToken", 2, hum|mach, `{"durationSeconds":${dur}}`, `{"credentials":{"accessKeyId":"${akid}","sessionToken":"${token}","expiration":"${stsexp}"}}`),
		ro("sts", "AssumeRoleWithWebIdentity", 6, cSvc, `{"roleArn":"${rolearn}","roleSessionName":"${sessname}","durationSeconds":3600}`,
			`{"credentials":{"accessKeyId":"${akid}","sessionToken":"${token}","expiration":"${stsexp}"},"subjectFromWebIdentityToken":"system:serviceaccount:default:${newname}","assumedRoleUser":{"assumedRoleId":"${roleid}:${sessname}","arn":"arn:aws:sts::${acct}:assumed-role/${rolename}/${sessname}"},"provider":"arn:aws:iam::${acct}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/${hex32}","audience":"sts.amazonaws.com"}`).
			Res("AWS::IAM::Role", "${rolearn}").By("eks.amazonaws.com"),
		ro("sts", "AssumeRoleWithSAML", 1, cSvc, `{"sAMLAssertionID":"_${hex32}","roleSessionName":"${email}","roleArn":"${rolearn}","principalArn":"arn:aws:iam::${acct}:saml-provider/AWSSSO_${hex16}_DO_NOT_DELETE","durationSeconds":3600}`, "").
			Res("AWS::IAM::Role", "${rolearn}").By("sso.amazonaws.com"),
		ro("sts", "GetFederationToken", 0.3, mach, `{"name":"${newname}","durationSeconds":43200}`, ""),
		ro("sts", "DecodeAuthorizationMessage", 0.1, hum, `{"encodedMessage":"${encmsg}"}`, ""),

		// ---------------------------------------------------------------- KMS
		ro("kms", "Decrypt", 18, app, `{"encryptionAlgorithm":"SYMMETRIC_DEFAULT","encryptionContext":{"aws:lambda:FunctionArn":"arn:aws:lambda:${region}:${acct}:function:${fn}"}}`, "").Res("AWS::KMS::Key", kmsArn).VPCE().
			Err("InvalidCiphertextException", ""),
		ro("kms", "Decrypt", 14, app|mach|cX, `{"encryptionAlgorithm":"SYMMETRIC_DEFAULT","encryptionContext":{"SecretARN":"arn:aws:secretsmanager:${region}:${acct}:secret:${secret}","SecretVersionId":"${uuid}"}}`, "").Res("AWS::KMS::Key", kmsArn).Cross().VPCE().
			Err("InvalidCiphertextException", ""),
		ro("kms", "Decrypt", 10, cSvc, `{"encryptionAlgorithm":"SYMMETRIC_DEFAULT","encryptionContext":{"aws:lambda:FunctionArn":"arn:aws:lambda:${region}:${acct}:function:${fn}"}}`, "").Res("AWS::KMS::Key", kmsArn).By("lambda.amazonaws.com"),
		ro("kms", "Decrypt", 6, cSvc, `{"encryptionContext":{"SecretARN":"arn:aws:secretsmanager:${region}:${acct}:secret:${secret}","SecretVersionId":"${uuid}"},"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}`, "").Res("AWS::KMS::Key", kmsArn).By("secretsmanager.amazonaws.com"),
		ro("kms", "Decrypt", 10, cSvc, `{"encryptionContext":{"aws:s3:arn":"arn:aws:s3:::${bucket}/${key}"},"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}`, "").Res("AWS::KMS::Key", kmsArn).By("s3.amazonaws.com"),
		ro("kms", "Encrypt", 6, app|mach, `{"keyId":"${kms}","encryptionAlgorithm":"SYMMETRIC_DEFAULT"}`, "").Res("AWS::KMS::Key", kmsArn),
		ro("kms", "GenerateDataKey", 12, cSvc, `{"keySpec":"AES_256","encryptionContext":{"aws:s3:arn":"arn:aws:s3:::${bucket}"},"keyId":"arn:aws:kms:${region}:${acct}:key/${kms}"}`, "").Res("AWS::KMS::Key", kmsArn).By("s3.amazonaws.com"),
		ro("kms", "GenerateDataKey", 20, app|mach, `{"keyId":"arn:aws:kms:${region}:${acct}:alias/${env}-data","keySpec":"AES_256","encryptionContext":{"aws:s3:arn":"arn:aws:s3:::${bucket}"}}`, "").Res("AWS::KMS::Key", kmsArn).VPCE(),
		ro("kms", "GenerateDataKey", 6, cSvc, `{"keyId":"${kms}","encryptionContext":{"aws:cloudtrail:arn":"arn:aws:cloudtrail:${region}:${acct}:trail/${trail}","aws:s3:arn":"arn:aws:s3:::aws-cloudtrail-logs-${acct}/AWSLogs/${acct}/CloudTrail/${region}/${hex8}.json.gz"},"keySpec":"AES_256"}`, "").
			Res("AWS::KMS::Key", kmsArn).By("cloudtrail.amazonaws.com"),
		ro("kms", "DescribeKey", 6, rds|app, `{"keyId":"${kms}"}`, "").Res("AWS::KMS::Key", kmsArn).Err("NotFoundException", "Key 'arn:aws:kms:${region}:${acct}:key/${kms}' does not exist"),
		ro("kms", "ListKeys", 3, rds, `{"limit":1000}`, ""),
		ro("kms", "ListAliases", 3, rds, `{"limit":100}`, ""),
		ro("kms", "GetKeyPolicy", 2, rds, `{"keyId":"${kms}","policyName":"default"}`, "").Res("AWS::KMS::Key", kmsArn),
		ro("kms", "GetKeyRotationStatus", 2, rds, `{"keyId":"${kms}"}`, "").Res("AWS::KMS::Key", kmsArn),
		ro("kms", "ListResourceTags", 1.5, rd, `{"keyId":"${kms}"}`, "").Res("AWS::KMS::Key", kmsArn),
		ro("kms", "ListGrants", 1, rd, `{"keyId":"${kms}"}`, "").Res("AWS::KMS::Key", kmsArn),
		rw("kms", "CreateKey", 0.05, wr, `{"description":"${tagval}","keyUsage":"ENCRYPT_DECRYPT","keySpec":"SYMMETRIC_DEFAULT","origin":"AWS_KMS","bypassPolicyLockoutSafetyCheck":false,"multiRegion":false}`,
			`{"keyMetadata":{"aWSAccountId":"${acct}","keyId":"${qid}","arn":"arn:aws:kms:${region}:${acct}:key/${qid}","creationDate":"${tsnow}","enabled":true,"keyUsage":"ENCRYPT_DECRYPT","keyState":"Enabled","origin":"AWS_KMS","keyManager":"CUSTOMER","customerMasterKeySpec":"SYMMETRIC_DEFAULT","keySpec":"SYMMETRIC_DEFAULT","encryptionAlgorithms":["SYMMETRIC_DEFAULT"],"multiRegion":false}}`),
		rw("kms", "ScheduleKeyDeletion", 0.02, wr, `{"keyId":"${kms}","pendingWindowInDays":7}`, `{"keyId":"arn:aws:kms:${region}:${acct}:key/${kms}","deletionDate":"${ts}","keyState":"PendingDeletion","pendingWindowInDays":7}`).Res("AWS::KMS::Key", kmsArn),
		rw("kms", "DisableKey", 0.02, wr, `{"keyId":"${kms}"}`, "").Res("AWS::KMS::Key", kmsArn),
		rw("kms", "PutKeyPolicy", 0.03, wr, `{"keyId":"${kms}","policyName":"default","policy":"{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::${acct}:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}","bypassPolicyLockoutSafetyCheck":false}`, "").Res("AWS::KMS::Key", kmsArn),
		rw("kms", "CreateGrant", 1, cSvc, `{"keyId":"${kms}","granteePrincipal":"${roleid}","retiringPrincipal":"ec2.${region}.amazonaws.com","operations":["Decrypt","GenerateDataKeyWithoutPlaintext","ReEncryptFrom","ReEncryptTo","CreateGrant","DescribeKey"],"constraints":{"encryptionContextSubset":{"aws:ebs:id":"${vol}"}}}`, `{"grantId":"${grantid}","keyId":"arn:aws:kms:${region}:${acct}:key/${kms}"}`).
			Res("AWS::KMS::Key", kmsArn).By("ec2.amazonaws.com"),
		rw("kms", "RetireGrant", 0.3, cSvc, "", "").Res("AWS::KMS::Key", kmsArn).By("ec2.amazonaws.com"),
		rw("kms", "ReEncrypt", 0.3, app, `{"sourceEncryptionAlgorithm":"SYMMETRIC_DEFAULT","destinationKeyId":"${kms}","destinationEncryptionAlgorithm":"SYMMETRIC_DEFAULT"}`, "").Res("AWS::KMS::Key", kmsArn),
		rw("kms", "RotateKey", 0.2, cSvc, "", "").Res("AWS::KMS::Key", kmsArn).Svc("kms.amazonaws.com", `{"keyId":"${kms}"}`),

		// ------------------------------------------------------------- Sign-in
		rw("signin", "ConsoleLogin", 14, cCon|cRoot, "", `{"ConsoleLogin":"${loginres}"}`).SignIn().
			Aed(`{"LoginTo":"https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_${region}_${hex16}","MobileVersion":"No","MFAUsed":"${mfaused}"}`).
			Host("signin.aws.amazon.com").P(0.08),
		rw("signin", "CheckMfa", 2, cRoot, "", `{"CheckMfa":"Success"}`).SignIn().Aed(`{"MfaType":"Virtual MFA"}`).Host("signin.aws.amazon.com").P(0),
		rw("signin", "SwitchRole", 1.5, cCon, "", `{"SwitchRole":"Success"}`).SignIn().Aed(`{"RedirectTo":"https://console.aws.amazon.com/console/home","SwitchFrom":"${self}"}`).Host("signin.aws.amazon.com").P(0),
		ro("signin", "GetSigninToken", 1, cCon, "", `{"GetSigninToken":"Success"}`).SignIn().Host("signin.aws.amazon.com").P(0),
		ro("signin", "CredentialChallenge", 5, cUnk, "", "").Svc("", `{"CredentialChallenge":"Success"}`).Aed(`{"AuthWorkflowID":"${qid}","CredentialType":"PASSWORD"}`),
		ro("signin", "CredentialVerification", 5, cUnk, "", "").Svc("", `{"CredentialVerification":"Success"}`).Aed(`{"AuthWorkflowID":"${qid}","CredentialType":"PASSWORD"}`).P(0.06).Err("", "Failed authentication"),
		ro("signin", "UserAuthentication", 4, cUnk, "", "").Svc("", `{"UserAuthentication":"Success"}`).Aed(`{"AuthWorkflowID":"${qid}","LoginTo":"https://${idstore}.awsapps.com/start/","CredentialType":"PASSWORD"}`),

		// ------------------------------------------------------------- Lambda
		ro("lambda", "ListFunctions20150331", 6, rds, "", ""),
		ro("lambda", "GetFunction20150331v2", 4, rds|cCI, `{"functionName":"${fn}"}`, "").Res("AWS::Lambda::Function", fnArn),
		ro("lambda", "GetFunctionConfiguration20150331v2", 4, rds|cCI|app, `{"functionName":"${fn}"}`, ""),
		ro("lambda", "GetPolicy20150331v2", 2, rds, `{"functionName":"${fn}"}`, "").P(0.2).ErrW("ResourceNotFoundException", "The resource you requested does not exist.", 8),
		ro("lambda", "ListEventSourceMappings20150331", 2, rds, `{"functionName":"${fn}"}`, ""),
		ro("lambda", "ListTags20170331", 2, rd, `{"resource":"arn:aws:lambda:${region}:${acct}:function:${fn}"}`, ""),
		ro("lambda", "ListVersionsByFunction20150331", 1, rd, `{"functionName":"${fn}"}`, ""),
		ro("lambda", "ListAliases20150331", 1, rd, `{"functionName":"${fn}"}`, ""),
		ro("lambda", "GetAccountSettings20160819", 1, rd, "", ""),
		rw("lambda", "CreateFunction20150331", 0.1, wr, `{"functionName":"${fn}","runtime":"python3.12","role":"arn:aws:iam::${acct}:role/${role}","handler":"app.handler","code":{},"timeout":30,"memorySize":256,"publish":false,"environment":{},"architectures":["arm64"]}`, `{"functionName":"${fn}","functionArn":"arn:aws:lambda:${region}:${acct}:function:${fn}","runtime":"python3.12","state":"Pending","stateReasonCode":"Creating"}`),
		rw("lambda", "UpdateFunctionCode20150331v2", 0.4, wr, `{"functionName":"${fn}","publish":false,"dryRun":false,"s3Bucket":"${bucket}","s3Key":"lambda/${fn}.zip"}`, `{"functionName":"${fn}","functionArn":"arn:aws:lambda:${region}:${acct}:function:${fn}","codeSha256":"${hex32}","lastUpdateStatus":"InProgress"}`),
		rw("lambda", "UpdateFunctionConfiguration20150331v2", 0.3, wr, `{"functionName":"${fn}","environment":{},"timeout":60}`, `{"functionName":"${fn}","functionArn":"arn:aws:lambda:${region}:${acct}:function:${fn}"}`),
		rw("lambda", "AddPermission20150331v2", 0.1, wr, `{"functionName":"${fn}","statementId":"${newname}","action":"lambda:InvokeFunction","principal":"s3.amazonaws.com","sourceArn":"arn:aws:s3:::${bucket}"}`, `{"statement":"{\"Sid\":\"allow-s3\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\"}"}`),
		rw("lambda", "DeleteFunction20150331", 0.05, wr, `{"functionName":"${fn}"}`, ""),
		rw("lambda", "Invoke", 12, app, `{"functionName":"arn:aws:lambda:${region}:${acct}:function:${fn}","invocationType":"RequestResponse"}`, "").Data().
			Res("AWS::Lambda::Function", fnArn).Aed(`{"functionVersion":"arn:aws:lambda:${region}:${acct}:function:${fn}:$LATEST"}`),
		rw("lambda", "Invoke", 6, cSvc, `{"functionName":"arn:aws:lambda:${region}:${acct}:function:${fn}","sourceArn":"arn:aws:s3:::${bucket}","invocationType":"Event"}`, "").Data().By("s3.amazonaws.com").
			Res("AWS::Lambda::Function", fnArn).Aed(`{"functionVersion":"arn:aws:lambda:${region}:${acct}:function:${fn}:$LATEST"}`),
		rw("lambda", "Invoke", 4, cSvc, `{"functionName":"arn:aws:lambda:${region}:${acct}:function:${fn}","sourceArn":"arn:aws:events:${region}:${acct}:rule/${rule}","invocationType":"Event"}`, "").Data().By("events.amazonaws.com").
			Res("AWS::Lambda::Function", fnArn).Aed(`{"functionVersion":"arn:aws:lambda:${region}:${acct}:function:${fn}:$LATEST"}`),

		// --------------------------------------------------------------- Logs
		ro("logs", "DescribeLogGroups", 8, rds, `{"limit":50}`, ""),
		ro("logs", "DescribeLogStreams", 6, rds|app, `{"logGroupName":"${lg}","orderBy":"LastEventTime","descending":true}`, ""),
		ro("logs", "FilterLogEvents", 3, hum, `{"logGroupName":"${lg}","startTime":${epochms},"filterPattern":"ERROR","interleaved":true}`, ""),
		ro("logs", "GetLogEvents", 3, hum, `{"logGroupName":"${lg}","logStreamName":"${ls}","startFromHead":false}`, ""),
		ro("logs", "StartQuery", 1, hum|mach, `{"logGroupNames":["${lg}"],"startTime":${epochms},"endTime":${epochms},"queryString":"fields @timestamp, @message | sort @timestamp desc | limit 20"}`, `{"queryId":"${qid}"}`),
		ro("logs", "GetQueryResults", 2, hum|mach, `{"queryId":"${qid}"}`, ""),
		ro("logs", "DescribeSubscriptionFilters", 1, rd, `{"logGroupName":"${lg}"}`, ""),
		ro("logs", "DescribeMetricFilters", 1, rd, `{"logGroupName":"${lg}"}`, ""),
		rw("logs", "CreateLogGroup", 0.3, wr|app, `{"logGroupName":"${lg}"}`, "").Err("ResourceAlreadyExistsException", "The specified log group already exists"),
		rw("logs", "CreateLogStream", 8, app, `{"logGroupName":"${lg}","logStreamName":"${ls}"}`, ""),
		rw("logs", "PutRetentionPolicy", 0.2, wr, `{"logGroupName":"${lg}","retentionInDays":30}`, ""),
		rw("logs", "DeleteLogGroup", 0.05, wr, `{"logGroupName":"${lg}"}`, ""),

		// --------------------------------------------------------- CloudTrail
		ro("cloudtrail", "DescribeTrails", 3, rds, `{"trailNameList":[],"includeShadowTrails":true}`, ""),
		ro("cloudtrail", "GetTrailStatus", 3, rds, `{"name":"arn:aws:cloudtrail:${region}:${acct}:trail/${trail}"}`, ""),
		ro("cloudtrail", "LookupEvents", 4, hum|mach, `{"lookupAttributes":[{"attributeKey":"EventName","attributeValue":"ConsoleLogin"}],"maxResults":50}`, ""),
		ro("cloudtrail", "GetEventSelectors", 2, rds, `{"trailName":"${trail}"}`, ""),
		ro("cloudtrail", "ListTrails", 1, rd, "", ""),
		ro("cloudtrail", "GetTrail", 1, rd, `{"name":"${trail}"}`, ""),
		ro("cloudtrail", "GetInsightSelectors", 0.5, rd, `{"trailName":"${trail}"}`, "").P(0.5).ErrW("InsightNotEnabledException", "Trail ${trail} does not have Insights enabled.", 8),
		ro("cloudtrail", "ListTags", 0.5, rd, `{"resourceIdList":["arn:aws:cloudtrail:${region}:${acct}:trail/${trail}"]}`, ""),
		rw("cloudtrail", "StopLogging", 0.02, hum, `{"name":"${trail}"}`, "").Res("AWS::CloudTrail::Trail", "arn:aws:cloudtrail:${region}:${acct}:trail/${trail}"),
		rw("cloudtrail", "StartLogging", 0.02, hum, `{"name":"${trail}"}`, "").Res("AWS::CloudTrail::Trail", "arn:aws:cloudtrail:${region}:${acct}:trail/${trail}"),
		rw("cloudtrail", "DeleteTrail", 0.01, hum, `{"name":"${trail}"}`, "").Res("AWS::CloudTrail::Trail", "arn:aws:cloudtrail:${region}:${acct}:trail/${trail}"),
		rw("cloudtrail", "UpdateTrail", 0.03, wr, `{"name":"${trail}","isMultiRegionTrail":true,"includeGlobalServiceEvents":true,"enableLogFileValidation":true}`, ""),
		rw("cloudtrail", "PutEventSelectors", 0.02, wr, `{"trailName":"${trail}","eventSelectors":[{"readWriteType":"All","includeManagementEvents":true,"dataResources":[],"excludeManagementEventSources":[]}]}`, ""),
		rw("cloudtrail", "CreateTrail", 0.01, wr, `{"name":"${newname}","s3BucketName":"${bucket}","isMultiRegionTrail":true,"enableLogFileValidation":true}`, ""),

		// ----------------------------------------------------------- GuardDuty
		ro("guardduty", "ListDetectors", 3, rds, "", ""),
		ro("guardduty", "GetDetector", 2, rd, `{"detectorId":"${detector}"}`, ""),
		ro("guardduty", "ListFindings", 3, rd, `{"detectorId":"${detector}","findingCriteria":{"criterion":{"service.archived":{"eq":["false"]}}},"maxResults":50}`, ""),
		ro("guardduty", "GetFindings", 2, rd, `{"detectorId":"${detector}","findingIds":["${finding}"]}`, ""),
		ro("guardduty", "GetFindingsStatistics", 1, rd, `{"detectorId":"${detector}","findingStatisticTypes":["COUNT_BY_SEVERITY"]}`, ""),
		ro("guardduty", "ListMembers", 0.5, rd, `{"detectorId":"${detector}","onlyAssociated":"true"}`, ""),
		rw("guardduty", "UpdateDetector", 0.05, wr, `{"detectorId":"${detector}","enable":true,"findingPublishingFrequency":"FIFTEEN_MINUTES"}`, ""),
		rw("guardduty", "DeleteDetector", 0.005, hum, `{"detectorId":"${detector}"}`, ""),
		rw("guardduty", "ArchiveFindings", 0.05, hum, `{"detectorId":"${detector}","findingIds":["${finding}"]}`, ""),

		// ----------------------------------------------------- Secrets Manager
		ro("secretsmanager", "GetSecretValue", 12, app|mach|cCI|cX, `{"secretId":"${secret}"}`, "").Res("AWS::SecretsManager::Secret", secretArn).VPCE().Cross().
			Err("ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
		ro("secretsmanager", "DescribeSecret", 4, rds|app, `{"secretId":"${secret}"}`, "").Res("AWS::SecretsManager::Secret", secretArn),
		ro("secretsmanager", "ListSecrets", 3, rds, `{"maxResults":100}`, ""),
		ro("secretsmanager", "GetResourcePolicy", 1, rd, `{"secretId":"${secret}"}`, ""),
		rw("secretsmanager", "PutSecretValue", 0.3, wr|app, `{"secretId":"${secret}","clientRequestToken":"${uuid}"}`, `{"aRN":"arn:aws:secretsmanager:${region}:${acct}:secret:${secret}","name":"${secret}","versionId":"${uuid}","versionStages":["AWSCURRENT"]}`),
		rw("secretsmanager", "CreateSecret", 0.1, wr, `{"name":"${env}/${newname}","clientRequestToken":"${uuid}","description":"${tagval}","forceOverwriteReplicaSecret":false}`, `{"aRN":"arn:aws:secretsmanager:${region}:${acct}:secret:${env}/${newname}-${alnum8}","name":"${env}/${newname}","versionId":"${uuid}"}`),
		rw("secretsmanager", "UpdateSecret", 0.1, wr, `{"secretId":"${secret}","description":"${tagval}"}`, ""),
		rw("secretsmanager", "DeleteSecret", 0.03, wr, `{"secretId":"${secret}","recoveryWindowInDays":7}`, ""),
		rw("secretsmanager", "RotateSecret", 0.05, wr, `{"secretId":"${secret}","rotateImmediately":true}`, ""),
		rw("secretsmanager", "RotationSucceeded", 0.1, cSvc, "", "").Svc("secretsmanager.amazonaws.com", "").Aed(`{"SecretId":"arn:aws:secretsmanager:${region}:${acct}:secret:${secret}"}`),

		// ---------------------------------------------------------------- SSM
		ro("ssm", "GetParameter", 10, app|mach|cCI, `{"name":"${param}","withDecryption":${bool}}`, "").VPCE().Err("ParameterNotFound", ""),
		ro("ssm", "GetParameters", 6, app|cCI, `{"names":["${param}"],"withDecryption":false}`, "").VPCE(),
		ro("ssm", "GetParametersByPath", 4, app|mach, `{"path":"/app/","recursive":true,"withDecryption":true}`, "").VPCE(),
		ro("ssm", "DescribeParameters", 2, rds, `{"maxResults":50}`, ""),
		ro("ssm", "DescribeInstanceInformation", 3, rds, `{"maxResults":50}`, ""),
		rw("ssm", "UpdateInstanceInformation", 12, app, `{"instanceId":"${inst}","agentVersion":"3.3.40.0","agentStatus":"Active","platformType":"Linux","platformName":"Amazon Linux","platformVersion":"2023","iPAddress":"${privip}","computerName":"ip-10-0-1-23.ec2.internal","agentName":"amazon-ssm-agent","availabilityZone":"${az}","availabilityZoneId":"use1-az4"}`, ""),
		ro("ssm", "ListInstanceAssociations", 8, app, `{"instanceId":"${inst}","maxResults":50}`, ""),
		ro("ssm", "DescribeDocument", 1, rd, `{"name":"AWS-RunShellScript"}`, ""),
		ro("ssm", "ListCommands", 1, rd, `{"maxResults":50}`, ""),
		rw("ssm", "SendCommand", 0.3, wr, `{"instanceIds":["${inst}"],"documentName":"AWS-RunShellScript","parameters":"HIDDEN_DUE_TO_SECURITY_REASONS","interactive":false}`, `{"command":{"commandId":"${uuid}","documentName":"AWS-RunShellScript","instanceIds":["${inst}"],"status":"Pending","parameters":"HIDDEN_DUE_TO_SECURITY_REASONS","interactive":false}}`),
		rw("ssm", "StartSession", 0.3, hum, `{"target":"${inst}"}`, `{"sessionId":"${email}-${hex16}","tokenValue":"Value hidden due to security reasons.","streamUrl":"wss://ssmmessages.${region}.amazonaws.com/v1/data-channel/${hex16}?role=publish_subscribe"}`).Res("AWS::EC2::Instance", instArn),
		rw("ssm", "PutParameter", 0.3, wr, `{"name":"${param}","type":"SecureString","value":"HIDDEN_DUE_TO_SECURITY_REASONS","overwrite":true,"tier":"Standard"}`, `{"version":${n100},"tier":"Standard"}`),
		ro("ssm", "ListAssociations", 1, rd, `{"maxResults":50}`, ""),
		ro("ssm", "DescribeAssociation", 0.5, rd, `{"associationId":"${uuid}"}`, ""),

		// ---------------------------------------------------------------- RDS
		ro("rds", "DescribeDBInstances", 8, rds|app, `{"dBInstanceIdentifier":"${db}"}`, "").Err("DBInstanceNotFoundFault", "DBInstance ${db} not found."),
		ro("rds", "DescribeDBInstances", 4, rds, "", ""),
		ro("rds", "DescribeDBClusters", 5, rds, `{"includeShared":false}`, ""),
		ro("rds", "DescribeDBSnapshots", 3, rds, `{"dBInstanceIdentifier":"${db}","includeShared":false,"includePublic":false}`, ""),
		ro("rds", "DescribeDBClusterSnapshots", 1, rd, `{"includeShared":false,"includePublic":false}`, ""),
		ro("rds", "DescribeDBSubnetGroups", 1, rd, "", ""),
		ro("rds", "DescribeDBParameterGroups", 1, rd, "", ""),
		ro("rds", "DescribeEvents", 1, rd, `{"duration":1440}`, ""),
		ro("rds", "ListTagsForResource", 2, rd, `{"resourceName":"arn:aws:rds:${region}:${acct}:db:${db}"}`, ""),
		ro("rds", "DescribeDBEngineVersions", 1, rd, `{"engine":"postgres","defaultOnly":true}`, ""),
		ro("rds", "DescribePendingMaintenanceActions", 1, rds, "", ""),
		rw("rds", "CreateDBSnapshot", 0.1, wr|mach, `{"dBSnapshotIdentifier":"${db}-${newname}","dBInstanceIdentifier":"${db}"}`, ""),
		rw("rds", "ModifyDBInstance", 0.05, wr, `{"dBInstanceIdentifier":"${db}","applyImmediately":false,"allowMajorVersionUpgrade":false}`, ""),
		rw("rds", "StopDBInstance", 0.03, wr, `{"dBInstanceIdentifier":"${db}"}`, ""),
		rw("rds", "StartDBInstance", 0.03, wr, `{"dBInstanceIdentifier":"${db}"}`, ""),
		rw("rds", "DeleteDBInstance", 0.005, hum, `{"dBInstanceIdentifier":"${db}","skipFinalSnapshot":false,"deleteAutomatedBackups":false}`, ""),
		rw("rds", "ModifyDBSnapshotAttribute", 0.01, hum, `{"dBSnapshotIdentifier":"${db}-snap","attributeName":"restore","valuesToAdd":["${accountid2}"]}`, ""),

		// ----------------------------------------------------------- DynamoDB
		ro("dynamodb", "ListTables", 5, rds|app, "", ""),
		ro("dynamodb", "DescribeTable", 10, rds|app|cCI, `{"tableName":"${table}"}`, "").Res("AWS::DynamoDB::Table", tableArn).VPCE().Err("ResourceNotFoundException", ddbNotFound),
		ro("dynamodb", "DescribeContinuousBackups", 2, rd, `{"tableName":"${table}"}`, "").Res("AWS::DynamoDB::Table", tableArn),
		ro("dynamodb", "DescribeTimeToLive", 2, rd|cCI, `{"tableName":"${table}"}`, "").Res("AWS::DynamoDB::Table", tableArn),
		ro("dynamodb", "ListTagsOfResource", 2, rd|cCI, `{"resourceArn":"arn:aws:dynamodb:${region}:${acct}:table/${table}"}`, "").Res("AWS::DynamoDB::Table", tableArn),
		ro("dynamodb", "DescribeKinesisStreamingDestination", 0.5, rd, `{"tableName":"${table}"}`, "").Res("AWS::DynamoDB::Table", tableArn),
		rw("dynamodb", "CreateTable", 0.05, wr, `{"attributeDefinitions":[{"attributeName":"pk","attributeType":"S"}],"tableName":"${env}-${newname}","keySchema":[{"attributeName":"pk","keyType":"HASH"}],"billingMode":"PAY_PER_REQUEST"}`, ""),
		rw("dynamodb", "UpdateTable", 0.05, wr, `{"tableName":"${table}","billingMode":"PAY_PER_REQUEST"}`, "").Res("AWS::DynamoDB::Table", tableArn),
		rw("dynamodb", "DeleteTable", 0.01, hum, `{"tableName":"${table}"}`, "").Res("AWS::DynamoDB::Table", tableArn),
		rw("dynamodb", "CreateBackup", 0.1, mach|wr, `{"tableName":"${table}","backupName":"${table}-${hex8}"}`, "").Res("AWS::DynamoDB::Table", tableArn),

		// ------------------------------------------------------------- Athena
		rw("athena", "StartQueryExecution", 4, hum|mach|app, `{"queryString":"***OMITTED***","queryExecutionContext":{"database":"${database}","catalog":"AwsDataCatalog"},"resultConfiguration":{"outputLocation":"s3://aws-athena-query-results-${acct}-${region}/"},"workGroup":"${wg}","clientRequestToken":"${uuid}"}`, `{"queryExecutionId":"${qid}"}`).
			Err("InvalidRequestException", "line 1:8: mismatched input '${oddstr}'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UPDATE', 'USE', <query>"),
		ro("athena", "GetQueryExecution", 10, hum|mach|app, `{"queryExecutionId":"${qid}"}`, ""),
		ro("athena", "GetQueryResults", 6, hum|mach|app, `{"queryExecutionId":"${qid}","maxResults":${maxres}}`, ""),
		ro("athena", "ListWorkGroups", 1, rd, `{"maxResults":50}`, ""),
		ro("athena", "GetWorkGroup", 2, rd, `{"workGroup":"${wg}"}`, ""),
		ro("athena", "ListQueryExecutions", 1, hum, `{"workGroup":"${wg}"}`, ""),
		rw("athena", "CreateNamedQuery", 0.1, hum, `{"name":"${newname}","description":"${tagval}","database":"${database}","queryString":"***OMITTED***","clientRequestToken":"${uuid}","workGroup":"${wg}"}`, `{"namedQueryId":"${uuid}"}`),
		ro("athena", "ListNamedQueries", 0.3, hum, `{"workGroup":"${wg}"}`, ""),
		rw("athena", "StopQueryExecution", 0.2, hum, `{"queryExecutionId":"${qid}"}`, ""),
		ro("athena", "GetDataCatalog", 0.5, hum, `{"name":"AwsDataCatalog"}`, ""),
		ro("athena", "ListDatabases", 0.5, hum, `{"catalogName":"AwsDataCatalog","maxResults":50}`, ""),
		ro("athena", "GetTableMetadata", 1, hum, `{"catalogName":"AwsDataCatalog","databaseName":"${database}","tableName":"${gtable}"}`, ""),

		// ------------------------------------------------------ Organizations
		ro("organizations", "DescribeOrganization", 4, rds, "", ""),
		ro("organizations", "DescribeOrganization", 2, cSvc, "", "").By("config.amazonaws.com"),
		ro("organizations", "ListAccounts", 2, rd, "", ""),
		ro("organizations", "DescribeAccount", 1, rd, `{"accountId":"${accountid2}"}`, ""),
		ro("organizations", "ListRoots", 1, rd, "", ""),
		ro("organizations", "ListPolicies", 0.5, rd, `{"filter":"SERVICE_CONTROL_POLICY"}`, ""),
		ro("organizations", "ListOrganizationalUnitsForParent", 0.5, rd, `{"parentId":"${orgroot}"}`, ""),
		ro("organizations", "ListAWSServiceAccessForOrganization", 0.5, rd, "", ""),
		ro("organizations", "DescribePolicy", 0.3, rd, `{"policyId":"p-FullAWSAccess"}`, ""),
		rw("organizations", "LeaveOrganization", 0.003, hum, "", "").Err("ConstraintViolationException", "You cannot remove the account from the organization because it doesn't have a payment method."),
		rw("organizations", "InviteAccountToOrganization", 0.005, hum, `{"target":{"id":"${accountid2}","type":"ACCOUNT"}}`, ""),

		// ------------------------------------------------------------- Config
		ro("config", "DescribeConfigurationRecorders", 2, rd, "", ""),
		ro("config", "DescribeConfigurationRecorderStatus", 2, rd, "", ""),
		ro("config", "DescribeDeliveryChannels", 1, rd, "", ""),
		ro("config", "DescribeConfigRules", 2, rd, "", ""),
		ro("config", "DescribeComplianceByConfigRule", 1, rd, "", ""),
		rw("config", "PutEvaluations", 10, cCfg|cApp, `{"evaluations":[{"complianceResourceType":"AWS::S3::Bucket","complianceResourceId":"${bucket}","complianceType":"${compliance}","orderingTimestamp":"${ts}"}],"resultToken":"${token}","testMode":false}`, `{"failedEvaluations":[]}`),
		ro("config", "GetResourceConfigHistory", 1, hum, `{"resourceType":"AWS::EC2::SecurityGroup","resourceId":"${sg}","limit":10}`, ""),
		ro("config", "DescribeConfigRuleEvaluationStatus", 1, rd, "", ""),
		rw("config", "StopConfigurationRecorder", 0.005, hum, `{"configurationRecorderName":"default"}`, ""),
		rw("config", "DeleteConfigRule", 0.005, hum, `{"configRuleName":"s3-bucket-public-read-prohibited"}`, ""),
		rw("config", "PutConfigRule", 0.05, wr, `{"configRule":{"configRuleName":"${newname}","source":{"owner":"AWS","sourceIdentifier":"S3_BUCKET_VERSIONING_ENABLED"}}}`, ""),

		// --------------------------------------------------------- CloudWatch
		ro("monitoring", "DescribeAlarms", 8, rds|mach, `{"maxRecords":100}`, ""),
		ro("monitoring", "GetMetricData", 10, hum|mach, `{"metricDataQueries":[{"id":"m1","metricStat":{"metric":{"namespace":"AWS/EC2","metricName":"CPUUtilization","dimensions":[{"name":"InstanceId","value":"${inst}"}]},"period":300,"stat":"Average"}}],"startTime":"${ts}","endTime":"${tsnow}"}`, ""),
		ro("monitoring", "ListMetrics", 3, rd, `{"namespace":"AWS/Lambda"}`, ""),
		ro("monitoring", "DescribeAlarmHistory", 1, rd, `{"alarmName":"${alarm}","maxRecords":50}`, ""),
		ro("monitoring", "GetMetricStatistics", 6, rds|mach, `{"namespace":"AWS/RDS","metricName":"FreeStorageSpace","dimensions":[{"name":"DBInstanceIdentifier","value":"${db}"}],"startTime":"${ts}","endTime":"${tsnow}","period":3600,"statistics":["Average"]}`, ""),
		rw("monitoring", "PutMetricAlarm", 0.2, wr, `{"alarmName":"${alarm}","actionsEnabled":true,"alarmActions":["arn:aws:sns:${region}:${acct}:${topic}"],"metricName":"Errors","namespace":"AWS/Lambda","statistic":"Sum","period":300,"evaluationPeriods":1,"threshold":1.0,"comparisonOperator":"GreaterThanOrEqualToThreshold"}`, ""),
		rw("monitoring", "DeleteAlarms", 0.05, wr, `{"alarmNames":["${alarm}"]}`, ""),
		ro("monitoring", "ListDashboards", 1, hum, "", ""),
		ro("monitoring", "GetDashboard", 1, hum, `{"dashboardName":"${company}-overview"}`, ""),
		rw("monitoring", "PutDashboard", 0.05, wr, `{"dashboardName":"${company}-overview","dashboardBody":"{\"widgets\":[{\"type\":\"metric\",\"properties\":{\"title\":\"${oddstr}\"}}]}"}`, ""),

		// ---------------------------------------------------------------- SNS
		ro("sns", "ListTopics", 3, rds, "", ""),
		ro("sns", "GetTopicAttributes", 4, rds|app, `{"topicArn":"arn:aws:sns:${region}:${acct}:${topic}"}`, "").Res("AWS::SNS::Topic", "arn:aws:sns:${region}:${acct}:${topic}"),
		ro("sns", "ListSubscriptions", 1, rd, "", ""),
		ro("sns", "ListSubscriptionsByTopic", 2, rd, `{"topicArn":"arn:aws:sns:${region}:${acct}:${topic}"}`, ""),
		ro("sns", "ListTagsForResource", 1, rd, `{"resourceArn":"arn:aws:sns:${region}:${acct}:${topic}"}`, ""),
		rw("sns", "CreateTopic", 0.05, wr, `{"name":"${env}-${newname}"}`, `{"topicArn":"arn:aws:sns:${region}:${acct}:${env}-${newname}"}`),
		rw("sns", "Subscribe", 0.05, wr, `{"topicArn":"arn:aws:sns:${region}:${acct}:${topic}","protocol":"email","endpoint":"${email}","returnSubscriptionArn":false}`, `{"subscriptionArn":"pending confirmation"}`),
		rw("sns", "SetTopicAttributes", 0.05, wr, `{"topicArn":"arn:aws:sns:${region}:${acct}:${topic}","attributeName":"DisplayName","attributeValue":"${tagval}"}`, ""),
		rw("sns", "DeleteTopic", 0.01, wr, `{"topicArn":"arn:aws:sns:${region}:${acct}:${topic}"}`, ""),

		// ---------------------------------------------------------------- SQS
		ro("sqs", "ListQueues", 3, rds, "", ""),
		ro("sqs", "GetQueueAttributes", 8, rds|app, `{"queueUrl":"https://sqs.${region}.amazonaws.com/${acct}/${queue}","attributeNames":["All"]}`, ""),
		ro("sqs", "GetQueueUrl", 4, app, `{"queueName":"${queue}"}`, "").Err("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist for this wsdl version."),
		ro("sqs", "ListQueueTags", 1, rd, `{"queueUrl":"https://sqs.${region}.amazonaws.com/${acct}/${queue}"}`, ""),
		rw("sqs", "SetQueueAttributes", 0.1, wr, `{"queueUrl":"https://sqs.${region}.amazonaws.com/${acct}/${queue}","attributes":{"VisibilityTimeout":"60"}}`, ""),
		rw("sqs", "CreateQueue", 0.05, wr, `{"queueName":"${env}-${newname}"}`, `{"queueUrl":"https://sqs.${region}.amazonaws.com/${acct}/${env}-${newname}"}`),
		rw("sqs", "DeleteQueue", 0.01, wr, `{"queueUrl":"https://sqs.${region}.amazonaws.com/${acct}/${queue}"}`, ""),
		rw("sqs", "PurgeQueue", 0.01, hum, `{"queueUrl":"https://sqs.${region}.amazonaws.com/${acct}/${queue}"}`, ""),

		// ---------------------------------------------------------------- ECR
		ro("ecr", "DescribeRepositories", 3, rds, "", ""),
		ro("ecr", "GetAuthorizationToken", 8, app|cCI, "", "").VPCE(),
		ro("ecr", "BatchGetImage", 5, app, `{"repositoryName":"${repo}","imageIds":[{"imageTag":"${imgtag}"}],"acceptedMediaTypes":["application/vnd.docker.distribution.manifest.v2+json","application/vnd.oci.image.manifest.v1+json"]}`, "").
			Res("AWS::ECR::Repository", "arn:aws:ecr:${region}:${acct}:repository/${repo}").VPCE(),
		ro("ecr", "GetDownloadUrlForLayer", 5, app, `{"repositoryName":"${repo}","layerDigest":"${sha}"}`, "").Res("AWS::ECR::Repository", "arn:aws:ecr:${region}:${acct}:repository/${repo}").VPCE(),
		ro("ecr", "DescribeImages", 2, rd, `{"repositoryName":"${repo}","maxResults":100}`, ""),
		ro("ecr", "ListImages", 2, rd|cCI, `{"repositoryName":"${repo}"}`, ""),
		ro("ecr", "BatchCheckLayerAvailability", 2, cCI, `{"repositoryName":"${repo}","layerDigests":["${sha}"]}`, ""),
		rw("ecr", "InitiateLayerUpload", 0.5, cCI, `{"repositoryName":"${repo}"}`, `{"uploadId":"${uuid}","partSize":20971520}`),
		rw("ecr", "PutImage", 0.5, cCI, `{"repositoryName":"${repo}","imageTag":"${imgtag}","imageManifest":"{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\"\n}"}`, "").
			Res("AWS::ECR::Repository", "arn:aws:ecr:${region}:${acct}:repository/${repo}"),
		ro("ecr", "GetLifecyclePolicy", 0.5, rd, `{"repositoryName":"${repo}"}`, "").P(0.5).ErrW("LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository with name '${repo}' in the registry with id '${acct}'", 8),
		ro("ecr", "DescribeImageScanFindings", 0.5, rd, `{"repositoryName":"${repo}","imageId":{"imageTag":"${imgtag}"}}`, ""),

		// ---------------------------------------------------------------- ECS
		ro("ecs", "DescribeClusters", 3, rds, `{"clusters":["${ecs}"]}`, ""),
		ro("ecs", "ListClusters", 2, rds, "", ""),
		ro("ecs", "ListServices", 3, rds, `{"cluster":"${ecs}"}`, ""),
		ro("ecs", "DescribeServices", 4, rds|cCI, `{"cluster":"${ecs}","services":["${ecssvc}"]}`, ""),
		ro("ecs", "DescribeTasks", 4, rd|app, `{"cluster":"${ecs}","tasks":["${taskid}"]}`, ""),
		ro("ecs", "ListTasks", 4, rd|app, `{"cluster":"${ecs}","desiredStatus":"RUNNING"}`, ""),
		ro("ecs", "DescribeTaskDefinition", 3, rd|cCI, `{"taskDefinition":"${taskdef}"}`, ""),
		rw("ecs", "RegisterTaskDefinition", 0.3, cCI, `{"family":"${env}-api","taskRoleArn":"arn:aws:iam::${acct}:role/${env}-ecs-task-api","networkMode":"awsvpc","containerDefinitions":[{"name":"api","image":"${acct}.dkr.ecr.${region}.amazonaws.com/${repo}:${imgtag}","cpu":256,"memory":512,"essential":true}],"requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"512"}`, ""),
		rw("ecs", "UpdateService", 0.3, cCI, `{"cluster":"${ecs}","service":"${ecssvc}","taskDefinition":"${taskdef}","forceNewDeployment":false}`, ""),
		rw("ecs", "RunTask", 0.2, cCI, `{"cluster":"${ecs}","taskDefinition":"${taskdef}","count":1,"launchType":"FARGATE"}`, ""),
		rw("ecs", "RunTask", 0.5, cSvc, `{"cluster":"${ecs}","taskDefinition":"${taskdef}","count":1,"launchType":"FARGATE","startedBy":"events-rule/${rule}"}`, "").By("events.amazonaws.com"),
		ro("ecs", "DescribeContainerInstances", 1, rd, `{"cluster":"${ecs}","containerInstances":["${taskid}"]}`, ""),
		ro("ecs", "ListContainerInstances", 1, rd, `{"cluster":"${ecs}"}`, ""),

		// ---------------------------------------------------------------- EKS
		ro("eks", "DescribeCluster", 6, rds|app, `{"name":"${eks}"}`, "").Res("AWS::EKS::Cluster", "arn:aws:eks:${region}:${acct}:cluster/${eks}"),
		ro("eks", "ListClusters", 2, rds, `{"maxResults":100}`, ""),
		ro("eks", "ListNodegroups", 2, rds, `{"name":"${eks}"}`, ""),
		ro("eks", "DescribeNodegroup", 2, rds, `{"name":"${eks}","nodegroupName":"${ng}"}`, ""),
		ro("eks", "ListAddons", 1, rd, `{"name":"${eks}"}`, ""),
		ro("eks", "DescribeAddonVersions", 0.5, rd, `{"kubernetesVersion":"1.29"}`, ""),
		ro("eks", "ListFargateProfiles", 0.5, rd, `{"name":"${eks}"}`, ""),
		rw("eks", "UpdateClusterConfig", 0.05, wr, `{"name":"${eks}","logging":{"clusterLogging":[{"types":["api","audit","authenticator"],"enabled":true}]}}`, ""),
		rw("eks", "CreateNodegroup", 0.02, wr, `{"clusterName":"${eks}","nodegroupName":"${ng}","scalingConfig":{"minSize":1,"maxSize":5,"desiredSize":2}}`, ""),
		rw("eks", "DeleteCluster", 0.002, hum, `{"name":"${eks}"}`, ""),

		// ------------------------------------------------------------ Route53
		ro("route53", "ListHostedZones", 3, rds, "", ""),
		ro("route53", "GetHostedZone", 2, rds, `{"id":"${zone}"}`, "").Res("AWS::Route53::HostedZone", "arn:aws:route53:::hostedzone/${zone}"),
		ro("route53", "ListResourceRecordSets", 4, rds|cCI, `{"hostedZoneId":"${zone}"}`, "").Res("AWS::Route53::HostedZone", "arn:aws:route53:::hostedzone/${zone}"),
		ro("route53", "GetChange", 1, cCI, `{"id":"${changeid}"}`, ""),
		rw("route53", "ChangeResourceRecordSets", 0.3, wr|app, `{"hostedZoneId":"${zone}","changeBatch":{"changes":[{"action":"UPSERT","resourceRecordSet":{"name":"api.${company}.example.com","type":"A","tTL":300,"resourceRecords":[{"value":"${ip}"}]}}]}}`, `{"changeInfo":{"id":"/change/${changeid}","status":"PENDING","submittedAt":"${tsnow}"}}`).
			Res("AWS::Route53::HostedZone", "arn:aws:route53:::hostedzone/${zone}"),
		ro("route53", "ListHealthChecks", 0.5, rd, "", ""),
		ro("route53", "GetHostedZoneCount", 0.3, rd, "", ""),
		ro("route53", "ListTagsForResource", 0.5, rd, `{"resourceType":"hostedzone","resourceId":"${zone}"}`, ""),

		// ---------------------------------------------------------------- ELB
		ro("elasticloadbalancing", "DescribeLoadBalancers", 5, rds, "", ""),
		ro("elasticloadbalancing", "DescribeTargetGroups", 4, rds|cCI, `{"loadBalancerArn":"arn:aws:elasticloadbalancing:${region}:${acct}:loadbalancer/${lb}"}`, ""),
		ro("elasticloadbalancing", "DescribeTargetHealth", 5, rds|app, `{"targetGroupArn":"arn:aws:elasticloadbalancing:${region}:${acct}:targetgroup/${tg}"}`, ""),
		ro("elasticloadbalancing", "DescribeListeners", 3, rds, `{"loadBalancerArn":"arn:aws:elasticloadbalancing:${region}:${acct}:loadbalancer/${lb}"}`, ""),
		ro("elasticloadbalancing", "DescribeLoadBalancerAttributes", 2, rd, `{"loadBalancerArn":"arn:aws:elasticloadbalancing:${region}:${acct}:loadbalancer/${lb}"}`, ""),
		ro("elasticloadbalancing", "DescribeRules", 1, rd, `{"listenerArn":"arn:aws:elasticloadbalancing:${region}:${acct}:listener/${lb}/${hex16}"}`, ""),
		ro("elasticloadbalancing", "DescribeTags", 2, rd, `{"resourceArns":["arn:aws:elasticloadbalancing:${region}:${acct}:loadbalancer/${lb}"]}`, ""),
		rw("elasticloadbalancing", "RegisterTargets", 0.5, cCI, `{"targetGroupArn":"arn:aws:elasticloadbalancing:${region}:${acct}:targetgroup/${tg}","targets":[{"id":"${inst}","port":8080}]}`, ""),
		rw("elasticloadbalancing", "DeregisterTargets", 0.5, cCI, `{"targetGroupArn":"arn:aws:elasticloadbalancing:${region}:${acct}:targetgroup/${tg}","targets":[{"id":"${inst}","port":8080}]}`, ""),
		rw("elasticloadbalancing", "ModifyListener", 0.05, wr, `{"listenerArn":"arn:aws:elasticloadbalancing:${region}:${acct}:listener/${lb}/${hex16}","port":443,"protocol":"HTTPS","sslPolicy":"ELBSecurityPolicy-TLS13-1-2-2021-06"}`, ""),

		// -------------------------------------------------------- Autoscaling
		ro("autoscaling", "DescribeAutoScalingGroups", 6, rds, `{"autoScalingGroupNames":["${asg}"]}`, ""),
		ro("autoscaling", "DescribeLaunchConfigurations", 1, rd, "", ""),
		ro("autoscaling", "DescribeScalingActivities", 2, rds, `{"autoScalingGroupName":"${asg}"}`, ""),
		ro("autoscaling", "DescribeAutoScalingInstances", 2, rd|app, `{"instanceIds":["${inst}"]}`, ""),
		ro("autoscaling", "DescribePolicies", 1, rd, `{"autoScalingGroupName":"${asg}"}`, ""),
		ro("autoscaling", "DescribeLifecycleHooks", 1, rd, `{"autoScalingGroupName":"${asg}"}`, ""),
		rw("autoscaling", "UpdateAutoScalingGroup", 0.2, wr, `{"autoScalingGroupName":"${asg}","minSize":1,"maxSize":10,"desiredCapacity":${n10}}`, ""),
		rw("autoscaling", "SetDesiredCapacity", 0.2, wr, `{"autoScalingGroupName":"${asg}","desiredCapacity":${n10},"honorCooldown":false}`, ""),
		rw("autoscaling", "CompleteLifecycleAction", 0.2, app, `{"lifecycleHookName":"drain","autoScalingGroupName":"${asg}","lifecycleActionResult":"CONTINUE","instanceId":"${inst}"}`, ""),

		// ------------------------------------------------------------ Support
		ro("support", "DescribeCases", 1, hum|cRoot, `{"includeResolvedCases":false,"language":"en","includeCommunications":true}`, ""),
		ro("support", "DescribeTrustedAdvisorChecks", 1, hum|mach, `{"language":"en"}`, ""),
		ro("support", "DescribeServices", 0.3, hum, `{"language":"en"}`, ""),
		ro("support", "DescribeSeverityLevels", 0.3, hum, `{"language":"en"}`, ""),
		ro("support", "DescribeCommunications", 0.2, hum, `{"caseId":"${caseid}"}`, ""),
		rw("support", "CreateCase", 0.02, hum|cRoot, `{"subject":"${oddstr}","serviceCode":"amazon-elastic-compute-cloud-linux","severityCode":"low","categoryCode":"instance-issue","communicationBody":"HIDDEN_DUE_TO_SECURITY_REASONS","language":"en","issueType":"technical"}`, `{"caseId":"${caseid}"}`),
		rw("support", "AddCommunicationToCase", 0.02, hum, `{"caseId":"${caseid}","communicationBody":"HIDDEN_DUE_TO_SECURITY_REASONS"}`, `{"result":true}`),

		// ------------------------------------------------------ TrustedAdvisor
		ro("trustedadvisor", "DescribeCheckSummaries", 1, hum|cCfg, `{"checkIds":["${checkid}"]}`, ""),
		ro("trustedadvisor", "DescribeCheckItems", 0.5, hum, `{"checkId":"${checkid}","count":100,"start":0}`, ""),
		rw("trustedadvisor", "RefreshCheck", 0.3, hum, `{"checkId":"${checkid}"}`, `{"status":{"checkId":"${checkid}","status":"enqueued","millisUntilNextRefreshable":3599993}}`),
		ro("trustedadvisor", "DescribeChecks", 0.5, hum, `{"language":"en"}`, ""),
		rw("trustedadvisor", "GenerateReport", 0.05, hum, `{"refresh":false,"includeSuppressedResources":false,"language":"en","format":"JSON","name":"organizational-view-report"}`, ""),

		// ------------------------------------------------------------- Health
		ro("health", "DescribeEvents", 2, hum|mach, `{"filter":{"eventStatusCodes":["open","upcoming"]},"maxResults":100,"locale":"en"}`, ""),
		ro("health", "DescribeEventAggregates", 1, hum, `{"aggregateField":"eventTypeCategory","filter":{"eventStatusCodes":["open"]}}`, ""),
		ro("health", "DescribeEventDetails", 0.5, hum|mach, `{"eventArns":["${evtid}"],"locale":"en"}`, ""),
		ro("health", "DescribeAffectedEntities", 0.3, hum, `{"filter":{"eventArns":["${evtid}"]},"locale":"en"}`, ""),

		// ----------------------------------------------------- CloudFormation
		ro("cloudformation", "DescribeStacks", 6, rds|cCI, `{"stackName":"${stack}"}`, "").Err("ValidationError", "Stack with id ${stack} does not exist"),
		ro("cloudformation", "ListStacks", 2, rds, `{"stackStatusFilter":["CREATE_COMPLETE","UPDATE_COMPLETE","UPDATE_ROLLBACK_COMPLETE"]}`, ""),
		ro("cloudformation", "DescribeStackEvents", 3, rds|cCI, `{"stackName":"${stack}"}`, ""),
		ro("cloudformation", "DescribeStackResources", 2, rds, `{"stackName":"${stack}"}`, ""),
		ro("cloudformation", "GetTemplate", 1, rd|cCI, `{"stackName":"${stack}","templateStage":"Original"}`, ""),
		ro("cloudformation", "GetTemplateSummary", 0.5, cCI, `{"stackName":"${stack}"}`, ""),
		ro("cloudformation", "ListStackResources", 1, rd|cCI, `{"stackName":"${stack}"}`, ""),
		rw("cloudformation", "CreateStack", 0.05, cCI|hum, `{"stackName":"${company}-${newname}","templateURL":"https://s3.${region}.amazonaws.com/cdk-hnb659fds-assets-${acct}-${region}/${hex64}.json","capabilities":["CAPABILITY_IAM","CAPABILITY_NAMED_IAM"],"tags":[{"key":"${tagkey}","value":"${tagval}"}]}`, `{"stackId":"arn:aws:cloudformation:${region}:${acct}:stack/${company}-${newname}/${uuid}"}`),
		rw("cloudformation", "UpdateStack", 0.2, cCI, `{"stackName":"${stack}","usePreviousTemplate":false,"capabilities":["CAPABILITY_IAM"]}`, `{"stackId":"arn:aws:cloudformation:${region}:${acct}:stack/${stack}/${uuid}"}`).
			Err("ValidationError", "No updates are to be performed."),
		rw("cloudformation", "DeleteStack", 0.03, cCI|hum, `{"stackName":"${stack}"}`, ""),
		rw("cloudformation", "CreateChangeSet", 0.2, cCI, `{"stackName":"${stack}","changeSetName":"cdk-deploy-change-set","changeSetType":"UPDATE","capabilities":["CAPABILITY_IAM","CAPABILITY_NAMED_IAM","CAPABILITY_AUTO_EXPAND"]}`, `{"id":"arn:aws:cloudformation:${region}:${acct}:changeSet/cdk-deploy-change-set/${uuid}","stackId":"arn:aws:cloudformation:${region}:${acct}:stack/${stack}/${uuid}"}`),
		rw("cloudformation", "ExecuteChangeSet", 0.2, cCI, `{"changeSetName":"cdk-deploy-change-set","stackName":"${stack}"}`, ""),
		ro("cloudformation", "DescribeChangeSet", 0.5, cCI, `{"changeSetName":"cdk-deploy-change-set","stackName":"${stack}"}`, ""),
		ro("cloudformation", "ValidateTemplate", 0.3, cCI, "", ""),

		// ------------------------------------------------------ Identity Center
		ro("sso", "ListAccounts", 4, cIDC, `{"maxResults":100}`, "").Host("portal.sso.${region}.amazonaws.com"),
		ro("sso", "ListAccountRoles", 3, cIDC, `{"accountId":"${acct}","maxResults":100}`, "").Host("portal.sso.${region}.amazonaws.com"),
		ro("sso", "GetRoleCredentials", 3, cIDC, `{"accountId":"${acct}","roleName":"${role}"}`, "").Host("portal.sso.${region}.amazonaws.com"),
		rw("sso", "Logout", 0.5, cIDC, "", "").Host("portal.sso.${region}.amazonaws.com"),
		ro("sso", "ListApplications", 1, cIDC, "", ""),

		// -------------------------------------------------------- SecurityHub
		ro("securityhub", "GetFindings", 3, hum|mach, `{"filters":{"severityLabel":[{"value":"CRITICAL","comparison":"EQUALS"}],"recordState":[{"value":"ACTIVE","comparison":"EQUALS"}]},"maxResults":100}`, ""),
		rw("securityhub", "BatchImportFindings", 4, cCfg, "", `{"failedCount":0,"successCount":${n10}}`),
		ro("securityhub", "DescribeHub", 1, rd, "", ""),
		ro("securityhub", "GetEnabledStandards", 1, rd, "", ""),
		rw("securityhub", "BatchUpdateFindings", 0.2, hum, `{"findingIdentifiers":[{"id":"arn:aws:securityhub:${region}:${acct}:security-control/${ctrl}/finding/${uuid}","productArn":"arn:aws:securityhub:${region}::product/aws/securityhub"}],"workflow":{"status":"SUPPRESSED"},"note":{"text":"${tagval}","updatedBy":"${uname}"}}`, ""),
		ro("securityhub", "DescribeStandardsControls", 1, rd, `{"standardsSubscriptionArn":"arn:aws:securityhub:${region}:${acct}:subscription/aws-foundational-security-best-practices/v/1.0.0"}`, ""),

		// ---------------------------------------------------- Access Analyzer
		ro("access-analyzer", "ListAnalyzers", 1, rd, "", ""),
		ro("access-analyzer", "ListFindings", 1, rd, `{"analyzerArn":"arn:aws:access-analyzer:${region}:${acct}:analyzer/ConsoleAnalyzer-${uuid}"}`, ""),
		ro("access-analyzer", "ValidatePolicy", 0.5, hum, `{"locale":"EN","policyType":"IDENTITY_POLICY"}`, ""),

		// --------------------------------------------------------------- Glue
		ro("glue", "GetDatabases", 2, hum|cSvc, "", "").By("athena.amazonaws.com"),
		ro("glue", "GetTables", 3, hum|mach, `{"databaseName":"${database}"}`, ""),
		ro("glue", "GetTable", 4, hum|mach|app, `{"databaseName":"${database}","name":"${gtable}"}`, "").Err("EntityNotFoundException", "Table ${gtable} not found."),
		ro("glue", "GetPartitions", 3, hum|mach|app, `{"databaseName":"${database}","tableName":"${gtable}","segment":{"segmentNumber":0,"totalSegments":1}}`, ""),
		ro("glue", "GetDatabase", 1, hum|mach, `{"name":"${database}"}`, ""),
		rw("glue", "CreateTable", 0.1, hum|mach, `{"databaseName":"${database}","tableInput":{"name":"${gtable}","tableType":"EXTERNAL_TABLE"}}`, ""),
		rw("glue", "BatchCreatePartition", 0.3, app|mach, `{"databaseName":"${database}","tableName":"${gtable}"}`, ""),

		// ---------------------------------------------------------------- EFS
		ro("elasticfilesystem", "DescribeFileSystems", 1, rds, "", ""),
		ro("elasticfilesystem", "DescribeMountTargets", 1, rd, `{"fileSystemId":"fs-${hex8}"}`, ""),

		// --------------------------------------------------------- EventBridge
		ro("events", "ListRules", 2, rds, "", ""),
		ro("events", "DescribeRule", 1, rd, `{"name":"${rule}"}`, ""),
		rw("events", "PutRule", 0.1, wr, `{"name":"${rule}","eventPattern":"{\"source\":[\"aws.guardduty\"]}","state":"ENABLED"}`, `{"ruleArn":"arn:aws:events:${region}:${acct}:rule/${rule}"}`),
		rw("events", "PutTargets", 0.1, wr, `{"rule":"${rule}","targets":[{"id":"1","arn":"arn:aws:lambda:${region}:${acct}:function:${fn}"}]}`, `{"failedEntryCount":0,"failedEntries":[]}`),
		rw("events", "DisableRule", 0.01, hum, `{"name":"${rule}"}`, ""),

		// ------------------------------------------------------ Step Functions
		ro("states", "ListStateMachines", 1, rd, "", ""),
		ro("states", "DescribeExecution", 1, hum|mach, `{"executionArn":"arn:aws:states:${region}:${acct}:execution:${sm}:${uuid}"}`, ""),
		rw("states", "StartExecution", 1, app, `{"stateMachineArn":"arn:aws:states:${region}:${acct}:stateMachine:${sm}","name":"${uuid}","input":"HIDDEN_DUE_TO_SECURITY_REASONS"}`, `{"executionArn":"arn:aws:states:${region}:${acct}:execution:${sm}:${uuid}","startDate":"${tsnow}"}`),

		// --------------------------------------------------------- API Gateway
		ro("apigateway", "GetRestApis", 1, rds, `{"limit":500}`, ""),
		ro("apigateway", "GetStages", 0.5, rd, `{"restApiId":"${alnum8}"}`, ""),

		// ---------------------------------------------------------------- ACM
		ro("acm", "ListCertificates", 1, rds, `{"certificateStatuses":["ISSUED"]}`, ""),
		ro("acm", "DescribeCertificate", 1, rd, `{"certificateArn":"arn:aws:acm:${region}:${acct}:certificate/${cert}"}`, ""),

		// -------------------------------------------------------- Cost Explorer
		ro("ce", "GetCostAndUsage", 1, hum|cRoot|mach, `{"timePeriod":{"start":"2025-01-01","end":"2025-02-01"},"granularity":"MONTHLY","metrics":["UnblendedCost"]}`, ""),
		ro("ce", "GetCostForecast", 0.3, hum|cRoot, `{"metric":"UNBLENDED_COST","granularity":"MONTHLY"}`, ""),
	}

}

// finishCatalog derives the per-event fields.
func finishCatalog() {
	versions := []string{"1.08", "1.09", "1.10"}
	for _, sp := range catalog {
		sp.src = sp.svc.src
		sp.iamPrefix = sp.svc.iam
		base := sp.name
		if i := strings.Index(base, "20"); i > 0 && sp.svc.src == "lambda.amazonaws.com" {
			base = base[:i]
		}
		sp.action = sp.svc.iam + ":" + base
		if sp.svc.cli != "" {
			sp.cliCmd = sp.svc.cli + "." + kebab(base)
		}
		h := hashString(sp.src + sp.name)
		switch {
		case h%100 < 35:
			sp.version = versions[0]
		case h%100 < 72:
			sp.version = versions[1]
		default:
			sp.version = versions[2]
		}
		if sp.errP < 0 {
			switch {
			case sp.kind == evSvc:
				sp.errP = 0
			case sp.data:
				sp.errP = 0.02
			case sp.ro:
				sp.errP = 0.025
			default:
				sp.errP = 0.07
			}
		}
	}
}
