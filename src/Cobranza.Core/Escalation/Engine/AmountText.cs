// Formatting: an amount as Money.ToString() writes it, for the engine's explanations, written in place.
using System;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Escalation;

/// <summary>
/// An amount as <see cref="Money.ToString()"/> writes it (<c>1234.50 EUR</c>), formatted in place from an exact
/// mantissa and scale; from the decimal through <see cref="Money.ToString()"/> when the sum did not fit.
/// </summary>
internal readonly struct AmountText : ISpanFormattable
{
    private readonly ScaledSum _sum;
    private readonly decimal _amount;
    private readonly Currency _currency;

    public AmountText(ScaledSum sum, decimal amount, Currency currency)
    {
        _sum = sum;
        _amount = amount;
        _currency = currency;
    }

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        if (!_sum.Ok)
        {
            string text = ToString();
            if (!text.AsSpan().TryCopyTo(destination))
            {
                return false;
            }

            charsWritten = text.Length;
            return true;
        }

        // Money's invariant form: the scale without trailing zeros but at least the minor units ("F" format, no
        // grouping, '.' separator), a space and the ISO code. The sum is never negative (outstanding amounts).
        ulong mantissa = (ulong)_sum.Mantissa;
        int scale = _sum.Scale;
        int minor = _currency.MinorUnits;
        while (scale > minor && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        int decimals = scale > minor ? scale : minor;
        Span<char> digits = stackalloc char[20];
        int n = 0;
        do
        {
            digits[n++] = (char)('0' + (int)(mantissa % 10));
            mantissa /= 10;
        }
        while (mantissa != 0);

        // digits holds the mantissa reversed; scale of them are the fraction.
        int integerDigits = n > scale ? n - scale : 1;
        string code = _currency.Code;
        int length = integerDigits + (decimals > 0 ? 1 + decimals : 0) + 1 + code.Length;
        if (destination.Length < length)
        {
            return false;
        }

        int at = 0;
        for (int i = integerDigits - 1; i >= 0; i--)
        {
            int index = i + scale;
            destination[at++] = index < n ? digits[index] : '0';
        }

        if (decimals > 0)
        {
            destination[at++] = '.';
            for (int i = scale - 1; i >= 0; i--)
            {
                destination[at++] = i < n ? digits[i] : '0';
            }

            for (int i = scale; i < decimals; i++)
            {
                destination[at++] = '0';
            }
        }

        destination[at++] = ' ';
        code.AsSpan().CopyTo(destination[at..]);
        charsWritten = at + code.Length;
        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString() => Money.Of(_amount, _currency).ToString();
}
