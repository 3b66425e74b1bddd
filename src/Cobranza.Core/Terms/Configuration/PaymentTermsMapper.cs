using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Serialization;
using FluentValidation;
using NodaTime;

namespace Cobranza.Core.Terms.Configuration;

/// <summary>
/// Turns configuration DTOs into the model and back. <c>ToModel</c> validates first and throws a
/// <see cref="ValidationException"/> carrying every error with its path; <c>FromModel</c> gives the DTO that maps
/// back to an equal model (lossless).
/// </summary>
public static class PaymentTermsMapper
{
    private static readonly PaymentTermsDtoValidator TermsValidator = new();
    private static readonly CustomerPaymentSettingsDtoValidator CustomerValidator = new();

    /// <summary>Validates and maps terms.</summary>
    /// <param name="dto">The configured terms.</param>
    /// <returns>The terms.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dto"/> is null.</exception>
    /// <exception cref="ValidationException">The configuration is invalid; <see cref="ValidationException.Errors"/> lists every error with its path.</exception>
    public static PaymentTerms ToModel(PaymentTermsDto dto)
    {
        Guard.NotNull(dto);
        TermsValidator.ThrowOnErrors(dto);
        var portions = dto.Portions!.Select(p => new PaymentPortion(
            ToModel(p!.Share!), ToModel(p.Rule!), p.BaseDate, p.Discount is null ? null : ToModel(p.Discount)));
        return new PaymentTerms(portions, dto.Adjustment is null ? BusinessDayAdjustment.None : ToModel(dto.Adjustment));
    }

    /// <summary>Maps terms to their configuration DTO.</summary>
    /// <param name="terms">The terms.</param>
    /// <returns>The DTO.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> is null.</exception>
    /// <exception cref="ArgumentException">An amount is in a custom (non-ISO) currency.</exception>
    public static PaymentTermsDto FromModel(PaymentTerms terms)
    {
        Guard.NotNull(terms);
        return new PaymentTermsDto
        {
            Portions = terms.Portions.Select(p => new PaymentPortionDto
            {
                Share = FromModel(p.Share),
                BaseDate = p.BaseDate,
                Rule = FromModel(p.Rule),
                Discount = p.Discount is null ? null : FromModel(p.Discount),
            }).ToArray(),
            Adjustment = terms.Adjustment == BusinessDayAdjustment.None ? null : FromModel(terms.Adjustment),
        };
    }

    /// <summary>Validates and maps a customer's settings.</summary>
    /// <param name="dto">The configured settings.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dto"/> is null.</exception>
    /// <exception cref="ValidationException">The configuration is invalid; every error with its path.</exception>
    public static CustomerPaymentSettings ToModel(CustomerPaymentSettingsDto dto)
    {
        Guard.NotNull(dto);
        CustomerValidator.ValidateAndThrow(dto);
        return new CustomerPaymentSettings(
            dto.PaymentDays ?? [],
            (dto.ExcludedPeriods ?? []).Select(p => new ExcludedPeriod(new AnnualDate(p!.StartMonth, p.StartDay), new AnnualDate(p.EndMonth, p.EndDay), p.MoveToDay)),
            dto.Adjustment is null ? null : ToModel(dto.Adjustment));
    }

    /// <summary>Maps a customer's settings to their configuration DTO.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The DTO.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public static CustomerPaymentSettingsDto FromModel(CustomerPaymentSettings settings)
    {
        Guard.NotNull(settings);
        return new CustomerPaymentSettingsDto
        {
            PaymentDays = settings.PaymentDays.ToArray(),
            ExcludedPeriods = settings.ExcludedPeriods.Select(p => new ExcludedPeriodDto
            {
                StartMonth = p.Start.Month,
                StartDay = p.Start.Day,
                EndMonth = p.End.Month,
                EndDay = p.End.Day,
                MoveToDay = p.MoveToDay,
            }).ToArray(),
            Adjustment = settings.Adjustment is { } a ? FromModel(a) : null,
        };
    }

    private static BusinessDayAdjustment ToModel(BusinessDayAdjustmentDto dto) => new(dto.Convention, dto.CalendarId);

    private static BusinessDayAdjustmentDto FromModel(BusinessDayAdjustment a) => new() { Convention = a.Convention, CalendarId = a.CalendarId };

    private static PortionShare ToModel(PortionShareDto dto) => dto.Kind switch
    {
        PortionShareKind.Percent => PortionShare.OfPercent(dto.Percent!.Value),
        PortionShareKind.Amount => PortionShare.OfAmount(dto.Amount!.ToMoney()),
        _ => PortionShare.Balance,
    };

    private static PortionShareDto FromModel(PortionShare share) => share switch
    {
        PercentShare p => new() { Kind = PortionShareKind.Percent, Percent = p.Percent },
        AmountShare a => new() { Kind = PortionShareKind.Amount, Amount = MoneyDto.From(a.Amount) },
        _ => new() { Kind = PortionShareKind.Balance },
    };

    private static DueDateRule ToModel(DueDateRuleDto dto) => dto.Kind switch
    {
        DueDateRuleKind.Immediate => DueDateRule.Immediate,
        DueDateRuleKind.CalendarDays => new CalendarDaysRule(dto.Days!.Value),
        DueDateRuleKind.BusinessDays => new BusinessDaysRule(dto.Days!.Value, dto.CalendarId!),
        DueDateRuleKind.CalendarMonths => new CalendarMonthsRule(dto.Months!.Value),
        DueDateRuleKind.EndOfMonthThenDays => new EndOfMonthThenDaysRule(dto.Days!.Value),
        DueDateRuleKind.DaysThenEndOfMonth => new DaysThenEndOfMonthRule(dto.Days!.Value),
        DueDateRuleKind.MonthsAfterEndOfMonth => new MonthsAfterEndOfMonthRule(dto.Months!.Value, dto.Day!.Value),
        DueDateRuleKind.Composed => new ComposedRule(dto.Steps!.Select(s => DueDateStep.Of(s!.Kind, s.Value ?? 0))),
        _ => new CutOffDayRule(dto.CutOffDay!.Value, dto.DayUpToCutOff!.Value, dto.DayAfterCutOff!.Value, dto.MonthsUpToCutOff ?? 1, dto.MonthsAfterCutOff ?? 1),
    };

    private static DueDateRuleDto FromModel(DueDateRule rule) => rule switch
    {
        ImmediateRule => new() { Kind = DueDateRuleKind.Immediate },
        CalendarDaysRule r => new() { Kind = DueDateRuleKind.CalendarDays, Days = r.Days },
        BusinessDaysRule r => new() { Kind = DueDateRuleKind.BusinessDays, Days = r.Days, CalendarId = r.CalendarId },
        CalendarMonthsRule r => new() { Kind = DueDateRuleKind.CalendarMonths, Months = r.Months },
        EndOfMonthThenDaysRule r => new() { Kind = DueDateRuleKind.EndOfMonthThenDays, Days = r.Days },
        DaysThenEndOfMonthRule r => new() { Kind = DueDateRuleKind.DaysThenEndOfMonth, Days = r.Days },
        MonthsAfterEndOfMonthRule r => new() { Kind = DueDateRuleKind.MonthsAfterEndOfMonth, Months = r.Months, Day = r.Day },
        CutOffDayRule r => new()
        {
            Kind = DueDateRuleKind.CutOffDay, CutOffDay = r.CutOffDay, DayUpToCutOff = r.DayUpToCutOff, DayAfterCutOff = r.DayAfterCutOff,
            MonthsUpToCutOff = r.MonthsUpToCutOff, MonthsAfterCutOff = r.MonthsAfterCutOff,
        },
        ComposedRule r => new()
        {
            Kind = DueDateRuleKind.Composed,
            Steps = r.Steps.Select(s => new DueDateStepDto { Kind = s.Kind, Value = s.Kind == DueDateStepKind.EndOfMonth ? null : s.Value }).ToArray(),
        },
        _ => throw new ArgumentException($"rule is not a known DueDateRule (was {rule.GetType().Name}).", nameof(rule)),
    };

    private static EarlyPaymentDiscount ToModel(EarlyPaymentDiscountDto dto)
        => new(dto.Tiers!.Select(t => ToModel(t!)), dto.Base, dto.PartialPayments);

    private static EarlyPaymentDiscountDto FromModel(EarlyPaymentDiscount d)
        => new() { Tiers = d.Tiers.Select(FromModel).ToArray(), Base = d.Base, PartialPayments = d.PartialPayments };

    private static DiscountTier ToModel(DiscountTierDto dto) => dto.Kind switch
    {
        DiscountTierKind.PercentWithinDays => DiscountTier.PercentWithinDays(dto.Percent!.Value, dto.Days!.Value),
        DiscountTierKind.PercentWithinDaysAfterEndOfMonth => DiscountTier.PercentWithinDaysAfterEndOfMonth(dto.Percent!.Value, dto.Days!.Value),
        DiscountTierKind.PercentBy => DiscountTier.PercentBy(dto.Percent!.Value, dto.Date!.Value),
        DiscountTierKind.AmountWithinDays => DiscountTier.AmountWithinDays(dto.Amount!.ToMoney(), dto.Days!.Value),
        DiscountTierKind.AmountBy => DiscountTier.AmountBy(dto.Amount!.ToMoney(), dto.Date!.Value),
        DiscountTierKind.PrepaymentBeforeIssueDate => DiscountTier.Prepayment(dto.Percent!.Value, DiscountDeadlineKind.BeforeIssueDate),
        DiscountTierKind.AmountWithinDaysAfterEndOfMonth => DiscountTier.AmountWithinDaysAfterEndOfMonth(dto.Amount!.ToMoney(), dto.Days!.Value),
        DiscountTierKind.PercentWithinMonthsAfterEndOfMonth => DiscountTier.PercentWithinMonthsAfterEndOfMonth(dto.Percent!.Value, dto.Months!.Value),
        DiscountTierKind.AmountWithinMonthsAfterEndOfMonth => DiscountTier.AmountWithinMonthsAfterEndOfMonth(dto.Amount!.ToMoney(), dto.Months!.Value),
        _ => DiscountTier.Prepayment(dto.Percent!.Value, DiscountDeadlineKind.BeforeDeliveryDate),
    };

    private static DiscountTierDto FromModel(DiscountTier t) => (t.ValueKind, t.DeadlineKind) switch
    {
        (DiscountValueKind.Percent, DiscountDeadlineKind.DaysAfterBaseDate) => new() { Kind = DiscountTierKind.PercentWithinDays, Percent = t.Percent, Days = t.Days },
        (DiscountValueKind.Percent, DiscountDeadlineKind.DaysAfterEndOfBaseMonth) => new() { Kind = DiscountTierKind.PercentWithinDaysAfterEndOfMonth, Percent = t.Percent, Days = t.Days },
        (DiscountValueKind.Percent, DiscountDeadlineKind.ExactDate) => new() { Kind = DiscountTierKind.PercentBy, Percent = t.Percent, Date = t.Date },
        (DiscountValueKind.Percent, DiscountDeadlineKind.BeforeIssueDate) => new() { Kind = DiscountTierKind.PrepaymentBeforeIssueDate, Percent = t.Percent },
        (DiscountValueKind.Percent, DiscountDeadlineKind.BeforeDeliveryDate) => new() { Kind = DiscountTierKind.PrepaymentBeforeDeliveryDate, Percent = t.Percent },
        (DiscountValueKind.FixedAmount, DiscountDeadlineKind.DaysAfterBaseDate) => new() { Kind = DiscountTierKind.AmountWithinDays, Amount = MoneyDto.From(t.Amount!.Value), Days = t.Days },
        (DiscountValueKind.FixedAmount, DiscountDeadlineKind.ExactDate) => new() { Kind = DiscountTierKind.AmountBy, Amount = MoneyDto.From(t.Amount!.Value), Date = t.Date },
        (DiscountValueKind.FixedAmount, DiscountDeadlineKind.DaysAfterEndOfBaseMonth) => new() { Kind = DiscountTierKind.AmountWithinDaysAfterEndOfMonth, Amount = MoneyDto.From(t.Amount!.Value), Days = t.Days },
        (DiscountValueKind.Percent, DiscountDeadlineKind.MonthsAfterEndOfBaseMonth) => new() { Kind = DiscountTierKind.PercentWithinMonthsAfterEndOfMonth, Percent = t.Percent, Months = t.Months },
        (DiscountValueKind.FixedAmount, DiscountDeadlineKind.MonthsAfterEndOfBaseMonth) => new() { Kind = DiscountTierKind.AmountWithinMonthsAfterEndOfMonth, Amount = MoneyDto.From(t.Amount!.Value), Months = t.Months },
        _ => throw new ArgumentException($"tier has no configuration form ({t.ValueKind}, {t.DeadlineKind}).", nameof(t)),
    };
}
