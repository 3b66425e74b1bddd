using System;
using System.Buffers;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.Json;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Installments;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.PostgreSql;

/// <summary>
/// The JSON form of ledger events in <c>account_events.payload</c> and of profiles in <c>account_streams.profile</c>:
/// one object per event with its fields in camelCase, money as <c>{"amount": 12.50, "currency": "EUR"}</c> (a JSON
/// number, exact in jsonb's numeric), dates as ISO <c>yyyy-MM-dd</c> strings, enums as their names. The event type is
/// the <c>event_type</c> column. An item's discount terms are stored as their tiers made concrete (last day, amount);
/// a payment's currency conversion as the amount it converted to in the account's currency (what the ledger applied:
/// a host converter is asked once, when the payment is appended, and a replay never asks it again, so a rate that
/// changes later cannot change a booked payment). A plan (<see cref="PlanStarted"/>) is stored with its definition and
/// its schedule row by row, and restored as agreed (<see cref="InstallmentSchedule.Restore"/>), never recomputed with
/// today's calendars.
/// </summary>
internal static class AccountEventJson
{
    public static string TypeOf(AccountEvent accountEvent) => accountEvent.GetType().Name;

    /// <summary>The stored form of an event.</summary>
    /// <param name="accountEvent">The event.</param>
    /// <param name="before">The account the event is applied to (needed for a payment with a currency conversion).</param>
    public static string Write(AccountEvent accountEvent, CustomerAccount? before = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            switch (accountEvent)
            {
                case ItemAdded e:
                    var item = e.Item;
                    w.WriteString("itemId", item.Id);
                    w.WriteString("invoiceId", item.InvoiceId);
                    w.WriteNumber("portionIndex", item.PortionIndex);
                    WriteDate(w, "issueDate", item.IssueDate);
                    WriteDate(w, "dueDate", item.DueDate);
                    WriteMoney(w, "amount", item.Amount);
                    if (item.Dispute is { } dispute)
                    {
                        WriteDate(w, "disputeOpenedOn", dispute.OpenedOn);
                        w.WriteString("disputeReason", dispute.Reason);
                    }

                    if (item.DunningExclusion is { } exclusion)
                    {
                        WriteDate(w, "excludedSince", exclusion.Since);
                        w.WriteString("exclusionReason", exclusion.Reason);
                    }

                    WriteDiscountTerms(w, item.DiscountTerms);
                    break;
                case PaymentReceived e:
                    w.WriteString("reference", e.Reference);
                    WriteDate(w, "receivedOn", e.ReceivedOn);
                    WriteMoney(w, "amount", e.Amount);
                    w.WriteString("strategy", e.Strategy.ToString());
                    WriteOptional(w, "method", e.Method);
                    WriteAllocations(w, e.Allocations);
                    if (e.Conversion is { } conversion)
                    {
                        if (before is null)
                        {
                            throw new ArgumentException($"payment '{e.Reference}' carries a currency conversion: its stored form needs the account it is applied to.", nameof(before));
                        }

                        w.WriteStartObject("conversion");
                        WriteMoney(w, "converted", conversion.Convert(e.Amount, before.Currency));
                        w.WriteString("rounding", conversion.Rounding.ToString());
                        w.WriteEndObject();
                    }

                    break;
                case PaymentReversed e:
                    w.WriteString("reference", e.Reference);
                    WriteDate(w, "reversedOn", e.ReversedOn);
                    w.WriteString("reason", e.Reason);
                    break;
                case CreditNoteIssued e:
                    w.WriteString("reference", e.Reference);
                    WriteDate(w, "issuedOn", e.IssuedOn);
                    w.WriteString("itemId", e.ItemId);
                    WriteMoney(w, "amount", e.Amount);
                    WriteOptional(w, "description", e.Description);
                    break;
                case FeeCharged e:
                    w.WriteString("chargeKey", e.ChargeKey);
                    WriteDate(w, "chargedOn", e.ChargedOn);
                    w.WriteString("itemId", e.ItemId);
                    WriteMoney(w, "amount", e.Amount);
                    w.WriteString("description", e.Description);
                    break;
                case InterestPosted e:
                    w.WriteString("itemId", e.ItemId);
                    WriteDate(w, "postedOn", e.PostedOn);
                    WriteDate(w, "through", e.Through);
                    WriteMoney(w, "amount", e.Amount);
                    w.WriteString("description", e.Description);
                    break;
                case DisputeOpened e:
                    w.WriteString("itemId", e.ItemId);
                    WriteDate(w, "openedOn", e.Dispute.OpenedOn);
                    w.WriteString("reason", e.Dispute.Reason);
                    break;
                case DisputeResolved e:
                    w.WriteString("itemId", e.ItemId);
                    WriteDate(w, "resolvedOn", e.ResolvedOn);
                    break;
                case PromiseRecorded e:
                    w.WriteString("promiseId", e.Promise.PromiseId);
                    WriteDate(w, "madeOn", e.Promise.MadeOn);
                    WriteDate(w, "promisedDate", e.Promise.PromisedDate);
                    WriteMoney(w, "amount", e.Promise.Amount);
                    WriteStrings(w, "itemIds", e.Promise.ItemIds);
                    break;
                case PlanStarted e:
                    WritePlan(w, e.Enrollment);
                    break;
                case PlanPaymentReceived e:
                    w.WriteString("planId", e.PlanId);
                    w.WriteString("reference", e.Reference);
                    WriteDate(w, "receivedOn", e.ReceivedOn);
                    WriteMoney(w, "amount", e.Amount);
                    WriteOptional(w, "method", e.Method);
                    break;
                case UnappliedCreditApplied e:
                    w.WriteString("reference", e.Reference);
                    WriteDate(w, "appliedOn", e.AppliedOn);
                    w.WriteString("strategy", e.Strategy.ToString());
                    if (e.Amount is { } amount)
                    {
                        WriteMoney(w, "amount", amount);
                    }

                    WriteAllocations(w, e.Allocations);
                    break;
                case LegalHoldSet e:
                    WriteDate(w, "since", e.Hold.Since);
                    w.WriteString("reason", e.Hold.Reason);
                    break;
                case LegalHoldReleased e:
                    WriteDate(w, "releasedOn", e.ReleasedOn);
                    break;
                case ItemExcludedFromDunning e:
                    w.WriteString("itemId", e.ItemId);
                    WriteDate(w, "since", e.Exclusion.Since);
                    w.WriteString("reason", e.Exclusion.Reason);
                    break;
                case ItemReturnedToDunning e:
                    w.WriteString("itemId", e.ItemId);
                    WriteDate(w, "returnedOn", e.ReturnedOn);
                    break;
                case EnforcementTurnedOff e:
                    WriteDate(w, "since", e.Off.Since);
                    w.WriteString("reason", e.Off.Reason);
                    break;
                case EnforcementTurnedOn e:
                    WriteDate(w, "turnedOnOn", e.TurnedOnOn);
                    break;
                default:
                    throw Unsupported(accountEvent, "this event type has no stored form yet");
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static AccountEvent Read(string type, string json)
    {
        using var document = JsonDocument.Parse(json);
        var r = document.RootElement;
        return type switch
        {
            nameof(ItemAdded) => new ItemAdded(new AccountItem(
                S(r, "itemId"), S(r, "invoiceId"), r.GetProperty("portionIndex").GetInt32(), D(r, "issueDate"), D(r, "dueDate"), M(r, "amount"),
                dispute: r.TryGetProperty("disputeOpenedOn", out _) ? new ItemDispute(D(r, "disputeOpenedOn"), S(r, "disputeReason")) : null)
            {
                DiscountTerms = DiscountTerms(r),
                DunningExclusion = r.TryGetProperty("excludedSince", out _) ? new DunningExclusion(D(r, "excludedSince"), S(r, "exclusionReason")) : null,
            }),
            nameof(PaymentReceived) => new PaymentReceived(S(r, "reference"), D(r, "receivedOn"), M(r, "amount"), Enum.Parse<AllocationStrategy>(S(r, "strategy")))
            {
                Method = Optional(r, "method"),
                Allocations = Allocations(r),
                Conversion = r.TryGetProperty("conversion", out var conversion) ? Conversion(conversion) : null,
            },
            nameof(PaymentReversed) => new PaymentReversed(S(r, "reference"), D(r, "reversedOn"), S(r, "reason")),
            nameof(CreditNoteIssued) => new CreditNoteIssued(S(r, "reference"), D(r, "issuedOn"), S(r, "itemId"), M(r, "amount"), Optional(r, "description")),
            nameof(FeeCharged) => new FeeCharged(S(r, "chargeKey"), D(r, "chargedOn"), S(r, "itemId"), M(r, "amount"), S(r, "description")),
            nameof(InterestPosted) => new InterestPosted(S(r, "itemId"), D(r, "postedOn"), D(r, "through"), M(r, "amount")) { Description = S(r, "description") },
            nameof(DisputeOpened) => new DisputeOpened(S(r, "itemId"), new ItemDispute(D(r, "openedOn"), S(r, "reason"))),
            nameof(DisputeResolved) => new DisputeResolved(S(r, "itemId"), D(r, "resolvedOn")),
            nameof(PromiseRecorded) => new PromiseRecorded(new PaymentPromise(S(r, "promiseId"), D(r, "madeOn"), D(r, "promisedDate"), M(r, "amount"), Strings(r, "itemIds"))),
            nameof(PlanStarted) => new PlanStarted(ReadPlan(r)),
            nameof(PlanPaymentReceived) => new PlanPaymentReceived(S(r, "planId"), S(r, "reference"), D(r, "receivedOn"), M(r, "amount")) { Method = Optional(r, "method") },
            nameof(UnappliedCreditApplied) => new UnappliedCreditApplied(S(r, "reference"), D(r, "appliedOn"), Enum.Parse<AllocationStrategy>(S(r, "strategy")))
            {
                Amount = r.TryGetProperty("amount", out _) ? M(r, "amount") : null,
                Allocations = Allocations(r),
            },
            nameof(LegalHoldSet) => new LegalHoldSet(new LegalHold(D(r, "since"), S(r, "reason"))),
            nameof(LegalHoldReleased) => new LegalHoldReleased(D(r, "releasedOn")),
            nameof(ItemExcludedFromDunning) => new ItemExcludedFromDunning(S(r, "itemId"), new DunningExclusion(D(r, "since"), S(r, "reason"))),
            nameof(ItemReturnedToDunning) => new ItemReturnedToDunning(S(r, "itemId"), D(r, "returnedOn")),
            nameof(EnforcementTurnedOff) => new EnforcementTurnedOff(new EnforcementOff(D(r, "since"), S(r, "reason"))),
            nameof(EnforcementTurnedOn) => new EnforcementTurnedOn(D(r, "turnedOnOn")),
            _ => throw new InvalidOperationException($"stored event type '{type}' is not known to this version of Cobranza.PostgreSql."),
        };
    }

    public static string WriteProfile(CustomerProfile profile)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("customerId", profile.Id);
            w.WriteString("displayName", profile.DisplayName);
            w.WriteString("language", profile.Language.Tag);
            w.WriteString("timeZone", profile.TimeZone.Id);
            WriteOptional(w, "calendarId", profile.CalendarId);
            WriteStrings(w, "segments", profile.Segments);
            WriteStrings(w, "optedOutChannels", [.. profile.OptedOutChannels.Select(c => c.ToString())]);
            WriteOptional(w, "escalationPolicyId", profile.EscalationPolicyId);
            WriteOptional(w, "paidByAccountId", profile.PaidByAccountId);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static CustomerProfile ReadProfile(string json)
    {
        using var document = JsonDocument.Parse(json);
        var r = document.RootElement;
        var zoneId = S(r, "timeZone");
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId)
            ?? throw new InvalidOperationException($"stored profile of customer '{S(r, "customerId")}' has time zone '{zoneId}', unknown to this NodaTime time zone database.");
        return new CustomerProfile(
            S(r, "customerId"),
            S(r, "displayName"),
            Language.TryFromTag(S(r, "language"), out var language)
                ? language
                : throw new InvalidOperationException($"stored profile of customer '{S(r, "customerId")}' has language '{S(r, "language")}', not a BCP 47 language tag."),
            zone,
            Optional(r, "calendarId"),
            Strings(r, "segments"),
            [.. Strings(r, "optedOutChannels").Select(Enum.Parse<NotificationChannel>)],
            Optional(r, "escalationPolicyId"))
        {
            PaidByAccountId = Optional(r, "paidByAccountId"),
        };
    }

    private static NotSupportedException Unsupported(AccountEvent accountEvent, string why)
        => new($"{accountEvent.GetType().Name} cannot be stored by this version of Cobranza.PostgreSql: {why}. Keep such accounts in your own tables and supply them through an IAccountSnapshotSource.");

    private static void WriteDate(Utf8JsonWriter w, string name, LocalDate date) => w.WriteString(name, LocalDatePattern.Iso.Format(date));

    private static void WriteMoney(Utf8JsonWriter w, string name, Money money)
    {
        w.WriteStartObject(name);
        w.WriteNumber("amount", money.Amount);
        w.WriteString("currency", money.Currency.Code);
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, ImmutableArray<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values.IsDefault ? [] : values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteAllocations(Utf8JsonWriter w, ImmutableArray<ExplicitAllocation> allocations)
    {
        if (allocations.IsDefaultOrEmpty)
        {
            return;
        }

        w.WriteStartArray("allocations");
        foreach (var allocation in allocations)
        {
            w.WriteStartObject();
            w.WriteString("itemId", allocation.ItemId);
            WriteMoney(w, "amount", allocation.Amount);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WritePlan(Utf8JsonWriter w, PlanEnrollment enrollment)
    {
        w.WriteString("planId", enrollment.PlanId);
        WriteDate(w, "startedOn", enrollment.StartedOn);
        WriteStrings(w, "itemIds", enrollment.ItemIds);
        w.WriteBoolean("freezesLateInterest", enrollment.FreezesLateInterest);
        var plan = enrollment.Plan;
        var schedule = plan.Schedule;
        var d = schedule.Definition;
        w.WriteStartObject("definition");
        WriteMoney(w, "amount", d.Amount);
        WriteOptionalMoney(w, "downPayment", d.DownPayment);
        WriteDate(w, "startDate", d.StartDate);
        WriteDate(w, "firstDueDate", d.FirstDueDate);
        w.WriteNumber("installmentCount", d.InstallmentCount);
        w.WriteString("frequency", d.Frequency.ToString());
        w.WriteString("method", d.Method.ToString());
        w.WriteStartObject("interest");
        w.WriteString("accrual", d.Interest.Accrual.ToString());
        w.WriteNumber("nominalAnnualRate", d.Interest.NominalAnnualRate);
        WriteOptional(w, "dayCount", d.Interest.DayCount?.Name);
        w.WriteEndObject();
        w.WriteStartArray("percentages");
        foreach (var percentage in d.Percentages)
        {
            w.WriteNumberValue(percentage);
        }

        w.WriteEndArray();
        w.WriteStartArray("amounts");
        foreach (var amount in d.Amounts)
        {
            w.WriteStartObject();
            WriteMoney(w, "amount", amount);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteOptionalMoney(w, "balloonAmount", d.BalloonAmount);
        WriteOptionalMoney(w, "installmentFee", d.InstallmentFee);
        w.WriteBoolean("endOfMonth", d.EndOfMonth);
        w.WriteString("dueDateConvention", d.DueDateAdjustment.Convention.ToString());
        WriteOptional(w, "dueDateCalendarId", d.DueDateAdjustment.CalendarId);
        w.WriteString("residual", d.Residual.ToString());
        w.WriteString("rounding", d.Rounding.ToString());
        w.WriteEndObject();
        WriteOptionalMoney(w, "levelPayment", schedule.LevelPayment);
        w.WriteStartArray("installments");
        foreach (var row in schedule.Installments)
        {
            w.WriteStartObject();
            w.WriteNumber("number", row.Number);
            WriteDate(w, "dueDate", row.DueDate);
            WriteDate(w, "periodStart", row.PeriodStart);
            WriteMoney(w, "principal", row.Principal);
            WriteMoney(w, "interest", row.Interest);
            WriteMoney(w, "fee", row.Fee);
            WriteMoney(w, "remainingBalance", row.RemainingBalance);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (plan.Acceleration is { } acceleration)
        {
            w.WriteStartObject("acceleration");
            if (acceleration.MissedInstallments is { } missed)
            {
                w.WriteNumber("missedInstallments", missed);
            }

            if (acceleration.DaysOverdue is { } days)
            {
                w.WriteNumber("daysOverdue", days);
            }

            w.WriteEndObject();
        }

        w.WriteStartArray("payments");
        foreach (var payment in plan.Payments)
        {
            w.WriteStartObject();
            WriteDate(w, "date", payment.Date);
            WriteMoney(w, "amount", payment.Amount);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static PlanEnrollment ReadPlan(JsonElement r)
    {
        var d = r.GetProperty("definition");
        var interest = d.GetProperty("interest");
        var rate = interest.GetProperty("nominalAnnualRate").GetDecimal();
        var definition = new InstallmentPlanDefinition
        {
            Amount = M(d, "amount"),
            DownPayment = OptionalMoney(d, "downPayment"),
            StartDate = D(d, "startDate"),
            FirstDueDate = D(d, "firstDueDate"),
            InstallmentCount = d.GetProperty("installmentCount").GetInt32(),
            Frequency = Enum.Parse<InstallmentFrequency>(S(d, "frequency")),
            Method = Enum.Parse<AmortizationMethod>(S(d, "method")),
            Interest = Enum.Parse<InterestAccrual>(S(interest, "accrual")) switch
            {
                InterestAccrual.None => PlanInterest.None,
                InterestAccrual.PeriodicRate => PlanInterest.Periodic(rate),
                _ => PlanInterest.ActualDays(rate, DayCount.Of(S(interest, "dayCount"))),
            },
            Percentages = [.. d.GetProperty("percentages").EnumerateArray().Select(p => p.GetDecimal())],
            Amounts = [.. d.GetProperty("amounts").EnumerateArray().Select(a => M(a, "amount"))],
            BalloonAmount = OptionalMoney(d, "balloonAmount"),
            InstallmentFee = OptionalMoney(d, "installmentFee"),
            EndOfMonth = d.GetProperty("endOfMonth").GetBoolean(),
            DueDateAdjustment = new BusinessDayAdjustment(Enum.Parse<BusinessDayConvention>(S(d, "dueDateConvention")), Optional(d, "dueDateCalendarId")),
            Residual = Enum.Parse<ResidualPlacement>(S(d, "residual")),
            Rounding = Enum.Parse<MidpointRounding>(S(d, "rounding")),
        };
        var rows = r.GetProperty("installments").EnumerateArray()
            .Select(row => ScheduledInstallment.Restore(
                row.GetProperty("number").GetInt32(), D(row, "dueDate"), D(row, "periodStart"),
                M(row, "principal"), M(row, "interest"), M(row, "fee"), M(row, "remainingBalance")))
            .ToList();
        var schedule = InstallmentSchedule.Restore(definition, rows, OptionalMoney(r, "levelPayment"));
        AccelerationClause? acceleration = r.TryGetProperty("acceleration", out var a)
            ? new AccelerationClause(a.TryGetProperty("missedInstallments", out var m) ? m.GetInt32() : null, a.TryGetProperty("daysOverdue", out var o) ? o.GetInt32() : null)
            : null;
        var plan = TrackedPlan.Start(schedule, acceleration)
            .Apply(r.GetProperty("payments").EnumerateArray().Select(p => new PlanPayment(D(p, "date"), M(p, "amount"))).ToList());
        return new PlanEnrollment(S(r, "planId"), D(r, "startedOn"), Strings(r, "itemIds"), plan, r.GetProperty("freezesLateInterest").GetBoolean());
    }

    private static void WriteOptionalMoney(Utf8JsonWriter w, string name, Money? money)
    {
        if (money is { } m)
        {
            WriteMoney(w, name, m);
        }
    }

    private static Money? OptionalMoney(JsonElement e, string name) => e.TryGetProperty(name, out _) ? M(e, name) : null;

    private static void WriteDiscountTerms(Utf8JsonWriter w, ImmutableArray<ScheduledDiscount> terms)
    {
        if (terms.IsDefaultOrEmpty)
        {
            return;
        }

        w.WriteStartArray("discountTerms");
        foreach (var term in terms)
        {
            w.WriteStartObject();
            w.WriteNumber("tierIndex", term.TierIndex);
            WriteDate(w, "lastDate", term.LastDate);
            WriteMoney(w, "amount", term.Amount);
            var tier = term.Tier;
            w.WriteStartObject("tier");
            w.WriteString("valueKind", tier.ValueKind.ToString());
            if (tier.ValueKind == DiscountValueKind.Percent)
            {
                w.WriteNumber("percent", tier.Percent);
            }
            else
            {
                WriteMoney(w, "amount", tier.Amount!.Value);
            }

            w.WriteString("deadlineKind", tier.DeadlineKind.ToString());
            w.WriteNumber("days", tier.Days);
            w.WriteNumber("months", tier.Months);
            if (tier.Date is { } date)
            {
                WriteDate(w, "date", date);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static ImmutableArray<ScheduledDiscount> DiscountTerms(JsonElement e)
        => e.TryGetProperty("discountTerms", out var array)
            ? [.. array.EnumerateArray().Select(t => new ScheduledDiscount(t.GetProperty("tierIndex").GetInt32(), Tier(t.GetProperty("tier")), D(t, "lastDate"), M(t, "amount")))]
            : [];

    /// <summary>A tier through the factory of its value and deadline kinds (the tier's own validation runs again).</summary>
    private static DiscountTier Tier(JsonElement t)
    {
        var value = Enum.Parse<DiscountValueKind>(S(t, "valueKind"));
        var deadline = Enum.Parse<DiscountDeadlineKind>(S(t, "deadlineKind"));
        int days = t.GetProperty("days").GetInt32(), months = t.GetProperty("months").GetInt32();
        return (value, deadline) switch
        {
            (DiscountValueKind.Percent, DiscountDeadlineKind.DaysAfterBaseDate) => DiscountTier.PercentWithinDays(t.GetProperty("percent").GetDecimal(), days),
            (DiscountValueKind.Percent, DiscountDeadlineKind.DaysAfterEndOfBaseMonth) => DiscountTier.PercentWithinDaysAfterEndOfMonth(t.GetProperty("percent").GetDecimal(), days),
            (DiscountValueKind.Percent, DiscountDeadlineKind.MonthsAfterEndOfBaseMonth) => DiscountTier.PercentWithinMonthsAfterEndOfMonth(t.GetProperty("percent").GetDecimal(), months),
            (DiscountValueKind.Percent, DiscountDeadlineKind.ExactDate) => DiscountTier.PercentBy(t.GetProperty("percent").GetDecimal(), D(t, "date")),
            (DiscountValueKind.Percent, DiscountDeadlineKind.BeforeIssueDate or DiscountDeadlineKind.BeforeDeliveryDate) => DiscountTier.Prepayment(t.GetProperty("percent").GetDecimal(), deadline),
            (DiscountValueKind.FixedAmount, DiscountDeadlineKind.DaysAfterBaseDate) => DiscountTier.AmountWithinDays(M(t, "amount"), days),
            (DiscountValueKind.FixedAmount, DiscountDeadlineKind.DaysAfterEndOfBaseMonth) => DiscountTier.AmountWithinDaysAfterEndOfMonth(M(t, "amount"), days),
            (DiscountValueKind.FixedAmount, DiscountDeadlineKind.MonthsAfterEndOfBaseMonth) => DiscountTier.AmountWithinMonthsAfterEndOfMonth(M(t, "amount"), months),
            (DiscountValueKind.FixedAmount, DiscountDeadlineKind.ExactDate) => DiscountTier.AmountBy(M(t, "amount"), D(t, "date")),
            _ => throw new InvalidOperationException($"stored discount tier has value kind {value} with deadline {deadline}, which no DiscountTier factory of this version creates."),
        };
    }

    /// <summary>The stored conversion: whatever converter was used, the amount it gave is what the payment applies.</summary>
    private static CurrencyConversion Conversion(JsonElement c)
    {
        var converted = M(c, "converted").Amount;
        return CurrencyConversion.Using((_, _) => converted, Enum.Parse<MidpointRounding>(S(c, "rounding")));
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static string? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static LocalDate D(JsonElement e, string name) => LocalDatePattern.Iso.Parse(S(e, name)).GetValueOrThrow();

    private static Money M(JsonElement e, string name)
    {
        var m = e.GetProperty(name);
        return Money.Of(m.GetProperty("amount").GetDecimal(), S(m, "currency"));
    }

    private static ImmutableArray<string> Strings(JsonElement e, string name)
        => e.TryGetProperty(name, out var array) ? [.. array.EnumerateArray().Select(v => v.GetString()!)] : [];

    private static ImmutableArray<ExplicitAllocation> Allocations(JsonElement e)
        => e.TryGetProperty("allocations", out var array)
            ? [.. array.EnumerateArray().Select(a => new ExplicitAllocation(S(a, "itemId"), M(a, "amount")))]
            : [];
}
