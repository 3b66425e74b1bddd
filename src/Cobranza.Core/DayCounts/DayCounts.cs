using System.Collections.Generic;

namespace Cobranza.Core.DayCounts;

/// <summary>
/// The day-count conventions, as named values. Each is also found by name with <see cref="DayCount.Of(string)"/>.
/// See <c>docs/day-counts.md</c> for formulas, sources and the mapping to QuantLib.
/// </summary>
public static class DayCounts
{
    /// <summary>Actual/360 (ISDA 2006 §4.16(e)): actual days / 360. Name <c>ACT/360</c>.</summary>
    public static DayCount Actual360 { get; } = new Actual360DayCount();

    /// <summary>Actual/365 (Fixed) (ISDA 2006 §4.16(d)): actual days / 365. Name <c>ACT/365F</c>.</summary>
    public static DayCount Actual365Fixed { get; } = new Actual365FixedDayCount();

    /// <summary>
    /// Actual/Actual (ISDA) (ISDA 2006 §4.16(b)): days in leap years / 366 + days in other years / 365.
    /// Name <c>ACT/ACT ISDA</c>.
    /// </summary>
    public static DayCount ActualActualIsda { get; } = new ActualActualIsdaDayCount();

    /// <summary>
    /// 30/360 US "Bond Basis" (ISDA 2006 §4.16(f)): D1 = 31 → 30; D2 = 31 → 30 if D1 is 30 or 31; no February rule.
    /// Name <c>30/360</c>.
    /// </summary>
    public static DayCount Thirty360BondBasis { get; } = new Thirty360BondBasisDayCount();

    /// <summary>
    /// 30/360 US with the end-of-February rules (SIA): the last day of February counts as the 30th for D1, and for
    /// D2 when D1 is also the last day of February; then the Bond Basis rules. Name <c>30/360 SIA</c>.
    /// </summary>
    public static DayCount Thirty360Sia { get; } = new Thirty360SiaDayCount();

    /// <summary>30E/360 "Eurobond Basis" (ISDA 2006 §4.16(g)): a 31st counts as the 30th. Name <c>30E/360</c>.</summary>
    public static DayCount ThirtyE360 { get; } = new ThirtyE360DayCount();

    /// <summary>
    /// 30E/360 (ISDA) (ISDA 2006 §4.16(h)): a month end counts as the 30th, except the last day of February when it is
    /// the termination date (pass it to the overloads that take <c>terminationDate</c>). Name <c>30E/360 ISDA</c>.
    /// </summary>
    public static DayCount ThirtyE360Isda { get; } = new ThirtyE360IsdaDayCount();

    /// <summary>NL/365 (Actual/365 No Leap): actual days not counting 29 February / 365. Name <c>NL/365</c>.</summary>
    public static DayCount NoLeap365 { get; } = new NoLeap365DayCount();

    /// <summary>Every convention, in the order above.</summary>
    public static IReadOnlyList<DayCount> All { get; } =
    [
        Actual360, Actual365Fixed, ActualActualIsda, Thirty360BondBasis, Thirty360Sia, ThirtyE360, ThirtyE360Isda, NoLeap365,
    ];
}
