using System;
using System.Buffers;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.Json;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.PostgreSql;

/// <summary>
/// The JSON form of ledger events in <c>account_events.payload</c> and of profiles in <c>account_streams.profile</c>:
/// one object per event with its fields in camelCase, money as <c>{"amount": 12.50, "currency": "EUR"}</c> (a JSON
/// number, exact in jsonb's numeric), dates as ISO <c>yyyy-MM-dd</c> strings, enums as their names. The event type is
/// the <c>event_type</c> column. Events this version cannot store (a payment plan's tracked schedule, a currency
/// conversion with a converter function, an item added with discount terms) are refused when appended, never
/// stored half.
/// </summary>
internal static class AccountEventJson
{
    public static string TypeOf(AccountEvent accountEvent) => accountEvent.GetType().Name;

    public static string Write(AccountEvent accountEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            switch (accountEvent)
            {
                case ItemAdded e:
                    var item = e.Item;
                    if (!item.DiscountTerms.IsDefaultOrEmpty)
                    {
                        throw Unsupported(accountEvent, $"item '{item.ItemId}' has discount terms");
                    }

                    w.WriteString("itemId", item.ItemId);
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

                    break;
                case PaymentReceived e:
                    if (e.Conversion is not null)
                    {
                        throw Unsupported(accountEvent, $"payment '{e.Reference}' carries a currency conversion");
                    }

                    w.WriteString("reference", e.Reference);
                    WriteDate(w, "receivedOn", e.ReceivedOn);
                    WriteMoney(w, "amount", e.Amount);
                    w.WriteString("strategy", e.Strategy.ToString());
                    WriteOptional(w, "method", e.Method);
                    WriteAllocations(w, e.Allocations);
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
                dispute: r.TryGetProperty("disputeOpenedOn", out _) ? new ItemDispute(D(r, "disputeOpenedOn"), S(r, "disputeReason")) : null)),
            nameof(PaymentReceived) => new PaymentReceived(S(r, "reference"), D(r, "receivedOn"), M(r, "amount"), Enum.Parse<AllocationStrategy>(S(r, "strategy")))
            {
                Method = Optional(r, "method"),
                Allocations = Allocations(r),
            },
            nameof(PaymentReversed) => new PaymentReversed(S(r, "reference"), D(r, "reversedOn"), S(r, "reason")),
            nameof(CreditNoteIssued) => new CreditNoteIssued(S(r, "reference"), D(r, "issuedOn"), S(r, "itemId"), M(r, "amount"), Optional(r, "description")),
            nameof(FeeCharged) => new FeeCharged(S(r, "chargeKey"), D(r, "chargedOn"), S(r, "itemId"), M(r, "amount"), S(r, "description")),
            nameof(InterestPosted) => new InterestPosted(S(r, "itemId"), D(r, "postedOn"), D(r, "through"), M(r, "amount")) { Description = S(r, "description") },
            nameof(DisputeOpened) => new DisputeOpened(S(r, "itemId"), new ItemDispute(D(r, "openedOn"), S(r, "reason"))),
            nameof(DisputeResolved) => new DisputeResolved(S(r, "itemId"), D(r, "resolvedOn")),
            nameof(PromiseRecorded) => new PromiseRecorded(new PaymentPromise(S(r, "promiseId"), D(r, "madeOn"), D(r, "promisedDate"), M(r, "amount"), Strings(r, "itemIds"))),
            nameof(PlanPaymentReceived) => new PlanPaymentReceived(S(r, "planId"), S(r, "reference"), D(r, "receivedOn"), M(r, "amount")) { Method = Optional(r, "method") },
            nameof(UnappliedCreditApplied) => new UnappliedCreditApplied(S(r, "reference"), D(r, "appliedOn"), Enum.Parse<AllocationStrategy>(S(r, "strategy")))
            {
                Amount = r.TryGetProperty("amount", out _) ? M(r, "amount") : null,
                Allocations = Allocations(r),
            },
            nameof(LegalHoldSet) => new LegalHoldSet(new LegalHold(D(r, "since"), S(r, "reason"))),
            nameof(LegalHoldReleased) => new LegalHoldReleased(D(r, "releasedOn")),
            _ => throw new InvalidOperationException($"stored event type '{type}' is not known to this version of Cobranza.PostgreSql."),
        };
    }

    public static string WriteProfile(CustomerProfile profile)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("customerId", profile.CustomerId);
            w.WriteString("displayName", profile.DisplayName);
            w.WriteString("language", profile.Language);
            w.WriteString("timeZone", profile.TimeZone.Id);
            WriteOptional(w, "calendarId", profile.CalendarId);
            WriteStrings(w, "segments", profile.Segments);
            WriteStrings(w, "optedOutChannels", [.. profile.OptedOutChannels.Select(c => c.ToString())]);
            WriteOptional(w, "escalationPolicyId", profile.EscalationPolicyId);
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
            S(r, "language"),
            zone,
            Optional(r, "calendarId"),
            Strings(r, "segments"),
            [.. Strings(r, "optedOutChannels").Select(Enum.Parse<NotificationChannel>)],
            Optional(r, "escalationPolicyId"));
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
