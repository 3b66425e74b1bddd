using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>What a statement movement is (also its order among movements of the same day).</summary>
public enum StatementMovementKind
{
    /// <summary>A receivable item (invoice portion): a debit.</summary>
    Invoice = 0,

    /// <summary>A fee posted to an item: a debit.</summary>
    Fee = 1,

    /// <summary>Interest posted to an item: a debit.</summary>
    Interest = 2,

    /// <summary>A credit note: a credit.</summary>
    CreditNote = 3,

    /// <summary>A payment received (its whole amount, applied or not): a credit.</summary>
    Payment = 4,

    /// <summary>An early-payment discount granted with a payment: a credit.</summary>
    Discount = 5,

    /// <summary>A payment reversed (<see cref="PaymentReversed"/>: returned direct debit, bounced cheque, chargeback): its whole amount as a debit; the description is the reason.</summary>
    PaymentReversal = 6,

    /// <summary>An early-payment discount withdrawn because the payment that earned it was reversed: a debit; the description is the item.</summary>
    DiscountReversal = 7,
}

/// <summary>One dated line of a statement of account.</summary>
/// <param name="Date">The date.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Reference">The item id, payment reference, credit note reference or charge key.</param>
/// <param name="Description">The charge's description (fees, interest), or <see langword="null"/>.</param>
/// <param name="Through">For posted late interest, the last day it covers; otherwise <see langword="null"/>.</param>
/// <param name="Debit">What it adds to the balance (zero for credits).</param>
/// <param name="Credit">What it takes from the balance (zero for debits).</param>
/// <param name="Balance">The running balance after the line.</param>
public sealed record StatementMovement(LocalDate Date, StatementMovementKind Kind, string Reference, string? Description, LocalDate? Through, Money Debit, Money Credit, Money Balance);

/// <summary>An open item on a statement: what it owes and how late it is.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="InvoiceId">Its invoice.</param>
/// <param name="DueDate">The due date.</param>
/// <param name="DaysOverdue">Days past the due date on the statement date (0 when not yet due).</param>
/// <param name="Outstanding">Principal + posted interest + fees still owed.</param>
/// <param name="AccruedInterest">Late interest accrued and not posted (zero when no interest terms were given).</param>
/// <param name="Disputed">Whether the item is in dispute.</param>
public sealed record StatementOpenItem(string ItemId, string InvoiceId, LocalDate DueDate, int DaysOverdue, Money Outstanding, Money AccruedInterest, bool Disputed)
{
    /// <summary>
    /// The item's exclusion from dunning, or <see langword="null"/>: an excluded item is still owed and stays on the
    /// statement, marked "excluded from dunning" / "excluida de la reclamación" (docs/escalation.md, "Write-off and enforcement off").
    /// </summary>
    public DunningExclusion? DunningExclusion { get; init; }
}

/// <summary>
/// A statement of account ("estado de cuenta") for a period: opening balance, dated movements with a running
/// balance, closing balance, open items with due dates and days overdue, accrued interest, and the total due. A model
/// for the host to render, with a plain-text/Markdown rendering in Spanish and English (<see cref="Render"/>).
/// </summary>
/// <remarks>
/// Balances are what the customer owes net of unapplied credit: invoices, fees, interest and payment reversals add;
/// payments (their whole amount, reversed ones too, on their date), credit notes and discounts subtract; applying
/// unapplied credit moves nothing. So the closing balance
/// equals <c>Outstanding − UnappliedCredit</c> of the account. The statement is drawn from the current snapshot: open
/// items are as they stand now, so the statement date must not be before the account's last movement.
/// </remarks>
public sealed class StatementOfAccount
{
    private StatementOfAccount(
        CustomerAccount account, LocalDate from, LocalDate asOf, Money opening, ImmutableArray<StatementMovement> movements, Money closing,
        ImmutableArray<StatementOpenItem> openItems, Money accrued, bool hasInterest)
    {
        AccountId = account.Id;
        CustomerId = account.Customer.Id;
        CustomerName = account.Customer.DisplayName;
        Currency = account.Currency;
        From = from;
        AsOf = asOf;
        OpeningBalance = opening;
        Movements = movements;
        ClosingBalance = closing;
        OpenItems = openItems;
        AccruedInterest = accrued;
        IncludesAccruedInterest = hasInterest;
        UnappliedCredit = account.UnappliedCredit;
    }

    /// <summary>The account id.</summary>
    public string AccountId { get; }

    /// <summary>The customer id.</summary>
    public string CustomerId { get; }

    /// <summary>The customer's name.</summary>
    public string CustomerName { get; }

    /// <summary>The currency.</summary>
    public Currency Currency { get; }

    /// <summary>The first day of the period.</summary>
    public LocalDate From { get; }

    /// <summary>The statement date (last day of the period).</summary>
    public LocalDate AsOf { get; }

    /// <summary>The balance before <see cref="From"/>.</summary>
    public Money OpeningBalance { get; }

    /// <summary>The movements of the period, by date (same day: invoices, fees, interest, credit notes, payments, discounts, payment reversals, discount reversals).</summary>
    public ImmutableArray<StatementMovement> Movements { get; }

    /// <summary>The balance at the end of <see cref="AsOf"/> (net of unapplied credit).</summary>
    public Money ClosingBalance { get; }

    /// <summary>The items still owing something, oldest due first.</summary>
    public ImmutableArray<StatementOpenItem> OpenItems { get; }

    /// <summary>Late interest accrued and not posted, over all items (zero without interest terms).</summary>
    public Money AccruedInterest { get; }

    /// <summary>Whether accrued interest was computed (interest terms were given).</summary>
    public bool IncludesAccruedInterest { get; }

    /// <summary>Unapplied credit (already netted in the balances).</summary>
    public Money UnappliedCredit { get; }

    /// <summary>What the customer owes on <see cref="AsOf"/>: <see cref="ClosingBalance"/> + <see cref="AccruedInterest"/>.</summary>
    public Money TotalDue => ClosingBalance + AccruedInterest;

    /// <summary>Draws the statement of <paramref name="account"/> for <c>[from, asOf]</c>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="from">The first day of the period.</param>
    /// <param name="asOf">The statement date (not before <paramref name="from"/> nor before the account's last movement).</param>
    /// <param name="lateInterest">When set, accrued and unposted late interest is computed per item as of <paramref name="asOf"/>.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="asOf"/> is before <paramref name="from"/> or before a movement.</exception>
    public static StatementOfAccount Create(CustomerAccount account, LocalDate from, LocalDate asOf, LateInterestTerms? lateInterest = null)
    {
        Guard.NotNull(account);
        if (asOf < from)
        {
            throw new ArgumentOutOfRangeException(nameof(asOf), asOf, $"asOf ({Ledger.Iso(asOf)}) must not be before from ({Ledger.Iso(from)}).");
        }

        var currency = account.Currency;
        var zero = Money.Zero(currency);
        var raw = new List<(LocalDate Date, StatementMovementKind Kind, int Seq, string Reference, string? Description, LocalDate? Through, decimal Signed)>();
        int seq = 0;
        foreach (var item in account.Items)
        {
            raw.Add((item.IssueDate, StatementMovementKind.Invoice, seq++, item.Id, null, null, item.Amount.Amount));
        }

        foreach (var charge in account.Charges)
        {
            var kind = charge.Kind == ChargeKind.Fee ? StatementMovementKind.Fee : StatementMovementKind.Interest;
            raw.Add((charge.ChargedOn, kind, seq++, charge.Key, charge.Description, charge.Through, charge.Amount.Amount));
        }

        foreach (var credit in account.Credits)
        {
            raw.Add((credit.IssuedOn, StatementMovementKind.CreditNote, seq++, credit.Reference, credit.Description, null, -credit.Amount.Amount));
        }

        foreach (var payment in account.Payments)
        {
            raw.Add((payment.ReceivedOn, StatementMovementKind.Payment, seq++, payment.Reference, payment.Method, null, -payment.Amount.Amount));
            AddDiscounts(raw, payment.ReceivedOn, payment.Reference, payment.Allocations, ref seq);
        }

        // A reversed payment stays on the statement on its date, and its reversal takes it (and any discount it
        // earned) back on the reversal date, so the balances of earlier statements do not change.
        foreach (var reversal in account.Reversals)
        {
            var payment = reversal.Payment;
            raw.Add((payment.ReceivedOn, StatementMovementKind.Payment, seq++, payment.Reference, payment.Method, null, -payment.Amount.Amount));
            AddDiscounts(raw, payment.ReceivedOn, payment.Reference, payment.Allocations, ref seq);
            raw.Add((reversal.ReversedOn, StatementMovementKind.PaymentReversal, seq++, payment.Reference, reversal.Reason, null, payment.Amount.Amount));
            foreach (var a in payment.Allocations)
            {
                if (a.Discount.IsPositive)
                {
                    raw.Add((reversal.ReversedOn, StatementMovementKind.DiscountReversal, seq++, payment.Reference, a.ItemId, null, a.Discount.Amount));
                }
            }
        }

        foreach (var application in account.CreditApplications)
        {
            AddDiscounts(raw, application.AppliedOn, application.Reference, application.Allocations, ref seq);
        }

        raw.Sort((a, b) =>
        {
            int c = a.Date.CompareTo(b.Date);
            c = c != 0 ? c : a.Kind.CompareTo(b.Kind);
            return c != 0 ? c : a.Seq.CompareTo(b.Seq);
        });
        if (raw.Count > 0 && raw[^1].Date > asOf)
        {
            var last = raw[^1];
            throw new ArgumentOutOfRangeException(
                nameof(asOf), asOf,
                $"asOf ({Ledger.Iso(asOf)}) is before the account's last movement ({last.Kind} '{last.Reference}' on {Ledger.Iso(last.Date)}); the statement is drawn from the current snapshot.");
        }

        decimal balance = 0m;
        var movements = ImmutableArray.CreateBuilder<StatementMovement>();
        decimal opening = 0m;
        foreach (var m in raw)
        {
            balance += m.Signed;
            if (m.Date < from)
            {
                opening = balance;
                continue;
            }

            movements.Add(new StatementMovement(
                m.Date, m.Kind, m.Reference, m.Description, m.Through,
                m.Signed > 0m ? Money.Of(m.Signed, currency) : zero,
                m.Signed < 0m ? Money.Of(-m.Signed, currency) : zero,
                Money.Of(balance, currency)));
        }

        var accruals = lateInterest is null ? default : AccountInterest.ForItems(account, asOf, lateInterest);
        decimal accrued = 0m;
        var open = new List<StatementOpenItem>();
        for (int i = 0; i < account.Items.Length; i++)
        {
            var item = account.Items[i];
            var itemAccrued = accruals.IsDefault ? zero : accruals[i].Accrued;
            accrued += itemAccrued.Amount;
            if (!item.IsSettled || itemAccrued.IsPositive)
            {
                open.Add(new StatementOpenItem(item.Id, item.InvoiceId, item.DueDate, item.DaysOverdueOn(asOf), item.Outstanding, itemAccrued, item.IsDisputed)
                {
                    DunningExclusion = item.DunningExclusion,
                });
            }
        }

        open.Sort((a, b) =>
        {
            int c = a.DueDate.CompareTo(b.DueDate);
            return c != 0 ? c : string.CompareOrdinal(a.ItemId, b.ItemId);
        });
        return new StatementOfAccount(
            account, from, asOf, Money.Of(opening, currency), movements.ToImmutable(), Money.Of(balance, currency), [.. open],
            Money.Of(accrued, currency), lateInterest is not null);
    }

    /// <summary>Renders the statement as Markdown (a plain-text table) in Spanish or English.</summary>
    /// <param name="language">The language: amounts as <c>1.234,56 €</c> (es-ES) or <c>€1,234.56</c> (en-GB).</param>
    /// <returns>The text, lines separated by <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="language"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="language"/> is neither Spanish nor English (any region).</exception>
    public string Render(Language language)
    {
        bool es = Language.IsSpanishText(language);
        string M(Money m) => TextFormat.Money(m, language);
        string D(LocalDate d) => TextFormat.Date(d, language);
        var sb = new StringBuilder();
        sb.Append(es ? "# Estado de cuenta\n\n" : "# Statement of account\n\n");
        sb.Append(es ? "Cuenta: " : "Account: ").Append(AccountId).Append(es ? " · Cliente: " : " · Customer: ")
          .Append(CustomerName).Append(" (").Append(CustomerId).Append(")\n");
        sb.Append(es ? $"Periodo: del {D(From)} al {D(AsOf)}\n\n" : $"Period: {D(From)} to {D(AsOf)}\n\n");
        sb.Append(es ? "| Fecha | Concepto | Referencia | Cargo | Abono | Saldo |\n" : "| Date | Description | Reference | Debit | Credit | Balance |\n");
        sb.Append("| --- | --- | --- | ---: | ---: | ---: |\n");
        sb.Append("| ").Append(D(From)).Append(es ? " | Saldo inicial | | | | " : " | Opening balance | | | | ").Append(M(OpeningBalance)).Append(" |\n");
        foreach (var m in Movements)
        {
            sb.Append("| ").Append(D(m.Date)).Append(" | ").Append(Concept(m, es, D)).Append(" | ").Append(m.Reference).Append(" | ")
              .Append(m.Debit.IsZero ? string.Empty : M(m.Debit)).Append(m.Debit.IsZero ? "| " : " | ")
              .Append(m.Credit.IsZero ? string.Empty : M(m.Credit)).Append(m.Credit.IsZero ? "| " : " | ")
              .Append(M(m.Balance)).Append(" |\n");
        }

        sb.Append("| ").Append(D(AsOf)).Append(es ? " | Saldo final | | | | " : " | Closing balance | | | | ").Append(M(ClosingBalance)).Append(" |\n\n");
        sb.Append(es ? "## Partidas abiertas\n\n" : "## Open items\n\n");
        if (OpenItems.IsEmpty)
        {
            sb.Append(es ? "No hay partidas abiertas.\n" : "No open items.\n");
        }
        else
        {
            sb.Append(es ? "| Partida | Vencimiento | Días vencida | Pendiente | Intereses devengados |\n" : "| Item | Due date | Days overdue | Outstanding | Accrued interest |\n");
            sb.Append("| --- | --- | ---: | ---: | ---: |\n");
            foreach (var item in OpenItems)
            {
                sb.Append("| ").Append(item.ItemId).Append(item.Disputed ? (es ? " (en disputa)" : " (disputed)") : string.Empty)
                    .Append(item.DunningExclusion is not null ? (es ? " (excluida de la reclamación)" : " (excluded from dunning)") : string.Empty)
                  .Append(" | ").Append(D(item.DueDate)).Append(" | ").Append(item.DaysOverdue.ToString(CultureInfo.InvariantCulture))
                  .Append(" | ").Append(M(item.Outstanding)).Append(" | ").Append(M(item.AccruedInterest)).Append(" |\n");
            }
        }

        sb.Append('\n');
        if (UnappliedCredit.IsPositive)
        {
            sb.Append(es ? "Crédito no aplicado (ya descontado del saldo): " : "Unapplied credit (already deducted from the balance): ").Append(M(UnappliedCredit)).Append('\n');
        }

        if (IncludesAccruedInterest)
        {
            sb.Append(es ? "Intereses de demora devengados y no contabilizados: " : "Late interest accrued and not yet posted: ").Append(M(AccruedInterest)).Append('\n');
        }

        sb.Append(es ? $"Total adeudado a {D(AsOf)}: " : $"Total due on {D(AsOf)}: ").Append(M(TotalDue)).Append('\n');
        return sb.ToString();
    }

    private static string Concept(StatementMovement m, bool es, Func<LocalDate, string> date) => m.Kind switch
    {
        StatementMovementKind.Invoice => es ? "Factura" : "Invoice",
        StatementMovementKind.Fee => (es ? "Gastos: " : "Fee: ") + m.Description,
        StatementMovementKind.Interest => m.Through is { } through
            ? (es ? $"Intereses de demora hasta el {date(through)}" : $"Late interest through {date(through)}")
            : (es ? "Intereses: " : "Interest: ") + m.Description,
        StatementMovementKind.CreditNote => es ? "Nota de crédito" : "Credit note",
        StatementMovementKind.Payment => es ? "Pago" : "Payment",
        StatementMovementKind.PaymentReversal => (es ? "Pago devuelto: " : "Payment reversed: ") + m.Description,
        StatementMovementKind.DiscountReversal => es ? "Descuento por pronto pago anulado" : "Early-payment discount withdrawn",
        _ => es ? "Descuento por pronto pago" : "Early-payment discount",
    };

    private static void AddDiscounts(
        List<(LocalDate Date, StatementMovementKind Kind, int Seq, string Reference, string? Description, LocalDate? Through, decimal Signed)> raw,
        LocalDate date, string reference, ImmutableArray<PaymentAllocation> allocations, ref int seq)
    {
        foreach (var a in allocations)
        {
            if (a.Discount.IsPositive)
            {
                raw.Add((date, StatementMovementKind.Discount, seq++, reference, a.ItemId, null, -a.Discount.Amount));
            }
        }
    }
}
