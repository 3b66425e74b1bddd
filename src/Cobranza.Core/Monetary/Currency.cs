using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Cobranza.Core;

/// <summary>
/// A currency: an ISO 4217 alphabetic code, its numeric code, the number of decimal digits of its minor unit and
/// its name. Immutable; instances from the ISO table are shared.
/// </summary>
/// <remarks>
/// <para>
/// The table (<see cref="All"/>) is ISO 4217 List One as published on 2026-01-01 (see <c>docs/money.md</c>).
/// Currencies whose minor unit is "N.A." in the standard (gold, SDR, test codes, ...) are not in the table.
/// </para>
/// <para>
/// Equality is by <see cref="Code"/> (ordinal, upper case) <em>and</em> <see cref="MinorUnits"/>: a custom
/// "COP with 0 decimals" is a different currency from ISO COP (2 decimals), so amounts in the two never mix
/// silently. <see cref="NumericCode"/> and <see cref="Name"/> do not take part in equality.
/// </para>
/// </remarks>
public sealed class Currency : IEquatable<Currency>, IComparable<Currency>
{
    /// <summary>The largest number of minor-unit digits a custom currency may have.</summary>
    public const int MaxMinorUnits = 18;

    internal Currency(string code, int numericCode, int minorUnits, string name)
    {
        Code = code;
        NumericCode = numericCode;
        MinorUnits = minorUnits;
        Name = name;
        MinorUnit = new decimal(1, 0, 0, false, (byte)minorUnits);
    }

    /// <summary>The alphabetic code in upper case, e.g. <c>EUR</c>.</summary>
    public string Code { get; }

    /// <summary>The ISO 4217 numeric code, e.g. 978 for EUR; 0 for a custom currency that has none.</summary>
    public int NumericCode { get; }

    /// <summary>The number of decimal digits of the minor unit: 2 for EUR, 0 for JPY and CLP, 3 for KWD, 4 for CLF.</summary>
    public int MinorUnits { get; }

    /// <summary>The English name, e.g. <c>Euro</c>.</summary>
    public string Name { get; }

    /// <summary>The value of one minor unit: <c>0.01m</c> for 2 minor units, <c>1m</c> for 0.</summary>
    public decimal MinorUnit { get; }

    /// <summary>Every currency of the ISO 4217 table, ordered by code.</summary>
    public static IReadOnlyList<Currency> All => Iso4217.All;

    /// <summary>Euro (978, 2 minor units).</summary>
    public static Currency EUR => Iso4217.Eur;

    /// <summary>US Dollar (840, 2 minor units).</summary>
    public static Currency USD => Iso4217.Usd;

    /// <summary>Pound Sterling (826, 2 minor units).</summary>
    public static Currency GBP => Iso4217.Gbp;

    /// <summary>Colombian Peso (170, 2 minor units).</summary>
    public static Currency COP => Iso4217.Cop;

    /// <summary>Mexican Peso (484, 2 minor units).</summary>
    public static Currency MXN => Iso4217.Mxn;

    /// <summary>Chilean Peso (152, 0 minor units).</summary>
    public static Currency CLP => Iso4217.Clp;

    /// <summary>Sol, Peru (604, 2 minor units).</summary>
    public static Currency PEN => Iso4217.Pen;

    /// <summary>Argentine Peso (032, 2 minor units).</summary>
    public static Currency ARS => Iso4217.Ars;

    /// <summary>Brazilian Real (986, 2 minor units).</summary>
    public static Currency BRL => Iso4217.Brl;

    /// <summary>Swiss Franc (756, 2 minor units).</summary>
    public static Currency CHF => Iso4217.Chf;

    /// <summary>Yen (392, 0 minor units).</summary>
    public static Currency JPY => Iso4217.Jpy;

    /// <summary>Returns the ISO 4217 currency with the given alphabetic code, ignoring case.</summary>
    /// <param name="code">An alphabetic code such as <c>EUR</c> or <c>eur</c>.</param>
    /// <returns>The shared instance from the ISO table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="ArgumentException">No currency in the table has that code; the message names the code.</exception>
    public static Currency FromCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (Iso4217.TryGet(code, out var currency))
        {
            return currency!;
        }

        throw new ArgumentException(
            $"Unknown ISO 4217 currency code '{code}' (ISO 4217 list of {Iso4217.ListDate}). " +
            "Use Currency.Custom to define a currency that is not in the list.",
            nameof(code));
    }

    /// <summary>Looks up an ISO 4217 currency by alphabetic code, ignoring case, without throwing.</summary>
    /// <param name="code">An alphabetic code, or null.</param>
    /// <param name="currency">The currency found, or null.</param>
    /// <returns>Whether the code is in the table.</returns>
    public static bool TryFromCode(string? code, [NotNullWhen(true)] out Currency? currency)
    {
        if (code is not null && Iso4217.TryGet(code, out currency))
        {
            return currency is not null;
        }

        currency = null;
        return false;
    }

    /// <summary>
    /// Defines a currency that is not in the ISO table, or an ISO currency with a different minor unit
    /// (e.g. a business that bills COP without decimals: <c>Currency.Custom("COP", 170, 0, "Peso colombiano")</c>).
    /// </summary>
    /// <remarks>
    /// A custom currency is not registered anywhere: <see cref="FromCode"/> never returns it. It equals an ISO
    /// currency only when both code and minor units are the same.
    /// </remarks>
    /// <param name="code">3 to 8 ASCII letters or digits, starting with a letter; stored in upper case.</param>
    /// <param name="numericCode">0 to 999 (0 when there is none).</param>
    /// <param name="minorUnits">0 to <see cref="MaxMinorUnits"/>.</param>
    /// <param name="name">A non-blank name.</param>
    /// <returns>A new currency.</returns>
    /// <exception cref="ArgumentException">An argument is out of range; the message names it and its value.</exception>
    public static Currency Custom(string code, int numericCode, int minorUnits, string name)
    {
        Guard.NotNullOrWhiteSpace(code);
        if (code.Length is < 3 or > 8 || !char.IsAsciiLetter(code[0]) || !IsAsciiLettersOrDigits(code))
        {
            throw new ArgumentException(
                $"{nameof(code)} must be 3 to 8 ASCII letters or digits starting with a letter (was '{code}').",
                nameof(code));
        }

        Guard.InRange(numericCode, 0, 999);
        Guard.InRange(minorUnits, 0, MaxMinorUnits);
        Guard.NotNullOrWhiteSpace(name);
        return new Currency(code.ToUpperInvariant(), numericCode, minorUnits, name);
    }

    /// <inheritdoc />
    public bool Equals(Currency? other)
        => ReferenceEquals(this, other)
           || (other is not null && MinorUnits == other.MinorUnits && string.Equals(Code, other.Code, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Currency);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Code), MinorUnits);

    /// <summary>Orders by <see cref="Code"/> (ordinal), then by <see cref="MinorUnits"/>; null sorts first.</summary>
    /// <param name="other">The currency to compare with.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(Currency? other)
    {
        if (other is null)
        {
            return 1;
        }

        int byCode = string.CompareOrdinal(Code, other.Code);
        return byCode != 0 ? byCode : MinorUnits.CompareTo(other.MinorUnits);
    }

    /// <summary>Whether two currencies are equal (same code and minor units).</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Currency? left, Currency? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two currencies differ (in code or minor units).</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Currency? left, Currency? right) => !(left == right);

    /// <summary>Returns the alphabetic code, e.g. <c>EUR</c>.</summary>
    /// <returns>The code.</returns>
    public override string ToString() => Code;

    private static bool IsAsciiLettersOrDigits(string value)
    {
        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
