using System;
using System.Globalization;
using Cobranza.Core.Reports;
using NodaTime;
using static Cobranza.Core.Tests.Reports.ReportsTestData;

namespace Cobranza.Core.Tests.Reports;

public sealed class AgingRenderTests
{
    [Fact]
    public void Render_SpanishDefault_ExactText()
    {
        const string expected =
            "## Antigüedad de saldos al 31/03/2026\n\n" +
            "Días vencidos contados desde la fecha de vencimiento: el día del vencimiento es el día 0 (corriente).\n" +
            "\n### EUR\n\n" +
            "| Tramo (días) | Partidas | Importe |\n" +
            "|:--|--:|--:|\n" +
            "| Corriente | 2 | 350,50 € |\n" +
            "| 1–30 | 1 | 200,00 € |\n" +
            "| 31–60 | 1 | 312,34 € |\n" +
            "| 61–90 | 0 | 0,00 € |\n" +
            "| 91–120 | 1 | 50,00 € |\n" +
            "| más de 120 | 1 | 600,00 € |\n" +
            "| En disputa | 1 | 80,00 € |\n" +
            "| **Total** | **7** | **1.592,84 €** |\n" +
            "\nCobros no aplicados: 25,00 €. Saldo neto: 1.567,84 €.\n";
        Assert.Equal(expected, AgingReport.ForAccount(Example(), AsOf).Render(CultureInfo.GetCultureInfo("es-ES")));
    }

    [Fact]
    public void Render_EnglishDefault_ExactText()
    {
        const string expected =
            "## Aging as of 31 Mar 2026\n\n" +
            "Days past due counted from the due date: the due date is day 0 (current).\n" +
            "\n### EUR\n\n" +
            "| Bucket (days) | Items | Amount |\n" +
            "|:--|--:|--:|\n" +
            "| Current | 2 | €350.50 |\n" +
            "| 1–30 | 1 | €200.00 |\n" +
            "| 31–60 | 1 | €312.34 |\n" +
            "| 61–90 | 0 | €0.00 |\n" +
            "| 91–120 | 1 | €50.00 |\n" +
            "| over 120 | 1 | €600.00 |\n" +
            "| Disputed | 1 | €80.00 |\n" +
            "| **Total** | **7** | **€1,592.84** |\n" +
            "\nUnapplied credit: €25.00. Net balance: €1,567.84.\n";
        Assert.Equal(expected, AgingReport.ForAccount(Example(), AsOf).Render(CultureInfo.GetCultureInfo("en-GB")));
    }

    [Fact]
    public void Render_SpanishExcludedByInvoiceDateTwoCurrencies_ExactText()
    {
        var eur = Account("E1", Currency.EUR, Item("A", new LocalDate(2026, 3, 20), 100m, issued: new LocalDate(2026, 3, 1)),
            Item("B", new LocalDate(2026, 3, 20), 40m, issued: new LocalDate(2026, 1, 1), disputed: true));
        var cop = Account("C1", Currency.COP, Item("C", new LocalDate(2026, 3, 31), 1_250_000m, Currency.COP, issued: new LocalDate(2025, 12, 1)));
        var options = new AgingOptions { Basis = AgingBasis.InvoiceDate, Disputed = DisputedItems.Exclude, Buckets = AgingBuckets.FromUpperBounds(30, 90) };
        const string expected =
            "## Antigüedad de saldos al 31/03/2026\n\n" +
            "Días contados desde la fecha de factura: la fecha de factura es el día 0.\n" +
            "Las partidas en disputa no se incluyen.\n" +
            "\n### COP\n\n" +
            "| Tramo (días) | Partidas | Importe |\n" +
            "|:--|--:|--:|\n" +
            "| hasta 30 | 0 | 0,00 COP |\n" +
            "| 31–90 | 0 | 0,00 COP |\n" +
            "| más de 90 | 1 | 1.250.000,00 COP |\n" +
            "| **Total** | **1** | **1.250.000,00 COP** |\n" +
            "\n### EUR\n\n" +
            "| Tramo (días) | Partidas | Importe |\n" +
            "|:--|--:|--:|\n" +
            "| hasta 30 | 1 | 100,00 € |\n" +
            "| 31–90 | 0 | 0,00 € |\n" +
            "| más de 90 | 0 | 0,00 € |\n" +
            "| **Total** | **1** | **100,00 €** |\n" +
            "\nPartidas en disputa no incluidas: 1 (40,00 €).\n";
        Assert.Equal(expected, AgingReport.ForPortfolio([eur, cop], AsOf, options).Render(CultureInfo.GetCultureInfo("es-ES")));
    }

    [Fact]
    public void Render_EnglishNothingOpen_ExactText()
    {
        const string expected =
            "## Aging as of 31 Mar 2026\n\n" +
            "Days past due counted from the due date: the due date is day 0 (current).\n" +
            "\nNo open items.\n";
        Assert.Equal(expected, AgingReport.ForPortfolio([], AsOf).Render(CultureInfo.GetCultureInfo("en-US")));
    }

    [Fact]
    public void Render_OtherLanguage_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => AgingReport.ForPortfolio([], AsOf).Render(CultureInfo.GetCultureInfo("fr-FR")));
        Assert.StartsWith("culture must be a Spanish (es-*) or English (en-*) culture for an aging report (was 'fr-FR').", ex.Message);
    }
}
