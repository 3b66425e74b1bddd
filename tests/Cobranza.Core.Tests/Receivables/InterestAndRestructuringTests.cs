using System;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using static Cobranza.Core.Tests.Receivables.LedgerFixture;

namespace Cobranza.Core.Tests.Receivables;

public sealed class InterestAndRestructuringTests
{
    // 8.5 % simple, Actual/365, from the day after the due date to the payment day included: the GOV.UK late
    // payment example's rate (Bank Rate 0.5 % + 8 %, Late Payment of Commercial Debts (Interest) Act 1998).
    private static readonly LateInterestTerms Terms = new(LateInterestRate.Fixed(0.085m, "contract 8.5 %"), AccrualConventions.StatutoryDefault);

    private static CustomerAccount OneItem() => Empty().Apply(Item("A", D(2026, 1, 1), D(2026, 1, 31), 1000m));

    [Fact]
    public void For_FiftyDaysLate_RoundedOnce()
    {
        // 1 000 × 8.5 % × 50 / 365 = 11.6438 → 11.64 (GOV.UK's worked example for £1,000 over 50 days, rounded once).
        var accrual = AccountInterest.For(OneItem(), "A", D(2026, 3, 22), Terms);
        Assert.Equal((Eur(11.64m), false), (accrual.Accrued, accrual.Frozen));
    }

    [Fact]
    public void For_PartialPayment_InterestOnDecliningBalance()
    {
        // 1 000 for 20 days (1–20 Feb; the payment day accrues on the old balance) + 600 for 30 days:
        // 1 000 × 0.085 × 20/365 + 600 × 0.085 × 30/365 = 4.6575 + 4.1918 = 8.8493 → 8.85.
        var account = OneItem().Apply(Pay("TR-1", D(2026, 2, 20), 400m));
        Assert.Equal(Eur(8.85m), AccountInterest.For(account, "A", D(2026, 3, 22), Terms).Accrued);
    }

    [Fact]
    public void Post_ThenAccrueLater_OnlyTheNewDays()
    {
        var posting = AccountInterest.Post(OneItem(), D(2026, 3, 22), Terms);
        var posted = posting.Account;
        Assert.Equal((Eur(11.64m), D(2026, 3, 22)), (Get(posted, "A").InterestCharged, Get(posted, "A").InterestPostedThrough));
        // The posting says what it posted: the one InterestPosted of 11.64.
        Assert.Equal(Eur(11.64m), posting.Amount);
        Assert.Equal(Eur(11.64m), Assert.IsType<InterestPosted>(Assert.Single(posting.Posted)).Amount);
        Assert.Equal(Eur(0m), AccountInterest.For(posted, "A", D(2026, 3, 22), Terms).Accrued);
        var again = AccountInterest.Post(posted, D(2026, 3, 22), Terms);
        Assert.Same(posted, again.Account);
        Assert.True(again.IsEmpty);
        Assert.Equal(Eur(0m), again.Amount);
        // 70 days: 1 000 × 0.085 × 70/365 = 16.3014 → 16.30; 16.30 − 11.64 = 4.66 not yet posted.
        Assert.Equal(Eur(4.66m), AccountInterest.For(posted, "A", D(2026, 4, 11), Terms).Accrued);
    }

    [Fact]
    public void For_NotYetDue_Zero()
        => Assert.Equal(Eur(0m), AccountInterest.For(OneItem(), "A", D(2026, 1, 31), Terms).Accrued);

    private static RestructuringTerms TwoMonthly() => new()
    {
        FirstDueDate = D(2026, 4, 22),
        InstallmentCount = 2,
        Method = AmortizationMethod.EqualParts,
    };

    [Fact]
    public void Restructure_PostsInterestAndCoversItemsInPlan()
    {
        var request = new RestructuringRequest("PL-1", D(2026, 3, 22), TwoMonthly())
        {
            LateInterest = Terms,
            FreezesLateInterest = true,
            Acceleration = new AccelerationClause(missedInstallments: 1, daysOverdue: null),
        };
        var result = Restructuring.Restructure(OneItem(), request, BuiltInCalendarProvider.Instance);
        Assert.Equal(Eur(1011.64m), result.Definition.Amount); // 1 000 principal + 11.64 interest posted through 22 Mar
        Assert.Equal(D(2026, 3, 22), result.Definition.StartDate);
        Assert.Equal(new[] { "A" }, result.Enrollment.ItemIds.ToArray());
        Assert.Equal(Eur(505.82m), result.Enrollment.Plan.Schedule.Installments[0].Total);
        var account = result.Account;
        Assert.Single(account.Plans);

        // Honoured (current on 15 Apr): interest frozen at the plan's start.
        var frozen = AccountInterest.For(account, "A", D(2026, 4, 15), Terms);
        Assert.Equal((Eur(0m), true), (frozen.Accrued, frozen.Frozen));

        // Installment 1 missed on 22 Apr: the clause fires on 23 Apr and interest runs as if never frozen:
        // 90 days to 1 May → 1 000 × 0.085 × 90/365 = 20.9589 → 20.96; minus the 11.64 posted = 9.32.
        var broken = AccountInterest.For(account, "A", D(2026, 5, 1), Terms);
        Assert.Equal((Eur(9.32m), false), (broken.Accrued, broken.Frozen));

        var paid = account
            .Apply(new PlanPaymentReceived("PL-1", "Q-1", D(2026, 4, 22), Eur(505.82m)))
            .Apply(new PlanPaymentReceived("PL-1", "Q-2", D(2026, 5, 22), Eur(505.82m)));
        Assert.True(Get(paid, "A").IsSettled);
        Assert.Equal(D(2026, 5, 22), Get(paid, "A").SettledOn);
        Assert.Equal(PlanStatus.Completed, paid.Plans[0].Plan.StatusAsOf(D(2026, 5, 22)).Status);
    }

    [Fact]
    public void Restructure_ZeroInstallments_ValidationError()
    {
        var request = new RestructuringRequest("PL-1", D(2026, 3, 22), TwoMonthly() with { InstallmentCount = 0 });
        var ex = Assert.Throws<FluentValidation.ValidationException>(() => Restructuring.Restructure(OneItem(), request, BuiltInCalendarProvider.Instance));
        Assert.Contains("InstallmentCount must be between 1 and 1200 (was 0).", ex.Message);
    }

    [Fact]
    public void Restructure_FirstDueBeforeStart_ValidationError()
    {
        var request = new RestructuringRequest("PL-1", D(2026, 3, 22), TwoMonthly() with { FirstDueDate = D(2026, 3, 1) });
        var ex = Assert.Throws<FluentValidation.ValidationException>(() => Restructuring.Restructure(OneItem(), request, BuiltInCalendarProvider.Instance));
        Assert.Contains("FirstDueDate must not be before StartDate 2026-03-22 (was 2026-03-01).", ex.Message);
    }

    [Fact]
    public void Restructure_SeveralBadTerms_EveryErrorAtOnceWithPaths()
    {
        // Zero installments, a first due date before the agreement date and a down payment above what is owed
        // (1 000.00): three errors in one exception, each with the field's path.
        var terms = TwoMonthly() with { InstallmentCount = 0, FirstDueDate = D(2026, 3, 1), DownPayment = Eur(2000m) };
        var request = new RestructuringRequest("PL-1", D(2026, 3, 22), terms);
        var ex = Assert.Throws<FluentValidation.ValidationException>(() => Restructuring.Restructure(OneItem(), request, BuiltInCalendarProvider.Instance));
        Assert.Equal(
            ["DownPayment", "InstallmentCount", "FirstDueDate"],
            ex.Errors.Select(e => e.PropertyName).ToArray());
        Assert.Contains("DownPayment must be positive and less than Amount 1000.00 EUR (was 2000.00 EUR).", ex.Message);
    }

    [Fact]
    public void Restructure_DownPaymentAndExplicitAmounts_AppliedToWhatIsOwed()
    {
        // 1 000.00 owed on 22 Mar: 100.00 down on the agreement date, then 600.00 and 300.00 (= 1 000 − 100).
        var terms = new RestructuringTerms
        {
            DownPayment = Eur(100m),
            FirstDueDate = D(2026, 4, 22),
            InstallmentCount = 2,
            Method = AmortizationMethod.ExplicitAmounts,
            Amounts = [Eur(600m), Eur(300m)],
        };
        var result = Restructuring.Restructure(OneItem(), new RestructuringRequest("PL-1", D(2026, 3, 22), terms), BuiltInCalendarProvider.Instance);
        var rows = result.Enrollment.Plan.Schedule.Installments;
        Assert.Equal(
            [(D(2026, 3, 22), Eur(100m)), (D(2026, 4, 22), Eur(600m)), (D(2026, 5, 22), Eur(300m))],
            rows.Select(r => (r.DueDate, r.Total)).ToArray());
        Assert.Equal(terms.ToDefinition(Eur(1000m), D(2026, 3, 22)), result.Definition);
    }

    [Fact]
    public void RestructuringTerms_DefaultMoney_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<ArgumentException>(() => TwoMonthly() with { DownPayment = default(Money) });
        Assert.Equal("DownPayment must have a currency (was default(Money)). (Parameter 'DownPayment')", ex.Message);
    }

    [Fact]
    public void Restructure_SettledItem_Throws()
    {
        var account = OneItem().Apply(Pay("TR-1", D(2026, 1, 20), 1000m));
        var request = new RestructuringRequest("PL-1", D(2026, 3, 22), TwoMonthly()) { ItemIds = ["A"] };
        var ex = Assert.Throws<ArgumentException>(() => Restructuring.Restructure(account, request, BuiltInCalendarProvider.Instance));
        Assert.Equal("item 'A' cannot be restructured: it is settled. (Parameter 'request')", ex.Message);
    }
}
