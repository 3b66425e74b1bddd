using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// A late-interest statement ("liquidación de intereses de demora"): the segments with their days, balance,
/// rate, day count and amount; the fees; the totals; and notes that explain every special case. Immutable.
/// </summary>
public sealed class InterestStatement
{
    /// <summary>A statement whose segments fill <paramref name="segments"/>.</summary>
    internal InterestStatement(
        Currency currency,
        LocalDate dueDate,
        LocalDate calculateUntil,
        LocalDate? firstAccruingDay,
        LocalDate? lastAccruingDay,
        InterestSegment[] segments,
        Money accruedInterest,
        Money interest,
        FeeLine[] fees,
        Money feesTotal,
        InterestNote[] notes)
        : this(currency, dueDate, calculateUntil, firstAccruingDay, lastAccruingDay, segments, segments.Length, accruedInterest, interest, fees, feesTotal, notes)
    {
    }

    /// <summary>A statement whose segments are the first <paramref name="segmentCount"/> of <paramref name="segments"/> (the engine's array, never exposed beyond them).</summary>
    internal InterestStatement(
        Currency currency,
        LocalDate dueDate,
        LocalDate calculateUntil,
        LocalDate? firstAccruingDay,
        LocalDate? lastAccruingDay,
        InterestSegment[] segments,
        int segmentCount,
        Money accruedInterest,
        Money interest,
        FeeLine[] fees,
        Money feesTotal,
        InterestNote[] notes)
    {
        Currency = currency;
        DueDate = dueDate;
        CalculateUntil = calculateUntil;
        FirstAccruingDay = firstAccruingDay;
        LastAccruingDay = lastAccruingDay;
        Segments = segmentCount == segments.Length
            ? Array.AsReadOnly(segments)
            : new ReadOnlyCollection<InterestSegment>(new ArraySegment<InterestSegment>(segments, 0, segmentCount));
        AccruedInterest = accruedInterest;
        Interest = interest;
        Fees = Array.AsReadOnly(fees);
        FeesTotal = feesTotal;
        Total = interest + feesTotal;
        Notes = Array.AsReadOnly(notes);
    }

    /// <summary>The currency of every amount.</summary>
    public Currency Currency { get; }

    /// <summary>The due date of the request.</summary>
    public LocalDate DueDate { get; }

    /// <summary>The calculate-until date of the request.</summary>
    public LocalDate CalculateUntil { get; }

    /// <summary>The first day that accrues, or null when no day accrues.</summary>
    public LocalDate? FirstAccruingDay { get; }

    /// <summary>The last day that accrues (inclusive), or null when no day accrues.</summary>
    public LocalDate? LastAccruingDay { get; }

    /// <summary>The segments, in date order; together they cover exactly <c>[FirstAccruingDay, LastAccruingDay]</c>, each day once.</summary>
    public IReadOnlyList<InterestSegment> Segments { get; }

    /// <summary>The interest accrued, rounded as the conventions say; the segment amounts add up to it exactly.</summary>
    public Money AccruedInterest { get; }

    /// <summary>The interest charged: <see cref="AccruedInterest"/>, or zero when it is below the conventions' minimum.</summary>
    public Money Interest { get; }

    /// <summary>The fee lines, as given in the request.</summary>
    public IReadOnlyList<FeeLine> Fees { get; }

    /// <summary>The sum of the fees.</summary>
    public Money FeesTotal { get; }

    /// <summary><see cref="Interest"/> + <see cref="FeesTotal"/>.</summary>
    public Money Total { get; }

    /// <summary>Explanations of special cases (overpayment, grace, minimum, caps, capitalisation), in date order of discovery.</summary>
    public IReadOnlyList<InterestNote> Notes { get; }

    /// <summary>The figures of the statement (what <see cref="LateInterestCalculator.CalculateTotals"/> returns for the same request).</summary>
    public InterestTotals Totals => new(Currency, FirstAccruingDay, LastAccruingDay, AccruedInterest, Interest, FeesTotal) { IsProvisional = IsProvisional };

    /// <summary>
    /// Whether a rate used is provisional (a reference value carried forward under
    /// <see cref="MissingRatePolicy.CarryForwardProvisional"/>; the notes say which days, in Spanish and English).
    /// A provisional statement is an estimate: do not post or send its figures unless the host has decided to.
    /// </summary>
    public bool IsProvisional => AnyProvisional(Notes);

    /// <summary>
    /// The statement as a Markdown document (plain text that reads well unrendered): a heading, the accrual
    /// period, the table of segments, the table of totals and the notes, in Spanish or English. Dates are in the
    /// language's one document style, as on notices and the statement of account: Spanish <c>31/07/2025</c>, English
    /// <c>31 Jul 2025</c>; amounts use <see cref="Money.ToString(IFormatProvider?)"/> with <paramref name="culture"/>; rates are
    /// percentages with the culture's decimal separator; a capped rate is marked with <c>*</c>; an effective
    /// annual rate is suffixed <c>EA</c>.
    /// </summary>
    /// <param name="culture">A Spanish (<c>es-ES</c>, <c>es-CO</c>, ...) or English (<c>en-GB</c>, ...) culture.</param>
    /// <returns>The text, lines separated by <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="culture"/> is null.</exception>
    /// <exception cref="ArgumentException">The culture's language is neither Spanish nor English.</exception>
    public string Render(CultureInfo culture)
    {
        bool es = StatementText.IsSpanish(culture);
        var sb = new StringBuilder(256 + (Segments.Count * 96));
        sb.Append(es ? "## Liquidación de intereses de demora" : "## Late-payment interest statement").Append("\n\n");
        sb.Append(es ? "Vencimiento: " : "Due date: ").Append(StatementText.Date(DueDate, culture))
          .Append(es ? ". Intereses calculados hasta: " : ". Interest calculated until: ").Append(StatementText.Date(CalculateUntil, culture)).Append(".\n");
        if (FirstAccruingDay is { } first && LastAccruingDay is { } last)
        {
            sb.Append(es ? "Días que devengan intereses: del " : "Days accruing interest: ").Append(StatementText.Date(first, culture))
              .Append(es ? " al " : " to ").Append(StatementText.Date(last, culture))
              .Append(es ? ", ambos incluidos." : ", both inclusive.").Append('\n');
        }

        if (Segments.Count > 0)
        {
            sb.Append('\n');
            sb.Append(es
                ? "| Desde | Hasta | Días | Saldo | Tipo anual | Base | Intereses |\n"
                : "| From | To | Days | Balance | Annual rate | Day count | Interest |\n");
            sb.Append("|:--|:--|--:|--:|--:|:--|--:|\n");
            foreach (InterestSegment s in Segments)
            {
                sb.Append("| ").Append(StatementText.Date(s.Start, culture))
                  .Append(" | ").Append(StatementText.Date(s.LastDay, culture))
                  .Append(" | ").Append(s.Days.ToString(CultureInfo.InvariantCulture))
                  .Append(" | ").Append(s.Balance.ToString(culture))
                  .Append(" | ").Append(StatementText.Percent(s.AnnualRate, culture))
                  .Append(s.Quotation != RateQuotation.NominalAnnual ? " EA" : string.Empty)
                  .Append(s.Capped ? "*" : string.Empty)
                  .Append(" | ").Append(s.DayCount.Name)
                  .Append(" | ").Append(s.Amount.ToString(culture))
                  .Append(" |\n");
            }
        }

        sb.Append('\n');
        sb.Append(es ? "| Concepto | Importe |\n" : "| Item | Amount |\n");
        sb.Append("|:--|--:|\n");
        sb.Append(es ? "| Intereses de demora | " : "| Late-payment interest | ").Append(Interest.ToString(culture)).Append(" |\n");
        foreach (FeeLine fee in Fees)
        {
            sb.Append("| ").Append(fee.Description).Append(" (").Append(fee.LegalSource).Append(") | ")
              .Append(fee.Amount.ToString(culture)).Append(" |\n");
        }

        sb.Append("| **Total** | **").Append(Total.ToString(culture)).Append("** |\n");
        if (Notes.Count > 0)
        {
            sb.Append('\n').Append(es ? "Notas:\n" : "Notes:\n");
            foreach (InterestNote note in Notes)
            {
                sb.Append("- ").Append(note.ToString(culture)).Append('\n');
            }
        }

        return sb.ToString();
    }

    internal static bool AnyProvisional(System.Collections.Generic.IReadOnlyList<InterestNote> notes)
    {
        foreach (InterestNote note in notes)
        {
            if (note.Kind == InterestNoteKind.ProvisionalRate)
            {
                return true;
            }
        }

        return false;
    }
}
