using System;
using System.Collections.Immutable;

namespace Cobranza.Core.Escalation.Templates;

/// <summary>
/// The template keys the default policy and the engine's events use (shared vocabulary; a catalog may add keys of its
/// own, which can use every general placeholder).
/// </summary>
public static class TemplateKeys
{
    /// <summary>Friendly reminder a few days before the due date (stage <c>pre-due</c>).</summary>
    public const string ReminderBeforeDue = "reminder-before-due";

    /// <summary>Reminder on the due date (stage <c>due-today</c>).</summary>
    public const string ReminderDueToday = "reminder-due-today";

    /// <summary>The call task after one day of non-payment (stage <c>call</c>).</summary>
    public const string TaskCallCustomer = "task-call-customer";

    /// <summary>Firm reminder that mentions late interest (stage <c>firm</c>).</summary>
    public const string ReminderFirm = "reminder-firm";

    /// <summary>Final notice with interest and the recovery fee (stage <c>final</c>).</summary>
    public const string NoticeFinal = "notice-final";

    /// <summary>Notice that the service is suspended (stage <c>suspend</c>).</summary>
    public const string NoticeServiceSuspended = "notice-service-suspended";

    /// <summary>Notice that the subscription is cancelled for non-payment (a stage with <see cref="EscalationActionKind.CancelSubscription"/> or <see cref="EscalationActionKind.CancelSubscriptionAtTermEnd"/>).</summary>
    public const string NoticeSubscriptionCancelled = "notice-subscription-cancelled";

    /// <summary>Notice that the debt is handed over to a collection agency (stage <c>agency</c>).</summary>
    public const string NoticeAgencyHandover = "notice-agency-handover";

    /// <summary>Formal demand before legal action (stage <c>legal</c>).</summary>
    public const string NoticeLegal = "notice-legal";

    /// <summary>Thank-you after payment in full (event).</summary>
    public const string PaymentThankYou = "payment-thank-you";

    /// <summary>Acknowledgement of a partial payment with the remaining balance (event).</summary>
    public const string PaymentPartialAck = "payment-partial-ack";

    /// <summary>The service is restored after a suspension, on payment in full (event).</summary>
    public const string NoticeServiceRestored = "notice-service-restored";

    /// <summary>A promise to pay was broken (event).</summary>
    public const string PromiseBroken = "promise-broken";

    /// <summary>An installment of a payment plan is overdue (plan arrears).</summary>
    public const string PlanInstallmentOverdue = "plan-installment-overdue";

    /// <summary>Every key above, in stage order then event order.</summary>
    public static ImmutableArray<string> All { get; } =
    [
        ReminderBeforeDue, ReminderDueToday, TaskCallCustomer, ReminderFirm, NoticeFinal, NoticeServiceSuspended,
        NoticeAgencyHandover, NoticeLegal, PaymentThankYou, PaymentPartialAck, NoticeServiceRestored, PromiseBroken,
        PlanInstallmentOverdue, NoticeSubscriptionCancelled,
    ];

    /// <summary>
    /// Whether <paramref name="key"/> is a well-formed template key: 1 to <see cref="MaxKeyLength"/> characters of
    /// lower-case ASCII letters, digits and single hyphens, starting with a letter (e.g. <c>reminder-firm</c>).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when well formed.</returns>
    public static bool IsWellFormed(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key[0] is < 'a' or > 'z' || key[^1] == '-')
        {
            return false;
        }

        for (int i = 1; i < key.Length; i++)
        {
            char c = key[i];
            bool ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (c == '-' && key[i - 1] != '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The longest template key accepted.</summary>
    public const int MaxKeyLength = 64;
}

/// <summary>
/// The placeholder names a template may use, as <c>{{name}}</c>. Most are available in every template; three belong
/// to events only (see <see cref="IsAvailableIn"/>), and a template using them elsewhere fails validation.
/// </summary>
public static class TemplatePlaceholders
{
    /// <summary>The customer's name.</summary>
    public const string CustomerName = "customer.name";

    /// <summary>The account id.</summary>
    public const string AccountId = "account.id";

    /// <summary>The list of items (invoice, due date, days overdue, amount), rendered as a table in HTML and as lines in text.</summary>
    public const string ItemsTable = "items.table";

    /// <summary>
    /// The principal still owed on the items the notice lists (the sum of <see cref="ItemsTable"/>): items coming due,
    /// due today or overdue, whichever the decision is about (<see cref="EscalationDecision.PrincipalAmount"/>).
    /// </summary>
    public const string AmountPrincipal = "amount.principal";

    /// <summary>Late interest owed on the listed items on the notice's date, posted or not (<see cref="EscalationDecision.InterestAmount"/>).</summary>
    public const string AmountInterest = "amount.interest";

    /// <summary>Fees owed on the listed items (late fee / recovery compensation; <see cref="EscalationDecision.FeeAmount"/>).</summary>
    public const string AmountFees = "amount.fees";

    /// <summary>What the notice asks the customer to pay: principal + interest + fees (<see cref="EscalationDecision.AmountDue"/>).</summary>
    public const string AmountTotal = "amount.total";

    /// <summary>
    /// The account's total open balance (<see cref="EscalationDecision.OpenBalance"/>): the amount asked plus what the
    /// account owes on its other open items. A template that shows it labels it as the account's balance.
    /// </summary>
    public const string AmountOpen = "amount.open";

    /// <summary>
    /// What the account still owes on its open items on the notice's date, after the payment acknowledged (only in the
    /// payment templates: thank-you, partial acknowledgement, service restored; <see cref="SettlementFigures.Remaining"/>).
    /// </summary>
    public const string AmountRemaining = "amount.remaining";

    /// <summary>
    /// The payments received on the date the notice acknowledges, zero when nothing was paid (only in the payment
    /// templates: thank-you, partial acknowledgement, service restored; <see cref="SettlementFigures.Paid"/>). A
    /// thank-you or service-restored notice may follow a credit note rather than a payment: write
    /// <see cref="SettlementText"/> there, which names what happened.
    /// </summary>
    public const string AmountPaid = "amount.paid";

    /// <summary>
    /// One sentence saying what the notice acknowledges, true for each <see cref="SettlementFigures.SettledBy"/> (only
    /// in the payment templates): "Hemos recibido su pago de 1.000,00 €." / "We have received your payment of
    /// €1,000.00."; "Hemos abonado 400,00 € en sus facturas mediante nota de crédito." / "We have credited €400.00 to
    /// your invoices by credit note."; "Hemos aplicado 400,00 € de su saldo a favor a sus facturas." / "We have applied
    /// €400.00 of your credit balance to your invoices."; a payment and credits together: "Hemos recibido su pago de
    /// 600,00 € y abonado 400,00 € en sus facturas." / "We have received your payment of €600.00 and credited €400.00
    /// to your invoices."; nothing paid or credited: "Hemos revisado el estado de su cuenta." / "We have reviewed your account."
    /// </summary>
    public const string SettlementText = "settlement.text";

    /// <summary>The oldest due date.</summary>
    public const string DateDue = "date.due";

    /// <summary>Days overdue of the oldest listed item on the notice's date (0 on the due date, negative before it).</summary>
    public const string DaysOverdue = "days.overdue";

    /// <summary>
    /// The status of the oldest listed item on the notice's date, in words and in the template's language, with the
    /// noun in the right number: <c>3 días de retraso</c> / <c>3 days overdue</c>, <c>1 día de retraso</c> /
    /// <c>1 day overdue</c>, <c>vence hoy</c> / <c>due today</c>, <c>vence en 2 días</c> / <c>due in 2 days</c>
    /// (the same words as the items table's status column). Use it instead of writing a noun after
    /// <see cref="DaysOverdue"/>, which reads "1 días" on the first day.
    /// </summary>
    public const string DaysStatus = "days.status";

    /// <summary>The link to pay online.</summary>
    public const string PaymentLink = "payment.link";

    /// <summary>The accepted payment methods, joined in the template's language.</summary>
    public const string PaymentMethods = "payment.methods";

    /// <summary>The creditor company's name.</summary>
    public const string CompanyName = "company.name";

    /// <summary>The date that was promised (only in <see cref="TemplateKeys.PromiseBroken"/>).</summary>
    public const string PromiseDate = "promise.date";

    /// <summary>
    /// The provisional-interest note, in the template's language: empty when the notice's interest uses published rates
    /// only; when it is provisional (<see cref="EscalationDecision.ProvisionalInterest"/>), a paragraph of its own saying
    /// which days the official rate is not published for yet, which rate was carried forward from which period, the rate
    /// applied, and that the interest will be recalculated when the official rate is published. A block like
    /// <see cref="ItemsTable"/>: in HTML a <c>&lt;p&gt;</c> element, in text the paragraph followed by a blank line, so
    /// it is written at the start of a line; not in a subject.
    /// </summary>
    public const string InterestProvisional = "interest.provisional";

    /// <summary>Every placeholder, in the order of the agreed list.</summary>
    public static ImmutableArray<string> All { get; } =
    [
        CustomerName, AccountId, ItemsTable, AmountPrincipal, AmountInterest, AmountFees, AmountTotal, AmountOpen, AmountRemaining,
        AmountPaid, DateDue, DaysOverdue, DaysStatus, PaymentLink, PaymentMethods, CompanyName, PromiseDate, InterestProvisional,
        SettlementText,
    ];

    /// <summary>Whether <paramref name="name"/> is a placeholder (ordinal, case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when it is in <see cref="All"/>.</returns>
    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// Whether a template with <paramref name="templateKey"/> may use <paramref name="name"/>: every known placeholder
    /// except <see cref="AmountRemaining"/>, <see cref="AmountPaid"/> and <see cref="SettlementText"/> (payment
    /// templates only) and <see cref="PromiseDate"/> (broken promise only), whose values exist only for those events.
    /// </summary>
    /// <param name="name">The placeholder.</param>
    /// <param name="templateKey">The template key.</param>
    /// <returns><see langword="true"/> when available.</returns>
    public static bool IsAvailableIn(string name, string templateKey) => name switch
    {
        AmountRemaining or AmountPaid or SettlementText => templateKey is TemplateKeys.PaymentThankYou or TemplateKeys.PaymentPartialAck or TemplateKeys.NoticeServiceRestored,
        PromiseDate => templateKey == TemplateKeys.PromiseBroken,
        _ => IsKnown(name),
    };
}
