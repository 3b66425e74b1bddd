using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;
using Cobranza.Core.Tests.Escalation;
using FsCheck.Xunit;

namespace Cobranza.Core.Tests.Terms;

/// <summary>docs/schema/payment-terms.schema.json matches what PaymentTermsJson writes (issue 19: schema updated).</summary>
public sealed class PaymentTermsSchemaTests
{
    private static JsonElement Schema()
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(EscalationPolicyJsonTests.RepoRoot(), "docs", "schema", "payment-terms.schema.json"))).RootElement;

    private static string[] EnumOf(JsonElement schema, string def)
        => [.. schema.GetProperty("$defs").GetProperty(def).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void Schema_ListsEveryEnumValueOfTheModel()
    {
        var schema = Schema();
        Assert.Equal(Enum.GetNames<DueDateRuleKind>(), EnumOf(schema, "ruleKind"));
        Assert.Equal(Enum.GetNames<DueDateStepKind>(), EnumOf(schema, "stepKind"));
        Assert.Equal(Enum.GetNames<DiscountTierKind>(), EnumOf(schema, "tierKind"));
        Assert.Equal(Enum.GetNames<PortionShareKind>(), EnumOf(schema, "shareKind"));
        Assert.Equal(Enum.GetNames<BaseDateKind>(), EnumOf(schema, "baseDate"));
        Assert.Equal(Enum.GetNames<DiscountBase>(), EnumOf(schema, "discountBase"));
        Assert.Equal(Enum.GetNames<PartialPaymentRule>(), EnumOf(schema, "partialPayments"));
        Assert.Equal(Enum.GetNames<BusinessDayConvention>(), EnumOf(schema, "convention"));
        Assert.Equal(ComposedRule.MaxSteps, schema.GetProperty("$defs").GetProperty("rule").GetProperty("properties").GetProperty("steps").GetProperty("maxItems").GetInt32());
        Assert.Equal(PaymentTermsDtoValidator.MaxPortions, schema.GetProperty("properties").GetProperty("portions").GetProperty("maxItems").GetInt32());
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(PaymentTermsConfigurationTests.Models)])]
    public void GeneratedTerms_ConformToTheSchema(PaymentTerms terms)
    {
        string json;
        try
        {
            json = PaymentTermsJson.Serialize(terms);
        }
        catch (FluentValidation.ValidationException)
        {
            return; // a window after a due date it can be compared with: never written, nothing to check
        }

        Assert.Empty(EscalationSchemaTests.SchemaCheck.Check(Schema(), JsonDocument.Parse(json).RootElement));
    }

    [Fact]
    public void ComposedAndErpNextTerms_ConformToTheSchema()
    {
        var terms = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(50), ComposedRule.DaysThenDayOfNextMonth(30, 10),
                discount: new EarlyPaymentDiscount(DiscountTier.PercentWithinMonthsAfterEndOfMonth(2m, 1), DiscountTier.AmountWithinDaysAfterEndOfMonth(Money.Of(5m, Currency.EUR), 10))),
            new PaymentPortion(PortionShare.OfPercent(50), ComposedRule.MonthsThenEndOfMonthThenDays(1, 45)));
        var document = JsonDocument.Parse(PaymentTermsJson.Serialize(terms)).RootElement;
        Assert.Empty(EscalationSchemaTests.SchemaCheck.Check(Schema(), document));
        var bad = JsonDocument.Parse("""{ "portions": [ { "share": { "kind": "Percent", "percent": 100 }, "rule": { "kind": "Composed", "steps": [ { "kind": "Backwards", "value": 3 } ] } } ] }""").RootElement;
        Assert.NotEmpty(EscalationSchemaTests.SchemaCheck.Check(Schema(), bad));
    }
}
