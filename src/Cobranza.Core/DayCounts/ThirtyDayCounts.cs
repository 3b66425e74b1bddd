using System.Runtime.CompilerServices;
using NodaTime;

namespace Cobranza.Core.DayCounts;

/// <summary>
/// The 30/360 family: <c>360 × (Y2 − Y1) + 30 × (M2 − M1) + (D2 − D1)</c>, after each convention's day-of-month
/// adjustments to D1 and D2, over 360. The adjustments are defined for <c>start ≤ end</c>; a reversed period is
/// the negative of the ordered one.
/// </summary>
internal abstract class ThirtyDayCount : DayCount
{
    private protected ThirtyDayCount(string name, string description, params string[] aliases)
        : base(name, description, aliases)
    {
    }

    public sealed override int DaysBetween(LocalDate start, LocalDate end) => Days(start, end, null);

    public sealed override decimal YearFraction(LocalDate start, LocalDate end)
    {
        return QuotientTable.Divide(Days(start, end, null), 360);
    }

    internal sealed override YearRatio Ratio(LocalDate start, LocalDate end, LocalDate? terminationDate)
        => new(Days(start, end, terminationDate), 360);

    /// <summary>The 30/360 day count of <c>[start, end)</c>, negative (by antisymmetry) when end is earlier.</summary>
    private protected int Days(LocalDate start, LocalDate end, LocalDate? terminationDate)
    {
        CivilDate.RequireIso(start);
        CivilDate.RequireIso(end);
        int y1 = start.Year, m1 = start.Month, d1 = start.Day;
        int y2 = end.Year, m2 = end.Month, d2 = end.Day;
        if (y1 == y2 && m1 == m2 && d1 == d2)
        {
            // An empty period is zero. (Read literally, §4.16(h) gives -1 when start = end = termination date = the
            // last day of February: D1 becomes 30, D2 stays 28/29. QuantLib 1.29 returns that -1.)
            return 0;
        }

        if (y1 > y2 || (y1 == y2 && ((m1 << 5) | d1) > ((m2 << 5) | d2)))
        {
            return -Ordered(y2, m2, d2, y1, m1, d1, start, terminationDate);
        }

        return Ordered(y1, m1, d1, y2, m2, d2, end, terminationDate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Ordered(int y1, int m1, int d1, int y2, int m2, int d2, LocalDate later, LocalDate? terminationDate)
    {
        bool laterIsTermination = terminationDate.HasValue && terminationDate.GetValueOrDefault() == later;
        Adjust(y1, m1, ref d1, y2, m2, ref d2, laterIsTermination);
        return (360 * (y2 - y1)) + (30 * (m2 - m1)) + (d2 - d1);
    }

    /// <summary>Applies the convention's day-of-month rules to D1 (earlier date) and D2 (later date).</summary>
    private protected abstract void Adjust(int y1, int m1, ref int d1, int y2, int m2, ref int d2, bool d2IsTerminationDate);
}

/// <summary>30/360 "Bond Basis", ISDA 2006 §4.16(f).</summary>
internal sealed class Thirty360BondBasisDayCount : ThirtyDayCount
{
    internal Thirty360BondBasisDayCount()
        : base(
            "30/360",
            "30/360, Bond Basis (ISDA 2006 §4.16(f)): D1 = 31 becomes 30; D2 = 31 becomes 30 when D1 (adjusted) is 30. No February rule.",
            "30/360 US",
            "30U/360",
            "360/360",
            "BOND BASIS",
            "30/360 BOND BASIS")
    {
    }

    private protected override void Adjust(int y1, int m1, ref int d1, int y2, int m2, ref int d2, bool d2IsTerminationDate)
    {
        // §4.16(f): "D1 ... unless such number would be 31, in which case D1 will be 30";
        // "D2 ... unless such number would be 31 and D1 is greater than 29, in which case D2 will be 30".
        if (d1 == 31)
        {
            d1 = 30;
        }

        if (d2 == 31 && d1 > 29)
        {
            d2 = 30;
        }
    }
}

/// <summary>30/360 US with the end-of-February rules (SIA Standard Securities Calculation Methods).</summary>
internal sealed class Thirty360SiaDayCount : ThirtyDayCount
{
    internal Thirty360SiaDayCount()
        : base(
            "30/360 SIA",
            "30/360 US with the end-of-February rules (SIA): February-end D1 becomes 30, and D2 too when both are February-ends; then the Bond Basis rules for the 31st.",
            "30U/360 EOM",
            "30/360 US EOM",
            "30/360 US (EOM)")
    {
    }

    private protected override void Adjust(int y1, int m1, ref int d1, int y2, int m2, ref int d2, bool d2IsTerminationDate)
    {
        // SIA rules, in this order (QuantLib 1.29 applies rules 3-4 before 1-2, which gives 2023-02-28 -> 2023-03-31
        // 31 days instead of 30; fixed upstream in QuantLib PR #2243).
        bool d1LastOfFebruary = CivilDate.IsLastOfFebruary(y1, m1, d1);
        if (d1LastOfFebruary && CivilDate.IsLastOfFebruary(y2, m2, d2))
        {
            d2 = 30; // 1. both last of February
        }

        if (d1LastOfFebruary)
        {
            d1 = 30; // 2. D1 last of February
        }

        if (d2 == 31 && d1 >= 30)
        {
            d2 = 30; // 3. D2 = 31 and D1 is 30 or 31
        }

        if (d1 == 31)
        {
            d1 = 30; // 4. D1 = 31
        }
    }
}

/// <summary>30E/360 "Eurobond Basis", ISDA 2006 §4.16(g).</summary>
internal sealed class ThirtyE360DayCount : ThirtyDayCount
{
    internal ThirtyE360DayCount()
        : base(
            "30E/360",
            "30E/360, Eurobond Basis (ISDA 2006 §4.16(g)): D1 = 31 becomes 30; D2 = 31 becomes 30.",
            "EUROBOND BASIS",
            "30/360 EUROPEAN",
            "30/360 ICMA",
            "30S/360")
    {
    }

    private protected override void Adjust(int y1, int m1, ref int d1, int y2, int m2, ref int d2, bool d2IsTerminationDate)
    {
        if (d1 == 31)
        {
            d1 = 30;
        }

        if (d2 == 31)
        {
            d2 = 30;
        }
    }
}

/// <summary>30E/360 (ISDA), ISDA 2006 §4.16(h); the only convention that needs the termination date.</summary>
internal sealed class ThirtyE360IsdaDayCount : ThirtyDayCount
{
    internal ThirtyE360IsdaDayCount()
        : base(
            "30E/360 ISDA",
            "30E/360 (ISDA) (ISDA 2006 §4.16(h)): a month-end D1 becomes 30; a month-end D2 becomes 30 unless it is the last day of February and the termination date.",
            "30E/360 (ISDA)",
            "30/360 GERMAN",
            "GERMAN")
    {
    }

    public override int DaysBetween(LocalDate start, LocalDate end, LocalDate terminationDate)
    {
        CivilDate.RequireIso(terminationDate);
        return Days(start, end, terminationDate);
    }

    public override decimal YearFraction(LocalDate start, LocalDate end, LocalDate terminationDate)
    {
        CivilDate.RequireIso(terminationDate);
        return QuotientTable.Divide(Days(start, end, terminationDate), 360);
    }

    private protected override void Adjust(int y1, int m1, ref int d1, int y2, int m2, ref int d2, bool d2IsTerminationDate)
    {
        // §4.16(h): "D1 ... unless (i) that day is the last day of February or (ii) such number would be 31, in which
        // case D1 will be 30"; "D2 ... unless (i) that day is the last day of February but not the Termination Date
        // or (ii) such number would be 31, in which case D2 will be 30".
        if (d1 == 31 || CivilDate.IsLastOfFebruary(y1, m1, d1))
        {
            d1 = 30;
        }

        if (d2 == 31 || (!d2IsTerminationDate && CivilDate.IsLastOfFebruary(y2, m2, d2)))
        {
            d2 = 30;
        }
    }
}
