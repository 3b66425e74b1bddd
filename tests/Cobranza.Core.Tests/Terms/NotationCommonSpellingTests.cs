using System;
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
    }

    [Fact]
    public void OtherErrors_Unchanged()
    {
        var ex = Assert.Throws<PaymentTermsNotationException>(() => PaymentTermsNotation.Parse("2/10 Nett 30"));
        Assert.DoesNotContain("installment", ex.Error.Expected, StringComparison.Ordinal);
    }
}
