using System;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;

namespace Cobranza.Core.Tests.Terms;

/// <summary>Issue 15 part 5: common spellings the notation does not take are refused with the spelling it takes.</summary>
public sealed class NotationCommonSpellingTests
{
    [Theory]
    [InlineData("30-60-90", "write '30/60/90'")]
    [InlineData(" 30 - 60 - 90 EOM", "write '30/60/90 EOM'")]
    public void DashedInstallments_RefusedSuggestingSlashes(string notation, string suggestion)
    {
        var ex = Assert.Throws<PaymentTermsNotationException>(() => PaymentTermsNotation.Parse(notation));
        Assert.Contains(suggestion, ex.Message, StringComparison.Ordinal);
        Assert.Contains(suggestion, ex.Error.Expected, StringComparison.Ordinal);
        // The suggestion parses: three equal installments at 30, 60 and 90 days.
        Assert.Equal(3, PaymentTermsNotation.Parse(suggestion["write '".Length..^1]).Portions.Count);
    }

    [Fact]
    public void InstallmentsWithADiscount_RefusedNamingTheAlternatives()
    {
        var ex = Assert.Throws<PaymentTermsNotationException>(() => PaymentTermsNotation.Parse("30/60/90 2/10"));
        Assert.Contains("no discount on installments", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'2/10 Net 30'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(
            "PaymentTermsNotation.Parse(\"30/60/90\").WithDiscount(new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10)))",
            ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30 / 60/90 2/10", "PaymentTermsNotation.Parse(\"30/60/90\").WithDiscount(new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10)))")]
    [InlineData("30/60/90 EOM 1.5%/10", "PaymentTermsNotation.Parse(\"30/60/90 EOM\").WithDiscount(new EarlyPaymentDiscount(DiscountTier.PercentWithinDaysAfterEndOfMonth(1.5m, 10)))")]
    // "30/60 EOM" alone is ambiguous (a 30 % discount or two installments): the suggestion spells the portions out.
    [InlineData("30/60 EOM 1.5%/10", "PaymentTermsNotation.Parse(\"50% Net 30 EOM, 50% Net 60 EOM\").WithDiscount(new EarlyPaymentDiscount(DiscountTier.PercentWithinDaysAfterEndOfMonth(1.5m, 10)))")]
    public void InstallmentsWithADiscount_SuggestedCodeGivesTheOffer(string notation, string suggestion)
    {
        var ex = Assert.Throws<PaymentTermsNotationException>(() => PaymentTermsNotation.Parse(notation));
        Assert.Contains(suggestion, ex.Error.Expected, StringComparison.Ordinal);
        // The suggested code runs: the installments it names parse, and each gets the one discount.
        string parsed = suggestion["PaymentTermsNotation.Parse(\"".Length..suggestion.IndexOf("\")", StringComparison.Ordinal)];
        var eom = notation.Contains("EOM", StringComparison.Ordinal);
        var discount = new EarlyPaymentDiscount(eom ? DiscountTier.PercentWithinDaysAfterEndOfMonth(1.5m, 10) : DiscountTier.PercentWithinDays(2m, 10));
        var terms = PaymentTermsNotation.Parse(parsed).WithDiscount(discount);
        Assert.Equal(notation.Split('/').Length - 1, terms.Portions.Count);
        Assert.All(terms.Portions, p => Assert.Equal(discount, p.Discount));
    }

    [Fact]
    public void OtherErrors_Unchanged()
    {
        var ex = Assert.Throws<PaymentTermsNotationException>(() => PaymentTermsNotation.Parse("2/10 Nett 30"));
        Assert.DoesNotContain("installment", ex.Error.Expected, StringComparison.Ordinal);
    }
}
