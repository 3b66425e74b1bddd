using System;
using System.Globalization;
using System.Text;

namespace Cobranza.Core;

public readonly partial struct Money
{
    /// <summary>
    /// The invariant form: the amount with a dot as decimal separator and no grouping, a space, and the code,
    /// e.g. <c>1234.56 EUR</c>, <c>-5.00 USD</c>, <c>1235 JPY</c>. <c>default(Money)</c> gives <c>default(Money)</c>.
    /// </summary>
    /// <remarks>
    /// The amount shows at least the currency's minor-unit decimals, and more when it has more significant
    /// decimals (an unrounded <c>1.005 EUR</c> prints <c>1.005 EUR</c>): formatting never rounds.
    /// </remarks>
    /// <returns>The invariant text.</returns>
    public override string ToString() => ToString("I", CultureInfo.InvariantCulture);

    /// <summary>
    /// Culture-aware text with the currency's symbol, e.g. <c>1.234,56 €</c> in es-ES or <c>$1,234.56</c> in
    /// en-US (format <c>"G"</c>; see <see cref="ToString(string?, IFormatProvider?)"/>).
    /// </summary>
    /// <param name="provider">A culture or number format; null means the current culture.</param>
    /// <returns>The formatted text.</returns>
    public string ToString(IFormatProvider? provider) => ToString("G", provider);

    /// <summary>Formats the amount.</summary>
    /// <remarks>
    /// <para>Formats (case-insensitive):</para>
    /// <list type="table">
    /// <item><term><c>G</c> or null/empty</term><description>The culture's currency pattern with the currency's symbol: es-ES <c>1.234,56 €</c>, en-GB <c>£1,234.56</c>. The invariant culture has no currency convention of its own, so with it <c>G</c> gives the invariant form (<c>1234.56 EUR</c>, as <see cref="ToString()"/>); string interpolation in a process whose culture is invariant therefore prints the same text as <see cref="ToString()"/>.</description></item>
    /// <item><term><c>C</c></term><description>The culture's currency pattern with the ISO code instead of a symbol: es-ES <c>1.234,56 EUR</c>, en-US <c>EUR 1,234.56</c>.</description></item>
    /// <item><term><c>N</c></term><description>The number alone, with the culture's separators: es-ES <c>1.234,56</c>.</description></item>
    /// <item><term><c>I</c></term><description>The invariant form, whatever the provider: <c>1234.56 EUR</c>.</description></item>
    /// </list>
    /// <para>
    /// Separators, group sizes, negative sign and the currency patterns (<see cref="NumberFormatInfo.CurrencyPositivePattern"/>,
    /// <see cref="NumberFormatInfo.CurrencyNegativePattern"/>) come from the provider. The currency shown is always
    /// this amount's currency, never the culture's: the culture's own symbol is used only when the culture's region
    /// uses this currency (COP in es-CO prints <c>$</c>); otherwise EUR prints <c>€</c>, GBP <c>£</c>, USD <c>US$</c>,
    /// and any other currency its ISO code. The space between number and symbol, when the pattern has one, is
    /// U+0020 (as .NET's own <c>"C"</c> format); a code is always separated from the number by U+0020.
    /// Digits are grouped from 1,000 up (CLDR's minimumGroupingDigits is not applied), so es-ES gives <c>1.234,56 €</c>.
    /// The number shows at least the currency's minor-unit decimals and never rounds.
    /// </para>
    /// </remarks>
    /// <param name="format">G, C, N or I; null or empty means G.</param>
    /// <param name="provider">A culture or number format; null means the current culture.</param>
    /// <returns>The formatted text.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is not one of the above.</exception>
    public string ToString(string? format, IFormatProvider? provider)
    {
        char kind = string.IsNullOrEmpty(format) ? 'G' : format.Length == 1 ? char.ToUpperInvariant(format[0]) : '?';
        if (kind is not ('G' or 'C' or 'N' or 'I'))
        {
            throw new FormatException(
                $"format must be one of G, C, N or I for Money (was '{format}').");
        }

        if (_currency is null)
        {
            return "default(Money)";
        }

        int decimals = DisplayDecimals(_amount, _currency.MinorUnits);
        IFormatProvider culture = provider ?? CultureInfo.CurrentCulture;
        if (kind == 'I' || (kind == 'G' && culture is CultureInfo { Name.Length: 0 }))
        {
            string invariant = Math.Abs(_amount).ToString(
                "F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            return (_amount < 0m ? "-" : string.Empty) + invariant + " " + _currency.Code;
        }

        var info = NumberFormatInfo.GetInstance(provider ?? CultureInfo.CurrentCulture);
        string number = FormatNumber(Math.Abs(_amount), decimals, info);
        if (kind == 'N')
        {
            return _amount < 0m ? info.NegativeSign + number : number;
        }

        string symbol = kind == 'C' ? _currency.Code : Symbol(_currency, provider ?? CultureInfo.CurrentCulture, info);
        return ApplyPattern(number, symbol, _amount < 0m, info);
    }

    /// <summary>The minor-unit decimals, or more when the amount has more significant decimals.</summary>
    private static int DisplayDecimals(decimal amount, int minorUnits)
    {
        int scale = amount.Scale;
        while (scale > minorUnits && decimal.Round(amount, scale - 1) == amount)
        {
            scale--;
        }

        return Math.Max(scale, minorUnits);
    }

    private static string FormatNumber(decimal absAmount, int decimals, NumberFormatInfo info)
    {
        string plain = absAmount.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int dot = plain.IndexOf('.', StringComparison.Ordinal);
        string integer = dot < 0 ? plain : plain[..dot];
        string fraction = dot < 0 ? string.Empty : plain[(dot + 1)..];

        var builder = new StringBuilder(plain.Length + 8);
        AppendGrouped(builder, integer, info.CurrencyGroupSizes, info.CurrencyGroupSeparator);
        if (fraction.Length > 0)
        {
            builder.Append(info.CurrencyDecimalSeparator).Append(fraction);
        }

        return builder.ToString();
    }

    /// <summary>Inserts group separators following .NET's group-size rules (the last size repeats; 0 stops grouping).</summary>
    private static void AppendGrouped(StringBuilder builder, string digits, int[] sizes, string separator)
    {
        if (sizes.Length == 0 || sizes[0] == 0)
        {
            builder.Append(digits);
            return;
        }

        // Split from the right into groups, then emit from the left.
        Span<int> cuts = stackalloc int[digits.Length + 1];
        int count = 0;
        int position = digits.Length;
        int sizeIndex = 0;
        int size = sizes[0];
        while (true)
        {
            position -= size;
            if (position <= 0)
            {
                break;
            }

            cuts[count++] = position;
            if (sizeIndex < sizes.Length - 1)
            {
                sizeIndex++;
                size = sizes[sizeIndex];
                if (size == 0)
                {
                    break;
                }
            }
        }

        int start = 0;
        for (int i = count - 1; i >= 0; i--)
        {
            builder.Append(digits, start, cuts[i] - start).Append(separator);
            start = cuts[i];
        }

        builder.Append(digits, start, digits.Length - start);
    }

    private static string Symbol(Currency currency, IFormatProvider provider, NumberFormatInfo info)
    {
        if (provider is CultureInfo culture && LocalCurrencyCode(culture) is { } local
            && string.Equals(local, currency.Code, StringComparison.Ordinal)
            && info.CurrencySymbol.Length > 0 && info.CurrencySymbol != "\u00A4")
        {
            return info.CurrencySymbol;
        }

        return currency.Code switch
        {
            "EUR" when currency.MinorUnits == 2 => "€",
            "GBP" when currency.MinorUnits == 2 => "£",
            "USD" when currency.MinorUnits == 2 => "US$",
            _ => currency.Code,
        };
    }

    private static string? LocalCurrencyCode(CultureInfo culture)
    {
        if (culture.IsNeutralCulture || culture.Name.Length == 0)
        {
            return null;
        }

        try
        {
            return new RegionInfo(culture.Name).ISOCurrencySymbol;
        }
        catch (ArgumentException)
        {
            return null; // a culture without a region
        }
    }

    private static string ApplyPattern(string number, string symbol, bool negative, NumberFormatInfo info)
    {
        // A code (letters) always has a space next to the number, even where the pattern has none ("EUR 1,234.56").
        string s = symbol;
        string sp = " ";
        bool isCode = symbol.Length > 0 && char.IsAsciiLetter(symbol[^1]) && char.IsAsciiLetter(symbol[0]);
        string before = isCode ? s + sp : s; // symbol written before the number without a pattern space
        string after = isCode ? sp + s : s;  // symbol written after the number without a pattern space
        string neg = info.NegativeSign;

        if (!negative)
        {
            return info.CurrencyPositivePattern switch
            {
                0 => before + number,          // $n
                1 => number + after,           // n$
                2 => s + sp + number,          // $ n
                _ => number + sp + s,          // n $
            };
        }

        return info.CurrencyNegativePattern switch
        {
            0 => "(" + before + number + ")",      // ($n)
            1 => neg + before + number,            // -$n
            2 => before + neg + number,            // $-n
            3 => before + number + neg,            // $n-
            4 => "(" + number + after + ")",       // (n$)
            5 => neg + number + after,             // -n$
            6 => number + neg + after,             // n-$
            7 => number + after + neg,             // n$-
            8 => neg + number + sp + s,            // -n $
            9 => neg + s + sp + number,            // -$ n
            10 => number + sp + s + neg,           // n $-
            11 => s + sp + number + neg,           // $ n-
            12 => s + sp + neg + number,           // $ -n
            13 => number + neg + sp + s,           // n- $
            14 => "(" + s + sp + number + ")",     // ($ n)
            15 => "(" + number + sp + s + ")",     // (n $)
            _ => s + neg + sp + number,            // $- n (16)
        };
    }
}
