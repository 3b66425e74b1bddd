using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Cobranza.Core.Calendars;
using FluentValidation;

namespace Cobranza.Core.Installments;

/// <summary>
/// Checks an <see cref="InstallmentPlanDefinition"/> and reports every broken rule at once, each with the path of
/// its field (<c>InstallmentCount</c>, <c>Percentages[2]</c>, ...) and a message that names the field and its value.
/// </summary>
public sealed class InstallmentPlanDefinitionValidator : AbstractValidator<InstallmentPlanDefinition>
{
    /// <summary>Creates the validator. It holds no state; <see cref="InstallmentPlanDefinition.Validate"/> uses a shared instance.</summary>
    public InstallmentPlanDefinitionValidator()
    {
        RuleFor(d => d.Amount).Must(a => a.IsPositive)
            .WithMessage(d => $"Amount must be positive (was {d.Amount}).");
        RuleFor(d => d.Amount).Must(a => a.IsRoundedToMinorUnit)
            .WithMessage(d => $"Amount must be in whole minor units of {d.Currency.Code} (was {d.Amount}).");

        When(d => d.DownPayment.HasValue, () =>
        {
            RuleFor(d => d.DownPayment!.Value).Must((d, dp) => dp.Currency == d.Currency)
                .WithMessage(d => $"DownPayment must be in the currency of Amount, {d.Currency.Code} (was {d.DownPayment}).")
                .OverridePropertyName(nameof(InstallmentPlanDefinition.DownPayment));
            RuleFor(d => d.DownPayment!.Value).Must((d, dp) => dp.Currency != d.Currency || (dp.IsPositive && dp < d.Amount))
                .WithMessage(d => $"DownPayment must be positive and less than Amount {d.Amount} (was {d.DownPayment}).")
                .OverridePropertyName(nameof(InstallmentPlanDefinition.DownPayment));
            RuleFor(d => d.DownPayment!.Value).Must(dp => dp.IsRoundedToMinorUnit)
                .WithMessage(d => $"DownPayment must be in whole minor units (was {d.DownPayment}).")
                .OverridePropertyName(nameof(InstallmentPlanDefinition.DownPayment));
        });

        RuleFor(d => d.InstallmentCount).InclusiveBetween(1, InstallmentPlanDefinition.MaxInstallmentCount)
            .WithMessage(d => $"InstallmentCount must be between 1 and {InstallmentPlanDefinition.MaxInstallmentCount} (was {d.InstallmentCount}).");

        RuleFor(d => d.FirstDueDate).Must((d, first) => first >= d.StartDate)
            .WithMessage(d => $"FirstDueDate must not be before StartDate {Iso(d.StartDate)} (was {Iso(d.FirstDueDate)}).");

        RuleFor(d => d.FirstDueDate).Must(first => first.Day is 1 or 15)
            .When(d => d.Frequency == InstallmentFrequency.TwiceAMonth)
            .WithMessage(d => $"FirstDueDate must be a 1st or a 15th with Frequency TwiceAMonth (was {Iso(d.FirstDueDate)}).");

        RuleFor(d => d.EndOfMonth).Must(eom => !eom)
            .When(d => d.Frequency is not (InstallmentFrequency.Monthly or InstallmentFrequency.Quarterly))
            .WithMessage(d => $"EndOfMonth applies only to Monthly and Quarterly plans (was true with Frequency {d.Frequency}).");

        RuleFor(d => d.DueDateAdjustment).Must(a => a.Convention == BusinessDayConvention.Unadjusted || !string.IsNullOrWhiteSpace(a.CalendarId))
            .WithMessage(d => $"DueDateAdjustment with convention {d.DueDateAdjustment.Convention} needs a CalendarId (was '{d.DueDateAdjustment.CalendarId}').");

        RuleFor(d => d.Interest).Must(i => i.IsInterestFree)
            .When(d => d.Method == AmortizationMethod.EqualParts)
            .WithMessage(d => $"Interest must be none with Method EqualParts (was {d.Interest}); use LevelPayment or LevelPrincipal for an interest-bearing plan.");

        RuleFor(d => d.Residual).Must(r => r == ResidualPlacement.Last)
            .When(d => d.Method is AmortizationMethod.LevelPayment or AmortizationMethod.Balloon && !d.Interest.IsInterestFree)
            .WithMessage(d => $"Residual must be Last for an interest-bearing {d.Method} plan (was First): the residual comes from interest rounding in every period and can only be settled by the last installment.");

        // Explicit percentages.
        When(d => d.Method == AmortizationMethod.ExplicitPercentages, () =>
        {
            RuleFor(d => d.Percentages).Must((d, p) => p.Count == d.InstallmentCount)
                .WithMessage(d => $"Percentages must have one element per installment, {d.InstallmentCount} (was {d.Percentages.Count}).");
            RuleForEach(d => d.Percentages).Must(p => p > 0m)
                .WithMessage((d, p) => $"{{PropertyName}}[{{CollectionIndex}}] must be positive (was {Inv(p)}).");
            RuleFor(d => d.Percentages).Must(p => p.Count == 0 || p.Sum() == 100m)
                .WithMessage(d => $"Percentages must sum to exactly 100 (was {Inv(d.Percentages.Sum())}).");
        }).Otherwise(() =>
            RuleFor(d => d.Percentages).Empty()
                .WithMessage(d => $"Percentages apply only to Method ExplicitPercentages (was {d.Percentages.Count} elements with Method {d.Method})."));

        // Explicit amounts.
        When(d => d.Method == AmortizationMethod.ExplicitAmounts, () =>
        {
            RuleFor(d => d.Amounts).Must((d, a) => a.Count == d.InstallmentCount)
                .WithMessage(d => $"Amounts must have one element per installment, {d.InstallmentCount} (was {d.Amounts.Count}).");
            RuleForEach(d => d.Amounts).Must((d, a) => a.Currency == d.Currency && a.IsPositive && a.IsRoundedToMinorUnit)
                .WithMessage((d, a) => $"{{PropertyName}}[{{CollectionIndex}}] must be a positive amount in whole minor units of {d.Currency.Code} (was {a}).");
            RuleFor(d => d.Amounts).Must((d, a) => a.Count == 0 || a.Any(x => x.Currency != d.Currency) || a.Sum(x => x.Amount) == d.FinancedAmount.Amount)
                .WithMessage(d => $"Amounts must sum to exactly the financed amount {d.FinancedAmount} (was {Money.Of(d.Amounts.Sum(x => x.Amount), d.Currency)}).");
        }).Otherwise(() =>
            RuleFor(d => d.Amounts).Empty()
                .WithMessage(d => $"Amounts apply only to Method ExplicitAmounts (was {d.Amounts.Count} elements with Method {d.Method})."));

        // Balloon.
        When(d => d.Method == AmortizationMethod.Balloon, () =>
        {
            RuleFor(d => d.BalloonAmount).NotNull()
                .WithMessage("BalloonAmount is required with Method Balloon (was null).");
            RuleFor(d => d.BalloonAmount!.Value)
                .Must((d, b) => b.Currency == d.Currency && b.IsPositive && b.IsRoundedToMinorUnit && b < d.FinancedAmount)
                .When(d => d.BalloonAmount.HasValue)
                .WithMessage(d => $"BalloonAmount must be positive, in whole minor units of {d.Currency.Code} and less than the financed amount {d.FinancedAmount} (was {d.BalloonAmount}).")
                .OverridePropertyName(nameof(InstallmentPlanDefinition.BalloonAmount));
            RuleFor(d => d.InstallmentCount).GreaterThanOrEqualTo(2)
                .WithMessage(d => $"InstallmentCount must be at least 2 with Method Balloon (was {d.InstallmentCount}).");
        }).Otherwise(() =>
            RuleFor(d => d.BalloonAmount).Null()
                .WithMessage(d => $"BalloonAmount applies only to Method Balloon (was {d.BalloonAmount} with Method {d.Method})."));

        RuleFor(d => d.InstallmentFee!.Value)
            .Must((d, f) => f.Currency == d.Currency && !f.IsNegative && f.IsRoundedToMinorUnit)
            .When(d => d.InstallmentFee.HasValue)
            .WithMessage(d => $"InstallmentFee must be zero or positive, in whole minor units of {d.Currency.Code} (was {d.InstallmentFee}).")
            .OverridePropertyName(nameof(InstallmentPlanDefinition.InstallmentFee));
    }

    internal static InstallmentPlanDefinitionValidator Instance { get; } = new();

    /// <summary>
    /// The rules above as plain code, without building a validation result: true only when every rule holds (then
    /// the validator would report no error). False when a rule fails or when the check cannot decide cheaply (a
    /// sum that overflows, dates in different calendars): the caller then runs the validator for the full report,
    /// so the messages and paths stay the validator's. Kept in step with the rules by a property test.
    /// </summary>
    /// <param name="d">The definition.</param>
    /// <returns>Whether the definition is certainly valid.</returns>
    internal static bool IsValidQuick(InstallmentPlanDefinition d)
    {
        Money amount = d.Amount;
        Currency currency = amount.Currency;
        if (!amount.IsPositive || !amount.IsRoundedToMinorUnit)
        {
            return false;
        }

        if (d.DownPayment is { } dp && (dp.Currency != currency || !dp.IsPositive || dp >= amount || !dp.IsRoundedToMinorUnit))
        {
            return false;
        }

        if (d.InstallmentCount < 1 || d.InstallmentCount > InstallmentPlanDefinition.MaxInstallmentCount)
        {
            return false;
        }

        if (!ReferenceEquals(d.FirstDueDate.Calendar, d.StartDate.Calendar) || d.FirstDueDate < d.StartDate)
        {
            return false;
        }

        if (d.Frequency == InstallmentFrequency.TwiceAMonth && d.FirstDueDate.Day is not (1 or 15))
        {
            return false;
        }

        if (d.EndOfMonth && d.Frequency is not (InstallmentFrequency.Monthly or InstallmentFrequency.Quarterly))
        {
            return false;
        }

        if (d.DueDateAdjustment.Convention != BusinessDayConvention.Unadjusted && string.IsNullOrWhiteSpace(d.DueDateAdjustment.CalendarId))
        {
            return false;
        }

        bool interestFree = d.Interest.IsInterestFree;
        if ((d.Method == AmortizationMethod.EqualParts && !interestFree)
            || (d.Method is AmortizationMethod.LevelPayment or AmortizationMethod.Balloon && !interestFree && d.Residual != ResidualPlacement.Last))
        {
            return false;
        }

        return PercentagesValid(d) && AmountsValid(d, currency) && BalloonValid(d, currency)
            && (d.InstallmentFee is not { } fee || (fee.Currency == currency && !fee.IsNegative && fee.IsRoundedToMinorUnit));
    }

    private static bool PercentagesValid(InstallmentPlanDefinition d)
    {
        IReadOnlyList<decimal> percentages = d.Percentages;
        if (d.Method != AmortizationMethod.ExplicitPercentages)
        {
            return percentages.Count == 0;
        }

        if (percentages.Count != d.InstallmentCount)
        {
            return false;
        }

        decimal sum = 0m;
        foreach (decimal p in percentages)
        {
            // The validator adds them in order, as here; decimal rounding is monotone, so once a positive sum
            // passes 100 it never comes back to exactly 100 (and sum + p cannot overflow below these bounds).
            if (p <= 0m || p > 100m)
            {
                return false;
            }

            sum += p;
            if (sum > 100m)
            {
                return false;
            }
        }

        return sum == 100m;
    }

    private static bool AmountsValid(InstallmentPlanDefinition d, Currency currency)
    {
        IReadOnlyList<Money> amounts = d.Amounts;
        if (d.Method != AmortizationMethod.ExplicitAmounts)
        {
            return amounts.Count == 0;
        }

        if (amounts.Count != d.InstallmentCount)
        {
            return false;
        }

        decimal financed = d.FinancedAmount.Amount;
        if (financed > decimal.MaxValue / 2)
        {
            return false; // the running sum below could overflow: leave it to the validator
        }

        decimal sum = 0m;
        foreach (Money a in amounts)
        {
            // As for the percentages: once the sum passes the financed amount it cannot come back to it.
            if (a.Currency != currency || !a.IsPositive || !a.IsRoundedToMinorUnit || a.Amount > financed)
            {
                return false;
            }

            sum += a.Amount;
            if (sum > financed)
            {
                return false;
            }
        }

        return sum == financed;
    }

    private static bool BalloonValid(InstallmentPlanDefinition d, Currency currency)
    {
        if (d.Method != AmortizationMethod.Balloon)
        {
            return d.BalloonAmount is null;
        }

        return d.BalloonAmount is { } b && d.InstallmentCount >= 2
            && b.Currency == currency && b.IsPositive && b.IsRoundedToMinorUnit && b < d.FinancedAmount;
    }

    private static string Iso(NodaTime.LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Inv(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
