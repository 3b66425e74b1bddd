using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Discounts;
using Cobranza.Core.Receivables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.PostgreSql.Tests;

/// <summary>
/// The stored form of every ledger event (<c>account_events.payload</c>): an event read back from its JSON does to an
/// account exactly what the original did, and its JSON is stable (written again, the same text). No database needed.
/// </summary>
public sealed class AccountEventJsonProperties
{
    private static readonly CustomerProfile Customer = new("C-1", "Cliente", Language.Spanish, DateTimeZoneProviders.Tzdb["Europe/Madrid"], "ES");
    private static readonly LocalDate Start = new(2026, 1, 1);

    /// <summary>One step of a generated history: which event kind and the numbers it draws from.</summary>
    public sealed record Step(int Kind, int A, int B, int C, int Days);

    public static class Arbitraries
    {
        public static Arbitrary<Step[]> Histories()
            => (from n in Gen.Choose(5, 40)
                from steps in Gen.ArrayOf(
                    from kind in Gen.Choose(0, EventKinds - 1)
                    from a in Gen.Choose(0, 1_000_000)
                    from b in Gen.Choose(0, 1_000_000)
                    from c in Gen.Choose(0, 1_000_000)
                    from days in Gen.Choose(0, 6)
                    select new Step(kind, a, b, c, days), n)
                select steps).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public void ReadBack_AppliesAsTheOriginal_AndWritesTheSameText(Step[] steps)
    {
        var account = CustomerAccount.Open("A", Currency.EUR, Customer);
        var viaJson = account;
        foreach (var (e, before) in Accepted(steps))
        {
            var json = AccountEventJson.Write(e, before);
            var read = AccountEventJson.Read(AccountEventJson.TypeOf(e), json);

            Assert.Equal(e.GetType(), read.GetType());
            Assert.Equal(json, AccountEventJson.Write(read, before));
            Assert.Equal(Fingerprint(before.Apply(e)), Fingerprint(before.Apply(read)));
            account = before.Apply(e);
            viaJson = viaJson.Apply(read);
        }

        Assert.Equal(Fingerprint(account), Fingerprint(viaJson));
    }

    [Theory]
    [InlineData("es", "es")]
    [InlineData("es-CO", "es-CO")]
    [InlineData("en-us", "en-US")] // stored as the host wrote it before the Language type: still read, kept in BCP 47 case
    public void ReadProfile_StoredBeforeTheLanguageType_ReadsTheSameCustomer(string storedTag, string tag)
    {
        // customer_profile as written by the release that kept the language as a string and the id as CustomerId.
        string stored = $$"""{"customerId":"C-7","displayName":"Talleres Ruiz S.L.","language":"{{storedTag}}","timeZone":"Europe/Madrid","calendarId":"ES","segments":["vip"],"optedOutChannels":["Sms"]}""";
        var profile = AccountEventJson.ReadProfile(stored);
        Assert.Equal("C-7", profile.Id);
        Assert.Equal(tag, profile.Language.Tag);
        Assert.Equal("Talleres Ruiz S.L.", profile.DisplayName);
        Assert.Equal("vip", Assert.Single(profile.Segments));
        // Written again: the same property names, the language as its tag.
        Assert.Equal(stored.Replace(storedTag, tag, StringComparison.Ordinal), AccountEventJson.WriteProfile(profile));
    }

    [Fact]
    public void ReadProfile_StoredLanguageNotATag_RefusedNamingCustomerAndValue()
    {
        const string stored = """{"customerId":"C-7","displayName":"N","language":"español","timeZone":"Europe/Madrid","segments":[],"optedOutChannels":[]}""";
        var ex = Assert.Throws<InvalidOperationException>(() => AccountEventJson.ReadProfile(stored));
        Assert.Contains("'C-7'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'español'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_ReachesEveryEventKind()
    {
        // The property above is only as good as its histories: over a fixed seed they hold every kind it can store.
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        var gen = Arbitraries.Histories().Generator;
        foreach (var steps in gen.Sample(200, 100))
        {
            foreach (var (e, before) in Accepted(steps))
            {
                kinds.Add(e switch
                {
                    ItemAdded { Item.DiscountTerms.Length: > 0 } => "ItemAdded+discounts",
                    PaymentReceived { Conversion: not null } => "PaymentReceived+conversion",
                    PlanStarted { Enrollment.Plan.Schedule.DownPayment: not null } => "PlanStarted+downPayment",
                    _ => e.GetType().Name,
                });
            }
        }

        var expected = typeof(AccountEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(AccountEvent)))
            .Select(t => t.Name)
            .Append("ItemAdded+discounts").Append("PaymentReceived+conversion").Append("PlanStarted+downPayment");
        Assert.Empty(expected.Except(kinds));
    }

    [Fact]
    public void Write_ConversionByAHostConverter_StoresTheAmountItGaveOnce()
    {
        // The converter is asked when the event is written; the stored event applies that amount without asking again.
        int calls = 0;
        var account = CustomerAccount.Open("A", Currency.EUR, Customer)
            .Apply(new ItemAdded(new AccountItem("F-1/0", "F-1", 0, Start, Start.PlusDays(30), Money.Of(500m, Currency.EUR))));
        var payment = new PaymentReceived("P-1", Start.PlusDays(3), Money.Of(100m, Currency.USD), AllocationStrategy.OldestDueFirst)
        {
            Conversion = CurrencyConversion.Using((m, _) => { calls++; return m.Amount * 0.9237m; }),
        };

        var read = AccountEventJson.Read(nameof(PaymentReceived), AccountEventJson.Write(payment, account));
        int afterWrite = calls;
        var applied = account.Apply(read);

        Assert.Equal(1, afterWrite);
        Assert.Equal(1, calls);
        Assert.Equal(Money.Of(92.37m, Currency.EUR), applied.Payments.Single().Amount); // 100 USD × 0.9237, rounded half away from zero
        Assert.Equal(Fingerprint(account.Apply(payment)), Fingerprint(applied));
    }

    private const int EventKinds = 18;

    /// <summary>
    /// Interprets the steps against an account in EUR: each step becomes the event of its kind over the account as it
    /// stands (an item, payment or charge that exists), with amounts and dates from the step's numbers; an event the
    /// ledger refuses is left out. Yields each accepted event with the account it applies to.
    /// </summary>
    private static IEnumerable<(AccountEvent Event, CustomerAccount Before)> Accepted(Step[] steps)
    {
        var account = CustomerAccount.Open("A", Currency.EUR, Customer);
        var day = Start;
        int n = 0;
        foreach (var s in steps)
        {
            n++;
            day = day.PlusDays(s.Days);
            var e = Make(s, account, day, n);
            if (e is null)
            {
                continue;
            }

            CustomerAccount after;
            try
            {
                after = account.Apply(e);
            }
            catch (ArgumentException)
            {
                continue; // the ledger refuses it here (an amount too large, a date before the last posting…)
            }

            if (ReferenceEquals(after, account))
            {
                continue; // an idempotent repeat
            }

            yield return (e, account);
            account = after;
        }
    }

    private static AccountEvent? Make(Step s, CustomerAccount account, LocalDate day, int n)
    {
        Money Eur(int cents) => Money.Of(cents / 100m, Currency.EUR);
        string id = string.Create(CultureInfo.InvariantCulture, $"{n}");
        var items = account.Items;
        var item = items.IsEmpty ? null : items[s.B % items.Length];
        var payments = account.Payments;
        return s.Kind switch
        {
            0 or 1 => Item(s, day, id),
            2 => new PaymentReceived("P-" + id, day, Eur(1 + (s.A % 200_000)), (AllocationStrategy)(s.C % 3)) { Method = s.B % 2 == 0 ? "transfer" : null },
            3 when item is not null => new PaymentReceived("P-" + id, day, Eur(1 + (s.A % 50_000)), AllocationStrategy.Explicit)
            {
                Allocations = [new ExplicitAllocation(item.Id, Eur(1 + (s.A % 50_000)))],
            },
            4 => new PaymentReceived("P-" + id, day, Money.Of((1 + (s.A % 100_000)) / 100m, Currency.USD), AllocationStrategy.OldestDueFirst)
            {
                Conversion = s.C % 2 == 0
                    ? CurrencyConversion.AtRate(0.5m + ((s.B % 10_000) / 10_000m), (MidpointRounding)(s.C % 5))
                    : CurrencyConversion.Using((m, _) => m.Amount * 0.9237m, MidpointRounding.ToEven),
            },
            5 when !payments.IsEmpty => new PaymentReversed(payments[s.A % payments.Length].Reference, day, "devuelto"),
            6 when item is not null => new CreditNoteIssued("CN-" + id, day, item.Id, Eur(1 + (s.A % 20_000)), s.C % 2 == 0 ? "abono" : null),
            7 when item is not null => new FeeCharged("FEE-" + id, day, item.Id, Eur(1 + (s.A % 10_000)), "Gastos de cobro"),
            8 when item is not null => new InterestPosted(item.Id, day, day.PlusDays(-(s.C % 3)), Eur(1 + (s.A % 5_000))) { Description = s.C % 2 == 0 ? "Late interest" : "Intereses de demora" },
            9 when item is not null => item.IsDisputed
                ? new DisputeResolved(item.Id, day)
                : new DisputeOpened(item.Id, new ItemDispute(day, "cantidad incorrecta")),
            10 when item is not null => new PromiseRecorded(new PaymentPromise("PR-" + id, day, day.PlusDays(1 + (s.A % 30)), Eur(1 + (s.B % 50_000)), [item.Id])),
            11 => new UnappliedCreditApplied("UC-" + id, day, (AllocationStrategy)(s.C % 3)) { Amount = s.A % 2 == 0 ? null : Eur(1 + (s.A % 10_000)) },
            12 => account.LegalHold is null ? new LegalHoldSet(new LegalHold(day, "concurso de acreedores")) : new LegalHoldReleased(day),
            13 when item is not null => new DisputeOpened(item.Id, new ItemDispute(day, "reclamación")),
            14 when item is not null && item.Outstanding.IsPositive => Plan(s, day, id, item),
            15 when !account.Plans.IsEmpty => new PlanPaymentReceived(account.Plans[0].PlanId, "PP-" + id, day, Eur(1 + (s.A % 50_000))) { Method = s.C % 2 == 0 ? "card" : null },
            16 when item is not null => item.IsExcludedFromDunning
                ? new ItemReturnedToDunning(item.Id, day)
                : new ItemExcludedFromDunning(item.Id, new DunningExclusion(day, s.C % 2 == 0 ? "fallido" : "goodwill")),
            17 => account.EnforcementOff is null ? new EnforcementTurnedOff(new EnforcementOff(day, "negociando un acuerdo")) : new EnforcementTurnedOn(day),
            _ => null,
        };
    }

    /// <summary>A plan over one item: every frequency, method, interest kind, with or without down payment, fee, acceleration and payments.</summary>
    private static PlanStarted? Plan(Step s, LocalDate day, string id, AccountItem item)
    {
        var amount = item.Outstanding;
        var definition = new Cobranza.Core.Installments.InstallmentPlanDefinition
        {
            Amount = amount,
            DownPayment = s.A % 3 == 0 && amount.Amount >= 1m ? Money.Of(Math.Round(amount.Amount * 0.1m, 2), Currency.EUR) : null,
            StartDate = day,
            FirstDueDate = day.PlusDays(10 + (s.B % 30)),
            InstallmentCount = 1 + (s.A % 6),
            Frequency = (Cobranza.Core.Installments.InstallmentFrequency)(s.A % 4),
            Method = (Cobranza.Core.Installments.AmortizationMethod)(s.B % 2),
            Interest = (s.C % 3) switch
            {
                0 => Cobranza.Core.Installments.PlanInterest.None,
                1 => Cobranza.Core.Installments.PlanInterest.Periodic(0.05m + ((s.B % 100) / 1000m)),
                _ => Cobranza.Core.Installments.PlanInterest.ActualDays(0.08m, Cobranza.Core.Calendars.DayCount.Of(s.B % 2 == 0 ? "ACT/360" : "30/360")),
            },
            InstallmentFee = s.B % 4 == 0 ? Money.Of(2.50m, Currency.EUR) : null,
            EndOfMonth = s.C % 5 == 0,
            DueDateAdjustment = s.C % 2 == 0 ? Cobranza.Core.Calendars.BusinessDayAdjustment.None : new Cobranza.Core.Calendars.BusinessDayAdjustment(Cobranza.Core.Calendars.BusinessDayConvention.ModifiedFollowing, "ES"),
            Residual = (Cobranza.Core.Installments.ResidualPlacement)(s.C % 2),
        };
        try
        {
            var plan = Cobranza.Core.Installments.TrackedPlan.Start(
                definition.CreateSchedule(Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance),
                s.B % 3 == 0 ? new Cobranza.Core.Installments.AccelerationClause(2, s.A % 2 == 0 ? 30 : null) : null);
            if (s.C % 4 == 0)
            {
                plan = plan.Apply(new Cobranza.Core.Installments.PlanPayment(day, Money.Of(1m, Currency.EUR)));
            }

            return new PlanStarted(new PlanEnrollment("PL-" + id, day, [item.Id], plan, FreezesLateInterest: s.A % 2 == 0));
        }
        catch (Exception e) when (e is ArgumentException or FluentValidation.ValidationException)
        {
            return null; // a definition the schedule refuses (too small for its installments…)
        }
    }

    /// <summary>An item, half of them with discount terms of one or two tiers of any kind a factory creates.</summary>
    private static ItemAdded Item(Step s, LocalDate day, string id)
    {
        var amount = Money.Of((1_000 + (s.A % 500_000)) / 100m, Currency.EUR);
        var item = new AccountItem("F-" + id + "/0", "F-" + id, 0, day, day.PlusDays(30 + (s.B % 60)), amount,
            dispute: s.C % 11 == 0 ? new ItemDispute(day, "disputada al emitir") : null);
        if (s.C % 2 == 0)
        {
            return new ItemAdded(item);
        }

        var tiers = new List<ScheduledDiscount>();
        for (int t = 0; t < 1 + (s.B % 2); t++)
        {
            var small = Money.Of(Math.Max(0.01m, Math.Round(amount.Amount * 0.01m * (t + 1), 2)), Currency.EUR);
            var tier = (((s.C / 2) + t) % 9) switch
            {
                0 => DiscountTier.PercentWithinDays(2m, 10),
                1 => DiscountTier.PercentWithinDaysAfterEndOfMonth(1.5m, 5),
                2 => DiscountTier.PercentWithinMonthsAfterEndOfMonth(1m, 1),
                3 => DiscountTier.PercentBy(3m, day.PlusDays(7)),
                4 => DiscountTier.Prepayment(4m, (s.A % 2 == 0) ? DiscountDeadlineKind.BeforeIssueDate : DiscountDeadlineKind.BeforeDeliveryDate),
                5 => DiscountTier.AmountWithinDays(small, 15),
                6 => DiscountTier.AmountWithinDaysAfterEndOfMonth(small, 10),
                7 => DiscountTier.AmountWithinMonthsAfterEndOfMonth(small, 2),
                _ => DiscountTier.AmountBy(small, day.PlusDays(12)),
            };
            tiers.Add(new ScheduledDiscount(t, tier, day.PlusDays(5 + (10 * t)), small));
        }

        return new ItemAdded(new AccountItem(item.Id, item.InvoiceId, item.PortionIndex, item.IssueDate, item.DueDate, item.Amount, dispute: item.Dispute)
        {
            DiscountTerms = [.. tiers],
        });
    }

    private static string Definition(Cobranza.Core.Installments.InstallmentPlanDefinition d)
        => $"{d.Amount} down {d.DownPayment} {d.StartDate} {d.FirstDueDate} n {d.InstallmentCount} {d.Frequency} {d.Method} {d.Interest} " +
           $"pct [{string.Join(",", d.Percentages)}] amounts [{string.Join(",", d.Amounts)}] balloon {d.BalloonAmount} fee {d.InstallmentFee} eom {d.EndOfMonth} {d.DueDateAdjustment} {d.Residual} {d.Rounding}";

    /// <summary>Everything a snapshot holds, as text (classes without value equality included).</summary>
    internal static string Fingerprint(CustomerAccount a)
    {
        static string M(Money m) => m.Amount.ToString(CultureInfo.InvariantCulture) + " " + m.Currency.Code;
        static string Allocations(IEnumerable<PaymentAllocation> allocations) => string.Join(",", allocations.Select(x => $"{x.ItemId}:{M(x.Fees)}/{M(x.Interest)}/{M(x.Principal)}/{M(x.Discount)}"));
        var lines = new List<string> { $"{a.Id} {a.Currency.Code} v{a.Version} unapplied {M(a.UnappliedCredit)} hold {a.LegalHold} enforcement off {a.EnforcementOff}" };
        lines.AddRange(a.Items.Select(i =>
            $"item {i.Id} {i.InvoiceId} {i.PortionIndex} {i.IssueDate} {i.DueDate} {M(i.Amount)} pp {M(i.PrincipalPaid)} cr {M(i.Credited)} dt {M(i.DiscountTaken)} " +
            $"ic {M(i.InterestCharged)} ip {M(i.InterestPaid)} fc {M(i.FeesCharged)} fp {M(i.FeesPaid)} settled {i.SettledOn} dispute {i.Dispute} excluded {i.DunningExclusion} through {i.InterestPostedThrough} " +
            $"terms {string.Join(";", i.DiscountTerms.Select(d => $"{d.TierIndex} {d.Tier} {d.LastDate} {M(d.Amount)}"))}"));
        lines.AddRange(a.Payments.Select(p => $"payment {p.Reference} {p.ReceivedOn} {M(p.Amount)} {p.Method} applied {M(p.Applied)} original {(p.OriginalAmount is { } o ? M(o) : "-")} plan {p.PlanId} [{Allocations(p.Allocations)}]"));
        lines.AddRange(a.Reversals.Select(r => $"reversal {r.Reference} {r.ReversedOn} {r.Reason} {M(r.Payment.Amount)} [{Allocations(r.Payment.Allocations)}]"));
        lines.AddRange(a.Charges.Select(c => $"charge {c.Key} {c.ItemId} {c.ChargedOn} {c.Kind} {M(c.Amount)} {c.Description} {c.Through}"));
        lines.AddRange(a.Credits.Select(c => $"credit {c.Reference} {c.IssuedOn} {c.ItemId} {M(c.Amount)} {c.Description}"));
        lines.AddRange(a.CreditApplications.Select(c => $"application {c.Reference} {c.AppliedOn} [{Allocations(c.Allocations)}]"));
        lines.AddRange(a.Promises.Select(p => $"promise {p.PromiseId} {p.MadeOn} {p.PromisedDate} {M(p.Amount)} {string.Join(",", p.ItemIds)}"));
        lines.AddRange(a.Plans.Select(p => $"plan {p.PlanId} {p.StartedOn} {string.Join(",", p.ItemIds)} {p.FreezesLateInterest} {Definition(p.Plan.Schedule.Definition)} level {p.Plan.Schedule.LevelPayment} " +
            $"rows [{string.Join(";", p.Plan.Schedule.Installments.Select(r => $"{r.Number} {r.DueDate} {r.PeriodStart} {M(r.Principal)} {M(r.Interest)} {M(r.Fee)} {M(r.RemainingBalance)}"))}] " +
            $"acceleration {p.Plan.Acceleration} payments [{string.Join(";", p.Plan.Payments.Select(x => $"{x.Date} {M(x.Amount)}"))}] paid {M(p.Plan.TotalPaid)}"));
        return string.Join("\n", lines);
    }
}
