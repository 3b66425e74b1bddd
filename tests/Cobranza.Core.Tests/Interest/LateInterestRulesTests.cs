using System;
using Cobranza.Core.Interest;
using NodaTime;
using DC = Cobranza.Core.Calendars.DayCounts;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Boundary days, grace, minimum, rounding, compounding and bad input.</summary>
public sealed class LateInterestRulesTests
{
    private static readonly LocalDate Due = new(2024, 1, 31);
    private static readonly RateSchedule TenPercent = RateSchedule.Fixed(0.10m, "contract clause 7");

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    private static LateInterestRequest Request(int days, decimal balance = 1000m, AccrualConventions? conventions = null)
        => new(Due, Due.PlusDays(days), Eur(balance), TenPercent) { Conventions = conventions ?? AccrualConventions.StatutoryDefault };

    [Fact]
    public void Calculate_StartAndEndOptions_CountTheDocumentedDays()
    {
        // 10 days after the due date: default (day after due .. payment day inclusive) = 10 days;
        // due date included as well = 11; payment day excluded too = 10 (due .. day before payment); only
        // payment day excluded = 9.
        Assert.Equal(10, Days(AccrualConventions.StatutoryDefault));
        Assert.Equal(11, Days(AccrualConventions.StatutoryDefault with { Start = AccrualStart.DueDate }));
        Assert.Equal(10, Days(AccrualConventions.StatutoryDefault with { Start = AccrualStart.DueDate, End = AccrualEnd.PaymentDateExcluded }));
        Assert.Equal(9, Days(AccrualConventions.StatutoryDefault with { End = AccrualEnd.PaymentDateExcluded }));

        static int Days(AccrualConventions c) => LateInterestCalculator.Calculate(Request(10, conventions: c)).Segments[0].Days;
    }

    [Fact]
    public void Calculate_PaymentDateExcluded_BalanceFallsOnThePaymentDay()
    {
        var conventions = AccrualConventions.StatutoryDefault with { End = AccrualEnd.PaymentDateExcluded };
        var request = Request(20, conventions: conventions) with { BalanceChanges = [new BalanceChange(Due.PlusDays(10), Eur(-1000m), "Payment")] };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.Equal(9, statement.Segments[0].Days);
        Assert.Equal(Eur(0m), statement.Segments[1].Balance);
        Assert.Equal(Eur(0m), statement.Segments[1].Amount);
    }

    [Fact]
    public void Calculate_EndBeforeDueDate_IsZeroWithReason()
    {
        InterestStatement statement = LateInterestCalculator.Calculate(Request(-5));
        Assert.Empty(statement.Segments);
        Assert.Equal(Eur(0m), statement.Total);
        InterestNote note = Assert.Single(statement.Notes);
        Assert.Equal(InterestNoteKind.NoAccruingDays, note.Kind);
        Assert.Equal("No interest: no day accrues between the first accruing day (1 Feb 2024) and the calculation date (26 Jan 2024).", note.ToString());
    }

    [Fact]
    public void Calculate_Overpayment_AccruesNothingAndSaysSo()
    {
        var request = Request(30) with { BalanceChanges = [new BalanceChange(Due.PlusDays(9), Eur(-1200m), "Payment")] };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.Equal(Eur(-200m), statement.Segments[1].Balance);
        Assert.Equal(0m, statement.Segments[1].ExactAmount);
        InterestNote note = Assert.Single(statement.Notes, n => n.Kind == InterestNoteKind.NegativeBalance);
        Assert.Equal(new LocalDate(2024, 2, 10), note.From);
        Assert.Equal(new LocalDate(2024, 3, 1), note.To);
        // 1,000 × 10 % × 9 / 365 = 2.4657... = 2.47
        Assert.Equal(Eur(2.47m), statement.Interest);
    }

    [Fact]
    public void Calculate_GraceWaive_PaidWithinGraceOwesNothing()
    {
        var conventions = AccrualConventions.StatutoryDefault with { GraceDays = 5 };
        var request = Request(30, conventions: conventions) with { BalanceChanges = [new BalanceChange(Due.PlusDays(5), Eur(-1000m), "Payment")] };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.Equal(Eur(0m), statement.Interest);
        Assert.Contains(statement.Notes, n => n.Kind == InterestNoteKind.SettledWithinGrace);
    }

    [Fact]
    public void Calculate_GraceWaive_PaidAfterGraceOwesFromTheDayAfterDue()
    {
        var conventions = AccrualConventions.StatutoryDefault with { GraceDays = 5 };
        InterestStatement statement = LateInterestCalculator.Calculate(Request(6, conventions: conventions));
        // Grace only delays the claim: 6 days, not 1. 1,000 × 10 % × 6 / 365 = 1.6438... = 1.64
        Assert.Equal(6, statement.Segments[0].Days);
        Assert.Equal(Eur(1.64m), statement.Interest);
        Assert.Contains(statement.Notes, n => n.Kind == InterestNoteKind.GraceNotMet);
        InterestStatement within = LateInterestCalculator.Calculate(Request(5, conventions: conventions));
        Assert.Equal(Eur(0m), within.Interest);
        Assert.Equal(InterestNoteKind.WithinGracePeriod, Assert.Single(within.Notes).Kind);
    }

    [Fact]
    public void Calculate_GraceDeferred_GraceDaysNeverAccrue()
    {
        var conventions = AccrualConventions.StatutoryDefault with { GraceDays = 5, Grace = GraceRule.DeferAccrualStart };
        InterestStatement statement = LateInterestCalculator.Calculate(Request(6, conventions: conventions));
        Assert.Equal(1, statement.Segments[0].Days);
        Assert.Equal(Due.PlusDays(6), statement.FirstAccruingDay);
    }

    [Fact]
    public void Calculate_BelowMinimum_ChargesNothingButShowsAccrued()
    {
        var conventions = AccrualConventions.StatutoryDefault with { MinimumInterest = Eur(5m) };
        InterestStatement statement = LateInterestCalculator.Calculate(Request(10, conventions: conventions));
        // 1,000 × 10 % × 10 / 365 = 2.7397... = 2.74 < 5.00
        Assert.Equal(Eur(2.74m), statement.AccruedInterest);
        Assert.Equal(Eur(0m), statement.Interest);
        Assert.Contains(statement.Notes, n => n.Kind == InterestNoteKind.BelowMinimum && n.Amount == Eur(2.74m));
    }

    [Fact]
    public void Calculate_RoundingPoint_TotalVersusPerSegmentDiffer()
    {
        // Three segments each accruing 1,000 × 10 % × 1 / 365 = 0.27397...: rounded once 0.82191... = 0.82; per segment 3 × 0.27 = 0.81.
        var changes = new[] { new BalanceChange(Due.PlusDays(1), Eur(0m), "a"), new BalanceChange(Due.PlusDays(2), Eur(0m), "b") };
        InterestStatement total = LateInterestCalculator.Calculate(Request(3) with { BalanceChanges = changes });
        InterestStatement perSegment = LateInterestCalculator.Calculate(
            Request(3, conventions: AccrualConventions.StatutoryDefault with { RoundingPoint = InterestRoundingPoint.PerSegment }) with { BalanceChanges = changes });
        Assert.Equal(Eur(0.82m), total.Interest);
        Assert.Equal([Eur(0.28m), Eur(0.27m), Eur(0.27m)], [total.Segments[0].Amount, total.Segments[1].Amount, total.Segments[2].Amount]);
        Assert.Equal(Eur(0.81m), perSegment.Interest);
    }

    [Fact]
    public void Calculate_RoundingMode_AppliesAtTheMidpoint()
    {
        // 1,825 × 10 % × 1 / 365 = 0.5 exactly: AwayFromZero gives 1, ToEven gives 0 (JPY has no minor unit).
        var request = new LateInterestRequest(Due, Due.PlusDays(1), Money.Of(1825m, Currency.JPY), TenPercent);
        Assert.Equal(Money.Of(1m, Currency.JPY), LateInterestCalculator.Calculate(request).Interest);
        var toEven = request with { Conventions = AccrualConventions.StatutoryDefault with { RoundingMode = MidpointRounding.ToEven } };
        Assert.Equal(Money.Of(0m, Currency.JPY), LateInterestCalculator.Calculate(toEven).Interest);
    }

    [Fact]
    public void Calculate_AnnualCompoundingFromClaim_CapitalisesOnTheClaimDateAndYearly()
    {
        // Código Civil art. 1109: accrued interest bears interest from its judicial claim. EUR 10,000 at 10 %
        // (Act/365F) from 2023-01-01; claim on 2024-01-01 (365 days accrued: exactly 1,000.00 capitalised), then
        // 2024-01-01..2024-12-31 (366 days) on 11,000: 11,000 × 10 % × 366 / 365 = 1,103.0137 → total 2,103.01.
        var conventions = AccrualConventions.StatutoryDefault with { Compounding = CompoundingPeriod.Annually, CompoundingFrom = new LocalDate(2024, 1, 1) };
        var request = new LateInterestRequest(new LocalDate(2022, 12, 31), new LocalDate(2024, 12, 31), Eur(10_000m), TenPercent) { Conventions = conventions };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.Equal(2, statement.Segments.Count);
        Assert.Equal(Eur(11_000m), statement.Segments[1].Balance);
        Assert.Equal(Eur(2103.01m), statement.Interest);
        InterestNote capitalised = Assert.Single(statement.Notes, n => n.Kind == InterestNoteKind.Capitalised);
        Assert.Equal(Eur(1000m), capitalised.Amount);
    }

    [Fact]
    public void Calculate_MonthlyCompounding_CutsSegmentsAtEachMonth()
    {
        var conventions = AccrualConventions.StatutoryDefault with { Compounding = CompoundingPeriod.Monthly };
        var request = new LateInterestRequest(new LocalDate(2024, 1, 31), new LocalDate(2024, 4, 30), Eur(1000m), TenPercent) { Conventions = conventions };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        // Anchor 2024-02-01: capitalisation on 03-01 and 04-01.
        Assert.Equal([new LocalDate(2024, 2, 1), new LocalDate(2024, 3, 1), new LocalDate(2024, 4, 1)], [statement.Segments[0].Start, statement.Segments[1].Start, statement.Segments[2].Start]);
        Assert.True(statement.Segments[2].Balance > statement.Segments[1].Balance);
    }

    [Fact]
    public void Calculate_CurrencyMismatch_ThrowsNamingBothCurrencies()
    {
        var change = Request(10) with { BalanceChanges = [new BalanceChange(Due.PlusDays(1), Money.Of(-1m, Currency.USD), "Payment")] };
        var ex = Assert.Throws<ArgumentException>(() => LateInterestCalculator.Calculate(change));
        Assert.Contains("BalanceChanges[0].Amount is in USD (-1.00 USD) but the opening balance is in EUR", ex.Message);
        var fee = Request(10) with { Fees = [new FeeLine("F", "Fee", Money.Of(40m, Currency.GBP), "s.5A")] };
        Assert.Contains("Fees[0].Amount is in GBP", Assert.Throws<ArgumentException>(() => LateInterestCalculator.Calculate(fee)).Message);
        var minimum = Request(10, conventions: AccrualConventions.StatutoryDefault with { MinimumInterest = Money.Of(1m, Currency.USD) });
        Assert.Contains("Conventions.MinimumInterest is in USD", Assert.Throws<ArgumentException>(() => LateInterestCalculator.Calculate(minimum)).Message);
    }

    [Fact]
    public void Calculate_UncoveredDate_ThrowsNamingTheDayAndLastCoveredDate()
    {
        var schedule = RateSchedule.Create([new RatePeriod(new LocalDate(2024, 1, 1), new LocalDate(2024, 2, 10), 0.1m, "H1")]);
        var request = new LateInterestRequest(Due, Due.PlusDays(20), Eur(1000m), schedule);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LateInterestCalculator.Calculate(request));
        Assert.Contains("No rate period covers 2024-02-10: the schedule covers 2024-01-01 to 2024-02-09 (last covered date)", ex.Message);
    }

    [Fact]
    public void Calculate_NegativeRate_Throws()
    {
        var request = new LateInterestRequest(Due, Due.PlusDays(20), Eur(1000m), RateSchedule.Fixed(-0.005m, "negative ECB deposit rate"));
        var ex = Assert.Throws<ArgumentException>(() => LateInterestCalculator.Calculate(request));
        Assert.Contains("is negative (-0.5 %, negative ECB deposit rate)", ex.Message);
    }

    [Fact]
    public void Calculate_DecimalOverflow_ThrowsNamingTheSegment()
    {
        var request = new LateInterestRequest(Due, Due.PlusDays(365 * 3000), Eur(decimal.MaxValue / 2m), RateSchedule.Fixed(10m, "absurd"));
        var ex = Assert.Throws<OverflowException>(() => LateInterestCalculator.Calculate(request));
        Assert.Contains("from 2024-02-01", ex.Message);
    }

    [Fact]
    public void Calculate_DuplicateFeeCodeOrChangeBeforeDue_Throws()
    {
        var fee = new FeeLine("EU-40", "Recovery", Eur(40m), "Directive 2011/7/EU art. 6");
        Assert.Contains("a fee applies once per invoice", Assert.Throws<ArgumentException>(() => LateInterestCalculator.Calculate(Request(10) with { Fees = [fee, fee] })).Message);
        var early = Request(10) with { BalanceChanges = [new BalanceChange(Due.PlusDays(-1), Eur(-1m), "Prepayment")] };
        Assert.Contains("before the due date 2024-01-31", Assert.Throws<ArgumentException>(() => LateInterestCalculator.Calculate(early)).Message);
    }

    [Fact]
    public void Conventions_InvalidValues_ThrowNamingProperty()
    {
        Assert.Equal("GraceDays", Assert.Throws<ArgumentOutOfRangeException>(() => AccrualConventions.StatutoryDefault with { GraceDays = -1 }).ParamName);
        Assert.Equal("RoundingMode", Assert.Throws<ArgumentOutOfRangeException>(() => AccrualConventions.StatutoryDefault with { RoundingMode = (MidpointRounding)99 }).ParamName);
        Assert.Equal("MinimumInterest", Assert.Throws<ArgumentOutOfRangeException>(() => AccrualConventions.StatutoryDefault with { MinimumInterest = Eur(-1m) }).ParamName);
        Assert.Equal("DayCount", Assert.Throws<ArgumentNullException>(() => AccrualConventions.StatutoryDefault with { DayCount = null! }).ParamName);
        Assert.Same(DC.Actual365Fixed, AccrualConventions.StatutoryDefault.DayCount);
        Assert.Equal(MidpointRounding.AwayFromZero, AccrualConventions.StatutoryDefault.RoundingMode);
    }
}
