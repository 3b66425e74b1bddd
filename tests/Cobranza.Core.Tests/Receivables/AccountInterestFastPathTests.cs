using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using Cobranza.Core.Tests.Receivables.Reference;
using NodaTime;
using Xunit;

namespace Cobranza.Core.Tests.Receivables;

/// <summary>
/// The corners of <see cref="AccountInterest"/>'s fast path that the random accounts of
/// <see cref="AccountInterestReferenceProperties"/> rarely reach (issue 13 figures, session 8): more reductions of one
/// item than the account has payments (several allocations of one payment to the same item: the pooled arrays grow),
/// a payment dated in another calendar (the plain computation decides), and the payment's derived reductions
/// (<c>AccountPayment.SoleReduction</c>: principal + discount, value and scale as the decimal operator gives them).
/// Each figure is compared with the frozen <see cref="ReferenceAccountInterest"/> (decision 0003), bit for bit.
/// </summary>
public sealed class AccountInterestFastPathTests
{
    private static readonly Currency Eur = Currency.EUR;
    private static readonly LocalDate Due = new(2025, 9, 1);
    private static readonly LateInterestTerms Spain = LateInterestTerms.FromPreset(StatutoryPresets.Spain());

    [Fact]
    public void For_ManyAllocationsOfOnePaymentToOneItem_EqualsTheReference()
    {
        // 3 payments of 12 allocations each to F-1 (36 reductions, more than the 16 slots the 3 payments ask for):
        // dated after the due date, and one on the due date itself (folded into the opening balance).
        var payments = Enumerable.Range(0, 3).Select(p => new AccountPayment(
            $"P{p}", p == 0 ? Due : Due.PlusDays(10 * p), Money.Of(2_000m, Eur), "transfer",
            Enumerable.Range(0, 12).Select(k => Allocation("F-1", 100m + k, k % 3 == 0 ? 0.50m : 0m)).ToImmutableArray())).ToImmutableArray();
        var account = Account(payments);

        AssertSameAsReference(account, new LocalDate(2025, 12, 2));
    }

    [Fact]
    public void For_PaymentInAnotherCalendar_EqualsTheReference()
    {
        var julian = Due.PlusDays(5).WithCalendar(CalendarSystem.Julian);
        var payments = ImmutableArray.Create(
            new AccountPayment("P0", Due.PlusDays(3), Money.Of(500m, Eur), "transfer", [Allocation("F-1", 500m, 0m)]),
            new AccountPayment("P1", julian, Money.Of(700m, Eur), "transfer", [Allocation("F-1", 700m, 0m)]));
        var account = Account(payments);

        AssertSameAsReference(account, new LocalDate(2025, 12, 2));
    }

    [Theory]
    [InlineData("100", "0")]
    [InlineData("100", "0.00")]
    [InlineData("100.5", "0.25")]
    [InlineData("0.000", "0")]
    [InlineData("79228162514264337593543950335", "0")]
    public void SoleReduction_IsPrincipalPlusDiscount_ValueAndScale(string principal, string discount)
    {
        decimal p = decimal.Parse(principal, System.Globalization.CultureInfo.InvariantCulture);
        decimal d = decimal.Parse(discount, System.Globalization.CultureInfo.InvariantCulture);
        var payment = new AccountPayment("P0", Due, Money.Of(decimal.MaxValue, Eur), null, [Allocation("F-1", p, d)]);

        Assert.Equal(decimal.GetBits(p + d), decimal.GetBits(payment.SoleReduction));
    }

    private static PaymentAllocation Allocation(string item, decimal principal, decimal discount)
        => new(item, Money.Zero(Eur), Money.Zero(Eur), Money.Of(principal, Eur), Money.Of(discount, Eur));

    private static CustomerAccount Account(ImmutableArray<AccountPayment> payments)
    {
        var customer = new CustomerProfile("C-1", "Talleres Ruiz S.L.", Language.FromTag("es-ES"), DateTimeZoneProviders.Tzdb["Europe/Madrid"], "ES");
        var item = new AccountItem("F-1", "F", 0, Due.PlusDays(-30), Due, Money.Of(100_000m, Eur));
        return new CustomerAccount("ACC-1", Eur, customer, [item], payments);
    }

    private static void AssertSameAsReference(CustomerAccount account, LocalDate asOf)
    {
        ItemAccrual? expected = null, actual = null;
        System.Exception? expectedError = null, actualError = null;
        try
        {
            expected = ReferenceAccountInterest.For(account, "F-1", asOf, Spain);
        }
        catch (System.ArgumentException e)
        {
            expectedError = e;
        }

        try
        {
            actual = AccountInterest.For(account, "F-1", asOf, Spain);
        }
        catch (System.ArgumentException e)
        {
            actualError = e;
        }

        if (expectedError is not null)
        {
            Assert.NotNull(actualError);
            Assert.Equal(expectedError.GetType(), actualError.GetType());
            Assert.Equal(expectedError.Message, actualError.Message);
            return;
        }

        Assert.Null(actualError);
        Assert.True(expected!.Accrued.IsPositive, "the case must accrue something");
        Assert.Equal(decimal.GetBits(expected.Accrued.Amount), decimal.GetBits(actual!.Accrued.Amount));
        Assert.Equal(expected, actual);
    }
}
