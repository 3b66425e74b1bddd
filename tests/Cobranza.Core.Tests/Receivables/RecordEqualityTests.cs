using System.Collections.Immutable;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using static Cobranza.Core.Tests.EqualityAssert;
using static Cobranza.Core.Tests.Receivables.LedgerFixture;

namespace Cobranza.Core.Tests.Receivables;

// docs/decisions/0004-record-equality.md: a record's synthesized equality compares a collection member by reference,
// so each record below compares its collections element by element (in order) and every other member as before.
public sealed class RecordEqualityTests
{
    private static readonly TrackedPlan SharedPlan = TrackedPlan.Start(new InstallmentPlanDefinition
    {
        Amount = Eur(300m), StartDate = D(2026, 3, 1), FirstDueDate = D(2026, 4, 1), InstallmentCount = 3,
        Method = AmortizationMethod.EqualParts,
    }.CreateSchedule(BuiltInCalendarProvider.Instance));

    private static PaymentPromise Promise(string[]? itemIds = null, string id = "PR-1", decimal amount = 250m, int promisedDay = 15)
        => new(id, D(2026, 3, 1), D(2026, 3, promisedDay), Eur(amount), [.. itemIds ?? ["A", "B", "C"]]);

    [Fact]
    public void PaymentPromise_BuiltTwice_EqualWithEqualHashCodes()
    {
        var promise = EqualWhenBuiltTwice(() => Promise());
        Assert.True(promise == Promise());
        EqualWhenBuiltTwice(() => new PaymentPromise("PR-1", D(2026, 3, 1), D(2026, 3, 15), Eur(250m), default));
    }

    [Fact]
    public void PaymentPromise_AnyMemberChanged_NotEqual()
        => EachDiffers(
            Promise(),
            ("an item id", Promise(["A", "X", "C"])),
            ("the order of the item ids", Promise(["B", "A", "C"])),
            ("the number of item ids (fewer)", Promise(["A", "B"])),
            ("the number of item ids (more)", Promise(["A", "B", "C", "D"])),
            ("the number of item ids (none)", Promise([])),
            ("an item id's case (ordinal)", Promise(["a", "B", "C"])),
            ("PromiseId", Promise(id: "PR-2")),
            ("MadeOn", Promise() with { MadeOn = D(2026, 2, 28) }),
            ("PromisedDate", Promise(promisedDay: 16)),
            ("Amount", Promise(amount: 250.01m)));

    [Fact]
    public void PaymentPromise_DefaultAndEmptyItemIds_Equal()
        => Assert.Equal(Promise([]), new PaymentPromise("PR-1", D(2026, 3, 1), D(2026, 3, 15), Eur(250m), default));

    private static PlanEnrollment Enrollment(string[]? itemIds = null, TrackedPlan? plan = null, string id = "PL-1")
        => new(id, D(2026, 3, 1), [.. itemIds ?? ["A", "B", "C"]], plan ?? SharedPlan, true);

    [Fact]
    public void PlanEnrollment_BuiltTwiceOnTheSamePlan_EqualWithEqualHashCodes()
        => EqualWhenBuiltTwice(() => Enrollment());

    [Fact]
    public void PlanEnrollment_AnyMemberChanged_NotEqual()
        => EachDiffers(
            Enrollment(),
            ("an item id", Enrollment(["A", "X", "C"])),
            ("the order of the item ids", Enrollment(["C", "B", "A"])),
            ("the number of item ids", Enrollment(["A", "B"])),
            ("PlanId", Enrollment(id: "PL-2")),
            ("StartedOn", Enrollment() with { StartedOn = D(2026, 3, 2) }),
            ("FreezesLateInterest", Enrollment() with { FreezesLateInterest = false }),
            // TrackedPlan is a class without value equality: another instance of the same plan is another plan.
            ("the tracked plan instance", Enrollment(plan: TrackedPlan.Start(SharedPlan.Schedule))));

    private static CreditApplication Application(params PaymentAllocation[] allocations)
        => ApplicationWithReference("CA-1", allocations);

    private static CreditApplication ApplicationWithReference(string reference, params PaymentAllocation[] allocations)
        => new(reference, D(2026, 3, 20), allocations.Length == 0 ? [Allocation("A", 10m), Allocation("B", 20m), Allocation("C", 30m)] : [.. allocations]);

    private static PaymentAllocation Allocation(string itemId, decimal principal)
        => new(itemId, Eur(0m), Eur(1m), Eur(principal), Eur(0m));

    [Fact]
    public void CreditApplication_BuiltTwice_EqualWithEqualHashCodes()
    {
        EqualWhenBuiltTwice(() => Application());
        EqualWhenBuiltTwice(() => new CreditApplication("CA-1", D(2026, 3, 20), default));
    }

    [Fact]
    public void CreditApplication_AnyMemberChanged_NotEqual()
        => EachDiffers(
            Application(),
            ("an allocation", Application(Allocation("A", 10m), Allocation("B", 20.01m), Allocation("C", 30m))),
            ("the order of the allocations", Application(Allocation("B", 20m), Allocation("A", 10m), Allocation("C", 30m))),
            ("the number of allocations", Application(Allocation("A", 10m), Allocation("B", 20m))),
            ("Reference", ApplicationWithReference("CA-2")),
            ("AppliedOn", Application() with { AppliedOn = D(2026, 3, 21) }));

    private static PaymentReceived Payment(params (string Item, decimal Amount)[] named)
        => PaymentOf("TR-1", 60m, named);

    private static PaymentReceived PaymentOf(string reference, decimal amount, params (string Item, decimal Amount)[] named)
        => PayExplicit(reference, D(2026, 3, 15), amount, named.Length == 0 ? [("A", 10m), ("B", 20m), ("C", 30m)] : named) with { Method = "transfer" };

    [Fact]
    public void PaymentReceived_BuiltTwice_EqualWithEqualHashCodes()
    {
        EqualWhenBuiltTwice(() => Payment());
        var conversion = CurrencyConversion.AtRate(1.1m);
        EqualWhenBuiltTwice(() => Payment() with { Conversion = conversion });
        Assert.Equal(Pay("TR-1", D(2026, 3, 15), 60m), Pay("TR-1", D(2026, 3, 15), 60m) with { Allocations = [] });
    }

    [Fact]
    public void PaymentReceived_AnyMemberChanged_NotEqual()
        => EachDiffers(
            Payment(),
            ("an allocation", Payment(("A", 10m), ("B", 20m), ("X", 30m))),
            ("the order of the allocations", Payment(("C", 30m), ("B", 20m), ("A", 10m))),
            ("the number of allocations", Payment(("A", 10m), ("B", 20m))),
            ("Reference", PaymentOf("TR-2", 60m)),
            ("ReceivedOn", Payment() with { ReceivedOn = D(2026, 3, 16) }),
            ("Amount", PaymentOf("TR-1", 61m)),
            ("Strategy", new PaymentReceived("TR-1", D(2026, 3, 15), Eur(60m), AllocationStrategy.OldestDueFirst) { Method = "transfer", Allocations = Payment().Allocations }),
            ("Method", Payment() with { Method = "card" }),
            ("Conversion", Payment() with { Conversion = CurrencyConversion.AtRate(1.1m) }));

    [Fact]
    public void PaymentReceived_AgainstAnotherEventType_NotEqual()
    {
        AccountEvent payment = Pay("TR-1", D(2026, 3, 15), 60m);
        AccountEvent credit = new UnappliedCreditApplied("TR-1", D(2026, 3, 15), AllocationStrategy.OldestDueFirst);
        Assert.False(payment.Equals(credit));
        Assert.False(credit.Equals(payment));
    }

    private static UnappliedCreditApplied CreditApplied(params (string Item, decimal Amount)[] named)
        => CreditAppliedOf("UC-1", AllocationStrategy.Explicit, named);

    private static UnappliedCreditApplied CreditAppliedOf(string reference, AllocationStrategy strategy, params (string Item, decimal Amount)[] named)
        => new(reference, D(2026, 3, 20), strategy)
        {
            Amount = Eur(60m),
            Allocations = [.. System.Linq.Enumerable.Select(named.Length == 0 ? [("A", 10m), ("B", 20m), ("C", 30m)] : named, n => new ExplicitAllocation(n.Item, Eur(n.Amount)))],
        };

    [Fact]
    public void UnappliedCreditApplied_BuiltTwice_EqualWithEqualHashCodes()
        => EqualWhenBuiltTwice(() => CreditApplied());

    [Fact]
    public void UnappliedCreditApplied_AnyMemberChanged_NotEqual()
        => EachDiffers(
            CreditApplied(),
            ("an allocation", CreditApplied(("A", 10m), ("B", 21m), ("C", 30m))),
            ("the order of the allocations", CreditApplied(("A", 10m), ("C", 30m), ("B", 20m))),
            ("the number of allocations", CreditApplied(("A", 10m), ("B", 20m), ("C", 30m), ("D", 1m))),
            ("Reference", CreditAppliedOf("UC-2", AllocationStrategy.Explicit)),
            ("AppliedOn", CreditApplied() with { AppliedOn = D(2026, 3, 21) }),
            ("Strategy", CreditAppliedOf("UC-1", AllocationStrategy.OldestDueFirst)),
            ("Amount", CreditApplied() with { Amount = null }));

    private static RestructuringRequest Restructuring(string[]? itemIds = null, string planId = "PL-1", int installments = 2)
        => new(planId, D(2026, 3, 22), new RestructuringTerms
        {
            FirstDueDate = D(2026, 4, 22), InstallmentCount = installments,
            Method = AmortizationMethod.EqualParts,
        })
        {
            ItemIds = [.. itemIds ?? ["A", "B", "C"]],
            LateInterest = new LateInterestTerms(LateInterestRate.Fixed(0.08m, "contract"), AccrualConventions.StatutoryDefault),
            FreezesLateInterest = true,
            Acceleration = new AccelerationClause(2, null),
        };

    [Fact]
    public void RestructuringRequest_BuiltTwice_EqualWithEqualHashCodes()
        => EqualWhenBuiltTwice(() => Restructuring());

    [Fact]
    public void RestructuringRequest_AnyMemberChanged_NotEqual()
        => EachDiffers(
            Restructuring(),
            ("an item id", Restructuring(["A", "B", "X"])),
            ("the order of the item ids", Restructuring(["B", "A", "C"])),
            ("the number of item ids", Restructuring(["A"])),
            ("the item ids (empty = every open item)", Restructuring([])),
            ("PlanId", Restructuring(planId: "PL-2")),
            ("Date", Restructuring() with { Date = D(2026, 3, 23) }),
            ("Terms", Restructuring(installments: 3)),
            ("LateInterest", Restructuring() with { LateInterest = null }),
            ("FreezesLateInterest", Restructuring() with { FreezesLateInterest = false }),
            ("Acceleration", Restructuring() with { Acceleration = new AccelerationClause(3, null) }));

    private static RestructuringTerms Terms() => new()
    {
        FirstDueDate = D(2026, 4, 22), InstallmentCount = 2, Method = AmortizationMethod.ExplicitPercentages, Percentages = [60m, 40m],
    };

    [Fact]
    public void RestructuringTerms_BuiltTwice_EqualWithEqualHashCodes()
        => EqualWhenBuiltTwice(Terms);

    [Fact]
    public void RestructuringTerms_AnyMemberChanged_NotEqual()
        => EachDiffers(
            Terms(),
            ("DownPayment", Terms() with { DownPayment = Eur(10m) }),
            ("FirstDueDate", Terms() with { FirstDueDate = D(2026, 4, 23) }),
            ("InstallmentCount", Terms() with { InstallmentCount = 3 }),
            ("Frequency", Terms() with { Frequency = InstallmentFrequency.Weekly }),
            ("Method", Terms() with { Method = AmortizationMethod.EqualParts }),
            ("Interest", Terms() with { Interest = PlanInterest.Periodic(0.06m) }),
            ("a percentage", Terms() with { Percentages = [50m, 50m] }),
            ("Amounts", Terms() with { Amounts = [Eur(1m)] }),
            ("BalloonAmount", Terms() with { BalloonAmount = Eur(1m) }),
            ("InstallmentFee", Terms() with { InstallmentFee = Eur(1m) }),
            ("EndOfMonth", Terms() with { EndOfMonth = true }),
            ("DueDateAdjustment", Terms() with { DueDateAdjustment = new BusinessDayAdjustment(BusinessDayConvention.Following, "ES") }),
            ("Residual", Terms() with { Residual = ResidualPlacement.First }),
            ("Rounding", Terms() with { Rounding = System.MidpointRounding.ToEven }));

    [Fact]
    public void RestructuringRequest_DefaultAndEmptyItemIds_Equal()
        => Assert.Equal(Restructuring([]), Restructuring() with { ItemIds = default });
}
