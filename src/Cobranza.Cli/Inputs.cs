using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Cobranza.Core;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Cli;

/// <summary>Reads option values; a value that is not what the option takes is a <see cref="CliInputException"/> naming both.</summary>
internal static class Inputs
{
    /// <summary>Files larger than this are refused before they are read (the library's own bounds are lower).</summary>
    internal const long MaxFileBytes = 8 * 1024 * 1024;

    internal static LocalDate Date(string? text, string option)
    {
        var parsed = LocalDatePattern.Iso.Parse(text ?? string.Empty);
        return parsed.Success
            ? parsed.Value
            : throw new CliInputException($"{option} debe ser una fecha escrita aaaa-MM-dd (era '{text}').", $"{option} must be a date written yyyy-MM-dd (was '{text}').");
    }

    internal static LocalDate? OptionalDate(string? text, string option) => text is null ? null : Date(text, option);

    internal static decimal Decimal(string? text, string option)
    {
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliInputException(
                $"{option} debe ser un número con '.' como separador decimal (era '{text}').",
                $"{option} must be a number with '.' as the decimal separator (was '{text}').");
    }

    internal static int Integer(string? text, string option)
    {
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliInputException($"{option} debe ser un número entero (era '{text}').", $"{option} must be a whole number (was '{text}').");
    }

    /// <summary>An amount in a currency; the library refuses an unknown code or an amount finer than the minor unit.</summary>
    internal static Money Money(string? amount, string option, Currency currency) => Core.Money.Of(Decimal(amount, option), currency);

    internal static Currency Currency(string? code, string option)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new CliInputException(
                $"{option} debe ser un código de moneda ISO 4217 como EUR (era '{code}').",
                $"{option} must be an ISO 4217 currency code such as EUR (was '{code}').");
        }

        return Core.Currency.FromCode(code);
    }

    /// <summary>A comma-separated list of whole numbers (<c>--payment-days 5,20</c>).</summary>
    internal static IReadOnlyList<int> IntegerList(string? text, string option)
    {
        var list = new List<int>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return list;
        }

        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            list.Add(Integer(part, option));
        }

        return list;
    }

    /// <summary>Reads a text file, refusing a missing or oversized one with its path.</summary>
    internal static string ReadFile(string path, string option)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new CliInputException($"{option}: no existe el archivo '{path}'.", $"{option}: no file '{path}'.");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new CliInputException(
                string.Create(CultureInfo.InvariantCulture, $"{option}: '{path}' tiene {info.Length} bytes; se leen como mucho {MaxFileBytes}."),
                string.Create(CultureInfo.InvariantCulture, $"{option}: '{path}' has {info.Length} bytes; at most {MaxFileBytes} are read."));
        }

        return File.ReadAllText(path);
    }
}
