package gen

import (
	"fmt"
	"strconv"
	"strings"
)

// A tmpl is a compiled JSON fragment with ${name} placeholders. Literal
// parts are raw JSON; placeholders append JSON-escaped string content (the
// template supplies the quotes) or, for a few, whole JSON values.
type tmpl struct {
	parts []tpart
}

type tpart struct {
	lit string
	fn  func(g *gen)
}

func (t *tmpl) render(g *gen) {
	for i := range t.parts {
		p := &t.parts[i]
		if p.fn != nil {
			p.fn(g)
		} else {
			g.b = append(g.b, p.lit...)
		}
	}
}

// placeholders maps a placeholder name to its writer; filled by init
// functions before any template is compiled.
var placeholders = map[string]func(g *gen){}

// numSlots counts the per-record cached values (see slot).
var numSlots int

// compile parses s; it panics on an unknown placeholder, which the package
// tests catch since every template is compiled at init.
func compile(s string) *tmpl {
	if s == "" {
		return nil
	}
	t := &tmpl{}
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			if s != "" {
				t.parts = append(t.parts, tpart{lit: s})
			}
			return t
		}
		if i > 0 {
			t.parts = append(t.parts, tpart{lit: s[:i]})
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			panic("gen: unterminated placeholder in template " + strconv.Quote(s))
		}
		name := s[i+2 : i+j]
		fn, ok := placeholders[name]
		if !ok {
			panic(fmt.Sprintf("gen: unknown placeholder %q in template %q", name, s))
		}
		t.parts = append(t.parts, tpart{fn: fn})
		s = s[i+j+1:]
	}
}

// renderString renders t into a fresh string (escaped JSON string content).
func (g *gen) renderString(t *tmpl) string {
	saved := g.b
	g.b = g.tmp[:0]
	t.render(g)
	s := string(g.b)
	g.tmp = g.b
	g.b = saved
	return s
}

// slotPH registers a placeholder whose value is drawn once per record and
// reused by every later mention in the same record (request, response,
// resources and error message agree).
func slotPH(name string, draw func(g *gen) string) {
	id := numSlots
	numSlots++
	placeholders[name] = func(g *gen) {
		g.b = appendEscaped(g.b, g.slot(id, draw))
	}
}

func (g *gen) slot(id int, draw func(g *gen) string) string {
	if g.slotSet[id] != g.recNo {
		g.slots[id] = draw(g)
		g.slotSet[id] = g.recNo
	}
	return g.slots[id]
}

// fromWorld registers a cached placeholder drawing from a world list with
// a bias towards the first elements (some resources are busier).
func fromWorld(name string, list func(w *world) []string) {
	slotPH(name, func(g *gen) string {
		xs := list(g.w)
		return xs[zipfIndex(g.r, len(xs))]
	})
}

func strPH(name string, f func(g *gen) string) {
	placeholders[name] = func(g *gen) { g.b = appendEscaped(g.b, f(g)) }
}

var (
	s3Prefixes = []string{"data/2024/", "uploads/", "reports/", "logs/app/", "images/", "exports/daily/", "tmp/", "backups/db/", "static/js/", "raw/events/"}
	s3Exts     = []string{".json", ".csv", ".parquet", ".gz", ".png", ".jpg", ".pdf", ".txt", ".js", ".zip"}
	oddKeys    = []string{
		"reports/Q3 résumé (final).pdf",
		"uploads/用户数据/导出.csv",
		"images/photo #1 😀.jpg",
		"data/a+b=c&d.json",
		`docs/O'Reilly "notes".txt`,
		`shares\finance\budget 2024.xlsx`,
		"exports/Ünïcödé/naïve café.csv",
		"logs/line\nbreak.log",
		"memes/🚀🚀🚀.gif",
		"archive/ファイル名.zip",
		"tmp/\x1b[0mcolour\x7f.log",
	}
	// oddLiterals are already-escaped JSON string contents: readers must
	// decode the escapes.
	oddLiterals = []string{
		`caf\u00e9 cr\u00e8me br\u00fbl\u00e9e`,
		`\ud83d\ude80 launch \ud83c\udf89`,
		`Tag with \"quotes\" and a backslash \\ inside`,
		`C:\\Users\\Administrator\\Desktop\\keys.txt`,
		`line1\nline2\ttabbed\r\n`,
		`<script>alert(\"x\")<\/script>`,
		`\u65e5\u672c\u8a9e\u306e\u30bf\u30b0`,
		`bell\u0007 and escape \u001b[31mred\u001b[0m`,
		`Zürich – Ærøskøbing “smart quotes”`,
		`emoji 😀👍🏽 and ∑ math`,
	}
	oddStrings = []string{
		"O'Brien \"the admin\"",
		"prod\\legacy",
		"déploiement été 🚀",
		"日本語のタグ",
		"Ölmühle – München",
		"tab\there",
		"100% \"done\" ✅",
	}
	instTypes = []string{"t3.micro", "t3.medium", "m5.large", "m6i.xlarge", "c6g.2xlarge", "r6i.large", "t4g.small", "g5.xlarge"}
	ports     = []int{22, 80, 443, 3389, 5432, 3306, 6379, 8080, 9200, 27017}
)

func registerPlaceholders() {
	// Context.
	strPH("acct", func(g *gen) string { return g.w.acct })
	strPH("region", func(g *gen) string { return g.region })
	strPH("self", func(g *gen) string { return g.a.selfArn })
	strPH("uname", func(g *gen) string { return g.a.userName })
	strPH("srcip", func(g *gen) string { return g.srcIP })
	strPH("host", func(g *gen) string { return g.host })
	strPH("extacct", func(g *gen) string {
		if g.a.extAcct != "" {
			return g.a.extAcct
		}
		return g.w.acct
	})
	strPH("orgid", func(g *gen) string { return g.w.orgID })
	strPH("orgroot", func(g *gen) string { return g.w.orgRoot })
	strPH("idstore", func(g *gen) string { return g.w.identityStore })
	strPH("company", func(g *gen) string { return g.w.company })
	strPH("env", func(g *gen) string { return g.w.env })
	placeholders["action"] = func(g *gen) { g.b = appendEscaped(g.b, g.sp.action) }
	placeholders["resarn"] = func(g *gen) {
		if g.nres > 0 {
			g.b = append(g.b, g.res[0].arn...)
			return
		}
		g.b = append(g.b, "arn:aws:"...)
		g.b = append(g.b, g.sp.iamPrefix...)
		g.b = append(g.b, ':')
		g.b = append(g.b, g.region...)
		g.b = append(g.b, ':')
		g.b = append(g.b, g.w.acct...)
		g.b = append(g.b, ":*"...)
	}

	// Fresh random values.
	placeholders["uuid"] = func(g *gen) { g.b = appendUUID(g.b, g.r) }
	placeholders["hex8"] = func(g *gen) { g.b = appendHex(g.b, g.r, 8) }
	placeholders["hex16"] = func(g *gen) { g.b = appendHex(g.b, g.r, 16) }
	placeholders["hex17"] = func(g *gen) { g.b = appendHex(g.b, g.r, 17) }
	placeholders["hex32"] = func(g *gen) { g.b = appendHex(g.b, g.r, 32) }
	placeholders["hex64"] = func(g *gen) { g.b = appendHex(g.b, g.r, 64) }
	placeholders["digits10"] = func(g *gen) { g.b = appendDigits(g.b, g.r, 10) }
	placeholders["akid"] = func(g *gen) { g.b = append(g.b, "ASIA"...); g.b = appendRandChars(g.b, g.r, base32ch, 16) }
	placeholders["alnum8"] = func(g *gen) { g.b = appendRandChars(g.b, g.r, lowerNum, 8) }
	placeholders["token"] = func(g *gen) {
		g.b = append(g.b, "IQoJb3JpZ2luX2Vj"...)
		g.b = appendRandChars(g.b, g.r, b64ch, 280+g.r.IntN(400))
	}
	placeholders["xid2"] = func(g *gen) { g.b = appendRandChars(g.b, g.r, b64ch, 76); g.b = append(g.b, '=') }
	placeholders["s3reqid"] = func(g *gen) { g.b = appendRandChars(g.b, g.r, upperNum, 16) }
	placeholders["encmsg"] = func(g *gen) { g.b = appendRandChars(g.b, g.r, b64url, 300+g.r.IntN(700)) }
	placeholders["n10"] = func(g *gen) { g.b = strconv.AppendInt(g.b, int64(1+g.r.IntN(10)), 10) }
	placeholders["n100"] = func(g *gen) { g.b = strconv.AppendInt(g.b, int64(1+g.r.IntN(100)), 10) }
	placeholders["n1000"] = func(g *gen) { g.b = strconv.AppendInt(g.b, int64(1+g.r.IntN(1000)), 10) }
	placeholders["maxres"] = func(g *gen) { g.b = strconv.AppendInt(g.b, int64([]int{10, 20, 50, 100, 1000}[g.r.IntN(5)]), 10) }
	placeholders["size"] = func(g *gen) {
		g.b = strconv.AppendInt(g.b, int64(g.r.ExpFloat64()*float64([]int{800, 40000, 2000000}[g.r.IntN(3)]))+1, 10)
	}
	placeholders["port"] = func(g *gen) { g.b = strconv.AppendInt(g.b, int64(ports[zipfIndex(g.r, len(ports))]), 10) }
	placeholders["bool"] = func(g *gen) { g.b = strconv.AppendBool(g.b, g.r.IntN(2) == 0) }
	placeholders["epochms"] = func(g *gen) {
		g.b = strconv.AppendInt(g.b, (g.ws-int64(g.r.IntN(86400)))*1000+int64(g.r.IntN(1000)), 10)
	}
	placeholders["ts"] = func(g *gen) { g.b = appendTime(g.b, g.ws-int64(g.r.IntN(3*86400))) }
	placeholders["tsnow"] = func(g *gen) { g.b = appendTime(g.b, g.ws) }
	placeholders["stsexp"] = func(g *gen) { g.b = appendSTSExpiration(g.b, g.ws+3600) }
	placeholders["dur"] = func(g *gen) {
		g.b = strconv.AppendInt(g.b, int64([]int{900, 3600, 3600, 3600, 43200}[g.r.IntN(5)]), 10)
	}
	placeholders["oddstr"] = func(g *gen) {
		if g.r.IntN(2) == 0 {
			g.b = append(g.b, oddLiterals[g.r.IntN(len(oddLiterals))]...)
		} else {
			g.b = appendEscaped(g.b, oddStrings[g.r.IntN(len(oddStrings))])
		}
	}
	placeholders["tagval"] = func(g *gen) {
		switch x := g.r.IntN(100); {
		case x < 6:
			g.b = append(g.b, oddLiterals[g.r.IntN(len(oddLiterals))]...)
		case x < 12:
			g.b = appendEscaped(g.b, oddStrings[g.r.IntN(len(oddStrings))])
		default:
			g.b = append(g.b, pickStr(g.r, []string{"platform", "payments", "data", "security", "web", "ml", "ops"})...)
		}
	}
	placeholders["tagkey"] = func(g *gen) {
		g.b = append(g.b, pickStr(g.r, []string{"Name", "Owner", "Team", "CostCenter", "Environment", "Project", "aws:cloudformation:stack-name"})...)
	}
	placeholders["cidr"] = func(g *gen) {
		switch g.r.IntN(4) {
		case 0:
			g.b = append(g.b, "0.0.0.0/0"...)
		case 1:
			g.b = append(g.b, "10.0.0.0/16"...)
		default:
			g.b = append(g.b, g.o.ips.public(g.r)...)
			g.b = append(g.b, "/32"...)
		}
	}
	placeholders["insttype"] = func(g *gen) { g.b = append(g.b, instTypes[zipfIndex(g.r, len(instTypes))]...) }
	placeholders["az"] = func(g *gen) { g.b = append(g.b, g.region...); g.b = append(g.b, "abc"[g.r.IntN(3)]) }
	placeholders["newname"] = func(g *gen) {
		g.b = append(g.b, pickStr(g.r, []string{"temp", "test", "new", "migration", "poc", "backup", "tmp"})...)
		g.b = append(g.b, '-')
		g.b = appendRandChars(g.b, g.r, lowerNum, 6)
	}
	placeholders["ip"] = func(g *gen) { g.b = append(g.b, g.o.ips.public(g.r)...) }
	placeholders["privip"] = func(g *gen) {
		g.b = append(g.b, "10.0."...)
		g.b = strconv.AppendInt(g.b, int64(g.r.IntN(256)), 10)
		g.b = append(g.b, '.')
		g.b = strconv.AppendInt(g.b, int64(1+g.r.IntN(254)), 10)
	}
	placeholders["email"] = func(g *gen) {
		g.b = append(g.b, pickStr(g.r, firsts)...)
		g.b = append(g.b, '.')
		g.b = append(g.b, pickStr(g.r, lasts)...)
		g.b = append(g.b, '@')
		g.b = append(g.b, pickStr(g.r, domains)...)
	}
	placeholders["ctrl"] = func(g *gen) {
		g.b = append(g.b, pickStr(g.r, []string{"CIS.1.1", "IAM.1", "S3.1", "EC2.2", "CloudTrail.1", "KMS.4", "Config.1", "GuardDuty.1"})...)
	}
	placeholders["finding"] = func(g *gen) { g.b = appendHex(g.b, g.r, 32) }
	slotPH("sessname", func(g *gen) string {
		a := g.a
		switch a.sessName {
		case "fn":
			return g.w.functions[g.r.IntN(len(g.w.functions))]
		case "inst":
			return g.w.instances[g.r.IntN(len(g.w.instances))]
		case "hex":
			return string(appendHex(nil, g.r, 32))
		case "":
			return pickStr(g.r, []string{"botocore-session-", "aws-go-sdk-", "session-"}) + string(appendDigits(nil, g.r, 10))
		default:
			return a.sessName
		}
	})

	// Values cached per record.
	fromWorld("bucket", func(w *world) []string { return w.buckets })
	slotPH("key", func(g *gen) string {
		if g.r.IntN(100) < 3 {
			return oddKeys[g.r.IntN(len(oddKeys))]
		}
		b := append(g.tmp2[:0], s3Prefixes[zipfIndex(g.r, len(s3Prefixes))]...)
		b = appendRandChars(b, g.r, lowerNum, 4+g.r.IntN(10))
		b = append(b, s3Exts[g.r.IntN(len(s3Exts))]...)
		g.tmp2 = b
		return string(b)
	})
	fromWorld("inst", func(w *world) []string { return w.instances })
	fromWorld("sg", func(w *world) []string { return w.sgs })
	fromWorld("vpc", func(w *world) []string { return w.vpcs })
	fromWorld("subnet", func(w *world) []string { return w.subnets })
	fromWorld("vol", func(w *world) []string { return w.volumes })
	fromWorld("snap", func(w *world) []string { return w.snapshots })
	fromWorld("ami", func(w *world) []string { return w.amis })
	fromWorld("eni", func(w *world) []string { return w.enis })
	fromWorld("keypair", func(w *world) []string { return w.keyPairs })
	fromWorld("kms", func(w *world) []string { return w.kmsKeys })
	fromWorld("fn", func(w *world) []string { return w.functions })
	fromWorld("lg", func(w *world) []string { return w.logGroups })
	slotPH("ls", func(g *gen) string {
		dp := g.datePrefix
		return string(dp[0:4]) + "/" + string(dp[5:7]) + "/" + string(dp[8:10]) + "/[$LATEST]" + string(appendHex(nil, g.r, 32))
	})
	fromWorld("secret", func(w *world) []string { return w.secrets })
	fromWorld("param", func(w *world) []string { return w.params })
	fromWorld("table", func(w *world) []string { return w.tables })
	fromWorld("queue", func(w *world) []string { return w.queues })
	fromWorld("topic", func(w *world) []string { return w.topics })
	fromWorld("repo", func(w *world) []string { return w.repos })
	fromWorld("ecs", func(w *world) []string { return w.ecsClusters })
	fromWorld("eks", func(w *world) []string { return w.eksClusters })
	fromWorld("db", func(w *world) []string { return w.dbs })
	fromWorld("stack", func(w *world) []string { return w.stacks })
	fromWorld("lb", func(w *world) []string { return w.lbs })
	fromWorld("asg", func(w *world) []string { return w.asgs })
	fromWorld("zone", func(w *world) []string { return w.zones })
	fromWorld("wg", func(w *world) []string { return w.workgroups })
	fromWorld("database", func(w *world) []string { return w.databases })
	fromWorld("detector", func(w *world) []string { return w.detectors })
	fromWorld("trail", func(w *world) []string { return w.trails })
	fromWorld("alarm", func(w *world) []string { return w.alarms })
	fromWorld("rule", func(w *world) []string { return w.rules })
	fromWorld("cert", func(w *world) []string { return w.certs })
	fromWorld("sm", func(w *world) []string { return w.stateMachines })
	fromWorld("user", func(w *world) []string { return w.users })
	fromWorld("role", func(w *world) []string { return w.roles })
	fromWorld("group", func(w *world) []string { return w.groups })
	fromWorld("policy", func(w *world) []string { return w.policies })
	fromWorld("vpce", func(w *world) []string { return w.vpces })
	slotPH("gtable", func(g *gen) string {
		return pickStr(g.r, []string{"cloudtrail_logs", "vpc_flow_logs", "alb_logs", "orders", "events_raw", "s3_access_logs"})
	})
	slotPH("qid", func(g *gen) string { return string(appendUUID(nil, g.r)) })
	slotPH("newuser", func(g *gen) string {
		return pickStr(g.r, []string{"svc-", "tmp-", "test-", "backup-", "ops-"}) + randChars(g.r, lowerNum, 6)
	})
	slotPH("newkey", func(g *gen) string { return "AKIA" + randChars(g.r, base32ch, 16) })
	slotPH("rolename", func(g *gen) string {
		if len(g.a.roleArns) > 0 {
			arn := g.a.roleArns[g.r.IntN(len(g.a.roleArns))]
			return arn[strings.LastIndexByte(arn, '/')+1:]
		}
		return g.w.roles[zipfIndex(g.r, len(g.w.roles))]
	})
	slotPH("rolearn", func(g *gen) string {
		if len(g.a.roleArns) > 0 {
			return g.a.roleArns[g.r.IntN(len(g.a.roleArns))]
		}
		acct := g.w.acct
		if g.a.kind == kXAccount {
			return "arn:aws:iam::" + acct + ":role/" + pickStr(g.r, []string{"OrganizationAccountAccessRole", "cross-account-readonly", "security-audit", "DatadogIntegrationRole"})
		}
		return "arn:aws:iam::" + acct + ":role/" + g.w.roles[zipfIndex(g.r, len(g.w.roles))]
	})
	slotPH("roleid", func(g *gen) string { return "AROA" + principalSuffix(g.r) })
	slotPH("ecssvc", func(g *gen) string { return pickStr(g.r, []string{"api", "worker", "frontend", "scheduler"}) })
	slotPH("taskdef", func(g *gen) string {
		return g.w.env + "-" + pickStr(g.r, []string{"api", "worker", "migrate"}) + ":" + strconv.Itoa(1+g.r.IntN(120))
	})
	slotPH("taskid", func(g *gen) string { return string(appendHex(nil, g.r, 32)) })
	slotPH("tg", func(g *gen) string {
		return g.w.company + "-" + pickStr(g.r, []string{"api", "web", "grpc"}) + "-tg/" + string(appendHex(nil, g.r, 16))
	})
	slotPH("ng", func(g *gen) string { return pickStr(g.r, []string{"general", "spot", "gpu", "system"}) + "-nodes" })
	slotPH("imgtag", func(g *gen) string {
		if g.r.IntN(3) == 0 {
			return "latest"
		}
		return "v1." + strconv.Itoa(g.r.IntN(40)) + "." + strconv.Itoa(g.r.IntN(10))
	})
	slotPH("sha", func(g *gen) string { return "sha256:" + string(appendHex(nil, g.r, 64)) })
	slotPH("changeid", func(g *gen) string { return "C" + randChars(g.r, upperNum, 20) })
	slotPH("caseid", func(g *gen) string {
		return "case-" + g.w.acct + "-muen-2025-" + string(appendHex(nil, g.r, 16))
	})
	slotPH("checkid", func(g *gen) string {
		return pickStr(g.r, []string{"Pfx0RwqBli", "Qch7DwouX1", "zXCkfM1nI3", "HCP4007jGY", "1iG5NDGVre", "R365s2Qddf", "DAvU99Dc4C"})
	})
	slotPH("accountid2", func(g *gen) string { return string(appendDigits(nil, g.r, 12)) })
	slotPH("newsg", func(g *gen) string { return "sg-0" + string(appendHex(nil, g.r, 16)) })
	slotPH("newinst", func(g *gen) string { return "i-0" + string(appendHex(nil, g.r, 16)) })
	slotPH("newsnap", func(g *gen) string { return "snap-0" + string(appendHex(nil, g.r, 16)) })
	slotPH("grantid", func(g *gen) string { return string(appendHex(nil, g.r, 64)) })
	slotPH("evtid", func(g *gen) string {
		return "arn:aws:health:global::event/" + pickStr(g.r, []string{"EC2", "RDS", "LAMBDA", "SECURITY"}) + "/AWS_" + pickStr(g.r, []string{"EC2_OPERATIONAL_ISSUE", "RDS_MAINTENANCE_SCHEDULED", "LAMBDA_RUNTIME_DEPRECATION", "SECURITY_NOTIFICATION"}) + "/AWS_" + randChars(g.r, upperNum, 8)
	})
}
