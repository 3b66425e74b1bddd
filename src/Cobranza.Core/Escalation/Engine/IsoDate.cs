// Formatting: a date as ISO uuuu-MM-dd for the engine's explanations, written in place without a string.
using System;
using System.Globalization;
using Cobranza.Core.Calendars;
using NodaTime;

namespace Cobranza.Core.Escalation;

/// <summary>A date as ISO <c>uuuu-MM-dd</c>, formatted in place (no string) for years 0–9999; NodaTime's pattern otherwise.</summary>
internal readonly struct IsoDate : ISpanFormattable
{
    private readonly int _year;
    private readonly int _month;
    private readonly int _day;

    public IsoDate(LocalDate date)
    {
        _year = date.Year;
        _month = date.Month;
        _day = date.Day;
    }

    /// <summary>The date of a day number (<see cref="DayNumbers"/>) of a date the engine read, without building a <see cref="LocalDate"/>.</summary>
    public IsoDate(int dayNumber) => DayNumbers.ToCivil(dayNumber, out _year, out _month, out _day);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        int year = _year;
        if (year is < 0 or > 9999)
        {
            string text = ToString(null, provider);
            if (!text.AsSpan().TryCopyTo(destination))
            {
                charsWritten = 0;
                return false;
            }

            charsWritten = text.Length;
            return true;
        }

        if (destination.Length < 10)
        {
            charsWritten = 0;
            return false;
        }

        Digits(destination, 0, year, 4);
        destination[4] = '-';
        Digits(destination, 5, _month, 2);
        destination[7] = '-';
        Digits(destination, 8, _day, 2);
        charsWritten = 10;
        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => new LocalDate(_year, _month, _day).ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    public override string ToString() => ToString(null, null);

    private static void Digits(Span<char> destination, int at, int value, int width)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            destination[at + i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
