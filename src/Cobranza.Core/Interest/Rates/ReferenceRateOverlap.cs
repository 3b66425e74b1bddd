using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// Days where a host row replaced a row of the table it was combined with (<see cref="ReferenceRateTable.Combine"/>):
/// the host row wins on <c>[From, To]</c>.
/// </summary>
/// <param name="From">First day replaced (inclusive).</param>
/// <param name="To">Last day replaced (inclusive).</param>
/// <param name="Replaced">The table's row.</param>
/// <param name="By">The host's row.</param>
public sealed record ReferenceRateOverlap(LocalDate From, LocalDate To, ReferenceRate Replaced, ReferenceRate By)
{
    /// <summary>Whether both rows carry the same rate (a confirmation, not a correction).</summary>
    public bool SameRate => Replaced.Rate == By.Rate;

    /// <inheritdoc/>
    public override string ToString()
        => $"{From:uuuu-MM-dd} to {To:uuuu-MM-dd}: {ReferenceRateLookup.Percent(Replaced.Rate)} ({Replaced.Source}) replaced by {ReferenceRateLookup.Percent(By.Rate)} ({By.Source}){(SameRate ? ", same rate" : string.Empty)}";
}
