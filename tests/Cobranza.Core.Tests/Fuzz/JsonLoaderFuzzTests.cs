using System;
using System.Linq;
using System.Text.Json;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;
using FluentValidation;
using NodaTime;

namespace Cobranza.Core.Tests.Fuzz;

/// <summary>
/// Issue 14 §5: seeded fuzzing of every JSON loader. Each loader may throw only what it documents:
/// <see cref="JsonException"/> for bad JSON and <see cref="ValidationException"/> for an invalid configuration.
/// What loads is then used (a schedule, a round trip) and may throw only what that use documents.
/// </summary>
public sealed class JsonLoaderFuzzTests
{
    internal static readonly string[] TermsCorpus =
    [
        """{"portions":[{"share":{"kind":"Percent","percent":100},"rule":{"kind":"CalendarDays","days":30}}]}""",
        """{"portions":[{"share":{"kind":"Percent","percent":30},"baseDate":"OrderDate","rule":{"kind":"Immediate"}},{"share":{"kind":"Balance"},"rule":{"kind":"CalendarDays","days":30},"discount":{"tiers":[{"kind":"PercentWithinDays","percent":2,"days":10},{"kind":"AmountBy","amount":{"amount":5.00,"currency":"EUR"},"date":"2026-12-31"}]}}]}""",
        """{"portions":[{"share":{"kind":"Amount","amount":{"amount":100.00,"currency":"EUR"}},"rule":{"kind":"BusinessDays","days":10,"calendarId":"ES"}},{"share":{"kind":"Balance"},"baseDate":"DeliveryDate","rule":{"kind":"CalendarMonths","months":2}}],"adjustment":{"convention":"ModifiedFollowing","calendarId":"ES"}}""",
        """{"portions":[{"share":{"kind":"Percent","percent":50},"rule":{"kind":"EndOfMonthThenDays","days":30},"discount":{"tiers":[{"kind":"PercentWithinDaysAfterEndOfMonth","percent":1,"days":10}],"base":"Net","partialPayments":"None"}},{"share":{"kind":"Percent","percent":50},"rule":{"kind":"DaysThenEndOfMonth","days":60}}]}""",
        """{"portions":[{"share":{"kind":"Percent","percent":100},"rule":{"kind":"MonthsAfterEndOfMonth","months":1,"day":10},"discount":{"tiers":[{"kind":"PrepaymentBeforeIssueDate","percent":3},{"kind":"PercentBy","percent":1,"date":"2026-01-31"}]}}]}""",
        """{"portions":[{"share":{"kind":"Percent","percent":100},"rule":{"kind":"CutOffDay","cutOffDay":15,"dayUpToCutOff":5,"dayAfterCutOff":20,"monthsUpToCutOff":1,"monthsAfterCutOff":2},"discount":{"tiers":[{"kind":"PrepaymentBeforeDeliveryDate","percent":2},{"kind":"AmountWithinDays","amount":{"amount":1,"currency":"EUR"},"days":5}]}}]}""",
    ];

    internal static readonly string[] CustomerCorpus =
    [
        """{"paymentDays":[5,20],"excludedPeriods":[{"startMonth":8,"startDay":1,"endMonth":8,"endDay":31,"moveToDay":5}],"adjustment":{"convention":"Following","calendarId":"ES"}}""",
        """{"paymentDays":[31],"excludedPeriods":[{"startMonth":12,"startDay":20,"endMonth":1,"endDay":6}]}""",
        """{"paymentDays":[],"adjustment":{"convention":"Preceding","calendarId":"CO"}}""",
    ];

    internal static string[] PolicyCorpus()
    {
        var rich = EscalationPolicyJson.FromModel(EscalationPolicies.Default);
        rich.Stages![^1]!.Conditions = new ConditionsDto
        {
            MinOverdueAmounts = [new() { Amount = 100m, Currency = "EUR" }],
            MinOverdueItems = 2,
            IncludedSegments = ["pyme"],
            MaxOnTimeShare = 0.5m,
            MinAverageDaysLate = 3m,
            MinMaxDaysLate = 10,
            AnyOf = [new() { Members = [new() { MinOverdueItems = 3 }, new() { ExcludedSegments = ["vip"] }] }],
        };
        rich.Stages[0]!.Repeat = new RepeatDto { EveryDays = 7, MaxTimes = 3 };
        rich.Suppressions!.MinimumBalances = [new() { Amount = 5m, Currency = "EUR" }];
        return
        [
            EscalationPolicyJson.Serialize(EscalationPolicies.Default),
            JsonSerializer.Serialize(rich, EscalationJsonContext.Default.EscalationPolicyDto),
            """{"id":"p","stages":[{"id":"s","name":"S","trigger":{"offset":-3,"days":"Business"},"tone":"Friendly","actions":[{"kind":"SendNotice","channel":"Email","templateKey":"reminder-before-due"}]}]}""",
            """{"id":"p","stages":[{"id":"s","name":"S","trigger":{"offset":30},"tone":"Legal","actions":[{"kind":"LegalNotice","channel":"Letter","templateKey":"legal-notice"},{"kind":"CreateTask","channel":"PhoneCall","templateKey":"call"},{"kind":"StopWork"},{"kind":"ChargeLateInterest"}]}],"suppressions":{"brokenPromiseStageId":null}}""",
        ];
    }

    internal static string[] CatalogCorpus() =>
    [
        """{"templates":[{"key":"reminder","channel":"Email","language":"es","subject":"Aviso {{invoice.number}}","body":"<p>Hola {{customer.name}}</p>"},{"key":"reminder","channel":"Sms","language":"en-GB","body":"Pay {{amount.due}}","bodyFormat":"Text"}]}""",
        """{"templates":[{"key":"legal","channel":"Letter","language":"es-CO","subject":"Requerimiento","body":"Sr. {{customer.name}}: {{{{literal}}}}","bodyFormat":"Text"},{"key":"call","channel":"PhoneCall","language":"en","body":"Call {{customer.name}}"}]}""",
        EscalationPolicyJson.SerializeCatalog(TemplateCatalog.Create(TemplateCatalog.Default.Templates.Where(t => t.Key.StartsWith("reminder", StringComparison.Ordinal)).Take(6))),
    ];

    private static readonly BuiltInCalendarProvider Calendars = BuiltInCalendarProvider.Instance;

    private static readonly LocalDate[] Dates =
    [
        new(2026, 1, 31), new(2024, 2, 29), new(2026, 12, 31), new(9999, 12, 1), new(9999, 12, 31), new(-9998, 1, 1), new(1, 1, 1), new(2050, 12, 31),
    ];

    [Fact]
    public void TermsJson_FuzzedDocuments_OnlyDocumentedExceptions()
    {
        var fuzzer = new JsonFuzzer(TermsCorpus, []);
        int loaded = 0;
        Fuzz.Run("terms-json", 6_000, random =>
        {
            string json = fuzzer.Next(random, textual: true);
            PaymentTerms terms;
            try
            {
                terms = PaymentTermsJson.Deserialize(json);
            }
            catch (Exception e) when (e is JsonException or ValidationException)
            {
                return;
            }

            loaded++;
            Assert.Equal(terms, PaymentTermsJson.Deserialize(PaymentTermsJson.Serialize(terms)));
            UseInSchedule(terms, random);
        });
        Assert.True(loaded > 0, "the fuzzer produced no loadable terms: it tests only the error path");
    }

    [Fact]
    public void CustomerJson_FuzzedDocuments_OnlyDocumentedExceptions()
    {
        var fuzzer = new JsonFuzzer(CustomerCorpus, []);
        var terms = PaymentTermsNotation.Parse("30/60/90");
        int loaded = 0;
        Fuzz.Run("customer-json", 4_000, random =>
        {
            string json = fuzzer.Next(random, textual: true);
            CustomerPaymentSettings settings;
            try
            {
                settings = PaymentTermsJson.DeserializeCustomer(json);
            }
            catch (Exception e) when (e is JsonException or ValidationException)
            {
                return;
            }

            loaded++;
            Assert.Equal(settings, PaymentTermsJson.DeserializeCustomer(PaymentTermsJson.SerializeCustomer(settings)));
            UseInSchedule(terms, random, settings);
        });
        Assert.True(loaded > 0, "the fuzzer produced no loadable settings");
    }

    [Fact]
    public void PolicyJson_FuzzedDocuments_OnlyDocumentedExceptions()
    {
        var fuzzer = new JsonFuzzer(PolicyCorpus(), TemplateCatalog.Default.Keys);
        int loaded = 0;
        Fuzz.Run("policy-json", 4_000, random =>
        {
            string json = fuzzer.Next(random, textual: true);
            EscalationPolicy policy;
            try
            {
                policy = EscalationPolicyJson.Deserialize(json, random.Next(2) == 0 ? TemplateCatalog.Default.Keys : null);
            }
            catch (Exception e) when (e is JsonException or ValidationException)
            {
                return;
            }

            loaded++;
            Assert.Equal(policy, EscalationPolicyJson.Deserialize(EscalationPolicyJson.Serialize(policy)));
        });
        Assert.True(loaded > 0, "the fuzzer produced no loadable policy");
    }

    [Fact]
    public void CatalogJson_FuzzedDocuments_OnlyDocumentedExceptions()
    {
        var fuzzer = new JsonFuzzer(CatalogCorpus(), []);
        int loaded = 0;
        Fuzz.Run("catalog-json", 4_000, random =>
        {
            string json = fuzzer.Next(random, textual: true);
            TemplateCatalog catalog;
            try
            {
                catalog = EscalationPolicyJson.DeserializeCatalog(json);
            }
            catch (Exception e) when (e is JsonException or ValidationException)
            {
                return;
            }

            loaded++;
            string written = EscalationPolicyJson.SerializeCatalog(catalog);
            Assert.True(
                catalog.Templates.SequenceEqual(EscalationPolicyJson.DeserializeCatalog(written).Templates),
                $"The catalog does not survive a round trip:\n{json}\n{written}");
        });
        Assert.True(loaded > 0, "the fuzzer produced no loadable catalog");
    }

    /// <summary>
    /// A schedule of loaded terms on an invoice dated anywhere in the supported range: <see cref="PaymentSchedule.Create"/>
    /// documents <see cref="InvalidOperationException"/> and <see cref="ArgumentException"/> (unknown calendar; a date
    /// out of range), nothing else.
    /// </summary>
    internal static void UseInSchedule(PaymentTerms terms, Random random, CustomerPaymentSettings? customer = null)
    {
        var issue = Dates[random.Next(Dates.Length)];
        LocalDate? delivery = random.Next(2) == 0 ? null : Dates[random.Next(Dates.Length)];
        LocalDate? order = random.Next(2) == 0 ? null : Dates[random.Next(Dates.Length)];
        decimal[] amounts = [0m, 0.01m, 100m, 1_000_000_000m, 79_228_162_514_264_337_593_543_950.33m];
        var net = Money.Of(amounts[random.Next(amounts.Length)], "EUR");
        try
        {
            var invoice = new Invoice("F-1", "C-1", issue, net, Money.Of(0m, "EUR"), terms, delivery, order);
            var schedule = PaymentSchedule.Create(invoice, customer, Calendars);
            Assert.Equal(invoice.Gross, schedule.Portions.Select(p => p.Amount).Aggregate((a, b) => a + b));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
        }
    }
}
