package gen

import (
	"math/rand/v2"
	"slices"
	"strconv"
)

// evTable is the weighted list of events one class of actor calls in one
// kind of region.
type evTable struct {
	specs []*spec
	ch    chooser
}

func buildTable(mask uint32, global bool) *evTable {
	t := &evTable{}
	var w []float64
	for _, sp := range catalog {
		if sp.who&mask == 0 || (sp.svc.global && !global) {
			continue
		}
		t.specs = append(t.specs, sp)
		w = append(w, sp.w)
	}
	t.ch = newChooser(w)
	return t
}

// kindWeights is the identity mix: roughly 55% AssumedRole (SSO, CI,
// workloads, service-linked roles, AWS Support), 25% IAMUser, 12%
// AWSService, 1% Root and the rest FederatedUser, AWSAccount,
// IdentityCenterUser and Unknown.
var kindWeights = [numKinds]float64{
	kSSO: 14, kCI: 7, kApp: 18, kCfg: 15, kSupport: 1,
	kIAMHuman: 8, kIAMMachine: 17, kRoot: 1, kFederated: 2, kXAccount: 2,
	kIDC: 1.5, kUnknown: 1.5, kService: 12,
}

// errFactor scales each event's error probability by who calls it.
var errFactor = [numKinds]float64{
	kSSO: 1.9, kCI: 1.3, kApp: 1.0, kCfg: 1.3, kSupport: 0.8,
	kIAMHuman: 1.9, kIAMMachine: 1.6, kRoot: 0.7, kFederated: 2, kXAccount: 4,
	kIDC: 0.3, kUnknown: 1, kService: 0.15,
}

// regionKinds is, for one world and one kind of region, the chooser over
// actor kinds that have something to do there.
type regionKinds struct {
	ch    chooser
	kinds []actorKind
}

type resVal struct {
	typ string
	arn string // escaped JSON string content
}

// gen writes one log file's records. It is owned by one worker.
type gen struct {
	b    []byte
	r    *rand.Rand
	o    *runCtx
	w    *world
	rk   *regionKinds
	tmp  []byte
	tmp2 []byte

	region     string
	global     bool
	ws, we     int64 // event window, unix seconds, within one UTC day
	datePrefix []byte
	timePos    []int

	// per record
	recNo   uint32
	slots   []string
	slotSet []uint32
	a       *actor
	sp      *spec
	failed  bool
	srcIP   string
	host    string
	res     [4]resVal
	nres    int
}

func newGen(o *runCtx) *gen {
	return &gen{
		o:       o,
		slots:   make([]string, numSlots),
		slotSet: make([]uint32, numSlots),
		b:       make([]byte, 0, 1<<20),
	}
}

// sessionKey returns the session's creation time and access key for the
// actor at time t: sessions rotate every a.session seconds.
func (g *gen) session(a *actor, t int64) (creation int64, key [20]byte) {
	phase := int64(a.seed % uint64(a.session))
	period := (t + phase) / a.session
	creation = period*a.session - phase - int64(a.seed>>40%300)
	copy(key[:4], a.keyPfx)
	x := mix64(a.seed ^ uint64(period))
	y := mix64(x)
	for i := 0; i < 16; i++ {
		var v uint64
		if i < 12 {
			v = x >> (5 * i)
		} else {
			v = y >> (5 * (i - 12))
		}
		key[4+i] = base32ch[v&31]
	}
	return
}

func (g *gen) writeIdentity(segs []identSeg) {
	for i := range segs {
		s := &segs[i]
		switch s.hole {
		case holeNone:
			g.b = append(g.b, s.lit...)
		case holeKey:
			_, key := g.session(g.a, g.ws)
			g.b = append(g.b, key[:]...)
		case holeCreation:
			c, _ := g.session(g.a, g.ws)
			g.b = appendTime(g.b, c)
		}
	}
}

// pickActor draws an actor with something to do in this region.
func (g *gen) pickActor() (*actor, *evTable) {
	for {
		k := g.rk.kinds[g.rk.ch.pick(g.r)]
		list := g.w.actors[k]
		ch := &g.w.choosers[k]
		for try := 0; try < 8; try++ {
			a := list[ch.pick(g.r)]
			t := g.o.table(a.mask, g.global)
			if len(t.specs) > 0 {
				return a, t
			}
		}
	}
}

var (
	tls13 = `{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"`
	tls12 = `{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"`
)

// record appends one CloudTrail record.
func (g *gen) record() {
	a, t := g.pickActor()
	g.write(a, t.specs[t.ch.pick(g.r)])
}

// write appends one record of event sp called by actor a.
func (g *gen) write(a *actor, sp *spec) {
	g.recNo++
	r := g.r
	g.a, g.sp = a, sp

	// Who is calling from where.
	svcPrincipal := ""
	if a.kind == kService {
		svcPrincipal = a.svcName
		if sp.by != "" {
			svcPrincipal = sp.by
		}
	}
	var ua userAgent
	internal := false
	viaVPCE := sp.vpce && (a.kind == kApp || a.kind == kIAMMachine) && r.IntN(100) < 35
	switch {
	case svcPrincipal != "":
		g.srcIP = svcPrincipal
		ua = userAgent{s: svcPrincipal}
		internal = true
	case a.svcName != "":
		g.srcIP = a.svcName
		ua = a.uas[0]
		internal = true
	case a.console && sp.kind == evAPI && r.IntN(100) < 15:
		g.srcIP = "AWS Internal"
		ua = userAgent{s: "AWS Internal"}
		internal = true
	case viaVPCE:
		// Calls through a VPC endpoint show the caller's private address.
		ip := append(g.tmp2[:0], "10.0."...)
		ip = strconv.AppendUint(ip, a.seed>>8%256, 10)
		ip = append(ip, '.')
		ip = strconv.AppendUint(ip, 1+a.seed>>16%254, 10)
		g.tmp2 = ip
		g.srcIP = string(ip)
		ua = a.uas[r.IntN(len(a.uas))]
	default:
		g.srcIP = a.ips[zipfIndex(r, len(a.ips))]
		ua = a.uas[r.IntN(len(a.uas))]
		if ua.s == consoleAgents[2] && sp.svc.src != "s3.amazonaws.com" {
			ua = a.uas[0]
		}
		if sp.kind == evSignIn || a.kind == kIDC || a.kind == kUnknown {
			ua = a.uas[0]
			if a.console {
				ua = userAgent{s: browserAgents[int(a.seed%uint64(len(browserAgents)))]}
			}
		}
	}
	if sp.hostT != nil {
		g.host = g.renderString(sp.hostT)
	} else {
		g.host = sp.svc.host + "." + g.region + ".amazonaws.com"
		if sp.svc.global {
			g.host = sp.svc.host + ".amazonaws.com"
		}
	}

	// Resources first: the error message may quote them.
	g.nres = 0
	for i := range sp.res {
		if g.nres == len(g.res) {
			break
		}
		g.res[g.nres] = resVal{typ: sp.res[i].typ, arn: g.renderString(sp.res[i].arn)}
		g.nres++
	}

	// Outcome.
	g.failed = sp.errP > 0 && r.Float64() < sp.errP*errFactor[a.kind]
	var errCode string
	var errMsg *tmpl
	if g.failed && !sp.login {
		errCode, errMsg = g.pickError(sp)
	}

	b := g.b
	b = append(b, `{"eventVersion":"`...)
	b = append(b, sp.version...)
	b = append(b, `","userIdentity":`...)
	g.b = b
	switch {
	case a.kind == kService:
		g.b = append(g.b, `{"type":"AWSService",`...)
		if sp.kind == evSvc {
			g.b = append(g.b, `"accountId":"`...)
			g.b = append(g.b, g.w.acct...)
			g.b = append(g.b, `",`...)
		}
		g.b = append(g.b, `"invokedBy":`...)
		g.b = appendQuoted(g.b, svcPrincipal)
		g.b = append(g.b, '}')
	case sp.login && a.login != nil:
		g.writeIdentity(a.login)
	default:
		g.writeIdentity(a.segs)
	}
	b = g.b
	b = append(b, `,"eventTime":"`...)
	b = append(b, g.datePrefix...)
	g.timePos = append(g.timePos, len(b))
	b = append(b, "00:00:00Z"...)
	b = append(b, `","eventSource":"`...)
	b = append(b, sp.src...)
	b = append(b, `","eventName":"`...)
	b = append(b, sp.name...)
	b = append(b, `","awsRegion":"`...)
	b = append(b, g.region...)
	b = append(b, `","sourceIPAddress":`...)
	b = appendQuoted(b, g.srcIP)
	b = append(b, `,"userAgent":`...)
	b = append(b, '"')
	b = appendEscaped(b, ua.s)
	if ua.cmd && sp.cliCmd != "" {
		b = append(b, " command/"...)
		b = append(b, sp.cliCmd...)
	}
	b = append(b, '"')
	g.b = b

	if g.failed {
		if sp.login || (errCode == "" && errMsg != nil) {
			g.b = append(g.b, `,"errorMessage":"`...)
			if errMsg != nil {
				errMsg.render(g)
			} else {
				g.b = append(g.b, "Failed authentication"...)
			}
			g.b = append(g.b, '"')
		} else {
			g.b = append(g.b, `,"errorCode":`...)
			g.b = appendQuoted(g.b, errCode)
			if errMsg != nil {
				g.b = append(g.b, `,"errorMessage":"`...)
				errMsg.render(g)
				g.b = append(g.b, '"')
			}
		}
	}

	g.b = append(g.b, `,"requestParameters":`...)
	if sp.req != nil {
		sp.req.render(g)
	} else {
		g.b = append(g.b, "null"...)
	}
	g.b = append(g.b, `,"responseElements":`...)
	if sp.resp != nil && (!g.failed || sp.login) {
		sp.resp.render(g)
	} else {
		g.b = append(g.b, "null"...)
	}
	if sp.aed != nil {
		g.b = append(g.b, `,"additionalEventData":`...)
		sp.aed.render(g)
	}
	switch sp.rid {
	case ridUUID:
		g.b = append(g.b, `,"requestID":"`...)
		g.b = appendUUID(g.b, r)
		g.b = append(g.b, '"')
	case ridS3:
		g.b = append(g.b, `,"requestID":"`...)
		g.b = appendRandChars(g.b, r, upperNum, 16)
		g.b = append(g.b, '"')
	}
	g.b = append(g.b, `,"eventID":"`...)
	g.b = appendUUID(g.b, r)
	g.b = append(g.b, `","readOnly":`...)
	if sp.ro {
		g.b = append(g.b, "true"...)
	} else {
		g.b = append(g.b, "false"...)
	}
	if g.nres > 0 {
		g.b = append(g.b, `,"resources":[`...)
		for i := 0; i < g.nres; i++ {
			if i > 0 {
				g.b = append(g.b, ',')
			}
			rv := &g.res[i]
			g.b = append(g.b, '{')
			if rv.typ != "AWS::S3::Object" {
				g.b = append(g.b, `"accountId":"`...)
				g.b = append(g.b, g.w.acct...)
				g.b = append(g.b, `",`...)
			}
			g.b = append(g.b, `"type":"`...)
			g.b = append(g.b, rv.typ...)
			g.b = append(g.b, `","ARN":"`...)
			g.b = append(g.b, rv.arn...)
			g.b = append(g.b, `"}`...)
		}
		g.b = append(g.b, ']')
	}
	g.b = append(g.b, `,"eventType":"`...)
	switch sp.kind {
	case evSvc:
		g.b = append(g.b, "AwsServiceEvent"...)
	case evSignIn:
		g.b = append(g.b, "AwsConsoleSignIn"...)
	default:
		g.b = append(g.b, "AwsApiCall"...)
	}
	g.b = append(g.b, '"')
	if sp.svc.api != "" {
		g.b = append(g.b, `,"apiVersion":"`...)
		g.b = append(g.b, sp.svc.api...)
		g.b = append(g.b, '"')
	}
	g.b = append(g.b, `,"managementEvent":`...)
	if sp.data {
		g.b = append(g.b, "false"...)
	} else {
		g.b = append(g.b, "true"...)
	}
	g.b = append(g.b, `,"recipientAccountId":"`...)
	g.b = append(g.b, g.w.acct...)
	g.b = append(g.b, '"')
	if (a.kind == kXAccount && sp.cross) || (a.kind == kService && sp.kind == evAPI && r.IntN(100) < 60) || (sp.kind == evSvc && sp.src == "ec2.amazonaws.com") {
		g.b = append(g.b, `,"sharedEventID":"`...)
		g.b = appendUUID(g.b, r)
		g.b = append(g.b, '"')
	}
	if viaVPCE {
		g.b = append(g.b, `,"vpcEndpointId":"`...)
		g.b = append(g.b, g.w.vpces[int(a.seed%uint64(len(g.w.vpces)))]...)
		g.b = append(g.b, '"')
		if sp.version != "1.08" {
			g.b = append(g.b, `,"vpcEndpointAccountId":"`...)
			g.b = append(g.b, g.w.acct...)
			g.b = append(g.b, '"')
		}
	}
	if sp.kind == evSvc && sp.sed != nil {
		g.b = append(g.b, `,"serviceEventDetails":`...)
		sp.sed.render(g)
	}
	g.b = append(g.b, `,"eventCategory":"`...)
	if sp.data {
		g.b = append(g.b, "Data"...)
	} else {
		g.b = append(g.b, "Management"...)
	}
	g.b = append(g.b, '"')
	if r.IntN(4000) == 0 {
		g.b = append(g.b, `,"addendum":{"reason":"`...)
		g.b = append(g.b, []string{"UPDATED_DATA", "DELIVERY_DELAY", "SERVICE_OUTAGE"}[r.IntN(3)]...)
		g.b = append(g.b, `","updatedFields":"sourceIPAddress","originalRequestID":"`...)
		g.b = appendUUID(g.b, r)
		g.b = append(g.b, `","originalEventID":"`...)
		g.b = appendUUID(g.b, r)
		g.b = append(g.b, `"}`...)
	}
	if !internal && sp.kind != evSvc {
		g.b = append(g.b, `,"tlsDetails":`...)
		if r.IntN(100) < 80 {
			g.b = append(g.b, tls13...)
		} else {
			g.b = append(g.b, tls12...)
		}
		g.b = appendEscaped(g.b, g.host)
		g.b = append(g.b, `"}`...)
	}
	if a.console && sp.kind == evAPI {
		g.b = append(g.b, `,"sessionCredentialFromConsole":"true"`...)
	}
	g.b = append(g.b, '}')
}

// pickError chooses an error code and message template for a failed call.
func (g *gen) pickError(sp *spec) (string, *tmpl) {
	r := g.r
	total := 2.0
	for _, e := range sp.errs {
		total += e.w
	}
	x := r.Float64() * total
	for _, e := range sp.errs {
		if x < e.w {
			return e.code, e.msg
		}
		x -= e.w
	}
	fam := familyErrors(sp.svc)
	if g.a.selfArn == "" {
		return fam[1].code, fam[1].msg
	}
	y := r.Float64() * fam[len(fam)-1].w
	for i := range fam {
		if y < fam[i].w {
			return fam[i].code, fam[i].msg
		}
	}
	return fam[0].code, fam[0].msg
}

// familyErrors returns the generic errors of a service family; weights are
// cumulative. Entry 1 never quotes the caller.
func familyErrors(s *svcInfo) []errDef {
	if e, ok := famCache[s]; ok {
		return e
	}
	var out []errDef
	add := func(code, msg string, w float64) {
		c := w
		if len(out) > 0 {
			c += out[len(out)-1].w
		}
		out = append(out, errDef{code: code, msg: compile(msg), w: c})
	}
	switch {
	case s.ec2ish:
		add("Client.UnauthorizedOperation", "You are not authorized to perform this operation. User: ${self} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action. Encoded authorization failure message: ${encmsg}", 55)
		add("Client.RequestLimitExceeded", "Request limit exceeded.", 20)
		add("Client.InvalidParameterValue", "Value (${oddstr}) for parameter description is invalid. Character sets beyond ASCII are not supported.", 10)
		add("Client.InvalidInstanceID.Malformed", `Invalid id: \"${oddstr}\"`, 5)
	case s.src == "s3.amazonaws.com":
		add("AccessDenied", "Access Denied", 60)
		add("NoSuchBucket", "The specified bucket does not exist", 20)
		add("SlowDown", "Please reduce your request rate.", 5)
	default:
		thr, val := "ThrottlingException", "ValidationException"
		if s.deny == "AccessDenied" {
			thr, val = "Throttling", "ValidationError"
		}
		add(s.deny, iamDenied, 55)
		add(thr, "Rate exceeded", 20)
		add(val, `1 validation error detected: Value '${oddstr}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`, 10)
		add("ResourceNotFoundException", "Resource not found", 5)
	}
	return out
}

var famCache = map[*svcInfo][]errDef{}

func finishErrors() {
	for _, s := range services {
		famCache[s] = familyErrors(s)
	}
	for _, sp := range catalog {
		if sp.name == "ConsoleLogin" {
			sp.login = true
		}
	}
}

// fileRecords generates records into g.b until it holds at least target
// bytes, then assigns event times in [ws, we) and returns the record count
// and the oldest and newest event times.
func (g *gen) fileRecords(target int) (n int, oldest, newest int64) {
	g.b = append(g.b[:0], `{"Records":[`...)
	g.timePos = g.timePos[:0]
	for n == 0 || len(g.b) < target-2 {
		if n > 0 {
			g.b = append(g.b, ',')
		}
		g.record()
		n++
	}
	g.b = append(g.b, "]}"...)

	// Event times: sorted uniform draws, then a little local disorder, as
	// CloudTrail files are roughly but not strictly ordered.
	times := make([]int64, n)
	span := g.we - g.ws
	for i := range times {
		times[i] = g.ws + g.r.Int64N(span)
	}
	slices.Sort(times)
	oldest, newest = times[0], times[n-1]
	for i := 0; i+1 < n; i++ {
		if g.r.IntN(100) < 12 {
			j := i + 1 + g.r.IntN(min(3, n-1-i))
			times[i], times[j] = times[j], times[i]
		}
	}
	day := g.ws - g.ws%86400
	for i, p := range g.timePos {
		putClock(g.b[p:p+8], times[i]-day)
	}
	return n, oldest, newest
}
