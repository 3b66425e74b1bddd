using System;

namespace Cobranza.Core.Interest;

/// <summary>
/// Where and when the official values of a reference-rate series appear: what a host needs to keep a table current.
/// The built-in tables carry one (<see cref="ReferenceRateTable.Publication"/>); a missing rate's message quotes it
/// with the exact missing period and a copy-ready row.
/// </summary>
public sealed record ReferenceRatePublication
{
    /// <summary>Creates the description.</summary>
    /// <param name="officialSource">The official publication to take values from, e.g. "BOE: resolución de la Secretaría General del Tesoro y Financiación Internacional".</param>
    /// <param name="whenPublished">When a new value appears, e.g. "in the first days of January and July".</param>
    /// <param name="periodicity">The shape of a value's period.</param>
    /// <exception cref="ArgumentException">A text is null or white space, or <paramref name="periodicity"/> is not defined.</exception>
    public ReferenceRatePublication(string officialSource, string whenPublished, ReferenceRatePeriodicity periodicity)
    {
        OfficialSource = Guard.NotNullOrWhiteSpace(officialSource);
        WhenPublished = Guard.NotNullOrWhiteSpace(whenPublished);
        Periodicity = Enum.IsDefined(periodicity)
            ? periodicity
            : throw new ArgumentOutOfRangeException(nameof(periodicity), periodicity, $"periodicity must be a defined ReferenceRatePeriodicity (was {(int)periodicity}).");
    }

    /// <summary>The official publication to take values from.</summary>
    public string OfficialSource { get; }

    /// <summary>When a new value appears.</summary>
    public string WhenPublished { get; }

    /// <summary>The shape of a value's period.</summary>
    public ReferenceRatePeriodicity Periodicity { get; }
}
