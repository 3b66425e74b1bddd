using System.Globalization;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Worked examples with published sources. The rate values are fixed schedules here; the rate tables live in Rates/.</summary>
public sealed class LateInterestExamplesTests
{
    private static Money Gbp(decimal amount) => Money.Of(amount, Currency.GBP);

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    [Fact]
    public void Calculate_GovUkExampleOneDay_IsTwentyThreePence()
    {
        // GOV.UK "Late commercial payments: charging interest and debt recovery": debt £1,000, base rate 0.5 %,
        // statutory interest 8 % + 0.5 % = 8.5 %; annual interest £85; daily interest £85 / 365 = £0.23.
        var due = new LocalDate(2024, 3, 1);
        var request = new LateInterestRequest(due, due.PlusDays(1), Gbp(1000m), RateSchedule.Fixed(0.085m, "BoE base 0.5 % + 8 % (LPCD Act 1998 s.6)"));
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.Equal(Gbp(0.23m), statement.Interest);
        Assert.Equal(1, Assert.Single(statement.Segments).Days);
    }

    [Fact]
    public void Calculate_GovUkExampleFiftyDays_RoundsOnceAtTheEnd()
    {
        // Same GOV.UK example, 50 days late: £1,000 × 8.5 % × 50 / 365 = £11.6438... = £11.64 when rounded once.
        // (Multiplying the rounded daily £0.23 by 50 would give £11.50; the Act charges simple interest on the
        // debt, s.1, and this library rounds once, at the end, by default.) Interest runs from the day after the
        // relevant day, s.4(2), up to and including the day of payment: 50 days.
        var due = new LocalDate(2024, 3, 1);
        var request = new LateInterestRequest(due, due.PlusDays(50), Gbp(1000m), RateSchedule.Fixed(0.085m, "BoE 0.5 % + 8 %"));
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.Equal(Gbp(11.64m), statement.Interest);
        Assert.Equal(new LocalDate(2024, 3, 2), statement.FirstAccruingDay);
        Assert.Equal(new LocalDate(2024, 4, 20), statement.LastAccruingDay);
        Assert.Equal(11.643835616438356164383561644m, Assert.Single(statement.Segments).ExactAmount);
    }

    [Fact]
    public void Calculate_SpainOverHalfYearChange_SplitsAtFirstOfJuly()
    {
        // Ley 3/2004 art. 7: ECB rate + 8 points, per half-year. Rates published by the Dirección General del Tesoro
        // in the BOE: 12.50 % for 1st half 2024 (ECB 4.50 % + 8) and 12.25 % for 2nd half 2024 (ECB 4.25 % + 8).
        // EUR 10,000 due 2024-05-31, paid 2024-08-30: 30 days (1–30 June) at 12.50 % = 102.7397...,
        // 61 days (1 July – 30 August) at 12.25 % = 204.7260...; total 307.4657... = EUR 307.47.
        // Plus the EUR 40 recovery compensation of art. 8.
        var schedule = RateSchedule.Create([
            new RatePeriod(new LocalDate(2024, 1, 1), new LocalDate(2024, 7, 1), 0.125m, "BOE: 1st half 2024, 12.50 %"),
            new RatePeriod(new LocalDate(2024, 7, 1), new LocalDate(2025, 1, 1), 0.1225m, "BOE: 2nd half 2024, 12.25 %"),
        ]);
        var request = new LateInterestRequest(new LocalDate(2024, 5, 31), new LocalDate(2024, 8, 30), Eur(10_000m), schedule)
        {
            Fees = [new FeeLine("EU-RECOVERY-40", "Indemnización por costes de cobro", Eur(40m), "Ley 3/2004 art. 8")],
        };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.Equal(2, statement.Segments.Count);
        Assert.Equal(30, statement.Segments[0].Days);
        Assert.Equal(61, statement.Segments[1].Days);
        Assert.Equal(Eur(102.74m), statement.Segments[0].Amount);
        Assert.Equal(Eur(204.73m), statement.Segments[1].Amount);
        Assert.Equal(Eur(307.47m), statement.Interest);
        Assert.Equal(Eur(347.47m), statement.Total);
    }

    [Fact]
    public void Calculate_BgbBusinessAndConsumer_UseNineAndFivePoints()
    {
        // BGB §288(2): base rate + 9 points between businesses; §288(1): + 5 points with a consumer. Deutsche
        // Bundesbank, Basiszinssatz: 3.62 % from 2024-01-01, 3.37 % from 2024-07-01.
        // EUR 5,000 due 2024-06-14, paid 2024-07-15: 16 days (15–30 June) and 15 days (1–15 July).
        // Business: 5,000 × 12.62 % × 16/365 + 5,000 × 12.37 % × 15/365 = 27.6603 + 25.4178 = 53.0781 → EUR 53.08.
        // Consumer: 5,000 × 8.62 % × 16/365 + 5,000 × 8.37 % × 15/365 = 36.0918 → EUR 36.09.
        var due = new LocalDate(2024, 6, 14);
        var paid = new LocalDate(2024, 7, 15);
        InterestStatement business = LateInterestCalculator.Calculate(new LateInterestRequest(due, paid, Eur(5000m), BaseRatePlus(0.09m)));
        InterestStatement consumer = LateInterestCalculator.Calculate(new LateInterestRequest(due, paid, Eur(5000m), BaseRatePlus(0.05m)));
        Assert.Equal(Eur(53.08m), business.Interest);
        Assert.Equal(Eur(36.09m), consumer.Interest);
        Assert.Equal([16, 15], [business.Segments[0].Days, business.Segments[1].Days]);
    }

    [Fact]
    public void Calculate_PartialPaymentOnPaymentDay_DayOfPaymentStillBearsOldBalance()
    {
        // Statutory default: interest runs up to and including the day of payment (UK Act s.4(2) with the
        // payment-day reading of GOV.UK "50 days late = 50 days"), so a payment on day 10 reduces the balance
        // from day 11. EUR 1,000 at 10 % (Act/365F): 10 days on 1,000 + 10 days on 400 = 2.7397 + 1.0959 = 3.84.
        var due = new LocalDate(2024, 1, 31);
        var request = new LateInterestRequest(due, due.PlusDays(20), Eur(1000m), RateSchedule.Fixed(0.10m, "contract"))
        {
            BalanceChanges = [new BalanceChange(due.PlusDays(10), Eur(-600m), "Partial payment")],
        };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.Equal(2, statement.Segments.Count);
        Assert.Equal(new LocalDate(2024, 2, 10), statement.Segments[0].LastDay);
        Assert.Equal(Eur(1000m), statement.Segments[0].Balance);
        Assert.Equal(Eur(400m), statement.Segments[1].Balance);
        Assert.Equal(Eur(3.84m), statement.Interest);
    }

    [Fact]
    public void Calculate_EffectiveAnnualRateCappedAtUsury_UsesDailyEffectiveRateAndNotesTheCap()
    {
        // Colombia (Código de Comercio art. 884; Ley 45 de 1990 art. 72): moratory interest at most the usury rate,
        // 1.5 × the certified interés bancario corriente, quoted effective annual. Illustrative values: agreed
        // 40 % EA, ceiling 30 % EA. COP 10,000,000 for 31 days: daily rate (1.30)^(1/365) − 1 =
        // 0.000719064607... (mpmath, 50 digits); 10,000,000 × 31 × that = 222,910.028... = COP 222,910.03.
        var schedule = RateSchedule.Create([new RatePeriod(new LocalDate(2024, 1, 1), new LocalDate(2024, 2, 1), 0.30m, "usury Jan 2024 (illustrative)", capped: true, uncappedRate: 0.40m),
            new RatePeriod(new LocalDate(2024, 2, 1), null, 0.30m, "usury Feb 2024 (illustrative)")]);
        var request = new LateInterestRequest(new LocalDate(2023, 12, 31), new LocalDate(2024, 1, 31), Money.Of(10_000_000m, Currency.COP), schedule)
        {
            Conventions = AccrualConventions.StatutoryDefault with { Quotation = RateQuotation.EffectiveAnnual },
        };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        InterestSegment segment = Assert.Single(statement.Segments);
        Assert.True(segment.Capped);
        Assert.Equal(0.40m, segment.UncappedRate);
        Assert.Equal(Money.Of(222_910.03m, Currency.COP), statement.Interest);
        Assert.Contains(statement.Notes, n => n.Kind == InterestNoteKind.CappedRate);
        Assert.Contains(statement.Notes, n => n.Kind == InterestNoteKind.EffectiveRates);
    }

    private static RateSchedule BaseRatePlus(decimal points) => RateSchedule.Create([
        new RatePeriod(new LocalDate(2024, 1, 1), new LocalDate(2024, 7, 1), 0.0362m + points, "Bundesbank Basiszinssatz 3.62 % + points"),
        new RatePeriod(new LocalDate(2024, 7, 1), new LocalDate(2025, 1, 1), 0.0337m + points, "Bundesbank Basiszinssatz 3.37 % + points"),
    ]);
}
