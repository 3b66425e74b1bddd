using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Escalation;

/// <summary>
/// Differential properties: the optimised <see cref="EscalationEngine"/> gives exactly what
/// <see cref="ReferenceEscalationEngine"/> (the engine before the performance work, frozen in tests) gives — every
/// decision field, amounts with their decimal scale, idempotency keys, explanations, NextEvaluationAt, and the same
/// exception when one is thrown — over generated accounts that exercise every fast path: day numbers (DST zones,
/// business-day triggers, repetitions, resets), amounts summed from mantissa and scale (mixed scales, partial
/// payments, interest, fees, amounts too large for 64 bits), amounts formatted in place, the quiet-window check
/// without a zone look-up, and one or several decisions.
/// </summary>
public sealed class EscalationDifferentialProperties
{
    private static readonly ReferenceEscalationEngine Reference = new(BuiltInCalendarProvider.Instance);

    private static readonly (string Zone, string? Calendar, string Language)[] Places =
    {
        ("Europe/Madrid", "ES", "es-ES"), ("America/Bogota", "CO", "es-CO"), ("America/Mexico_City", "MX", "en-US"),
        ("America/Santiago", null, "fr-FR"), ("Australia/Lord_Howe", null, "en"),
    };

    public sealed record Item(int DueOffset, long Units, int Scale, int PaidPercent, int InterestUnits, int FeeUnits, bool InterestPaid, int SettledDaysAgo, bool Disputed);

    public sealed record Promise(int MadeDaysAgo, int Days, int Percent, bool FirstItemOnly);

    public sealed record Case(
        int Place, int DayOfYear, int Minute, Item[] Items, int OptOut, int PolicyKind, int PriorDays, int SecondPriorDays, Promise? Promise, int HoldDays, bool Huge)
    {
        public LocalDate Today => new LocalDate(2026, 1, 1).PlusDays(DayOfYear);

        public CustomerAccount Account()
        {
            var (zone, calendar, language) = Places[Place];
            var customer = new CustomerProfile("C-1", "Talleres Ruiz S.L.", Language.FromTag(language), DateTimeZoneProviders.Tzdb[zone], calendar,
                PolicyKind == 4 ? ImmutableArray.Create("vip") : default,
                OptOut < 0 ? default : ImmutableArray.Create((NotificationChannel)OptOut));
            var items = new List<AccountItem>();
            var payments = new List<AccountPayment>();
            var eur = Currency.EUR;
            for (int i = 0; i < Items.Length; i++)
            {
                var spec = Items[i];
                var due = Today.PlusDays(spec.DueOffset);
                decimal amount = new decimal(unchecked((int)(uint)(ulong)spec.Units), unchecked((int)(uint)((ulong)spec.Units >> 32)), 0, false, (byte)spec.Scale);
                if (Huge && i == 0)
                {
                    amount = 123_456_789_012_345_678_901.5m; // a mantissa beyond 64 bits: the decimal fallback
                }

                decimal interest = spec.InterestUnits / 100m;
                decimal fees = spec.FeeUnits / 10m;
                string id = "I" + i;
                if (spec.SettledDaysAgo >= 0)
                {
                    var on = Today.PlusDays(-spec.SettledDaysAgo);
                    items.Add(new AccountItem(id, "F-" + id, 0, due.PlusDays(-30), due, Money.Of(amount, eur), principalPaid: Money.Of(amount, eur),
                        interestCharged: Money.Of(interest, eur), interestPaid: Money.Of(interest, eur), feesCharged: Money.Of(fees, eur), feesPaid: Money.Of(fees, eur),
                        settledOn: on));
                    payments.Add(EscalationFixtures.Payment("P" + i, on, amount, id));
                    continue;
                }

                decimal paid = decimal.Round(amount * spec.PaidPercent / 100m, 2, MidpointRounding.ToZero);
                if (paid >= amount)
                {
                    paid = 0m;
                }

                items.Add(new AccountItem(id, "F-" + id, 0, due.PlusDays(-30), due, Money.Of(amount, eur),
                    principalPaid: paid > 0m ? Money.Of(paid, eur) : null,
                    interestCharged: Money.Of(interest, eur), interestPaid: spec.InterestPaid ? Money.Of(interest, eur) : null,
                    feesCharged: Money.Of(fees, eur),
                    dispute: spec.Disputed ? new ItemDispute(due, "disputed") : null));
                if (paid > 0m)
                {
                    payments.Add(EscalationFixtures.Payment("P" + i, Today.PlusDays(-(i * 3) - 1), paid, id));
                }
            }

            var promises = new List<PaymentPromise>();
            if (Promise is { } p)
            {
                var made = Today.PlusDays(-p.MadeDaysAgo);
                promises.Add(new PaymentPromise("PR-1", made, made.PlusDays(p.Days), Money.Of(1m + p.Percent, eur),
                    p.FirstItemOnly ? ImmutableArray.Create("I0") : ImmutableArray<string>.Empty));
            }

            return new CustomerAccount("ACC-1", eur, customer, ImmutableArray.CreateRange(items), ImmutableArray.CreateRange(payments),
                promises: ImmutableArray.CreateRange(promises),
                legalHold: HoldDays == int.MinValue ? null : new LegalHold(Today.PlusDays(HoldDays), "court"));
        }

        public Instant Now(CustomerAccount account)
            => account.Customer.TimeZone.AtLeniently(Today.AtMidnight()).ToInstant().Plus(Duration.FromMinutes(Minute));

        public EscalationPolicy Policy => Policies[PolicyKind];

        public override string ToString()
            => $"{Places[Place].Zone} {Today:uuuu-MM-dd} +{Minute}min policy={PolicyKind} optOut={OptOut} prior={PriorDays}/{SecondPriorDays} huge={Huge} hold={HoldDays} promise={Promise} items=[{string.Join("; ", Items.Select(i => i.ToString()))}]";
    }

    internal static readonly EscalationPolicy[] Policies =
    {
        EscalationPolicies.Default,
        EscalationPolicies.CreateDefault(catchUp: CatchUpMode.All),
        EscalationPolicies.CreateDefault(scope: EscalationScope.Item, paymentEvents: new PaymentEventSettings(partialPaymentResetsStage: true)),
        EscalationPolicies.CreateDefault(
            quietRules: new QuietRules(new LocalTime(0, 30), new LocalTime(23, 45), businessDaysOnly: false, minimumGapHours: 0, oneNoticePerDay: false),
            paymentEvents: new PaymentEventSettings(partialPaymentResetsStage: true, windowDays: 30),
            suppressions: new SuppressionSettings(promiseGraceDays: 0, brokenPromiseStageId: "final", minimumBalances: ImmutableArray.Create(Money.Of(50m, Currency.EUR)))),
        BusinessDayPolicy(CatchUpMode.LatestOnly),
        BusinessDayPolicy(CatchUpMode.All),
        EscalationPolicies.CreateDefault(suspend: 20) with { Reinstatement = new ReinstatementSettings(ImmutableArray.Create(Money.Of(500m, Currency.EUR))) },
        BusinessDayPolicy(CatchUpMode.LatestOnly) with { Reinstatement = new ReinstatementSettings(ImmutableArray.Create(Money.Of(0.01m, Currency.EUR))) },
        EscalationPolicies.NoDunning,
        EscalationPolicies.CreateDefault(catchUp: CatchUpMode.OneStagePerRun),
        BusinessDayPolicy(CatchUpMode.OneStagePerRun),
    };

    /// <summary>Business-day triggers, repetitions, conditions (amount, items, segments) and an evening window.</summary>
    private static EscalationPolicy BusinessDayPolicy(CatchUpMode catchUp)
    {
        var stages = ImmutableArray.Create(
            new EscalationStage("soon", "Before the due date", StageTrigger.BusinessDays(-2), EscalationTone.Friendly,
                ImmutableArray.Create(EscalationAction.Notice(NotificationChannel.Sms, "reminder-before-due"))),
            new EscalationStage("late", "Late, repeated", StageTrigger.BusinessDays(1), EscalationTone.Friendly,
                ImmutableArray.Create(EscalationAction.Notice(NotificationChannel.Email, "reminder-due-today"), EscalationAction.Of(EscalationActionKind.ApplyLateFee)),
                repeat: new StageRepetition(3, 4)),
            new EscalationStage("firm", "Firm, over 100 EUR", StageTrigger.CalendarDays(12), EscalationTone.Firm,
                ImmutableArray.Create(EscalationAction.Notice(NotificationChannel.WhatsApp, "reminder-firm")),
                new StageConditions(ImmutableArray.Create(Money.Of(100m, Currency.EUR)), minOverdueItems: 2)),
            new EscalationStage("stop", "Stop work unless VIP", StageTrigger.BusinessDays(20), EscalationTone.Final,
                ImmutableArray.Create(EscalationAction.Of(EscalationActionKind.StopWork), EscalationAction.Task(NotificationChannel.PhoneCall, "task-call-customer")),
                new StageConditions(excludedSegments: ImmutableArray.Create("vip")), new StageRepetition(7, 3)),
            new EscalationStage("legal", "Legal", StageTrigger.CalendarDays(70), EscalationTone.Legal,
                ImmutableArray.Create(new EscalationAction(EscalationActionKind.LegalNotice, NotificationChannel.Letter, "notice-legal"))));
        return new EscalationPolicy("biz", 3, EscalationScope.Account, stages,
            new QuietRules(new LocalTime(17, 0), new LocalTime(21, 30), minimumGapHours: 6), catchUp,
            new PaymentEventSettings(acknowledgePartialPayments: false, channel: NotificationChannel.Sms), new SuppressionSettings(brokenPromiseStageId: "late"), Language.English);
    }

    public static class Arbitraries
    {
        private static readonly Gen<Item> Items =
            from due in Gen.Frequency((6, Gen.Choose(-130, 30)), (1, Gen.Choose(-400, -130)))
            from units in Gen.Frequency((5, Gen.Choose(1, 5_000_000).Select(x => (long)x)), (1, Gen.Choose(1, 1000).Select(x => x * 100_000_000L)))
            from scale in Gen.Frequency((6, Gen.Constant(2)), (1, Gen.Choose(0, 4)))
            from paid in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 99)))
            from interest in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 90_000)))
            from fee in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 400)))
            from interestPaid in Gen.Elements(false, true)
            from settled in Gen.Frequency((6, Gen.Constant(-1)), (1, Gen.Choose(0, 20)))
            from disputed in Gen.Frequency((8, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new Item(due, units, scale, paid, interest, fee, interestPaid, settled, disputed);

        private static readonly Gen<Promise?> Promises =
            Gen.Frequency(
                (4, Gen.Constant<Promise?>(null)),
                (1, from made in Gen.Choose(0, 30)
                    from days in Gen.Choose(0, 20)
                    from percent in Gen.Choose(0, 3000)
                    from first in Gen.Elements(false, true)
                    select (Promise?)new Promise(made, days, percent, first)));

        public static Arbitrary<Case> Cases() =>
            (from place in Gen.Choose(0, Places.Length - 1)
             from day in Gen.Frequency((4, Gen.Choose(0, 330)), (1, Gen.Elements(86, 87, 88, 296, 297, 298, 95, 96, 247, 248, 276, 277)))
             from minute in Gen.Frequency((4, Gen.Choose(0, 24 * 60 - 1)), (1, Gen.Elements(0, 1, 59, 60, 120, 179, 181, 1439)))
             from count in Gen.Choose(1, 6)
             from items in Gen.ArrayOf(Items, count)
             from optOut in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 3)))
             from policy in Gen.Choose(0, Policies.Length - 1)
             from prior in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 60)))
             from second in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 20)))
             from promise in Promises
             from hold in Gen.Frequency((8, Gen.Constant(int.MinValue)), (1, Gen.Choose(-5, 5)))
             from huge in Gen.Frequency((12, Gen.Constant(false)), (1, Gen.Constant(true)))
             select new Case(place, day, minute, items, optOut, policy, prior, second, promise, hold, huge)).ToArbitrary();
    }

    [Property(MaxTest = 400, Arbitrary = [typeof(Arbitraries)])]
    public void Evaluate_AnyAccount_SameResultAsTheReferenceEngine(Case c)
    {
        var account = c.Account();
        var now = c.Now(account);

        // A history as a scheduler would have left it: one or two earlier runs (of the reference engine), recorded.
        var history = CollectionHistory.Empty;
        if (c.PriorDays > 0 && c.SecondPriorDays > 0)
        {
            history = Prior(account, history, c.Policy, now.Minus(Duration.FromDays(c.PriorDays + c.SecondPriorDays)));
        }

        if (c.PriorDays > 0)
        {
            history = Prior(account, history, c.Policy, now.Minus(Duration.FromDays(c.PriorDays)));
        }

        var expected = Evaluate(Reference, account, history, c.Policy, now);
        var actual = Evaluate(EscalationFixtures.Engine, account, history, c.Policy, now);
        AssertSame(expected, actual, c);

        // The next evaluation it asks for gives the same answer too (another day number, often another offset).
        if (expected.Result?.NextEvaluationAt is { } next)
        {
            var later = EscalationFixtures.Record(history, expected.Result);
            AssertSame(Evaluate(Reference, account, later, c.Policy, next), Evaluate(EscalationFixtures.Engine, account, later, c.Policy, next), c);
        }

        // The same instant after the customer paid every overdue item today (items not yet due stay open): the blocks
        // and suspensions just recorded are reversed by both engines alike (issue 20: nothing overdue reinstates).
        if (expected.Result is { } done)
        {
            var paidDown = c with { Items = [.. c.Items.Select(i => i.DueOffset < 0 && i.SettledDaysAgo < 0 ? i with { SettledDaysAgo = 0 } : i)] };
            var paidAccount = paidDown.Account();
            var recorded = EscalationFixtures.Record(history, done);
            AssertSame(Evaluate(Reference, paidAccount, recorded, c.Policy, now), Evaluate(EscalationFixtures.Engine, paidAccount, recorded, c.Policy, now), paidDown);
        }
    }

    [Fact]
    public void Evaluate_BenchmarkAccount_SameResultAsTheReferenceEngine()
    {
        // The account of EscalationBenchmarks: 5 open items, default policy, 10 history entries, firm pending or done.
        var zone = DateTimeZoneProviders.Tzdb["Europe/Madrid"];
        var due = new LocalDate(2026, 4, 15);
        int[] offsets = { 0, 3, 10, 20, 25 };
        var items = offsets.Select((o, i) => new AccountItem($"I{i}", $"F-{i}", 0, due.PlusDays(o - 30), due.PlusDays(o), Money.Of(1000m + i, Currency.EUR))).ToArray();
        var account = EscalationFixtures.Account(new CustomerProfile("C-1", "Talleres Ruiz S.L.", Language.FromTag("es-ES"), zone, "ES"), items);
        var history = CollectionHistory.Empty;
        int fired = 0;
        foreach (int day in new[] { -3, 0, 1, 3, 5, 9, 16 })
        {
            var at = zone.AtStrictly(due.PlusDays(day).At(new LocalTime(11, 0))).ToInstant();
            var expected = Evaluate(Reference, account, history, EscalationPolicies.Default, at);
            AssertSame(expected, Evaluate(EscalationFixtures.Engine, account, history, EscalationPolicies.Default, at), $"day {day}");
            fired += expected.Result!.Decisions.Length;
            history = EscalationFixtures.Record(history, expected.Result);
        }

        Assert.True(fired >= 5, $"only {fired} decisions: the comparison would not cover the firing path"); // pre-due, due-today, call, firm, final (+ its charges)
    }

    private static CollectionHistory Prior(CustomerAccount account, CollectionHistory history, EscalationPolicy policy, Instant at)
        => Evaluate(Reference, account, history, policy, at).Result is { } result ? EscalationFixtures.Record(history, result) : history;

    internal static (EvaluationResult? Result, Exception? Error) Evaluate(IEscalationEngine engine, CustomerAccount account, CollectionHistory history, EscalationPolicy policy, Instant now)
    {
        try
        {
            return (engine.Evaluate(account, history, policy, now), null);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return (null, e);
        }
    }

    private static void AssertSame((EvaluationResult? Result, Exception? Error) expected, (EvaluationResult? Result, Exception? Error) actual, object context)
    {
        if (expected.Error is { } error)
        {
            Assert.True(actual.Error is not null, $"{context}: the reference threw {error.GetType().Name}: {error.Message}; the engine did not");
            Assert.Equal(error.GetType(), actual.Error!.GetType());
            Assert.Equal(error.Message, actual.Error.Message);
            return;
        }

        Assert.True(actual.Error is null, $"{context}: the engine threw {actual.Error}");
        var e = expected.Result!;
        var a = actual.Result!;
        Assert.Equal(e.NextEvaluationAt, a.NextEvaluationAt);
        Assert.Equal(e.Decisions.Length, a.Decisions.Length);
        for (int i = 0; i < e.Decisions.Length; i++)
        {
            var x = e.Decisions[i];
            var y = a.Decisions[i];
            Assert.Equal(x.Explanation, y.Explanation);
            Assert.Equal(x.IdempotencyKey, y.IdempotencyKey);
            Assert.Equal(Exact(x.PrincipalAmount), Exact(y.PrincipalAmount));
            Assert.Equal(Exact(x.OpenBalance), Exact(y.OpenBalance));
            Assert.Equal(Exact(x.InterestAmount), Exact(y.InterestAmount));
            Assert.Equal(Exact(x.FeeAmount), Exact(y.FeeAmount));
            Assert.Equal(x.ItemIds.ToArray(), y.ItemIds.ToArray());
            Assert.Equal(x.NotBefore, y.NotBefore);
            Assert.Equal(x.Settlement?.SettledBy, y.Settlement?.SettledBy);
            Assert.Equal(x.Settlement is null ? "-" : $"{Exact(x.Settlement.Paid)} {Exact(x.Settlement.Credited)} {Exact(x.Settlement.Remaining)}",
                y.Settlement is null ? "-" : $"{Exact(y.Settlement.Paid)} {Exact(y.Settlement.Credited)} {Exact(y.Settlement.Remaining)}");
            Assert.Equal(x, y); // every other field (EscalationDecision's value equality)
        }
    }

    /// <summary>Mantissa, scale and currency: decimal equality alone would accept 1.0 for 1.00.</summary>
    private static string Exact(Money money) => $"{string.Join(",", decimal.GetBits(money.Amount))} {money.Currency.Code}";
}
