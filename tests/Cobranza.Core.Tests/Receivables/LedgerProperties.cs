using System;
using System.Collections.Generic;
using System.Linq;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Cobranza.Core.Tests.Receivables.LedgerFixture;

namespace Cobranza.Core.Tests.Receivables;

public sealed class LedgerProperties
{
    /// <summary>An account (items, fees, interest, a credit note, a dispute) and payments to apply to it.</summary>
    public sealed record LedgerCase(CustomerAccount Account, decimal[] Payments, AllocationStrategy Strategy)
    {
        public override string ToString()
            => $"{Strategy}: items [{string.Join(", ", Account.Items.Select(i => $"{i.Id} {i.DueDate:MM-dd} {i.Outstanding}{(i.IsDisputed ? " disputed" : "")}"))}], payments [{string.Join(", ", Payments)}]";
    }

    public static class Arbitraries
    {
        private static Gen<(int Due, int Cents, int Fee, int Interest, int Credit, bool Disputed)> ItemGen()
            => from due in Gen.Choose(0, 120)
               from cents in Gen.Frequency((3, Gen.Choose(1, 100_000)), (1, Gen.Choose(1, 300)))
               from fee in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 5_000)))
               from interest in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 3_000)))
               from credit in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 100)))
               from disputed in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
               select (due, cents, fee, interest, credit, disputed);

        private static Gen<LedgerCase> Cases(bool discounts)
            => from n in Gen.Choose(1, 8)
               from items in Gen.ArrayOf(ItemGen(), n)
               from payments in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(1, 60_000)), (1, Gen.Choose(1, 500))), n + 1)
               from strategy in Gen.Elements(AllocationStrategy.OldestDueFirst, AllocationStrategy.CostsAndInterestFirst, AllocationStrategy.Proportional)
               select new LedgerCase(Build(items), payments.Take(Math.Max(1, payments.Length - 1)).Select(p => p / 100m).ToArray(), strategy);

        internal static CustomerAccount Build((int Due, int Cents, int Fee, int Interest, int Credit, bool Disputed)[] items)
        {
            var account = Empty();
            var start = D(2026, 1, 1);
            for (int i = 0; i < items.Length; i++)
            {
                var (due, cents, fee, interest, credit, disputed) = items[i];
                string id = $"F-{i}/0";
                var dueDate = start.PlusDays(due);
                account = account.Apply(Item(id, start, dueDate, cents / 100m));
                if (fee > 0)
                {
                    account = account.Apply(new FeeCharged($"FEE/{id}", dueDate.PlusDays(1), id, Eur(fee / 100m), "Gastos"));
                }

                if (interest > 0)
                {
                    account = account.Apply(new InterestPosted(id, dueDate.PlusDays(5), dueDate.PlusDays(5), Eur(interest / 100m)));
                }

                if (credit > 0 && credit <= cents)
                {
                    account = account.Apply(new CreditNoteIssued($"NC-{i}", start.PlusDays(2), id, Eur(credit / 100m)));
                }

                // A credit note for the whole amount settles the item, and a settled item cannot be disputed.
                if (disputed && account.TryGetItem(id, out var current) && !current.IsSettled)
                {
                    account = account.Apply(new DisputeOpened(id, new ItemDispute(start.PlusDays(3), "Disputa")));
                }
            }

            return account;
        }

        public static Arbitrary<LedgerCase> Ledgers() => Cases(false).ToArbitrary();

        /// <summary>Like <see cref="Ledgers"/>, but every item offers 2 % (rounded to the cent) until the payment day.</summary>
        public static Gen<LedgerCase> WithDiscounts()
            => from c in Cases(false)
               from strategy in Gen.Elements(AllocationStrategy.OldestDueFirst, AllocationStrategy.CostsAndInterestFirst)
               select c with { Account = AddDiscounts(c.Account), Strategy = strategy };

        private static CustomerAccount AddDiscounts(CustomerAccount account)
        {
            // Rebuild the items with discount terms (the other figures unchanged): a snapshot, not an event.
            var tier = Cobranza.Core.Discounts.DiscountTier.PercentWithinDays(2m, 10);
            var items = account.Items.Select(i =>
            {
                var discount = Money.Of(Math.Round(i.Amount.Amount * 0.02m, 2, MidpointRounding.AwayFromZero), i.Currency);
                return new AccountItem(
                    i.Id, i.InvoiceId, i.PortionIndex, i.IssueDate, i.DueDate, i.Amount, i.PrincipalPaid, i.Credited, i.DiscountTaken,
                    i.InterestCharged, i.InterestPaid, i.FeesCharged, i.FeesPaid, i.SettledOn, i.Dispute)
                {
                    DiscountTerms = discount.IsPositive ? [new Cobranza.Core.Discounts.ScheduledDiscount(0, tier, PayDay, discount)] : [],
                    InterestPostedThrough = i.InterestPostedThrough,
                };
            });
            return new CustomerAccount(account.Id, account.Currency, account.Customer, [.. items], account.Payments, account.UnappliedCredit)
            {
                Credits = account.Credits,
                Charges = account.Charges,
            };
        }
    }

    internal static readonly NodaTime.LocalDate PayDay = D(2026, 6, 1);

    private static CustomerAccount PayAll(LedgerCase c)
    {
        var account = c.Account;
        for (int k = 0; k < c.Payments.Length; k++)
        {
            account = account.Apply(Pay($"TR-{k}", PayDay, c.Payments[k], c.Strategy));
        }

        return account;
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_AnyStrategy_ConservesMoney(LedgerCase c)
    {
        var account = PayAll(c);
        decimal received = account.Payments.Sum(p => p.Amount.Amount);
        decimal allocated = account.Payments.Sum(p => p.Allocations.Sum(a => a.Total.Amount));
        Assert.Equal(received, allocated + account.UnappliedCredit.Amount);
        Assert.All(account.Payments, p => Assert.Equal(p.Amount, p.Applied + p.Unapplied));
        decimal paidOnItems = account.Items.Sum(i => i.PrincipalPaid.Amount + i.InterestPaid.Amount + i.FeesPaid.Amount);
        Assert.Equal(allocated, paidOnItems);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_AnyStrategy_NeverPaysAnItemMoreThanItOwes(LedgerCase c)
    {
        var account = c.Account;
        for (int k = 0; k < c.Payments.Length; k++)
        {
            var next = account.Apply(Pay($"TR-{k}", PayDay, c.Payments[k], c.Strategy));
            foreach (var a in next.Payments[^1].Allocations)
            {
                var before = Get(account, a.ItemId);
                Assert.True(a.Fees <= before.FeesOutstanding && a.Interest <= before.InterestOutstanding && a.Principal <= before.PrincipalOutstanding, $"{a} on {before}");
                Assert.False(before.IsDisputed, $"{a.ItemId} is disputed");
                Assert.False(a.Fees.IsNegative || a.Interest.IsNegative || a.Principal.IsNegative, a.ToString());
            }

            Assert.All(next.Items, i => Assert.False(i.Outstanding.IsNegative, i.ToString()));
            Assert.All(next.Items, i => Assert.Equal(i.Outstanding.IsZero, i.IsSettled));
            account = next;
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_OldestFirstOneLumpOrPiecesSameDay_SameItems(LedgerCase c)
    {
        var pieces = PayAll(c with { Strategy = AllocationStrategy.OldestDueFirst });
        var lump = c.Account.Apply(Pay("LUMP", PayDay, c.Payments.Sum()));
        Assert.Equal(lump.UnappliedCredit, pieces.UnappliedCredit);
        for (int i = 0; i < lump.Items.Length; i++)
        {
            var (a, b) = (lump.Items[i], pieces.Items[i]);
            Assert.Equal((a.PrincipalPaid, a.InterestPaid, a.FeesPaid, a.SettledOn), (b.PrincipalPaid, b.InterestPaid, b.FeesPaid, b.SettledOn));
        }
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_SamePaymentTwice_ChangesNothing(LedgerCase c)
    {
        var e = Pay("TR-X", PayDay, c.Payments[0], c.Strategy);
        var once = c.Account.Apply(e);
        Assert.Same(once, once.Apply(e));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Outstanding_Always_InvoicedPlusChargedMinusPaidCreditedDiscounted(LedgerCase c)
    {
        var account = PayAll(c);
        if (account.UnappliedCredit.IsPositive)
        {
            account = account.Apply(new UnappliedCreditApplied("CA", PayDay.PlusDays(1), AllocationStrategy.Proportional));
        }

        decimal invoiced = account.Items.Sum(i => i.Amount.Amount);
        decimal charged = account.Charges.Sum(x => x.Amount.Amount);
        decimal paid = account.Payments.Sum(p => p.Amount.Amount) - account.UnappliedCredit.Amount;
        decimal credited = account.Credits.Sum(x => x.Amount.Amount);
        decimal discounts = account.Payments.Sum(p => p.Allocations.Sum(a => a.Discount.Amount));
        Assert.Equal(invoiced + charged - paid - credited - discounts, account.Outstanding.Amount);
        var statement = StatementOfAccount.Create(account, D(2026, 1, 1), PayDay.PlusDays(1));
        Assert.Equal(account.Outstanding - account.UnappliedCredit, statement.ClosingBalance);
    }

    [Property(MaxTest = 200)]
    public Property Apply_WithDiscounts_DiscountAtMostTierAndMoneyConserved()
        => Prop.ForAll(Arbitraries.WithDiscounts().ToArbitrary(), c =>
        {
            var account = PayAll(c);
            foreach (var item in account.Items)
            {
                var tier = item.DiscountTerms.IsEmpty ? Eur(0m) : item.DiscountTerms[0].Amount;
                Assert.True(item.DiscountTaken <= tier, item.ToString());
                Assert.True(item.DiscountTaken.IsZero || item.IsSettled, $"{item} took a discount without settling");
            }

            decimal received = account.Payments.Sum(p => p.Amount.Amount);
            decimal allocated = account.Payments.Sum(p => p.Allocations.Sum(a => a.Total.Amount));
            Assert.Equal(received, allocated + account.UnappliedCredit.Amount);
            decimal discounts = account.Payments.Sum(p => p.Allocations.Sum(a => a.Discount.Amount));
            Assert.Equal(discounts, account.Items.Sum(i => i.DiscountTaken.Amount));
        });
}
