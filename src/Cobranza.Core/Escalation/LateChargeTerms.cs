using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Escalation;

/// <summary>
/// What an account is charged for paying late, as the escalation engine needs it to state and post exact figures:
/// the late-interest terms it accrues under and the fee rule applied once per invoice (docs/escalation.md, "Late charges").
/// </summary>
/// <param name="Interest">The late-interest terms, or <see langword="null"/> when the account accrues none.</param>
/// <param name="Fee">The fee rule (e.g. <see cref="LateFee.EuRecoveryCompensation()"/>), or <see langword="null"/> when none applies.</param>
/// <remarks>Equality is the synthesized record equality (<see cref="LateInterestTerms"/> and <see cref="LateFee"/> are records).</remarks>
public sealed record LateChargeTerms(LateInterestTerms? Interest, LateFee? Fee)
{
    /// <summary>No interest and no fee.</summary>
    public static LateChargeTerms None { get; } = new(null, null);

    /// <summary>The rate, conventions and fee of a statutory preset (e.g. <see cref="StatutoryPresets.Spain"/>).</summary>
    /// <param name="preset">The preset.</param>
    /// <param name="host">The host's reference rates, optional.</param>
    /// <param name="missingRates">
    /// What to do when a reference rate is not loaded yet (<see cref="LateInterestTerms.MissingRates"/>): by default
    /// <see cref="MissingRatePolicy.Fail"/>; <see cref="MissingRatePolicy.CarryForwardProvisional"/> makes decisions and
    /// notices state a provisional figure, marked as such, which the ready handlers do not post unless the host allows it.
    /// </param>
    /// <returns>The terms.</returns>
    /// <exception cref="System.ArgumentException">The preset forfeits interest above a ceiling (see <see cref="LateInterestTerms.FromPreset"/>).</exception>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="missingRates"/> is not a defined <see cref="MissingRatePolicy"/>.</exception>
    public static LateChargeTerms FromPreset(LateInterestPreset preset, IReferenceRateProvider? host = null, MissingRatePolicy missingRates = MissingRatePolicy.Fail)
        => new(LateInterestTerms.FromPreset(Guard.NotNull(preset), host, missingRates), preset.Fee);
}
