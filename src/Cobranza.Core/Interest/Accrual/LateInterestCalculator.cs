using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// Computes late-payment interest over a changing balance and a dated rate schedule, and explains it as an
/// <see cref="InterestStatement"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Which days accrue.</b> With the defaults, the first accruing day is the day after the due date and the last
/// is the calculate-until date itself (a debt paid n days late bears n days). A balance change dated D takes
/// effect from D + 1 when the payment day accrues (<see cref="AccrualEnd.PaymentDateIncluded"/>: the day of
/// payment still bears interest on the old balance), and from D itself otherwise. See <c>docs/interest.md</c>.
/// </para>
/// <para>
/// <b>Segments.</b> The accrual period is cut at every balance change, every rate change and every capitalisation
/// date; each segment accrues <c>balance × rate × year fraction</c> with <see cref="DayCount.Accrue(decimal, LocalDate, LocalDate)"/>
/// (division last). The cost grows with the number of segments, never with the number of days.
/// </para>
/// <para>Pure and thread-safe: no clock, no state.</para>
/// </remarks>
public static class LateInterestCalculator
{
    /// <summary>The fixed year of the effective-annual-rate conversion <c>(1 + EA)^(1/365) − 1</c>.</summary>
    private const int EffectiveRateDaysInYear = 365;

    /// <summary>Computes the interest statement for <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A currency differs from the opening balance's (the message names both and the field), a balance change is
    /// dated before the due date, a fee code appears twice, or an applied rate is negative.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate schedule does not cover an accruing day (the message names the day and the covered range).</exception>
    /// <exception cref="OverflowException">An amount leaves the range of decimal (the message names the segment).</exception>
    public static InterestStatement Calculate(LateInterestRequest request)
    {
        Guard.NotNull(request);
        AccrualConventions conventions = request.Conventions;
        Money opening = request.OpeningBalance;
        Currency currency = opening.Currency;
        LocalDate due = request.DueDate;
        LocalDate until = request.CalculateUntil;

        BalanceChange[] changes = SortedChanges(request.BalanceChanges, currency, due);
        FeeLine[] fees = CheckFees(request.Fees, currency);
        if (conventions.MinimumInterest is { } minimum)
        {
            RequireCurrency(minimum, currency, "Conventions.MinimumInterest");
        }

        var notes = new List<InterestNote>();
        Money feesTotal = Money.Zero(currency);
        foreach (FeeLine fee in fees)
        {
            feesTotal += fee.Amount;
        }

        bool paymentDayAccrues = conventions.End == AccrualEnd.PaymentDateIncluded;
        LocalDate firstDay = conventions.Start == AccrualStart.DayAfterDueDate ? due.PlusDays(1) : due;
        LocalDate endExclusive = paymentDayAccrues ? until.PlusDays(1) : until;

        int ignored = CountAfter(changes, until);
        if (ignored > 0)
        {
            notes.Add(new InterestNote(InterestNoteKind.ChangesAfterEnd) { Count = ignored });
        }

        if (conventions.GraceDays > 0)
        {
            LocalDate graceEnd = due.PlusDays(conventions.GraceDays);
            if (conventions.Grace == GraceRule.DeferAccrualStart)
            {
                firstDay = firstDay.PlusDays(conventions.GraceDays);
                notes.Add(new InterestNote(InterestNoteKind.GraceDeferred) { From = firstDay, Count = conventions.GraceDays });
            }
            else if (until <= graceEnd)
            {
                notes.Add(new InterestNote(InterestNoteKind.WithinGracePeriod) { To = graceEnd });
                return Empty(request, currency, fees, feesTotal, notes);
            }
            else if (BalanceOnOrBefore(opening, changes, graceEnd).Amount <= 0m)
            {
                LocalDate afterGrace = graceEnd.PlusDays(1);
                firstDay = afterGrace > firstDay ? afterGrace : firstDay;
                notes.Add(new InterestNote(InterestNoteKind.SettledWithinGrace) { To = graceEnd });
            }
            else
            {
                notes.Add(new InterestNote(InterestNoteKind.GraceNotMet) { From = firstDay, To = graceEnd });
            }
        }

        if (endExclusive <= firstDay)
        {
            notes.Insert(0, new InterestNote(InterestNoteKind.NoAccruingDays) { From = firstDay, To = until });
            return Empty(request, currency, fees, feesTotal, notes);
        }

        return Accrue(request, conventions, currency, changes, fees, feesTotal, firstDay, endExclusive, paymentDayAccrues, notes);
    }

    private static InterestStatement Accrue(
        LateInterestRequest request,
        AccrualConventions conventions,
        Currency currency,
        BalanceChange[] changes,
        FeeLine[] fees,
        Money feesTotal,
        LocalDate firstDay,
        LocalDate endExclusive,
        bool paymentDayAccrues,
        List<InterestNote> notes)
    {
        DayCount dayCount = conventions.DayCount;
        bool effective = conventions.Quotation == RateQuotation.EffectiveAnnual;
        bool perSegment = conventions.RoundingPoint == InterestRoundingPoint.PerSegment;
        MidpointRounding mode = conventions.RoundingMode;
        int minorUnits = currency.MinorUnits;
        RatePeriod[] periods = request.Rates.PeriodArray;

        // Actual/360 and Actual/365F: the days and the year-fraction numerator are the calendar days, i.e. a
        // difference of day numbers, which the loop already holds. Other conventions are asked per segment.
        int calendarDenominator = dayCount.CalendarDaysDenominator;
        if (effective)
        {
            notes.Add(new InterestNote(InterestNoteKind.EffectiveRates));
        }

        // The day each change takes effect, as a date and as a day number, computed once: the loop below only
        // compares integers (every date of a request is ISO, checked at construction).
        var effectiveDates = new LocalDate[changes.Length];
        var effectiveDays = new int[changes.Length];
        for (int i = 0; i < effectiveDates.Length; i++)
        {
            effectiveDates[i] = EffectiveDate(changes[i], paymentDayAccrues);
            effectiveDays[i] = CivilDate.DayNumber(effectiveDates[i]);
        }

        // Balance bearing interest on the first accruing day: every change that takes effect by then.
        decimal balance = request.OpeningBalance.Amount;
        int ci = 0;
        while (ci < changes.Length && effectiveDates[ci] <= firstDay)
        {
            balance = Add(balance, changes[ci].Amount.Amount, changes[ci].Date);
            ci++;
        }

        int pi = request.Rates.IndexOf(firstDay);
        int periodEndDay = PeriodEndDay(periods[pi]);
        int cappedNoted = -1;
        int months = (int)conventions.Compounding;
        LocalDate anchor = default;
        int capIndex = 0;
        LocalDate nextCap = endExclusive;
        if (months > 0)
        {
            anchor = conventions.CompoundingFrom ?? firstDay;
            capIndex = FirstCapitalisationIndex(anchor, months, firstDay, conventions.CompoundingFrom is not null);
            nextCap = anchor.PlusMonths(capIndex * months);
            notes.Add(new InterestNote(InterestNoteKind.Compounding) { From = nextCap, Count = months });
        }

        int endDay = CivilDate.DayNumber(endExclusive);
        int nextCapDay = CivilDate.DayNumber(nextCap);
        decimal dailyFactor = 0m;
        int dailyFactorPeriod = -1;
        decimal sinceCapitalisation = 0m;

        // Segments are drafted into a pooled buffer of reference-free structs and built once, with their final
        // amount, into an array of the exact size.
        Draft[] drafts = ArrayPool<Draft>.Shared.Rent(changes.Length - ci + periods.Length - pi + 1);
        try
        {
            int count = 0;
            LocalDate negativeFrom = default;
            decimal negativeBalance = 0m;
            bool inNegative = false;
            LocalDate position = firstDay;
            int positionDay = CivilDate.DayNumber(firstDay);
            while (positionDay < endDay)
            {
                ref readonly RatePeriod period = ref periods[pi];
                LocalDate next = endExclusive;
                int nextDay = endDay;
                if (periodEndDay < nextDay)
                {
                    next = period.End.GetValueOrDefault();
                    nextDay = periodEndDay;
                }

                if (ci < changes.Length && effectiveDays[ci] < nextDay)
                {
                    next = effectiveDates[ci];
                    nextDay = effectiveDays[ci];
                }

                if (nextCapDay < nextDay)
                {
                    next = nextCap;
                    nextDay = nextCapDay;
                }

                if (period.AnnualRate < 0m)
                {
                    throw new ArgumentException(
                        $"The rate applied on {StatementText.Date(position)} is negative ({RatePeriod.Percent(period.AnnualRate)}, {period.Source}); late-payment interest cannot be negative.",
                        nameof(request));
                }

                if (period.Capped && cappedNoted != pi)
                {
                    cappedNoted = pi;
                    LocalDate capEnd = period.End is { } pe && pe < endExclusive ? pe : endExclusive;
                    notes.Add(new InterestNote(InterestNoteKind.CappedRate)
                    {
                        From = position > period.Start ? position : period.Start,
                        To = capEnd.PlusDays(-1),
                        Rate = period.AnnualRate,
                        SecondRate = period.UncappedRate,
                    });
                }

                int days = calendarDenominator != 0 ? nextDay - positionDay : dayCount.DaysBetween(position, next);
                decimal numerator = 0m;
                int denominator = 1;
                if (balance > 0m && period.AnnualRate != 0m)
                {
                    try
                    {
                        if (effective)
                        {
                            if (dailyFactorPeriod != pi)
                            {
                                dailyFactor = DecimalMath.EffectiveDailyRate(period.AnnualRate, EffectiveRateDaysInYear);
                                dailyFactorPeriod = pi;
                            }

                            numerator = balance * dailyFactor * days;
                        }
                        else if (calendarDenominator != 0)
                        {
                            // DayCount.Accrue's own formula, balance × rate × n / d, with the division deferred: the
                            // total divides the sum of the numerators once.
                            numerator = ExactDecimal.Multiply(balance, period.AnnualRate, days);
                            denominator = calendarDenominator;
                        }
                        else
                        {
                            YearRatio ratio = dayCount.Ratio(position, next, null);
                            numerator = ExactDecimal.Multiply(balance, period.AnnualRate, ratio.Numerator);
                            denominator = ratio.Denominator;
                        }
                    }
                    catch (OverflowException ex)
                    {
                        throw new OverflowException(
                            $"The interest on {FormatAmount(balance, currency)} at {RatePeriod.Percent(period.AnnualRate)} from {StatementText.Date(position)} to {StatementText.Date(next.PlusDays(-1))} is outside the range of decimal.",
                            ex);
                    }
                }

                if (balance < 0m)
                {
                    if (!inNegative || balance != negativeBalance)
                    {
                        CloseNegative(notes, inNegative, negativeFrom, position, negativeBalance, currency);
                        inNegative = true;
                        negativeFrom = position;
                        negativeBalance = balance;
                    }
                }
                else if (inNegative)
                {
                    CloseNegative(notes, true, negativeFrom, position, negativeBalance, currency);
                    inNegative = false;
                }

                if (count == drafts.Length)
                {
                    Draft[] larger = ArrayPool<Draft>.Shared.Rent(count * 2);
                    drafts.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<Draft>.Shared.Return(drafts);
                    drafts = larger;
                }

                drafts[count++] = new Draft(position, next, days, pi, balance, numerator, denominator);
                if (months > 0 && numerator != 0m)
                {
                    decimal segmentInterest = denominator == 1 ? numerator : numerator / denominator;
                    sinceCapitalisation = Add(sinceCapitalisation, perSegment ? decimal.Round(segmentInterest, minorUnits, mode) : segmentInterest, position);
                }

                position = next;
                positionDay = nextDay;
                if (positionDay >= endDay)
                {
                    break;
                }

                if (periodEndDay == positionDay)
                {
                    pi++;
                    if (pi == periods.Length)
                    {
                        throw request.Rates.NotCovered(position);
                    }

                    periodEndDay = PeriodEndDay(periods[pi]);
                }

                while (ci < changes.Length && effectiveDays[ci] == positionDay)
                {
                    balance = Add(balance, changes[ci].Amount.Amount, changes[ci].Date);
                    ci++;
                }

                if (positionDay == nextCapDay)
                {
                    if (sinceCapitalisation > 0m)
                    {
                        balance = Add(balance, sinceCapitalisation, position);
                        notes.Add(new InterestNote(InterestNoteKind.Capitalised) { From = position, Amount = new Money(sinceCapitalisation, currency) });
                    }

                    sinceCapitalisation = 0m;
                    capIndex++;
                    nextCap = anchor.PlusMonths(capIndex * months);
                    nextCapDay = CivilDate.DayNumber(nextCap);
                }
            }

            CloseNegative(notes, inNegative, negativeFrom, endExclusive, negativeBalance, currency);
            ReadOnlySpan<Draft> drafted = drafts.AsSpan(0, count);
            Money[] rentedAmounts = ArrayPool<Money>.Shared.Rent(count);
            Span<Money> amounts = rentedAmounts.AsSpan(0, count);
            Money accrued = SetAmounts(drafted, amounts, currency, perSegment, mode);
            var result = new InterestSegment[count];
            Money balanceZero = Money.Zero(currency);
            // One shared rate object per period used (the segments of a period have the same rate fields).
            SegmentRate? rate = null;
            int ratePeriod = -1;
            for (int i = 0; i < result.Length; i++)
            {
                ref readonly Draft d = ref drafted[i];
                if (d.Period != ratePeriod)
                {
                    ratePeriod = d.Period;
                    rate = new SegmentRate(in periods[d.Period], conventions.Quotation, dayCount);
                }

                result[i] = new InterestSegment(d.Start, d.End, d.Days, new Money(d.Balance, currency), rate!, d.Numerator, d.Denominator, amounts[i]);
            }

            ArrayPool<Money>.Shared.Return(rentedAmounts);

            Money interest = accrued;
            if (conventions.MinimumInterest is { } minimum && accrued.Amount > 0m && accrued < minimum)
            {
                notes.Add(new InterestNote(InterestNoteKind.BelowMinimum) { Amount = accrued, SecondAmount = minimum });
                interest = Money.Zero(currency);
            }

            return new InterestStatement(
                currency,
                request.DueDate,
                request.CalculateUntil,
                firstDay,
                endExclusive.PlusDays(-1),
                result,
                accrued,
                interest,
                fees,
                feesTotal,
                notes.ToArray());
        }
        finally
        {
            ArrayPool<Draft>.Shared.Return(drafts);
        }
    }

    /// <summary>The day number of a period's (exclusive) end; <see cref="int.MaxValue"/> when open-ended.</summary>
    private static int PeriodEndDay(in RatePeriod period)
        => period.End is { } end ? CivilDate.DayNumber(end) : int.MaxValue;

    /// <summary>
    /// Writes each segment's displayed amount into <paramref name="amounts"/>: its own rounding (per segment) or its
    /// share of the rounded total (largest remainder). Returns the total.
    /// </summary>
    private static Money SetAmounts(ReadOnlySpan<Draft> segments, Span<Money> amounts, Currency currency, bool perSegment, MidpointRounding mode)
    {
        if (perSegment)
        {
            Money rounded = Money.Zero(currency);
            for (int i = 0; i < segments.Length; i++)
            {
                Money amount = new Money(segments[i].ExactAmount, currency).Round(mode);
                amounts[i] = amount;
                rounded += amount;
            }

            return rounded;
        }

        // Ratios only need to be proportional: the numerators over the common denominator, without dividing.
        // Rounded to four digits beyond the minor unit they keep every share within one minor unit of its exact
        // share, and small mantissas keep Allocate on its 64-bit path.
        decimal[] rentedRatios = ArrayPool<decimal>.Shared.Rent(segments.Length);
        try
        {
            return AllocateTotal(segments, rentedRatios.AsSpan(0, segments.Length), amounts, currency, mode);
        }
        finally
        {
            ArrayPool<decimal>.Shared.Return(rentedRatios);
        }
    }

    /// <summary>The <see cref="InterestRoundingPoint.Total"/> case of <see cref="SetAmounts"/>, with a working span for the ratios.</summary>
    private static Money AllocateTotal(ReadOnlySpan<Draft> segments, Span<decimal> ratios, Span<Money> amounts, Currency currency, MidpointRounding mode)
    {
        int ratioScale = Math.Min(28, currency.MinorUnits + 4);

        // The exact total: the numerators over a common denominator, divided once; with integers when every step
        // of the decimal sum is exact, else with the decimal operators (same result either way).
        if (!TrySumNumerators(segments, out decimal sum, out long common, out bool any))
        {
            (sum, common, any) = SumNumerators(segments);
        }

        for (int i = 0; i < ratios.Length; i++)
        {
            ref readonly Draft s = ref segments[i];
            ratios[i] = s.Numerator == 0m ? 0m : common == 0 ? s.ExactAmount : Scale(s.Numerator, common / s.Denominator);
        }

        Money total = new Money(sum, currency).Round(mode);

        if (!any || total.IsZero)
        {
            amounts.Fill(Money.Zero(currency));
            return total;
        }

        bool anyRatio = false;
        for (int i = 0; i < ratios.Length; i++)
        {
            decimal share = ratios[i];
            if (share.Scale > ratioScale)
            {
                share = decimal.Round(share, ratioScale, MidpointRounding.ToEven);
                ratios[i] = share;
            }

            anyRatio |= share != 0m;
        }

        if (!anyRatio)
        {
            for (int i = 0; i < ratios.Length; i++)
            {
                ref readonly Draft s = ref segments[i];
                ratios[i] = common == 0 ? s.ExactAmount : s.Numerator * (common / s.Denominator);
            }
        }

        total.Allocate(ratios, amounts);
        return total;
    }

    /// <summary>
    /// The decimal sum of the numerators over their least common denominator (<c>sum *= lcm / common</c>;
    /// <c>sum += numerator × (common / denominator)</c>; then <c>sum / common</c>), or, when that leaves decimal's
    /// range, the sum of the per-segment quotients with the common denominator zero.
    /// </summary>
    private static (decimal Sum, long Common, bool Any) SumNumerators(ReadOnlySpan<Draft> segments)
    {
        decimal sum = 0m;
        long common = 1;
        bool any = false;
        try
        {
            foreach (ref readonly Draft s in segments)
            {
                if (s.Numerator == 0m)
                {
                    continue;
                }

                any = true;
                long lcm = Lcm(common, s.Denominator);
                if (lcm != common)
                {
                    sum *= lcm / common;
                    common = lcm;
                }

                sum += s.Numerator * (common / s.Denominator);
            }

            sum /= common;
        }
        catch (OverflowException)
        {
            // The numerators left decimal's range although the amounts may not: add the per-segment quotients.
            sum = 0m;
            common = 0;
            foreach (ref readonly Draft s in segments)
            {
                sum += s.ExactAmount;
            }
        }

        return (sum, common, any);
    }

    /// <summary>
    /// <see cref="SumNumerators"/> with 64/128-bit integers, for the usual case where every decimal step of it is
    /// exact (no product or sum beyond 96 bits): the same mantissa and scale at every step, so the same sum, bit
    /// for bit, and the same final decimal division. Also writes each segment's unrounded ratio
    /// <c>numerator × (common / denominator)</c> for the final common denominator. False, having decided nothing,
    /// as soon as a step would round or overflow, or a numerator is negative.
    /// </summary>
    private static bool TrySumNumerators(ReadOnlySpan<Draft> segments, out decimal sum, out long common, out bool any)
    {
        sum = 0m;
        common = 1;
        any = false;
        UInt128 total = UInt128.Zero;
        int totalScale = 0;
        foreach (ref readonly Draft s in segments)
        {
            if (s.Numerator == 0m)
            {
                continue;
            }

            if (!ExactDecimal.TryUnpack(s.Numerator, out UInt128 term, out int scale))
            {
                return false;
            }

            any = true;
            if (common % s.Denominator != 0)
            {
                // A new denominator (e.g. Act/Act ISDA across years): sum *= lcm / common.
                long factor = s.Denominator / Gcd(common, s.Denominator);
                if (common > long.MaxValue / factor || !ExactDecimal.TryScale(ref total, (ulong)factor))
                {
                    return false;
                }

                common *= factor;
            }

            // sum += numerator × (common / denominator): the sum takes the larger scale.
            if (!ExactDecimal.TryScale(ref term, (ulong)(common / s.Denominator)))
            {
                return false;
            }

            if (scale > totalScale)
            {
                if (!ExactDecimal.TryScaleByPowerOfTen(ref total, scale - totalScale))
                {
                    return false;
                }

                totalScale = scale;
            }
            else if (scale < totalScale && !ExactDecimal.TryScaleByPowerOfTen(ref term, totalScale - scale))
            {
                return false;
            }

            total += term;
            if (!ExactDecimal.Fits96(total))
            {
                return false;
            }
        }

        sum = ExactDecimal.Pack(total, totalScale) / common;
        return true;
    }

    /// <summary><c>value * factor</c> as the decimal operator computes it (exact integer path when it fits).</summary>
    private static decimal Scale(decimal value, long factor)
    {
        if (factor == 1)
        {
            return value; // value × 1 keeps the mantissa and the scale
        }

        if (ExactDecimal.TryUnpack(value, out UInt128 mantissa, out int scale) && ExactDecimal.TryScale(ref mantissa, (ulong)factor))
        {
            return ExactDecimal.Pack(mantissa, scale);
        }

        return value * factor;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static long Lcm(long a, int b)
    {
        long x = a, y = b;
        while (y != 0)
        {
            (x, y) = (y, x % y);
        }

        return a / x * b;
    }

    private static void CloseNegative(List<InterestNote> notes, bool open, LocalDate from, LocalDate endExclusive, decimal balance, Currency currency)
    {
        if (open)
        {
            notes.Add(new InterestNote(InterestNoteKind.NegativeBalance) { From = from, To = endExclusive.PlusDays(-1), Amount = new Money(balance, currency) });
        }
    }

    /// <summary>
    /// The smallest k (from 0 when the anchor was given, else from 1) with anchor + k·months strictly after
    /// <paramref name="firstDay"/>: nothing has accrued to capitalise on the first accruing day itself.
    /// </summary>
    private static int FirstCapitalisationIndex(LocalDate anchor, int months, LocalDate firstDay, bool anchorGiven)
    {
        int k = anchorGiven ? 0 : 1;
        int monthsApart = ((firstDay.Year - anchor.Year) * 12) + firstDay.Month - anchor.Month;
        if (monthsApart > months)
        {
            k = Math.Max(k, (monthsApart / months) - 1);
        }

        while (anchor.PlusMonths(k * months) <= firstDay)
        {
            k++;
        }

        return k;
    }

    private static LocalDate EffectiveDate(BalanceChange change, bool paymentDayAccrues)
        => paymentDayAccrues ? change.Date.PlusDays(1) : change.Date;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static decimal Add(decimal balance, decimal amount, LocalDate date)
        => ExactDecimal.TryAdd(balance, amount, out decimal sum) ? sum : AddChecked(balance, amount, date);

    private static decimal AddChecked(decimal balance, decimal amount, LocalDate date)
    {
        try
        {
            return balance + amount;
        }
        catch (OverflowException ex)
        {
            throw new OverflowException(
                $"The balance on {StatementText.Date(date)} ({balance.ToString(CultureInfo.InvariantCulture)} + {amount.ToString(CultureInfo.InvariantCulture)}) is outside the range of decimal.", ex);
        }
    }

    private static Money BalanceOnOrBefore(Money opening, BalanceChange[] changes, LocalDate date)
    {
        decimal balance = opening.Amount;
        foreach (BalanceChange change in changes)
        {
            if (change.Date > date)
            {
                break;
            }

            balance = Add(balance, change.Amount.Amount, change.Date);
        }

        return new Money(balance, opening.Currency);
    }

    private static int CountAfter(BalanceChange[] changes, LocalDate until)
    {
        int count = 0;
        for (int i = changes.Length - 1; i >= 0 && changes[i].Date > until; i--)
        {
            count++;
        }

        return count;
    }

    private static BalanceChange[] SortedChanges(IReadOnlyList<BalanceChange> changes, Currency currency, LocalDate due)
    {
        var sorted = new BalanceChange[changes.Count];
        bool ordered = true;
        for (int i = 0; i < sorted.Length; i++)
        {
            BalanceChange change = changes[i];
            RequireCurrency(change.Amount, currency, "BalanceChanges", i);
            if (change.Date < due)
            {
                throw new ArgumentException(
                    $"BalanceChanges[{i}] is dated {StatementText.Date(change.Date)}, before the due date {StatementText.Date(due)}; fold earlier changes into the opening balance at the due date.",
                    nameof(LateInterestRequest.BalanceChanges));
            }

            sorted[i] = change;
            ordered &= i == 0 || sorted[i - 1].Date <= change.Date;
        }

        if (!ordered)
        {
            // Stable: changes on the same day keep their given order (it does not change the result, only the notes).
            var keys = new (LocalDate Date, int Index)[sorted.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = (sorted[i].Date, i);
            }

            Array.Sort(keys, sorted);
        }

        return sorted;
    }

    private static FeeLine[] CheckFees(IReadOnlyList<FeeLine> fees, Currency currency)
    {
        var copy = new FeeLine[fees.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            FeeLine fee = fees[i];
            RequireCurrency(fee.Amount, currency, "Fees", i);
            for (int j = 0; j < i; j++)
            {
                if (string.Equals(copy[j].Code, fee.Code, StringComparison.Ordinal))
                {
                    throw new ArgumentException(
                        $"Fees[{i}] has the code '{fee.Code}' of Fees[{j}]; a fee applies once per invoice.", nameof(LateInterestRequest.Fees));
                }
            }

            copy[i] = fee;
        }

        return copy;
    }

    /// <summary>Checks one amount's currency; the field path (<c>Fees[2].Amount</c>) is built only on failure.</summary>
    private static void RequireCurrency(Money amount, Currency currency, string field, int index = -1)
    {
        if (amount.Currency != currency)
        {
            if (index >= 0)
            {
                field = $"{field}[{index}].Amount";
            }

            throw new ArgumentException(
                $"{field} is in {amount.Currency.Code} ({amount.ToString()}) but the opening balance is in {currency.Code}; every amount of a statement must be in one currency.",
                field);
        }
    }

    private static InterestStatement Empty(LateInterestRequest request, Currency currency, FeeLine[] fees, Money feesTotal, List<InterestNote> notes)
        => new(
            currency,
            request.DueDate,
            request.CalculateUntil,
            null,
            null,
            [],
            Money.Zero(currency),
            Money.Zero(currency),
            fees,
            feesTotal,
            notes.ToArray());

    private static string FormatAmount(decimal amount, Currency currency)
        => amount.ToString(CultureInfo.InvariantCulture) + " " + currency.Code;

    /// <summary>
    /// One segment before its displayed amount is known. No references, so the pooled working buffer is filled
    /// without write barriers; the public <see cref="InterestSegment"/> is built once, with its amount.
    /// </summary>
    private readonly struct Draft
    {
        internal Draft(LocalDate start, LocalDate end, int days, int period, decimal balance, decimal numerator, int denominator)
        {
            Start = start;
            End = end;
            Days = days;
            Period = period;
            Balance = balance;
            Numerator = numerator;
            Denominator = denominator;
        }

        internal LocalDate Start { get; }

        internal LocalDate End { get; }

        internal int Days { get; }

        /// <summary>Index of the rate period in the schedule.</summary>
        internal int Period { get; }

        internal decimal Balance { get; }

        internal decimal Numerator { get; }

        internal int Denominator { get; }

        /// <summary>As <see cref="InterestSegment.ExactAmount"/>.</summary>
        internal decimal ExactAmount => Denominator == 1 ? Numerator : Numerator / Denominator;
    }
}
