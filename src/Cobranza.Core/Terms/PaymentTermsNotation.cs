using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using Cobranza.Core.Discounts;

namespace Cobranza.Core.Terms;

/// <summary>
/// Parses and formats the short trade notation of payment terms: <c>Net 30</c>, <c>2/10 Net 30</c>,
/// <c>1/10 EOM</c>, <c>Net 30 EOM</c>, <c>30/60/90</c>, <c>30/60/90 EOM</c> and deposits such as
/// <c>30% advance, 70% Net 30</c>.
/// </summary>
/// <remarks>
/// <para><b>Grammar</b> (case-insensitive; spaces are allowed between any two tokens and are optional except
/// between two words or numbers):</para>
/// <code>
/// terms        = single | installments | portions
/// single       = [ discount ] "Net" days [ "EOM" ] | discount "EOM" | [ discount ] "Due" step { step }
/// step         = days "d" | months "m" | "EOM" | "day" day | "next" day     (see ComposedRule; at most 8)
/// installments = days "/" days { "/" days } [ "EOM" ]
/// portions     = portion { "," portion }
/// portion      = percent "%" ( "advance" | single )
/// discount     = percent "/" days
/// days         = an integer 0 to 3660
/// percent      = digits [ "." digits ]
/// </code>
/// <para><b>Meaning.</b> <c>Net N</c>: one portion, N calendar days after the invoice date
/// (<see cref="CalendarDaysRule"/>). <c>Net N EOM</c>: N days after the end of the invoice month
/// (<see cref="EndOfMonthThenDaysRule"/>). <c>P/D</c> before <c>Net</c>: P % off (on the gross amount, part payments
/// proportional) if paid within D days of the invoice date; with <c>EOM</c>, within D days after the end of the
/// invoice month (<see cref="DiscountDeadlineKind.DaysAfterEndOfBaseMonth"/>). <c>P/D EOM</c> without <c>Net</c>
/// ("1/10 EOM"): the US "EOM dating" convention of business-mathematics textbooks: the discount is earned by paying
/// within D days after the end of the invoice month and, when no net term is stated, the net amount is due 20 days
/// after the last discount day, i.e. <c>P/D Net (D+20) EOM</c>. The textbooks' "invoices dated after the 25th
/// count from the next month" extension is not applied. <c>D1/D2/…/Dn</c>: n equal installments due D1, …, Dn days
/// after the invoice date (days strictly increasing; the first n−1 take 100/n % each and the last the balance, so the
/// amounts add up exactly); with <c>EOM</c>, days after the end of the invoice month. <c>P% advance</c>: P % due on
/// the order date (<see cref="DueDateRule.Immediate"/>, <see cref="BaseDateKind.OrderDate"/>). Portions of a list
/// must add up to exactly 100 %.</para>
/// <para><b>Ambiguity.</b> <c>P/D EOM</c> could also be read as two installments after the end of the month. It is
/// read as a discount when P is at most 10 (trade discounts: "1/10 EOM", "8/10 EOM"); above 10 the parser reports
/// the ambiguity and asks for <c>P/D Net N EOM</c> (a discount) or a percent list (installments). A discount window
/// longer than the net term is an error.</para>
/// <para><b>Formatting</b> gives the canonical spelling of what <see cref="Parse"/> produces, so
/// <c>Parse(Format(t)) == t</c>. Terms outside the notation (fixed amounts, business days, payment days of a month,
/// several discount tiers, a net discount base, a business-day adjustment…) cannot be formatted: see
/// <see cref="TryFormat"/>.</para>
/// </remarks>
public static partial class PaymentTermsNotation
{
    /// <summary>The largest number of installments <c>D1/D2/…/Dn</c> accepts.</summary>
    public const int MaxInstallments = 36;

    /// <summary>
    /// The longest notation read, in characters: longer input is refused before it is tokenized. A list of
    /// <see cref="PaymentTerms.MaxPortions"/> portions such as <c>0.5% 2/10 Net 3660</c> fits several times over.
    /// </summary>
    public const int MaxLength = 4096;

    /// <summary>Days from the last discount day to the net due date in the EOM-dating form <c>P/D EOM</c>.</summary>
    private const int EomDatingNetDays = 20;

    /// <summary>Largest discount percent read as a discount in the two-number <c>P/D EOM</c> form.</summary>
    private const decimal MaxEomDiscountPercent = 10m;

    /// <summary>Parses a notation.</summary>
    /// <param name="notation">The notation, e.g. <c>2/10 Net 30</c>.</param>
    /// <returns>The terms.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notation"/> is null.</exception>
    /// <exception cref="PaymentTermsNotationException">
    /// The notation is unknown, ambiguous, longer than <see cref="MaxLength"/> or has more than
    /// <see cref="PaymentTerms.MaxPortions"/> portions; the exception names the token, its position and what was expected.
    /// </exception>
    public static PaymentTerms Parse(string notation)
    {
        Guard.NotNull(notation);
        return TryParse(notation, out var terms, out var error) ? terms : throw new PaymentTermsNotationException(error);
    }

    /// <summary>Parses a notation without throwing on bad input: whatever the text, the result is terms or an error.</summary>
    /// <param name="notation">The notation.</param>
    /// <param name="terms">The terms, when parsed.</param>
    /// <param name="error">The error, when not.</param>
    /// <returns>True when parsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notation"/> is null.</exception>
    public static bool TryParse(string notation, [NotNullWhen(true)] out PaymentTerms? terms, [NotNullWhen(false)] out PaymentTermsNotationError? error)
    {
        Guard.NotNull(notation);
        var parser = new Parser(notation);
        terms = parser.ParseTerms();
        error = parser.Error is { } e ? CommonSpelling(notation, e) : null;
        return terms is not null;
    }

    /// <summary>
    /// Turns the error on a common spelling the notation does not take into one that names the spelling it takes:
    /// <c>30-60-90</c> (installment days are separated by '/'), <c>30/60/90 2/10</c> (a discount on installments).
    /// </summary>
    private static PaymentTermsNotationError CommonSpelling(string input, PaymentTermsNotationError error)
    {
        if (input.Length > MaxLength)
        {
            return error;
        }

        if (DashedInstallments().IsMatch(input))
        {
            string suggestion = DashSeparator().Replace(input.Trim(), "/");
            return new PaymentTermsNotationError(input, error.Position, error.Token,
                $"'/' between installment days: write '{suggestion}' (installments are separated by '/', not '-')", ambiguous: false);
        }

        if (InstallmentsWithDiscount().Match(input) is { Success: true } m)
        {
            // "30/60/90 EOM 2/10": the discount window counts from the end of the month, as in "2/10 Net 30 EOM".
            string[] days = Spaces().Replace(m.Groups["installments"].Value, "").Split('/');
            bool eom = m.Groups["eom"].Success;
            string tier = eom ? "PercentWithinDaysAfterEndOfMonth" : "PercentWithinDays";

            // Two installments after EOM ("30/60 EOM") read as a discount or are refused as ambiguous: spell them out.
            string installments = eom && days.Length == 2
                ? $"50% Net {days[0]} EOM, 50% Net {days[1]} EOM"
                : string.Join('/', days) + (eom ? " EOM" : "");
            string code = $"PaymentTermsNotation.Parse(\"{installments}\").WithDiscount(new EarlyPaymentDiscount(DiscountTier.{tier}({m.Groups["percent"].Value}m, {m.Groups["days"].Value})))";
            return new PaymentTermsNotationError(input, error.Position, error.Token,
                $"the end of the terms: the notation has no discount on installments; write a discount with one net term ('2/10 Net 30'), or give the installments one discount in code: {code}", ambiguous: false);
        }

        return error;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\d{1,4}(\s*-\s*\d{1,4})+(\s+EOM)?\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, 100)]
    private static partial System.Text.RegularExpressions.Regex DashedInstallments();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*-\s*", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 100)]
    private static partial System.Text.RegularExpressions.Regex DashSeparator();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?<installments>\d{1,4}(\s*/\s*\d{1,4}){1,})(?<eom>\s+EOM)?\s+(?<percent>\d{1,3}(\.\d+)?)\s*%?\s*/\s*(?<days>\d{1,4})\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.ExplicitCapture, 100)]
    private static partial System.Text.RegularExpressions.Regex InstallmentsWithDiscount();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+", System.Text.RegularExpressions.RegexOptions.CultureInvariant, 100)]
    private static partial System.Text.RegularExpressions.Regex Spaces();

    /// <summary>Formats terms in the notation.</summary>
    /// <param name="terms">The terms.</param>
    /// <returns>The canonical notation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> is null.</exception>
    /// <exception cref="ArgumentException">No notation expresses the terms; the message says why.</exception>
    public static string Format(PaymentTerms terms)
    {
        Guard.NotNull(terms);
        return TryFormat(terms, out var notation, out var reason)
            ? notation
            : throw new ArgumentException($"terms cannot be written in the short notation: {reason}", nameof(terms));
    }

    /// <summary>Formats terms in the notation, when the notation can express them.</summary>
    /// <param name="terms">The terms.</param>
    /// <param name="notation">The canonical notation, when formattable.</param>
    /// <param name="reason">Why not, when not.</param>
    /// <returns>True when formattable.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> is null.</exception>
    public static bool TryFormat(PaymentTerms terms, [NotNullWhen(true)] out string? notation, [NotNullWhen(false)] out string? reason)
    {
        Guard.NotNull(terms);
        notation = null;
        if (terms.Adjustment != Calendars.BusinessDayAdjustment.None)
        {
            reason = $"the notation has no business-day adjustment (terms have {terms.Adjustment}).";
            return false;
        }

        var portions = terms.Portions;
        if (portions.Count == 1)
        {
            if (portions[0].Share is not PercentShare { Percent: 100m })
            {
                reason = "a single portion must take 100 % (a lone balance portion has no notation; use 100 %).";
                return false;
            }

            if (IsAdvance(portions[0]))
            {
                notation = "100% advance";
                reason = null;
                return true;
            }

            return TryFormatSingle(portions[0], 0, out notation, out reason);
        }

        if (TryFormatInstallments(terms, out notation))
        {
            reason = null;
            return true;
        }

        var parts = new List<string>(portions.Count);
        for (int i = 0; i < portions.Count; i++)
        {
            var p = portions[i];
            if (p.Share is not PercentShare share)
            {
                reason = $"portion {i} is a {(p.Share is BalanceShare ? "balance" : "fixed-amount")} share; portion lists take percents only (equal installments 'D1/D2/…' aside).";
                return false;
            }

            string percent = Number(share.Percent) + "%";
            if (IsAdvance(p))
            {
                parts.Add(percent + " advance");
                continue;
            }

            if (!TryFormatSingle(p, i, out var single, out reason))
            {
                return false;
            }

            parts.Add(percent + " " + single);
        }

        notation = string.Join(", ", parts);
        reason = null;
        return true;
    }

    private static bool IsAdvance(PaymentPortion p) => p.Rule is ImmediateRule && p.BaseDate == BaseDateKind.OrderDate && p.Discount is null;

    private static bool TryFormatInstallments(PaymentTerms terms, [NotNullWhen(true)] out string? notation)
    {
        notation = null;
        var portions = terms.Portions;
        int n = portions.Count;
        if (n > MaxInstallments || terms.BalanceIndex != n - 1)
        {
            return false;
        }

        decimal equal = 100m / n;
        bool eom = portions[0].Rule is EndOfMonthThenDaysRule;
        var days = new int[n];
        for (int i = 0; i < n; i++)
        {
            var p = portions[i];
            if (p.BaseDate != BaseDateKind.InvoiceDate || p.Discount is not null
                || (i < n - 1 && (p.Share is not PercentShare share || share.Percent != equal)))
            {
                return false;
            }

            int? d = p.Rule switch
            {
                CalendarDaysRule c when !eom => c.Days,
                EndOfMonthThenDaysRule e when eom => e.Days,
                _ => null,
            };
            if (d is not int value || (i > 0 && value <= days[i - 1]))
            {
                return false;
            }

            days[i] = value;
        }

        if (eom && n == 2)
        {
            return false; // "P/D EOM" reads back as a discount or as ambiguous: two installments after EOM have no notation.
        }

        notation = string.Join("/", days.Select(d => d.ToString(CultureInfo.InvariantCulture))) + (eom ? " EOM" : string.Empty);
        return true;
    }

    private static bool TryFormatSingle(PaymentPortion p, int index, [NotNullWhen(true)] out string? notation, [NotNullWhen(false)] out string? reason)
    {
        notation = null;
        if (p.BaseDate != BaseDateKind.InvoiceDate)
        {
            reason = $"portion {index} counts from the {p.BaseDate}; the notation counts from the invoice date (and 'advance' from the order date, due immediately, without discount).";
            return false;
        }

        if (p.Rule is ComposedRule composed)
        {
            return TryFormatComposed(p, index, composed, out notation, out reason);
        }

        bool eom;
        int net;
        switch (p.Rule)
        {
            case CalendarDaysRule c:
                eom = false;
                net = c.Days;
                break;
            case EndOfMonthThenDaysRule e:
                eom = true;
                net = e.Days;
                break;
            default:
                reason = $"portion {index} has a {p.Rule.GetType().Name}; the notation has calendar days ('Net N'), days after the end of the month ('Net N EOM') and composed rules ('Due 30d 1m day 10') only.";
                return false;
        }

        string tail = "Net " + net.ToString(CultureInfo.InvariantCulture) + (eom ? " EOM" : string.Empty);
        if (p.Discount is null)
        {
            notation = tail;
            reason = null;
            return true;
        }

        var discount = p.Discount;
        var expectedKind = eom ? DiscountDeadlineKind.DaysAfterEndOfBaseMonth : DiscountDeadlineKind.DaysAfterBaseDate;
        if (discount.Tiers.Count != 1 || discount.Base != DiscountBase.Gross || discount.PartialPayments != PartialPaymentRule.Proportional)
        {
            reason = $"portion {index} has a discount with {discount.Tiers.Count} tier(s), base {discount.Base} and part payments {discount.PartialPayments}; the notation has one tier, on the gross amount, proportional.";
            return false;
        }

        var tier = discount.Tiers[0];
        if (tier.ValueKind != DiscountValueKind.Percent || tier.DeadlineKind != expectedKind || tier.Days > net)
        {
            reason = $"portion {index} has a discount tier ({tier.ValueKind}, {tier.DeadlineKind}, {tier.Days} days) the notation cannot express with '{tail}' (a percent within at most {net} days {(eom ? "after the end of the month" : "of the invoice date")}).";
            return false;
        }

        string head = Number(tier.Percent) + "/" + tier.Days.ToString(CultureInfo.InvariantCulture) + " ";
        notation = eom && net == tier.Days + EomDatingNetDays && tier.Percent <= MaxEomDiscountPercent ? head + "EOM" : head + tail;
        reason = null;
        return true;
    }

    /// <summary>"Due" and the steps, with an optional "P/D" discount within D days of the invoice date before it.</summary>
    private static bool TryFormatComposed(PaymentPortion p, int index, ComposedRule rule, [NotNullWhen(true)] out string? notation, [NotNullWhen(false)] out string? reason)
    {
        string tail = "Due " + rule;
        notation = null;
        if (p.Discount is not { } discount)
        {
            notation = tail;
            reason = null;
            return true;
        }

        var tier = discount.Tiers[0];
        if (discount.Tiers.Count != 1 || discount.Base != DiscountBase.Gross || discount.PartialPayments != PartialPaymentRule.Proportional
            || tier.ValueKind != DiscountValueKind.Percent || tier.DeadlineKind != DiscountDeadlineKind.DaysAfterBaseDate)
        {
            reason = $"portion {index} has a discount the notation cannot express with '{tail}' (one percent tier within D days of the invoice date, on the gross amount, proportional).";
            return false;
        }

        notation = Number(tier.Percent) + "/" + tier.Days.ToString(CultureInfo.InvariantCulture) + " " + tail;
        reason = null;
        return true;
    }

    private static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private enum TokenKind
    {
        End,
        Number,
        Slash,
        Percent,
        Comma,
        Word,
        Invalid,
    }

    private readonly record struct Token(TokenKind Kind, int Position, string Text);

    private sealed class Parser
    {
        private readonly string _input;
        private readonly List<Token> _tokens = [];
        private int _next;

        internal Parser(string input)
        {
            _input = input;
            if (input.Length > MaxLength)
            {
                _tokens.Add(new Token(TokenKind.Invalid, MaxLength, input.Substring(MaxLength, 1)));
                _tooLong = true;
                return;
            }

            Tokenize();
        }

        private readonly bool _tooLong;

        internal PaymentTermsNotationError? Error { get; private set; }

        internal PaymentTerms? ParseTerms()
        {
            var first = Peek();
            if (_tooLong)
            {
                return Fail(first, $"the end of the terms: a notation has at most {MaxLength} characters (this one has {_input.Length})");
            }

            if (first.Kind == TokenKind.Invalid)
            {
                return Fail(first, "a number, 'Net', '%', '/', ',' or 'EOM'");
            }

            if (first.Kind == TokenKind.End)
            {
                return Fail(first, "payment terms such as 'Net 30', '2/10 Net 30', '30/60/90' or '30% advance, 70% Net 30'");
            }

            if (first.Kind == TokenKind.Number && Peek(1).Kind == TokenKind.Percent)
            {
                return ParsePortions();
            }

            if (first.Kind == TokenKind.Number && Peek(1).Kind == TokenKind.Slash && Peek(2).Kind == TokenKind.Number
                && (Peek(3).Kind is TokenKind.Slash or TokenKind.End || (IsWord(Peek(3), "EOM") && Peek(4).Kind == TokenKind.End && !ReadsAsEomDiscount(first))))
            {
                if (IsWord(Peek(3), "EOM") && Peek(4).Kind == TokenKind.End)
                {
                    var ambiguous = new Token(TokenKind.Word, first.Position, _input.Substring(first.Position, Peek(3).Position + 3 - first.Position));
                    return Fail(
                        ambiguous,
                        $"an unambiguous form: '{first.Text}/{Peek(2).Text} EOM' may be a {first.Text} % discount or two installments; write '{first.Text}/{Peek(2).Text} Net N EOM' for a discount, or '50% Net {first.Text} EOM, 50% Net {Peek(2).Text} EOM' for installments",
                        "Ambiguous");
                }

                return ParseInstallments();
            }

            var portion = ParseSingle(new PercentShare(100m));
            if (portion is null)
            {
                return null;
            }

            return ExpectEnd() ? new PaymentTerms(portion) : null;
        }

        private bool ReadsAsEomDiscount(Token percent)
            => decimal.TryParse(percent.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal p) && p <= MaxEomDiscountPercent;

        private PaymentTerms? ParseInstallments()
        {
            var days = new List<(int Days, Token Token)>();
            while (true)
            {
                var token = Peek();
                if (!TryDays(out int d))
                {
                    return null;
                }

                if (days.Count > 0 && d <= days[^1].Days)
                {
                    return Fail(token, $"a number of days greater than {days[^1].Days} (installments are in increasing order)");
                }

                days.Add((d, token));
                if (Peek().Kind != TokenKind.Slash)
                {
                    break;
                }

                _next++;
            }

            if (days.Count > MaxInstallments)
            {
                return Fail(days[MaxInstallments].Token, $"at most {MaxInstallments} installments");
            }

            bool eom = TryWord("EOM");
            if (!ExpectEnd(eom ? "the end of the terms" : "'/', 'EOM' or the end of the terms"))
            {
                return null;
            }

            int n = days.Count;
            var portions = new PaymentPortion[n];
            for (int i = 0; i < n; i++)
            {
                PortionShare share = i < n - 1 ? new PercentShare(100m / n) : PortionShare.Balance;
                DueDateRule rule = eom ? new EndOfMonthThenDaysRule(days[i].Days) : new CalendarDaysRule(days[i].Days);
                portions[i] = new PaymentPortion(share, rule);
            }

            return new PaymentTerms(portions);
        }

        private PaymentTerms? ParsePortions()
        {
            var portions = new List<PaymentPortion>();
            decimal total = 0m;
            Token lastPercent = default;
            while (true)
            {
                lastPercent = Peek();
                if (!TryPercent(out decimal percent, allowHundred: true))
                {
                    return null;
                }

                if (Peek().Kind != TokenKind.Percent)
                {
                    return Fail(Peek(), "'%' after the portion's percent");
                }

                _next++;
                if (portions.Count == PaymentTerms.MaxPortions)
                {
                    return Fail(lastPercent, $"at most {PaymentTerms.MaxPortions} portions");
                }

                total += percent;
                var share = new PercentShare(percent);
                if (TryWord("advance"))
                {
                    portions.Add(new PaymentPortion(share, DueDateRule.Immediate, BaseDateKind.OrderDate));
                }
                else
                {
                    if (Peek().Kind == TokenKind.Word && !IsWord(Peek(), "Net") && !IsWord(Peek(), "Due"))
                    {
                        return Fail(Peek(), "'advance', 'Net' or a discount 'P/D'");
                    }

                    var portion = ParseSingle(share);
                    if (portion is null)
                    {
                        return null;
                    }

                    portions.Add(portion);
                }

                if (Peek().Kind != TokenKind.Comma)
                {
                    break;
                }

                _next++;
            }

            if (!ExpectEnd("',' and another portion, or the end of the terms"))
            {
                return null;
            }

            if (total != 100m)
            {
                return Fail(lastPercent, $"portions adding up to 100 % (they add up to {Number(total)} %)");
            }

            return new PaymentTerms(portions.ToArray());
        }

        /// <summary>[discount] "Net" days ["EOM"] | discount "EOM".</summary>
        private PaymentPortion? ParseSingle(PercentShare share)
        {
            decimal? discountPercent = null;
            int discountDays = 0;
            Token discountDaysToken = default;
            if (Peek().Kind == TokenKind.Number)
            {
                if (!TryPercent(out decimal p, allowHundred: false))
                {
                    return null;
                }

                if (Peek().Kind != TokenKind.Slash)
                {
                    Fail(Peek(), "'/' and the discount days (as in '2/10 Net 30')");
                    return null;
                }

                _next++;
                discountDaysToken = Peek();
                if (!TryDays(out discountDays))
                {
                    return null;
                }

                discountPercent = p;
            }

            if (TryWord("Due"))
            {
                var composed = ParseSteps();
                if (composed is null)
                {
                    return null;
                }

                // A composed rule has no fixed number of days to compare the window with; the window is as written.
                var window = discountPercent is decimal p2 ? new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(p2, discountDays)) : null;
                return new PaymentPortion(share, composed, BaseDateKind.InvoiceDate, window);
            }

            int net;
            bool eom;
            if (TryWord("Net"))
            {
                var netToken = Peek();
                if (!TryDays(out net))
                {
                    return null;
                }

                eom = TryWord("EOM");
                if (discountPercent is not null && discountDays > net)
                {
                    Fail(discountDaysToken, $"a discount window of at most {net} days: the discount must end by the due date (Net {netToken.Text})");
                    return null;
                }
            }
            else if (discountPercent is not null && IsWord(Peek(), "EOM"))
            {
                if (discountDays > DueDateRule.MaxDays - EomDatingNetDays)
                {
                    // "P/D EOM" is due D + 20 days after the end of the month: D must leave room for those 20 days.
                    Fail(discountDaysToken, $"discount days from 0 to {DueDateRule.MaxDays - EomDatingNetDays} in 'P/D EOM' (the net amount is due {EomDatingNetDays} days later, at most {DueDateRule.MaxDays})");
                    return null;
                }

                _next++;
                eom = true;
                net = discountDays + EomDatingNetDays;
            }
            else
            {
                Fail(Peek(), discountPercent is null ? "'Net' (as in 'Net 30') or a discount (as in '2/10 Net 30')" : "'Net' or 'EOM' after the discount");
                return null;
            }

            DueDateRule rule = eom ? new EndOfMonthThenDaysRule(net) : new CalendarDaysRule(net);
            EarlyPaymentDiscount? discount = discountPercent is decimal dp
                ? new EarlyPaymentDiscount(eom ? DiscountTier.PercentWithinDaysAfterEndOfMonth(dp, discountDays) : DiscountTier.PercentWithinDays(dp, discountDays))
                : null;
            return new PaymentPortion(share, rule, BaseDateKind.InvoiceDate, discount);
        }

        /// <summary>step { step } after "Due": "Nd" | "Nm" | "EOM" | "day" D | "next" D (see <see cref="ComposedRule"/>).</summary>
        private ComposedRule? ParseSteps()
        {
            var steps = new List<DueDateStep>();
            var tokens = new List<Token>();
            while (true)
            {
                var token = Peek();
                if (token.Kind == TokenKind.Number)
                {
                    var unit = Peek(1);
                    bool days = IsWord(unit, "d");
                    if (!days && !IsWord(unit, "m"))
                    {
                        Fail(unit, "'d' (days) or 'm' (months) right after the number (as in 'Due 30d 1m day 10')");
                        return null;
                    }

                    if (!TryWhole(days ? DueDateRule.MaxDays : DueDateRule.MaxMonths, 0, days ? "a whole number of days" : "a whole number of months", out int value))
                    {
                        return null;
                    }

                    _next++;
                    steps.Add(days ? DueDateStep.AddDays(value) : DueDateStep.AddMonths(value));
                }
                else if (TryWord("EOM"))
                {
                    steps.Add(DueDateStep.EndOfMonth);
                }
                else if (IsWord(token, "day") || IsWord(token, "next"))
                {
                    _next++;
                    if (!TryWhole(31, 1, "a day of the month", out int day))
                    {
                        return null;
                    }

                    steps.Add(IsWord(token, "day") ? DueDateStep.DayOfMonth(day) : DueDateStep.NextDayOfMonth(day));
                }
                else
                {
                    break;
                }

                tokens.Add(token);
                if (steps.Count > ComposedRule.MaxSteps)
                {
                    Fail(token, $"at most {ComposedRule.MaxSteps} steps");
                    return null;
                }
            }

            if (steps.Count == 0)
            {
                Fail(Peek(), "a step after 'Due': 'Nd' (days), 'Nm' (months), 'EOM', 'day D' or 'next D' (as in 'Due 30d 1m day 10')");
                return null;
            }

            if (ComposedRule.Check(steps) is not null)
            {
                int at = steps.FindIndex(x => x.Kind == DueDateStepKind.DayOfMonth);
                Fail(tokens[at], $"'day {steps[at].Value}' right after a step of at least one month (as in '1m day {steps[at].Value}'), or 'next {steps[at].Value}' for the next day {steps[at].Value}");
                return null;
            }

            return new ComposedRule(steps);
        }

        private bool TryWhole(int max, int min, string what, out int value)
        {
            var token = Peek();
            value = 0;
            if (token.Kind != TokenKind.Number || token.Text.Contains('.', StringComparison.Ordinal)
                || !int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
            {
                Fail(token, $"{what} from {min} to {max}");
                return false;
            }

            _next++;
            return true;
        }

        private bool TryDays(out int days)
        {
            var token = Peek();
            days = 0;
            if (token.Kind != TokenKind.Number || token.Text.Contains('.', StringComparison.Ordinal)
                || !int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days > DueDateRule.MaxDays)
            {
                Fail(token, $"a whole number of days from 0 to {DueDateRule.MaxDays}");
                return false;
            }

            _next++;
            return true;
        }

        private bool TryPercent(out decimal percent, bool allowHundred)
        {
            var token = Peek();
            percent = 0m;
            bool ok = token.Kind == TokenKind.Number
                      && decimal.TryParse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out percent)
                      && percent > 0m && (allowHundred ? percent <= 100m : percent < 100m);
            if (!ok)
            {
                Fail(token, allowHundred ? "a percent greater than 0 and at most 100" : "a discount percent greater than 0 and less than 100");
                return false;
            }

            _next++;
            return true;
        }

        private bool TryWord(string word)
        {
            if (IsWord(Peek(), word))
            {
                _next++;
                return true;
            }

            return false;
        }

        private bool ExpectEnd(string expected = "the end of the terms")
        {
            if (Peek().Kind == TokenKind.End)
            {
                return true;
            }

            Fail(Peek(), expected);
            return false;
        }

        private static bool IsStepWord(string word)
            => word.Equals("Due", StringComparison.OrdinalIgnoreCase) || word.Equals("d", StringComparison.OrdinalIgnoreCase)
               || word.Equals("m", StringComparison.OrdinalIgnoreCase) || word.Equals("day", StringComparison.OrdinalIgnoreCase)
               || word.Equals("next", StringComparison.OrdinalIgnoreCase);

        private static bool IsWord(Token token, string word)
            => token.Kind == TokenKind.Word && string.Equals(token.Text, word, StringComparison.OrdinalIgnoreCase);

        private Token Peek(int ahead = 0) => _tokens[Math.Min(_next + ahead, _tokens.Count - 1)];

        private PaymentTerms? Fail(Token token, string expected, string problem = "Unexpected")
        {
            Error ??= new PaymentTermsNotationError(_input, token.Position, token.Kind == TokenKind.End ? string.Empty : token.Text, expected, problem == "Ambiguous");
            return null;
        }

        private void Tokenize()
        {
            int i = 0;
            while (i < _input.Length)
            {
                char c = _input[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                int start = i;
                if (char.IsAsciiDigit(c))
                {
                    while (i < _input.Length && (char.IsAsciiDigit(_input[i]) || _input[i] == '.'))
                    {
                        i++;
                    }

                    string text = _input[start..i];
                    bool valid = text.Count(ch => ch == '.') <= 1 && text[^1] != '.' && text.Length <= 30;
                    _tokens.Add(new Token(valid ? TokenKind.Number : TokenKind.Invalid, start, text));
                    if (!valid)
                    {
                        break;
                    }

                    continue;
                }

                if (char.IsAsciiLetter(c))
                {
                    while (i < _input.Length && char.IsAsciiLetter(_input[i]))
                    {
                        i++;
                    }

                    string word = _input[start..i];
                    bool known = word.Equals("Net", StringComparison.OrdinalIgnoreCase)
                                 || word.Equals("EOM", StringComparison.OrdinalIgnoreCase)
                                 || word.Equals("advance", StringComparison.OrdinalIgnoreCase)
                                 || IsStepWord(word);
                    _tokens.Add(new Token(known ? TokenKind.Word : TokenKind.Invalid, start, word));
                    if (!known)
                    {
                        break;
                    }

                    continue;
                }

                var kind = c switch
                {
                    '/' => TokenKind.Slash,
                    '%' => TokenKind.Percent,
                    ',' => TokenKind.Comma,
                    _ => TokenKind.Invalid,
                };
                _tokens.Add(new Token(kind, start, c.ToString()));
                i++;
                if (kind == TokenKind.Invalid)
                {
                    break;
                }
            }

            _tokens.Add(new Token(TokenKind.End, _input.Length, string.Empty));
        }
    }
}

/// <summary>What is wrong with a payment-terms notation: the offending token, where it is and what was expected.</summary>
public sealed record PaymentTermsNotationError
{
    internal PaymentTermsNotationError(string input, int position, string token, string expected, bool ambiguous)
    {
        Input = input;
        Position = position;
        Token = token;
        Expected = expected;
        IsAmbiguous = ambiguous;
    }

    /// <summary>The whole notation.</summary>
    public string Input { get; }

    /// <summary>The 0-based position of the offending token in <see cref="Input"/> (its length at the end of input).</summary>
    public int Position { get; }

    /// <summary>The offending token; empty at the end of the input.</summary>
    public string Token { get; }

    /// <summary>What the parser expected there.</summary>
    public string Expected { get; }

    /// <summary>Whether the notation is ambiguous (rather than unknown).</summary>
    public bool IsAmbiguous { get; }

    /// <summary>
    /// The error in words, e.g. <c>Unexpected 'Nett' at position 5 in '2/10 Nett 30': expected 'Net' or 'EOM' after the discount.</c>
    /// </summary>
    /// <remarks>
    /// The message quotes at most <see cref="QuoteRadius"/> characters of the input on each side of
    /// <see cref="Position"/> (with <c>…</c> where it is cut) and at most <see cref="QuoteRadius"/> characters of the
    /// token, so a hostile or huge input never makes a huge message; control and invisible format characters are
    /// shown as <c>\uXXXX</c>. <see cref="Input"/> and <see cref="Token"/> keep the text as given.
    /// </remarks>
    public string Message
    {
        get
        {
            string token = Quote(Token, 0, Math.Min(Token.Length, QuoteRadius)) + (Token.Length > QuoteRadius ? "…" : string.Empty);
            int from = Math.Max(0, Position - QuoteRadius);
            int to = Math.Min(Input.Length, Position + QuoteRadius);
            string window = (from > 0 ? "…" : string.Empty) + Quote(Input, from, to) + (to < Input.Length ? "…" : string.Empty);
            return IsAmbiguous
                ? $"Ambiguous '{token}' at position {Position} in '{window}': expected {Expected}."
                : Token.Length == 0
                    ? $"Unexpected end of '{window}' at position {Position}: expected {Expected}."
                    : $"Unexpected '{token}' at position {Position} in '{window}': expected {Expected}.";
        }
    }

    /// <summary>How many characters of the input <see cref="Message"/> quotes on each side of the position (and of the token).</summary>
    public const int QuoteRadius = 40;

    private static string Quote(string text, int from, int to)
    {
        var builder = new System.Text.StringBuilder(to - from);
        for (int i = from; i < to; i++)
        {
            char c = text[i];
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Message;
}

/// <summary>A payment-terms notation that is unknown or ambiguous; <see cref="Error"/> says where and why.</summary>
public sealed class PaymentTermsNotationException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The error.</param>
    public PaymentTermsNotationException(PaymentTermsNotationError error)
        : base(Guard.NotNull(error).Message) => Error = error;

    /// <summary>The error: token, position, what was expected.</summary>
    public PaymentTermsNotationError Error { get; }
}
