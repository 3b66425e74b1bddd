using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Serialization;
using FluentValidation;
using FluentValidation.Results;
using NodaTime;

namespace Cobranza.Core.Terms.Configuration;

/// <summary>
/// Validates a <see cref="PaymentTermsDto"/> and reports every error at once, each with the JSON path of its field
/// (<c>portions[1].share.percent</c>): what <see cref="PaymentTerms"/> and its parts would reject at construction,
/// plus the cross-field rules (shares adding up, one balance portion, discount windows within the due date). Two
/// identical portions are reported as a warning (<see cref="Severity.Warning"/>, code <see cref="DuplicatePortionCode"/>),
/// which does not make the terms invalid for <see cref="PaymentTermsMapper"/> and <see cref="PaymentTermsJson"/>.
/// </summary>
/// <remarks>
/// A discount window is checked against the due date when both count whole days from the same date: a
/// "within N days" tier against <see cref="DueDateRuleKind.Immediate"/> (0 days) or
/// <see cref="DueDateRuleKind.CalendarDays"/>, and a "within N days after the end of the month" tier against
/// <see cref="DueDateRuleKind.EndOfMonthThenDays"/>. Fields that do not belong to a kind must be left out, so no
/// input is silently ignored.
/// </remarks>
public sealed class PaymentTermsDtoValidator : AbstractValidator<PaymentTermsDto>
{
    /// <summary>The largest number of portions accepted (<see cref="PaymentTerms.MaxPortions"/>).</summary>
    public const int MaxPortions = PaymentTerms.MaxPortions;

    /// <summary>Creates the validator.</summary>
    public PaymentTermsDtoValidator()
    {
        RuleFor(x => x.Portions)
            .NotNull().WithMessage("portions is required.")
            .Must(p => p is null || (p.Count >= 1 && p.Count <= MaxPortions))
            .WithMessage(x => $"portions must have 1 to {MaxPortions} portions (has {x.Portions!.Count}).")
                .OverridePropertyName("portions");
        RuleForEach(x => x.Portions)
            .NotNull().WithMessage("A portion must not be null.")
            .SetValidator(new PortionValidator())
                .OverridePropertyName("portions");
        RuleFor(x => x.Adjustment).SetValidator(new AdjustmentValidator()!)
                .OverridePropertyName("adjustment");
        RuleFor(x => x).Custom(CheckShares);
        RuleFor(x => x).Custom(CheckDuplicatePortions);
    }

    /// <summary>
    /// Two portions with the same share, base date, rule and discount are almost always a data-entry mistake (a
    /// line entered twice): a warning (<see cref="Severity.Warning"/>), not an error, naming both portions. The mapper
    /// and the JSON reader accept terms with warnings; a screen shows them.
    /// </summary>
    private static void CheckDuplicatePortions(PaymentTermsDto dto, ValidationContext<PaymentTermsDto> context)
    {
        if (dto.Portions is not { Count: > 1 and <= MaxPortions } portions)
        {
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < portions.Count; i++)
        {
            if (portions[i] is not { } portion)
            {
                continue;
            }

            string key = PortionKey(portion);
            if (seen.TryGetValue(key, out int first))
            {
                context.AddFailure(new ValidationFailure(
                    $"portions[{i}]",
                    $"portions[{i}] is identical to portions[{first}] (same share, base date, rule and discount); two identical portions are almost always a line entered twice.")
                {
                    Severity = Severity.Warning,
                    ErrorCode = DuplicatePortionCode,
                });
            }
            else
            {
                seen.Add(key, i);
            }
        }
    }

    /// <summary>The error code of the duplicate-portion warning.</summary>
    public const string DuplicatePortionCode = "DUPLICATE_PORTION";

    /// <summary>Throws a <see cref="ValidationException"/> with the errors of <paramref name="dto"/>, if any; warnings do not throw.</summary>
    internal void ThrowOnErrors(PaymentTermsDto dto)
    {
        var errors = Validate(dto).Errors.Where(e => e.Severity == Severity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    private static string PortionKey(PaymentPortionDto p)
    {
        var key = new System.Text.StringBuilder(128);
        void Add(object? value) => key.Append(value switch
        {
            null => "~",
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            LocalDate date => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        }).Append('|');
        Add(p.Share?.Kind);
        Add(p.Share?.Percent);
        Add(p.Share?.Amount?.Amount);
        Add(p.Share?.Amount?.Currency?.ToUpperInvariant());
        Add(p.BaseDate);
        var r = p.Rule;
        Add(r?.Kind);
        Add(r?.Days);
        Add(r?.Months);
        Add(r?.Day);
        Add(r?.CalendarId);
        Add(r?.CutOffDay);
        Add(r?.DayUpToCutOff);
        Add(r?.DayAfterCutOff);
        Add(r?.MonthsUpToCutOff);
        Add(r?.MonthsAfterCutOff);
        foreach (var step in r?.Steps ?? [])
        {
            Add(step?.Kind);
            Add(step?.Value);
        }

        Add(p.Discount is null ? "no discount" : "discount");
        if (p.Discount is { } d)
        {
            Add(d.Base);
            Add(d.PartialPayments);
            foreach (var t in d.Tiers ?? [])
            {
                Add(t?.Kind);
                Add(t?.Percent);
                Add(t?.Amount?.Amount);
                Add(t?.Amount?.Currency?.ToUpperInvariant());
                Add(t?.Days);
                Add(t?.Date);
                Add(t?.Months);
            }
        }

        return key.ToString();
    }

    private static void CheckShares(PaymentTermsDto dto, ValidationContext<PaymentTermsDto> context)
    {
        if (dto.Portions is not { Count: > 0 } portions)
        {
            return;
        }

        var shares = portions.Select((p, i) => (Share: p?.Share, Index: i)).Where(x => x.Share is not null).ToArray();
        var balances = shares.Where(x => x.Share!.Kind == PortionShareKind.Balance).Select(x => x.Index).ToArray();
        foreach (int i in balances.Skip(1))
        {
            context.AddFailure(new ValidationFailure(
                $"portions[{i}].share.kind",
                $"At most one portion may take the balance (portions {string.Join(" and ", balances)} do)."));
        }

        // Only percents in range are added (an out-of-range one is reported on its own path), and at most
        // MaxPortions of them: the sum stays far from decimal.MaxValue, so no OverflowException (issue 14).
        decimal percents = shares.Take(MaxPortions)
            .Where(x => x.Share!.Kind == PortionShareKind.Percent && x.Share.Percent is > 0m and <= 100m)
            .Sum(x => x.Share!.Percent!.Value);
        string shown = percents.ToString(CultureInfo.InvariantCulture);
        if (balances.Length == 0)
        {
            foreach (var x in shares.Where(x => x.Share!.Kind == PortionShareKind.Amount))
            {
                context.AddFailure(new ValidationFailure(
                    $"portions[{x.Index}].share", $"portions[{x.Index}] is a fixed amount, so one portion must take the balance (none does)."));
            }

            if (percents != 100m && shares.All(x => x.Share!.Kind == PortionShareKind.Percent))
            {
                context.AddFailure(new ValidationFailure("portions", $"Without a balance portion the percents must add up to 100 (they add up to {shown})."));
            }
        }
        else if (percents >= 100m)
        {
            context.AddFailure(new ValidationFailure("portions", $"With a balance portion the percents must add up to less than 100 (they add up to {shown})."));
        }

        var currencies = shares.Where(x => x.Share!.Kind == PortionShareKind.Amount && x.Share.Amount?.Currency is not null)
            .Select(x => x.Share!.Amount!.Currency!.ToUpperInvariant()).Distinct().ToArray();
        if (currencies.Length > 1)
        {
            context.AddFailure(new ValidationFailure("portions", $"Fixed-amount portions must share one currency (were {string.Join(", ", currencies)})."));
        }
    }

    private sealed class PortionValidator : AbstractValidator<PaymentPortionDto>
    {
        internal PortionValidator()
        {
            RuleFor(x => x.Share).NotNull().WithMessage("share is required.").SetValidator(new ShareValidator()!)
                .OverridePropertyName("share");
            RuleFor(x => x.BaseDate).IsInEnum().WithMessage(x => $"baseDate is not a BaseDateKind (was {x.BaseDate}).")
                .OverridePropertyName("baseDate");
            RuleFor(x => x.Rule).NotNull().WithMessage("rule is required.").SetValidator(new RuleValidator()!)
                .OverridePropertyName("rule");
            RuleFor(x => x.Discount).SetValidator(new DiscountValidator()!)
                .OverridePropertyName("discount");
            RuleFor(x => x).Custom(CheckWindows);
        }

        private static void CheckWindows(PaymentPortionDto portion, ValidationContext<PaymentPortionDto> context)
        {
            if (portion.Rule is not { } rule || portion.Discount?.Tiers is not { } tiers)
            {
                return;
            }

            for (int t = 0; t < tiers.Count; t++)
            {
                if (tiers[t] is not { Days: int days } tier)
                {
                    continue;
                }

                int? due = (tier.Kind, rule.Kind) switch
                {
                    (DiscountTierKind.PercentWithinDays or DiscountTierKind.AmountWithinDays, DueDateRuleKind.Immediate) => 0,
                    (DiscountTierKind.PercentWithinDays or DiscountTierKind.AmountWithinDays, DueDateRuleKind.CalendarDays) => rule.Days,
                    (DiscountTierKind.PercentWithinDaysAfterEndOfMonth or DiscountTierKind.AmountWithinDaysAfterEndOfMonth, DueDateRuleKind.EndOfMonthThenDays) => rule.Days,
                    _ => null,
                };
                if (due is int dueDays && days > dueDays)
                {
                    context.AddFailure(new ValidationFailure(
                        Path(context, $"discount.tiers[{t}].days"),
                        $"The discount window ({days} days) must not end after the due date ({dueDays} days)."));
                }
            }
        }
    }

    private sealed class ShareValidator : AbstractValidator<PortionShareDto>
    {
        internal ShareValidator()
        {
            RuleFor(x => x.Kind).IsInEnum().WithMessage(x => $"kind is not a PortionShareKind (was {x.Kind}).")
                .OverridePropertyName("kind");
            RuleFor(x => x.Percent)
                .NotNull().When(x => x.Kind == PortionShareKind.Percent, ApplyConditionTo.CurrentValidator).WithMessage("percent is required for a Percent share.")
                .Must(p => p is null || (p > 0m && p <= 100m)).WithMessage(x => $"percent must be greater than 0 and at most 100 (was {Show(x.Percent)}).")
                .Null().When(x => x.Kind != PortionShareKind.Percent, ApplyConditionTo.CurrentValidator).WithMessage(x => $"percent must be left out for a {x.Kind} share.")
                .OverridePropertyName("percent");
            RuleFor(x => x.Amount)
                .NotNull().When(x => x.Kind == PortionShareKind.Amount, ApplyConditionTo.CurrentValidator).WithMessage("amount is required for an Amount share.")
                .Null().When(x => x.Kind != PortionShareKind.Amount, ApplyConditionTo.CurrentValidator).WithMessage(x => $"amount must be left out for a {x.Kind} share.")
                .SetValidator(new MoneyValidator()!)
                .OverridePropertyName("amount");
        }
    }

    private sealed class RuleValidator : AbstractValidator<DueDateRuleDto>
    {
        internal RuleValidator()
        {
            RuleFor(x => x.Kind).IsInEnum().WithMessage(x => $"kind is not a DueDateRuleKind (was {x.Kind}).")
                .OverridePropertyName("kind");
            RuleFor(x => x).Custom(Check);
        }

        private static void Check(DueDateRuleDto rule, ValidationContext<DueDateRuleDto> context)
        {
            if (!Enum.IsDefined(rule.Kind))
            {
                return;
            }

            var (daysMin, monthsMin) = (0, rule.Kind is DueDateRuleKind.MonthsAfterEndOfMonth ? 1 : 0);
            bool days = rule.Kind is DueDateRuleKind.CalendarDays or DueDateRuleKind.BusinessDays or DueDateRuleKind.EndOfMonthThenDays or DueDateRuleKind.DaysThenEndOfMonth;
            bool months = rule.Kind is DueDateRuleKind.CalendarMonths or DueDateRuleKind.MonthsAfterEndOfMonth;
            bool day = rule.Kind is DueDateRuleKind.MonthsAfterEndOfMonth;
            bool cut = rule.Kind is DueDateRuleKind.CutOffDay;
            Field(context, rule, "days", rule.Days, days, daysMin, DueDateRule.MaxDays);
            Field(context, rule, "months", rule.Months, months, monthsMin, DueDateRule.MaxMonths);
            Field(context, rule, "day", rule.Day, day, 1, 31);
            Field(context, rule, "cutOffDay", rule.CutOffDay, cut, 1, 30);
            Field(context, rule, "dayUpToCutOff", rule.DayUpToCutOff, cut, 1, 31);
            Field(context, rule, "dayAfterCutOff", rule.DayAfterCutOff, cut, 1, 31);
            Optional(context, rule, "monthsUpToCutOff", rule.MonthsUpToCutOff, cut, 1, DueDateRule.MaxMonths);
            Optional(context, rule, "monthsAfterCutOff", rule.MonthsAfterCutOff, cut, 1, DueDateRule.MaxMonths);
            CheckSteps(context, rule);
            if (rule.Kind == DueDateRuleKind.BusinessDays && string.IsNullOrWhiteSpace(rule.CalendarId))
            {
                context.AddFailure(new ValidationFailure(Path(context, "calendarId"), "calendarId is required for a BusinessDays rule."));
            }
            else if (rule.Kind != DueDateRuleKind.BusinessDays && rule.CalendarId is not null)
            {
                context.AddFailure(new ValidationFailure(Path(context, "calendarId"), $"calendarId must be left out for a {rule.Kind} rule."));
            }
        }

        /// <summary>A Composed rule's steps: 1 to 8, each of a defined kind with its value in range, a day of the month right after a month step.</summary>
        private static void CheckSteps(ValidationContext<DueDateRuleDto> context, DueDateRuleDto rule)
        {
            if (rule.Kind != DueDateRuleKind.Composed)
            {
                if (rule.Steps is not null)
                {
                    context.AddFailure(new ValidationFailure(Path(context, "steps"), $"steps must be left out for a {rule.Kind} rule."));
                }

                return;
            }

            if (rule.Steps is not { } steps)
            {
                context.AddFailure(new ValidationFailure(Path(context, "steps"), "steps is required for a Composed rule."));
                return;
            }

            if (steps.Count is 0 or > ComposedRule.MaxSteps)
            {
                context.AddFailure(new ValidationFailure(Path(context, "steps"), $"steps must have 1 to {ComposedRule.MaxSteps} steps (has {steps.Count})."));
                return;
            }

            var valid = new List<DueDateStep>(steps.Count);
            for (int i = 0; i < steps.Count; i++)
            {
                string at = $"steps[{i}]";
                if (steps[i] is not { } step)
                {
                    context.AddFailure(new ValidationFailure(Path(context, at), "A step must not be null."));
                    continue;
                }

                if (!Enum.IsDefined(step.Kind))
                {
                    context.AddFailure(new ValidationFailure(Path(context, at + ".kind"), $"kind is not a DueDateStepKind (was {step.Kind})."));
                    continue;
                }

                var (min, max) = step.Kind switch
                {
                    DueDateStepKind.AddDays => (0, DueDateRule.MaxDays),
                    DueDateStepKind.AddMonths => (0, DueDateRule.MaxMonths),
                    DueDateStepKind.EndOfMonth => (0, 0),
                    _ => (1, 31),
                };
                if (step.Kind == DueDateStepKind.EndOfMonth)
                {
                    if (step.Value is not null)
                    {
                        context.AddFailure(new ValidationFailure(Path(context, at + ".value"), "value must be left out for an EndOfMonth step."));
                        continue;
                    }
                }
                else if (step.Value is not int v)
                {
                    context.AddFailure(new ValidationFailure(Path(context, at + ".value"), $"value is required for a {step.Kind} step."));
                    continue;
                }
                else if (v < min || v > max)
                {
                    context.AddFailure(new ValidationFailure(Path(context, at + ".value"), $"value must be from {min} to {max} for a {step.Kind} step (was {v})."));
                    continue;
                }

                valid.Add(DueDateStep.Of(step.Kind, step.Value ?? 0));
            }

            if (valid.Count == steps.Count && ComposedRule.Check(valid) is { } problem)
            {
                context.AddFailure(new ValidationFailure(Path(context, "steps"), problem));
            }
        }

        private static void Field(ValidationContext<DueDateRuleDto> context, DueDateRuleDto rule, string name, int? value, bool used, int min, int max)
        {
            if (used && value is null)
            {
                context.AddFailure(new ValidationFailure(Path(context, name), $"{name} is required for a {rule.Kind} rule."));
                return;
            }

            Optional(context, rule, name, value, used, min, max);
        }

        private static void Optional(ValidationContext<DueDateRuleDto> context, DueDateRuleDto rule, string name, int? value, bool used, int min, int max)
        {
            if (value is not int v)
            {
                return;
            }

            if (!used)
            {
                context.AddFailure(new ValidationFailure(Path(context, name), $"{name} must be left out for a {rule.Kind} rule."));
            }
            else if (v < min || v > max)
            {
                context.AddFailure(new ValidationFailure(Path(context, name), $"{name} must be from {min} to {max} (was {v})."));
            }
        }
    }

    private sealed class DiscountValidator : AbstractValidator<EarlyPaymentDiscountDto>
    {
        internal DiscountValidator()
        {
            RuleFor(x => x.Tiers)
                .NotNull().WithMessage("tiers is required.")
                .Must(t => t is null || (t.Count >= 1 && t.Count <= 10)).WithMessage(x => $"tiers must have 1 to 10 tiers (has {x.Tiers!.Count}).")
                .OverridePropertyName("tiers");
            RuleForEach(x => x.Tiers).NotNull().WithMessage("A tier must not be null.").SetValidator(new TierValidator())
                .OverridePropertyName("tiers");
            RuleFor(x => x.Base).IsInEnum().WithMessage(x => $"base is not a DiscountBase (was {x.Base}).")
                .OverridePropertyName("base");
            RuleFor(x => x.PartialPayments).IsInEnum().WithMessage(x => $"partialPayments is not a PartialPaymentRule (was {x.PartialPayments}).")
                .OverridePropertyName("partialPayments");
        }
    }

    private sealed class TierValidator : AbstractValidator<DiscountTierDto>
    {
        internal TierValidator()
        {
            RuleFor(x => x.Kind).IsInEnum().WithMessage(x => $"kind is not a DiscountTierKind (was {x.Kind}).")
                .OverridePropertyName("kind");
            RuleFor(x => x.Percent)
                .NotNull().When(x => UsesPercent(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"percent is required for a {x.Kind} tier.")
                .Must(p => p is null || (p > 0m && p < 100m)).WithMessage(x => $"percent must be greater than 0 and less than 100 (was {Show(x.Percent)}).")
                .Null().When(x => !UsesPercent(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"percent must be left out for a {x.Kind} tier.")
                .OverridePropertyName("percent");
            RuleFor(x => x.Amount)
                .NotNull().When(x => UsesAmount(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"amount is required for a {x.Kind} tier.")
                .Null().When(x => !UsesAmount(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"amount must be left out for a {x.Kind} tier.")
                .SetValidator(new MoneyValidator()!)
                .OverridePropertyName("amount");
            RuleFor(x => x.Days)
                .NotNull().When(x => UsesDays(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"days is required for a {x.Kind} tier.")
                .InclusiveBetween(0, DueDateRule.MaxDays).WithMessage(x => $"days must be from 0 to {DueDateRule.MaxDays} (was {x.Days}).")
                .Null().When(x => !UsesDays(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"days must be left out for a {x.Kind} tier.")
                .OverridePropertyName("days");
            RuleFor(x => x.Date)
                .NotNull().When(x => UsesDate(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"date is required for a {x.Kind} tier.")
                .Null().When(x => !UsesDate(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"date must be left out for a {x.Kind} tier.")
                .OverridePropertyName("date");
            RuleFor(x => x.Months)
                .NotNull().When(x => UsesMonths(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"months is required for a {x.Kind} tier.")
                .InclusiveBetween(0, 120).WithMessage(x => $"months must be from 0 to 120 (was {x.Months}).")
                .Null().When(x => !UsesMonths(x.Kind), ApplyConditionTo.CurrentValidator).WithMessage(x => $"months must be left out for a {x.Kind} tier.")
                .OverridePropertyName("months");
        }

        private static bool UsesPercent(DiscountTierKind k) => k is DiscountTierKind.PercentWithinDays or DiscountTierKind.PercentWithinDaysAfterEndOfMonth
            or DiscountTierKind.PercentBy or DiscountTierKind.PrepaymentBeforeIssueDate or DiscountTierKind.PrepaymentBeforeDeliveryDate
            or DiscountTierKind.PercentWithinMonthsAfterEndOfMonth;

        private static bool UsesAmount(DiscountTierKind k) => k is DiscountTierKind.AmountWithinDays or DiscountTierKind.AmountBy
            or DiscountTierKind.AmountWithinDaysAfterEndOfMonth or DiscountTierKind.AmountWithinMonthsAfterEndOfMonth;

        private static bool UsesDays(DiscountTierKind k) => k is DiscountTierKind.PercentWithinDays or DiscountTierKind.PercentWithinDaysAfterEndOfMonth or DiscountTierKind.AmountWithinDays
            or DiscountTierKind.AmountWithinDaysAfterEndOfMonth;

        private static bool UsesMonths(DiscountTierKind k) => k is DiscountTierKind.PercentWithinMonthsAfterEndOfMonth or DiscountTierKind.AmountWithinMonthsAfterEndOfMonth;

        private static bool UsesDate(DiscountTierKind k) => k is DiscountTierKind.PercentBy or DiscountTierKind.AmountBy;
    }

    internal sealed class MoneyValidator : AbstractValidator<MoneyDto>
    {
        internal MoneyValidator()
        {
            RuleFor(x => x.Currency)
                .Must(c => Currency.TryFromCode(c, out _)).WithMessage(x => $"currency must be an ISO 4217 code (was '{x.Currency}').")
                .OverridePropertyName("currency");
            RuleFor(x => x.Amount)
                .GreaterThan(0m).WithMessage(x => $"amount must be positive (was {Show(x.Amount)}).")
                .Must((m, a) => !Currency.TryFromCode(m.Currency, out var c) || decimal.Round(a, c.MinorUnits) == a)
                .WithMessage(x => $"amount must be in whole minor units of {x.Currency} (was {Show(x.Amount)}).")
                .OverridePropertyName("amount");
        }
    }

    internal sealed class AdjustmentValidator : AbstractValidator<BusinessDayAdjustmentDto>
    {
        internal AdjustmentValidator()
        {
            RuleFor(x => x.Convention).IsInEnum().WithMessage(x => $"convention is not a BusinessDayConvention (was {x.Convention}).")
                .OverridePropertyName("convention");
            RuleFor(x => x.CalendarId)
                .NotEmpty().When(x => x.Convention != BusinessDayConvention.Unadjusted, ApplyConditionTo.CurrentValidator)
                .WithMessage(x => $"calendarId is required with convention {x.Convention}.")
                .OverridePropertyName("calendarId");
        }
    }

    internal static string Path<T>(ValidationContext<T> context, string name)
    {
        string prefix = context.PropertyChain.ToString();
        return prefix.Length == 0 ? name : prefix + "." + name;
    }

    internal static string Show(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";
}

/// <summary>
/// Validates a <see cref="CustomerPaymentSettingsDto"/>: every error at once with the JSON path of its field
/// (<c>paymentDays[0]</c>: "payment day 32").
/// </summary>
public sealed class CustomerPaymentSettingsDtoValidator : AbstractValidator<CustomerPaymentSettingsDto>
{
    /// <summary>Creates the validator.</summary>
    public CustomerPaymentSettingsDtoValidator()
    {
        RuleFor(x => x.PaymentDays)
            .Must(d => d is null || d.Count <= 31).WithMessage(x => $"paymentDays must have at most 31 days (has {x.PaymentDays!.Count}).")
                .OverridePropertyName("paymentDays");
        RuleForEach(x => x.PaymentDays)
            .InclusiveBetween(1, 31).WithMessage((_, d) => $"A payment day must be from 1 to 31 (was {d}).")
                .OverridePropertyName("paymentDays");
        RuleFor(x => x.ExcludedPeriods)
            .Must(p => p is null || p.Count <= 12).WithMessage(x => $"excludedPeriods must have at most 12 periods (has {x.ExcludedPeriods!.Count}).")
                .OverridePropertyName("excludedPeriods");
        RuleForEach(x => x.ExcludedPeriods)
            .NotNull().WithMessage("A period must not be null.")
            .SetValidator(new PeriodValidator())
                .OverridePropertyName("excludedPeriods");
        RuleFor(x => x.Adjustment).SetValidator(new PaymentTermsDtoValidator.AdjustmentValidator()!)
                .OverridePropertyName("adjustment");
    }

    private sealed class PeriodValidator : AbstractValidator<ExcludedPeriodDto>
    {
        internal PeriodValidator()
        {
            RuleFor(x => x).Custom((p, context) =>
            {
                Day(context, "start", p.StartMonth, p.StartDay);
                Day(context, "end", p.EndMonth, p.EndDay);
                if (p.MoveToDay is int d && (d < 1 || d > 31))
                {
                    context.AddFailure(new ValidationFailure(PaymentTermsDtoValidator.Path(context, "moveToDay"), $"moveToDay must be from 1 to 31 (was {d})."));
                }
            });
        }

        private static void Day(ValidationContext<ExcludedPeriodDto> context, string which, int month, int day)
        {
            if (month < 1 || month > 12)
            {
                context.AddFailure(new ValidationFailure(PaymentTermsDtoValidator.Path(context, which + "Month"), $"{which}Month must be from 1 to 12 (was {month})."));
                return;
            }

            int max = CalendarSystem.Iso.GetDaysInMonth(2000, month);
            if (day < 1 || day > max)
            {
                context.AddFailure(new ValidationFailure(PaymentTermsDtoValidator.Path(context, which + "Day"), $"{which}Day must be from 1 to {max} in month {month} (was {day})."));
            }
        }
    }
}
