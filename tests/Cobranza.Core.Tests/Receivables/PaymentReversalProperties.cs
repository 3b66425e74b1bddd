using System;
using System.Linq;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Cobranza.Core.Tests.Receivables.LedgerFixture;
using static Cobranza.Core.Tests.Receivables.LedgerProperties;

namespace Cobranza.Core.Tests.Receivables;

public sealed class PaymentReversalProperties
{
    private static readonly NodaTime.LocalDate ReturnDay = PayDay.PlusDays(3);

    /// <summary>A ledger case, which of its payments is reversed, and whether a fee is charged (to which item) between the payment and its reversal.</summary>
    public sealed record ReversalCase(LedgerCase Ledger, int Reversed, int? FeeOn)
    {
        public override string ToString() => $"{Ledger}, reverse TR-{Reversed}, fee on {(FeeOn is { } i ? $"F-{i}/0" : "none")}";
    }

    private static Gen<ReversalCase> Cases(Gen<LedgerCase> ledgers)
        => from c in ledgers
           from reversed in Gen.Choose(0, c.Payments.Length - 1)
           from fee in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, c.Account.Items.Length - 1).Select(i => (int?)i)))
           select new ReversalCase(c, reversed, fee);

    public static class Arbitraries
    {
        public static Arbitrary<ReversalCase> Reversals()
            => Cases(Gen.OneOf(LedgerProperties.Arbitraries.Ledgers().Generator, LedgerProperties.Arbitraries.WithDiscounts())).ToArbitrary();
    }

    private static CustomerAccount PayFirst(LedgerCase c, int count)
    {
        var account = c.Account;
        for (int k = 0; k < count; k++)
        {
            account = account.Apply(Pay($"TR-{k}", PayDay, c.Payments[k], c.Strategy));
        }

        return account;
    }

    private static FeeCharged? Fee(ReversalCase r)
        => r.FeeOn is { } i ? new FeeCharged($"RETURN/{i}", PayDay.PlusDays(1), $"F-{i}/0", Eur(3.50m), "Gastos de devolución") : null;

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_PaymentThenItsReversal_SameAsNeverApplied(ReversalCase r)
    {
        // Earlier payments stand; P = TR-{Reversed} is applied, an unrelated fee may follow, then P is reversed.
        var before = PayFirst(r.Ledger, r.Reversed);
        var fee = Fee(r);
        var never = fee is null ? before : before.Apply(fee);
        var withP = before.Apply(Pay($"TR-{r.Reversed}", PayDay, r.Ledger.Payments[r.Reversed], r.Ledger.Strategy));
        var reversed = (fee is null ? withP : withP.Apply(fee)).Apply(new PaymentReversed($"TR-{r.Reversed}", ReturnDay, "Devolución"));

        Assert.Equal(never.Items.Length, reversed.Items.Length);
        for (int i = 0; i < never.Items.Length; i++)
        {
            var (a, b) = (never.Items[i], reversed.Items[i]);
            Assert.Equal(
                (a.Id, a.PrincipalPaid, a.InterestPaid, a.FeesPaid, a.DiscountTaken, a.FeesCharged, a.InterestCharged, a.Outstanding, a.SettledOn),
                (b.Id, b.PrincipalPaid, b.InterestPaid, b.FeesPaid, b.DiscountTaken, b.FeesCharged, b.InterestCharged, b.Outstanding, b.SettledOn));
        }

        Assert.Equal((never.Outstanding, never.UnappliedCredit), (reversed.Outstanding, reversed.UnappliedCredit));
        Assert.Equal(never.Payments.Select(p => p.Reference), reversed.Payments.Select(p => p.Reference));
        Assert.Equal($"TR-{r.Reversed}", Assert.Single(reversed.Reversals).Reference);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_Reversal_OtherPaymentsUnchanged(ReversalCase r)
    {
        var account = PayFirst(r.Ledger, r.Ledger.Payments.Length);
        var reversed = account.Apply(new PaymentReversed($"TR-{r.Reversed}", ReturnDay, "Devolución"));
        var others = account.Payments.Where(p => p.Reference != $"TR-{r.Reversed}").ToArray();
        Assert.Equal(others.Length, reversed.Payments.Length);
        for (int k = 0; k < others.Length; k++)
        {
            Assert.Same(others[k], reversed.Payments[k]);
        }

        // What the other payments applied is still on the items: per item, paid figures = the sum of the standing allocations.
        foreach (var item in reversed.Items)
        {
            var allocations = reversed.Payments.SelectMany(p => p.Allocations).Where(a => a.ItemId == item.Id).ToArray();
            Assert.Equal(allocations.Sum(a => a.Principal.Amount), item.PrincipalPaid.Amount);
            Assert.Equal(allocations.Sum(a => a.Interest.Amount), item.InterestPaid.Amount);
            Assert.Equal(allocations.Sum(a => a.Fees.Amount), item.FeesPaid.Amount);
            Assert.Equal(allocations.Sum(a => a.Discount.Amount), item.DiscountTaken.Amount);
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_Reversal_OutstandingGrowsByAppliedPlusDiscountAndCreditShrinksByUnapplied(ReversalCase r)
    {
        var account = PayFirst(r.Ledger, r.Ledger.Payments.Length);
        var payment = account.Payments[r.Reversed];
        var reversed = account.Apply(new PaymentReversed(payment.Reference, ReturnDay, "Devolución"));
        decimal discount = payment.Allocations.Sum(a => a.Discount.Amount);

        Assert.Equal(account.Outstanding.Amount + payment.Applied.Amount + discount, reversed.Outstanding.Amount);
        Assert.Equal(account.UnappliedCredit - payment.Unapplied, reversed.UnappliedCredit);
        Assert.All(reversed.Items, i => Assert.Equal(i.Outstanding.IsZero, i.IsSettled));

        // The ledger identity still holds with the standing payments, and the statement closes on it.
        decimal invoiced = reversed.Items.Sum(i => i.Amount.Amount);
        decimal charged = reversed.Charges.Sum(x => x.Amount.Amount);
        decimal paid = reversed.Payments.Sum(p => p.Amount.Amount) - reversed.UnappliedCredit.Amount;
        decimal credited = reversed.Credits.Sum(x => x.Amount.Amount);
        decimal discounts = reversed.Payments.Sum(p => p.Allocations.Sum(a => a.Discount.Amount));
        Assert.Equal(invoiced + charged - paid - credited - discounts, reversed.Outstanding.Amount);
        var statement = StatementOfAccount.Create(reversed, D(2026, 1, 1), ReturnDay);
        Assert.Equal(reversed.Outstanding - reversed.UnappliedCredit, statement.ClosingBalance);
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Arbitraries)])]
    public void Apply_SameReversalTwice_ChangesNothing(ReversalCase r)
    {
        var once = PayFirst(r.Ledger, r.Ledger.Payments.Length).Apply(new PaymentReversed($"TR-{r.Reversed}", ReturnDay, "Devolución"));
        Assert.Same(once, once.Apply(new PaymentReversed($"TR-{r.Reversed}", ReturnDay, "Devolución")));
    }
}
