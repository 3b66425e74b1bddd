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
            "Vencimiento: 31/05/2024. Intereses calculados hasta: 30/08/2024.\n" +
            "Días que devengan intereses: del 01/06/2024 al 30/08/2024, ambos incluidos.\n\n" +
            "| Desde | Hasta | Días | Saldo | Tipo anual | Base | Intereses |\n" +
            "|:--|:--|--:|--:|--:|:--|--:|\n" +
            "| 01/06/2024 | 30/06/2024 | 30 | 10.000,00 € | 12,50 % | ACT/365F | 102,74 € |\n" +
            "| 01/07/2024 | 01/08/2024 | 32 | 10.000,00 € | 12,25 % | ACT/365F | 107,39 € |\n" +
            "| 02/08/2024 | 30/08/2024 | 29 | 6.000,00 € | 12,25 % | ACT/365F | 58,40 € |\n\n" +
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
            "Due date: 31 May 2024. Interest calculated until: 30 Aug 2024.\n" +
            "Days accruing interest: 1 Jun 2024 to 30 Aug 2024, both inclusive.\n\n" +
            "| From | To | Days | Balance | Annual rate | Day count | Interest |\n" +
            "|:--|:--|--:|--:|--:|:--|--:|\n" +
            "| 1 Jun 2024 | 30 Jun 2024 | 30 | €10,000.00 | 12.50% | ACT/365F | €102.74 |\n" +
            "| 1 Jul 2024 | 1 Aug 2024 | 32 | €10,000.00 | 12.25% | ACT/365F | €107.39 |\n" +
            "| 2 Aug 2024 | 30 Aug 2024 | 29 | €6,000.00 | 12.25% | ACT/365F | €58.40 |\n\n" +
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
        Assert.Contains("| 01/02/2024 | 05/02/2024 | 5 | 1.000,00 € | 10,00 %* | ACT/365F | 1,37 € |\n", es);
        Assert.EndsWith(
            "Notas:\n" +
            "- Del 01/02/2024 al 10/02/2024 el tipo de 12,00 % supera el máximo legal; se aplica el máximo de 10,00 %.\n" +
            "- Del 06/02/2024 al 10/02/2024 el saldo es negativo (-100,00 €, pago en exceso): no devenga intereses.\n",
            es);
        Assert.EndsWith(
            "Notes:\n" +
            "- From 1 Feb 2024 to 10 Feb 2024 the rate of 12.00% exceeds the legal ceiling; the ceiling of 10.00% applies.\n" +
            "- From 6 Feb 2024 to 10 Feb 2024 the balance is negative (-€100.00, an overpayment): no interest accrues.\n",
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

            // Issue 13.6: one date style per language in every document; no ISO date in a note.
            Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}", es);
            Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}", en);
            if (kind == InterestNoteKind.NegativeBalance)
            {
                Assert.Contains("Del 01/01/2024 al 02/01/2024", es, StringComparison.Ordinal);
                Assert.Contains("From 1 Jan 2024 to 2 Jan 2024", en, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>
    /// Issue 13.6 regression: the Spanish preset's statement used ISO dates (2025-07-31) while notices and the
    /// statement of account print 31/07/2025, and its fee line cited only Directive 2011/7/EU art. 6(1).
    /// Ley 3/2004 art. 7.2: 10.15 % for 2025-H2 (BOE-A-2025-13217). EUR 10,000 due 2025-06-30, calculated until
    /// 2025-07-31: 31 days (1-31 July, both included), Act/365: 10,000 × 0.1015 × 31 / 365 = 86.2055 → 86.21;
    /// plus the EUR 40 of Ley 3/2004 art. 8.1 = 126.21.
    /// </summary>
    [Fact]
    public void Render_SpainPreset_SpanishDatesAndLey3_2004FeeLine()
    {
        LateInterestPreset spain = StatutoryPresets.Spain();
        LocalDate due = new(2025, 6, 30), until = new(2025, 7, 31);
        Money balance = Eur(10_000m);
        var request = new LateInterestRequest(due, until, balance, spain.Resolve(due.PlusDays(1), until))
        {
            Conventions = spain.Conventions,
            Fees = [spain.Fee!.Decide("F-2025-06-001", balance, [], Language.Spanish).Line!],
        };
        InterestStatement statement = LateInterestCalculator.Calculate(request);
        const string expected =
            "## Liquidación de intereses de demora\n\n" +
            "Vencimiento: 30/06/2025. Intereses calculados hasta: 31/07/2025.\n" +
            "Días que devengan intereses: del 01/07/2025 al 31/07/2025, ambos incluidos.\n\n" +
            "| Desde | Hasta | Días | Saldo | Tipo anual | Base | Intereses |\n" +
            "|:--|:--|--:|--:|--:|:--|--:|\n" +
            "| 01/07/2025 | 31/07/2025 | 31 | 10.000,00 € | 10,15 % | ACT/365F | 86,21 € |\n\n" +
            "| Concepto | Importe |\n" +
            "|:--|--:|\n" +
            "| Intereses de demora | 86,21 € |\n" +
            "| Indemnización por costes de cobro (40 EUR) (Ley 3/2004 art. 8.1) | 40,00 € |\n" +
            "| **Total** | **126,21 €** |\n";
        Assert.Equal(expected, statement.Render(CultureInfo.GetCultureInfo("es-ES")));
        Assert.StartsWith(
            "## Late-payment interest statement\n\nDue date: 30 Jun 2025. Interest calculated until: 31 Jul 2025.\n",
            statement.Render(CultureInfo.GetCultureInfo("en-GB")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void SpainPreset_NotesCiteLey3_2004Article7RateAndArticle8Compensation()
    {
        LateInterestPreset spain = StatutoryPresets.Spain();
        Assert.Contains("art. 7.2", spain.BoundaryRule, StringComparison.Ordinal);
        Assert.Contains("EUR 40 per invoice is added without a request (art. 8.1)", spain.BoundaryRule, StringComparison.Ordinal);
        Assert.Equal("Ley 3/2004 art. 8.1", spain.Fee!.LegalSource);
        Assert.Equal(LateFee.EuRecoveryCode, spain.Fee.Code);
        Assert.Equal("Directive 2011/7/EU art. 6(1)", StatutoryPresets.EuDirective().Fee!.LegalSource);
    }
}
