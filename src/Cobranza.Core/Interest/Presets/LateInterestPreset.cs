using System;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// A statutory late-payment regime in one value: its legal source and validity, the rate definition, the accrual
/// conventions (which days count, day count, quotation) and the fixed fee, if any. Built-in presets are in
/// <see cref="StatutoryPresets"/>; a host can build its own.
/// </summary>
public sealed record LateInterestPreset
{
    /// <summary>Creates a preset.</summary>
    /// <param name="name">Short name, e.g. <c>"Spain, Ley 3/2004"</c>.</param>
    /// <param name="jurisdiction">ISO 3166-1 alpha-2 code, or <c>"EU"</c>.</param>
    /// <param name="legalSource">The articles the preset implements.</param>
    /// <param name="validFrom">First day (of the contract, transaction or default, as <paramref name="boundaryRule"/> says) the regime applies to.</param>
    /// <param name="validUntil">Last day, or null while in force.</param>
    /// <param name="rate">The rate definition.</param>
    /// <param name="conventions">The accrual conventions.</param>
    /// <param name="fee">The fixed fee per invoice, or null when the law grants none.</param>
    /// <param name="boundaryRule">From which day interest runs and whether the payment day counts, with its source.</param>
    /// <exception cref="ArgumentException">An argument is null, empty, or <paramref name="validUntil"/> is before <paramref name="validFrom"/>.</exception>
    public LateInterestPreset(string name, string jurisdiction, string legalSource, LocalDate validFrom, LocalDate? validUntil,
        LateInterestRate rate, AccrualConventions conventions, LateFee? fee, string boundaryRule)
    {
        if (validUntil is { } until && until < validFrom)
        {
            throw new ArgumentOutOfRangeException(nameof(validUntil), until, $"validUntil must not be before validFrom {validFrom:uuuu-MM-dd} (was {until:uuuu-MM-dd}).");
        }

        Name = Guard.NotNullOrWhiteSpace(name);
        Jurisdiction = Guard.NotNullOrWhiteSpace(jurisdiction);
        LegalSource = Guard.NotNullOrWhiteSpace(legalSource);
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        Rate = Guard.NotNull(rate);
        Conventions = Guard.NotNull(conventions);
        Fee = fee;
        BoundaryRule = Guard.NotNullOrWhiteSpace(boundaryRule);
    }

    /// <summary>Short name.</summary>
    public string Name { get; }

    /// <summary>ISO 3166-1 alpha-2 code, or <c>"EU"</c>.</summary>
    public string Jurisdiction { get; }

    /// <summary>The articles the preset implements.</summary>
    public string LegalSource { get; }

    /// <summary>First day the regime applies to (see <see cref="BoundaryRule"/> for what the date refers to).</summary>
    public LocalDate ValidFrom { get; }

    /// <summary>Last day the regime applies to, or null while in force.</summary>
    public LocalDate? ValidUntil { get; }

    /// <summary>The rate definition.</summary>
    public LateInterestRate Rate { get; }

    /// <summary>The accrual conventions.</summary>
    public AccrualConventions Conventions { get; }

    /// <summary>The fixed fee per invoice, or null when the law grants none.</summary>
    public LateFee? Fee { get; }

    /// <summary>From which day interest runs and whether the payment day counts, with its source.</summary>
    public string BoundaryRule { get; }

    /// <summary>Resolves <see cref="Rate"/> for the late days <c>[firstLateDay, lastDay]</c>; see <see cref="LateInterestRate.Resolve"/>.</summary>
    /// <param name="firstLateDay">The first day interest runs.</param>
    /// <param name="lastDay">The last day interest is computed for.</param>
    /// <param name="host">The host's rates, asked before the built-in tables; optional.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ReferenceRateUnavailableException">A needed rate is not covered; the message names the last covered date.</exception>
    public RateSchedule Resolve(LocalDate firstLateDay, LocalDate lastDay, IReferenceRateProvider? host = null)
        => Rate.Resolve(firstLateDay, lastDay, host);
}
