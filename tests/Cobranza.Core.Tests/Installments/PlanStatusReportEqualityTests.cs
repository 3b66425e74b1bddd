using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using NodaTime;
using static Cobranza.Core.Tests.EqualityAssert;

namespace Cobranza.Core.Tests.Installments;

// docs/decisions/0004-record-equality.md: a status report compares its installments element by element (in order).
public sealed class PlanStatusReportEqualityTests
{
    private static readonly LocalDate AsOf = new(2026, 3, 20);

    // 3 monthly installments of 100.00 + 1.00 fee due 15 Feb, 15 Mar, 15 Apr 2026; 150.00 paid on 10 Feb.
    private static PlanStatusReport Report() => TrackedPlan.Start(new InstallmentPlanDefinition
    {
        Amount = Money.Of(300m, "EUR"),
        StartDate = new LocalDate(2026, 1, 15),
        FirstDueDate = new LocalDate(2026, 2, 15),
        InstallmentCount = 3,
        Method = AmortizationMethod.EqualParts,
        InstallmentFee = Money.Of(1m, "EUR"),
    }.CreateSchedule(BuiltInCalendarProvider.Instance)).Apply(new PlanPayment(new LocalDate(2026, 2, 10), Money.Of(150m, "EUR"))).StatusAsOf(AsOf);

    private static PlanStatusReport WithInstallments(IEnumerable<InstallmentState> installments)
        => Report() with { Installments = installments.ToList() };

    [Fact]
    public void PlanStatusReport_BuiltTwice_EqualWithEqualHashCodes()
    {
        var report = EqualWhenBuiltTwice(Report);
        Assert.Equal(3, report.Installments.Count);
        Assert.NotSame(report.Installments, Report().Installments);
        Assert.True(report == WithInstallments(Report().Installments));
    }

    [Fact]
    public void PlanStatusReport_AnyMemberChanged_NotEqual()
    {
        var installments = Report().Installments;
        EachDiffers(
            Report(),
            ("an installment", WithInstallments(installments.Select((s, i) => i == 1 ? s with { DaysLate = s.DaysLate + 1 } : s))),
            ("the order of the installments", WithInstallments([installments[1], installments[0], installments[2]])),
            ("the number of installments", WithInstallments(installments.Take(2))),
            ("the installments (null)", Report() with { Installments = null! }),
            ("AsOf", Report() with { AsOf = AsOf.PlusDays(1) }),
            ("Status", Report() with { Status = PlanStatus.Broken }),
            ("Acceleration", Report() with { Acceleration = new AccelerationEvent(AsOf, Money.Of(1m, "EUR"), AccelerationTrigger.DaysOverdue, 1) }),
            ("Outstanding", Report() with { Outstanding = Report().Outstanding + Money.Of(0.01m, "EUR") }),
            ("Unapplied", Report() with { Unapplied = Money.Of(0.01m, "EUR") }));
    }

    [Fact]
    public void PlanStatusReport_NullInstallmentsOnBothSides_EqualWithoutThrowing()
    {
        var first = Report() with { Installments = null! };
        var second = Report() with { Installments = null! };
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }
}
