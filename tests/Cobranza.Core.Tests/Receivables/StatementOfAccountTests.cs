using System;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using Cobranza.Core.Terms;
using static Cobranza.Core.Tests.Receivables.LedgerFixture;

namespace Cobranza.Core.Tests.Receivables;

public sealed class StatementOfAccountTests
{
    private static readonly LateInterestTerms Terms = new(LateInterestRate.Fixed(0.085m, "contract 8.5 %"), AccrualConventions.StatutoryDefault);

    internal static CustomerAccount Sample() => Empty()
        .Apply(Item("F-1/0", D(2026, 1, 1), D(2026, 1, 31), 1210m))
        .Apply(Item("F-2/0", D(2026, 2, 1), D(2026, 3, 3), 500m))
        .Apply(Pay("TR-1", D(2026, 2, 15), 800m) with { Method = "transfer" })
        .Apply(new FeeCharged("EU-RECOVERY-40/F-1", D(2026, 2, 16), "F-1/0", Eur(40m), "Indemnización por costes de cobro"))
        .Apply(new CreditNoteIssued("NC-1", D(2026, 3, 1), "F-2/0", Eur(50m), "Devolución"));

    [Fact]
    public void Create_Sample_BalancesAndOpenItems()
    {
        var s = StatementOfAccount.Create(Sample(), D(2026, 2, 1), D(2026, 3, 31), Terms);
        Assert.Equal(Eur(1210m), s.OpeningBalance);
        Assert.Equal(4, s.Movements.Length);
        Assert.Equal(Eur(900m), s.ClosingBalance); // 1 210 + 500 − 800 + 40 − 50
        Assert.Equal(2, s.OpenItems.Length);
        Assert.Equal(59, s.OpenItems[0].DaysOverdue); // 31 Jan → 31 Mar
        // F-1/0: 1 210 for 15 days (1–15 Feb) + 410 for 44 days: 1 210 × 0.085 × 15/365 + 410 × 0.085 × 44/365
        // = 4.2267 + 4.2011 = 8.4278 → 8.43. F-2/0: 450 × 0.085 × 28/365 = 2.9342 → 2.93 (credit note before due date).
        Assert.Equal(Eur(8.43m), s.OpenItems[0].AccruedInterest);
        Assert.Equal(Eur(2.93m), s.OpenItems[1].AccruedInterest);
        Assert.Equal(Eur(911.36m), s.TotalDue);
    }

    [Fact]
    public void Render_Spanish_ExactText()
    {
        var text = StatementOfAccount.Create(Sample(), D(2026, 2, 1), D(2026, 3, 31), Terms).Render(Language.Spanish);
        Assert.Equal(
            "# Estado de cuenta\n\n" +
            "Cuenta: ACC-1 · Cliente: Talleres Martín S.L. (C-001)\n" +
            "Periodo: del 01/02/2026 al 31/03/2026\n\n" +
            "| Fecha | Concepto | Referencia | Cargo | Abono | Saldo |\n" +
            "| --- | --- | --- | ---: | ---: | ---: |\n" +
            "| 01/02/2026 | Saldo inicial | | | | 1.210,00 € |\n" +
            "| 01/02/2026 | Factura | F-2/0 | 500,00 € | | 1.710,00 € |\n" +
            "| 15/02/2026 | Pago | TR-1 | | 800,00 € | 910,00 € |\n" +
            "| 16/02/2026 | Gastos: Indemnización por costes de cobro | EU-RECOVERY-40/F-1 | 40,00 € | | 950,00 € |\n" +
            "| 01/03/2026 | Nota de crédito | NC-1 | | 50,00 € | 900,00 € |\n" +
            "| 31/03/2026 | Saldo final | | | | 900,00 € |\n\n" +
            "## Partidas abiertas\n\n" +
            "| Partida | Vencimiento | Días vencida | Pendiente | Intereses devengados |\n" +
            "| --- | --- | ---: | ---: | ---: |\n" +
            "| F-1/0 | 31/01/2026 | 59 | 450,00 € | 8,43 € |\n" +
            "| F-2/0 | 03/03/2026 | 28 | 450,00 € | 2,93 € |\n\n" +
            "Intereses de demora devengados y no contabilizados: 11,36 €\n" +
            "Total adeudado a 31/03/2026: 911,36 €\n",
            text);
    }

    [Fact]
    public void Render_English_ExactText()
    {
        var text = StatementOfAccount.Create(Sample(), D(2026, 2, 1), D(2026, 3, 31), Terms).Render(Language.English);
        Assert.Equal(
            "# Statement of account\n\n" +
            "Account: ACC-1 · Customer: Talleres Martín S.L. (C-001)\n" +
            "Period: 1 Feb 2026 to 31 Mar 2026\n\n" +
            "| Date | Description | Reference | Debit | Credit | Balance |\n" +
            "| --- | --- | --- | ---: | ---: | ---: |\n" +
            "| 1 Feb 2026 | Opening balance | | | | €1,210.00 |\n" +
            "| 1 Feb 2026 | Invoice | F-2/0 | €500.00 | | €1,710.00 |\n" +
            "| 15 Feb 2026 | Payment | TR-1 | | €800.00 | €910.00 |\n" +
            "| 16 Feb 2026 | Fee: Indemnización por costes de cobro | EU-RECOVERY-40/F-1 | €40.00 | | €950.00 |\n" +
            "| 1 Mar 2026 | Credit note | NC-1 | | €50.00 | €900.00 |\n" +
            "| 31 Mar 2026 | Closing balance | | | | €900.00 |\n\n" +
            "## Open items\n\n" +
            "| Item | Due date | Days overdue | Outstanding | Accrued interest |\n" +
            "| --- | --- | ---: | ---: | ---: |\n" +
            "| F-1/0 | 31 Jan 2026 | 59 | €450.00 | €8.43 |\n" +
            "| F-2/0 | 3 Mar 2026 | 28 | €450.00 | €2.93 |\n\n" +
            "Late interest accrued and not yet posted: €11.36\n" +
            "Total due on 31 Mar 2026: €911.36\n",
            text);
    }

    [Fact]
    public void Render_SettledWithCreditAndPostedInterest_Spanish()
    {
        var account = Empty()
            .Apply(Item("F-1/0", D(2026, 1, 1), D(2026, 1, 31), 100m))
            .Apply(new InterestPosted("F-1/0", D(2026, 2, 10), D(2026, 2, 10), Eur(0.50m)))
            .Apply(Pay("TR-1", D(2026, 2, 10), 120m));
        var text = StatementOfAccount.Create(account, D(2026, 1, 1), D(2026, 2, 28)).Render(Language.Spanish);
        Assert.Equal(
            "# Estado de cuenta\n\n" +
            "Cuenta: ACC-1 · Cliente: Talleres Martín S.L. (C-001)\n" +
            "Periodo: del 01/01/2026 al 28/02/2026\n\n" +
            "| Fecha | Concepto | Referencia | Cargo | Abono | Saldo |\n" +
            "| --- | --- | --- | ---: | ---: | ---: |\n" +
            "| 01/01/2026 | Saldo inicial | | | | 0,00 € |\n" +
            "| 01/01/2026 | Factura | F-1/0 | 100,00 € | | 100,00 € |\n" +
            "| 10/02/2026 | Intereses de demora hasta el 10/02/2026 | interest/F-1/0/2026-02-10 | 0,50 € | | 100,50 € |\n" +
            "| 10/02/2026 | Pago | TR-1 | | 120,00 € | -19,50 € |\n" +
            "| 28/02/2026 | Saldo final | | | | -19,50 € |\n\n" +
            "## Partidas abiertas\n\n" +
            "No hay partidas abiertas.\n\n" +
            "Crédito no aplicado (ya descontado del saldo): 19,50 €\n" +
            "Total adeudado a 28/02/2026: -19,50 €\n",
            text);
    }

    [Fact]
    public void Create_AsOfBeforeLastMovement_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => StatementOfAccount.Create(Sample(), D(2026, 1, 1), D(2026, 2, 20)));
        Assert.StartsWith("asOf (2026-02-20) is before the account's last movement (CreditNote 'NC-1' on 2026-03-01); the statement is drawn from the current snapshot.", ex.Message);
    }
}
