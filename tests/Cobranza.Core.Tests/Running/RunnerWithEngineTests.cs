using System.Threading.Tasks;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing;
using Cobranza.Testing.InMemory;
using NodaTime;

namespace Cobranza.Core.Tests.Running;

public sealed class RunnerWithEngineTests
{
    [Fact]
    public async Task RunCycle_DefaultPolicyOneInTenDueInThreeDays_OnePreDueNoticeEach()
    {
        // The benchmark's portfolio in small: 2026-03-02 10:00 UTC (Monday); 1 in 10 accounts due 2026-03-05, i.e. at
        // the default policy's "pre-due" offset −3 (/tmp/escalation-keys.md), the rest due 2026-06-30.
        var at = Instant.FromUtc(2026, 3, 2, 10, 0);
        var store = new InMemoryReceivableStore();
        for (int i = 0; i < 200; i++)
        {
            store.Put(TestData.Account($"ACC-{i:D4}", i % 10 == 0 ? new LocalDate(2026, 3, 5) : new LocalDate(2026, 6, 30), Money.Of(100m, Currency.EUR)), at);
        }

        var sender = new InMemoryNotificationSender();
        var runner = new CollectionRunner(store, new InMemoryCollectionJournal(), new PolicyAccountEvaluator(new EscalationEngine(BuiltInCalendarProvider.Instance), EscalationPolicyRegistry.DefaultOnly),
            new PlainTextNoticeRenderer(), sender, [new InMemoryActionHandler()]);
        var summary = await runner.RunCycleAsync(at, RunOptions.Default);

        Assert.Equal(200, summary.AccountsEvaluated);
        Assert.Equal(20, summary.CountOf("pre-due", RunOutcome.Dispatched));
        Assert.Equal(20, summary.CountOf(RunOutcome.Dispatched));
        Assert.Equal(20, sender.Sent.Length);
        Assert.All(summary.Counts, c => Assert.Equal(RunOutcome.Dispatched, c.Outcome));
        Assert.True(store.GetNextEvaluation("ACC-0001") > at);
    }
}
