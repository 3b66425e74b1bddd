using System.Linq;
using Cobranza.Core.Receivables;
using Cobranza.Testing.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cobranza.Core.Tests.Running;

public sealed class ArbitrariesProperties
{
    [Property(MaxTest = 100, Arbitrary = [typeof(CobranzaArbitraries)])]
    public void Accounts_Generated_OutstandingIsSumOfItems(CustomerAccount account)
        => Assert.Equal(account.Items.Sum(i => i.Amount.Amount), account.Outstanding.Amount);

    [Property(MaxTest = 100, Arbitrary = [typeof(CobranzaArbitraries)])]
    public void DateRanges_Generated_StartNotAfterEnd(DateRange range) => Assert.True(range.Start <= range.End);

    [Property(MaxTest = 100)]
    public Property BalanceHistory_Generated_NeverNegativeAndWholeMinorUnits()
        => Prop.ForAll(CobranzaArbitraries.BalanceHistoryGen(Currency.EUR).ToArbitrary(), history =>
        {
            decimal balance = 0m;
            foreach (var change in history)
            {
                balance += change.Amount.Amount;
                Assert.True(balance >= 0m);
                Assert.Equal(decimal.Round(change.Amount.Amount, 2), change.Amount.Amount);
            }
        });
}
