using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using Cobranza.Core.Tests.Receivables.Reference;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Receivables;

/// <summary>
/// Decision 0003 for <see cref="AccountInterest.For"/>'s fast path (issue 13, Figures: the engine states accrued
/// interest on every notice): on random accounts, items, dates and terms, the accrual equals the frozen
/// <see cref="ReferenceAccountInterest"/> bit for bit (value and scale), with the same day accrued through, the same
/// frozen flag, or the same exception and message. The cases reach the fast path's fallbacks on purpose: conventions
/// outside the integer accrual (Act/Act, rounding per segment, compounding), balances beyond 64-bit mantissas,
/// changes out of date order, reductions on or before the due date, posted interest, a reference rate that is not
/// published yet (refused, or carried forward as provisional: the provisional periods are compared too).
/// </summary>
public sealed class AccountInterestReferenceProperties
{
    private static readonly LocalDate Start = new(2025, 1, 1);

    private static readonly LateInterestTerms[] TermsSet =
    [
        LateInterestTerms.FromPreset(StatutoryPresets.Spain()),
        LateInterestTerms.FromPreset(StatutoryPresets.Spain(), missingRates: MissingRatePolicy.CarryForwardProvisional),
        new(LateInterestRate.Fixed(0.085m, "contract 8.5 %"), AccrualConventions.StatutoryDefault),
        new(LateInterestRate.Fixed(0.1015m, "contract 10.15 %"), AccrualConventions.StatutoryDefault with { DayCount = DayCounts.Actual360, Start = AccrualStart.DueDate, End = AccrualEnd.PaymentDateExcluded }),
        new(LateInterestRate.Fixed(0.12m, "contract 12 %"), AccrualConventions.StatutoryDefault with { GraceDays = 10 }),
        new(LateInterestRate.Fixed(0.12m, "contract 12 %"), AccrualConventions.StatutoryDefault with { GraceDays = 7, Grace = GraceRule.DeferAccrualStart }),
        new(LateInterestRate.Fixed(0.0975m, "contract 9.75 %"), AccrualConventions.StatutoryDefault with { MinimumInterest = Money.Of(5m, Currency.EUR) }),
        new(LateInterestRate.Fixed(0.08m, "contract 8 %"), AccrualConventions.StatutoryDefault with { DayCount = DayCounts.ActualActualIsda }),
        new(LateInterestRate.Fixed(0.08m, "contract 8 %"), AccrualConventions.StatutoryDefault with { RoundingPoint = InterestRoundingPoint.PerSegment }),
        new(LateInterestRate.Fixed(0.08m, "contract 8 %"), AccrualConventions.StatutoryDefault with { Compounding = CompoundingPeriod.Monthly }),
        new(LateInterestRate.Fixed(0.0333333m, "contract 3.33333 %"), AccrualConventions.StatutoryDefault with { RoundingMode = MidpointRounding.AwayFromZero }),
    ];

    /// <summary>One reduction: which item, when (days from the item's due date), how much (units at a scale), and its kind.</summary>
    public sealed record Reduction(int Item, int Day, long Units, int Scale, long DiscountUnits, int Kind);

    /// <summary>An account built through the ledger (credit notes, applied credit, posted interest) or directly (any allocation, any scale).</summary>
    public sealed record Case(bool Direct, int[] Dues, decimal[] Amounts, int AmountScale, Reduction[] Reductions, int PostedThrough, int Terms, int AsOf, int Item)
    {
        public override string ToString()
            => $"{(Direct ? "direct" : "ledger")}, terms {Terms}, as of +{AsOf}, item {Item}, posted {PostedThrough}, dues [{string.Join(", ", Dues)}], amounts [{string.Join(", ", Amounts)}]e-{AmountScale}, "
                + $"{Reductions.Length} reductions [{string.Join("; ", Reductions.Take(12).Select(r => $"{r.Kind}:{r.Item}@{r.Day} {r.Units}e-{r.Scale} d{r.DiscountUnits}"))}{(Reductions.Length > 12 ? "; …" : string.Empty)}]";

        public CustomerAccount Account()
        {
            var eur = Currency.EUR;
            var customer = new CustomerProfile("C-1", "Talleres Ruiz S.L.", Language.FromTag("es-ES"), DateTimeZoneProviders.Tzdb["Europe/Madrid"], "ES");
            // The ledger takes whole minor units; a direct snapshot any scale.
            var items = Dues.Select((d, i) => (Id: $"F-{i}/0", Due: Start.PlusDays(d), Amount: Units(Amounts[i], Direct ? AmountScale : 2))).ToArray();
            if (Direct)
            {
                var accountItems = items.Select(x => new AccountItem(x.Id, x.Id[..^2], 0, Start.PlusDays(-30), x.Due, Money.Of(x.Amount, eur))).ToImmutableArray();
                var payments = Reductions.Select((r, k) =>
                {
                    var principal = Units(r.Units, r.Scale);
                    var allocation = new PaymentAllocation(items[r.Item].Id, Money.Zero(eur), Money.Zero(eur), Money.Of(principal, eur), Money.Of(Units(r.DiscountUnits, 2), eur));
                    return new AccountPayment($"P{k}", items[r.Item].Due.PlusDays(r.Day), Money.Of(principal + 0.01m, eur), "transfer", ImmutableArray.Create(allocation));
                }).ToImmutableArray();
                return new CustomerAccount("ACC-1", eur, customer, accountItems, payments);
            }

            var account = CustomerAccount.Open("ACC-1", eur, customer);
            foreach (var x in items)
            {
                account = account.Apply(new ItemAdded(new AccountItem(x.Id, x.Id[..^2], 0, Start.PlusDays(-30), x.Due, Money.Of(x.Amount, eur))));
            }

            int k = 0;
            foreach (var r in Reductions)
            {
                var on = items[r.Item].Due.PlusDays(r.Day);
                var cents = Math.Max(1m, Math.Round(Units(r.Units, r.Scale) * 100m)) / 100m;
                AccountEvent e = r.Kind switch
                {
                    0 => new PaymentReceived($"P{k}", on, Money.Of(cents, eur), AllocationStrategy.OldestDueFirst),
                    1 => new PaymentReceived($"P{k}", on, Money.Of(cents, eur), AllocationStrategy.Proportional),
                    2 => new CreditNoteIssued($"NC{k}", on, items[r.Item].Id, Money.Of(cents, eur)),
                    _ => new UnappliedCreditApplied($"AC{k}", on, AllocationStrategy.OldestDueFirst),
                };
                k++;
                try
                {
                    account = account.Apply(e);
                }
                catch (ArgumentException)
                {
                    // Not applicable to this account (more credit than owed, no unapplied credit): the ledger refuses it.
                }
            }

            if (PostedThrough > 0)
            {
                var item = items[Item];
                try
                {
                    account = account.Apply(new InterestPosted(item.Id, item.Due.PlusDays(PostedThrough), item.Due.PlusDays(PostedThrough), Money.Of(1.23m, eur)));
                }
                catch (ArgumentException)
                {
                    // The item is settled: nothing to post to.
                }
            }

            return account;
        }

        public LocalDate AsOfDate() => Start.PlusDays(Dues[Item] + AsOf);

        /// <summary><paramref name="units"/> (a whole number) at exactly <paramref name="scale"/> decimals: 12345 at 2 is 123.45, 100 at 2 is 1.00.</summary>
        private static decimal Units(decimal units, int scale)
        {
            int[] bits = decimal.GetBits(Math.Abs(units));
            return new decimal(bits[0], bits[1], bits[2], false, (byte)scale);
        }
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases()
        {
            Gen<Reduction> reduction =
                from item in Gen.Choose(0, 2)
                from day in Gen.Frequency((6, Gen.Choose(1, 120)), (1, Gen.Choose(-20, 0)))
                from units in Gen.Frequency((5, Gen.Choose(1, 2_000_000).Select(x => (long)x)), (1, Gen.Choose(0, 50).Select(x => (long)x)))
                from scale in Gen.Frequency((5, Gen.Constant(2)), (1, Gen.Choose(0, 5)))
                from discount in Gen.Frequency((6, Gen.Constant(0L)), (1, Gen.Choose(1, 5_000).Select(x => (long)x)))
                from kind in Gen.Frequency((6, Gen.Constant(0)), (2, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
                select new Reduction(item, day, units, scale, discount, kind);
            Gen<Case> gen =
                from direct in Gen.Elements(false, true)
                from itemCount in Gen.Choose(1, 3)
                from dues in Gen.ArrayOf(Gen.Choose(0, 90), itemCount)
                from huge in Gen.Frequency((12, Gen.Constant(false)), (1, Gen.Constant(true)))
                from amounts in Gen.ArrayOf(Gen.Choose(1, 50_000_000).Select(x => huge ? x * 100_000_000_000_000m : x), itemCount)
                from amountScale in Gen.Frequency((5, Gen.Constant(2)), (1, Gen.Choose(0, 4)))
                from count in Gen.Frequency((4, Gen.Choose(0, 8)), (1, Gen.Choose(60, 130)))
                from reductions in Gen.ArrayOf(reduction, count)
                from posted in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 150)))
                from terms in Gen.Choose(0, TermsSet.Length - 1)
                from asOf in Gen.Frequency((6, Gen.Choose(1, 240)), (1, Gen.Choose(-10, 0)), (1, Gen.Choose(300, 700)))
                from item in Gen.Choose(0, itemCount - 1)
                select new Case(direct, dues, amounts, amountScale, reductions.Where(r => r.Item < itemCount).ToArray(), posted, terms, asOf, item);
            return Arb.From(gen);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 400)]
    public void For_RandomAccounts_MatchTheReferenceBitForBit(Case scenario)
    {
        var account = scenario.Account();
        string itemId = account.Items[Math.Min(scenario.Item, account.Items.Length - 1)].Id;
        var asOf = scenario.AsOfDate();
        var terms = TermsSet[scenario.Terms];
        ItemAccrual? expected = null, actual = null;
        Exception? expectedError = null, actualError = null;
        try
        {
            expected = ReferenceAccountInterest.For(account, itemId, asOf, terms);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or ReferenceRateUnavailableException)
        {
            expectedError = e;
        }

        try
        {
            actual = AccountInterest.For(account, itemId, asOf, terms);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or ReferenceRateUnavailableException)
        {
            actualError = e;
        }

        if (expectedError is not null)
        {
            Assert.True(actualError is not null, $"{scenario}: the reference threw {expectedError.GetType().Name}: {expectedError.Message}; the fast path returned {actual}");
            Assert.Equal(expectedError.GetType(), actualError!.GetType());
            Assert.Equal(expectedError.Message, actualError.Message);
            return;
        }

        Assert.True(actualError is null, $"{scenario}: the fast path threw {actualError}");
        Assert.Equal(Exact(expected!.Accrued), Exact(actual!.Accrued));
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// Every item due the same day (so <see cref="AccountInterest.ForItems"/> resolves the rates once and shares the
    /// schedule, issue 13 figures): each accrual equals the reference's for that item alone, or both throw the same.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void ForItems_ItemsDueTheSameDay_MatchTheReferenceBitForBit(Case scenario)
    {
        var shared = scenario with { Dues = scenario.Dues.Select(_ => scenario.Dues[0]).ToArray() };
        var account = shared.Account();
        var asOf = shared.AsOfDate();
        var terms = TermsSet[shared.Terms];
        var expected = new List<ItemAccrual>();
        Exception? expectedError = null, actualError = null;
        ImmutableArray<ItemAccrual> actual = default;
        try
        {
            foreach (var item in account.Items)
            {
                expected.Add(ReferenceAccountInterest.For(account, item.Id, asOf, terms));
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or ReferenceRateUnavailableException)
        {
            expectedError = e;
        }

        try
        {
            actual = AccountInterest.ForItems(account, asOf, terms);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or ReferenceRateUnavailableException)
        {
            actualError = e;
        }

        if (expectedError is not null)
        {
            Assert.True(actualError is not null, $"{shared}: the reference threw {expectedError.GetType().Name}: {expectedError.Message}; ForItems returned");
            Assert.Equal(expectedError.GetType(), actualError!.GetType());
            Assert.Equal(expectedError.Message, actualError.Message);
            return;
        }

        Assert.True(actualError is null, $"{shared}: ForItems threw {actualError}");
        Assert.Equal(expected.Count, actual.Length);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Exact(expected[i].Accrued), Exact(actual[i].Accrued));
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void For_BenchmarkAccount_MatchesTheReference()
    {
        // The account of EscalationInterestBenchmarks: 100 000,00 € due 01/09/2025, 100 payments of 100,00 € over the
        // 60 days after it, Spanish preset, accrued on 01/12/2025 (the legal notice's date).
        var eur = Currency.EUR;
        var due = new LocalDate(2025, 9, 1);
        var payments = Enumerable.Range(0, 100).Select(i => new AccountPayment($"P{i}", due.PlusDays(1 + (i * 60 / 100)), Money.Of(100m, eur), "transfer",
            ImmutableArray.Create(new PaymentAllocation("I0", Money.Zero(eur), Money.Zero(eur), Money.Of(100m, eur), Money.Zero(eur))))).ToImmutableArray();
        var item = new AccountItem("I0", "F-0", 0, due.PlusDays(-30), due, Money.Of(100_000m, eur), principalPaid: Money.Of(10_000m, eur));
        var account = new CustomerAccount("ACC-1", eur, new CustomerProfile("C-1", "Talleres Ruiz S.L.", Language.FromTag("es-ES"), DateTimeZoneProviders.Tzdb["Europe/Madrid"], "ES"),
            ImmutableArray.Create(item), payments);
        var terms = TermsSet[0];
        var expected = ReferenceAccountInterest.For(account, "I0", due.PlusDays(91), terms);
        var actual = AccountInterest.For(account, "I0", due.PlusDays(91), terms);
        Assert.True(expected.Accrued.IsPositive);
        Assert.Equal(Exact(expected.Accrued), Exact(actual.Accrued));
        Assert.Equal(expected, actual);
    }

    /// <summary>Mantissa, scale and currency: decimal equality alone would accept 1.0 for 1.00.</summary>
    private static string Exact(Money money) => $"{string.Join(",", decimal.GetBits(money.Amount))} {money.Currency.Code}";
}
