using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// Marks a resolution under <see cref="MissingRatePolicy.CarryForwardProvisional"/>: answers as the host does, and
/// tells the look-up to carry the last known value forward where no value is loaded.
/// </summary>
internal sealed class ProvisionalRateProvider(IReferenceRateProvider? inner) : IReferenceRateProvider
{
    internal IReferenceRateProvider? Inner { get; } = inner;

    public bool TryGetRate(string tableId, LocalDate date, [NotNullWhen(true)] out ReferenceRate? rate)
    {
        rate = null;
        return Inner is not null && Inner.TryGetRate(tableId, date, out rate);
    }
}
