using System;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// How late interest accrues: day count, rate quotation, compounding, which days count, grace, minimum and
/// rounding. Immutable; every property is validated when set, and every default is documented.
/// </summary>
/// <remarks>
/// The defaults (<see cref="StatutoryDefault"/>) are the common statutory reading in the EU, UK and Latin America:
/// simple interest, nominal rate, Actual/365 Fixed, from the day after the due date up to and including the day of
/// payment (so n days late bear n days), no grace, no minimum, rounded once at the end, half away from zero.
/// </remarks>
public sealed record AccrualConventions
{
    /// <summary>The statutory default conventions (all properties at their documented defaults).</summary>
    public static AccrualConventions StatutoryDefault { get; } = new();

    /// <summary>The day-count convention that turns days into a year fraction.</summary>
    /// <value>Default <see cref="DayCounts.Actual365Fixed"/> (UK: "daily interest = annual ÷ 365"; Spain and Germany count actual days over 365).</value>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public DayCount DayCount
    {
        get;
        init => field = Guard.NotNull(value, nameof(DayCount));
    } = DayCounts.Actual365Fixed;

    /// <summary>How the annual rate is quoted.</summary>
    /// <value>Default <see cref="RateQuotation.NominalAnnual"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public RateQuotation Quotation
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw Undefined(nameof(Quotation), (int)value);
    }

    /// <summary>
    /// Whether and how often unpaid interest is capitalised. Enable only where the law or contract allows
    /// anatocism: in Spain, accrued interest bears interest only from its judicial claim (Código Civil art. 1109),
    /// so set <see cref="CompoundingFrom"/> to the date of the claim.
    /// </summary>
    /// <value>Default <see cref="CompoundingPeriod.None"/> (simple interest).</value>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public CompoundingPeriod Compounding
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw Undefined(nameof(Compounding), (int)value);
    }

    /// <summary>
    /// When compounding, the first capitalisation date (e.g. the date of the judicial claim, Código Civil art.
    /// 1109): interest accrued before it is capitalised on that day, and then every <see cref="Compounding"/>
    /// period counted from it (<c>anchor + k months</c>, each computed from the anchor, so 31 January gives
    /// 28/29 February, 31 March, ...). Null means the anchor is the first accruing day, so the first
    /// capitalisation is one period after it.
    /// </summary>
    /// <value>Default null.</value>
    /// <exception cref="ArgumentException">Not an ISO date.</exception>
    public LocalDate? CompoundingFrom
    {
        get;
        init => field = value is not { } d || ReferenceEquals(d.Calendar, CalendarSystem.Iso)
            ? value
            : throw new ArgumentException($"{nameof(CompoundingFrom)} must be a date in the ISO calendar (was {d} in {d.Calendar.Id}).", nameof(CompoundingFrom));
    }

    /// <summary>Days after the due date during which a payment is on time; see <see cref="Grace"/> for their effect.</summary>
    /// <value>Default 0. At most 3,660.</value>
    /// <exception cref="ArgumentOutOfRangeException">Negative or above 3,660.</exception>
    public int GraceDays
    {
        get;
        init => field = Guard.InRange(value, 0, 3660, nameof(GraceDays));
    }

    /// <summary>What <see cref="GraceDays"/> mean.</summary>
    /// <value>Default <see cref="GraceRule.WaiveIfSettledWithinGrace"/> (grace only delays the claim).</value>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public GraceRule Grace
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw Undefined(nameof(Grace), (int)value);
    }

    /// <summary>The first day that accrues.</summary>
    /// <value>Default <see cref="AccrualStart.DayAfterDueDate"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public AccrualStart Start
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw Undefined(nameof(Start), (int)value);
    }

    /// <summary>Whether the payment day (and the calculate-until date) accrues on the balance before the payment.</summary>
    /// <value>Default <see cref="AccrualEnd.PaymentDateIncluded"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public AccrualEnd End
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw Undefined(nameof(End), (int)value);
    }

    /// <summary>
    /// A de-minimis threshold: when the rounded interest is below it, no interest is charged and the statement
    /// says so (fees are unaffected). Its currency must be the balance's.
    /// </summary>
    /// <value>Default null (no threshold).</value>
    /// <exception cref="ArgumentException">Set to <c>default(Money)</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public Money? MinimumInterest
    {
        get;
        init
        {
            if (value is { } m)
            {
                if (m.Equals(default(Money)))
                {
                    throw new ArgumentException($"{nameof(MinimumInterest)} must have a currency (was default(Money)).", nameof(MinimumInterest));
                }

                if (m.IsNegative)
                {
                    throw new ArgumentOutOfRangeException(nameof(MinimumInterest), m, $"{nameof(MinimumInterest)} must not be negative (was {m.ToString()}).");
                }
            }

            field = value;
        }
    }

    /// <summary>
    /// What happens when the applied rate is a legal ceiling that replaced a higher agreed rate (a capped rate
    /// period, <see cref="RatePeriod.Capped"/>): <see cref="UsuryExcessRule.Cap"/> charges the ceiling on those days;
    /// <see cref="UsuryExcessRule.Forfeit"/> charges no interest at all when any day with a positive balance is
    /// capped (Colombia, Código de Comercio art. 884), with an <see cref="InterestNoteKind.InterestForfeited"/> note.
    /// Applied after <see cref="MinimumInterest"/>; fees are unaffected.
    /// </summary>
    /// <value>Default <see cref="UsuryExcessRule.Cap"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public UsuryExcessRule UsuryExcess
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw Undefined(nameof(UsuryExcess), (int)value);
    }

    /// <summary>Where interest is rounded to the currency's minor unit.</summary>
    /// <value>Default <see cref="InterestRoundingPoint.Total"/> (once, at the end).</value>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public InterestRoundingPoint RoundingPoint
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw Undefined(nameof(RoundingPoint), (int)value);
    }

    /// <summary>The midpoint rule of every rounding, always to the currency's minor unit (2 decimals for EUR, 0 for JPY).</summary>
    /// <value>Default <see cref="MidpointRounding.AwayFromZero"/> (the commercial rule: 0.005 → 0.01).</value>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public MidpointRounding RoundingMode
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw Undefined(nameof(RoundingMode), (int)value);
    } = MidpointRounding.AwayFromZero;

    private static ArgumentOutOfRangeException Undefined(string name, int value)
        => new(name, value, $"{name} must be a defined value (was {value}).");
}
