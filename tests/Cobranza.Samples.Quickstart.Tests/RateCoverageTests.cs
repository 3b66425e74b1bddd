using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Interest;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Collections;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>How far the sample can simulate: the last day the reference-rate tables its late-charge terms read cover.</summary>
public sealed class RateCoverageTests
{
    [Fact]
    public void Of_TheSampleCountries_EndsWithColombiasCertifiedRate()
    {
        // Colombia: 1.5 × the interés bancario corriente certified monthly by the Superintendencia Financiera, bundled
        // up to the March 2026 certification (ReferenceRateTables.ColombiaBankingCurrentRate, covered until 2026-03-31);
        // Spain's BOE half-year table runs to 2026-06-30; Mexico's 6 % (Código de Comercio art. 362) reads no table.
        var coverage = RateCoverage.Of(CountryLateCharges.All, Simulation.DefaultStartDate);

        Assert.NotNull(coverage);
        Assert.Equal((ReferenceRateTables.ColombiaBankingCurrentRateId, new LocalDate(2026, 3, 31)), (coverage.Table.Id, coverage.LastDay));
        Assert.Equal(
            [ReferenceRateTables.ColombiaBankingCurrentRateId, ReferenceRateTables.SpainLatePaymentCommercialId],
            CountryLateCharges.All.SelectMany(t => RateCoverage.TableIdsOf(t.Interest!.Rate)).Distinct().Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void Of_AGapBeforeTheEnd_StopsBeforeTheGap()
    {
        // The Colombian table has no row for 2024-05 (ReferenceRateTables.ColombiaBankingCurrentRate's remarks): from
        // 2024-04-10 the continuous coverage ends on 2024-04-30, although the table goes on to 2026-03-31.
        var terms = LateChargeTerms.FromPreset(StatutoryPresets.Colombia());
        var coverage = RateCoverage.Of([terms], new LocalDate(2024, 4, 10));

        Assert.Equal(new LocalDate(2024, 4, 30), coverage!.LastDay);
        Assert.Null(RateCoverage.Of([LateChargeTerms.FromPreset(StatutoryPresets.Mexico())], Simulation.DefaultStartDate));
    }

    [Fact]
    public void Evaluate_AColombianAccountPastTheCoverage_TheErrorNamesTheTableAndTheDate()
    {
        // What a run past 2026-03-31 met for every Colombian account in the final stage: the engine states the late
        // interest, which needs the April 2026 certification. The error names the table, the date and the row to add.
        var customer = new CustomerProfile("CO-1", "Cliente Uno", Language.Spanish, DateTimeZoneProviders.Tzdb["America/Bogota"], "CO");
        var item = new AccountItem("CO-1-1", "F-2026-001", 0, new LocalDate(2026, 1, 2), new LocalDate(2026, 2, 2), Money.Of(1_000_000m, Currency.COP));
        var account = new CustomerAccount("CO-1", Currency.COP, customer, [item]);
        var engine = new EscalationEngine(Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance, new CountryLateCharges());

        var ex = Assert.Throws<ReferenceRateUnavailableException>(
            () => engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, Simulation.InstantOf(new LocalDate(2026, 4, 1))));

        Assert.Contains("Reference rate table 'CO-IBC-CONSUMO-ORDINARIO'", ex.Message, System.StringComparison.Ordinal);
        Assert.Contains("has no rate for 2026-04-01: its last covered date is 2026-03-31", ex.Message, System.StringComparison.Ordinal);
        Assert.Equal("2026-04-01,2026-04-30,<rate_percent>,<official reference>,verified", ex.RowToAdd);
        // The day before, within the coverage, the same account evaluates.
        Assert.NotEmpty(engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, Simulation.InstantOf(new LocalDate(2026, 3, 31))).Decisions);
    }
}
