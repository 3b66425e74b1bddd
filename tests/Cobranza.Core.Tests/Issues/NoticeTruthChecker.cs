using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// An independent check of a rendered notice (issue 13): from the ledger at the notice's local date it recomputes
/// which items are listed, their status and days, each principal, the interest (through the calculator's statement
/// path, not the engine's totals path), the fees and the total, and compares them with the figures it reads back from
/// the rendered e-mail text. It shares no code with the renderer or the engine's amounts.
/// </summary>
internal static class NoticeTruthChecker
{
    private static readonly Regex Row = new("<tr><td>(?<inv>[^<]*)</td><td>(?<due>[^<]*)</td><td>(?<status>[^<]*)</td><td>(?<amount>[^<]*)</td></tr>", RegexOptions.CultureInvariant);
    private static readonly Regex Line = new("^- (?:Factura|Invoice) (?<inv>.+?), (?:vencimiento|due) (?<due>[^,]+), (?<status>[^:]+): (?<amount>.+)$", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private static readonly string[] StageNotices = ["pre-due", "due-today", "firm", "final", "suspend", "agency", "legal"];
    private static readonly string[] FeeStages = ["final", "suspend", "agency", "legal"];

    /// <summary>The differences found (empty when the notice tells the truth).</summary>
    public static List<string> Check(EscalationDecision decision, CustomerAccount account, string body, EscalationPolicy policy, LateInterestPreset? preset)
    {
        var errors = new List<string>();
        bool es = decision.Language == Language.Spanish;
        var asOf = decision.DecidedAt.InZone(account.Customer.TimeZone).Date;
        string what = $"{decision.IdempotencyKey} on {asOf:uuuu-MM-dd}";

        // 1. Which items: the listing rule, recomputed.
        // The service-restored notice lists no items (its template has no item table): since issue 20 it can go out while
        // items not yet due are open.
        var listed = decision.StageId == EscalationEngine.ServiceRestoredStageId
            ? []
            : decision.ItemIds.IsEmpty
            ? account.Items.Where(i => !i.IsSettled).ToList()
            : account.Items.Where(i => decision.ItemIds.Contains(i.Id)).ToList();
        if (StageNotices.Contains(decision.StageId) && account.Plans.IsEmpty)
        {
            var eligible = account.Items.Where(i => !i.IsSettled && i.Dispute is null && !Paused(account, i, asOf, policy)).ToList();
            var overdue = eligible.Where(i => i.DueDate < asOf).ToList();
            var expected = overdue.Count > 0 ? overdue : eligible.Where(i => i.DueDate == eligible.Min(e => e.DueDate)).ToList();
            if (!expected.Select(i => i.Id).OrderBy(x => x, StringComparer.Ordinal).SequenceEqual(listed.Select(i => i.Id).OrderBy(x => x, StringComparer.Ordinal)))
            {
                errors.Add($"{what}: lists [{string.Join(", ", listed.Select(i => i.Id))}], the ledger says [{string.Join(", ", expected.Select(i => i.Id))}]");
            }
        }

        // 2. Each line: invoice, due date, status and days, principal.
        var matches = Row.Matches(body).Count > 0 ? Row.Matches(body) : Line.Matches(body.Replace("\r", string.Empty, StringComparison.Ordinal));
        var rows = matches.Select(m => (Invoice: WebUtility.HtmlDecode(m.Groups["inv"].Value), Due: m.Groups["due"].Value, Status: WebUtility.HtmlDecode(m.Groups["status"].Value), Amount: Parse(WebUtility.HtmlDecode(m.Groups["amount"].Value), es))).ToList();
        var ordered = listed.OrderBy(i => i.DueDate).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        if (rows.Count != ordered.Count)
        {
            errors.Add($"{what}: {rows.Count} lines for {ordered.Count} items");
            return errors;
        }

        decimal principal = 0m;
        for (int n = 0; n < rows.Count; n++)
        {
            var item = ordered[n];
            decimal owed = item.Amount.Amount - item.PrincipalPaid.Amount - item.Credited.Amount - item.DiscountTaken.Amount;
            principal += owed;
            int days = Period.DaysBetween(item.DueDate, asOf);
            string status = days switch
            {
                0 => es ? "vence hoy" : "due today",
                1 => es ? "1 día de retraso" : "1 day overdue",
                -1 => es ? "vence en 1 día" : "due in 1 day",
                > 1 => es ? $"{days} días de retraso" : $"{days} days overdue",
                _ => es ? $"vence en {-days} días" : $"due in {-days} days",
            };
            string due = es ? item.DueDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : item.DueDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
            var row = rows[n];
            if (row.Invoice != item.InvoiceId || row.Due != due || row.Status != status || row.Amount != owed)
            {
                errors.Add($"{what}: line {n + 1} reads '{row.Invoice} {row.Due} {row.Status} {row.Amount}', the ledger says '{item.InvoiceId} {due} {status} {owed}'");
            }
        }

        if (decision.TemplateKey is TemplateKeys.PaymentThankYou or TemplateKeys.PaymentPartialAck or TemplateKeys.NoticeServiceRestored)
        {
            CheckSettlement(decision, account, body, es, asOf, what, errors);
            return errors;
        }

        if (!StageNotices.Contains(decision.StageId))
        {
            return errors; // other event notices: their lines are checked
        }

        // 3. Interest and fees owed on the date, recomputed.
        decimal interest = 0m, fees = 0m;
        foreach (var item in listed.Where(i => !i.IsSettled))
        {
            interest += item.InterestCharged.Amount - item.InterestPaid.Amount;
            fees += item.FeesCharged.Amount - item.FeesPaid.Amount;
            if (preset is not null && item.DueDate < asOf)
            {
                decimal total = Accrued(account, item, asOf, preset);
                decimal already = item.InterestPostedThrough is { } through ? Accrued(account, item, through, preset) : 0m;
                interest += Math.Max(0m, total - already);
            }
        }

        if (preset?.Fee is { } fee && FeeStages.Contains(decision.StageId))
        {
            foreach (var invoice in listed.Where(i => !i.IsSettled && i.DueDate < asOf).Select(i => i.InvoiceId).Distinct())
            {
                if (!account.Charges.Any(c => c.Kind == ChargeKind.Fee && c.Key == invoice + "/" + fee.Code))
                {
                    fees += 40m; // Ley 3/2004 art. 8: EUR 40 per invoice
                }
            }
        }

        decimal expectedTotal = principal + interest + fees;

        // 4. What the text says.
        var said = Stated(decision.TemplateKey!, body, es);
        void Compare(string name, decimal? stated, decimal truth)
        {
            if (stated is { } s && s != truth)
            {
                errors.Add($"{what}: states {name} {s}, the ledger says {truth}");
            }
        }

        Compare("total", said.Total, expectedTotal);
        Compare("principal", said.Principal, principal);
        Compare("interest", said.Interest, interest);
        Compare("fees", said.Fees, fees);
        if (said.Total is null)
        {
            errors.Add($"{what}: no total found in the text of '{decision.TemplateKey}'");
        }

        return errors;
    }

    /// <summary>
    /// A payment-event notice (issue 13): from the ledger, the settlement date (thank-you: the day the last item was
    /// settled; partial acknowledgement: the latest payment day; service restored: the latest day a payment, credit note or
    /// applied credit reduced the scope), what was paid and credited that day, and what the account still owes; the text
    /// must state the payment only when one was received, with its amount, the credit with its amount, and (partial
    /// acknowledgement) the remaining balance.
    /// </summary>
    private static void CheckSettlement(EscalationDecision decision, CustomerAccount account, string body, bool es, LocalDate asOf, string what, List<string> errors)
    {
        string? item = decision.TemplateKey == TemplateKeys.NoticeServiceRestored && !decision.ItemIds.IsEmpty ? decision.ItemIds[0] : null;
        bool Touches(IEnumerable<PaymentAllocation> allocations) => item is null || allocations.Any(a => a.ItemId == item && a.Total.Amount > 0m);
        LocalDate? on = decision.TemplateKey switch
        {
            TemplateKeys.PaymentThankYou => account.Items.Max(i => i.SettledOn),
            TemplateKeys.PaymentPartialAck => account.Payments.Where(p => p.ReceivedOn <= asOf).Max(p => (LocalDate?)p.ReceivedOn),
            _ => account.Payments.Where(p => Touches(p.Allocations)).Select(p => p.ReceivedOn)
                .Concat(account.Credits.Where(c => item is null || c.ItemId == item).Select(c => c.IssuedOn))
                .Concat(account.CreditApplications.Where(c => Touches(c.Allocations)).Select(c => c.AppliedOn))
                .Where(d => d <= asOf).Max(d => (LocalDate?)d),
        };
        decimal paid = account.Payments.Where(p => p.ReceivedOn == on && Touches(p.Allocations)).Sum(p => p.Amount.Amount);
        decimal credited = account.Credits.Where(c => c.IssuedOn == on && (item is null || c.ItemId == item)).Sum(c => c.Amount.Amount)
            + account.CreditApplications.Where(c => c.AppliedOn == on).SelectMany(c => c.Allocations).Where(a => item is null || a.ItemId == item).Sum(a => a.Total.Amount);
        decimal remaining = account.Items.Where(i => !i.IsSettled).Sum(i => i.Amount.Amount - i.PrincipalPaid.Amount - i.Credited.Amount - i.DiscountTaken.Amount
            + i.InterestCharged.Amount - i.InterestPaid.Amount + i.FeesCharged.Amount - i.FeesPaid.Amount);

        string text = WebUtility.HtmlDecode(Regex.Replace(body, "<[^>]+>", " "));
        const string X = "(?<x>(?:(?:COP|MXN|EUR) )?[^ :;]+(?: (?:€|EUR|COP|MXN))?)";
        var paidSaid = Regex.Matches(text, es ? $"(?i:recibido su pago de) {X}" : $"(?i:received your payment of) {X}").Select(m => Parse(m.Groups["x"].Value, es)).Distinct().ToList();
        var creditSaid = Regex.Matches(text, es ? $"(?:abonado|aplicado) {X}" : $"(?:credited|applied) {X}").Select(m => Parse(m.Groups["x"].Value, es)).Distinct().ToList();
        if (paid > 0m ? paidSaid.Count != 1 || paidSaid[0] != paid : paidSaid.Count != 0 || text.Contains(es ? "pago de" : "payment of", StringComparison.Ordinal))
        {
            errors.Add($"{what}: states paid [{string.Join(", ", paidSaid)}], the ledger says {paid} received on {on:uuuu-MM-dd}");
        }

        if (credited > 0m ? creditSaid.Count != 1 || creditSaid[0] != credited : creditSaid.Count != 0)
        {
            errors.Add($"{what}: states credited [{string.Join(", ", creditSaid)}], the ledger says {credited} on {on:uuuu-MM-dd}");
        }

        if (decision.TemplateKey == TemplateKeys.PaymentPartialAck)
        {
            var m = Regex.Match(text, es ? $"Queda pendiente (?:un importe de )?{X}" : $"(?:A balance of {X} remains|{X} remains outstanding)");
            decimal? said = m.Success ? Parse(m.Groups["x"].Value, es) : null;
            if (said != remaining)
            {
                errors.Add($"{what}: states remaining {said}, the ledger says {remaining}");
            }
        }
        else if (decision.TemplateKey == TemplateKeys.PaymentThankYou && remaining != 0m)
        {
            errors.Add($"{what}: a thank-you while the ledger says {remaining} is owed");
        }
    }

    private static bool Paused(CustomerAccount account, AccountItem item, LocalDate asOf, EscalationPolicy policy)
        => account.Promises.Any(p => p.MadeOn <= asOf && asOf <= p.PromisedDate.PlusDays(policy.Suppressions.PromiseGraceDays)
            && (p.ItemIds.IsEmpty || p.ItemIds.Contains(item.Id)));

    /// <summary>Interest from the due date through <paramref name="until"/> on the item's principal as payments and credits reduced it: the calculator's statement.</summary>
    private static decimal Accrued(CustomerAccount account, AccountItem item, LocalDate until, LateInterestPreset preset)
    {
        if (until <= item.DueDate)
        {
            return 0m;
        }

        var cur = item.Currency;
        decimal opening = item.Amount.Amount;
        var changes = new List<BalanceChange>();
        var reductions = account.Payments.SelectMany(p => p.Allocations.Where(a => a.ItemId == item.Id).Select(a => (p.ReceivedOn, a.Principal.Amount + a.Discount.Amount, p.Reference)))
            .Concat(account.Credits.Where(c => c.ItemId == item.Id).Select(c => (c.IssuedOn, c.Amount.Amount, c.Reference)));
        foreach (var (date, amount, reference) in reductions)
        {
            if (amount <= 0m)
            {
                continue;
            }

            if (date <= item.DueDate)
            {
                opening -= amount;
            }
            else
            {
                changes.Add(new BalanceChange(date, Money.Of(-amount, cur), reference));
            }
        }

        var first = preset.Conventions.Start == AccrualStart.DueDate ? item.DueDate : item.DueDate.PlusDays(1);
        var request = new LateInterestRequest(item.DueDate, until, Money.Of(opening, cur), preset.Rate.Resolve(first, until))
        {
            BalanceChanges = changes,
            Conventions = preset.Conventions,
        };
        return LateInterestCalculator.Calculate(request).Interest.Amount;
    }

    private readonly record struct Figures(decimal? Total, decimal? Principal, decimal? Interest, decimal? Fees);

    private static Figures Stated(string key, string body, bool es)
    {
        string text = WebUtility.HtmlDecode(Regex.Replace(body, "<[^>]+>", " "));
        decimal? M(string pattern, string group = "x")
        {
            var m = Regex.Match(text, pattern, RegexOptions.CultureInvariant);
            return m.Success ? Parse(m.Groups[group].Value, es) : null;
        }

        const string X = "(?<x>(?:(?:COP|MXN|EUR) )?[^ :]+(?: (?:€|EUR|COP|MXN))?)";
        const string P = "(?<p>(?:(?:COP|MXN|EUR) )?[^ :]+(?: (?:€|EUR|COP|MXN))?)";
        const string I = "(?<i>(?:(?:COP|MXN|EUR) )?[^ :]+(?: (?:€|EUR|COP|MXN))?)";
        const string F = "(?<f>(?:(?:COP|MXN|EUR) )?[^ :]+(?: (?:€|EUR|COP|MXN))?)";
        string breakdown = es
            ? $"asciende a {X}: {P} de principal, {I} de intereses de demora y {F} de costes de cobro"
            : $"(?:is|amount owed is) {X}: {P} principal, {I} late-payment interest and {F} recovery costs";
        switch (key)
        {
            case TemplateKeys.ReminderBeforeDue:
                return new(M(es ? $"vence el pago de {X} de las siguientes" : $"payment of {X} for the invoices below is due"), null, null, null);
            case TemplateKeys.ReminderDueToday:
                return new(M(es ? $"Le recordamos el pago de {X} de las siguientes" : $"A reminder of the payment of {X} for the invoices below"), null, null, null);
            case TemplateKeys.ReminderFirm or TemplateKeys.NoticeFinal:
                return new(M(breakdown), M(breakdown, "p"), M(breakdown, "i"), M(breakdown, "f"));
            case TemplateKeys.NoticeServiceSuspended or TemplateKeys.NoticeSubscriptionCancelled:
                return new(M(es ? $"El importe pendiente es de {X}," : $"The outstanding amount is {X},"), null, null, null);
            case TemplateKeys.NoticeAgencyHandover:
                return new(M(es ? $"que asciende a {X} con intereses" : $"which amounts to {X} including"), null, null, null);
            case TemplateKeys.NoticeLegal:
                string parts = es ? $"Principal: {P}\\. Intereses de demora: {I}\\. Costes de cobro: {F}\\." : $"Principal: {P}\\. Late-payment interest: {I}\\. Recovery costs: {F}\\.";
                return new(M(es ? $"el pago de {X}, correspondiente" : $"payment of {X} for the following"), M(parts, "p"), M(parts, "i"), M(parts, "f"));
            default:
                return default;
        }
    }

    /// <summary>An amount as printed (es: <c>1.234,56 €</c>; en: <c>€1,234.56</c>), read back without the formatter.</summary>
    private static decimal Parse(string text, bool es)
    {
        string digits = new(text.Where(c => char.IsDigit(c) || c is '.' or ',').ToArray());
        digits = es ? digits.Replace(".", string.Empty, StringComparison.Ordinal).Replace(',', '.') : digits.Replace(",", string.Empty, StringComparison.Ordinal);
        return decimal.Parse(digits.Trim('.'), NumberStyles.Number, CultureInfo.InvariantCulture);
    }
}
