using System.Linq;
using Cobranza.Core.Interest;
using Cobranza.Testing.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Cobranza.Core.Tests.EqualityAssert;

namespace Cobranza.Core.Tests.Interest;

// docs/decisions/0004-record-equality.md: the balance changes and the fees are compared element by element (in
// order); the rate schedule, a class without value equality, by reference.
public sealed class LateInterestRequestEqualityTests
{
    private static readonly LocalDate Due = new(2026, 1, 31);
    private static readonly RateSchedule Rates = RateSchedule.Fixed(0.1215m, "BOE 2026");

    private static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    private static BalanceChange Change(int days, decimal amount) => new(Due.PlusDays(days), Eur(amount), "change");

    private static FeeLine Fee(string code, decimal amount) => new(code, "fee " + code, Eur(amount), "Ley 3/2004 art. 8");

    private static LateInterestRequest Request(BalanceChange[]? changes = null, FeeLine[]? fees = null, RateSchedule? rates = null)
        => new(Due, Due.PlusDays(90), Eur(1000m), rates ?? Rates)
        {
            BalanceChanges = changes ?? [Change(10, -100m), Change(20, 50m), Change(30, -200m)],
            Fees = fees ?? [Fee("EU-40", 40m), Fee("ADMIN", 5m)],
        };

    [Fact]
    public void LateInterestRequest_BuiltTwice_EqualWithEqualHashCodes()
    {
        var request = EqualWhenBuiltTwice(() => Request());
        Assert.True(request == Request());
        EqualWhenBuiltTwice(() => new LateInterestRequest(Due, Due.PlusDays(90), Eur(1000m), Rates));
    }

    [Fact]
    public void LateInterestRequest_AnyMemberChanged_NotEqual()
        => EachDiffers(
            Request(),
            ("a balance change", Request(changes: [Change(10, -100m), Change(20, 50.01m), Change(30, -200m)])),
            ("the order of the balance changes", Request(changes: [Change(20, 50m), Change(10, -100m), Change(30, -200m)])),
            ("the number of balance changes", Request(changes: [Change(10, -100m), Change(20, 50m)])),
            ("a fee", Request(fees: [Fee("EU-40", 40m), Fee("ADMIN", 6m)])),
            ("the order of the fees", Request(fees: [Fee("ADMIN", 5m), Fee("EU-40", 40m)])),
            ("the number of fees", Request(fees: [])),
            ("DueDate", Request() with { DueDate = Due.PlusDays(1) }),
            ("CalculateUntil", Request() with { CalculateUntil = Due.PlusDays(91) }),
            ("OpeningBalance", Request() with { OpeningBalance = Eur(1000.01m) }),
            ("Conventions", Request() with { Conventions = AccrualConventions.StatutoryDefault with { Start = AccrualStart.DueDate } }),
            // RateSchedule is a class without value equality: another instance with the same rate is another schedule.
            ("the rate schedule instance", Request(rates: RateSchedule.Fixed(0.1215m, "BOE 2026"))));

    [Property(MaxTest = 100)]
    public Property LateInterestRequest_GeneratedHistory_EqualCopiesAndUnequalWhenShortenedOrReordered()
        => Prop.ForAll(CobranzaArbitraries.BalanceHistoryGen(Currency.EUR).ToArbitrary(), history =>
        {
            var changes = history.ToArray();
            var first = Request(changes: [.. changes]);
            var second = Request(changes: [.. changes]);
            Assert.Equal(first, second);
            Assert.Equal(first.GetHashCode(), second.GetHashCode());
            Assert.NotEqual(first, Request(changes: changes[..^1]));
            var reversed = Enumerable.Reverse(changes).ToArray();
            Assert.Equal(changes.SequenceEqual(reversed), first.Equals(Request(changes: reversed)));
        });
}
