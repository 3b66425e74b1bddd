using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Installments;

/// <summary>
/// <c>CreateSchedule</c> skips the FluentValidation pass when the hand-written check accepts the definition; that
/// check must accept exactly the definitions the validator accepts. Random definitions here break each rule
/// (or keep it) independently, so most are invalid in one or several ways.
/// </summary>
public sealed class InstallmentPlanQuickValidationProperties
{
    public sealed record Knobs(int Amount, int Down, int Count, int Dates, int Frequency, bool EndOfMonth, int Adjustment, int Method, int Interest, int Residual, int Lists, int Balloon, int Fee)
    {
        public InstallmentPlanDefinition Definition()
        {
            Money amount = Amount switch { 0 => Money.Of(-5m, "EUR"), 1 => Money.Of(10.005m, "EUR"), 2 => Money.Of(0m, "EUR"), _ => Money.Of(1_000m, "EUR") };
            int count = Count switch { 0 => 0, 1 => 1, 2 => 1201, 3 => 1200, _ => 4 };
            AmortizationMethod method = (AmortizationMethod)(Method % 6);
            Money financedGuess = Money.Of(Down == 5 ? 900m : 1_000m, "EUR");
            return new InstallmentPlanDefinition
            {
                Amount = amount,
                DownPayment = Down switch
                {
                    0 => null,
                    1 => Money.Of(100m, "USD"),
                    2 => Money.Of(-1m, "EUR"),
                    3 => Money.Of(1_000m, "EUR"),
                    4 => Money.Of(0.001m, "EUR"),
                    _ => Money.Of(100m, "EUR"),
                },
                StartDate = new LocalDate(2026, 1, 15),
                FirstDueDate = Dates switch { 0 => new LocalDate(2026, 1, 10), 1 => new LocalDate(2026, 2, 1), 2 => new LocalDate(2026, 1, 15), _ => new LocalDate(2026, 2, 28) },
                InstallmentCount = count,
                Frequency = (InstallmentFrequency)(Frequency % 5),
                EndOfMonth = EndOfMonth,
                DueDateAdjustment = Adjustment switch
                {
                    0 => new BusinessDayAdjustment(BusinessDayConvention.Following, " "),
                    1 => new BusinessDayAdjustment(BusinessDayConvention.Following, "ES"),
                    _ => BusinessDayAdjustment.None,
                },
                Method = method,
                Interest = Interest switch { 0 => PlanInterest.Periodic(0.06m), 1 => PlanInterest.ActualDays(0.05m, DayCounts.Actual360), _ => PlanInterest.None },
                Residual = Residual == 0 ? ResidualPlacement.First : ResidualPlacement.Last,
                Percentages = (Lists % 7) switch
                {
                    0 => [],
                    1 => [25m, 25m, 25m, 25m],
                    2 => [50m, 30m, -5m, 25m],
                    3 => [50m, 50m],
                    4 => [120m, -10m, -5m, -5m],
                    5 => [25m, 25m, 25m, 24.99m],
                    _ => Enumerable.Repeat(100m / 3m, 3).Append(0.0000000000000000000000000001m).ToArray(),
                },
                Amounts = (Lists / 7 % 6) switch
                {
                    0 => [],
                    1 => [.. Enumerable.Repeat(Money.Of(financedGuess.Amount / 4m, "EUR"), 4)],
                    2 => [Money.Of(250m, "EUR"), Money.Of(250m, "EUR"), Money.Of(250m, "USD"), Money.Of(250m, "EUR")],
                    3 => [Money.Of(1_100m, "EUR"), Money.Of(-50m, "EUR"), Money.Of(-25m, "EUR"), Money.Of(-25m, "EUR")],
                    4 => [Money.Of(250m, "EUR"), Money.Of(250m, "EUR"), Money.Of(250m, "EUR"), Money.Of(249.995m, "EUR")],
                    _ => [Money.Of(500m, "EUR"), Money.Of(500m, "EUR")],
                },
                BalloonAmount = Balloon switch
                {
                    0 => null,
                    1 => Money.Of(100m, "EUR"),
                    2 => Money.Of(100m, "USD"),
                    3 => Money.Of(5_000m, "EUR"),
                    4 => Money.Of(0.005m, "EUR"),
                    _ => Money.Of(-1m, "EUR"),
                },
                InstallmentFee = Fee switch
                {
                    0 => null,
                    1 => Money.Of(1m, "EUR"),
                    2 => Money.Of(-1m, "EUR"),
                    3 => Money.Of(1m, "USD"),
                    4 => Money.Of(0.001m, "EUR"),
                    _ => Money.Of(0m, "EUR"),
                },
            };
        }
    }

    public static class Arbitraries
    {
        public static Arbitrary<Knobs> Knobs()
        {
            // Each knob favours its valid setting, so that valid definitions (the fast path) are common too.
            static Gen<int> Knob(int invalidSettings, int validSetting) => Gen.Frequency((3, Gen.Constant(validSetting)), (2, Gen.Choose(0, invalidSettings)));
            Gen<Knobs> gen =
                from amount in Knob(3, 3)
                from down in Knob(5, 0)
                from count in Knob(4, 4)
                from dates in Knob(3, 3)
                from frequency in Gen.Choose(0, 4)
                from eom in Gen.Elements(false, false, true)
                from adjustment in Knob(2, 2)
                from method in Gen.Choose(0, 5)
                from interest in Gen.Choose(0, 2)
                from residual in Knob(1, 1)
                from lists in Gen.Choose(0, 41)
                from balloon in Gen.Choose(0, 5)
                from fee in Knob(5, 0)
                select new Knobs(amount, down, count, dates, frequency, eom, adjustment, method, interest, residual, lists, balloon, fee);
            return Arb.From(gen);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 2000)]
    public void IsValidQuick_AnyDefinition_AgreesWithTheValidator(Knobs knobs)
    {
        InstallmentPlanDefinition definition = knobs.Definition();
        Assert.Equal(definition.Validate().IsValid, InstallmentPlanDefinitionValidator.IsValidQuick(definition));
    }

    [Fact]
    public void IsValidQuick_RandomPropertyDefinitions_AgreeWithTheValidator()
    {
        // The schedule properties' generator (valid plans of every method, frequency and interest) on a fixed seed.
        var definitions = InstallmentScheduleProperties.Arbitraries.Definitions().Sample(300, 40);
        Assert.All(definitions, d => Assert.Equal(d.Validate().IsValid, InstallmentPlanDefinitionValidator.IsValidQuick(d)));
        Assert.Contains(definitions, d => d.Validate().IsValid);
    }
}
