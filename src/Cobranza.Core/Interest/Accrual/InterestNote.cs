using System;
using System.Globalization;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>What an <see cref="InterestNote"/> explains.</summary>
public enum InterestNoteKind
{
    /// <summary>No day accrues between the first accruing day (<see cref="InterestNote.From"/>) and the calculation date (<see cref="InterestNote.To"/>), e.g. the calculation date is before the due date.</summary>
    NoAccruingDays = 0,

    /// <summary>The balance is negative (an overpayment, <see cref="InterestNote.Amount"/>) from <see cref="InterestNote.From"/> to <see cref="InterestNote.To"/> (inclusive): no interest accrues.</summary>
    NegativeBalance = 1,

    /// <summary>The balance was settled by the last grace day (<see cref="InterestNote.To"/>): the days up to then owe nothing.</summary>
    SettledWithinGrace = 2,

    /// <summary>The calculation date is within the grace period ending <see cref="InterestNote.To"/>: no interest is claimable yet.</summary>
    WithinGracePeriod = 3,

    /// <summary>The balance was not settled within the grace period ending <see cref="InterestNote.To"/>: interest runs from <see cref="InterestNote.From"/>.</summary>
    GraceNotMet = 4,

    /// <summary>Grace of <see cref="InterestNote.Count"/> days postpones the accrual start to <see cref="InterestNote.From"/>.</summary>
    GraceDeferred = 5,

    /// <summary>The accrued interest <see cref="InterestNote.Amount"/> is below the minimum <see cref="InterestNote.SecondAmount"/> and is not charged.</summary>
    BelowMinimum = 6,

    /// <summary>Compound interest: unpaid interest is capitalised every <see cref="InterestNote.Count"/> months from <see cref="InterestNote.From"/>.</summary>
    Compounding = 7,

    /// <summary><see cref="InterestNote.Amount"/> of unpaid interest was capitalised on <see cref="InterestNote.From"/>.</summary>
    Capitalised = 8,

    /// <summary>From <see cref="InterestNote.From"/> to <see cref="InterestNote.To"/> the rate <see cref="InterestNote.SecondRate"/> exceeded the ceiling; the ceiling <see cref="InterestNote.Rate"/> applied.</summary>
    CappedRate = 9,

    /// <summary><see cref="InterestNote.Count"/> balance changes after the calculation date were not included.</summary>
    ChangesAfterEnd = 10,

    /// <summary>Rates are effective annual rates, converted to a daily rate <c>(1 + EA)^(1/365) − 1</c>.</summary>
    EffectiveRates = 11,

    /// <summary>
    /// The agreed rate exceeded the legal ceiling on <see cref="InterestNote.Count"/> accruing days between
    /// <see cref="InterestNote.From"/> and <see cref="InterestNote.To"/> (on the first of them <see cref="InterestNote.SecondRate"/>
    /// against the ceiling <see cref="InterestNote.Rate"/>), so all interest is forfeited (Colombia, Código de Comercio
    /// art. 884; Ley 45 de 1990 art. 72): the accrued <see cref="InterestNote.Amount"/> is not charged.
    /// Added under <see cref="AccrualConventions.UsuryExcess"/> = <see cref="UsuryExcessRule.Forfeit"/>.
    /// </summary>
    InterestForfeited = 12,

    /// <summary>
    /// From <see cref="InterestNote.From"/> to <see cref="InterestNote.To"/> the official reference rate was not loaded
    /// yet: the last known value, giving the rate <see cref="InterestNote.Rate"/>, was carried forward
    /// (<see cref="MissingRatePolicy.CarryForwardProvisional"/>). The figure is provisional.
    /// </summary>
    ProvisionalRate = 13,

    /// <summary>Rates are effective annual rates, converted to each segment's period: <c>(1 + EA)^(days/365) − 1</c> (<see cref="RateQuotation.EffectiveAnnualPeriodEquivalent"/>).</summary>
    EffectiveRatesPeriodEquivalent = 14,
}

/// <summary>An explanation attached to an interest statement, rendered in Spanish or English.</summary>
public sealed record InterestNote
{
    internal InterestNote(InterestNoteKind kind)
    {
        Kind = kind;
    }

    /// <summary>What the note explains; the kind's documentation says which other properties it uses.</summary>
    public InterestNoteKind Kind { get; }

    /// <summary>A first date (see <see cref="Kind"/>).</summary>
    public LocalDate? From { get; internal init; }

    /// <summary>A second date, inclusive (see <see cref="Kind"/>).</summary>
    public LocalDate? To { get; internal init; }

    /// <summary>An amount (see <see cref="Kind"/>).</summary>
    public Money? Amount { get; internal init; }

    /// <summary>A second amount (see <see cref="Kind"/>).</summary>
    public Money? SecondAmount { get; internal init; }

    /// <summary>A rate as a fraction (see <see cref="Kind"/>).</summary>
    public decimal? Rate { get; internal init; }

    /// <summary>A second rate as a fraction (see <see cref="Kind"/>).</summary>
    public decimal? SecondRate { get; internal init; }

    /// <summary>A count (see <see cref="Kind"/>).</summary>
    public int? Count { get; internal init; }

    /// <summary>The note as a sentence in the culture's language (Spanish or English), amounts in the culture's format.</summary>
    /// <param name="culture">A Spanish (<c>es-*</c>) or English (<c>en-*</c>) culture.</param>
    /// <returns>The sentence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="culture"/> is null.</exception>
    /// <exception cref="ArgumentException">The culture's language is neither Spanish nor English.</exception>
    public string ToString(CultureInfo culture)
    {
        bool es = StatementText.IsSpanish(culture);
        string from = From is { } f ? StatementText.Date(f, culture) : string.Empty;
        string to = To is { } t ? StatementText.Date(t, culture) : string.Empty;
        string amount = Amount is { } a ? a.ToString(culture) : string.Empty;
        string second = SecondAmount is { } s ? s.ToString(culture) : string.Empty;
        string rate = Rate is { } r ? StatementText.Percent(r, culture) : string.Empty;
        string secondRate = SecondRate is { } r2 ? StatementText.Percent(r2, culture) : string.Empty;
        string count = Count is { } c ? c.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return Kind switch
        {
            InterestNoteKind.NoAccruingDays => es
                ? $"Sin intereses: ningún día devenga entre el primer día de devengo ({from}) y la fecha de cálculo ({to})."
                : $"No interest: no day accrues between the first accruing day ({from}) and the calculation date ({to}).",
            InterestNoteKind.NegativeBalance => es
                ? $"Del {from} al {to} el saldo es negativo ({amount}, pago en exceso): no devenga intereses."
                : $"From {from} to {to} the balance is negative ({amount}, an overpayment): no interest accrues.",
            InterestNoteKind.SettledWithinGrace => es
                ? $"El saldo se pagó dentro del periodo de gracia que termina el {to}: no hay intereses por los días hasta esa fecha."
                : $"The balance was settled within the grace period ending {to}: no interest for the days up to then.",
            InterestNoteKind.WithinGracePeriod => es
                ? $"La fecha de cálculo está dentro del periodo de gracia que termina el {to}: todavía no se pueden reclamar intereses."
                : $"The calculation date is within the grace period ending {to}: no interest is claimable yet.",
            InterestNoteKind.GraceNotMet => es
                ? $"El saldo no se pagó dentro del periodo de gracia que termina el {to}: los intereses corren desde el {from}."
                : $"The balance was not settled within the grace period ending {to}: interest runs from {from}.",
            InterestNoteKind.GraceDeferred => es
                ? $"Periodo de gracia de {count} días: los intereses corren desde el {from}."
                : $"Grace period of {count} days: interest runs from {from}.",
            InterestNoteKind.BelowMinimum => es
                ? $"Los intereses de {amount} no alcanzan el mínimo de {second} y no se cobran."
                : $"The interest of {amount} is below the minimum of {second} and is not charged.",
            InterestNoteKind.Compounding => es
                ? $"Interés compuesto: los intereses vencidos se capitalizan cada {count} meses a partir del {from}."
                : $"Compound interest: unpaid interest is capitalised every {count} months from {from}.",
            InterestNoteKind.Capitalised => es
                ? $"El {from} se capitalizan {amount} de intereses vencidos (pasan a devengar intereses)."
                : $"On {from}, {amount} of unpaid interest is capitalised (it bears interest from then on).",
            InterestNoteKind.CappedRate => es
                ? $"Del {from} al {to} el tipo de {secondRate} supera el máximo legal; se aplica el máximo de {rate}."
                : $"From {from} to {to} the rate of {secondRate} exceeds the legal ceiling; the ceiling of {rate} applies.",
            InterestNoteKind.ChangesAfterEnd => es
                ? $"No se incluyen {count} movimientos posteriores a la fecha de cálculo."
                : $"{count} balance changes after the calculation date are not included.",
            InterestNoteKind.EffectiveRates => es
                ? "Tipos efectivos anuales (EA): tipo diario = (1 + EA)^(1/365) − 1; intereses = saldo × días × tipo diario."
                : "Effective annual rates (EA): daily rate = (1 + EA)^(1/365) − 1; interest = balance × days × daily rate.",
            InterestNoteKind.InterestForfeited => es
                ? $"Intereses perdidos: el tipo pactado supera el máximo legal en {count} días entre el {from} y el {to} (el primero, {secondRate} frente a {rate}); el acreedor pierde todos los intereses (Código de Comercio art. 884; Ley 45 de 1990 art. 72) y no se cobran los {amount} devengados."
                : $"Interest forfeited: the agreed rate exceeds the legal ceiling on {count} days between {from} and {to} (on the first, {secondRate} against {rate}); the creditor loses all the interest (Código de Comercio art. 884; Ley 45 de 1990 art. 72), so the {amount} accrued is not charged.",
            InterestNoteKind.EffectiveRatesPeriodEquivalent => es
                ? "Tipos efectivos anuales (EA), equivalentes al periodo: intereses = saldo × ((1 + EA)^(días/365) − 1)."
                : "Effective annual rates (EA), converted to the period: interest = balance × ((1 + EA)^(days/365) − 1).",
            InterestNoteKind.ProvisionalRate => es
                ? $"Cálculo provisional: del {from} al {to} el tipo de referencia oficial aún no está publicado o cargado; se aplica provisionalmente el último conocido ({rate}). El importe se recalculará con el tipo oficial."
                : $"Provisional figure: from {from} to {to} the official reference rate is not published or loaded yet; the last known one applies provisionally ({rate}). The amount will be recalculated with the official rate.",
            _ => throw new InvalidOperationException($"Unknown note kind {(int)Kind}."),
        };
    }

    /// <summary>The note in English with invariant formatting.</summary>
    /// <returns>The sentence.</returns>
    public override string ToString() => ToString(CultureInfo.GetCultureInfo("en-GB"));
}
