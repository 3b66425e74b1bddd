using System.Collections.Immutable;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Tests.Reports;

internal static class ReportsTestData
{
    internal static readonly LocalDate AsOf = new(2026, 3, 31);

    internal static CustomerProfile Customer(string id = "C1") =>
        new(id, "Cliente " + id, Language.Spanish, DateTimeZoneProviders.Tzdb["Europe/Madrid"]);

    internal static AccountItem Item(
        string id, LocalDate due, decimal amount, Currency? currency = null, decimal paid = 0m, decimal interest = 0m,
        decimal fees = 0m, LocalDate? issued = null, LocalDate? settledOn = null, bool disputed = false, decimal credited = 0m)
    {
        var c = currency ?? Currency.EUR;
        return new AccountItem(
            id, "INV-" + id, 0, issued ?? due.PlusDays(-30), due, Money.Of(amount, c),
            principalPaid: Money.Of(paid, c),
            credited: Money.Of(credited, c),
            interestCharged: Money.Of(interest, c),
            feesCharged: Money.Of(fees, c),
            settledOn: settledOn,
            dispute: disputed ? new ItemDispute(due.PlusDays(5), "Mercancía dañada") : null);
    }

    internal static CustomerAccount Account(string id, Currency currency, params AccountItem[] items) =>
        new(id, currency, Customer(id), items.ToImmutableArray());

    /// <summary>
    /// The hand-worked example of docs/reports.md, as of 2026-03-31 (day counts by calendar: Mar 1 → Mar 31 is 30
    /// days; Feb 28 → Mar 31 is 31; Jan 15 → Mar 31 is 16 + 28 + 31 = 75; Dec 1 → Mar 31 is 30 + 31 + 28 + 31 = 120;
    /// Nov 30 → Mar 31 is 121).
    /// </summary>
    internal static CustomerAccount Example() =>
        new(
            "ACC-1",
            Currency.EUR,
            Customer("ACC-1"),
            ImmutableArray.Create(
                Item("A", new LocalDate(2026, 3, 31), 100m),                       // day 0: current
                Item("B", new LocalDate(2026, 4, 15), 250.50m),                    // not yet due: current
                Item("C", new LocalDate(2026, 3, 1), 200m),                        // day 30: 1–30
                Item("D", new LocalDate(2026, 2, 28), 300m, interest: 12.34m),     // day 31: 31–60, owes 312.34
                Item("E", new LocalDate(2025, 11, 30), 1000m, paid: 400m),         // day 121: over 120, owes 600
                Item("F", new LocalDate(2025, 12, 1), 50m),                        // day 120: 91–120
                Item("G", new LocalDate(2026, 1, 15), 80m, disputed: true),        // day 75: 61–90 or disputed
                Item("H", new LocalDate(2026, 1, 10), 70m, paid: 70m, settledOn: new LocalDate(2026, 1, 9))),
            unappliedCredit: Money.Of(25m, Currency.EUR));
}
