namespace Cobranza.Core.Interest;

/// <summary>
/// How well a reference-rate value in a built-in table is sourced. Ordered from the least to the most certain, so
/// <c>verification &gt;= RateVerification.SingleSource</c> reads naturally.
/// </summary>
/// <remarks>
/// Values below <see cref="Verified"/> must be checked against the official publication (BOE, Bundesanzeiger,
/// Bank of England, Superintendencia Financiera, Gazzetta Ufficiale, Diário da República) before a figure computed
/// with them is shown to a court or an auditor. A host that holds the official series supplies it through an
/// <see cref="IReferenceRateProvider"/>, which takes precedence over the built-in tables.
/// See <c>src/Cobranza.Core/Interest/Rates/Data/SOURCES.md</c> for every row's source.
/// </remarks>
public enum RateVerification
{
    /// <summary>
    /// Not seen in any source while the table was compiled: taken from the compiler's knowledge of the official
    /// table (often arithmetically implied by verified neighbours). Check it against the official publication.
    /// </summary>
    Unverified = 0,

    /// <summary>Seen in one source only, or derived unambiguously from one source (the row's source says how).</summary>
    SingleSource = 1,

    /// <summary>Seen in an official primary text, or in two independent secondary sources that agree.</summary>
    Verified = 2,
}
