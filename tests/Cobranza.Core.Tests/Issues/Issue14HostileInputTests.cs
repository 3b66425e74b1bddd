using System;
using System.Linq;
using System.Text;
using Cobranza.Core.Calendars;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;
using FluentValidation;
using NodaTime;

namespace Cobranza.Core.Tests.Issues;

/// <summary>Issue 14 §5: hostile input gets a documented error, never a crash.</summary>
public sealed class Issue14HostileInputTests
{
    [Fact]
    public void Notation_625000AdvancePortions_IsAnErrorNotAStackOverflow()
    {
        // The reported input: it crashed the process in PaymentSchedule.Create (a stack buffer sized by the portions).
        string notation = string.Concat(Enumerable.Repeat("0.00016% advance, ", 625_000));
        Assert.False(PaymentTermsNotation.TryParse(notation, out var terms, out var error));
        Assert.Null(terms);
        Assert.Equal(PaymentTermsNotation.MaxLength, error.Position);
        Assert.Contains("at most 4096 characters", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, $"the message quotes a window, not the input ({error.Message.Length} characters)");
    }

    [Fact]
    public void Notation_MorePortionsThanTheMaximum_IsAnError()
    {
        // 101 portions of 0.99 % and one of 0.01 %... the count is refused before the sum.
        string notation = string.Join(", ", Enumerable.Repeat("1% advance", PaymentTerms.MaxPortions + 1));
        Assert.False(PaymentTermsNotation.TryParse(notation, out _, out var error));
        Assert.Contains($"at most {PaymentTerms.MaxPortions} portions", error.Expected, StringComparison.Ordinal);
        Assert.Equal(notation.LastIndexOf("1% advance", StringComparison.Ordinal), error.Position);
    }

    [Fact]
    public void Notation_EomDatingPastTheLongestTerm_TryParseReturnsAnErrorQuotingWhatWasWritten()
    {
        // "1/3660 EOM" means net 3680 days after the end of the month, past DueDateRule.MaxDays: TryParse threw
        // ArgumentOutOfRangeException quoting 3680, a number the user never wrote.
        Assert.False(PaymentTermsNotation.TryParse("1/3660 EOM", out var terms, out var error));
        Assert.Null(terms);
        Assert.Equal(2, error.Position);
        Assert.Equal("3660", error.Token);
        Assert.DoesNotContain("3680", error.Message, StringComparison.Ordinal);
        Assert.Equal(
            "Unexpected '3660' at position 2 in '1/3660 EOM': expected discount days from 0 to 3640 in 'P/D EOM' (the net amount is due 20 days later, at most 3660).",
            error.Message);
        Assert.True(PaymentTermsNotation.TryParse("1/3640 EOM", out _, out _));
    }

    [Fact]
    public void NotationError_LongInput_QuotesAShortWindowAroundThePosition()
    {
        string notation = "Net 30" + new string(' ', 4_000) + "Nett";
        Assert.False(PaymentTermsNotation.TryParse(notation, out _, out var error));
        Assert.Equal(4_006, error.Position);
        Assert.Equal($"Unexpected 'Nett' at position 4006 in '…{new string(' ', 40)}Nett': expected the end of the terms.", error.Message);
    }

    [Fact]
    public void NotationError_ControlCharacters_AreEscapedInTheMessage()
    {
        // U+202E (right-to-left override) would make the quoted input display reversed; U+0007 is a control character.
        Assert.False(PaymentTermsNotation.TryParse("Net 30\u202E03 teN\u0007", out _, out var error));
        Assert.Equal("\u202E", error.Token);
        Assert.Equal(@"Unexpected '\u202E' at position 6 in 'Net 30\u202E03 teN\u0007': expected the end of the terms.", error.Message);
    }

    [Fact]
    public void PaymentTerms_MorePortionsThanTheMaximum_ThrowsArgumentException()
    {
        var portions = Enumerable.Range(0, PaymentTerms.MaxPortions + 1).Select(_ => new PaymentPortion(PortionShare.OfPercent(0.5m), new CalendarDaysRule(30)));
        var ex = Assert.Throws<ArgumentException>(() => new PaymentTerms(portions, BusinessDayAdjustment.None));
        Assert.Equal("portions must contain at most 100 portions (has 101). (Parameter 'portions')", ex.Message);
    }

    [Fact]
    public void PaymentSchedule_MaxPortions_IsComputed()
    {
        // 100 portions of 1 %: 1,000.00 EUR → 10.00 each (largest remainder has nothing left over).
        var terms = new PaymentTerms(Enumerable.Range(0, PaymentTerms.MaxPortions).Select(i => new PaymentPortion(PortionShare.OfPercent(1m), new CalendarDaysRule(i))).ToArray());
        var invoice = new Invoice("F-1", "C-1", new LocalDate(2026, 1, 1), Money.Of(1000m, "EUR"), Money.Of(0m, "EUR"), terms);
        var schedule = PaymentSchedule.Create(invoice, null, BuiltInCalendarProvider.Instance);
        Assert.All(schedule.Portions, p => Assert.Equal(Money.Of(10m, "EUR"), p.Amount));
    }

    [Fact]
    public void TermsJson_PercentsPastDecimalMax_IsAValidationErrorNotOverflow()
    {
        // Two percents of 7.9e28 used to overflow the validator's sum (OverflowException from Deserialize).
        string json = """
            {"portions": [
              {"share": {"kind": "Percent", "percent": 79000000000000000000000000000}, "rule": {"kind": "CalendarDays", "days": 30}},
              {"share": {"kind": "Percent", "percent": 79000000000000000000000000000}, "rule": {"kind": "CalendarDays", "days": 60}}
            ]}
            """;
        var ex = Assert.Throws<ValidationException>(() => PaymentTermsJson.Deserialize(json));
        Assert.Contains(ex.Errors, e => e.PropertyName == "portions[1].share.percent");
    }
}

/// <summary>Issue 14 §5: duplicate JSON properties are refused with their path; enum names are exact.</summary>
public sealed class Issue14JsonInputTests
{
    [Fact]
    public void TermsJson_DaysGivenTwice_IsRefusedWithItsPath()
    {
        // Last one used to win: the terms silently meant 90 days.
        string json = """{"portions": [{"share": {"kind": "Percent", "percent": 100}, "rule": {"kind": "CalendarDays", "days": 30, "days": 90}}]}""";
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => PaymentTermsJson.Deserialize(json));
        Assert.Equal("$.portions[0].rule.days", ex.Path);
        Assert.StartsWith("The property 'days' is given twice at $.portions[0].rule.days;", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomerJson_PropertyGivenTwice_IsRefusedWithItsPath()
    {
        string json = """{"paymentDays": [5], "excludedPeriods": [], "paymentDays": [20]}""";
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => PaymentTermsJson.DeserializeCustomer(json));
        Assert.Equal("$.paymentDays", ex.Path);
    }

    [Fact]
    public void PolicyJson_IdGivenTwice_IsRefusedWithItsPath()
    {
        string json = Cobranza.Core.Escalation.Configuration.EscalationPolicyJson.Serialize(Cobranza.Core.Escalation.EscalationPolicies.Default);
        int at = json.IndexOf("\"id\": \"", json.IndexOf("\"stages\"", StringComparison.Ordinal), StringComparison.Ordinal);
        json = json.Insert(at, "\"id\": \"other\", ");
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => Cobranza.Core.Escalation.Configuration.EscalationPolicyJson.Deserialize(json));
        Assert.Equal("$.stages[0].id", ex.Path);
    }

    [Fact]
    public void CatalogJson_BodyGivenTwice_IsRefusedWithItsPath()
    {
        string json = """{"templates": [{"key": "k", "channel": "Sms", "language": "es", "body": "Hola", "body": "Adiós"}]}""";
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => Cobranza.Core.Escalation.Configuration.EscalationPolicyJson.DeserializeCatalog(json));
        Assert.Equal("$.templates[0].body", ex.Path);
    }

    [Fact]
    public void TermsJson_LowerCaseEnumName_IsRefusedAsTheSchemaDoes()
    {
        // The schema's enums list exact names; the loader used to accept "calendarDays" as well.
        string json = """{"portions": [{"share": {"kind": "Percent", "percent": 100}, "rule": {"kind": "calendarDays", "days": 30}}]}""";
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => PaymentTermsJson.Deserialize(json));
        Assert.Equal("$.portions[0].rule.kind", ex.Path);
        Assert.Contains("CalendarDays", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyJson_LowerCaseTone_IsRefused()
    {
        string json = Cobranza.Core.Escalation.Configuration.EscalationPolicyJson.Serialize(Cobranza.Core.Escalation.EscalationPolicies.Default)
            .Replace("\"tone\": \"Friendly\"", "\"tone\": \"friendly\"", StringComparison.Ordinal);
        Assert.Contains("\"friendly\"", json, StringComparison.Ordinal);
        Assert.Throws<System.Text.Json.JsonException>(() => Cobranza.Core.Escalation.Configuration.EscalationPolicyJson.Deserialize(json));
    }
}

/// <summary>Issue 14 §5: dates near the ends of the calendar and the schema's conditional rules.</summary>
public sealed class Issue14RangeAndSchemaTests
{
    [Fact]
    public void PaymentSchedule_DueDatePastYear9999_ThrowsTheDocumentedArgumentOutOfRange()
    {
        // Net 30 on 31 Dec 9999: NodaTime's OverflowException used to escape PaymentSchedule.Create.
        var invoice = new Invoice("F-9999", "C-1", new LocalDate(9999, 12, 31), Money.Of(100m, "EUR"), Money.Of(0m, "EUR"), PaymentTermsNotation.Parse("Net 30"));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PaymentSchedule.Create(invoice, null, BuiltInCalendarProvider.Instance));
        Assert.StartsWith("Invoice 'F-9999': the due date of portion 0", ex.Message, StringComparison.Ordinal);
        Assert.IsType<OverflowException>(ex.InnerException);
    }

    [Fact]
    public void PaymentSchedule_DiscountOnAnAmountNearDecimalMax_IsComputedWithoutOverflow()
    {
        // 2 % of 79,228,162,514,264,337,593,543,950.33: base × 2 overflowed before the division by 100.
        var gross = Money.Of(79_228_162_514_264_337_593_543_950.33m, "EUR");
        var invoice = new Invoice("F-MAX", "C-1", new LocalDate(2026, 1, 1), gross, Money.Of(0m, "EUR"), PaymentTermsNotation.Parse("2/10 Net 30"));
        var schedule = PaymentSchedule.Create(invoice, null, BuiltInCalendarProvider.Instance);
        Assert.Equal(Money.Of(1_584_563_250_285_286_751_870_879.01m, "EUR"), schedule.Portions[0].Discounts[0].Amount); // 0.02 × gross, half away from zero
    }

    [Fact]
    public void PolicyJson_TriggerWithoutOffset_IsRefusedAsTheSchemaRequires()
    {
        // The schema requires "offset"; the loader used to read a missing offset as 0 (the due date).
        string json = """{"id":"p","stages":[{"id":"s","name":"S","trigger":{},"tone":"Friendly","actions":[{"kind":"SendNotice","channel":"Email","templateKey":"reminder-due-today"}]}]}""";
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => Cobranza.Core.Escalation.Configuration.EscalationPolicyJson.Deserialize(json));
        Assert.Contains("offset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CatalogJson_TemplateWithoutChannel_IsRefusedAsTheSchemaRequires()
    {
        string json = """{"templates":[{"key":"k","language":"es","subject":"Hola","body":"Hola"}]}""";
        Assert.Throws<System.Text.Json.JsonException>(() => Cobranza.Core.Escalation.Configuration.EscalationPolicyJson.DeserializeCatalog(json));
    }

    [Fact]
    public void PolicySchema_SendNoticeWithoutChannelOrTemplate_IsRefusedByTheSchema()
    {
        var schema = Cobranza.Core.Tests.Fuzz.PublishedSchemas.Policy;
        static string Policy(string action) => $$"""{"id":"p","stages":[{"id":"s","name":"S","trigger":{"offset":0},"tone":"Final","actions":[{{action}}]}]}""";
        bool Valid(string json) { using var d = System.Text.Json.JsonDocument.Parse(json); return schema.Evaluate(d.RootElement).IsValid; }
        Assert.True(Valid(Policy("""{"kind":"SendNotice","channel":"Email","templateKey":"reminder-final"}""")));
        Assert.False(Valid(Policy("""{"kind":"SendNotice"}""")));
        Assert.False(Valid(Policy("""{"kind":"SendNotice","channel":"Email"}""")));
        Assert.False(Valid(Policy("""{"kind":"SendNotice","channel":"PhoneCall","templateKey":"reminder-final"}""")));
        Assert.False(Valid(Policy("""{"kind":"StopWork","channel":"Email"}""")));
        Assert.False(Valid(Policy("""{"kind":"ResumeWork"}""")));
        Assert.False(Valid(Policy("""{"kind":"HandOverToAgency"}"""))); // needs a Legal stage
        Assert.True(Valid(Policy("""{"kind":"StopWork"}""")));
    }
}

/// <summary>Issue 14 §5: plans and the engine near year 9999 / −9998 throw their documented exceptions.</summary>
public sealed class Issue14CalendarEndTests
{
    [Fact]
    public void PlanDefinition_InstallmentsPastYear9999_ThrowArgumentExceptionNamingTheCount()
    {
        var plan = new Cobranza.Core.Installments.InstallmentPlanDefinition
        {
            Amount = Money.Of(1200m, "EUR"),
            StartDate = new LocalDate(9999, 1, 1),
            FirstDueDate = new LocalDate(9999, 2, 1),
            InstallmentCount = 12,
        };
        var ex = Assert.Throws<ArgumentException>(() => plan.CreateSchedule(BuiltInCalendarProvider.Instance));
        Assert.Equal("InstallmentCount", ex.ParamName);
        Assert.Contains("installment 12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_EvaluatedBefore1970AtTheFirstInstant_NoOverflow()
    {
        // The empty-result cache hashed the instant's ticks with a checked ulong conversion: negative ticks overflowed.
        var account = Cobranza.Core.Tests.Escalation.EscalationFixtures.Account(items: [Cobranza.Core.Tests.Escalation.EscalationFixtures.Open("A", new LocalDate(2026, 4, 15))]);
        var result = Cobranza.Core.Tests.Escalation.EscalationFixtures.Engine.Evaluate(account, Cobranza.Core.Escalation.CollectionHistory.Empty, Cobranza.Core.Escalation.EscalationPolicies.Default, Instant.FromUtc(1960, 1, 1, 0, 0));
        Assert.Empty(result.Decisions);
    }

    [Fact]
    public void Engine_ItemDueOnTheLastDay_ThrowsTheDocumentedArgumentOutOfRange()
    {
        var account = Cobranza.Core.Tests.Escalation.EscalationFixtures.Account(items: [Cobranza.Core.Tests.Escalation.EscalationFixtures.Open("A", new LocalDate(9999, 12, 31))]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Cobranza.Core.Tests.Escalation.EscalationFixtures.Engine.Evaluate(account, Cobranza.Core.Escalation.CollectionHistory.Empty, Cobranza.Core.Escalation.EscalationPolicies.Default, Instant.FromUtc(9999, 12, 31, 12, 0)));
        Assert.IsType<OverflowException>(ex.InnerException);
    }
}
