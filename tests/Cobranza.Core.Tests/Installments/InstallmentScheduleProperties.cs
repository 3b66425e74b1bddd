using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Installments;

public sealed class InstallmentScheduleProperties
{
    /// <summary>A valid definition; ToString shows what FsCheck needs to reproduce a failure.</summary>
    public sealed record PlanCase(InstallmentPlanDefinition Definition)
    {
        public override string ToString()
        {
            var d = Definition;
            return $"{d.Amount} dp={d.DownPayment} n={d.InstallmentCount} {d.Method} {d.Frequency} {d.Interest} start={d.StartDate:uuuu-MM-dd} " +
                   $"first={d.FirstDueDate:uuuu-MM-dd} eom={d.EndOfMonth} residual={d.Residual} {d.Rounding} balloon={d.BalloonAmount} " +
                   $"fee={d.InstallmentFee} adj={d.DueDateAdjustment} pct=[{string.Join(",", d.Percentages)}] amounts=[{string.Join(",", d.Amounts)}]";
        }
    }

    public static class Arbitraries
    {
        private static readonly Currency[] Currencies = [Currency.EUR, Currency.JPY, Currency.FromCode("KWD"), Currency.CLP, Currency.COP];

        private static readonly DayCount[] DayCountChoices = [DayCounts.Actual360, DayCounts.Actual365Fixed, DayCounts.ThirtyE360];

        private static Gen<PlanInterest> Interest(int count) =>
            from kind in Gen.Choose(0, 2)
            from basisPoints in Gen.Choose(0, count > 120 ? 1_200 : 3_600)
            from dayCount in Gen.Elements(DayCountChoices)
            select kind switch
            {
                0 => PlanInterest.None,
                1 => PlanInterest.Periodic(basisPoints / 10_000m),
                _ => PlanInterest.ActualDays(basisPoints / 10_000m, dayCount),
            };

        internal static Gen<InstallmentPlanDefinition> Definitions() =>
            from currency in Gen.Elements(Currencies)
            from count in Gen.Frequency((6, Gen.Choose(1, 48)), (2, Gen.Choose(49, 120)), (1, Gen.Choose(121, 360)))
            from method in Gen.Elements(Enum.GetValues<AmortizationMethod>())
            let n = method == AmortizationMethod.Balloon ? Math.Max(count, 2) : method is AmortizationMethod.ExplicitAmounts or AmortizationMethod.ExplicitPercentages ? Math.Min(count, 50) : count
            from units in Gen.Choose(100 * n * n, 1_000_000_000)
            from downTenths in Gen.Choose(-5, 5)
            from frequency in Gen.Elements(Enum.GetValues<InstallmentFrequency>())
            from startOffset in Gen.Choose(0, 3_000)
            from firstOffset in Gen.Choose(0, 28)
            from eom in Gen.Elements(true, false)
            from interest in Interest(n)
            from residualFirst in Gen.Elements(true, false)
            from rounding in Gen.Elements(MidpointRounding.AwayFromZero, MidpointRounding.ToEven)
            from weights in Gen.ArrayOf(Gen.Choose(1, 10), n)
            from balloonTenths in Gen.Choose(1, 9)
            from feeUnits in Gen.Choose(-3, 500)
            from adjust in Gen.Elements(BusinessDayAdjustment.None, new BusinessDayAdjustment(BusinessDayConvention.ModifiedFollowing, "ES"), new BusinessDayAdjustment(BusinessDayConvention.Following, "CO"))
            select Build(currency, n, method, units, downTenths, frequency, startOffset, firstOffset, eom, interest, residualFirst, rounding, weights, balloonTenths, feeUnits, adjust);

        private static InstallmentPlanDefinition Build(
            Currency currency, int n, AmortizationMethod method, int units, int downTenths, InstallmentFrequency frequency, int startOffset,
            int firstOffset, bool eom, PlanInterest interest, bool residualFirst, MidpointRounding rounding, int[] weights, int balloonTenths,
            int feeUnits, BusinessDayAdjustment adjust)
        {
            var u = currency.MinorUnit;
            var amount = Money.Of(units * u, currency);
            Money? down = downTenths > 0 ? Money.Of(Math.Floor((decimal)units * downTenths / 10m) * u, currency) : null;
            var financed = down is { } dp ? amount - dp : amount;
            var start = new LocalDate(2001, 1, 1).PlusDays(startOffset);
            // The first period is at most about one regular period long. A much longer first period at a high rate
            // makes the first interest exceed the level payment (negative amortization), which CreateSchedule refuses
            // with an ArgumentException (tested separately); so do quarterly day-count plans of more than 40 quarters,
            // where 92-day quarters cost more than the 91.3-day average the level payment covers.
            var first = start.PlusDays(frequency switch
            {
                InstallmentFrequency.Weekly => firstOffset % 7,
                InstallmentFrequency.EveryTwoWeeks or InstallmentFrequency.TwiceAMonth => firstOffset % 14,
                _ => firstOffset,
            });
            if (interest.Accrual == InterestAccrual.DayCount && frequency == InstallmentFrequency.Quarterly && n > 40)
            {
                n = 40;
                weights = weights[..40];
            }

            if (frequency == InstallmentFrequency.TwiceAMonth)
            {
                // The first 1st or 15th on or after the start date (at most 17 days later).
                first = start.Day == 1 ? start : start.Day <= 15 ? new LocalDate(start.Year, start.Month, 15) : new LocalDate(start.Year, start.Month, 1).PlusMonths(1);
            }

            // Level payments with day-count interest over long plans or with a balloon pay little principal, so a
            // period longer than average (a 31-day month) can cost more interest than the payment leaves: keep the
            // rate at most 6 % and the balloon at most half there (see docs/payments-and-plans.md, "negative amortization").
            if (method == AmortizationMethod.Balloon)
            {
                balloonTenths = Math.Min(balloonTenths, 5);
            }

            if (interest.Accrual == InterestAccrual.DayCount && (method == AmortizationMethod.Balloon || n > 120) && interest.NominalAnnualRate > 0.06m)
            {
                interest = PlanInterest.ActualDays(0.06m, interest.DayCount!);
            }

            // Likewise a 34-day month (a due date moved by a business-day adjustment) at 30 % over 110 months.
            if (interest.Accrual == InterestAccrual.DayCount && n > 48 && interest.NominalAnnualRate > 0.12m)
            {
                interest = PlanInterest.ActualDays(0.12m, interest.DayCount!);
            }

            // The built-in calendars end in 2050.
            // ModifiedFollowing may move a month-end due date back a few days: before the start date it is refused
            // (tested separately), so keep adjusted plans' first due date a week after the start.
            if (n > 120 || frequency == InstallmentFrequency.Quarterly || Period.DaysBetween(start, first) < 7)
            {
                adjust = BusinessDayAdjustment.None;
            }

            if (method == AmortizationMethod.EqualParts)
            {
                interest = PlanInterest.None;
            }

            bool residualFirstAllowed = interest.IsInterestFree || method is not (AmortizationMethod.LevelPayment or AmortizationMethod.Balloon);
            var ratios = weights.Select(w => (decimal)w).ToArray();
            return new InstallmentPlanDefinition
            {
                Amount = amount,
                DownPayment = down,
                StartDate = start,
                FirstDueDate = first,
                InstallmentCount = n,
                Frequency = frequency,
                Method = method,
                Interest = interest,
                EndOfMonth = eom && frequency is InstallmentFrequency.Monthly or InstallmentFrequency.Quarterly,
                Residual = residualFirst && residualFirstAllowed ? ResidualPlacement.First : ResidualPlacement.Last,
                Rounding = rounding,
                Percentages = method == AmortizationMethod.ExplicitPercentages ? Money.Of(100m, Currency.EUR).Allocate(ratios).Select(m => m.Amount).ToArray() : [],
                Amounts = method == AmortizationMethod.ExplicitAmounts ? financed.Allocate(ratios) : [],
                BalloonAmount = method == AmortizationMethod.Balloon ? Money.Of(Math.Floor(financed.Amount / u * balloonTenths / 10m) * u, currency) : null,
                InstallmentFee = feeUnits >= 0 ? Money.Of(feeUnits * u, currency) : null,
                DueDateAdjustment = adjust,
            };
        }

        public static Arbitrary<PlanCase> Plans() => Definitions().Select(d => new PlanCase(d)).ToArbitrary();
    }

    private static InstallmentSchedule Create(PlanCase c)
    {
        Assert.True(c.Definition.Validate().IsValid, string.Join("; ", c.Definition.Validate().Errors));
        return c.Definition.CreateSchedule(BuiltInCalendarProvider.Instance);
    }

    [Property(MaxTest = 400, Arbitrary = [typeof(Arbitraries)])]
    public void CreateSchedule_Always_PrincipalSumsToFinancedAndBalanceEndsAtZero(PlanCase c)
    {
        var s = Create(c);
        var installments = s.Installments.Where(r => !r.IsDownPayment).ToArray();
        Assert.Equal(c.Definition.InstallmentCount, installments.Length);
        Assert.Equal(c.Definition.FinancedAmount.Amount, installments.Sum(r => r.Principal.Amount));
        Assert.Equal(c.Definition.Amount, s.TotalPrincipal);
        Assert.Equal(0m, installments[^1].RemainingBalance.Amount);
        decimal balance = c.Definition.FinancedAmount.Amount;
        foreach (var row in installments)
        {
            balance -= row.Principal.Amount;
            Assert.Equal(balance, row.RemainingBalance.Amount);
            Assert.True(row.Principal.IsRoundedToMinorUnit && row.Interest.IsRoundedToMinorUnit && row.Fee.IsRoundedToMinorUnit, row.ToString());
            Assert.False(row.Principal.IsNegative || row.Interest.IsNegative, row.ToString());
            Assert.Equal(row.Principal + row.Interest + row.Fee, row.Total);
        }
    }

    [Property(MaxTest = 400, Arbitrary = [typeof(Arbitraries)])]
    public void CreateSchedule_Always_DueDatesStrictlyIncrease(PlanCase c)
    {
        var dates = Create(c).Installments.Where(r => !r.IsDownPayment).Select(r => r.DueDate).ToArray();
        Assert.True(dates[0] >= c.Definition.StartDate);
        for (int i = 1; i < dates.Length; i++)
        {
            Assert.True(dates[i] > dates[i - 1], $"{dates[i - 1]} then {dates[i]}");
        }
    }

    /// <summary>
    /// Interest-bearing level payment: all installments but the last have the same principal + interest; the last
    /// differs by at most <c>u × Σ_k Π_{j&gt;k}(1 + r_j)</c> (u = one minor unit), the bound documented in
    /// docs/payments-and-plans.md (each period's rounding error of at most one unit, compounded to the end).
    /// </summary>
    [Property(MaxTest = 400, Arbitrary = [typeof(Arbitraries)])]
    public void CreateSchedule_LevelPayment_EqualExceptLastWithinDocumentedBound(PlanCase c)
    {
        var d = c.Definition;
        if (d.Method is not (AmortizationMethod.LevelPayment or AmortizationMethod.Balloon) || d.Interest.IsInterestFree)
        {
            return;
        }

        var s = Create(c);
        var rows = s.Installments.Where(r => !r.IsDownPayment).ToArray();
        var level = s.LevelPayment!.Value.Amount;
        Assert.All(rows.Take(rows.Length - 1), r => Assert.Equal(level, r.Principal.Amount + r.Interest.Amount));
        decimal growth = 1m, bound = 0m;
        for (int k = rows.Length - 1; k >= 0; k--)
        {
            bound += growth;
            decimal rate = d.Interest.Accrual == InterestAccrual.PeriodicRate
                ? d.Interest.NominalAnnualRate / ScheduleBuilder.PeriodsPerYear(d.Frequency)
                : d.Interest.DayCount!.Accrue(d.Interest.NominalAnnualRate, rows[k].PeriodStart, rows[k].DueDate);
            growth *= 1m + rate;
        }

        decimal last = rows[^1].Principal.Amount + rows[^1].Interest.Amount - (d.BalloonAmount?.Amount ?? 0m);
        Assert.True(Math.Abs(last - level) <= bound * d.Currency.MinorUnit, $"last {last}, level {level}, bound {bound} units");
    }

    [Property(MaxTest = 400, Arbitrary = [typeof(Arbitraries)])]
    public void CreateSchedule_PrincipalSplitMethods_EqualPartsExceptResidualWithinHalfUnitPerInstallment(PlanCase c)
    {
        var d = c.Definition;
        bool split = d.Method is AmortizationMethod.LevelPrincipal or AmortizationMethod.EqualParts
                     || (d.Method is AmortizationMethod.LevelPayment or AmortizationMethod.Balloon && d.Interest.IsInterestFree);
        if (!split)
        {
            return;
        }

        var rows = Create(c).Installments.Where(r => !r.IsDownPayment).Select(r => r.Principal.Amount).ToArray();
        rows[^1] -= d.BalloonAmount?.Amount ?? 0m;
        int residual = d.Residual == ResidualPlacement.Last ? rows.Length - 1 : 0;
        var regular = rows.Where((_, i) => i != residual).Distinct().ToArray();
        Assert.True(regular.Length <= 1, string.Join(", ", regular));
        if (regular.Length == 1)
        {
            // residual − regular = (F − n·regular), and |F/n − regular| ≤ u/2, so the residual differs by ≤ n·u/2.
            Assert.True(Math.Abs(rows[residual] - regular[0]) <= rows.Length * d.Currency.MinorUnit / 2m);
        }
    }
}

public sealed class PeriodicInterestFastPathProperties
{
    private static readonly MidpointRounding[] Modes =
        [MidpointRounding.AwayFromZero, MidpointRounding.ToEven, MidpointRounding.ToZero, MidpointRounding.ToNegativeInfinity, MidpointRounding.ToPositiveInfinity];

    [Property(MaxTest = 2_000)]
    public void PeriodicInterestFast_Always_EqualsDecimalDivisionLast(PositiveInt units, NonNegativeInt rateBasisPoints, byte modeIndex, byte periodsIndex, bool tie)
    {
        int[] periods = [4, 12, 24, 26, 52];
        int ppy = periods[periodsIndex % periods.Length];
        var mode = Modes[modeIndex % Modes.Length];
        // "tie" picks balances whose interest lands exactly on half a cent: 0.06 × balance / 12 = x.xx5.
        decimal balance = tie ? (units.Get % 100_000) * 0.01m + 0.01m : units.Get * 0.01m;
        decimal rate = tie ? 0.06m : rateBasisPoints.Get % 100_000 / 10_000m;
        Assert.True(ScheduleBuilder.PeriodicInterestFast(balance, rate, tie ? 12 : ppy, 2, mode, out var fast));
        Assert.Equal(decimal.Round(balance * rate / (tie ? 12 : ppy), 2, mode), fast);
    }

    [Fact]
    public void PeriodicInterestFast_ExactMidpoint_RoundsByMode()
    {
        // 1.00 × 0.06 / 12 = 0.005 exactly: AwayFromZero → 0.01, ToEven → 0.00.
        Assert.True(ScheduleBuilder.PeriodicInterestFast(1.00m, 0.06m, 12, 2, MidpointRounding.AwayFromZero, out var away));
        Assert.True(ScheduleBuilder.PeriodicInterestFast(1.00m, 0.06m, 12, 2, MidpointRounding.ToEven, out var even));
        Assert.Equal((0.01m, 0.00m), (away, even));
    }
}

public sealed class ScheduleEngineEquivalenceProperties
{
    /// <summary>The whole-minor-unit engine (long arithmetic) gives exactly the rows of the decimal engine.</summary>
    [Property(MaxTest = 300, Arbitrary = [typeof(InstallmentScheduleProperties.Arbitraries)])]
    public void Build_UnitsAndDecimalEngines_SameRows(InstallmentScheduleProperties.PlanCase c)
    {
        var fast = ScheduleBuilder.Build(c.Definition, BuiltInCalendarProvider.Instance);
        var slow = ScheduleBuilder.Build(c.Definition, BuiltInCalendarProvider.Instance, allowUnits: false);
        Assert.Equal(slow.Installments, fast.Installments);
        Assert.Equal((slow.TotalPrincipal, slow.TotalInterest, slow.TotalFees, slow.LevelPayment), (fast.TotalPrincipal, fast.TotalInterest, fast.TotalFees, fast.LevelPayment));
    }
}
