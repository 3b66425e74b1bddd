using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Xunit;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

public sealed class EscalationProperties
{
    private static readonly (string Zone, string Calendar)[] Places = { ("Europe/Madrid", "ES"), ("America/Bogota", "CO"), ("America/Mexico_City", "MX") };

    /// <summary>One generated item: due date relative to the evaluation day, amount, settled some days ago, disputed.</summary>
    public sealed record ItemSpec(int DueOffset, int Cents, int SettledDaysAgo, bool Disputed);

    /// <summary>A generated account and evaluation instant.</summary>
    public sealed record Case(int Place, int DayOfYear, int Minute, ItemSpec[] Items, int OptOut, bool CatchUpAll, int PriorRunDaysBefore)
    {
        public LocalDate Today => new LocalDate(2026, 1, 1).PlusDays(DayOfYear);

        public CustomerAccount Account()
        {
            var (zone, calendar) = Places[Place];
            var customer = EscalationFixtures.Customer(zone, calendar, Place == 0 ? "es-ES" : "es-CO",
                OptOut < 0 ? null : new[] { (NotificationChannel)OptOut });
            var items = new List<AccountItem>();
            var payments = new List<AccountPayment>();
            for (int i = 0; i < Items.Length; i++)
            {
                var spec = Items[i];
                var due = Today.PlusDays(spec.DueOffset);
                decimal amount = spec.Cents / 100m;
                if (spec.SettledDaysAgo >= 0)
                {
                    var on = Today.PlusDays(-spec.SettledDaysAgo);
                    items.Add(Settled("I" + i, due, on, amount));
                    payments.Add(Payment("P" + i, on, amount, "I" + i));
                }
                else
                {
                    items.Add(Open("I" + i, due, amount, dispute: spec.Disputed ? new ItemDispute(due, "disputed") : null));
                }
            }

            return EscalationFixtures.Account(customer, items.ToArray(), payments.ToArray());
        }

        /// <summary>
        /// The instant <see cref="Minute"/> minutes into <see cref="Today"/>, local time: always on <see cref="Today"/>,
        /// also on the 23-hour day of a spring-forward change (10:00 minus 600 minutes fell on the day before there:
        /// Madrid, 2026-03-29 at 00:12 was 2026-03-28 23:12, before the payments the generator dated "today").
        /// </summary>
        public Instant Now(CustomerAccount account)
            => account.Customer.TimeZone.AtLeniently(Today.At(LocalTime.Midnight).PlusMinutes(Minute)).ToInstant();

        public EscalationPolicy Policy => CatchUpAll ? AllPolicy : EscalationPolicies.Default;

        /// <summary>A history from one earlier evaluation (days before), as a scheduler would have left it.</summary>
        public CollectionHistory History(CustomerAccount account)
        {
            if (PriorRunDaysBefore <= 0)
            {
                return CollectionHistory.Empty;
            }

            var earlier = Now(account).Minus(Duration.FromDays(PriorRunDaysBefore));
            return Record(CollectionHistory.Empty, Engine.Evaluate(account, CollectionHistory.Empty, Policy, earlier));
        }

        public override string ToString()
            => $"{Places[Place].Zone} {Today:uuuu-MM-dd} +{Minute}min optOut={OptOut} all={CatchUpAll} prior={PriorRunDaysBefore} items=[{string.Join("; ", Items.Select(i => $"due{i.DueOffset:+#;-#;0} {i.Cents}c settled{i.SettledDaysAgo} disp={i.Disputed}"))}]";
    }

    private static readonly EscalationPolicy AllPolicy = EscalationPolicies.CreateDefault(catchUp: CatchUpMode.All);

    public static class Arbitraries
    {
        private static Gen<ItemSpec> Item(bool settled) =>
            from due in Gen.Choose(-100, 20)
            from cents in Gen.Choose(1, 5_000_000)
            from settledAgo in settled ? Gen.Choose(0, 7) : Gen.Frequency((5, Gen.Constant(-1)), (1, Gen.Choose(0, 20)))
            from disputed in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new ItemSpec(due, cents, settledAgo, disputed && settledAgo < 0);

        private static Gen<Case> Cases(bool allSettled) =>
            from place in Gen.Choose(0, 2)
            from day in Gen.Choose(0, 330)
            from minute in Gen.Choose(0, 24 * 60 - 1)
            from count in Gen.Choose(1, 5)
            from items in Gen.ArrayOf(Item(allSettled), count)
            from optOut in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 3)))
            from all in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            from prior in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 40)))
            select new Case(place, day, minute, items, optOut, all, prior);

        public static Arbitrary<Case> Accounts() => Cases(false).ToArbitrary();
    }

    public static class PaidArbitraries
    {
        public static Arbitrary<Case> Accounts() =>
            (from place in Gen.Choose(0, 2)
             from day in Gen.Choose(0, 330)
             from minute in Gen.Choose(0, 24 * 60 - 1)
             from count in Gen.Choose(1, 5)
             from items in Gen.ArrayOf(
                 from due in Gen.Choose(-100, 5)
                 from cents in Gen.Choose(1, 5_000_000)
                 from ago in Gen.Choose(0, 7)
                 select new ItemSpec(due, cents, ago, false), count)
             select new Case(place, day, minute, items, -1, false, 0)).ToArbitrary();
    }

    private static HashSet<string> Keys(EvaluationResult r) => r.Decisions.Select(d => d.IdempotencyKey).ToHashSet(StringComparer.Ordinal);

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public bool Evaluate_SameInputs_SameResult(Case c)
    {
        var account = c.Account();
        var history = c.History(account);
        var a = Engine.Evaluate(account, history, c.Policy, c.Now(account));
        var b = Engine.Evaluate(account, history, c.Policy, c.Now(account));
        return a.Decisions.SequenceEqual(b.Decisions) && a.NextEvaluationAt == b.NextEvaluationAt;
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public bool Evaluate_DecisionsFedBackIntoHistory_NeverAgain(Case c)
    {
        var account = c.Account();
        var now = c.Now(account);
        var first = Engine.Evaluate(account, c.History(account), c.Policy, now);
        var history = Record(c.History(account), first);
        var keys = Keys(first);
        foreach (var later in new[] { now, now.Plus(Duration.FromHours(1)), now.Plus(Duration.FromDays(1)), now.Plus(Duration.FromDays(45)) })
        {
            if (Engine.Evaluate(account, history, c.Policy, later).Decisions.Any(d => keys.Contains(d.IdempotencyKey)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public bool Evaluate_LaterInstant_NeverALowerStage(Case c, PositiveInt days)
    {
        var account = c.Account();
        var policy = EscalationPolicies.Default;
        int Stage(Instant at) => Engine.Evaluate(account, CollectionHistory.Empty, policy, at).Decisions
            .Select(d => policy.IndexOfStage(d.StageId)).DefaultIfEmpty(-1).Max();
        var now = c.Now(account);
        int before = Stage(now);
        int after = Stage(now.Plus(Duration.FromDays(days.Get % 120)));
        return after >= before;
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Arbitraries)])]
    public bool Evaluate_EveryScheduledSend_InsideTheWindowOnABusinessDay(Case c)
    {
        var account = c.Account();
        var calendar = BusinessCalendars.Of(account.Customer.CalendarId!);
        var rules = c.Policy.QuietRules;
        foreach (var d in Engine.Evaluate(account, c.History(account), c.Policy, c.Now(account)).Decisions)
        {
            if (d.Action is not (EscalationActionKind.SendNotice or EscalationActionKind.LegalNotice))
            {
                continue;
            }

            var local = d.NotBefore.InZone(account.Customer.TimeZone).LocalDateTime;
            if (local.TimeOfDay < rules.WindowStart || local.TimeOfDay >= rules.WindowEnd || !calendar.IsBusinessDay(local.Date) || d.NotBefore < d.DecidedAt)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Case_SpringForwardDayJustAfterMidnight_EvaluatesOnThatDay()
    {
        // The case FsCheck found (seed 12789720000386039211,6529370654256644415): Madrid moves to summer time on
        // 2026-03-29 (EU rule: last Sunday of March, 01:00 UTC), a 23-hour day.
        var c = new Case(0, 87, 12, [new(-25, 4296621, 0, false), new(0, 2798915, 0, false), new(-29, 1172217, 2, false)], -1, false, 0);
        CustomerAccount account = c.Account();
        Assert.Equal(new LocalDateTime(2026, 3, 29, 0, 12), c.Now(account).InZone(account.Customer.TimeZone).LocalDateTime);
        Assert.True(Evaluate_FullyPaidAccount_ExactlyOneThankYouAndNothingElse(c));
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(PaidArbitraries)])]
    public bool Evaluate_FullyPaidAccount_ExactlyOneThankYouAndNothingElse(Case c)
    {
        var account = c.Account();
        var now = c.Now(account);
        var first = Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, now);
        if (first.Decisions.Length != 1 || first.Decisions[0].TemplateKey != TemplateKeys.PaymentThankYou)
        {
            return false;
        }

        var history = Record(CollectionHistory.Empty, first);
        for (int day = 0; day <= 10; day++)
        {
            if (!Engine.Evaluate(account, history, EscalationPolicies.Default, now.Plus(Duration.FromDays(day))).Decisions.IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Arbitraries)])]
    public bool Evaluate_NextEvaluationAt_NoNewDecisionBeforeIt(Case c)
    {
        var account = c.Account();
        var history = c.History(account);
        var now = c.Now(account);
        var result = Engine.Evaluate(account, history, c.Policy, now);
        var keys = Keys(result);
        var horizon = result.NextEvaluationAt ?? now.Plus(Duration.FromDays(200));
        var zone = account.Customer.TimeZone;
        if (horizon <= now || (result.NextEvaluationAt is { } next && zone.AtStartOfDay(next.InZone(zone).Date).ToInstant() != next))
        {
            return false;
        }

        var span = horizon - now;
        for (int i = 1; i <= 12; i++)
        {
            var t = now.Plus(span * (i / 13.0));
            if (Engine.Evaluate(account, history, c.Policy, t).Decisions.Any(d => !keys.Contains(d.IdempotencyKey)))
            {
                return false;
            }
        }

        // Just before the horizon too.
        var last = horizon.Minus(Duration.FromSeconds(1));
        return last <= now || Engine.Evaluate(account, history, c.Policy, last).Decisions.All(d => keys.Contains(d.IdempotencyKey));
    }
}
