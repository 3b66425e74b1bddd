using System;
using System.Collections.Generic;
using System.Globalization;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Terms;

/// <summary>The law a payment term is checked against.</summary>
public enum TermsJurisdiction
{
    /// <summary>Directive 2011/7/EU on combating late payment in commercial transactions, as such (a Member State may be stricter).</summary>
    EuropeanUnion = 0,

    /// <summary>Spain: Ley 3/2004 de lucha contra la morosidad, as amended by Ley 15/2010 (and Ley 11/2013), transposing the Directive.</summary>
    Spain = 1,
}

/// <summary>Who pays.</summary>
public enum CounterpartyKind
{
    /// <summary>An undertaking (company, self-employed professional): a commercial transaction between businesses.</summary>
    Business = 0,

    /// <summary>A public authority as the debtor (Directive 2011/7/EU art. 4).</summary>
    PublicAuthority = 1,

    /// <summary>A consumer: outside the Directive (art. 2(1), commercial transactions only) and Ley 3/2004 (art. 3.2.a); no limit is checked.</summary>
    Consumer = 2,
}

/// <summary>Whether a finding stops the terms or only needs a look.</summary>
public enum TermIssueSeverity
{
    /// <summary>Allowed only under a condition the library cannot verify (an express agreement that is not grossly unfair, an objective justification…).</summary>
    Warning = 0,

    /// <summary>Not allowed: the clause is void or the limit cannot be extended by agreement.</summary>
    Error = 1,
}

/// <summary>What the terms are checked for.</summary>
public sealed record PaymentTermLimitContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="jurisdiction">The law.</param>
    /// <param name="counterparty">Who pays.</param>
    /// <param name="expresslyAgreed">Whether the term was expressly agreed in the contract (not just printed on the invoice).</param>
    /// <exception cref="ArgumentOutOfRangeException">An enum value is not defined.</exception>
    public PaymentTermLimitContext(TermsJurisdiction jurisdiction, CounterpartyKind counterparty, bool expresslyAgreed = false)
    {
        if (!Enum.IsDefined(jurisdiction))
        {
            throw new ArgumentOutOfRangeException(nameof(jurisdiction), jurisdiction, $"jurisdiction is not a TermsJurisdiction (was {jurisdiction}).");
        }

        if (!Enum.IsDefined(counterparty))
        {
            throw new ArgumentOutOfRangeException(nameof(counterparty), counterparty, $"counterparty is not a CounterpartyKind (was {counterparty}).");
        }

        Jurisdiction = jurisdiction;
        Counterparty = counterparty;
        ExpresslyAgreed = expresslyAgreed;
    }

    /// <summary>The law.</summary>
    public TermsJurisdiction Jurisdiction { get; }

    /// <summary>Who pays.</summary>
    public CounterpartyKind Counterparty { get; }

    /// <summary>Whether the term was expressly agreed in the contract.</summary>
    public bool ExpresslyAgreed { get; }
}

/// <summary>One finding of <see cref="PaymentTermLimits"/>: a portion whose term exceeds a legal limit.</summary>
/// <param name="Code">A stable code, e.g. <c>ES_B2B_OVER_60</c>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Path">The field, e.g. <c>portions[1].rule</c> (JSON names of the terms configuration).</param>
/// <param name="Days">The term found, in calendar days.</param>
/// <param name="Limit">The limit exceeded, in calendar days.</param>
/// <param name="MessageEs">The message in Spanish.</param>
/// <param name="MessageEn">The message in English.</param>
/// <param name="Source">The legal source (law and article).</param>
public sealed record PaymentTermIssue(string Code, TermIssueSeverity Severity, string Path, int Days, int Limit, string MessageEs, string MessageEn, string Source)
{
    /// <summary>The message in a language.</summary>
    /// <param name="language">The language.</param>
    /// <returns>The message.</returns>
    public string Message(Language language) => Language.IsSpanishText(language) ? MessageEs : MessageEn;
}

/// <summary>The outcome of <see cref="PaymentTermLimits"/>: errors and warnings apart.</summary>
public sealed class PaymentTermLimitResult
{
    internal PaymentTermLimitResult(PaymentTermIssue[] errors, PaymentTermIssue[] warnings)
    {
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>Findings that make the terms unlawful.</summary>
    public IReadOnlyList<PaymentTermIssue> Errors { get; }

    /// <summary>Findings lawful only under a condition the caller must confirm.</summary>
    public IReadOnlyList<PaymentTermIssue> Warnings { get; }

    /// <summary>True when there are no errors (warnings allowed).</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Checks payment terms against the legal maximum terms of Directive 2011/7/EU and Spain's Ley 3/2004.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>EU, business debtor</b> (Directive 2011/7/EU art. 3(5)): more than 60 calendar days only if expressly
/// agreed and not grossly unfair to the creditor (art. 7) → <c>EU_B2B_OVER_60</c> warning unless
/// <see cref="PaymentTermLimitContext.ExpresslyAgreed"/> (whether it is grossly unfair is for a court).</item>
/// <item><b>Public authority debtor</b> (art. 4(3) and 4(6); Spain transposes it in Ley 3/2004 art. 4 and the public
/// procurement law): 30 days; more only if expressly agreed and objectively justified, and never more than 60 →
/// over 60: <c>PUBLIC_OVER_60</c> error; 31 to 60: <c>PUBLIC_OVER_30</c> error, or a warning when expressly agreed
/// (the justification cannot be checked here).</item>
/// <item><b>Spain, business debtor</b> (Ley 3/2004 art. 4, as worded by Ley 15/2010): 30 calendar days from delivery
/// of the goods or services unless agreed, extendable by agreement to at most 60; a longer clause is void (art. 9)
/// → over 60: <c>ES_B2B_OVER_60</c> error, whatever was agreed; 31 to 60 not expressly agreed: <c>ES_B2B_OVER_30</c>
/// warning. The 90-day case of an agreed acceptance procedure (art. 4.2) is not modelled.</item>
/// <item><b>Consumer</b>: outside both laws; nothing is reported.</item>
/// </list>
/// <para><b>Counting.</b> Calendar days. For a schedule: from the invoice's delivery date (the law counts from the
/// delivery of the goods or services), or from its issue date when there is no delivery date — then a
/// <c>DELIVERY_DATE_MISSING</c> warning says so, since an earlier delivery makes the real term longer. For terms
/// without an invoice: the longest term the portion can give from its own base date over every base date of
/// 2024-2027 (a whole leap-year cycle of month lengths), after the customer's settings if given. Portions due on or
/// before the start (deposits) are not checked.</para>
/// </remarks>
public static class PaymentTermLimits
{
    private const string Directive = "Directive 2011/7/EU";
    private const string SpanishLaw = "Ley 3/2004, art. 4 (Ley 15/2010)";

    /// <summary>Checks an invoice's schedule: exact due dates counted from delivery.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="context">The jurisdiction, the counterparty and whether the term was expressly agreed.</param>
    /// <returns>The errors and warnings.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PaymentTermLimitResult Check(PaymentSchedule schedule, PaymentTermLimitContext context)
    {
        Guard.NotNull(schedule);
        Guard.NotNull(context);
        var errors = new List<PaymentTermIssue>();
        var warnings = new List<PaymentTermIssue>();
        if (context.Counterparty == CounterpartyKind.Consumer)
        {
            return new PaymentTermLimitResult([], []);
        }

        var invoice = schedule.Invoice;
        var start = invoice.DeliveryDate ?? invoice.IssueDate;
        if (invoice.DeliveryDate is null)
        {
            warnings.Add(new PaymentTermIssue(
                "DELIVERY_DATE_MISSING", TermIssueSeverity.Warning, "deliveryDate", 0, 0,
                $"La factura '{invoice.Id}' no tiene fecha de entrega: los plazos se cuentan desde la fecha de emisión ({TextFormat.Date(invoice.IssueDate, Language.Spanish)}); si la entrega fue anterior, el plazo real es mayor.",
                $"Invoice '{invoice.Id}' has no delivery date: terms are counted from the issue date ({TextFormat.Date(invoice.IssueDate, Language.English)}); an earlier delivery makes the real term longer.",
                $"{Directive} art. 3(3)(a) and 4(3)(a); {SpanishLaw}"));
        }

        foreach (var p in schedule.Portions)
        {
            int days = Period.DaysBetween(start, p.DueDate);
            Judge(days, p.Index, context, errors, warnings);
        }

        return new PaymentTermLimitResult(errors.ToArray(), warnings.ToArray());
    }

    /// <summary>
    /// Checks terms on their own: for each portion the longest term it can give from its base date (see remarks of
    /// <see cref="PaymentTermLimits"/>).
    /// </summary>
    /// <param name="terms">The terms.</param>
    /// <param name="context">The jurisdiction, the counterparty and whether the term was expressly agreed.</param>
    /// <param name="calendars">Resolves calendar ids of business-day rules and adjustments.</param>
    /// <param name="customer">The customer's settings, or null.</param>
    /// <returns>The errors and warnings.</returns>
    /// <exception cref="ArgumentNullException">A reference argument other than <paramref name="customer"/> is null.</exception>
    public static PaymentTermLimitResult Check(PaymentTerms terms, PaymentTermLimitContext context, IBusinessCalendarProvider calendars, CustomerPaymentSettings? customer = null)
    {
        Guard.NotNull(terms);
        Guard.NotNull(context);
        Guard.NotNull(calendars);
        var errors = new List<PaymentTermIssue>();
        var warnings = new List<PaymentTermIssue>();
        if (context.Counterparty == CounterpartyKind.Consumer)
        {
            return new PaymentTermLimitResult([], []);
        }

        var adjustment = customer?.Adjustment ?? terms.Adjustment;
        var first = new LocalDate(2024, 1, 1);
        var end = new LocalDate(2028, 1, 1);
        for (int i = 0; i < terms.Portions.Count; i++)
        {
            var rule = terms.Portions[i].Rule;
            int longest = 0;
            for (var baseDate = first; baseDate < end; baseDate = baseDate.PlusDays(1))
            {
                var date = rule.Apply(baseDate, calendars);
                date = adjustment.Adjust(customer is null ? date : customer.ApplyTo(date), calendars);
                longest = Math.Max(longest, Period.DaysBetween(baseDate, date));
            }

            Judge(longest, i, context, errors, warnings);
        }

        return new PaymentTermLimitResult(errors.ToArray(), warnings.ToArray());
    }

    private static void Judge(int days, int index, PaymentTermLimitContext context, List<PaymentTermIssue> errors, List<PaymentTermIssue> warnings)
    {
        string path = $"portions[{index}].rule";
        string n = (index + 1).ToString(CultureInfo.InvariantCulture);
        string d = days.ToString(CultureInfo.InvariantCulture);
        bool spain = context.Jurisdiction == TermsJurisdiction.Spain;
        if (context.Counterparty == CounterpartyKind.PublicAuthority)
        {
            string source = spain
                ? $"{Directive} art. 4(3) and 4(6), transposed by Ley 3/2004 art. 4 and the public procurement law (Ley 9/2017)"
                : $"{Directive} art. 4(3) and 4(6)";
            if (days > 60)
            {
                errors.Add(new PaymentTermIssue(
                    "PUBLIC_OVER_60", TermIssueSeverity.Error, path, days, 60,
                    $"La fracción {n} vence a {d} días: una administración pública no puede pagar a más de 60 días naturales, ni por pacto.",
                    $"Portion {n} is due in {d} days: a public authority may not pay later than 60 calendar days, even by agreement.",
                    source));
            }
            else if (days > 30)
            {
                var issue = new PaymentTermIssue(
                    "PUBLIC_OVER_30", context.ExpresslyAgreed ? TermIssueSeverity.Warning : TermIssueSeverity.Error, path, days, 30,
                    context.ExpresslyAgreed
                        ? $"La fracción {n} vence a {d} días: una administración pública paga en 30 días naturales; más (hasta 60) solo si se pactó expresamente y está objetivamente justificado por la naturaleza del contrato."
                        : $"La fracción {n} vence a {d} días: una administración pública paga en 30 días naturales; más (hasta 60) solo con pacto expreso y objetivamente justificado.",
                    context.ExpresslyAgreed
                        ? $"Portion {n} is due in {d} days: a public authority pays within 30 calendar days; more (up to 60) only if expressly agreed and objectively justified by the nature of the contract."
                        : $"Portion {n} is due in {d} days: a public authority pays within 30 calendar days; more (up to 60) only if expressly agreed and objectively justified.",
                    source);
                (context.ExpresslyAgreed ? warnings : errors).Add(issue);
            }

            return;
        }

        if (spain)
        {
            if (days > 60)
            {
                errors.Add(new PaymentTermIssue(
                    "ES_B2B_OVER_60", TermIssueSeverity.Error, path, days, 60,
                    $"La fracción {n} vence a {d} días de la entrega: la Ley 3/2004 no permite más de 60 días naturales, ni siquiera por pacto (la cláusula es nula).",
                    $"Portion {n} is due {d} days after delivery: Ley 3/2004 allows at most 60 calendar days, even by agreement (the clause is void).",
                    $"{SpanishLaw}; art. 9"));
            }
            else if (days > 30 && !context.ExpresslyAgreed)
            {
                warnings.Add(new PaymentTermIssue(
                    "ES_B2B_OVER_30", TermIssueSeverity.Warning, path, days, 30,
                    $"La fracción {n} vence a {d} días de la entrega: sin pacto expreso el plazo legal es de 30 días naturales.",
                    $"Portion {n} is due {d} days after delivery: without an express agreement the legal term is 30 calendar days.",
                    SpanishLaw));
            }

            return;
        }

        if (days > 60 && !context.ExpresslyAgreed)
        {
            warnings.Add(new PaymentTermIssue(
                "EU_B2B_OVER_60", TermIssueSeverity.Warning, path, days, 60,
                $"La fracción {n} vence a {d} días: más de 60 días naturales solo si se pactó expresamente y no es manifiestamente abusivo para el acreedor.",
                $"Portion {n} is due in {d} days: more than 60 calendar days only if expressly agreed and not grossly unfair to the creditor.",
                $"{Directive} art. 3(5) and 7"));
        }
    }
}
