using System;
using System.Collections.Immutable;
using System.Globalization;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;
using NodaTime;

namespace Cobranza.Testing;

/// <summary>Small builders of valid accounts and decisions for adapter and runner tests.</summary>
public static class TestData
{
    /// <summary>An account with one open invoice item.</summary>
    /// <param name="accountId">The account id (also the customer id).</param>
    /// <param name="dueDate">The due date of the item.</param>
    /// <param name="amount">The amount of the item (its currency is the account's).</param>
    /// <param name="timeZone">The customer's time zone (default UTC).</param>
    /// <param name="policyId">The customer's escalation policy id, or <see langword="null"/> for the default.</param>
    /// <returns>The account.</returns>
    public static CustomerAccount Account(string accountId, LocalDate dueDate, Money amount, DateTimeZone? timeZone = null, string? policyId = null)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var customer = new CustomerProfile(accountId, "Cliente " + accountId, Language.Spanish, timeZone ?? DateTimeZone.Utc, escalationPolicyId: policyId);
        var item = new AccountItem(accountId + "-1", "INV-" + accountId, 0, dueDate.PlusDays(-30), dueDate, amount);
        return new CustomerAccount(accountId, amount.Currency, customer, [item]);
    }

    /// <summary>An account with one open item of 100.00 EUR due on 2026-01-31.</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns>The account.</returns>
    public static CustomerAccount Account(string accountId) => Account(accountId, new LocalDate(2026, 1, 31), Money.Of(100m, Currency.EUR));

    /// <summary>A decision for an account, keyed as the engine does (<c>policy|stage|action|channel|scope|occurrence</c>).</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="stageId">The stage (default "firm").</param>
    /// <param name="action">The action (default a notice).</param>
    /// <param name="decidedAt">When it was decided (default 2026-02-03T09:00Z).</param>
    /// <param name="occurrence">The occurrence (default 1).</param>
    /// <param name="notBefore">When it may be carried out (default <paramref name="decidedAt"/>).</param>
    /// <param name="principal">The principal owed on the listed item (default 100.00 EUR).</param>
    /// <param name="promisedDate">The promised date of a broken-promise notice (default none).</param>
    /// <param name="interest">The interest owed (default zero).</param>
    /// <param name="fees">The fees owed (default zero).</param>
    /// <param name="openBalance">The account's open balance (default principal + interest + fees).</param>
    /// <param name="charges">The postings of a charge action (default none).</param>
    /// <param name="provisionalInterest">The provisional days of the interest (<see cref="EscalationDecision.ProvisionalInterest"/>); empty by default.</param>
    /// <param name="settlement">The figures of a payment-event notice (<see cref="EscalationDecision.Settlement"/>); none by default.</param>
    /// <returns>The decision.</returns>
    public static EscalationDecision Decision(
        string accountId,
        string stageId = "firm",
        EscalationActionKind action = EscalationActionKind.SendNotice,
        Instant? decidedAt = null,
        int occurrence = 1,
        Instant? notBefore = null,
        Money? principal = null,
        LocalDate? promisedDate = null,
        Money? interest = null,
        Money? fees = null,
        Money? openBalance = null,
        ImmutableArray<LateCharge> charges = default,
        ImmutableArray<Cobranza.Core.Interest.ProvisionalInterestPeriod> provisionalInterest = default,
        SettlementFigures? settlement = null)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var at = decidedAt ?? Instant.FromUtc(2026, 2, 3, 9, 0);
        var amount = principal ?? Money.Of(100m, Currency.EUR);
        var owedInterest = interest ?? Money.Zero(amount.Currency);
        var owedFees = fees ?? Money.Zero(amount.Currency);
        NotificationChannel? channel = action switch
        {
            EscalationActionKind.SendNotice => NotificationChannel.Email,
            EscalationActionKind.LegalNotice => NotificationChannel.Letter,
            EscalationActionKind.CreateTask => NotificationChannel.PhoneCall,
            _ => null,
        };
        string? template = action switch
        {
            EscalationActionKind.SendNotice => "reminder-" + stageId,
            EscalationActionKind.LegalNotice => "notice-legal",
            EscalationActionKind.CreateTask => "task-call-customer",
            _ => null,
        };
        string key = string.Create(CultureInfo.InvariantCulture, $"cobranza-default|{stageId}|{action}|{(channel is { } c ? c.ToString() : "-")}|{accountId}|{occurrence}");
        return new EscalationDecision(
            key, accountId, "cobranza-default", 1, stageId, action, EscalationTone.Firm, channel, template, Language.Spanish,
            ImmutableArray.Create(accountId + "-1"), amount, owedInterest, owedFees, openBalance ?? amount + owedInterest + owedFees,
            occurrence, at, notBefore ?? at, $"Stage {stageId} fired for account {accountId}.")
        {
            PromisedDate = promisedDate,
            Charges = charges,
            ProvisionalInterest = provisionalInterest,
            Settlement = settlement,
        };
    }
}
