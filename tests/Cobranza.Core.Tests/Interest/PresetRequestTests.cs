using System;
using System.Linq;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Issue 16 §2 (requests built from presets) and §6 (opt-in provisional rates, statement level).</summary>
public sealed class PresetRequestTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    [Fact]
    public void CreateRequest_Spain_EqualsTheHandBuiltRequest()
    {
        LateInterestPreset spain = StatutoryPresets.Spain();
        BalanceChange[] changes = [new BalanceChange(D(2025, 8, 31), Eur(-4_000m), "Pago parcial")];
        LateInterestRequest built = spain.CreateRequest(D(2025, 7, 31), D(2025, 9, 30), Eur(10_000m), changes);
        var byHand = new LateInterestRequest(D(2025, 7, 31), D(2025, 9, 30), Eur(10_000m), spain.Resolve(D(2025, 8, 1), D(2025, 9, 30)))
        {
            Conventions = spain.Conventions,
            BalanceChanges = changes,
        };
        Assert.Equal(LateInterestCalculator.Calculate(byHand).Totals, LateInterestCalculator.Calculate(built).Totals);
        Assert.Equal(byHand.Rates.Periods, built.Rates.Periods);
        // README: (10,000 x 31 + 6,000 x 30) x 10.15 % / 365 = 136.26 (BOE-A-2025-13217, 2025-H2 10.15 %).
        Assert.Equal(Eur(136.26m), LateInterestCalculator.CalculateTotals(built).Interest);
    }

    [Fact]
    public void CreateRequest_PaymentDayExcludedAndDeferredGrace_ResolvesExactlyTheAccruingDays()
    {
        // Regression for issue 16 §2: a hand-built request whose schedule starts on due + 1 fails with "No rate period
        // covers" when grace defers the start or the payment day is excluded; CreateRequest resolves exactly [first, last].
        AccrualConventions conventions = AccrualConventions.StatutoryDefault with { End = AccrualEnd.PaymentDateExcluded, GraceDays = 5, Grace = GraceRule.DeferAccrualStart };
        LateInterestPreset preset = StatutoryPresets.Spain().WithConventions(conventions);
        LateInterestRequest request = preset.CreateRequest(D(2025, 7, 31), D(2025, 9, 30), Eur(10_000m));
        Assert.Equal(D(2025, 8, 6), request.Rates.FirstDate);
        Assert.Equal(D(2025, 9, 29), request.Rates.LastDate);
        Assert.Same(conventions, request.Conventions);
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        // 6 Aug .. 29 Sep = 55 days at 10.15 % (BOE-A-2025-13217): 10,000 x 0.1015 x 55 / 365 = 152.945... -> 152.95.
        Assert.Equal(Eur(152.95m), statement.Interest);
    }

    [Fact]
    public void CreateRequest_NotLateYet_NeedsNoRateAndNotesNoAccruingDay()
    {
        // Due 2027-03-31, asked on 2027-03-31: no day accrues, so no (not yet published) rate is needed.
        LateInterestRequest request = StatutoryPresets.Spain().CreateRequest(D(2027, 3, 31), D(2027, 3, 31), Eur(100m));
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.Equal(Eur(0m), statement.Interest);
        Assert.Equal(InterestNoteKind.NoAccruingDays, statement.Notes[0].Kind);
    }

    [Fact]
    public void CreateRequest_RateNotLoaded_FailsByDefaultWithTheRowToAdd()
    {
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => StatutoryPresets.Spain().CreateRequest(D(2026, 6, 30), D(2026, 7, 31), Eur(1_000m)));
        Assert.Equal("2026-07-01,2026-12-31,<rate_percent>,<official reference>,verified", ex.RowToAdd);
    }

    [Fact]
    public void CreateRequest_ProvisionalMode_CarriesTheLastValueForwardAndMarksTheStatement()
    {
        // 2026-H1 is 10.15 % (BOE-A-2025-27201); 2026-H2 is not in the built-in table: carried forward, provisional.
        LateInterestRequest request = StatutoryPresets.Spain().CreateRequest(D(2026, 6, 15), D(2026, 7, 15), Eur(10_000m), missingRates: MissingRatePolicy.CarryForwardProvisional);
        Assert.Equal([false, true], request.Rates.Periods.Select(p => p.Provisional));
        Assert.Contains("PROVISIONAL", request.Rates.Periods[1].Source, StringComparison.Ordinal);
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        Assert.True(statement.IsProvisional);
        Assert.True(statement.Totals.IsProvisional);
        Assert.True(LateInterestCalculator.CalculateTotals(request).IsProvisional);
        // 30 days (16 Jun .. 15 Jul) x 10,000 x 10.15 % / 365 = 83.424... -> 83.42, 15 of them provisional.
        Assert.Equal(Eur(83.42m), statement.Interest);
        InterestNote note = Assert.Single(statement.Notes, n => n.Kind == InterestNoteKind.ProvisionalRate);
        Assert.Equal((D(2026, 7, 1), D(2026, 7, 15)), (note.From!.Value, note.To!.Value));
        Assert.Equal(
            "Cálculo provisional: del 01/07/2026 al 15/07/2026 el tipo de referencia oficial aún no está publicado o cargado; se aplica provisionalmente el último conocido (10,15 %). El importe se recalculará con el tipo oficial.",
            note.ToString(System.Globalization.CultureInfo.GetCultureInfo("es-ES")));
        Assert.Equal(
            "Provisional figure: from 1 Jul 2026 to 15 Jul 2026 the official reference rate is not published or loaded yet; the last known one applies provisionally (10.15%). The amount will be recalculated with the official rate.",
            note.ToString(System.Globalization.CultureInfo.GetCultureInfo("en-GB")));
    }

    [Fact]
    public void Resolve_ProvisionalMode_AllCoveredDays_IsNotProvisional()
    {
        RateSchedule schedule = StatutoryPresets.EuDirective().Rate.Resolve(D(2025, 1, 1), D(2025, 12, 31), null, MissingRatePolicy.CarryForwardProvisional);
        Assert.All(schedule.Periods, p => Assert.False(p.Provisional));
        Assert.False(LateInterestCalculator.Calculate(new LateInterestRequest(D(2024, 12, 31), D(2025, 12, 31), Eur(1_000m), schedule)).IsProvisional);
    }

    [Fact]
    public void Resolve_ProvisionalMode_BeforeTheTableStarts_StillThrows()
    {
        Assert.Throws<ReferenceRateUnavailableException>(() => StatutoryPresets.EuDirective().Rate.Resolve(D(1998, 1, 1), D(1998, 2, 1), null, MissingRatePolicy.CarryForwardProvisional));
    }
}
