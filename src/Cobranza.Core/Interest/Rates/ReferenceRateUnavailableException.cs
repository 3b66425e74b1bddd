using System;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// Thrown when a reference rate is asked for a date that neither the built-in table nor the host's
/// <see cref="IReferenceRateProvider"/> covers. The library never carries a stale value forward.
/// </summary>
public sealed class ReferenceRateUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tableId">The table asked.</param>
    /// <param name="date">The date asked.</param>
    /// <param name="lastCoveredDate">The last date before <paramref name="date"/> the table covers, if any.</param>
    /// <param name="message">The full message.</param>
    public ReferenceRateUnavailableException(string tableId, LocalDate date, LocalDate? lastCoveredDate, string message)
        : base(message)
    {
        TableId = tableId;
        Date = date;
        LastCoveredDate = lastCoveredDate;
    }

    /// <summary>The table asked.</summary>
    public string TableId { get; }

    /// <summary>The date asked.</summary>
    public LocalDate Date { get; }

    /// <summary>The last date before <see cref="Date"/> that the table covers; <see langword="null"/> when the date is before the table starts or the table is unknown.</summary>
    public LocalDate? LastCoveredDate { get; }

    /// <summary>First day of the missing period the host should add (the half-year or month holding <see cref="Date"/> for a periodic table; the uncovered run of days for a change table).</summary>
    /// <value><see langword="null"/> when the table is unknown.</value>
    public LocalDate? MissingFrom { get; init; }

    /// <summary>Last day (inclusive) of the missing period.</summary>
    /// <value><see langword="null"/> when the table is unknown.</value>
    public LocalDate? MissingTo { get; init; }

    /// <summary>The official publication to take the missing value from, when the table names it.</summary>
    /// <value><see langword="null"/> for a table without <see cref="ReferenceRateTable.Publication"/>.</value>
    public string? OfficialSource { get; init; }

    /// <summary>A copy-ready CSV row (<see cref="ReferenceRateFile.CsvHeader"/>) with placeholders for the rate and the reference.</summary>
    /// <value><see langword="null"/> when the table is unknown.</value>
    public string? RowToAdd { get; init; }
}
