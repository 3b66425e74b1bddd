using System.Collections.Immutable;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Tests.Receivables;

internal static class LedgerFixture
{
    internal static LocalDate D(int y, int m, int d) => new(y, m, d);

    internal static Money Eur(decimal amount) => Money.Of(amount, Currency.EUR);

    internal static CustomerProfile Customer() => new("C-001", "Talleres Martín S.L.", Language.Spanish, DateTimeZoneProviders.Tzdb["Europe/Madrid"]);

    internal static CustomerAccount Empty() => CustomerAccount.Open("ACC-1", Currency.EUR, Customer());

    internal static ItemAdded Item(string id, LocalDate issued, LocalDate due, decimal amount)
        => new(new AccountItem(id, id.Split('/')[0], 0, issued, due, Eur(amount)));

    internal static PaymentReceived Pay(string reference, LocalDate date, decimal amount, AllocationStrategy strategy = AllocationStrategy.OldestDueFirst)
        => new(reference, date, Eur(amount), strategy);

    internal static PaymentReceived PayExplicit(string reference, LocalDate date, decimal amount, params (string Item, decimal Amount)[] named)
        => new(reference, date, Eur(amount), AllocationStrategy.Explicit)
        {
            Allocations = [.. System.Linq.Enumerable.Select(named, n => new ExplicitAllocation(n.Item, Eur(n.Amount)))],
        };

    internal static AccountItem Get(CustomerAccount account, string id)
    {
        Assert.True(account.TryGetItem(id, out var item), id);
        return item!;
    }

    /// <summary>A (older, 1 000.00, due 31 Jan 2026) and B (newer, 500.00 + 40.00 fee + 10.00 interest, due 28 Feb 2026).</summary>
    internal static CustomerAccount TwoItems()
        => Empty()
            .Apply(Item("A", D(2026, 1, 1), D(2026, 1, 31), 1000m))
            .Apply(Item("B", D(2026, 1, 29), D(2026, 2, 28), 500m))
            .Apply(new FeeCharged("EU-RECOVERY-40/B", D(2026, 3, 10), "B", Eur(40m), "Indemnización por costes de cobro"))
            .Apply(new InterestPosted("B", D(2026, 3, 10), D(2026, 3, 10), Eur(10m)));

    internal static ImmutableArray<T> Arr<T>(params T[] values) => [.. values];
}
