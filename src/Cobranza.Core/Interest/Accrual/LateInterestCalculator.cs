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
        _ = Run<StatementMode>(request, out InterestStatement? statement);
        return statement!;
    }

    /// <summary>
    /// Computes only the figures of the interest statement for <paramref name="request"/>: the accrued interest,
    /// the interest charged, the fees and the total, exactly as <see cref="Calculate"/> would (same values, same
    /// scale, same exceptions), without building the segments, their shares of the rounded total and the notes.
    /// </summary>
    /// <remarks>
    /// For hosts that need the amount owed for many receivables (a month-end accrual, a portfolio report, the
    /// interest figure of a dunning notice) and show the line-by-line statement only on demand. Cases that the
    /// fast accrual does not cover (effective annual rates, day counts other than Actual/360 and Actual/365 Fixed,
    /// compounding, rounding per segment, amounts beyond 64-bit mantissas) compute the full statement and return
    /// its totals, so the result never differs from <c>Calculate(request).Totals</c>.
    /// </remarks>
    /// <param name="request">The request.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">As <see cref="Calculate"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="Calculate"/>.</exception>
    /// <exception cref="OverflowException">As <see cref="Calculate"/>.</exception>
    public static InterestTotals CalculateTotals(LateInterestRequest request)
    {
        Guard.NotNull(request);
        if (!TotalsAlone(request.Conventions))
        {
            return Calculate(request).Totals;
        }

        InterestTotals totals = Run<TotalsMode>(request, out InterestStatement? statement);
        return statement?.Totals ?? totals;
    }

    /// <summary>
    /// <see cref="CalculateTotals"/> of <paramref name="request"/> with its balance changes given apart, as day numbers
    /// and amounts (the request itself has none): <see cref="Receivables.AccountInterest"/>'s path, which builds no
    /// change objects. The changes must be what <see cref="SortedChanges"/> would make of the request's: in the
    /// request's currency, none before the due date, sorted by day (stable). Returns <see langword="false"/> when the
    /// totals alone cannot be computed (conventions outside the integer accrual, a segment beyond it): the caller then
    /// builds the request with its changes and calls <see cref="CalculateTotals"/>, which computes the statement. When
    /// it returns <see langword="true"/>, the totals are those <see cref="CalculateTotals"/> returns for the request
    /// with the changes (the same loop on the same arrays); an exception is the one it throws.
    /// </summary>
    internal static bool TryCalculateTotals(LateInterestRequest request, int[] changeDays, decimal[] changeAmounts, int changeCount, out InterestTotals totals)
    {
        totals = default;
        if (!TotalsAlone(request.Conventions))
        {
            return false;
        }

        InterestTotals computed = RunSorted<TotalsMode>(request, new ChangeArrays(null, changeDays, changeAmounts, changeCount), out InterestStatement? statement);
        if (statement is not null)
        {
            totals = statement.Totals; // an empty statement (no accruing day, within grace)
            return true;
        }

        if (computed.Currency is null)
        {
            return false; // the accrual needed the statement (Accrue returned default totals)
        }

        totals = computed;
        return true;
    }

    /// <summary>Whether <see cref="CalculateTotals"/> computes the totals alone under <paramref name="conventions"/> (else it computes the statement).</summary>
    private static bool TotalsAlone(AccrualConventions conventions)
        => conventions.Quotation == RateQuotation.NominalAnnual
            && conventions.DayCount.CalendarDaysDenominator != 0
            && conventions.Compounding == CompoundingPeriod.None
            && conventions.RoundingPoint == InterestRoundingPoint.Total
            && conventions.UsuryExcess == UsuryExcessRule.Cap;

    /// <summary>
    /// The engine behind <see cref="Calculate"/> (<typeparamref name="TMode"/> = <see cref="StatementMode"/>: builds
    /// the statement) and <see cref="CalculateTotals"/> (<see cref="TotalsMode"/>: only the totals, or the statement
    /// when the totals alone cannot be computed exactly, e.g. a numerator beyond the integer shortcut).
    /// </summary>
    private static InterestTotals Run<TMode>(LateInterestRequest request, out InterestStatement? statement)
        where TMode : struct, IAccrualMode
    {
        // The day number and the amount of each change, in the order of the sorted changes (pooled: working
        // memory only), so that the accrual reads two compact arrays instead of the change objects.
        int changeCount = request.BalanceChanges.Count;
        int[] changeDays = ArrayPool<int>.Shared.Rent(changeCount);
        decimal[] changeAmounts = ArrayPool<decimal>.Shared.Rent(changeCount);
        try
        {
            BalanceChange[] changes = SortedChanges(request.BalanceChanges, request.OpeningBalance.Currency, request.DueDate, changeDays, changeAmounts);
            return RunSorted<TMode>(request, new ChangeArrays(changes, changeDays, changeAmounts, changes.Length), out statement);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(changeDays);
            ArrayPool<decimal>.Shared.Return(changeAmounts);
        }
    }

    /// <summary><see cref="Run{TMode}"/> once the changes are checked and sorted (<paramref name="changes"/>).</summary>
    private static InterestTotals RunSorted<TMode>(LateInterestRequest request, ChangeArrays changes, out InterestStatement? statement)
        where TMode : struct, IAccrualMode
    {
        statement = null;
        AccrualConventions conventions = request.Conventions;
        Money opening = request.OpeningBalance;
        Currency currency = opening.Currency;
        LocalDate due = request.DueDate;
        LocalDate until = request.CalculateUntil;
        int[] changeDays = changes.Days;
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

        int ignored = CountAfter(changes.Count, changeDays, CivilDate.DayNumber(until));
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
                statement = Empty(request, currency, fees, feesTotal, notes);
                return default;
            }
            else if (BalanceOnOrBefore(opening, changes, CivilDate.DayNumber(graceEnd)).Amount <= 0m)
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
            statement = Empty(request, currency, fees, feesTotal, notes);
            return default;
        }

        return Accrue<TMode>(request, conventions, currency, changes, fees, feesTotal, firstDay, endExclusive, paymentDayAccrues, notes, out statement);
    }

    private static InterestTotals Accrue<TMode>(
        LateInterestRequest request,
        AccrualConventions conventions,
        Currency currency,
        ChangeArrays changes,
        FeeLine[] fees,
        Money feesTotal,
        LocalDate firstDay,
        LocalDate endExclusive,
        bool paymentDayAccrues,
        List<InterestNote> notes,
        out InterestStatement? statement)
        where TMode : struct, IAccrualMode
    {
        statement = null;
        if (conventions.Quotation == RateQuotation.EffectiveAnnual)
        {
            notes.Add(new InterestNote(InterestNoteKind.EffectiveRates));
        }
        else if (conventions.Quotation == RateQuotation.EffectiveAnnualPeriodEquivalent)
        {
            notes.Add(new InterestNote(InterestNoteKind.EffectiveRatesPeriodEquivalent));
        }

        // The day each change takes effect (the day after its date when the payment day accrues) is needed as a
        // date only where it ends a segment; computing it there skips the others. A change on the last
        // representable day fails here, as computing every effective date up front did.
        if (paymentDayAccrues && changes.Count > 0)
        {
            _ = EffectiveDate(changes.DateAt(changes.Count - 1), paymentDayAccrues);
        }

        // The statement's segments are written where they are published: one array, sized for a segment per change,
        // per rate period and per capitalisation date (it grows if needed; unused slots are not exposed).
        InterestSegment[] segments = TMode.Statement ? new InterestSegment[SegmentCapacity(request, conventions, changes, paymentDayAccrues, firstDay, endExclusive)] : [];
        int count = DraftSegments<TMode>(request, conventions, changes, firstDay, endExclusive, paymentDayAccrues, notes, ref segments, out ExactSum exactSum);
        Money accrued;
        if (TMode.Statement)
        {
            accrued = SetAmounts(segments.AsSpan(0, count), currency, conventions.RoundingPoint == InterestRoundingPoint.PerSegment, conventions.RoundingMode, in exactSum);
        }
        else if (count < 0 || !exactSum.Known)
        {
            // The totals alone cannot be computed exactly (a segment beyond the integer shortcut): the statement can.
            // Changes given apart (TryCalculateTotals): the caller builds the request with them (default totals).
            statement = changes.Changes is null ? null : Calculate(request);
            return default;
        }
        else
        {
            accrued = RoundedTotal(in exactSum, currency, conventions.RoundingMode);
        }

        Money interest = accrued;
        if (conventions.MinimumInterest is { } minimum && accrued.Amount > 0m && accrued < minimum)
        {
            notes.Add(new InterestNote(InterestNoteKind.BelowMinimum) { Amount = accrued, SecondAmount = minimum });
            interest = Money.Zero(currency);
        }

        if (TMode.Statement && conventions.UsuryExcess == UsuryExcessRule.Forfeit && Forfeits(segments.AsSpan(0, count), accrued, notes))
        {
            interest = Money.Zero(currency);
        }

        LocalDate lastDay = endExclusive.PlusDays(-1);
        if (TMode.Statement)
        {
            statement = new InterestStatement(
                currency,
                request.DueDate,
                request.CalculateUntil,
                firstDay,
                lastDay,
                segments,
                count,
                accrued,
                interest,
                fees,
                feesTotal,
                notes.ToArray());
            return statement.Totals;
        }

        return new InterestTotals(currency, firstDay, lastDay, accrued, interest, feesTotal) { IsProvisional = InterestStatement.AnyProvisional(notes) };
    }

    /// <summary>
    /// Room for every segment without growing: one for the start, one per change and per rate period that ends inside
    /// the accrual (each can end a segment), and with compounding one per capitalisation date (at most one a month).
    /// Exact when every boundary falls on a day of its own (the usual case), so the statement publishes the array
    /// itself. Never throws: the loop reports what is wrong with the request.
    /// </summary>
    private static int SegmentCapacity(LateInterestRequest request, AccrualConventions conventions, ChangeArrays changes, bool paymentDayAccrues, LocalDate firstDay, LocalDate endExclusive)
    {
        int first = CivilDate.DayNumber(firstDay), end = CivilDate.DayNumber(endExclusive), shift = paymentDayAccrues ? 1 : 0;
        long capacity = 1;
        int[] changeDays = changes.Days;
        for (int i = 0; i < changes.Count; i++)
        {
            int effective = changeDays[i] + shift;
            capacity += effective > first && effective < end ? 1 : 0;
        }

        foreach (ref readonly RatePeriod period in request.Rates.PeriodArray.AsSpan())
        {
            capacity += period.End is { } periodEnd && periodEnd > firstDay && periodEnd < endExclusive ? 1 : 0;
        }

        if (conventions.Compounding != CompoundingPeriod.None)
        {
            capacity += ((CivilDate.DayNumber(endExclusive) - (long)CivilDate.DayNumber(firstDay)) / 28 / (int)conventions.Compounding) + 2;
        }

        return (int)Math.Min(capacity, 1 << 20);
    }

    /// <summary>
    /// <see cref="UsuryExcessRule.Forfeit"/>: whether any segment with a positive balance is capped (the agreed rate
    /// exceeded the ceiling on that day); if so, notes the forfeiture (the capped days, the first capped rate and the
    /// rate it replaced, the accrued interest that is not charged).
    /// </summary>
    private static bool Forfeits(ReadOnlySpan<InterestSegment> segments, Money accrued, List<InterestNote> notes)
    {
        int first = -1, last = -1, days = 0;
        for (int i = 0; i < segments.Length; i++)
        {
            ref readonly InterestSegment d = ref segments[i];
            if (d.Capped && d.BalanceAmount > 0m)
            {
                first = first < 0 ? i : first;
                last = i;
                days = checked(days + d.Days);
            }
        }

        if (first < 0)
        {
            return false;
        }

        ref readonly InterestSegment firstCapped = ref segments[first];
        notes.Add(new InterestNote(InterestNoteKind.InterestForfeited)
        {
            From = firstCapped.Start,
            To = segments[last].End.PlusDays(-1),
            Count = days,
            Rate = firstCapped.AnnualRate,
            SecondRate = firstCapped.UncappedRate,
            Amount = accrued,
        });
        return true;
    }

    /// <summary>The total rounded as <see cref="SetAmounts"/> rounds it when the loop kept the exact sum.</summary>
    private static Money RoundedTotal(in ExactSum exactSum, Currency currency, MidpointRounding mode)
        => new Money(exactSum.Quotient, currency).Round(mode);

    /// <summary>
    /// Walks the segment boundaries (rate periods, effective days of the changes, capitalisation dates) and drafts
    /// one segment per run of days with one balance and one rate; returns the number of segments drafted.
    /// </summary>
    /// <remarks>
    /// The loop works on day numbers and, in the usual case (a calendar-day count, nominal rates, balance and rate
    /// with 64-bit mantissas), computes <c>balance × rate × days</c> with one 64×64-bit and one 128×32-bit integer
    /// product: exactly the decimal operators' result when it fits in 96 bits at a scale of at most 28, which is
    /// checked. Everything else (effective rates, other day counts, larger values) takes <see cref="SegmentNumerator"/>,
    /// the decimal formula of the reference engine. Rare events (capped rates, negative balances,
    /// capitalisation, growing the buffer) are out of line so the loop keeps its state in registers.
    /// </remarks>
    private static int DraftSegments<TMode>(
        LateInterestRequest request,
        AccrualConventions conventions,
        ChangeArrays changeArrays,
        LocalDate firstDay,
        LocalDate endExclusive,
        bool paymentDayAccrues,
        List<InterestNote> notes,
        ref InterestSegment[] segments,
        out ExactSum exactSum)
        where TMode : struct, IAccrualMode
    {
        exactSum = default;
        int[] changeDays = changeArrays.Days;
        decimal[] changeAmounts = changeArrays.Amounts;
        RatePeriod[] periods = request.Rates.PeriodArray;
        Currency currency = request.OpeningBalance.Currency;
        DayCount dayCount = conventions.DayCount;

        // Actual/360 and Actual/365F with nominal rates: the days and the year-fraction numerator are the calendar
        // days, a difference of day numbers, and the denominator is fixed. Other conventions are asked per segment.
        int calendarDenominator = conventions.Quotation != RateQuotation.NominalAnnual ? 0 : dayCount.CalendarDaysDenominator;
        bool calendarDays = dayCount.CalendarDaysDenominator != 0;
        int effectiveShift = paymentDayAccrues ? 1 : 0;
        int changeCount = changeArrays.Count;

        // Balance bearing interest on the first accruing day: every change that takes effect by then.
        int positionDay = CivilDate.DayNumber(firstDay);
        int firstDayNumber = positionDay;
        decimal balance = request.OpeningBalance.Amount;
        int ci = 0;
        while (ci < changeCount && changeDays[ci] + effectiveShift <= positionDay)
        {
            balance = Add(balance, changeAmounts[ci], changeArrays, ci);
            ci++;
        }

        int pi = request.Rates.IndexOf(firstDay);
        var capitalisation = Capitalisation.Start(conventions, firstDay, endExclusive, notes);
        int nextCapDay = capitalisation.NextDay;
        bool compounding = capitalisation.Months > 0;
        if (!TMode.Statement && compounding)
        {
            return -1; // the totals alone do not capitalise: the caller computes the statement
        }

        int endDay = CivilDate.DayNumber(endExclusive);
        decimal dailyFactor = 0m;
        int dailyFactorPeriod = -1;
        NegativeRun negative = default;
        InterestSegment[] buffer = segments;
        SegmentRate? segmentRate = null;
        int count = 0;
        LocalDate position = firstDay;

        // The balance's sign, and its mantissa and scale when it is positive with a 64-bit mantissa (else 0).
        ulong balanceMantissa = Describe(balance, out int balanceSign, out int balanceScale);

        // The current period: its end as a day number and its rate as a mantissa and scale (the mantissa is 0 when
        // it does not fit in 64 bits: the decimal path then decides).
        int periodEndDay = 0;
        ulong rateMantissa = 0;
        int rateScale = 0;
        bool rateIsZero = false;
        int enteredPeriod = -1;

        // The sum of the numerators as TrySumNumerators computes it, kept while every non-zero numerator comes
        // from the integer product (one denominator, the calendar one): it saves a second pass over the drafts.
        bool sumKnown = true;
        bool anyNumerator = false;
        UInt128 sumMantissa = UInt128.Zero;
        int sumScale = 0;
        unchecked
        {
            while (true)
            {
                if (enteredPeriod != pi)
                {
                    enteredPeriod = pi;
                    ref readonly RatePeriod period = ref periods[pi];
                    if (period.AnnualRate < 0m || period.Capped || period.Provisional)
                    {
                        CheckUnusualPeriod(request, in period, TMode.Statement ? position : DateOf(firstDay, firstDayNumber, positionDay), endExclusive, notes);
                    }

                    periodEndDay = EnterPeriod(in period, out rateIsZero, out rateMantissa, out rateScale);
                    if (TMode.Statement)
                    {
                        // One rate object per period, shared by its segments.
                        segmentRate = new SegmentRate(in period, conventions.Quotation, dayCount, currency);
                    }
                }

                int nextDay = endDay;
                int nextKind = 0;
                if (periodEndDay < nextDay)
                {
                    nextDay = periodEndDay;
                    nextKind = 1;
                }

                if (ci < changeCount && changeDays[ci] + effectiveShift < nextDay)
                {
                    nextDay = changeDays[ci] + effectiveShift;
                    nextKind = 2;
                }

                if (nextCapDay < nextDay)
                {
                    nextDay = nextCapDay;
                    nextKind = 3;
                }

                // The totals need no dates: only the statement's segments and the rare paths below show them.
                LocalDate next = !TMode.Statement ? default : nextKind switch
                {
                    0 => endExclusive,
                    1 => periods[pi].End.GetValueOrDefault(),
                    2 => EffectiveDate(changeArrays.DateAt(ci), paymentDayAccrues),
                    _ => capitalisation.Next,
                };

                if (!TMode.Statement && !calendarDays)
                {
                    return -1; // the caller computes the statement
                }

                int days = calendarDays ? nextDay - positionDay : dayCount.DaysBetween(position, next);
                decimal numerator = 0m;
                int denominator = 1;
                if (balanceSign > 0 && !rateIsZero)
                {
                    if (calendarDenominator != 0
                        && balanceMantissa != 0
                        && rateMantissa != 0
                        && balanceScale + rateScale <= 28
                        && days > 0
                        && TryProduct(balanceMantissa, rateMantissa, (uint)days, balanceScale + rateScale, out numerator, out UInt128 product))
                    {
                        denominator = calendarDenominator;
                        anyNumerator = true;
                        sumKnown = sumKnown && AddToSum(ref sumMantissa, ref sumScale, product, balanceScale + rateScale);
                    }
                    else if (!TMode.Statement)
                    {
                        return -1; // beyond the integer shortcut: the caller computes the statement
                    }
                    else
                    {
                        sumKnown = false;
                        numerator = SegmentNumerator(conventions, in periods[pi], pi, balance, position, next, days, currency, ref dailyFactor, ref dailyFactorPeriod, out denominator);
                    }
                }

                if (TMode.Statement)
                {
                    if (balanceSign < 0 || negative.Open)
                    {
                        negative.Track(notes, balanceSign < 0, balance, position, currency);
                    }

                    if (count == buffer.Length)
                    {
                        buffer = Grow(buffer, count);
                    }

                    buffer[count] = new InterestSegment(position, next, days, balance, segmentRate!, numerator, denominator, 0m);
                }

                count++;
                if (TMode.Statement && compounding)
                {
                    capitalisation.Accrue(numerator, denominator, position, conventions, currency);
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
                        segments = buffer;
                        throw request.Rates.NotCovered(TMode.Statement ? position : DateOf(firstDay, firstDayNumber, positionDay));
                    }
                }

                if (ci < changeCount && changeDays[ci] + effectiveShift == positionDay)
                {
                    do
                    {
                        balance = Add(balance, changeAmounts[ci], changeArrays, ci);
                        ci++;
                    }
                    while (ci < changeCount && changeDays[ci] + effectiveShift == positionDay);

                    balanceSign = ExactDecimal.Sign(balance);
                    balanceMantissa = ExactDecimal.TryUnpack64(balance, out ulong mantissa, out balanceScale) ? mantissa : 0;
                }

                if (positionDay == nextCapDay)
                {
                    balance = capitalisation.Capitalise(balance, position, notes, currency);
                    nextCapDay = capitalisation.NextDay;
                    balanceMantissa = Describe(balance, out balanceSign, out balanceScale);
                }
            }
        }

        segments = buffer;
        negative.Close(notes, endExclusive, currency);
        exactSum = new ExactSum(sumKnown, anyNumerator, sumMantissa, sumScale, anyNumerator ? calendarDenominator : 1);
        return count;
    }

    /// <summary>
    /// The sign of <paramref name="balance"/> and, when it is positive with a mantissa below 2^64, its mantissa and
    /// scale (else a mantissa of 0, which sends the segment to the decimal path).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong Describe(decimal balance, out int sign, out int scale)
    {
        sign = ExactDecimal.Sign(balance);
        return ExactDecimal.TryUnpack64(balance, out ulong mantissa, out scale) ? mantissa : 0;
    }

    /// <summary>
    /// <c>a × b × days</c> of two mantissas at the combined <paramref name="scale"/> (at most 28): the two integer
    /// products are exact, and when the result fits in decimal's 96 bits, and so does <c>a × b</c>, the decimal
    /// operators compute <c>balance × rate × days</c> with the same mantissa and scale (they round nothing).
    /// False otherwise, having decided nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryProduct(ulong a, ulong b, uint days, int scale, out decimal product, out UInt128 mantissa)
    {
        unchecked
        {
            // The usual case (e.g. 100,000.00 at 8.125 %: 10^7 × 8,125): a × b below 2^40 and days below 2^24, so
            // both products fit in 64 bits; plain multiplications, which keep everything in registers.
            if (((a | b) >> 32) == 0)
            {
                ulong ab = a * b;
                if ((ab >> 40) == 0 && (days >> 24) == 0)
                {
                    ulong small = ab * days;
                    product = new decimal((int)small, (int)(small >> 32), 0, false, (byte)scale);
                    mantissa = small;
                    return true;
                }
            }

            ulong high = Math.BigMul(a, b, out ulong low);
            ulong lowHigh = Math.BigMul(low, days, out ulong productLow);
            ulong productHigh = (high * days) + lowHigh;

            // high < 2^32 (a × b within 96 bits) and days < 2^32: high × days + lowHigh cannot wrap.
            if (high > uint.MaxValue || productHigh > uint.MaxValue)
            {
                product = 0m;
                mantissa = UInt128.Zero;
                return false;
            }

            product = new decimal((int)productLow, (int)(productLow >> 32), (int)productHigh, false, (byte)scale);
            mantissa = new UInt128(productHigh, productLow);
            return true;
        }
    }

    /// <summary>
    /// One step of <see cref="TrySumNumerators"/> for a numerator over the common denominator: aligns the sum and the
    /// term to the larger scale and adds them; false when a step leaves 96 bits (the decimal sum would round).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AddToSum(ref UInt128 sum, ref int sumScale, UInt128 term, int scale)
    {
        if (scale > sumScale)
        {
            if (!ExactDecimal.TryScaleByPowerOfTen(ref sum, scale - sumScale))
            {
                return false;
            }

            sumScale = scale;
        }
        else if (scale < sumScale && !ExactDecimal.TryScaleByPowerOfTen(ref term, sumScale - scale))
        {
            return false;
        }

        sum = unchecked(sum + term); // both below 2^96
        return ExactDecimal.Fits96(sum);
    }

    /// <summary>
    /// The checks and notes of the first segment in a rate period whose rate is negative or capped: a negative rate
    /// fails (naming the day and the rate) and a capped rate is noted once.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckUnusualPeriod(LateInterestRequest request, in RatePeriod period, LocalDate position, LocalDate endExclusive, List<InterestNote> notes)
    {
        if (period.AnnualRate < 0m)
        {
            throw new ArgumentException(
                $"The rate applied on {StatementText.Date(position)} is negative ({RatePeriod.Percent(period.AnnualRate)}, {period.Source}); late-payment interest cannot be negative.",
                nameof(request));
        }

        LocalDate capEnd = period.End is { } pe && pe < endExclusive ? pe : endExclusive;
        if (period.Capped)
        {
            notes.Add(new InterestNote(InterestNoteKind.CappedRate)
            {
                From = position > period.Start ? position : period.Start,
                To = capEnd.PlusDays(-1),
                Rate = period.AnnualRate,
                SecondRate = period.UncappedRate,
            });
        }

        if (period.Provisional)
        {
            notes.Add(new InterestNote(InterestNoteKind.ProvisionalRate)
            {
                From = position > period.Start ? position : period.Start,
                To = capEnd.PlusDays(-1),
                Rate = period.AnnualRate,
            });
        }
    }

    /// <summary>
    /// The period's end as a day number, with its rate as a mantissa and scale (a mantissa of 0 when it does not
    /// fit in 64 bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EnterPeriod(in RatePeriod period, out bool rateIsZero, out ulong rateMantissa, out int rateScale)
    {
        rateIsZero = period.AnnualRate == 0m;
        rateMantissa = ExactDecimal.TryUnpack64(period.AnnualRate, out ulong mantissa, out rateScale) ? mantissa : 0;
        return PeriodEndDay(in period);
    }

    /// <summary>The date of day number <paramref name="day"/>, counted from the first accruing day (the totals keep day numbers only).</summary>
    private static LocalDate DateOf(LocalDate firstDay, int firstDayNumber, int day) => firstDay.PlusDays(day - firstDayNumber);

    /// <summary>
    /// The numerator and denominator of one segment with the decimal formula (effective rates, day counts other
    /// than calendar days, or values beyond the integer shortcut); an overflow names the segment.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static decimal SegmentNumerator(
        AccrualConventions conventions,
        in RatePeriod period,
        int periodIndex,
        decimal balance,
        LocalDate position,
        LocalDate next,
        int days,
        Currency currency,
        ref decimal dailyFactor,
        ref int dailyFactorPeriod,
        out int denominator)
    {
        DayCount dayCount = conventions.DayCount;
        denominator = 1;
        try
        {
            if (conventions.Quotation == RateQuotation.EffectiveAnnual)
            {
                // (1 + EA)^(1/365) − 1, computed once per rate period.
                if (dailyFactorPeriod != periodIndex)
                {
                    dailyFactor = DecimalMath.EffectiveDailyRate(period.AnnualRate, EffectiveRateDaysInYear);
                    dailyFactorPeriod = periodIndex;
                }

                return balance * dailyFactor * days;
            }

            if (conventions.Quotation == RateQuotation.EffectiveAnnualPeriodEquivalent)
            {
                // (1 + EA)^(days/365) − 1 for the segment as a whole.
                return balance * DecimalMath.EffectivePeriodRate(period.AnnualRate, days, EffectiveRateDaysInYear);
            }

            int calendarDenominator = dayCount.CalendarDaysDenominator;
            if (calendarDenominator != 0)
            {
                // DayCount.Accrue's own formula, balance × rate × n / d, with the division deferred: the total
                // divides the sum of the numerators once.
                denominator = calendarDenominator;
                return ExactDecimal.Multiply(balance, period.AnnualRate, days);
            }

            YearRatio ratio = dayCount.Ratio(position, next, null);
            denominator = ratio.Denominator;
            return ExactDecimal.Multiply(balance, period.AnnualRate, ratio.Numerator);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException(
                $"The interest on {FormatAmount(balance, currency)} at {RatePeriod.Percent(period.AnnualRate)} from {StatementText.Date(position)} to {StatementText.Date(next.PlusDays(-1))} is outside the range of decimal.",
                ex);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InterestSegment[] Grow(InterestSegment[] segments, int count)
    {
        var larger = new InterestSegment[Math.Max(4, count * 2)];
        segments.AsSpan(0, count).CopyTo(larger);
        return larger;
    }

    /// <summary>The day number of a period's (exclusive) end; <see cref="int.MaxValue"/> when open-ended.</summary>
    private static int PeriodEndDay(in RatePeriod period)
        => period.End is { } end ? CivilDate.DayNumber(end) : int.MaxValue;

    /// <summary>
    /// Writes each segment's displayed amount: its own rounding (per segment) or its share of the rounded total
    /// (largest remainder). Returns the total.
    /// </summary>
    private static Money SetAmounts(Span<InterestSegment> segments, Currency currency, bool perSegment, MidpointRounding mode, in ExactSum exactSum)
    {
        if (perSegment)
        {
            Money rounded = Money.Zero(currency);
            for (int i = 0; i < segments.Length; i++)
            {
                Money amount = new Money(segments[i].ExactAmount, currency).Round(mode);
                InterestSegment.SetAmount(ref segments[i], amount.Amount);
                rounded += amount;
            }

            return rounded;
        }

        // The exact total: the numerators over a common denominator, divided once; with integers when every step
        // of the decimal sum is exact, else with the decimal operators (same result either way).
        decimal sum;
        long common;
        bool any;
        if (exactSum.Known)
        {
            // Summed while drafting, step for step as TrySumNumerators does.
            (sum, common, any) = (exactSum.Quotient, exactSum.Common, exactSum.Any);
        }
        else if (!TrySumNumerators(segments, out sum, out common, out any))
        {
            (sum, common, any) = SumNumerators(segments);
        }

        Money total = new Money(sum, currency).Round(mode);
        if (!any || total.IsZero)
        {
            foreach (ref InterestSegment segment in segments)
            {
                InterestSegment.SetAmount(ref segment, 0m); // Money.Zero's amount
            }

            return total;
        }

        // Ratios only need to be proportional: the numerators over the common denominator, without dividing.
        // Rounded to four digits beyond the minor unit they keep every share within one minor unit of its exact
        // share. As integers (the usual case) they go to the allocation directly; otherwise as decimals.
        int ratioScale = Math.Min(28, currency.MinorUnits + 4);
        ulong[] rented = ArrayPool<ulong>.Shared.Rent(segments.Length);
        try
        {
            Span<ulong> integerRatios = rented.AsSpan(0, segments.Length);
            if (common > 0 && TryIntegerRatios(segments, common, ratioScale, integerRatios) && total.TryAllocateMinorUnits(integerRatios))
            {
                bool negative = total.Amount < 0m;
                int minorUnits = currency.MinorUnits;
                for (int i = 0; i < segments.Length; i++)
                {
                    InterestSegment.SetAmount(ref segments[i], Money.MinorUnitsToDecimal(integerRatios[i], negative, minorUnits));
                }

                return total;
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }

        decimal[] rentedRatios = ArrayPool<decimal>.Shared.Rent(segments.Length);
        Money[] rentedParts = ArrayPool<Money>.Shared.Rent(segments.Length);
        try
        {
            Span<Money> parts = rentedParts.AsSpan(0, segments.Length);
            AllocateDecimalRatios(segments, common, ratioScale, total, rentedRatios.AsSpan(0, segments.Length), parts);
            for (int i = 0; i < segments.Length; i++)
            {
                InterestSegment.SetAmount(ref segments[i], parts[i].Amount);
            }

            return total;
        }
        finally
        {
            ArrayPool<decimal>.Shared.Return(rentedRatios);
            ArrayPool<Money>.Shared.Return(rentedParts, clearArray: true);
        }
    }

    /// <summary>
    /// The allocation ratios as integers: each segment's <c>numerator × (common / denominator)</c>, rounded half
    /// to even to <paramref name="ratioScale"/> decimals when it has more (what <see cref="decimal.Round(decimal, int, MidpointRounding)"/>
    /// does to the decimal ratio), then all brought to their largest scale. Multiplying every ratio by the same
    /// power of ten changes neither the shares nor the order of the remainders, so the allocation is the one of
    /// the decimal ratios. False, having decided nothing, when a step does not fit in 64 bits (96 for the
    /// product), when a rounding would drop more than 19 digits, or when every rounded ratio is zero (the decimal
    /// path then falls back on the unrounded ratios).
    /// </summary>
    private static bool TryIntegerRatios(ReadOnlySpan<InterestSegment> segments, long common, int ratioScale, Span<ulong> ratios)
    {
        int maxScale = 0;
        int minScale = int.MaxValue;
        bool anyRatio = false;
        unchecked
        {
            for (int i = 0; i < segments.Length; i++)
            {
                ref readonly InterestSegment s = ref segments[i];
                if (!ExactDecimal.TryUnpack(s.Numerator, out UInt128 value, out int scale))
                {
                    if (ExactDecimal.Sign(s.Numerator) != 0)
                    {
                        return false; // negative numerators do not occur; leave anything unusual to the decimal path
                    }

                    ratios[i] = 0;
                    continue;
                }

                if (s.Denominator != common && !ExactDecimal.TryScale(ref value, (ulong)(common / s.Denominator)))
                {
                    return false; // beyond 96 bits the decimal product would round
                }

                if (scale > ratioScale)
                {
                    int drop = scale - ratioScale;
                    if (!ExactDecimal.TryRoundHalfEven(ref value, drop))
                    {
                        return false;
                    }

                    scale = ratioScale;
                }

                if ((ulong)(value >> 64) != 0)
                {
                    return false;
                }

                ulong ratio = (ulong)value;
                ratios[i] = ratio;
                if (ratio != 0)
                {
                    anyRatio = true;
                    maxScale = Math.Max(maxScale, scale);
                    minScale = Math.Min(minScale, scale);
                }
            }

            if (!anyRatio)
            {
                return false;
            }

            if (minScale == maxScale)
            {
                return true; // every non-zero ratio at one scale (the usual case): nothing to align
            }

            for (int i = 0; i < segments.Length; i++)
            {
                if (ratios[i] == 0)
                {
                    continue;
                }

                ExactDecimal.TryUnpack(segments[i].Numerator, out _, out int scale);
                int shift = maxScale - Math.Min(scale, ratioScale);
                if (shift > 0 && !ExactDecimal.TryScaleByPowerOfTen(ref ratios[i], shift))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The decimal form of the allocation (values beyond the integer path): the engine's original ratios and <see cref="Money.Allocate(ReadOnlySpan{decimal}, Span{Money})"/>.</summary>
    private static void AllocateDecimalRatios(ReadOnlySpan<InterestSegment> segments, long common, int ratioScale, Money total, Span<decimal> ratios, Span<Money> amounts)
    {
        for (int i = 0; i < ratios.Length; i++)
        {
            ref readonly InterestSegment s = ref segments[i];
            ratios[i] = s.Numerator == 0m ? 0m : common == 0 ? s.ExactAmount : Scale(s.Numerator, common / s.Denominator);
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
                ref readonly InterestSegment s = ref segments[i];
                ratios[i] = common == 0 ? s.ExactAmount : s.Numerator * (common / s.Denominator);
            }
        }

        total.Allocate(ratios, amounts);
    }

    /// <summary>
    /// The decimal sum of the numerators over their least common denominator (<c>sum *= lcm / common</c>;
    /// <c>sum += numerator × (common / denominator)</c>; then <c>sum / common</c>), or, when that leaves decimal's
    /// range, the sum of the per-segment quotients with the common denominator zero.
    /// </summary>
    private static (decimal Sum, long Common, bool Any) SumNumerators(ReadOnlySpan<InterestSegment> segments)
    {
        decimal sum = 0m;
        long common = 1;
        bool any = false;
        try
        {
            foreach (ref readonly InterestSegment s in segments)
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
            foreach (ref readonly InterestSegment s in segments)
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
    private static bool TrySumNumerators(ReadOnlySpan<InterestSegment> segments, out decimal sum, out long common, out bool any)
    {
        sum = 0m;
        common = 1;
        any = false;
        UInt128 total = UInt128.Zero;
        int totalScale = 0;
        foreach (ref readonly InterestSegment s in segments)
        {
            if (ExactDecimal.Sign(s.Numerator) == 0)
            {
                continue; // s.Numerator == 0m
            }

            if (!ExactDecimal.TryUnpack(s.Numerator, out UInt128 term, out int scale))
            {
                return false;
            }

            any = true;
            if (s.Denominator != common && common % s.Denominator != 0)
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
            if (s.Denominator != common && !ExactDecimal.TryScale(ref term, (ulong)(common / s.Denominator)))
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

            total = unchecked(total + term); // both below 2^96
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

    /// <summary>
    /// Compounding: the next capitalisation date and the interest accrued since the last one (rounded per segment
    /// when the conventions say so), added to the balance on each capitalisation date. Out of the segment loop's
    /// way: none of it runs without compounding.
    /// </summary>
    private struct Capitalisation
    {
        private LocalDate _anchor;
        private int _index;
        private decimal _since;

        /// <summary>Months between capitalisations; 0 without compounding.</summary>
        internal int Months;

        /// <summary>The next capitalisation date (the end of the accrual without compounding).</summary>
        internal LocalDate Next;

        /// <summary>The day number of <see cref="Next"/>.</summary>
        internal int NextDay;

        internal static Capitalisation Start(AccrualConventions conventions, LocalDate firstDay, LocalDate endExclusive, List<InterestNote> notes)
        {
            var c = new Capitalisation { Months = (int)conventions.Compounding, Next = endExclusive };
            if (c.Months > 0)
            {
                c._anchor = conventions.CompoundingFrom ?? firstDay;
                c._index = FirstCapitalisationIndex(c._anchor, c.Months, firstDay, conventions.CompoundingFrom is not null);
                c.Next = c._anchor.PlusMonths(c._index * c.Months);
                notes.Add(new InterestNote(InterestNoteKind.Compounding) { From = c.Next, Count = c.Months });
            }

            c.NextDay = CivilDate.DayNumber(c.Next);
            return c;
        }

        /// <summary>Adds a segment's interest to the amount to capitalise next.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal void Accrue(decimal numerator, int denominator, LocalDate position, AccrualConventions conventions, Currency currency)
        {
            if (numerator != 0m)
            {
                decimal segmentInterest = denominator == 1 ? numerator : numerator / denominator;
                _since = Add(
                    _since,
                    conventions.RoundingPoint == InterestRoundingPoint.PerSegment ? decimal.Round(segmentInterest, currency.MinorUnits, conventions.RoundingMode) : segmentInterest,
                    position);
            }
        }

        /// <summary>On a capitalisation date: adds the interest accrued since the last one to the balance (noted) and moves to the next date.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal decimal Capitalise(decimal balance, LocalDate position, List<InterestNote> notes, Currency currency)
        {
            if (_since > 0m)
            {
                balance = Add(balance, _since, position);
                notes.Add(new InterestNote(InterestNoteKind.Capitalised) { From = position, Amount = new Money(_since, currency) });
            }

            _since = 0m;
            _index++;
            Next = _anchor.PlusMonths(_index * Months);
            NextDay = CivilDate.DayNumber(Next);
            return balance;
        }
    }

    /// <summary>The run of segments with one negative balance, noted once when it ends (or the balance changes).</summary>
    private struct NegativeRun
    {
        private LocalDate _from;
        private decimal _balance;

        /// <summary>Whether a negative run is open.</summary>
        internal bool Open;

        /// <summary>The original bookkeeping of one segment whose balance is negative or follows a negative run.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal void Track(List<InterestNote> notes, bool isNegative, decimal balance, LocalDate position, Currency currency)
        {
            if (isNegative)
            {
                if (!Open || balance != _balance)
                {
                    Close(notes, position, currency);
                    Open = true;
                    _from = position;
                    _balance = balance;
                }
            }
            else if (Open)
            {
                Close(notes, position, currency);
                Open = false;
            }
        }

        /// <summary>Notes the open run, if any, as ending the day before <paramref name="endExclusive"/>.</summary>
        internal readonly void Close(List<InterestNote> notes, LocalDate endExclusive, Currency currency)
        {
            if (Open)
            {
                notes.Add(new InterestNote(InterestNoteKind.NegativeBalance) { From = _from, To = endExclusive.PlusDays(-1), Amount = new Money(_balance, currency) });
            }
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LocalDate EffectiveDate(LocalDate date, bool paymentDayAccrues)
    {
        if (!paymentDayAccrues)
        {
            return date;
        }

        // The next day within the month (days 1-27 always have one) is built directly; the rest use PlusDays.
        // Both give the same ISO date.
        int day = date.Day;
        return day < 28 ? new LocalDate(date.Year, date.Month, day + 1) : date.PlusDays(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static decimal Add(decimal balance, decimal amount, LocalDate date)
        => ExactDecimal.TryAdd(balance, amount, out decimal sum) ? sum : AddChecked(balance, amount, date);

    /// <summary><see cref="Add(decimal, decimal, LocalDate)"/> of change <paramref name="index"/>, whose date is read only for the error message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static decimal Add(decimal balance, decimal amount, in ChangeArrays changes, int index)
        => ExactDecimal.TryAdd(balance, amount, out decimal sum) ? sum : AddChecked(balance, amount, changes.DateAt(index));

    [MethodImpl(MethodImplOptions.NoInlining)]
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

    private static Money BalanceOnOrBefore(Money opening, in ChangeArrays changes, int day)
    {
        decimal balance = opening.Amount;
        for (int i = 0; i < changes.Count && changes.Days[i] <= day; i++)
        {
            balance = Add(balance, changes.Amounts[i], changes, i);
        }

        return new Money(balance, opening.Currency);
    }

    /// <summary>How many of the sorted changes are dated after the day number <paramref name="untilDay"/>.</summary>
    private static int CountAfter(int length, int[] changeDays, int untilDay)
    {
        int count = 0;
        for (int i = length - 1; i >= 0 && changeDays[i] > untilDay; i--)
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Checks every change (currency, not before the due date) and returns them sorted by date (stable), with the
    /// day number of each date and each amount written to <paramref name="days"/> and <paramref name="amounts"/>
    /// in the same order. Changes given in order (the
    /// usual case) are used as they are: the request holds its own copy and nothing here writes to it.
    /// </summary>
    private static BalanceChange[] SortedChanges(IReadOnlyList<BalanceChange> changes, Currency currency, LocalDate due, int[] days, decimal[] amounts)
    {
        int dueDay = CivilDate.DayNumber(due);
        int length = changes.Count;
        BalanceChange[]? given = changes as BalanceChange[];
        bool ordered = true;
        int previousDay = int.MinValue;
        for (int i = 0; i < length; i++)
        {
            BalanceChange change = given is null ? changes[i] : given[i];
            Money amount = change.Amount;
            if (!ReferenceEquals(amount.Currency, currency))
            {
                RequireCurrency(amount, currency, "BalanceChanges", i);
            }

            LocalDate date = change.Date;
            int day = CivilDate.DayNumber(date);
            if (day < dueDay)
            {
                throw ChangeBeforeDueDate(i, date, due);
            }

            days[i] = day;
            amounts[i] = amount.Amount;
            ordered &= previousDay <= day;
            previousDay = day;
        }

        if (ordered && given is not null)
        {
            return given;
        }

        var sorted = new BalanceChange[length];
        for (int i = 0; i < length; i++)
        {
            sorted[i] = changes[i];
        }

        if (!ordered)
        {
            // Stable: changes on the same day keep their given order (it does not change the result, only the notes).
            var keys = new (int Day, int Index)[length];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = (days[i], i);
            }

            Array.Sort(keys, sorted);
            for (int i = 0; i < keys.Length; i++)
            {
                days[i] = keys[i].Day;
                amounts[i] = sorted[i].Amount.Amount;
            }
        }

        return sorted;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException ChangeBeforeDueDate(int index, LocalDate date, LocalDate due)
        => new(
            $"BalanceChanges[{index}] is dated {StatementText.Date(date)}, before the due date {StatementText.Date(due)}; fold earlier changes into the opening balance at the due date.",
            nameof(LateInterestRequest.BalanceChanges));

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
        // The same instance (the usual case: ISO currencies are shared) is the same currency; otherwise Currency's
        // own equality (code and minor units) decides.
        Currency actual = amount.Currency;
        if (!ReferenceEquals(actual, currency) && actual != currency)
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

    /// <summary>The exact sum of the numerators when the segment loop could keep it (see <see cref="DraftSegments"/>).</summary>
    private readonly struct ExactSum
    {
        internal ExactSum(bool known, bool any, UInt128 mantissa, int scale, long common)
        {
            Known = known;
            Any = any;
            Mantissa = mantissa;
            Scale = scale;
            Common = common;
        }

        internal bool Known { get; }

        internal bool Any { get; }

        internal UInt128 Mantissa { get; }

        internal int Scale { get; }

        internal long Common { get; }

        /// <summary>The exact sum over its common denominator, divided once (the unrounded total).</summary>
        internal decimal Quotient => ExactDecimal.Pack(Mantissa, Scale) / Common;
    }

    /// <summary>
    /// The sorted changes with the day number and the amount of each, read by the accrual loop; without the change
    /// objects when they were given apart (<see cref="TryCalculateTotals"/>: totals only).
    /// </summary>
    private readonly struct ChangeArrays
    {
        internal ChangeArrays(BalanceChange[]? changes, int[] days, decimal[] amounts, int count)
        {
            Changes = changes;
            Days = days;
            Amounts = amounts;
            Count = count;
        }

        /// <summary>The change objects, or <see langword="null"/> when given apart.</summary>
        internal BalanceChange[]? Changes { get; }

        /// <summary>How many changes (the pooled arrays may be longer).</summary>
        internal int Count { get; }

        internal int[] Days { get; }

        internal decimal[] Amounts { get; }

        /// <summary>The date of change <paramref name="index"/> (the change's own date; from its day number when given apart).</summary>
        internal LocalDate DateAt(int index) => Changes is { } changes ? changes[index].Date : DayNumbers.ToDate(Days[index]);
    }

    /// <summary>What the engine builds: the statement, or only its totals.</summary>
    private interface IAccrualMode
    {
        /// <summary>Whether the segments, their dates and the notes are built.</summary>
        static abstract bool Statement { get; }
    }

    /// <summary>Builds the statement (<see cref="Calculate"/>).</summary>
    private readonly struct StatementMode : IAccrualMode
    {
        public static bool Statement => true;
    }

    /// <summary>Builds only the totals (<see cref="CalculateTotals"/>).</summary>
    private readonly struct TotalsMode : IAccrualMode
    {
        public static bool Statement => false;
    }
}
