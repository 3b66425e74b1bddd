using System;
using System.Linq;
using Cobranza.Core.Receivables;
using static Cobranza.Core.Tests.Receivables.LedgerFixture;

namespace Cobranza.Core.Tests.Receivables;

public sealed class LedgerAllocationTests
{
    [Fact]
    public void Apply_OldestDueFirst_PaysOldestItemFirst()
    {
        var account = TwoItems().Apply(Pay("TR-1", D(2026, 3, 15), 100m));
        var a = Get(account, "A");
        Assert.Equal(Eur(100m), a.PrincipalPaid);
        Assert.Equal(Eur(0m), Get(account, "B").FeesPaid);
        Assert.Equal(Eur(900m), a.Outstanding);
    }

    [Fact]
    public void Apply_CostsAndInterestFirst_PaysFeesThenInterestBeforeAnyPrincipal()
    {
        // Código Civil art. 1173: "Si la deuda produce interés, no podrá estimarse hecho el pago por cuenta del
        // capital mientras no estén cubiertos los intereses." Costs first, then interest, then principal: B's 40.00
        // fee and 10.00 interest are paid before A's (older) principal receives the remaining 50.00.
        var account = TwoItems().Apply(Pay("TR-1", D(2026, 3, 15), 100m, AllocationStrategy.CostsAndInterestFirst));
        var b = Get(account, "B");
        Assert.Equal((Eur(40m), Eur(10m), Eur(0m)), (b.FeesPaid, b.InterestPaid, b.PrincipalPaid));
        Assert.Equal(Eur(50m), Get(account, "A").PrincipalPaid);
        var allocations = account.Payments[0].Allocations;
        Assert.Equal(["B", "A"], allocations.Select(x => x.ItemId));
    }

    [Fact]
    public void Apply_OldestDueFirst_WithinItemFeesThenInterestThenPrincipal()
    {
        // Art. 1173 within an item: 45.00 on B alone (A settled first) goes 40.00 to the fee, 5.00 to interest.
        var account = TwoItems()
            .Apply(Pay("TR-1", D(2026, 3, 15), 1000m))
            .Apply(Pay("TR-2", D(2026, 3, 16), 45m));
        var b = Get(account, "B");
        Assert.Equal((Eur(40m), Eur(5m), Eur(0m)), (b.FeesPaid, b.InterestPaid, b.PrincipalPaid));
        Assert.True(Get(account, "A").IsSettled);
    }

    [Fact]
    public void Apply_Proportional_SplitsByOutstandingWithExactCents()
    {
        // Código Civil art. 1174: debts of the same nature are paid pro rata. Three items of 100.00: 100.00 splits
        // 33.34 + 33.33 + 33.33 (largest remainder, Money.Allocate), adding up to the cent.
        var account = Empty()
            .Apply(Item("A", D(2026, 1, 1), D(2026, 1, 31), 100m))
            .Apply(Item("B", D(2026, 1, 1), D(2026, 1, 31), 100m))
            .Apply(Item("C", D(2026, 1, 1), D(2026, 1, 31), 100m))
            .Apply(Pay("TR-1", D(2026, 2, 5), 100m, AllocationStrategy.Proportional));
        var paid = account.Items.Select(i => i.PrincipalPaid.Amount).ToArray();
        Assert.Equal(100m, paid.Sum());
        Assert.All(paid, p => Assert.InRange(p, 33.33m, 33.34m));
    }

    [Fact]
    public void Apply_Proportional_ThreeToOne()
    {
        var account = Empty()
            .Apply(Item("A", D(2026, 1, 1), D(2026, 1, 31), 300m))
            .Apply(Item("B", D(2026, 1, 1), D(2026, 2, 28), 100m))
            .Apply(Pay("TR-1", D(2026, 2, 5), 100m, AllocationStrategy.Proportional));
        Assert.Equal((Eur(75m), Eur(25m)), (Get(account, "A").PrincipalPaid, Get(account, "B").PrincipalPaid));
    }

    [Fact]
    public void Apply_Explicit_PaysNamedItemsAndLeavesRestAsCredit()
    {
        // Código Civil art. 1172: the debtor may declare, when paying, which debt the payment is for. Within the
        // item art. 1173 still applies: 40.00 fee, 10.00 interest, 30.00 principal.
        var account = TwoItems().Apply(PayExplicit("TR-1", D(2026, 3, 15), 100m, ("B", 80m)));
        var b = Get(account, "B");
        Assert.Equal((Eur(40m), Eur(10m), Eur(30m)), (b.FeesPaid, b.InterestPaid, b.PrincipalPaid));
        Assert.Equal(Eur(0m), Get(account, "A").PrincipalPaid);
        Assert.Equal(Eur(20m), account.UnappliedCredit);
        Assert.Equal(Eur(20m), account.Payments[0].Unapplied);
    }

    [Fact]
    public void Apply_ExplicitOverNamed_ThrowsNamingBothAmounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => TwoItems().Apply(PayExplicit("TR-1", D(2026, 3, 15), 600m, ("B", 600m))));
        Assert.Equal("payment 'TR-1' names 600.00 EUR for item 'B' but the item owes 550.00 EUR. (Parameter 'Allocations')", ex.Message);
    }

    [Fact]
    public void Apply_ExplicitNamesMoreThanPaid_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TwoItems().Apply(PayExplicit("TR-1", D(2026, 3, 15), 100m, ("A", 90m), ("B", 20m))));
        Assert.Equal("payment 'TR-1' names 110.00 EUR in Allocations but only 100.00 EUR is available. (Parameter 'Allocations')", ex.Message);
    }

    [Fact]
    public void Apply_ExplicitWithoutItems_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TwoItems().Apply(Pay("TR-1", D(2026, 3, 15), 100m, AllocationStrategy.Explicit)));
        Assert.Equal("payment 'TR-1' uses the Explicit strategy but names no items (Allocations is empty). (Parameter 'Allocations')", ex.Message);
    }

    [Fact]
    public void Apply_OverPayment_BecomesUnappliedCredit()
    {
        var account = TwoItems().Apply(Pay("TR-1", D(2026, 3, 15), 2000m));
        Assert.All(account.Items, i => Assert.True(i.IsSettled));
        Assert.Equal(Eur(450m), account.UnappliedCredit); // 2 000 − (1 000 + 500 + 40 + 10)
        Assert.Equal(account.Payments[0].Amount, account.Payments[0].Applied + account.Payments[0].Unapplied);
        Assert.Equal(Eur(0m), account.Outstanding);
    }

    [Fact]
    public void Apply_DisputedItem_SkippedByAutomaticStrategiesButPayableExplicitly()
    {
        var disputed = TwoItems().Apply(new DisputeOpened("A", new ItemDispute(D(2026, 3, 1), "Mercancía defectuosa")));
        var automatic = disputed.Apply(Pay("TR-1", D(2026, 3, 15), 100m));
        Assert.Equal(Eur(0m), Get(automatic, "A").PrincipalPaid);
        Assert.Equal(Eur(40m), Get(automatic, "B").FeesPaid);
        var named = disputed.Apply(PayExplicit("TR-1", D(2026, 3, 15), 100m, ("A", 100m)));
        Assert.Equal(Eur(100m), Get(named, "A").PrincipalPaid);
    }

    [Fact]
    public void Apply_UnappliedCreditApplied_PaysNewItem()
    {
        var account = Empty()
            .Apply(Item("A", D(2026, 1, 1), D(2026, 1, 31), 100m))
            .Apply(Pay("TR-1", D(2026, 1, 20), 150m))
            .Apply(Item("B", D(2026, 2, 1), D(2026, 3, 3), 80m));
        Assert.Equal(Eur(50m), account.UnappliedCredit);
        var applied = account.Apply(new UnappliedCreditApplied("CA-1", D(2026, 2, 2), AllocationStrategy.OldestDueFirst));
        Assert.Equal(Eur(50m), Get(applied, "B").PrincipalPaid);
        Assert.Equal(Eur(0m), applied.UnappliedCredit);
        Assert.Equal(Eur(30m), applied.Outstanding);
        Assert.Single(applied.CreditApplications);
    }

    [Fact]
    public void Apply_UnappliedCreditWhenNone_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TwoItems().Apply(new UnappliedCreditApplied("CA-1", D(2026, 2, 2), AllocationStrategy.OldestDueFirst)));
        Assert.Equal("account 'ACC-1' has no unapplied credit to apply (was 0.00 EUR). (Parameter 'Amount')", ex.Message);
    }
}
