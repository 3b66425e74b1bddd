using System;
using System.Globalization;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

public sealed class InterestStatementRenderTests
{
    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    /// <summary>
    /// Ley 3/2004 rates for 2024 (BOE: 12.50 % 1st half, 12.25 % 2nd half). EUR 10,000 due 2024-05-31, EUR 4,000
    /// paid 2024-08-01 (that day still accrues on 10,000), calculated until 2024-08-30:
    /// 10,000 × 12.50 % × 30/365 = 102.7397; 10,000 × 12.25 % × 32/365 = 107.3973; 6,000 × 12.25 % × 29/365 = 58.3973;
    /// total 268.5343 = 268.53; plus EUR 40 (Ley 3/2004 art. 8).
    /// </summary>
    private static InterestStatement SpanishExample()
    {
        var schedule = RateSchedule.Create([
            new RatePeriod(new LocalDate(2024, 1, 1), new LocalDate(2024, 7, 1), 0.125m, "BOE: 1st half 2024, 12.50 %"),
            new RatePeriod(new LocalDate(2024, 7, 1), new LocalDate(2025, 1, 1), 0.1225m, "BOE: 2nd half 2024, 12.25 %"),
        ]);
        var request = new LateInterestRequest(new LocalDate(2024, 5, 31), new LocalDate(2024, 8, 30), Eur(10_000m), schedule)
        {
            BalanceChanges = [new BalanceChange(new LocalDate(2024, 8, 1), Eur(-4000m), "Pago parcial")],
            Fees = [new FeeLine("EU-RECOVERY-40", "Indemnización por costes de cobro", Eur(40m), "Ley 3/2004 art. 8")],
        };
        return LateInterestCalculator.Calculate(request);
    }

    [Fact]
    public void Render_Spanish_ExactText()
    {
        const string expected =
            "## Liquidación de intereses de demora\n\n" +
            "Vencimiento: 2024-05-31. Intereses calculados hasta: 2024-08-30.\n" +
            "Días que devengan intereses: del 2024-06-01 al 2024-08-30, ambos incluidos.\n\n" +
            "| Desde | Hasta | Días | Saldo | Tipo anual | Base | Intereses |\n" +
            "|:--|:--|--:|--:|--:|:--|--:|\n" +
            "| 2024-06-01 | 2024-06-30 | 30 | 10.000,00 € | 12,50 % | ACT/365F | 102,74 € |\n" +
            "| 2024-07-01 | 2024-08-01 | 32 | 10.000,00 € | 12,25 % | ACT/365F | 107,39 € |\n" +
            "| 2024-08-02 | 2024-08-30 | 29 | 6.000,00 € | 12,25 % | ACT/365F | 58,40 € |\n\n" +
            "| Concepto | Importe |\n" +
            "|:--|--:|\n" +
            "| Intereses de demora | 268,53 € |\n" +
            "| Indemnización por costes de cobro (Ley 3/2004 art. 8) | 40,00 € |\n" +
            "| **Total** | **308,53 €** |\n";
        Assert.Equal(expected, SpanishExample().Render(CultureInfo.GetCultureInfo("es-ES")));
    }

    [Fact]
    public void Render_English_ExactText()
    {
        const string expected =
            "## Late-payment interest statement\n\n" +
            "Due date: 2024-05-31. Interest calculated until: 2024-08-30.\n" +
            "Days accruing interest: 2024-06-01 to 2024-08-30, both inclusive.\n\n" +
            "| From | To | Days | Balance | Annual rate | Day count | Interest |\n" +
            "|:--|:--|--:|--:|--:|:--|--:|\n" +
            "| 2024-06-01 | 2024-06-30 | 30 | €10,000.00 | 12.50% | ACT/365F | €102.74 |\n" +
            "| 2024-07-01 | 2024-08-01 | 32 | €10,000.00 | 12.25% | ACT/365F | €107.39 |\n" +
            "| 2024-08-02 | 2024-08-30 | 29 | €6,000.00 | 12.25% | ACT/365F | €58.40 |\n\n" +
            "| Item | Amount |\n" +
            "|:--|--:|\n" +
            "| Late-payment interest | €268.53 |\n" +
            "| Indemnización por costes de cobro (Ley 3/2004 art. 8) | €40.00 |\n" +
            "| **Total** | **€308.53** |\n";
        Assert.Equal(expected, SpanishExample().Render(CultureInfo.GetCultureInfo("en-GB")));
    }

    [Fact]
    public void Render_NotesAndCap_ExactTextInBothLanguages()
    {
        // Illustrative ceiling: agreed 12 %, capped at 10 %; EUR 1,000 overpaid by 100 on day 5.
        var schedule = RateSchedule.Create([new RatePeriod(new LocalDate(2024, 1, 1), null, 0.10m, "ceiling", capped: true, uncappedRate: 0.12m)]);
        var request = new LateInterestRequest(new LocalDate(2024, 1, 31), new LocalDate(2024, 2, 10), Eur(1000m), schedule)
        {
            BalanceChanges = [new BalanceChange(new LocalDate(2024, 2, 5), Eur(-1100m), "Pago")],
        };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        string es = statement.Render(CultureInfo.GetCultureInfo("es-ES"));
        string en = statement.Render(CultureInfo.GetCultureInfo("en-GB"));
        Assert.Contains("| 2024-02-01 | 2024-02-05 | 5 | 1.000,00 € | 10,00 %* | ACT/365F | 1,37 € |\n", es);
        Assert.EndsWith(
            "Notas:\n" +
            "- Del 2024-02-01 al 2024-02-10 el tipo de 12,00 % supera el máximo legal; se aplica el máximo de 10,00 %.\n" +
            "- Del 2024-02-06 al 2024-02-10 el saldo es negativo (-100,00 €, pago en exceso): no devenga intereses.\n",
            es);
        Assert.EndsWith(
            "Notes:\n" +
            "- From 2024-02-01 to 2024-02-10 the rate of 12.00% exceeds the legal ceiling; the ceiling of 10.00% applies.\n" +
            "- From 2024-02-06 to 2024-02-10 the balance is negative (-€100.00, an overpayment): no interest accrues.\n",
            en);
    }

    [Fact]
    public void Render_UnsupportedLanguage_ThrowsNamingCulture()
    {
        var ex = Assert.Throws<ArgumentException>(() => SpanishExample().Render(CultureInfo.GetCultureInfo("de-DE")));
        Assert.Contains("(was 'de-DE')", ex.Message);
    }

    [Fact]
    public void NoteToString_EveryKind_HasSpanishAndEnglishText()
    {
        foreach (InterestNoteKind kind in Enum.GetValues<InterestNoteKind>())
        {
            var note = new InterestNote(kind) { From = new LocalDate(2024, 1, 1), To = new LocalDate(2024, 1, 2), Amount = Eur(1m), SecondAmount = Eur(2m), Rate = 0.1m, SecondRate = 0.2m, Count = 3 };
            string es = note.ToString(CultureInfo.GetCultureInfo("es-ES"));
            string en = note.ToString(CultureInfo.GetCultureInfo("en-GB"));
            Assert.NotEqual(es, en);
            Assert.EndsWith(".", es);
            Assert.EndsWith(".", en);
        }
    }
}
