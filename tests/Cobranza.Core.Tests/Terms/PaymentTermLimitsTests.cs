using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Tests.Terms;

public sealed class PaymentTermLimitsTests
{
    private static readonly IBusinessCalendarProvider Calendars = BuiltInCalendarProvider.Instance;

    private static PaymentSchedule Schedule(string notation, LocalDate? delivery)
        => PaymentSchedule.Create(
            new Invoice("F-9", "C-1", new LocalDate(2026, 3, 10), Money.Of(1000m, Currency.EUR), Money.Of(210m, Currency.EUR),
                PaymentTermsNotation.Parse(notation), delivery),
            null,
            Calendars);

    private static PaymentTermLimitContext Spain(bool agreed = false) => new(TermsJurisdiction.Spain, CounterpartyKind.Business, agreed);

    [Fact]
    public void Check_SpainNet75FromDelivery_ErrorEvenIfAgreed()
    {
        // Ley 3/2004 art. 4 (Ley 15/2010): at most 60 calendar days from delivery, not extendable by agreement.
        // Delivered 1 Mar 2026, invoiced 10 Mar, Net 66 → due 15 May 2026 = 75 days after delivery.
        var result = PaymentTermLimits.Check(Schedule("Net 66", new LocalDate(2026, 3, 1)), Spain(agreed: true));
        var error = Assert.Single(result.Errors);
        Assert.False(result.IsValid);
        Assert.Empty(result.Warnings);
        Assert.Equal("ES_B2B_OVER_60", error.Code);
        Assert.Equal(TermIssueSeverity.Error, error.Severity);
        Assert.Equal("portions[0].rule", error.Path);
        Assert.Equal(75, error.Days);
        Assert.Equal("La fracción 1 vence a 75 días de la entrega: la Ley 3/2004 no permite más de 60 días naturales, ni siquiera por pacto (la cláusula es nula).", error.MessageEs);
        Assert.Equal("Portion 1 is due 75 days after delivery: Ley 3/2004 allows at most 60 calendar days, even by agreement (the clause is void).", error.Message(Language.English));
        Assert.Equal("Ley 3/2004, art. 4 (Ley 15/2010); art. 9", error.Source);
    }

    [Fact]
    public void Check_SpainSixtyDaysFromDelivery_AllowedWhenAgreed()
    {
        // Exactly 60 days after delivery is the legal maximum (Ley 3/2004 art. 4): 1 Mar + 60 = 30 Apr 2026.
        var schedule = Schedule("Net 51", new LocalDate(2026, 3, 1));
        Assert.Equal(new LocalDate(2026, 4, 30), schedule.Portions[0].DueDate);
        var agreed = PaymentTermLimits.Check(schedule, Spain(agreed: true));
        Assert.True(agreed.IsValid);
        Assert.Empty(agreed.Warnings);
        var notAgreed = PaymentTermLimits.Check(schedule, Spain());
        Assert.True(notAgreed.IsValid);
        Assert.Equal("ES_B2B_OVER_30", Assert.Single(notAgreed.Warnings).Code);
    }

    [Fact]
    public void Check_NoDeliveryDate_CountsFromIssueDateWithWarning()
    {
        var result = PaymentTermLimits.Check(Schedule("Net 30", null), Spain());
        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("DELIVERY_DATE_MISSING", warning.Code);
        Assert.Equal("deliveryDate", warning.Path);
    }

    [Theory]
    [InlineData(false, 1, 0)]
    [InlineData(true, 0, 0)]
    public void Check_EuBusinessNet90_WarningUnlessExpresslyAgreed(bool agreed, int warnings, int errors)
    {
        // Directive 2011/7/EU art. 3(5): over 60 days only if expressly agreed and not grossly unfair.
        var result = PaymentTermLimits.Check(
            PaymentTermsNotation.Parse("Net 90"), new PaymentTermLimitContext(TermsJurisdiction.EuropeanUnion, CounterpartyKind.Business, agreed), Calendars);
        Assert.Equal(warnings, result.Warnings.Count);
        Assert.Equal(errors, result.Errors.Count);
        Assert.All(result.Warnings, w => Assert.Equal("EU_B2B_OVER_60", w.Code));
    }

    [Theory]
    [InlineData("Net 30", false, 0, 0)]
    [InlineData("Net 45", false, 1, 0)]
    [InlineData("Net 45", true, 0, 1)]
    [InlineData("Net 61", true, 1, 0)]
    public void Check_PublicAuthority_ThirtyDaysExceptionallySixty(string notation, bool agreed, int errors, int warnings)
    {
        // Directive 2011/7/EU art. 4(3) and 4(6): 30 days; up to 60 only if expressly agreed and objectively justified.
        var result = PaymentTermLimits.Check(
            PaymentTermsNotation.Parse(notation), new PaymentTermLimitContext(TermsJurisdiction.EuropeanUnion, CounterpartyKind.PublicAuthority, agreed), Calendars);
        Assert.Equal(errors, result.Errors.Count);
        Assert.Equal(warnings, result.Warnings.Count);
    }

    [Fact]
    public void Check_TermsNet30Eom_LongestTermIsSixtyOneDays()
    {
        // Net 30 EOM: the longest term is from the 1st of a 31-day month: 30 days to its last day + 30 = 60 days
        // (1 Jan 2026 → 31 Jan + 30 = 2 Mar 2026), exactly the Spanish maximum of Ley 3/2004 art. 4.
        var result = PaymentTermLimits.Check(PaymentTermsNotation.Parse("Net 30 EOM"), Spain(agreed: true), Calendars);
        Assert.True(result.IsValid);
        var longer = PaymentTermLimits.Check(PaymentTermsNotation.Parse("Net 31 EOM"), Spain(agreed: true), Calendars);
        // Net 31 EOM from the 1st of a 31-day month is 61 days: over the Spanish maximum.
        Assert.Equal(61, Assert.Single(longer.Errors).Days);
    }

    [Fact]
    public void Check_TermsWithExcludedAugust_CountsTheCustomerMove()
    {
        // Net 60 alone is within 60 days; a customer that pays nothing in August (moved to 5 September) turns an
        // invoice of 2 June (due 1 Aug) into 95 days.
        var customer = new CustomerPaymentSettings([], [ExcludedPeriod.Month(8, 5)]);
        var result = PaymentTermLimits.Check(PaymentTermsNotation.Parse("Net 60"), Spain(agreed: true), Calendars, customer);
        Assert.Equal("ES_B2B_OVER_60", Assert.Single(result.Errors).Code);
        Assert.Equal(95, result.Errors[0].Days);
    }

    [Fact]
    public void Check_Consumer_NothingReported()
    {
        var result = PaymentTermLimits.Check(PaymentTermsNotation.Parse("Net 120"), new PaymentTermLimitContext(TermsJurisdiction.Spain, CounterpartyKind.Consumer), Calendars);
        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Check_DepositOnOrderDate_NotChecked()
    {
        var result = PaymentTermLimits.Check(PaymentTermsNotation.Parse("30% advance, 70% Net 30"), Spain(), Calendars);
        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Context_UndefinedCounterparty_Throws()
        => Assert.Equal(
            "counterparty",
            Assert.Throws<ArgumentOutOfRangeException>(() => new PaymentTermLimitContext(TermsJurisdiction.Spain, (CounterpartyKind)9)).ParamName);
}
