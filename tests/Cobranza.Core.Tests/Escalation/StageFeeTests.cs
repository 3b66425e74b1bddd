using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Receivables;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Escalation;

// Fees per stage: the figure stated on the stage's notice is exactly what its ApplyLateFee action posts.
public sealed class StageFeeTests
{
    private static readonly LocalDate Due = new(2026, 4, 15); // a Wednesday

    private static EscalationPolicy Policy(StageFee fee, int offset = 15)
        => EscalationPolicyBuilder.Create("p")
            .Stage("first", "First notice", StageTrigger.CalendarDays(0), EscalationTone.Friendly, s => s.Notice(NotificationChannel.Email, "reminder-due-today"))
            .Stage("second", "Second notice", StageTrigger.CalendarDays(offset), EscalationTone.Firm, s => s.Notice(NotificationChannel.Email, "reminder-firm").Charging(fee))
            .Suppressions(new SuppressionSettings(brokenPromiseStageId: null))
            .Build();

    [Fact]
    public void Evaluate_ErpNextSecondNoticeDunningType_NoticeStatesAndActionPostsTheFixedFee()
    {
        // ERPNext (frappe/erpnext erpnext/accounts/doctype/dunning/test_dunning.py, test_dunning_with_fees_and_interest):
        // a 100.00 invoice 15 days overdue under the "Second Notice" dunning type has dunning_fee 10.00 and grand total
        // 110.41 with 0.41 interest; without interest terms (no ILateChargeTermsProvider) the total is 100.00 + 10.00.
        var policy = Policy(StageFee.Fixed(Money.Of(10m, Currency.EUR)));
        var account = Account(items: new[] { Open("A", Due, 100m) });
        var result = Engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, Due.PlusDays(15)));
        var notice = result.Decisions.Single(d => d.Action == EscalationActionKind.SendNotice);
        var charge = result.Decisions.Single(d => d.Action == EscalationActionKind.ApplyLateFee);
        Assert.Equal(Money.Of(10m, Currency.EUR), notice.FeeAmount);
        Assert.Equal(Money.Of(110m, Currency.EUR), notice.AmountDue);
        Assert.Equal(notice.FeeAmount, charge.FeeAmount);
        var posting = Assert.Single(charge.Charges);
        Assert.Equal(Money.Of(10m, Currency.EUR), posting.Amount);
        Assert.Equal("A", posting.ItemId);
        Assert.Equal("dunning/p/second/ACC-1/2026-04-30", posting.Key);
        Assert.Equal("Gastos de reclamación (Second notice)", posting.Description);

        // Posted (as a handler does), the fee is never charged again: the next evaluation states it as posted and unpaid.
        var posted = Ledger.Apply(account, posting.ToLedgerEvent());
        var later = Engine.Evaluate(posted, Record(CollectionHistory.Empty, result), policy, At(account, Due.PlusDays(16)));
        Assert.Empty(later.Decisions);
        var replay = Engine.Evaluate(posted, CollectionHistory.Empty, policy, At(account, Due.PlusDays(16)));
        Assert.All(replay.Decisions, d => Assert.True(d.Charges.IsDefaultOrEmpty));
        Assert.Equal(Money.Of(10m, Currency.EUR), replay.Decisions.Single(d => d.Action == EscalationActionKind.SendNotice).FeeAmount);
    }

    [Theory]
    // Business Central's Additional Fee Setup (per currency: Additional Fee %, Min. and Max. Additional Fee Amount) with
    // 5 %, minimum 10.00 and maximum 50.00 EUR: 5 % of 150.00 = 7.50 → 10.00; of 600.00 = 30.00; of 1,234.57 = 61.7285 → 50.00.
    [InlineData("150.00", "10.00")]
    [InlineData("600.00", "30.00")]
    [InlineData("1234.57", "50.00")]
    public void For_PercentageWithMinimumAndMaximum_HeldBetweenThem(string principal, string expected)
    {
        var fee = StageFee.Percentage(5m, Money.Of(10m, Currency.EUR), Money.Of(50m, Currency.EUR));
        Assert.Equal(Money.Of(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Currency.EUR),
            fee.For(Money.Of(decimal.Parse(principal, System.Globalization.CultureInfo.InvariantCulture), Currency.EUR)));
    }

    [Fact]
    public void For_Rounding_ExplicitModeToTheCurrencyMinorUnits()
    {
        // 0.5 % of 1,001.00 EUR = 5.005: 5.01 rounding half away from zero, 5.00 half to even (banker's rounding).
        Assert.Equal(Money.Of(5.01m, Currency.EUR), StageFee.Percentage(0.5m).For(Money.Of(1001m, Currency.EUR)));
        Assert.Equal(Money.Of(5.00m, Currency.EUR), StageFee.Percentage(0.5m, rounding: MidpointRounding.ToEven).For(Money.Of(1001m, Currency.EUR)));
        // CLP has no minor units (ISO 4217 exponent 0): 5 % of 1,234,567 CLP = 61,728.35 → 61,728.
        var cop = Currency.FromCode("CLP");
        Assert.Equal(Money.Of(61_728m, cop), StageFee.Percentage(5m).For(Money.Of(1_234_567m, cop)));
        // A fixed amount for another currency only: nothing applies.
        Assert.Null(StageFee.Fixed(Money.Of(10m, Currency.EUR)).For(Money.Of(100m, cop)));
        // Fixed plus percentage (Invoice Ninja's late_fee_amount + late_fee_percent of one reminder): 5.00 + 2 % of 300.00.
        Assert.Equal(Money.Of(11m, Currency.EUR), new StageFee(ImmutableArray.Create(Money.Of(5m, Currency.EUR)), 2m).For(Money.Of(300m, Currency.EUR)));
    }

    [Fact]
    public void Evaluate_StageFeeBesideStatutoryCompensation_BothStatedAndPosted()
    {
        // The EU recovery compensation (Directive 2011/7/EU art. 6: EUR 40 per invoice) from the late-charge terms, and the
        // stage's own 10.00 EUR fee: the notice states 50.00 EUR of fees, the ApplyLateFee action posts both.
        var engine = new EscalationEngine(Cobranza.Core.Calendars.BuiltInCalendarProvider.Instance,
            new FixedTerms(new LateChargeTerms(null, Cobranza.Core.Interest.LateFee.EuRecoveryCompensation())));
        var policy = Policy(StageFee.Fixed(Money.Of(10m, Currency.EUR)));
        var account = Account(items: new[] { Open("A", Due, 100m) });
        var result = engine.Evaluate(account, CollectionHistory.Empty, policy, At(account, Due.PlusDays(15)));
        Assert.Equal(Money.Of(50m, Currency.EUR), result.Decisions.Single(d => d.Action == EscalationActionKind.SendNotice).FeeAmount);
        var charges = result.Decisions.Single(d => d.Action == EscalationActionKind.ApplyLateFee).Charges;
        Assert.Equal(new[] { 40m, 10m }, charges.Select(c => c.Amount.Amount).ToArray());
    }

    [Fact]
    public void Validate_FeeMistakes_EveryErrorAtOnce()
    {
        var stage = new EscalationStage("s", "S", StageTrigger.CalendarDays(3), EscalationTone.Firm,
            ImmutableArray.Create(EscalationAction.Notice(NotificationChannel.Email, "reminder-firm")),
            fee: new StageFee(ImmutableArray<Money>.Empty, null, ImmutableArray.Create(Money.Of(20m, Currency.EUR), Money.Of(5m, Currency.EUR)), ImmutableArray.Create(Money.Of(10m, Currency.EUR))));
        var errors = new EscalationPolicyValidator().Validate(new EscalationPolicy("p", 1, EscalationScope.Account, ImmutableArray.Create(stage),
            suppressions: new SuppressionSettings(brokenPromiseStageId: null))).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}").ToArray();
        Assert.Equal(
            new[]
            {
                "Stages[0].Fee: Stages[0].Fee is posted by the stage's ApplyLateFee action, which stage 's' does not have.",
                "Stages[0].Fee: Stages[0].Fee needs a fixed amount or a percentage (has neither).",
                "Stages[0].Fee.Minimums[1]: Stages[0].Fee.Minimums[1] repeats the currency EUR of Stages[0].Fee.Minimums[0]; one amount per currency.",
                "Stages[0].Fee.Maximums[0]: Stages[0].Fee.Maximums[0] (10.00 EUR) must not be below the minimum of its currency (20.00 EUR).",
            },
            errors);
        Assert.Throws<ArgumentOutOfRangeException>(() => StageFee.Percentage(0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => StageFee.Fixed(Money.Of(-1m, Currency.EUR)));
    }

    [Fact]
    public void Json_StageFee_RoundTrips()
    {
        var policy = Policy(new StageFee(ImmutableArray.Create(Money.Of(5m, Currency.EUR)), 2.5m,
            ImmutableArray.Create(Money.Of(10m, Currency.EUR)), ImmutableArray.Create(Money.Of(50m, Currency.EUR)), MidpointRounding.ToEven));
        string json = EscalationPolicyJson.Serialize(policy);
        Assert.Contains("\"percent\": 2.5", json, StringComparison.Ordinal);
        Assert.Contains("\"rounding\": \"ToEven\"", json, StringComparison.Ordinal);
        Assert.Equal(policy, EscalationPolicyJson.Deserialize(json));
    }

    private sealed class FixedTerms(LateChargeTerms terms) : ILateChargeTermsProvider
    {
        public LateChargeTerms For(CustomerAccount account) => terms;
    }
}
