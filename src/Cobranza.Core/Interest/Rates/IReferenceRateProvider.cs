using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// The port through which a host supplies reference rates: the official series it downloads (ECB, Bundesbank,
/// Bank of England, BOE, Superintendencia Financiera...), or rates for tables the library does not ship.
/// </summary>
/// <remarks>
/// <para>
/// Synchronous on purpose: the core does no I/O, so the host loads the rates it needs <i>before</i> computing
/// (e.g. at start-up or once a day) and answers from memory. An implementation must be thread-safe and must
/// answer the same question with the same value for the duration of a computation.
/// </para>
/// <para>
/// <b>Precedence.</b> When a host provider is given, it is asked first; the built-in tables answer only what it
/// does not cover. So a host with the official series overrides every built-in row, including unverified ones.
/// </para>
/// </remarks>
public interface IReferenceRateProvider
{
    /// <summary>Looks up the value of table <paramref name="tableId"/> in force on <paramref name="date"/>.</summary>
    /// <param name="tableId">The table id, e.g. <see cref="ReferenceRateTables.EcbMainRefinancingId"/>, or a host-defined id.</param>
    /// <param name="date">The date the rate is asked for.</param>
    /// <param name="rate">
    /// The value in force on <paramref name="date"/> (its <see cref="ReferenceRate.Start"/>/<see cref="ReferenceRate.End"/>
    /// must include <paramref name="date"/>), or <see langword="null"/> when the provider does not know it.
    /// </param>
    /// <returns><see langword="true"/> when the provider knows the rate; <see langword="false"/> otherwise (never a guess).</returns>
    bool TryGetRate(string tableId, LocalDate date, [NotNullWhen(true)] out ReferenceRate? rate);
}
