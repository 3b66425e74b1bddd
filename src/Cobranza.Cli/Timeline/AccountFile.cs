using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Cli.Timeline;

/// <summary>One dated input of the account file, as the ledger events it stands for.</summary>
/// <param name="On">The local date it happens (applied at the start of that day).</param>
/// <param name="Kind">invoice, item, payment, paymentReversed, promise, dispute, disputeResolved, creditNote, legalHold,
/// legalHoldReleased, excludedFromDunning, returnedToDunning, enforcementOff, enforcementOn.</param>
/// <param name="Label">A short description for the timeline.</param>
/// <param name="Events">The library's ledger events.</param>
/// <param name="Until">For a promise, the promised date; otherwise null (a dispute, hold, exclusion or pause lasts until undone).</param>
internal sealed record AccountInput(LocalDate On, string Kind, string Label, ImmutableArray<AccountEvent> Events, LocalDate? Until = null);

/// <summary>
/// The account file of <c>cobranza timeline</c> (docs/cli.md "The account file"): the customer, the creditor's
/// details for the notices, optional late-charge terms by preset, and the dated events of the account. The library
/// has no file format for an account's history (hosts keep it in their ledger), so the command line defines this small
/// one; every figure in it becomes a library event (<see cref="ItemAdded"/>, <see cref="PaymentReceived"/>, …) and
/// every schedule comes from <see cref="PaymentSchedule.Create"/>.
/// </summary>
internal sealed record AccountFile(
    string AccountId,
    Currency Currency,
    CustomerProfile Customer,
    CompanyDetails Company,
    LateInterestPreset? LateChargePreset,
    ImmutableArray<AccountInput> Inputs)
{
    /// <summary>The account before any event: no items, no payments.</summary>
    internal CustomerAccount Empty => new(AccountId, Currency, Customer);

    internal static AccountFile Parse(string json, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException exception)
        {
            throw new CliInputException($"{file}: no es JSON válido: {exception.Message}", $"{file}: not valid JSON: {exception.Message}");
        }

        using (document)
        {
            var reader = new Reader(file);
            var root = reader.Object(document.RootElement, "$");
            reader.Only(root, "$", "accountId", "currency", "customer", "company", "lateCharges", "events", "$schema");
            var accountId = reader.String(root, "$", "accountId");
            var currency = Core.Currency.FromCode(reader.String(root, "$", "currency"));

            var customerElement = reader.Object(reader.Required(root, "$", "customer"), "$.customer");
            reader.Only(customerElement, "$.customer", "id", "name", "language", "timeZone", "calendarId", "segments", "optedOutChannels", "paymentSettings");
            var zoneId = reader.String(customerElement, "$.customer", "timeZone");
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId)
                ?? throw reader.Error("$.customer.timeZone",
                    $"debe ser una zona horaria IANA como Europe/Madrid (era '{zoneId}')",
                    $"must be an IANA time zone such as Europe/Madrid (was '{zoneId}')");
            var tag = reader.String(customerElement, "$.customer", "language");
            var language = Core.Language.TryFromTag(tag, out var parsed)
                ? parsed
                : throw reader.Error("$.customer.language",
                    $"debe ser una etiqueta de idioma BCP 47 como es, en o es-CO (era '{tag}'): escriba el código del idioma (ISO 639), no su nombre",
                    $"must be a BCP 47 language tag such as es, en or es-CO (was '{tag}'): write the code of the language (ISO 639), not its name");
            var customer = new CustomerProfile(
                reader.String(customerElement, "$.customer", "id"),
                reader.String(customerElement, "$.customer", "name"),
                language,
                zone,
                reader.OptionalString(customerElement, "calendarId"),
                [.. reader.Strings(customerElement, "$.customer", "segments")],
                [.. reader.Strings(customerElement, "$.customer", "optedOutChannels").Select((c, i) => reader.Enum<NotificationChannel>(c, $"$.customer.optedOutChannels[{i}]"))]);
            var paymentSettings = customerElement.TryGetProperty("paymentSettings", out var settings) && settings.ValueKind != JsonValueKind.Null
                ? PaymentTermsJson.DeserializeCustomer(settings.GetRawText())
                : null;

            var companyElement = reader.Object(reader.Required(root, "$", "company"), "$.company");
            reader.Only(companyElement, "$.company", "name", "paymentLink", "paymentMethods");
            var link = reader.String(companyElement, "$.company", "paymentLink");
            if (!Uri.TryCreate(link, UriKind.Absolute, out var paymentLink))
            {
                throw reader.Error("$.company.paymentLink", $"debe ser una URL absoluta (era '{link}')", $"must be an absolute URL (was '{link}')");
            }

            var company = new CompanyDetails(reader.String(companyElement, "$.company", "name"), paymentLink,
                [.. reader.Strings(companyElement, "$.company", "paymentMethods")]);

            LateInterestPreset? preset = null;
            if (root.TryGetProperty("lateCharges", out var lateCharges) && lateCharges.ValueKind != JsonValueKind.Null)
            {
                reader.Only(reader.Object(lateCharges, "$.lateCharges"), "$.lateCharges", "preset");
                preset = Interest.Presets.Get(reader.String(lateCharges, "$.lateCharges", "preset"));
            }

            var inputs = ImmutableArray.CreateBuilder<AccountInput>();
            var events = reader.Required(root, "$", "events");
            if (events.ValueKind != JsonValueKind.Array)
            {
                throw reader.Error("$.events", "debe ser una lista (array)", "must be an array");
            }

            var index = 0;
            foreach (var element in events.EnumerateArray())
            {
                inputs.Add(ReadEvent(reader, element, $"$.events[{index}]", currency, customer, paymentSettings));
                index++;
            }

            CheckReversals(reader, inputs);

            // Events apply in date order; the file's order breaks ties (stable sort).
            var ordered = inputs.Select((input, i) => (input, i)).OrderBy(p => p.input.On).ThenBy(p => p.i).Select(p => p.input);
            return new AccountFile(accountId, currency, customer, company, preset, [.. ordered]);
        }
    }

    /// <summary>A reversal names a payment of the file received on or before it (the ledger would refuse it later, without the path).</summary>
    private static void CheckReversals(Reader reader, IReadOnlyList<AccountInput> inputs)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Events is [PaymentReversed reversal])
            {
                var paid = inputs.SelectMany(input => input.Events.OfType<PaymentReceived>()).Where(p => p.Reference == reversal.Reference).ToList();
                if (!paid.Any(p => p.ReceivedOn <= reversal.ReversedOn))
                {
                    throw reader.Error($"$.events[{i}].reference",
                        $"debe ser la referencia de un pago (kind payment) del archivo recibido el {reversal.ReversedOn:uuuu-MM-dd} o antes (era '{reversal.Reference}')",
                        $"must be the reference of a payment (kind payment) of the file received on or before {reversal.ReversedOn:uuuu-MM-dd} (was '{reversal.Reference}')");
                }
            }
        }
    }

    /// <summary>The event kinds of the account file, in the order docs/cli.md lists them.</summary>
    internal static readonly ImmutableArray<string> Kinds =
    [
        "invoice", "item", "payment", "paymentReversed", "promise", "dispute", "disputeResolved", "creditNote", "legalHold", "legalHoldReleased",
        "excludedFromDunning", "returnedToDunning", "enforcementOff", "enforcementOn",
    ];

    private static AccountInput ReadEvent(Reader reader, JsonElement element, string path, Currency currency, CustomerProfile customer, CustomerPaymentSettings? paymentSettings)
    {
        reader.Object(element, path);
        var on = reader.Date(element, path, "on");
        var kind = reader.String(element, path, "kind");
        Money Amount(string name) => reader.Money(element, path, name, currency);
        switch (kind)
        {
            case "invoice":
            {
                reader.Only(element, path, "on", "kind", "id", "terms", "net", "tax");
                var id = reader.String(element, path, "id");
                var termsElement = reader.Required(element, path, "terms");
                var terms = termsElement.ValueKind == JsonValueKind.String
                    ? PaymentTermsNotation.Parse(termsElement.GetString()!)
                    : PaymentTermsJson.Deserialize(termsElement.GetRawText());
                var net = Amount("net");
                var tax = element.TryGetProperty("tax", out _) ? Amount("tax") : Core.Money.Zero(currency);
                var invoice = new Invoice(id, customer.Id, on, net, tax, terms);
                var schedule = PaymentSchedule.Create(invoice, paymentSettings, BuiltInCalendarProvider.Instance);
                var added = ItemAdded.From(schedule);
                return new AccountInput(on, kind, $"{id} ({string.Join(", ", added.Select(a => a.Item.Id))})", [.. added.Cast<AccountEvent>()]);
            }

            case "item":
            {
                reader.Only(element, path, "on", "kind", "id", "invoiceId", "dueDate", "amount");
                var id = reader.String(element, path, "id");
                var item = new AccountItem(id, reader.OptionalString(element, "invoiceId") ?? id, 0, on, reader.Date(element, path, "dueDate"), Amount("amount"));
                return new AccountInput(on, kind, id, [new ItemAdded(item)]);
            }

            case "payment":
            {
                reader.Only(element, path, "on", "kind", "reference", "amount", "strategy", "method");
                var strategy = reader.OptionalString(element, "strategy") is { } name
                    ? reader.Enum<AllocationStrategy>(name, path + ".strategy")
                    : AllocationStrategy.OldestDueFirst;
                var reference = reader.String(element, path, "reference");
                var method = element.TryGetProperty("method", out _) ? reader.String(element, path, "method") : null;
                return new AccountInput(on, kind, method is null ? reference : $"{reference} ({method})",
                    [new PaymentReceived(reference, on, Amount("amount"), strategy) { Method = method }]);
            }

            case "paymentReversed":
            {
                // A failed payment attempt (returned direct debit, bounced cheque, chargeback): what the stage condition
                // lastPaymentFailed reads (docs/escalation.md "Failed payments"); the reason may start with a code ("AM04: …").
                reader.Only(element, path, "on", "kind", "reference", "reason");
                var reference = reader.String(element, path, "reference");
                var reason = reader.String(element, path, "reason");
                return new AccountInput(on, kind, $"{reference}: {reason}", [new PaymentReversed(reference, on, reason)]);
            }

            case "promise":
            {
                reader.Only(element, path, "on", "kind", "id", "promisedDate", "amount", "items");
                var id = reader.String(element, path, "id");
                var promised = reader.Date(element, path, "promisedDate");
                var promise = new PaymentPromise(id, on, promised, Amount("amount"), [.. reader.Strings(element, path, "items")]);
                return new AccountInput(on, kind, id, [new PromiseRecorded(promise)], promised);
            }

            case "dispute":
            {
                reader.Only(element, path, "on", "kind", "item", "reason");
                var item = reader.String(element, path, "item");
                return new AccountInput(on, kind, item, [new DisputeOpened(item, new ItemDispute(on, reader.String(element, path, "reason")))]);
            }

            case "disputeResolved":
            {
                reader.Only(element, path, "on", "kind", "item");
                var item = reader.String(element, path, "item");
                return new AccountInput(on, kind, item, [new DisputeResolved(item, on)]);
            }

            case "creditNote":
            {
                reader.Only(element, path, "on", "kind", "reference", "item", "amount", "description");
                var reference = reader.String(element, path, "reference");
                return new AccountInput(on, kind, reference,
                    [new CreditNoteIssued(reference, on, reader.String(element, path, "item"), Amount("amount"), reader.OptionalString(element, "description"))]);
            }

            case "legalHold":
            {
                reader.Only(element, path, "on", "kind", "reason");
                var reason = reader.String(element, path, "reason");
                return new AccountInput(on, kind, $"({reason})", [new LegalHoldSet(new LegalHold(on, reason))]);
            }

            case "legalHoldReleased":
                reader.Only(element, path, "on", "kind");
                return new AccountInput(on, kind, string.Empty, [new LegalHoldReleased(on)]);

            case "excludedFromDunning":
            {
                // docs/escalation.md "Write-off and enforcement off": still owed, left out of dunning.
                reader.Only(element, path, "on", "kind", "item", "reason");
                var item = reader.String(element, path, "item");
                var reason = reader.String(element, path, "reason");
                return new AccountInput(on, kind, $"{item}: {reason}", [new ItemExcludedFromDunning(item, new DunningExclusion(on, reason))]);
            }

            case "returnedToDunning":
            {
                reader.Only(element, path, "on", "kind", "item");
                var item = reader.String(element, path, "item");
                return new AccountInput(on, kind, item, [new ItemReturnedToDunning(item, on)]);
            }

            case "enforcementOff":
            {
                reader.Only(element, path, "on", "kind", "reason");
                var reason = reader.String(element, path, "reason");
                return new AccountInput(on, kind, $"({reason})", [new EnforcementTurnedOff(new EnforcementOff(on, reason))]);
            }

            case "enforcementOn":
                reader.Only(element, path, "on", "kind");
                return new AccountInput(on, kind, string.Empty, [new EnforcementTurnedOn(on)]);
            default:
                throw reader.Error(path + ".kind",
                    $"debe ser {string.Join(", ", Kinds[..^1])} o {Kinds[^1]} (era '{kind}')",
                    $"must be {string.Join(", ", Kinds[..^1])} or {Kinds[^1]} (was '{kind}')");
        }
    }

    /// <summary>Reads values with errors that name the file, the JSON path and the value.</summary>
    private sealed class Reader(string file)
    {
        internal CliInputException Error(string path, string spanish, string english) => new($"{file}: {path} {spanish}.", $"{file}: {path} {english}.");

        internal JsonElement Object(JsonElement element, string path)
            => element.ValueKind == JsonValueKind.Object ? element : throw Error(path, "debe ser un objeto", "must be an object");

        internal JsonElement Required(JsonElement element, string path, string name)
            => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : throw Error($"{path}.{name}", "es obligatorio", "is required");

        internal void Only(JsonElement element, string path, params string[] names)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!names.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw Error(
                        $"{path}.{property.Name}",
                        $"no es una propiedad de este objeto (se espera una de {string.Join(", ", names.Where(n => n != "$schema"))})",
                        $"is not a property of this object (expected one of {string.Join(", ", names.Where(n => n != "$schema"))})");
                }
            }
        }

        internal string String(JsonElement element, string path, string name)
        {
            var value = Required(element, path, name);
            return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
                ? value.GetString()!
                : throw Error($"{path}.{name}", $"debe ser un texto no vacío (era {value.GetRawText()})", $"must be a non-empty string (was {value.GetRawText()})");
        }

        internal string? OptionalString(JsonElement element, string name)
            => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        internal IEnumerable<string> Strings(JsonElement element, string path, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                throw Error($"{path}.{name}", "debe ser una lista (array) de textos", "must be an array of strings");
            }

            return value.EnumerateArray().Select(v => v.GetString()!).ToList();
        }

        internal LocalDate Date(JsonElement element, string path, string name)
        {
            var text = String(element, path, name);
            var parsed = LocalDatePattern.Iso.Parse(text);
            return parsed.Success ? parsed.Value : throw Error($"{path}.{name}", $"debe ser una fecha aaaa-MM-dd (era '{text}')", $"must be a date yyyy-MM-dd (was '{text}')");
        }

        internal Money Money(JsonElement element, string path, string name, Currency currency)
        {
            var value = Required(element, path, name);
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount))
            {
                throw Error($"{path}.{name}", $"debe ser un número, un importe en {currency.Code} (era {value.GetRawText()})", $"must be a number, an amount in {currency.Code} (was {value.GetRawText()})");
            }

            return Core.Money.Of(amount, currency);
        }

        internal T Enum<T>(string text, string path)
            where T : struct, Enum
            => !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && System.Enum.TryParse<T>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value)
                ? value
                : throw Error(path, $"debe ser uno de {string.Join(", ", System.Enum.GetNames<T>())} (era '{text}')", $"must be one of {string.Join(", ", System.Enum.GetNames<T>())} (was '{text}')");
    }
}
