using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Escalation.Templates;

/// <summary>
/// One line of <c>{{items.table}}</c>: an item with its due date, its days past the due date on the notice's date
/// (negative before it: the status reads "vence en 5 días" / "vence hoy" / "5 días de retraso") and its principal still owed.
/// </summary>
public sealed record NoticeItemLine
{
    /// <summary>Creates a line.</summary>
    /// <param name="invoice">The invoice (or item) number shown to the customer (not empty).</param>
    /// <param name="dueDate">The due date.</param>
    /// <param name="daysOverdue">Days overdue (0 on the due date, negative before it).</param>
    /// <param name="amount">The principal still owed on the item.</param>
    /// <exception cref="ArgumentException"><paramref name="invoice"/> is empty.</exception>
    public NoticeItemLine(string invoice, LocalDate dueDate, int daysOverdue, Money amount)
    {
        Invoice = Guard.NotNullOrWhiteSpace(invoice);
        DueDate = dueDate;
        DaysOverdue = daysOverdue;
        Amount = amount;
    }

    /// <summary>The invoice (or item) number.</summary>
    public string Invoice { get; }

    /// <summary>The due date.</summary>
    public LocalDate DueDate { get; }

    /// <summary>Days overdue (0 on the due date, negative before it).</summary>
    public int DaysOverdue { get; }

    /// <summary>The principal still owed on the item.</summary>
    public Money Amount { get; }
}

/// <summary>
/// The values of every placeholder, typed, for one message. The general values are required at construction, so a
/// validated template can never meet a missing value; the event values (<see cref="AmountPaid"/>,
/// <see cref="AmountRemaining"/>, <see cref="SettledBy"/> with <see cref="AmountCredited"/>, <see cref="PromiseDate"/>)
/// are added with <see cref="WithSettlement"/> (or <see cref="WithPayment"/>) and <see cref="WithPromiseDate"/>, and only
/// the templates of those events may use them.
/// </summary>
/// <remarks>
/// Formatting follows the template's language: Spanish money as <c>1.234,56 €</c> (es-ES) and dates as
/// <c>15/01/2027</c>; English money as <c>€1,234.56</c> (en-GB) and dates as <c>15 Jan 2027</c> (the same rules as
/// the terms text). Numbers of days are plain digits. Payment methods are joined as <c>a, b y c</c> /
/// <c>a, b and c</c>.
/// <para><b>Untrusted text.</b> The properties keep the values as given; what is rendered is normalised (one line,
/// no invisible characters, bounded length) as <see cref="TemplateValueLimits"/> states, escaped in HTML bodies, and
/// never expanded again (a value <c>{{company.name}}</c> is rendered as those characters).</para>
/// </remarks>
public sealed class TemplateValues
{
    /// <summary>Creates the values.</summary>
    /// <param name="customerName">The customer's name (not empty).</param>
    /// <param name="accountId">The account id (not empty).</param>
    /// <param name="items">The items to list (may be empty, e.g. after payment in full).</param>
    /// <param name="amountPrincipal">The principal owed on the listed items (<see cref="EscalationDecision.PrincipalAmount"/>).</param>
    /// <param name="amountInterest">Late interest owed on them (same currency).</param>
    /// <param name="amountFees">Fees owed on them (same currency).</param>
    /// <param name="amountOpen">The account's total open balance (same currency; <see cref="EscalationDecision.OpenBalance"/>).</param>
    /// <param name="dueDate">The oldest due date of the listed items.</param>
    /// <param name="daysOverdue">Days past that due date on the notice's date (negative before it).</param>
    /// <param name="paymentLink">The link to pay online: an absolute <c>https</c> URL (see <see cref="TemplateValueLimits"/>).</param>
    /// <param name="paymentMethods">The accepted payment methods, in the customer's language (at least one, none empty).</param>
    /// <param name="companyName">The creditor company's name (not empty).</param>
    /// <exception cref="ArgumentException">A text is empty, the link is refused (not an absolute https URL, see <see cref="TemplateValueLimits"/>), or the amounts are in different currencies.</exception>
    public TemplateValues(
        string customerName,
        string accountId,
        ImmutableArray<NoticeItemLine> items,
        Money amountPrincipal,
        Money amountInterest,
        Money amountFees,
        Money amountOpen,
        LocalDate dueDate,
        int daysOverdue,
        string paymentLink,
        ImmutableArray<string> paymentMethods,
        string companyName)
    {
        CustomerName = Guard.NotNullOrWhiteSpace(customerName);
        AccountId = Guard.NotNullOrWhiteSpace(accountId);
        Items = items.IsDefault ? ImmutableArray<NoticeItemLine>.Empty : items;
        foreach (var item in Items)
        {
            Guard.NotNull(item);
        }

        AmountPrincipal = amountPrincipal;
        AmountInterest = SameCurrency(amountInterest, amountPrincipal, nameof(amountInterest));
        AmountFees = SameCurrency(amountFees, amountPrincipal, nameof(amountFees));
        AmountOpen = SameCurrency(amountOpen, amountPrincipal, nameof(amountOpen));
        DueDate = dueDate;
        DaysOverdue = daysOverdue;
        PaymentLink = TemplateValueLimits.PaymentLink(paymentLink, nameof(paymentLink));
        if (paymentMethods.IsDefaultOrEmpty)
        {
            throw new ArgumentException("paymentMethods must list at least one method (was empty).", nameof(paymentMethods));
        }

        foreach (string method in paymentMethods)
        {
            Guard.NotNullOrWhiteSpace(method, nameof(paymentMethods));
        }

        PaymentMethods = paymentMethods;
        CompanyName = Guard.NotNullOrWhiteSpace(companyName);
    }

    /// <summary><c>{{customer.name}}</c>.</summary>
    public string CustomerName { get; }

    /// <summary><c>{{account.id}}</c>.</summary>
    public string AccountId { get; }

    /// <summary><c>{{items.table}}</c>.</summary>
    public ImmutableArray<NoticeItemLine> Items { get; }

    /// <summary><c>{{amount.principal}}</c>.</summary>
    public Money AmountPrincipal { get; }

    /// <summary><c>{{amount.interest}}</c>.</summary>
    public Money AmountInterest { get; }

    /// <summary><c>{{amount.fees}}</c>.</summary>
    public Money AmountFees { get; }

    /// <summary><c>{{amount.total}}</c>: principal + interest + fees.</summary>
    public Money AmountTotal => AmountPrincipal + AmountInterest + AmountFees;

    /// <summary><c>{{amount.open}}</c>: the account's total open balance.</summary>
    public Money AmountOpen { get; }

    /// <summary><c>{{amount.paid}}</c> (payment templates): the payments received on the date acknowledged, or <see langword="null"/>.</summary>
    public Money? AmountPaid { get; private init; }

    /// <summary><c>{{amount.remaining}}</c> (payment templates): what the account still owes after it, or <see langword="null"/>.</summary>
    public Money? AmountRemaining { get; private init; }

    /// <summary>The credit notes and applied credit of the date acknowledged (stated by <c>{{settlement.text}}</c>), or <see langword="null"/>.</summary>
    public Money? AmountCredited { get; private init; }

    /// <summary>What reduced the account on the date acknowledged (<c>{{settlement.text}}</c> words it), or <see langword="null"/>.</summary>
    public SettlementMeans? SettledBy { get; private init; }

    /// <summary><c>{{date.due}}</c>: the oldest due date.</summary>
    public LocalDate DueDate { get; }

    /// <summary><c>{{days.overdue}}</c>.</summary>
    public int DaysOverdue { get; }

    /// <summary><c>{{payment.link}}</c>.</summary>
    public string PaymentLink { get; }

    /// <summary><c>{{payment.methods}}</c>.</summary>
    public ImmutableArray<string> PaymentMethods { get; }

    /// <summary><c>{{company.name}}</c>.</summary>
    public string CompanyName { get; }

    /// <summary><c>{{promise.date}}</c> (broken promise), or <see langword="null"/>.</summary>
    public LocalDate? PromiseDate { get; private init; }

    /// <summary>
    /// The provisional days of <see cref="AmountInterest"/> that <c>{{interest.provisional}}</c> states (empty: the
    /// placeholder renders nothing); added with <see cref="WithProvisionalInterest"/>.
    /// </summary>
    public ImmutableArray<Interest.ProvisionalInterestPeriod> ProvisionalInterest
    {
        get => field.IsDefault ? ImmutableArray<Interest.ProvisionalInterestPeriod>.Empty : field;
        private init => field = value;
    }

    /// <summary>A copy stating that the interest is provisional over <paramref name="periods"/> (<see cref="EscalationDecision.ProvisionalInterest"/>).</summary>
    /// <param name="periods">The provisional days, rates and carried values (empty: not provisional).</param>
    /// <returns>The new values.</returns>
    /// <exception cref="ArgumentException">A period is null.</exception>
    public TemplateValues WithProvisionalInterest(ImmutableArray<Interest.ProvisionalInterestPeriod> periods)
    {
        foreach (var period in periods.IsDefault ? ImmutableArray<Interest.ProvisionalInterestPeriod>.Empty : periods)
        {
            Guard.NotNull(period, nameof(periods));
        }

        return new TemplateValues(this) { ProvisionalInterest = periods };
    }

    /// <summary>A copy with the payment event's values.</summary>
    /// <param name="paid">The amount paid (positive, same currency).</param>
    /// <param name="remaining">What remains due (not negative, same currency; zero after payment in full).</param>
    /// <returns>The new values.</returns>
    /// <exception cref="ArgumentException">An amount is out of range or in another currency.</exception>
    public TemplateValues WithPayment(Money paid, Money remaining)
    {
        SameCurrency(paid, AmountPrincipal, nameof(paid));
        SameCurrency(remaining, AmountPrincipal, nameof(remaining));
        if (paid.Amount <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(paid), paid, $"paid must be positive (was {paid}).");
        }

        if (remaining.Amount < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(remaining), remaining, $"remaining must not be negative (was {remaining}).");
        }

        return new TemplateValues(this) { AmountPaid = paid, AmountRemaining = remaining, AmountCredited = Money.Zero(paid.Currency), SettledBy = SettlementMeans.Payment };
    }

    /// <summary>
    /// A copy with a payment event's figures as the engine computed them (<see cref="EscalationDecision.Settlement"/>):
    /// <c>{{amount.paid}}</c>, <c>{{amount.remaining}}</c> and <c>{{settlement.text}}</c>, which says whether a payment,
    /// a credit note or applied credit is acknowledged.
    /// </summary>
    /// <param name="settlement">The figures (same currency).</param>
    /// <returns>The new values.</returns>
    /// <exception cref="ArgumentException">The figures are in another currency.</exception>
    public TemplateValues WithSettlement(SettlementFigures settlement)
    {
        Guard.NotNull(settlement);
        SameCurrency(settlement.Paid, AmountPrincipal, nameof(settlement));
        return new TemplateValues(this) { AmountPaid = settlement.Paid, AmountRemaining = settlement.Remaining, AmountCredited = settlement.Credited, SettledBy = settlement.SettledBy };
    }

    /// <summary>A copy with the date of the broken promise.</summary>
    /// <param name="promiseDate">The date that was promised.</param>
    /// <returns>The new values.</returns>
    public TemplateValues WithPromiseDate(LocalDate promiseDate)
        => new(this) { PromiseDate = promiseDate };

    private TemplateValues(TemplateValues other)
    {
        CustomerName = other.CustomerName;
        AccountId = other.AccountId;
        Items = other.Items;
        AmountPrincipal = other.AmountPrincipal;
        AmountOpen = other.AmountOpen;
        AmountInterest = other.AmountInterest;
        AmountFees = other.AmountFees;
        DueDate = other.DueDate;
        DaysOverdue = other.DaysOverdue;
        PaymentLink = other.PaymentLink;
        PaymentMethods = other.PaymentMethods;
        CompanyName = other.CompanyName;
        AmountPaid = other.AmountPaid;
        AmountRemaining = other.AmountRemaining;
        AmountCredited = other.AmountCredited;
        SettledBy = other.SettledBy;
        PromiseDate = other.PromiseDate;
        ProvisionalInterest = other.ProvisionalInterest;
    }

    /// <summary>Appends the value of <paramref name="name"/>, formatted and (in HTML) escaped.</summary>
    internal void Append(StringBuilder builder, string name, Language language, bool html)
    {
        if (name == TemplatePlaceholders.ItemsTable)
        {
            AppendItems(builder, language, html);
            return;
        }

        if (name == TemplatePlaceholders.InterestProvisional)
        {
            if (!ProvisionalInterest.IsEmpty)
            {
                string note = ProvisionalInterestText.Note(ProvisionalInterest, language);
                if (html)
                {
                    builder.Append("<p>");
                    AppendValue(builder, note, html: true);
                    builder.Append("</p>\n");
                }
                else
                {
                    builder.Append(note).Append("\n\n");
                }
            }

            return;
        }

        string value = name switch
        {
            TemplatePlaceholders.CustomerName => CustomerName,
            TemplatePlaceholders.AccountId => AccountId,
            TemplatePlaceholders.AmountPrincipal => TextFormat.Money(AmountPrincipal, language),
            TemplatePlaceholders.AmountInterest => TextFormat.Money(AmountInterest, language),
            TemplatePlaceholders.AmountFees => TextFormat.Money(AmountFees, language),
            TemplatePlaceholders.AmountTotal => TextFormat.Money(AmountTotal, language),
            TemplatePlaceholders.AmountOpen => TextFormat.Money(AmountOpen, language),
            TemplatePlaceholders.AmountRemaining => TextFormat.Money(AmountRemaining ?? throw Missing(name, nameof(WithSettlement)), language),
            TemplatePlaceholders.AmountPaid => TextFormat.Money(AmountPaid ?? throw Missing(name, nameof(WithSettlement)), language),
            TemplatePlaceholders.DateDue => TextFormat.Date(DueDate, language),
            TemplatePlaceholders.DaysOverdue => TemplateLanguage.Invariant(DaysOverdue),
            TemplatePlaceholders.DaysStatus => Status(DaysOverdue, Language.IsSpanishText(language)),
            TemplatePlaceholders.PaymentLink => PaymentLink,
            TemplatePlaceholders.PaymentMethods => JoinMethods(language),
            TemplatePlaceholders.CompanyName => CompanyName,
            TemplatePlaceholders.PromiseDate => TextFormat.Date(PromiseDate ?? throw Missing(name, nameof(WithPromiseDate)), language),
            TemplatePlaceholders.SettlementText => SettlementText.Sentence(
                SettledBy ?? throw Missing(name, nameof(WithSettlement)), AmountPaid!.Value, AmountCredited!.Value, language),
            _ => throw new InvalidOperationException($"Placeholder '{name}' has no value (a template is checked at construction, so this is a bug)."),
        };
        AppendValue(builder, TemplateValueLimits.Clean(value, TemplateValueLimits.MaxLengthOf(name)), html);
    }

    internal static void AppendValue(StringBuilder builder, string value, bool html)
    {
        if (!html)
        {
            builder.Append(value);
            return;
        }

        foreach (char c in value)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }
    }

    private static InvalidOperationException Missing(string name, string method)
        => new($"The template uses {{{{{name}}}}} but the values carry none: add it with {method} (the values were built for another event).");

    private static Money SameCurrency(Money value, Money reference, string name)
        => value.Currency == reference.Currency
            ? value
            : throw new ArgumentException($"{name} ({value}) must be in the currency of amountPrincipal ({reference.Currency.Code}).", name);

    private string JoinMethods(Language language)
    {
        if (PaymentMethods.Length == 1)
        {
            return PaymentMethods[0];
        }

        string and = Language.IsSpanishText(language) ? " y " : " and ";
        return string.Join(", ", PaymentMethods.Take(PaymentMethods.Length - 1)) + and + PaymentMethods[^1];
    }

    private void AppendItems(StringBuilder builder, Language language, bool html)
    {
        bool es = Language.IsSpanishText(language);
        if (Items.IsEmpty)
        {
            return;
        }

        if (html)
        {
            builder.Append(es
                ? "<table><thead><tr><th>Factura</th><th>Vencimiento</th><th>Situación</th><th>Importe</th></tr></thead><tbody>"
                : "<table><thead><tr><th>Invoice</th><th>Due date</th><th>Status</th><th>Amount</th></tr></thead><tbody>");
            foreach (var item in Items)
            {
                builder.Append("<tr><td>");
                AppendValue(builder, TemplateValueLimits.Clean(item.Invoice, TemplateValueLimits.MaxInvoiceNumberLength), html: true);
                builder.Append("</td><td>");
                AppendValue(builder, TextFormat.Date(item.DueDate, language), html: true);
                builder.Append("</td><td>");
                AppendValue(builder, Status(item.DaysOverdue, es), html: true);
                builder.Append("</td><td>");
                AppendValue(builder, TextFormat.Money(item.Amount, language), html: true);
                builder.Append("</td></tr>");
            }

            builder.Append("</tbody></table>");
            return;
        }

        for (int i = 0; i < Items.Length; i++)
        {
            var item = Items[i];
            if (i > 0)
            {
                builder.Append('\n');
            }

            builder.Append(es ? "- Factura " : "- Invoice ").Append(TemplateValueLimits.Clean(item.Invoice, TemplateValueLimits.MaxInvoiceNumberLength))
                .Append(es ? ", vencimiento " : ", due ").Append(TextFormat.Date(item.DueDate, language))
                .Append(", ").Append(Status(item.DaysOverdue, es))
                .Append(": ").Append(TextFormat.Money(item.Amount, language));
        }
    }

    private static string Status(int days, bool es) => days switch
    {
        0 => es ? "vence hoy" : "due today",
        1 => es ? "1 día de retraso" : "1 day overdue",
        -1 => es ? "vence en 1 día" : "due in 1 day",
        > 1 => es ? $"{TemplateLanguage.Invariant(days)} días de retraso" : $"{TemplateLanguage.Invariant(days)} days overdue",
        _ => es ? $"vence en {TemplateLanguage.Invariant(-(long)days)} días" : $"due in {TemplateLanguage.Invariant(-(long)days)} days",
    };
}
