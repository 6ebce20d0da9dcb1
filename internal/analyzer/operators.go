package analyzer

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"trawl/internal/functions"
	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
	"trawl/internal/value"
)

// This file types Trino's arithmetic operators (the operator signatures of
// DecimalOperators, IntervalDayTimeOperators, IntervalYearMonthOperators,
// DateTimeOperators, TimestampOperators, TimeOperators and the
// timestamp-with-time-zone operators), the literals whose type depends on
// their text (decimal, time, timestamp, varbinary, interval) and AT TIME
// ZONE.

// opFail reports an operator error at the operator token, as Trino's
// AstBuilder places arithmetic and comparison expressions there.
func (a *analyzer) opFail(node ast.Node, code sqlerr.Code, format string, args ...any) {
	if b, ok := node.(*ast.BinaryExpr); ok && b.OpPos > 0 {
		panic(panicErr{sqlerr.At(code, a.src, b.OpPos, format, args...)})
	}
	a.fail(node, code, format, args...)
}

// failWith re-raises a value-package error at node, keeping its code and
// message.
func (a *analyzer) failWith(node ast.Node, err error, fallback sqlerr.Code) {
	var se *sqlerr.Error
	if errors.As(err, &se) {
		a.fail(node, se.Code, "%s", se.Msg)
	}
	a.fail(node, fallback, "%s", err.Error())
}

func isInterval(t *types.Type) bool {
	return t.Kind == types.IntervalDayTime || t.Kind == types.IntervalYearMonth
}

// isDatetime reports the types an interval can be added to.
func isDatetime(t *types.Type) bool {
	switch t.Kind {
	case types.Date, types.Time, types.Timestamp, types.TimestampTZ:
		return true
	}
	return false
}

// arithResult is the typing of one binary arithmetic operator: the types
// the operands are coerced to and the result type.
type arithResult struct {
	l, r, t *types.Type
}

// arithType types l op r as Trino's operator resolution does, or returns
// nil when no operator applies. A non-nil error is a type Trino cannot
// build (a decimal product whose scale exceeds 38).
func arithType(op string, lt, rt *types.Type) (*arithResult, error) {
	switch {
	case lt.IsNumeric() && rt.IsNumeric():
		return numericArith(op, lt, rt)
	case isInterval(lt) && isInterval(rt):
		if (op == "+" || op == "-") && lt.Kind == rt.Kind {
			return &arithResult{lt, rt, lt}, nil
		}
	case isInterval(lt) && rt.IsNumeric(), lt.IsNumeric() && isInterval(rt):
		it, nt := lt, rt
		if isInterval(rt) {
			it, nt = rt, lt
		}
		var c *types.Type
		switch {
		case op == "*" && nt.IsInteger():
			c = types.BigIntType
		case op == "*" || op == "/" && isInterval(lt):
			c = types.DoubleType
		default:
			return nil, nil
		}
		if isInterval(lt) {
			return &arithResult{lt, c, it}, nil
		}
		return &arithResult{c, rt, it}, nil
	case isDatetime(lt) && isInterval(rt) && (op == "+" || op == "-"):
		if t := datetimePlusInterval(lt, rt); t != nil {
			return &arithResult{lt, rt, t}, nil
		}
	case isInterval(lt) && isDatetime(rt) && op == "+":
		if t := datetimePlusInterval(rt, lt); t != nil {
			return &arithResult{lt, rt, t}, nil
		}
	case isDatetime(lt) && isDatetime(rt) && op == "-":
		// timestamp(p) - timestamp(p), timestamp(p) with time zone -
		// timestamp(p) with time zone and time(p) - time(p) give an
		// interval day to second; mixed operands (dates included, which
		// coerce to timestamp(0)) meet at their common super type.
		c := types.CommonSuperType(lt, rt)
		if lt.Kind == types.Date && rt.Kind == types.Date {
			c = types.NewTimestamp(0, false)
		}
		if c == nil || c.Kind == types.Date {
			return nil, nil
		}
		return &arithResult{c, c, types.IntervalDayType}, nil
	}
	return nil, nil
}

// datetimePlusInterval is the type of d + i (and d - i), or nil.
func datetimePlusInterval(d, i *types.Type) *types.Type {
	dayTime := i.Kind == types.IntervalDayTime
	switch d.Kind {
	case types.Date:
		return d
	case types.Time:
		if !dayTime {
			return nil // Trino removed time +/- interval year to month
		}
		return types.NewTime(max(3, d.Precision))
	case types.Timestamp, types.TimestampTZ:
		if dayTime {
			// the interval has millisecond precision
			return types.NewTimestamp(max(3, d.Precision), d.Kind == types.TimestampTZ)
		}
		return d
	}
	return nil
}

// numericArith types arithmetic between numbers: double if either side is
// double, else real if either is real, else decimal if either is decimal
// (integers take part as decimal(3,0) ... decimal(19,0)), else the wider
// integer type.
func numericArith(op string, lt, rt *types.Type) (*arithResult, error) {
	switch {
	case lt.Kind == types.Double || rt.Kind == types.Double:
		return &arithResult{types.DoubleType, types.DoubleType, types.DoubleType}, nil
	case lt.Kind == types.Real || rt.Kind == types.Real:
		return &arithResult{types.RealType, types.RealType, types.RealType}, nil
	case lt.Kind == types.Decimal || rt.Kind == types.Decimal:
		dl, dr := types.DecimalOf(lt), types.DecimalOf(rt)
		var t *types.Type
		switch op {
		case "+", "-":
			t = types.DecimalAddType(dl, dr)
		case "*":
			var err error
			if t, err = types.DecimalMulType(dl, dr); err != nil {
				return nil, err
			}
		case "/":
			t = types.DecimalDivType(dl, dr)
		case "%":
			t = types.DecimalModType(dl, dr)
		}
		return &arithResult{dl, dr, t}, nil
	}
	t := types.CommonSuperType(lt, rt)
	return &arithResult{t, t, t}, nil
}

func (a *analyzer) arith(node ast.Node, op string, l, r plan.Expr) plan.Expr {
	lt, rt := l.Type(), r.Type()
	if lt.Kind == types.Unknown && rt.Kind == types.Unknown {
		return &plan.Literal{T: types.UnknownType}
	}
	if lt.Kind == types.Unknown {
		l, lt = coerce(l, rt), rt
	}
	if rt.Kind == types.Unknown {
		r, rt = coerce(r, lt), lt
	}
	res, err := arithType(op, lt, rt)
	if err != nil {
		var te *types.DecimalTypeError
		if errors.As(err, &te) {
			a.opFail(node, sqlerr.InvalidFunctionArgument, "%s", te.Msg)
		}
		a.opFail(node, sqlerr.TypeMismatch, "%s", err.Error())
	}
	if res == nil {
		a.opFail(node, sqlerr.TypeMismatch, "Cannot apply operator: %s %s %s", lt, op, rt)
	}
	l, r = coerce(l, res.l), coerce(r, res.r)
	return &plan.Arith{Op: op, L: l, R: r, T: res.t}
}

// negate types unary minus: numbers and intervals.
func (a *analyzer) negate(node *ast.UnaryExpr, v plan.Expr) plan.Expr {
	t := v.Type()
	if t.Kind == types.Unknown {
		return v
	}
	if !t.IsNumeric() && !isInterval(t) {
		a.fail(node, sqlerr.TypeMismatch, "Cannot negate %s", t)
	}
	if l, ok := v.(*plan.Literal); ok && l.Value != nil {
		switch {
		case t.Kind == types.Decimal:
			return &plan.Literal{Value: value.DecimalNegate(t, l.Value), T: t}
		case t.Physical() == types.PhysFloat:
			return &plan.Literal{Value: -l.Value.(float64), T: t}
		case t.Physical() == types.PhysInt:
			n := l.Value.(int64)
			lo, _ := value.IntRange(t)
			if n != lo {
				return &plan.Literal{Value: -n, T: t}
			}
		}
	}
	return &plan.Negate{X: v}
}

// decimalLiteral types an exact numeric literal with a point ("1.50" is
// decimal(3,2)) or a DECIMAL '...' literal.
func (a *analyzer) decimalLiteral(node ast.Node, text string, typed bool) plan.Expr {
	t, v, err := value.ParseDecimalLiteral(strings.TrimSpace(text))
	if err != nil {
		if typed && sqlerr.CodeOf(err) == sqlerr.InvalidLiteral {
			a.fail(node, sqlerr.InvalidLiteral, "'%s' is not a valid DECIMAL literal", text)
		}
		a.failWith(node, err, sqlerr.InvalidLiteral)
	}
	return &plan.Literal{Value: v, T: t}
}

// binaryLiteral decodes X'00ff' (the parser passes the hex digits).
func (a *analyzer) binaryLiteral(x *ast.TypedLit) plan.Expr {
	b, err := hex.DecodeString(x.Value)
	if err != nil {
		a.fail(x, sqlerr.SyntaxError, "Binary literal can only contain hexadecimal digits")
	}
	return &plan.Literal{Value: string(b), T: types.VarbinaryType}
}

// isHexLiteral reports whether the typed literal at node was written X'..'
// (rather than VARBINARY '..', which is CAST of the string).
func (a *analyzer) isHexLiteral(x *ast.TypedLit) bool {
	p := x.Pos()
	return p >= 0 && p+1 < len(a.src) && (a.src[p] == 'X' || a.src[p] == 'x') && a.src[p+1] == '\''
}

func (a *analyzer) timeLiteral(x *ast.TypedLit) plan.Expr {
	us, p, err := value.ParseTime(strings.TrimSpace(x.Value))
	if err != nil {
		a.fail(x, sqlerr.InvalidLiteral, "'%s' is not a valid TIME literal", x.Value)
	}
	return &plan.Literal{Value: us, T: types.NewTime(p)}
}

// interval reads INTERVAL [+|-] 'value' from [TO to].
func (a *analyzer) interval(x *ast.IntervalLit) plan.Expr {
	t, v, err := value.ParseInterval(strings.TrimSpace(x.Value), x.From, x.To)
	if err != nil {
		a.failWith(x, err, sqlerr.InvalidLiteral)
	}
	if x.Negative {
		v = -v
	}
	return &plan.Literal{Value: v, T: t}
}

// atTimeZone binds x AT TIME ZONE zone. Trino rewrites it to
// at_timezone(x, zone) for a timestamp with time zone, and to
// at_timezone(CAST(x AS timestamp(p) with time zone), zone) for a
// timestamp, which reads the wall time in the session zone. The zone is a
// string literal (a zone name or offset) or an interval day to second
// literal (an offset).
func (a *analyzer) atTimeZone(ctx *selectCtx, x *ast.AtTimeZone) plan.Expr {
	v := a.expr(ctx, x.X)
	t := v.Type()
	switch t.Kind {
	case types.TimestampTZ:
	case types.Timestamp:
		v = &plan.Cast{X: v, T: types.NewTimestamp(t.Precision, true)}
	case types.Unknown:
		v = coerce(v, types.TimestampTZType)
	case types.Time:
		a.fail(x, sqlerr.NotSupported, "time with time zone is not supported")
	default:
		a.fail(x.X, sqlerr.TypeMismatch, "Type of value must be a time or timestamp with or without time zone (actual %s)", t)
	}
	var zone string
	switch z := x.Zone.(type) {
	case *ast.StringLit:
		zone = z.Value
	case *ast.IntervalLit:
		iv := a.interval(z).(*plan.Literal)
		if iv.T.Kind != types.IntervalDayTime {
			a.fail(z, sqlerr.TypeMismatch, "Time zone must be an interval day to second (actual %s)", iv.T)
		}
		ms := iv.Value.(int64)
		if ms%60000 != 0 || ms < -14*3600000 || ms > 14*3600000 {
			a.fail(z, sqlerr.InvalidFunctionArgument, "Invalid time zone offset interval: interval contains seconds")
		}
		m := ms / 60000
		sign := "+"
		if m < 0 {
			sign, m = "-", -m
		}
		zone = fmt.Sprintf("%s%02d:%02d", sign, m/60, m%60)
	default:
		a.fail(x.Zone, sqlerr.TypeMismatch, "Time zone must be a string or an interval")
	}
	key, err := value.ZoneKey(zone)
	if err != nil {
		a.fail(nil, sqlerr.NotSupported, "Time zone not supported: %s", zone)
	}
	rt := v.Type()
	fn := &functions.Bound{Name: "at_timezone", Params: []*types.Type{rt, types.VarcharType}, Ret: rt,
		Impl: func(c *functions.Context, args []*vectorVector, n int, out *vectorVector) error {
			in := args[0]
			for i := 0; i < n; i++ {
				if in.IsNull(i) {
					out.AppendNull()
					continue
				}
				out.AppendInt(value.PackTZ(value.UnpackMillis(in.Int[i]), key))
			}
			return nil
		}}
	return &plan.Call{Fn: fn, Args: []plan.Expr{v, &plan.Literal{Value: zone, T: types.VarcharType}}}
}
