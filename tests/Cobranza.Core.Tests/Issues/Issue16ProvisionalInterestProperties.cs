using System.Linq;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Xunit;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 16 §1, provisional mode, as invariants of <see cref="AccountInterest.For"/> under the Spanish preset (built-in
/// table through 2026-06-30, 2026-H1 = 10,15 %): an accrual is provisional exactly when one of its unposted accruing
/// days lies after the table's last covered day; its figure is the one a host table publishing the carried value for
/// 2026-H2 gives; and a figure that needs no missing rate is the same in both modes.
/// </summary>
public sealed class Issue16ProvisionalInterestProperties
{
    private static readonly LocalDate LastCovered = new(2026, 6, 30);

    /// <summary>An item due on <see cref="Due"/>, optionally posted through <see cref="PostedThrough"/>, accrued as of <see cref="AsOf"/>.</summary>
    public sealed record Case(LocalDate Due, LocalDate AsOf, LocalDate? PostedThrough, decimal Principal)
    {
        public override string ToString() => $"due {Due:uuuu-MM-dd}, as of {AsOf:uuuu-MM-dd}, posted through {PostedThrough?.ToString("uuuu-MM-dd", null) ?? "-"}, {Principal} EUR";
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases() => Arb.From(
            from dueOffset in Gen.Choose(0, 180) // 2026-03-01 .. 2026-08-28
            from length in Gen.Choose(0, 120)
            from postedAt in Gen.Choose(-1, 120)
            from cents in Gen.Choose(100, 10_000_000)
            let due = new LocalDate(2026, 3, 1).PlusDays(dueOffset)
            let asOf = due.PlusDays(length)
            let posted = postedAt < 1 || postedAt > length ? (LocalDate?)null : due.PlusDays(postedAt)
            select new Case(due, asOf, posted, cents / 100m));
    }

    private static LateInterestTerms Terms(MissingRatePolicy missingRates, IReferenceRateProvider? host = null)
        => LateInterestTerms.FromPreset(StatutoryPresets.Spain(), host, missingRates);

    private static CustomerAccount AccountOf(Case c)
    {
        var item = new AccountItem("A", "F-A", 0, c.Due.PlusDays(-30), c.Due, Money.Of(c.Principal, Currency.EUR),
            interestCharged: c.PostedThrough is null ? null : Money.Of(0.01m, Currency.EUR))
        {
            InterestPostedThrough = c.PostedThrough,
        };
        return Account(items: [item]);
    }

    /// <summary>A host copy of the Spanish table publishing 2026-H2 at the 2026-H1 value (10,15 %): what carrying forward assumes.</summary>
    private static readonly TableReferenceRateProvider SameValueForH2 = new([
        new ReferenceRateTable(ReferenceRateTables.SpainLatePaymentCommercialId, "H2 = H1", "test", new LocalDate(2026, 12, 31), new LocalDate(2026, 12, 31),
            [new ReferenceRate(new LocalDate(2026, 7, 1), new LocalDate(2026, 12, 31), 0.1015m, "as 2026-H1, BOE-A-2025-27201", RateVerification.Verified)]),
    ]);

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void For_Provisional_ExactlyWhenAnUnpostedAccruingDayIsNotCovered(Case c)
    {
        var account = AccountOf(c);
        var provisional = AccountInterest.For(account, "A", c.AsOf, Terms(MissingRatePolicy.CarryForwardProvisional));

        // Interest runs from the day after the due date (Ley 3/2004 art. 5) and only on days not posted yet.
        var firstUnposted = c.PostedThrough is { } p && p >= c.Due ? p.PlusDays(1) : c.Due.PlusDays(1);
        bool expected = c.AsOf > LastCovered && c.AsOf >= firstUnposted;
        Assert.Equal(expected, provisional.IsProvisional);
        foreach (var period in provisional.ProvisionalPeriods)
        {
            Assert.True(period.From > LastCovered && period.From >= firstUnposted && period.To == c.AsOf, period.ToString());
            Assert.Equal(0.1015m, period.AnnualRate);
            Assert.Equal(new CarriedReferenceRate(ReferenceRateTables.SpainLatePaymentCommercialId, 0.1015m, new LocalDate(2026, 1, 1), LastCovered), period.Carried);
        }

        // The estimate is exactly the figure of a table publishing the carried value, which is not provisional.
        var published = AccountInterest.For(account, "A", c.AsOf, Terms(MissingRatePolicy.Fail, SameValueForH2));
        Assert.Equal(published.Accrued, provisional.Accrued);
        Assert.False(published.IsProvisional);

        // A figure that needs no missing rate is the same in both modes.
        if (c.AsOf <= LastCovered)
        {
            Assert.Equal(provisional, AccountInterest.For(account, "A", c.AsOf, Terms(MissingRatePolicy.Fail)));
        }
    }
}
