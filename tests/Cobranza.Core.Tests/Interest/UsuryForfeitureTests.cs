using System;
using System.Globalization;
using System.Linq;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>Colombia: Código de Comercio art. 884 (as amended by Ley 510 de 1999 art. 111) and Ley 45 de 1990 art. 72.</summary>
public sealed class UsuryForfeitureTests
{
    private static readonly LocalDate Due = new(2025, 12, 31);
    private static readonly LocalDate Until = new(2026, 2, 28);

    private static InterestStatement Calculate(LateInterestPreset preset, params BalanceChange[] changes)
        => LateInterestCalculator.Calculate(Request(preset, changes));

    [Fact]
    public void Colombia_CapRule_IsTheExistingCappedPreset()
        => Assert.Equal(StatutoryPresets.Colombia(0.25m), StatutoryPresets.Colombia(0.25m, UsuryExcessRule.Cap));

    private static LateInterestRequest Request(LateInterestPreset preset, params BalanceChange[] changes)
        => new(Due, Until, Money.Of(10_000_000m, Currency.COP), preset.Resolve(Due.PlusDays(1), Until))
        {
            Conventions = preset.Conventions,
            BalanceChanges = changes,
        };

    [Fact]
    public void Colombia_ForfeitRule_SameRateAsTheCapAndForfeitingConventions()
    {
        LateInterestPreset cap = StatutoryPresets.Colombia(0.25m);
        LateInterestPreset forfeit = StatutoryPresets.Colombia(0.25m, UsuryExcessRule.Forfeit);
        Assert.Equal(cap.Rate, forfeit.Rate);
        Assert.Equal(cap.Conventions with { UsuryExcess = UsuryExcessRule.Forfeit }, forfeit.Conventions);
        Assert.Equal(UsuryExcessRule.Cap, cap.Conventions.UsuryExcess);
        Assert.Contains("Ley 45 de 1990 art. 72", forfeit.LegalSource, StringComparison.Ordinal);
        Assert.Contains("loses all the interest", forfeit.BoundaryRule, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_AgreedRateAboveUsuryInJanuary_ForfeitsAllInterest()
    {
        // Usury rate = 1.5 x IBC: January 2026 IBC 16.24 % -> 24.36 % EA, February 16.82 % -> 25.23 % EA (built-in
        // CO-IBC rows, verified; semana.com gives the same usury figures). An agreed 25 % EA exceeds it in January only.
        // Capped: January at 24.36 %, February at 25 %; with the period equivalent of the Colombian preset (issue 16,
        // docs/decisions/0010-colombia-effective-annual-period-equivalent.md) COP 10,000,000 x ((1.2436^(31/365) - 1) + (1.25^(28/365) - 1)) = 359,536.46499
        // -> COP 359,536.46 (computed independently with Python's decimal module to 50 digits; the daily equivalent gave 356,445.78).
        // Art. 884: "en cuanto sobrepase cualquiera de estos montos el acreedor perderá todos los intereses".
        InterestStatement capped = Calculate(StatutoryPresets.Colombia(0.25m));
        Assert.Equal(Money.Of(359_536.46m, Currency.COP), capped.Interest);

        InterestStatement statement = Calculate(StatutoryPresets.Colombia(0.25m, UsuryExcessRule.Forfeit));

        Assert.Equal(Money.Of(0m, Currency.COP), statement.Interest);
        Assert.Equal(Money.Of(359_536.46m, Currency.COP), statement.AccruedInterest);
        Assert.Equal(Money.Of(0m, Currency.COP), statement.Total);
        Assert.Equal(capped.Segments, statement.Segments);
        Assert.Equal(capped.Notes, statement.Notes.Take(capped.Notes.Count));
        Assert.Equal(capped.Notes.Count + 1, statement.Notes.Count);
        Assert.Contains(statement.Notes, n => n.Kind == InterestNoteKind.CappedRate);
        InterestNote note = statement.Notes[^1];
        Assert.Equal(InterestNoteKind.InterestForfeited, note.Kind);
        Assert.Equal((new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31), 31, 0.2436m, 0.25m),
            (note.From!.Value, note.To!.Value, note.Count!.Value, note.Rate!.Value, note.SecondRate!.Value));
        Assert.Equal(Money.Of(359_536.46m, Currency.COP), note.Amount);
    }

    [Fact]
    public void CalculateTotals_ForfeitRule_TheStatementsTotals()
    {
        // The totals-only entry point honours the rule too (it computes the statement for it).
        LateInterestRequest request = Request(StatutoryPresets.Colombia(0.25m, UsuryExcessRule.Forfeit));
        InterestTotals totals = LateInterestCalculator.CalculateTotals(request);
        Assert.Equal(LateInterestCalculator.Calculate(request).Totals, totals);
        Assert.Equal(Money.Of(0m, Currency.COP), totals.Interest);
        Assert.Equal(Money.Of(359_536.46m, Currency.COP), totals.AccruedInterest);
    }

    [Fact]
    public void Calculate_ForfeitedNote_ExactSpanishAndEnglishText()
    {
        InterestStatement statement = Calculate(StatutoryPresets.Colombia(0.25m, UsuryExcessRule.Forfeit));
        InterestNote note = statement.Notes[^1];
        Assert.Equal(
            "Intereses perdidos: el tipo pactado supera el máximo legal en 31 días entre el 01/01/2026 y el 31/01/2026 (el primero, 25,00 % frente a 24,36 %); "
            + "el acreedor pierde todos los intereses (Código de Comercio art. 884; Ley 45 de 1990 art. 72) y no se cobran los "
            + Money.Of(359_536.46m, Currency.COP).ToString(CultureInfo.GetCultureInfo("es-CO")) + " devengados.",
            note.ToString(CultureInfo.GetCultureInfo("es-CO")));
        Assert.Equal(
            "Interest forfeited: the agreed rate exceeds the legal ceiling on 31 days between 1 Jan 2026 and 31 Jan 2026 (on the first, 25.00% against 24.36%); "
            + "the creditor loses all the interest (Código de Comercio art. 884; Ley 45 de 1990 art. 72), so the "
            + Money.Of(359_536.46m, Currency.COP).ToString(CultureInfo.GetCultureInfo("en-GB")) + " accrued is not charged.",
            note.ToString(CultureInfo.GetCultureInfo("en-GB")));
        Assert.Contains(note.ToString(CultureInfo.GetCultureInfo("es-CO")), statement.Render(CultureInfo.GetCultureInfo("es-CO")), StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_AgreedRateWithinUsury_NothingForfeited()
    {
        // 24 % EA is below both January's 24.36 % and February's 25.23 %: nothing exceeds, nothing is forfeited.
        InterestStatement statement = Calculate(StatutoryPresets.Colombia(0.24m, UsuryExcessRule.Forfeit));
        InterestStatement capped = Calculate(StatutoryPresets.Colombia(0.24m));
        Assert.True(statement.Interest.IsPositive);
        Assert.Equal(capped.Interest, statement.Interest);
        Assert.Equal(capped.Notes, statement.Notes);
    }

    [Fact]
    public void Calculate_ExcessOnlyOnDaysWithoutBalance_NotForfeited()
    {
        // Paid in full on the due date (effective the next day): the January days where 25 % exceeds the usury rate
        // bear no interest, so no interest above the ceiling is charged.
        var payment = new BalanceChange(Due, Money.Of(-10_000_000m, Currency.COP), "Pago");
        InterestStatement statement = Calculate(StatutoryPresets.Colombia(0.25m, UsuryExcessRule.Forfeit), payment);
        Assert.True(statement.Interest.IsZero);
        Assert.DoesNotContain(statement.Notes, n => n.Kind == InterestNoteKind.InterestForfeited);
        Assert.Equal(Calculate(StatutoryPresets.Colombia(0.25m), payment).Notes, statement.Notes);
    }

    [Fact]
    public void AccrualConventions_UndefinedUsuryExcess_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => AccrualConventions.StatutoryDefault with { UsuryExcess = (UsuryExcessRule)(-1) });
        Assert.Equal("UsuryExcess", ex.ParamName);
        Assert.Contains("-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Colombia_UndefinedRule_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => StatutoryPresets.Colombia(0.25m, (UsuryExcessRule)7));
        Assert.Equal("rule", ex.ParamName);
        Assert.Contains("(was 7)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LateInterestTermsFromPreset_ForfeitRule_ThrowsRatherThanChargeTheCap()
    {
        var ex = Assert.Throws<ArgumentException>(() => LateInterestTerms.FromPreset(StatutoryPresets.Colombia(0.25m, UsuryExcessRule.Forfeit)));
        Assert.Equal("preset", ex.ParamName);
        Assert.Contains("UsuryExcess was Forfeit", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(LateInterestTerms.FromPreset(StatutoryPresets.Colombia(0.25m, UsuryExcessRule.Cap)));
    }

    [Fact]
    public void LateInterestTerms_ForfeitingConventions_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LateInterestTerms(LateInterestRate.Fixed(0.2m, "agreed"), AccrualConventions.StatutoryDefault with { UsuryExcess = UsuryExcessRule.Forfeit }));
        Assert.Equal("Conventions", ex.ParamName);
        Assert.Contains("UsuryExcess was Forfeit", ex.Message, StringComparison.Ordinal);
    }
}
