using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Interest;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Storage;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Collections;

/// <summary>
/// The statutory late-interest preset of each sample country: Spain (Ley 3/2004 art. 7), Colombia (Código de
/// Comercio art. 884, capped at the usury rate) and Mexico (Código de Comercio art. 362, legal rate).
/// </summary>
internal static class CountryPresets
{
    private static readonly LateInterestPreset Spain = StatutoryPresets.Spain();
    private static readonly LateInterestPreset Colombia = StatutoryPresets.Colombia();
    private static readonly LateInterestPreset Mexico = StatutoryPresets.Mexico();

    public static LateInterestPreset For(CustomerProfile customer) => customer.CalendarId switch
    {
        "ES" => Spain,
        "CO" => Colombia,
        "MX" => Mexico,
        _ => throw new ArgumentException($"customer '{customer.CustomerId}' has calendar '{customer.CalendarId}', which the sample has no late-interest preset for.", nameof(customer)),
    };

    /// <summary>"es" or "en" from a customer language such as "es-CO".</summary>
    public static string LanguageOf(CustomerProfile customer)
        => customer.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "es";
}

/// <summary>Totals of what the handlers charged and did in this process (thread-safe).</summary>
internal sealed class ActionTally
{
    private readonly ConcurrentDictionary<(string Kind, string Currency), decimal> _amounts = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string kind, Money amount) => _amounts.AddOrUpdate((kind, amount.Currency.Code), amount.Amount, (_, total) => total + amount.Amount);

    public void Count(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public IReadOnlyList<(string Kind, string Currency, decimal Amount)> Amounts
        => _amounts.OrderBy(p => p.Key.Kind, StringComparer.Ordinal).ThenBy(p => p.Key.Currency, StringComparer.Ordinal).Select(p => (p.Key.Kind, p.Key.Currency, p.Value)).ToList();

    public IReadOnlyList<(string Kind, int Count)> Counts
        => _counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
}

/// <summary>
/// <c>ChargeLateInterest</c>: posts the late interest accrued on the decision's items up to the day of the decision
/// (in the customer's time zone) with <see cref="AccountInterest.Post"/>, under the country's statutory preset.
/// Idempotent by decision: a decision is one day and a set of items, so the interest it posted is the interest posted
/// on its items on its day; handled again (a crash between posting and recording, a lost answer), it posts nothing and
/// returns the original result — never "no late interest accrued" for interest it posted (issue 14 §4).
/// </summary>
internal sealed class ChargeLateInterestHandler(SqliteReceivableStore store, ActionTally tally) : IActionHandler
{
    public bool CanHandle(EscalationActionKind action) => action == EscalationActionKind.ChargeLateInterest;

    public ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = request.Decision;
        var asOf = decision.DecidedAt.InZone(request.Account.Customer.TimeZone).Date;
        Money charged = Money.Zero(request.Account.Currency);
        bool repeat = false;
        try
        {
            store.Update(decision.AccountId, decision.DecidedAt, account =>
            {
                var posted = account.Charges.Where(c => c.Kind == ChargeKind.Interest && c.ChargedOn == asOf && decision.ItemIds.Contains(c.ItemId)).ToList();
                if (posted.Count > 0)
                {
                    repeat = true;
                    charged = Money.Of(posted.Sum(c => c.Amount.Amount), account.Currency);
                    return account; // already carried out: post nothing
                }

                var terms = LateInterestTerms.FromPreset(CountryPresets.For(account.Customer));
                var after = AccountInterest.Post(account, asOf, terms, decision.ItemIds);
                charged = Money.Of(after.Items.Sum(i => i.InterestCharged.Amount) - account.Items.Sum(i => i.InterestCharged.Amount), account.Currency);
                return after;
            });
        }
        catch (ReferenceRateUnavailableException ex)
        {
            // Never guess a rate: the charge is skipped, with the reason, in the journal.
            return ValueTask.FromResult(ActionResult.Skipped("no published reference rate: " + ex.Message));
        }

        if (!charged.IsPositive)
        {
            return ValueTask.FromResult(ActionResult.Skipped("no late interest accrued on the open items"));
        }

        if (!repeat)
        {
            tally.Add("interest", charged);
        }

        return ValueTask.FromResult(ActionResult.Done($"interest {charged}"));
    }
}

/// <summary>
/// <c>ApplyLateFee</c>: charges the country's statutory late fee (Spain: the EUR 40 recovery compensation of Ley
/// 3/2004 art. 8, once per invoice) through <see cref="LateFee.Decide(string, Money, System.Collections.Generic.IEnumerable{string}, Cobranza.Core.Terms.TermsLanguage)"/> and <see cref="Ledger.Apply(CustomerAccount, AccountEvent)"/>.
/// Idempotent by decision: handled again, the fees charged on the decision's items on its day are its original
/// result; nothing is charged again.
/// </summary>
internal sealed class ApplyLateFeeHandler(SqliteReceivableStore store, ActionTally tally) : IActionHandler
{
    public bool CanHandle(EscalationActionKind action) => action == EscalationActionKind.ApplyLateFee;

    public ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = request.Decision;
        var fee = CountryPresets.For(request.Account.Customer).Fee;
        if (fee is null)
        {
            return ValueTask.FromResult(ActionResult.Skipped($"no statutory late fee for calendar {request.Account.Customer.CalendarId}"));
        }

        var asOf = decision.DecidedAt.InZone(request.Account.Customer.TimeZone).Date;
        Money charged = Money.Zero(request.Account.Currency);
        bool repeat = false;
        store.Update(decision.AccountId, decision.DecidedAt, account =>
        {
            var posted = account.Charges.Where(c => c.Kind == ChargeKind.Fee && c.ChargedOn == asOf && decision.ItemIds.Contains(c.ItemId)).ToList();
            if (posted.Count > 0)
            {
                repeat = true;
                charged = Money.Of(posted.Sum(c => c.Amount.Amount), account.Currency);
                return account; // already carried out: charge nothing
            }

            var language = CountryPresets.LanguageOf(account.Customer);
            var items = account.Items.Where(i => decision.ItemIds.Contains(i.ItemId) && i.IsOverdueOn(asOf)).ToList();
            foreach (var invoice in items.GroupBy(i => i.InvoiceId, StringComparer.Ordinal))
            {
                var prefix = invoice.Key + "/";
                var applied = account.Charges
                    .Where(c => c.Kind == ChargeKind.Fee && c.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(c => c.Key[prefix.Length..])
                    .ToList();
                var overdue = Money.Of(invoice.Sum(i => i.PrincipalOutstanding.Amount), account.Currency);
                var result = fee.Decide(invoice.Key, overdue, applied, language);
                if (result.Line is { } line)
                {
                    var first = invoice.OrderBy(i => i.DueDate).ThenBy(i => i.PortionIndex).First();
                    account = Ledger.Apply(account, new FeeCharged(result.IdempotencyKey, asOf, first.ItemId, line.Amount, line.Description));
                    charged += line.Amount;
                }
            }

            return account;
        });
        if (!charged.IsPositive)
        {
            return ValueTask.FromResult(ActionResult.Skipped("the late fee was already charged on every overdue invoice"));
        }

        if (!repeat)
        {
            tally.Add("fees", charged);
        }

        return ValueTask.FromResult(ActionResult.Done($"fees {charged}"));
    }
}

/// <summary>
/// The actions a real host hands to people or other systems (call tasks, service suspension, agency hand-over):
/// the sample only counts them; the reference names what a host would have done.
/// </summary>
internal sealed class RecordingActionHandler(ActionTally tally) : IActionHandler
{
    public bool CanHandle(EscalationActionKind action)
        => action is not (EscalationActionKind.ChargeLateInterest or EscalationActionKind.ApplyLateFee or EscalationActionKind.SendNotice);

    public ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        tally.Count(request.Decision.Action.ToString());
        return ValueTask.FromResult(ActionResult.Done($"{request.Decision.Action}:{request.Decision.AccountId}"));
    }
}
