using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Receivables;
using Cobranza.Core.Reports;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Reports;

public sealed class AgingProperties
{
    private static readonly LocalDate AsOf = new(2026, 3, 31);

    /// <summary>Entries, buckets and options; ToString shows what FsCheck needs to reproduce a failure.</summary>
    public sealed record EntriesCase(AgingEntry[] Entries, AgingOptions Options)
    {
        public override string ToString() =>
            $"{Options.Buckets} {Options.Basis} {Options.Disputed}: [{string.Join("; ", Entries.Select(e => e.ToString()))}]";
    }

    /// <summary>Accounts of a portfolio; ToString shows what FsCheck needs to reproduce a failure.</summary>
    public sealed record PortfolioCase(CustomerAccount[] Accounts, AgingOptions Options)
    {
        public override string ToString() =>
            $"{Options.Buckets} {Options.Basis} {Options.Disputed}: " +
            string.Join(" | ", Accounts.Select(a => $"{a.Id} {a.Currency.Code} [{string.Join("; ", a.Items)}]"));
    }

    public static class Arbitraries
    {
        private static readonly Currency[] Currencies = [Currency.EUR, Currency.JPY, Currency.FromCode("KWD"), Currency.COP];

        /// <summary>Mostly whole minor units; some with extra decimals (decimal path), some huge (beyond 2^62 units).</summary>
        private static Gen<decimal> Amount(Currency currency) =>
            Gen.Frequency(
                (8, Gen.Choose(0, 2_000_000).Select(u => u * currency.MinorUnit)),
                (2, Gen.Choose(1, 999_999).Select(u => u / 1000m)),
                (1, Gen.Choose(1, 9).Select(k => k * 1_000_000_000_000_000_000m + 0.01m)));

        private static Gen<AgingOptions> Options() =>
            from bounds in Gen.Choose(-60, 200).ArrayOf().Select(a => a.Distinct().OrderBy(x => x).ToArray())
            from useDefault in Gen.Elements(true, false)
            from basis in Gen.Elements(AgingBasis.DueDate, AgingBasis.InvoiceDate)
            from disputed in Gen.Elements(DisputedItems.Include, DisputedItems.Separate, DisputedItems.Exclude)
            select new AgingOptions
            {
                Buckets = useDefault || bounds.Length == 0 ? AgingBuckets.Default : AgingBuckets.FromUpperBounds(bounds),
                Basis = basis,
                Disputed = disputed,
            };

        private static Gen<(Currency Currency, decimal Amount, int DueOffset, int Term, bool Disputed)> Raw(Gen<Currency> currencies) =>
            from currency in currencies
            from amount in Amount(currency)
            from dueOffset in Gen.Choose(-400, 200)
            from term in Gen.Choose(0, 90)
            from disputed in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            select (currency, amount, dueOffset, term, disputed);

        public static Arbitrary<EntriesCase> Entries() =>
            (from raw in Raw(Gen.Elements(Currencies)).ListOf()
             from options in Options()
             select new EntriesCase(
                 raw.Select(r => new AgingEntry(Money.Of(r.Amount, r.Currency), AsOf.PlusDays(r.DueOffset), AsOf.PlusDays(r.DueOffset - r.Term), r.Disputed)).ToArray(),
                 options)).ToArbitrary();

        public static Arbitrary<PortfolioCase> Portfolios() =>
            (from accounts in (from currency in Gen.Elements(Currencies)
                               from raw in Raw(Gen.Constant(currency)).ListOf()
                               from settledMask in Gen.Choose(0, 7).ArrayOf(raw.Count)
                               select (currency, raw.ToArray(), settledMask)).ListOf()
             from options in Options()
             select new PortfolioCase(accounts.Select((a, i) => Build(i, a.currency, a.Item2, a.settledMask)).ToArray(), options)).ToArbitrary();

        private static CustomerAccount Build(int index, Currency currency, (Currency Currency, decimal Amount, int DueOffset, int Term, bool Disputed)[] raw, int[] settledMask)
        {
            var items = ImmutableArray.CreateBuilder<AccountItem>();
            for (int i = 0; i < raw.Length; i++)
            {
                var r = raw[i];
                if (r.Amount == 0m)
                {
                    continue;
                }

                var due = AsOf.PlusDays(r.DueOffset);
                bool settled = settledMask[i] == 0;
                var amount = Money.Of(r.Amount, currency);
                items.Add(new AccountItem(
                    $"I{i}", $"F{i}", 0, due.PlusDays(-r.Term), due, amount,
                    principalPaid: settled ? amount : null,
                    interestCharged: settledMask[i] == 1 ? Money.Of(1m, currency) : null,
                    settledOn: settled ? due : null,
                    dispute: r.Disputed ? new ItemDispute(due, "disputed") : null));
            }

            return new CustomerAccount($"A{index}", currency, ReportsTestData.Customer($"A{index}"), items.ToImmutable());
        }
    }

    private static int Days(AgingEntry e, AgingBasis basis) => Period.DaysBetween(basis == AgingBasis.DueDate ? e.DueDate : e.InvoiceDate, AsOf);

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void ForEntries_Always_BucketsSumExactlyToOpenBalancePerCurrency(EntriesCase c)
    {
        var report = AgingReport.ForEntries(c.Entries, AsOf, c.Options);
        var open = c.Entries.Where(e => e.Outstanding.Amount != 0m).ToArray();
        Assert.Equal(open.Select(e => e.Outstanding.Currency).Distinct().Count(), report.Sections.Length);
        foreach (var section in report.Sections)
        {
            // Per-currency separation: the section holds exactly the entries in its currency.
            var mine = open.Where(e => e.Outstanding.Currency == section.Currency).ToArray();
            decimal expected = mine.Sum(e => e.Outstanding.Amount);
            Assert.Equal(expected, section.OpenBalance.Amount);
            Assert.Equal(mine.Length, section.OpenItems);
            decimal lines = section.Lines.Sum(l => l.Amount.Amount);
            if (c.Options.Disputed == DisputedItems.Exclude)
            {
                Assert.Equal(expected, section.Total.Amount + section.Disputed.Amount);
                Assert.Equal(lines, section.Total.Amount);
            }
            else
            {
                Assert.Equal(expected, section.Total.Amount);
                Assert.Equal(expected, lines + section.Disputed.Amount);
            }
        }
    }

    /// <summary>Each entry lands in the bucket that contains its day count (reference: NodaTime's Period.DaysBetween).</summary>
    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void ForEntries_Always_MatchesNaiveBucketing(EntriesCase c)
    {
        var report = AgingReport.ForEntries(c.Entries, AsOf, c.Options);
        bool apart = c.Options.Disputed != DisputedItems.Include;
        foreach (var section in report.Sections)
        {
            var mine = c.Entries.Where(e => e.Outstanding.Currency == section.Currency && e.Outstanding.Amount != 0m && !(apart && e.Disputed)).ToArray();
            for (int b = 0; b < section.Lines.Length; b++)
            {
                var bucket = section.Lines[b].Bucket;
                var inBucket = mine.Where(e => bucket.Contains(Days(e, c.Options.Basis))).ToArray();
                Assert.Equal(inBucket.Length, section.Lines[b].Count);
                Assert.Equal(inBucket.Sum(e => e.Outstanding.Amount), section.Lines[b].Amount.Amount);
            }
        }
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Arbitraries)])]
    public void ForPortfolio_Always_EqualsSumOfAccounts(PortfolioCase c)
    {
        var portfolio = AgingReport.ForPortfolio(c.Accounts, AsOf, c.Options);
        var perAccount = c.Accounts.Select(a => AgingReport.ForAccount(a, AsOf, c.Options)).SelectMany(r => r.Sections).ToArray();
        Assert.Equal(perAccount.Select(s => s.Currency).Distinct().Count(), portfolio.Sections.Length);
        foreach (var section in portfolio.Sections)
        {
            var parts = perAccount.Where(s => s.Currency == section.Currency).ToArray();
            for (int b = 0; b < section.Lines.Length; b++)
            {
                Assert.Equal(parts.Sum(p => p.Lines[b].Count), section.Lines[b].Count);
                Assert.Equal(parts.Sum(p => p.Lines[b].Amount.Amount), section.Lines[b].Amount.Amount);
            }

            Assert.Equal(parts.Sum(p => p.Disputed.Amount), section.Disputed.Amount);
            Assert.Equal(c.Accounts.Where(a => a.Currency == section.Currency).Sum(a => a.Outstanding.Amount), section.OpenBalance.Amount);
        }
    }
}
