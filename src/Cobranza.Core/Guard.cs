using System;
using System.Runtime.CompilerServices;

namespace Cobranza.Core;

/// <summary>Argument checks shared by the whole library. Messages name the argument and the offending value.</summary>
internal static class Guard
{
    internal static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
        => value ?? throw new ArgumentNullException(name);

    internal static string NotNullOrWhiteSpace(string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty or white space (was '{value}').", name);
        }

        return value;
    }

    internal static int NotNegative(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
        => value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative (was {value}).");

    internal static int Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
        => value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive (was {value}).");

    internal static int InRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string? name = null)
        => value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max} (was {value}).");
}
