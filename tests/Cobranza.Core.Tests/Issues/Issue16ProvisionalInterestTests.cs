using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Calendars;
using Cobranza.Core.Escalation;
using Cobranza.Core.Interest;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using Cobranza.Testing.InMemory;
using NodaTime;
using Xunit;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests.Issues;

/// <summary>
/// Issue 16 §1, the provisional mode at decision and notice level: under the Spanish preset, whose built-in table ends
/// with 2026-H1 (10,15 %, BOE-A-2025-27201), an account in <see cref="MissingRatePolicy.CarryForwardProvisional"/> gets
/// decisions and notices marked provisional in Spanish and English; the ready handler does not post the estimate unless
/// the host allows it; by default the missing rate fails as before.
/// </summary>
public sealed class Issue16ProvisionalInterestTests
{
    private static readonly CatalogNoticeRenderer Renderer = new(
        Cobranza.Core.Escalation.Templates.TemplateCatalog.Default,
        new CompanyDetails("ACME", new Uri("https://acme.example.com/pay"), ["transferencia"]));

    private static readonly Currency Eur = Currency.EUR;

    /// <summary>The Spanish preset with the given missing-rate policy for every account.</summary>
    private sealed class SpanishTerms(MissingRatePolicy missingRates) : ILateChargeTermsProvider
    {
        public LateChargeTerms For(CustomerAccount account) => LateChargeTerms.FromPreset(StatutoryPresets.Spain(), null, missingRates);
    }

    private static EscalationEngine EngineWith(MissingRatePolicy missingRates) => new(BuiltInCalendarProvider.Instance, new SpanishTerms(missingRates));

    // 1.000,00 € due Monday 22/06/2026; 'final' at +15 = Tuesday 07/07/2026. Interest from the day after the due date
    // through the date (Ley 3/2004 art. 5; Act/365): 23/06..07/07 = 15 days, of which 01/07..07/07 (7 days) fall in
    // 2026-H2, not in the built-in table. Carried forward: the 2026-H1 value 10,15 % (BOE-A-2025-27201), published for
    // 01/01/2026..30/06/2026. 1.000,00 × 10,15 % × 15 / 365 = 4,1712… → 4,17 €.
    private static readonly LocalDate Due = new(2026, 6, 22);
    private static readonly LocalDate FinalDay = new(2026, 7, 7);

    private static CustomerAccount Overdue(string language = "es-ES")
        => Account(customer: Customer(language: language), items: [Open("A", Due, 1000m)]);

    private static readonly ProvisionalInterestPeriod Expected = new(
        new LocalDate(2026, 7, 1), FinalDay, 0.1015m,
        new CarriedReferenceRate(ReferenceRateTables.SpainLatePaymentCommercialId, 0.1015m, new LocalDate(2026, 1, 1), new LocalDate(2026, 6, 30)));

    private static EvaluationResult EvaluateFinal(CustomerAccount account, MissingRatePolicy missingRates = MissingRatePolicy.CarryForwardProvisional)
        => EngineWith(missingRates).Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, FinalDay));

    [Fact]
    public void Evaluate_DefaultTerms_RateNotLoaded_FailsAsBefore()
    {
        // Off by default: LateChargeTerms.FromPreset without a policy, and MissingRatePolicy.Fail, both throw with the row to add.
        Assert.Equal(MissingRatePolicy.Fail, LateInterestTerms.FromPreset(StatutoryPresets.Spain()).MissingRates);
        var account = Overdue();
        var ex = Assert.Throws<ReferenceRateUnavailableException>(() => EvaluateFinal(account, MissingRatePolicy.Fail));
        Assert.Equal("2026-07-01,2026-12-31,<rate_percent>,<official reference>,verified", ex.RowToAdd);
    }

    [Fact]
    public void Evaluate_ProvisionalTerms_DecisionsMarkedProvisional_WithTheCarriedRate()
    {
        var account = Overdue();
        var result = EvaluateFinal(account);
        var notice = result.Decisions.Single(d => d.Action == EscalationActionKind.SendNotice && d.StageId == "final");
        var interest = result.Decisions.Single(d => d.Action == EscalationActionKind.ChargeLateInterest);
        var fee = result.Decisions.Single(d => d.Action == EscalationActionKind.ApplyLateFee);

        Assert.Equal(Money.Of(4.17m, Eur), notice.InterestAmount); // 1.000,00 × 10,15 % × 15 / 365, see above
        Assert.True(notice.IsInterestProvisional);
        Assert.Equal([Expected], notice.ProvisionalInterest.ToArray());
        Assert.Equal([Expected], interest.ProvisionalInterest.ToArray());
        var posting = Assert.Single(interest.Charges);
        Assert.Equal((Money.Of(4.17m, Eur), true), (posting.Amount, posting.Provisional));
        // The fee (Ley 3/2004 art. 8.1, EUR 40) does not depend on a rate: its posting is not provisional.
        Assert.False(Assert.Single(fee.Charges).Provisional);
    }

    [Fact]
    public void Evaluate_ProvisionalTerms_AllRatesPublished_NothingMarked()
    {
        // Due 01/06/2026, 'final' on 16/06/2026: every day in 2026-H1, so the same terms give a plain figure and no note.
        // 1.000,00 × 10,15 % × 15 / 365 = 4,17 €.
        var account = Account(items: [Open("A", new LocalDate(2026, 6, 1), 1000m)]);
        var result = EngineWith(MissingRatePolicy.CarryForwardProvisional).Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, new LocalDate(2026, 6, 16)));
        var notice = result.Decisions.Single(d => d.Action == EscalationActionKind.SendNotice && d.StageId == "final");
        Assert.Equal(Money.Of(4.17m, Eur), notice.InterestAmount);
        Assert.False(notice.IsInterestProvisional);
        Assert.All(result.Decisions, d => Assert.All(d.Charges, c => Assert.False(c.Provisional)));
        Assert.DoesNotContain("provisional", Renderer.Render(notice, account, null).Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_ProvisionalNotice_Spanish_StatesTheCarriedRateAndTheRecalculation()
    {
        var account = Overdue();
        var notice = EvaluateFinal(account).Decisions.Single(d => d.Action == EscalationActionKind.SendNotice && d.StageId == "final");
        var email = Renderer.Render(notice, account, null);
        const string Note = "Intereses provisionales: del 01/07/2026 al 07/07/2026 el tipo oficial aún no está publicado; se ha aplicado provisionalmente "
            + "el último conocido, del 10,15 % (vigente del 01/01/2026 al 30/06/2026). El importe de los intereses se recalculará cuando se publique el tipo oficial.";
        Assert.Contains("<p>" + Note + "</p>\n<p>Puede pagar en línea", email.Body, StringComparison.Ordinal);
        Assert.Contains("1.000,00 € de principal, 4,17 € de intereses de demora y 40,00 € de costes de cobro.", email.Body, StringComparison.Ordinal);

        var letter = Renderer.Render(new EscalationDecision(
            notice.IdempotencyKey, notice.AccountId, notice.PolicyId, notice.PolicyVersion, notice.StageId, notice.Action, notice.Tone, NotificationChannel.Letter,
            notice.TemplateKey, notice.Language, notice.ItemIds, notice.PrincipalAmount, notice.InterestAmount, notice.FeeAmount, notice.OpenBalance,
            notice.Occurrence, notice.DecidedAt, notice.NotBefore, notice.Explanation) { ProvisionalInterest = notice.ProvisionalInterest }, account, null);
        Assert.Contains(Note + "\n\nPuede pagar en", letter.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ProvisionalNotice_English_StatesTheCarriedRateAndTheRecalculation()
    {
        var account = Overdue("en-GB");
        var notice = EvaluateFinal(account).Decisions.Single(d => d.Action == EscalationActionKind.SendNotice && d.StageId == "final");
        var email = Renderer.Render(notice, account, null);
        Assert.Contains(
            "<p>Provisional interest: from 1 Jul 2026 to 7 Jul 2026 the official rate has not been published yet; the last known rate, 10.15% "
            + "(in force from 1 Jan 2026 to 30 Jun 2026), has been applied provisionally. The interest will be recalculated when the official rate is published.</p>\n<p>You can pay online",
            email.Body,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CarriedReferencePlusSpread_StatesBothRates()
    {
        // A rate defined as a reference + 8 points (Directive 2011/7/EU art. 2(6)): the carried value and the rate applied differ.
        var account = Overdue();
        var notice = EvaluateFinal(account).Decisions.Single(d => d.Action == EscalationActionKind.SendNotice && d.StageId == "final");
        var spread = new ProvisionalInterestPeriod(new LocalDate(2026, 7, 1), FinalDay, 0.1015m, new CarriedReferenceRate("ECB-MRO", 0.0215m, new LocalDate(2025, 6, 11), null));
        var values = new EscalationDecision(
            notice.IdempotencyKey, notice.AccountId, notice.PolicyId, notice.PolicyVersion, notice.StageId, notice.Action, notice.Tone, notice.Channel,
            notice.TemplateKey, notice.Language, notice.ItemIds, notice.PrincipalAmount, notice.InterestAmount, notice.FeeAmount, notice.OpenBalance,
            notice.Occurrence, notice.DecidedAt, notice.NotBefore, notice.Explanation) { ProvisionalInterest = [spread] };
        Assert.Contains(
            "se ha aplicado provisionalmente el último conocido, del 2,15 % (vigente desde el 11/06/2025), lo que da un interés de demora del 10,15 % anual.",
            Renderer.Render(values, account, null).Body,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChargeLateInterestHandler_Provisional_RefusedByDefault_PostedWhenAllowed()
    {
        var account = Overdue();
        var interest = EvaluateFinal(account).Decisions.Single(d => d.Action == EscalationActionKind.ChargeLateInterest);
        var store = new InMemoryReceivableStore();
        store.Put(account, null);

        var refused = await new ChargeLateInterestHandler(store).HandleAsync(new ActionRequest(interest, account, null), CancellationToken.None);
        Assert.False(refused.IsDone);
        Assert.StartsWith($"provisional interest not posted: decision '{interest.IdempotencyKey}' carries 4.17 EUR in 1 posting computed with a reference rate carried forward (2026-07-01 to 2026-07-07 at 10.15 %", refused.SkipReason, StringComparison.Ordinal);
        Assert.Empty((await store.LoadAccountAsync("ACC-1", CancellationToken.None))!.Charges);
        await Assert.ThrowsAsync<ArgumentException>(() => new ChargeLateInterestHandler(store).PostAsync(new ActionRequest(interest, account, null), CancellationToken.None).AsTask());

        var posted = await new ChargeLateInterestHandler(store) { PostProvisionalInterest = true }.HandleAsync(new ActionRequest(interest, account, null), CancellationToken.None);
        Assert.True(posted.IsDone);
        Assert.Equal("interest 4.17 EUR (1 posting)", posted.Reference);
        Assert.Equal(Money.Of(4.17m, Eur), Assert.Single((await store.LoadAccountAsync("ACC-1", CancellationToken.None))!.Charges).Amount);
    }

    [Fact]
    public void AccountInterestPost_ProvisionalCharge_RefusedUnlessAllowed()
    {
        var account = Overdue();
        var interest = EvaluateFinal(account).Decisions.Single(d => d.Action == EscalationActionKind.ChargeLateInterest);
        var ex = Assert.Throws<ArgumentException>(() => AccountInterest.Post(account, interest.Charges));
        Assert.Equal("charges", ex.ParamName);
        Assert.StartsWith("charges[0] ('interest/A/2026-07-07', 4.17 EUR) is provisional", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Money.Of(4.17m, Eur), AccountInterest.Post(account, interest.Charges, postProvisional: true).Amount);
    }

    [Fact]
    public void AccountInterestPost_ProvisionalAccrual_RefusedUnlessAllowed()
    {
        var account = Overdue();
        var terms = LateInterestTerms.FromPreset(StatutoryPresets.Spain(), missingRates: MissingRatePolicy.CarryForwardProvisional);
        var accrual = AccountInterest.For(account, "A", FinalDay, terms);
        Assert.Equal((Money.Of(4.17m, Eur), true), (accrual.Accrued, accrual.IsProvisional));
        Assert.Equal([Expected], accrual.ProvisionalPeriods.ToArray());

        var ex = Assert.Throws<InvalidOperationException>(() => AccountInterest.Post(account, FinalDay, terms));
        Assert.StartsWith("the interest 4.17 EUR accrued on item 'A' through 2026-07-07 is provisional", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Money.Of(4.17m, Eur), AccountInterest.Post(account, FinalDay, terms, postProvisional: true).Amount);
        // Without the terms' opt-in the same call fails on the missing rate, as before.
        Assert.Throws<ReferenceRateUnavailableException>(() => AccountInterest.Post(account, FinalDay, LateInterestTerms.FromPreset(StatutoryPresets.Spain())));
    }

    [Fact]
    public void AccountInterestFor_PostedThroughAProvisionalDay_OnlyTheUnpostedDaysAreProvisional()
    {
        // Interest posted through 03/07/2026 (its provisional part then is the ledger's); as of 07/07 the figure covers
        // 04/07..07/07: 1.000,00 × 10,15 % × 15/365 − 1.000,00 × 10,15 % × 11/365 = 4,1712… − 3,0589… = 1,1123… → 1,11 €.
        var item = new AccountItem("A", "F-A", 0, Due.PlusDays(-30), Due, Money.Of(1000m, Eur), interestCharged: Money.Of(3.06m, Eur))
        {
            InterestPostedThrough = new LocalDate(2026, 7, 3),
        };
        var account = Account(items: [item]);
        var terms = LateInterestTerms.FromPreset(StatutoryPresets.Spain(), missingRates: MissingRatePolicy.CarryForwardProvisional);
        var accrual = AccountInterest.For(account, "A", FinalDay, terms);
        Assert.Equal(Money.Of(1.11m, Eur), accrual.Accrued);
        var period = Assert.Single(accrual.ProvisionalPeriods);
        Assert.Equal((new LocalDate(2026, 7, 4), FinalDay), (period.From, period.To));
    }

    [Fact]
    public void Template_InterestProvisionalInASubject_Refused_AndFriendlyRemindersCarryNoNote()
    {
        var ex = Assert.Throws<Cobranza.Core.Escalation.Templates.InvalidTemplateException>(
            () => new Cobranza.Core.Escalation.Templates.MessageTemplate("custom", NotificationChannel.Email, Language.Spanish, "Aviso {{interest.provisional}}", "<p>x</p>"));
        Assert.Equal("placeholder {{interest.provisional}} cannot be used in a subject.", Assert.Single(ex.Errors).Message);
        // The notices that ask for overdue amounts print the note; the friendly reminders before and on the due date state no interest.
        foreach (var t in Cobranza.Core.Escalation.Templates.TemplateCatalog.Default.Templates.Where(t => t.Channel is NotificationChannel.Email or NotificationChannel.Letter or NotificationChannel.WhatsApp))
        {
            bool friendlyOrEvent = t.Key is "reminder-before-due" or "reminder-due-today" or "payment-thank-you" or "notice-service-restored";
            Assert.Equal(!friendlyOrEvent, t.Body.Contains("{{interest.provisional}}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ProvisionalValues_BadInput_NameTheFieldAndValue()
    {
        var through = Assert.Throws<ArgumentOutOfRangeException>(() => new CarriedReferenceRate("ES", 0.1m, new LocalDate(2026, 7, 1), new LocalDate(2026, 6, 30)));
        Assert.StartsWith("publishedThrough must not be before publishedFrom 2026-07-01 (was 2026-06-30).", through.Message, StringComparison.Ordinal);
        Assert.Equal("tableId", Assert.Throws<ArgumentException>(() => new CarriedReferenceRate(" ", 0.1m, new LocalDate(2026, 1, 1), null)).ParamName);
        Assert.Equal("annualRate", Assert.Throws<ArgumentOutOfRangeException>(() => new ProvisionalInterestPeriod(new LocalDate(2026, 7, 1), new LocalDate(2026, 7, 2), 12m, null)).ParamName);
        var to = Assert.Throws<ArgumentOutOfRangeException>(() => new ProvisionalInterestPeriod(new LocalDate(2026, 7, 2), new LocalDate(2026, 7, 1), 0.1m, null));
        Assert.StartsWith("to must not be before from 2026-07-02 (was 2026-07-01).", to.Message, StringComparison.Ordinal);
        Assert.Equal("ProvisionalInterest", Assert.Throws<ArgumentNullException>(() => new EscalationDecision(
            "k", "A", "p", 1, "s", EscalationActionKind.SendNotice, EscalationTone.Firm, NotificationChannel.Email, "notice-final", Language.Spanish, ["A"],
            Money.Of(1m, Eur), Money.Zero(Eur), Money.Zero(Eur), Money.Of(1m, Eur), 1, Instant.FromUtc(2026, 7, 7, 8, 0), Instant.FromUtc(2026, 7, 7, 8, 0), "x")
        {
            ProvisionalInterest = [null!],
        }).ParamName);
    }

    [Fact]
    public void LateInterestTerms_MissingRates_UndefinedValue_Refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LateInterestTerms.FromPreset(StatutoryPresets.Spain(), missingRates: (MissingRatePolicy)7));
        Assert.Equal("MissingRates", ex.ParamName);
        Assert.StartsWith("MissingRates must be a defined MissingRatePolicy (was 7).", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_ProvisionalInterest_NoticeSentMarked_InterestPostedOnlyWhenAllowed_SummaryEqualsLedger(bool allow)
    {
        var account = Overdue();
        var at = At(account, FinalDay);
        var store = new InMemoryReceivableStore();
        store.Put(account, at);
        var journal = new InMemoryCollectionJournal();
        var sender = new InMemoryNotificationSender();
        var runner = new CollectionRunner(
            store,
            journal,
            new PolicyAccountEvaluator(EngineWith(MissingRatePolicy.CarryForwardProvisional), EscalationPolicyRegistry.DefaultOnly),
            Renderer,
            sender,
            [new ChargeLateInterestHandler(store) { PostProvisionalInterest = allow }, new ApplyLateFeeHandler(store)]);

        var summary = await runner.RunCycleAsync(at, RunOptions.Default);

        var sent = Assert.Single(sender.Sent);
        Assert.Contains("Intereses provisionales: del 01/07/2026 al 07/07/2026", sent.Content.Body, StringComparison.Ordinal);
        var entry = journal.Snapshot().Single(e => e.Decision.Action == EscalationActionKind.ChargeLateInterest);
        var ledger = (await store.LoadAccountAsync("ACC-1", CancellationToken.None))!.Charges.Where(c => c.Kind == ChargeKind.Interest).ToList();
        if (allow)
        {
            Assert.Equal(DecisionOutcome.Dispatched, entry.State);
            Assert.Equal(Money.Of(4.17m, Eur), Assert.Single(ledger).Amount);
            Assert.Equal(Money.Of(4.17m, Eur), Assert.Single(summary.InterestCharged));
        }
        else
        {
            Assert.Equal(DecisionOutcome.Skipped, entry.State);
            Assert.StartsWith("provisional interest not posted", entry.Error, StringComparison.Ordinal);
            Assert.Empty(ledger);
            Assert.Empty(summary.InterestCharged); // nothing posted, nothing reported as posted
        }

        // The fee does not depend on a rate: posted either way (EUR 40, Ley 3/2004 art. 8.1).
        Assert.Equal(Money.Of(40m, Eur), Assert.Single(summary.FeesCharged));
    }
}
