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

    /// <summary>
    /// What happens when the agreed rate exceeds the legal ceiling of <see cref="Rate"/> (a capped period):
    /// <see cref="UsuryExcessRule.Cap"/> (the default) charges the ceiling; <see cref="UsuryExcessRule.Forfeit"/>
    /// forfeits all interest of the statement (<see cref="Apply"/>). Only meaningful for a capped rate
    /// (<see cref="LateInterestRate.CappedAt"/>), e.g. <see cref="StatutoryPresets.Colombia(decimal, UsuryExcessRule)"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="UsuryExcessRule"/>.</exception>
    public UsuryExcessRule UsuryExcess
    {
        get;
        init => field = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(UsuryExcess), value, $"UsuryExcess must be a defined UsuryExcessRule (was {(int)value}).");
    }

    /// <summary>Resolves <see cref="Rate"/> for the late days <c>[firstLateDay, lastDay]</c>; see <see cref="LateInterestRate.Resolve"/>.</summary>
    /// <param name="firstLateDay">The first day interest runs.</param>
    /// <param name="lastDay">The last day interest is computed for.</param>
    /// <param name="host">The host's rates, asked before the built-in tables; optional.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ReferenceRateUnavailableException">A needed rate is not covered; the message names the last covered date.</exception>
    public RateSchedule Resolve(LocalDate firstLateDay, LocalDate lastDay, IReferenceRateProvider? host = null)
        => Rate.Resolve(firstLateDay, lastDay, host);

    /// <summary>
    /// Applies the preset's statement-level rule to a statement computed with <see cref="LateInterestCalculator"/>
    /// from this preset's schedule (<see cref="Resolve"/>) and conventions. Under
    /// <see cref="UsuryExcessRule.Forfeit"/>, if any segment with a positive balance is capped (the agreed rate
    /// exceeded the ceiling on that day), the interest charged becomes zero for the whole statement and an
    /// <see cref="InterestNoteKind.InterestForfeited"/> note (Spanish and English) says why; the accrued figure,
    /// the segments (with their <see cref="InterestNoteKind.CappedRate"/> notes) and the fees stay. Otherwise the
    /// statement is returned as it is.
    /// </summary>
    /// <remarks>
    /// The calculator does not know the preset, so a host using <see cref="UsuryExcessRule.Forfeit"/> must pass
    /// every statement through this method. Forfeiture is judged on the days of the statement only: to judge it on
    /// the whole obligation, calculate over the whole late period. Returning interest already paid and the equal
    /// sum of Ley 45 de 1990 art. 72 is not computed.
    /// </remarks>
    /// <param name="statement">The statement.</param>
    /// <returns>The statement after the rule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="statement"/> is null.</exception>
    public InterestStatement Apply(InterestStatement statement)
    {
        Guard.NotNull(statement);
        return UsuryExcess == UsuryExcessRule.Forfeit ? statement.WithUsuryForfeiture() : statement;
    }
}
