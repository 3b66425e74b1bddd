using System;
using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Receivables;
using Cobranza.Core.Reports;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Reports. Target: aging of 1,000,000 open items within 100 ms on one core. Also the DSO and the aging of a
/// portfolio of account snapshots (10,000 accounts × 100 open items).
/// </summary>
[MemoryDiagnoser]
public class ReportsBenchmarks
{
    private const int Items = 1_000_000;
    private static readonly LocalDate AsOf = new(2026, 3, 31);

    private AgingEntry[] _cents = null!;
    private AgingEntry[] _fractional = null!;
    private AgingEntry[] _spreadDates = null!;
    private AgingEntry[] _threeCurrencies = null!;
    private CustomerAccount[] _accounts = null!;
    private CustomerAccount[] _dsoAccounts = null!;
    private ReportPeriod _q1 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260331);
        var currencies = new[] { Currency.EUR, Currency.USD, Currency.COP };
        _cents = new AgingEntry[Items];
        _fractional = new AgingEntry[Items];
        _threeCurrencies = new AgingEntry[Items];
        _spreadDates = new AgingEntry[Items];
        for (int i = 0; i < Items; i++)
        {
            var due = AsOf.PlusDays(random.Next(-400, 60));
            var invoice = due.PlusDays(-random.Next(0, 90));
            bool disputed = random.Next(20) == 0;
            long cents = random.Next(100, 5_000_000);
            _cents[i] = new AgingEntry(Money.Of(cents / 100m, Currency.EUR), due, invoice, disputed);
            _fractional[i] = new AgingEntry(Money.Of(cents / 1000m, Currency.EUR), due, invoice, disputed);
            _threeCurrencies[i] = new AgingEntry(Money.Of(cents / 100m, currencies[i % 3]), due, invoice, disputed);
            var spread = AsOf.PlusDays(random.Next(-7300, 60));
            _spreadDates[i] = new AgingEntry(Money.Of(cents / 100m, Currency.EUR), spread, spread, disputed);
        }

        _accounts = BuildAccounts(random, 10_000, 100, withPayments: false);
        _dsoAccounts = BuildAccounts(random, 1_000, 100, withPayments: true);
        _q1 = new ReportPeriod(new LocalDate(2026, 1, 1), AsOf);
    }

    [Benchmark(Baseline = true)]
    public AgingReport Aging_1M_Entries_WholeCents() => AgingReport.ForEntries(_cents, AsOf);

    [Benchmark]
    public AgingReport Aging_1M_Entries_DueDatesSpreadOver20Years() => AgingReport.ForEntries(_spreadDates, AsOf);

    [Benchmark]
    public AgingReport Aging_1M_Entries_ThreeCurrencies() => AgingReport.ForEntries(_threeCurrencies, AsOf);

    [Benchmark]
    public AgingReport Aging_1M_Entries_FractionalCents_DecimalPath() => AgingReport.ForEntries(_fractional, AsOf);

    [Benchmark]
    public AgingReport Aging_1M_Entries_ByInvoiceDate_Include() =>
        AgingReport.ForEntries(_cents, AsOf, new AgingOptions { Basis = AgingBasis.InvoiceDate, Disputed = DisputedItems.Include });

    [Benchmark]
    public AgingReport Aging_Portfolio_10kAccounts_x100Items() => AgingReport.ForPortfolio(_accounts, AsOf);

    [Benchmark]
    public ImmutableArray<DaysSalesOutstanding> Dso_Portfolio_1kAccounts_x100Items() => DaysSalesOutstanding.ForPortfolio(_dsoAccounts, _q1);

    [Benchmark]
    public CustomerPaymentProfile PaymentProfile_OneAccount_100Items() => CustomerPaymentProfile.Of(_dsoAccounts[0], AsOf);

    private static CustomerAccount[] BuildAccounts(Random random, int count, int itemsPerAccount, bool withPayments)
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Madrid"];
        var accounts = new CustomerAccount[count];
        for (int a = 0; a < count; a++)
        {
            var items = ImmutableArray.CreateBuilder<AccountItem>(itemsPerAccount);
            var payments = ImmutableArray.CreateBuilder<AccountPayment>();
            for (int i = 0; i < itemsPerAccount; i++)
            {
                var due = AsOf.PlusDays(random.Next(-400, 60));
                var amount = Money.Of(random.Next(100, 5_000_000) / 100m, Currency.EUR);
                Money? paid = null;
                if (withPayments && i % 4 == 0)
                {
                    paid = Money.Of(1m, Currency.EUR);
                    payments.Add(new AccountPayment(
                        $"P{a}-{i}", due.PlusDays(random.Next(0, 120)), paid.Value, "transfer",
                        ImmutableArray.Create(new PaymentAllocation($"I{i}", Money.Zero(Currency.EUR), Money.Zero(Currency.EUR), paid.Value, Money.Zero(Currency.EUR)))));
                }

                items.Add(new AccountItem(
                    $"I{i}", $"F{a}-{i}", 0, due.PlusDays(-30), due, amount,
                    principalPaid: paid,
                    interestCharged: i % 7 == 0 ? Money.Of(3.21m, Currency.EUR) : null,
                    dispute: i % 20 == 0 ? new ItemDispute(due, "disputed") : null));
            }

            accounts[a] = new CustomerAccount(
                $"A{a}", Currency.EUR, new CustomerProfile($"C{a}", $"Customer {a}", Language.Spanish, zone),
                items.MoveToImmutable(), payments.ToImmutable());
        }

        return accounts;
    }
}
