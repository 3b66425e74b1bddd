using BenchmarkDotNet.Attributes;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Account ledger: applying 100 payments oldest-first to an account of 36 items (the 10 µs target is for a
/// tracked plan; a ledger event also builds a new immutable snapshot, see docs/benchmarks-ledger.md).
/// </summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private CustomerAccount _account36 = null!;
    private PaymentReceived[] _oldestFirst = null!;
    private PaymentReceived[] _costsFirst = null!;
    private PaymentReceived[] _proportional = null!;

    [GlobalSetup]
    public void Setup()
    {
        var profile = new CustomerProfile("C-1", "Customer", Language.Spanish, DateTimeZone.Utc);
        var account = CustomerAccount.Open("ACC-1", Currency.EUR, profile);
        var start = new LocalDate(2026, 1, 1);
        for (int i = 0; i < 36; i++)
        {
            string id = $"F-{i}/0";
            var due = start.PlusMonths(i);
            account = account.Apply(new ItemAdded(new AccountItem(id, $"F-{i}", 0, start, due, Money.Of(1_000m, Currency.EUR))));
            if (i % 4 == 0)
            {
                account = account.Apply(new FeeCharged($"FEE/{id}", due.PlusDays(1), id, Money.Of(40m, Currency.EUR), "Recovery"));
            }
        }

        _account36 = account;
        _oldestFirst = Payments(AllocationStrategy.OldestDueFirst);
        _costsFirst = Payments(AllocationStrategy.CostsAndInterestFirst);
        _proportional = Payments(AllocationStrategy.Proportional);
    }

    private static PaymentReceived[] Payments(AllocationStrategy strategy)
    {
        var payments = new PaymentReceived[100];
        for (int i = 0; i < payments.Length; i++)
        {
            payments[i] = new PaymentReceived($"TR-{i}", new LocalDate(2026, 2, 1).PlusDays(i * 5), Money.Of(345.67m, Currency.EUR), strategy);
        }

        return payments;
    }

    [Benchmark(Baseline = true)]
    public CustomerAccount Apply100Payments_OldestFirst_36Items() => Ledger.Apply(_account36, _oldestFirst);

    [Benchmark]
    public CustomerAccount Apply100Payments_CostsAndInterestFirst_36Items() => Ledger.Apply(_account36, _costsFirst);

    [Benchmark]
    public CustomerAccount Apply100Payments_Proportional_36Items() => Ledger.Apply(_account36, _proportional);

    [Benchmark]
    public StatementOfAccount Statement_36Items_100Payments() => StatementOfAccount.Create(Ledger.Apply(_account36, _oldestFirst), new LocalDate(2026, 1, 1), new LocalDate(2029, 12, 31));
}
