using System;
using Cobranza.Core.Escalation;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Fuzz;

/// <summary>
/// Issue 14 §5: the escalation engine near the ends of the calendar (items due in year 9999 or −9998, evaluated at
/// instants up to the last one NodaTime represents) throws only what <see cref="IEscalationEngine.Evaluate"/>
/// documents, never an <see cref="OverflowException"/>.
/// </summary>
public sealed class EngineRangeFuzzTests
{
    private static readonly LocalDate[] Dues =
    [
        new(9999, 12, 31), new(9999, 12, 30), new(9999, 12, 1), new(9999, 11, 15), new(-9998, 3, 1), new(-9998, 3, 15), new(-9998, 4, 1), new(2026, 4, 15),
    ];

    [Fact]
    public void Evaluate_ItemsAndInstantsNearTheCalendarEnds_NoOverflow()
    {
        Fuzz.Run("engine-range", 2_000, random =>
        {
            var due = Dues[random.Next(Dues.Length)];
            var account = Account(items: [Open("A", due), Open("B", Dues[random.Next(Dues.Length)], 10m)]);
            var at = random.Next(3) switch
            {
                0 => Instant.MaxValue - Duration.FromMinutes(random.Next(0, 60 * 24 * 60)),
                1 => Instant.MinValue + Duration.FromMinutes(random.Next(0, 60 * 24 * 60)),
                _ => At(account, due.Year < 9999 && due.Year > -9998 ? due.PlusDays(random.Next(-5, 40)) : due),
            };
            try
            {
                var result = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, at);
                Assert.NotNull(result);
            }
            catch (ArgumentOutOfRangeException)
            {
                // Documented: an instant or date outside the range the engine can evaluate.
            }
        });
    }
}
