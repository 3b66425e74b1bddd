using System;
using System.Buffers;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Cobranza.Core.Calendars;
using Cobranza.Core.Installments;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Receivables;

/// <summary>The late-interest rules an account accrues under: a rate definition and the accrual conventions.</summary>
/// <param name="Rate">The rate definition (fixed, reference + spread, a table…).</param>
/// <param name="Conventions">Which days count, day count, rounding (see docs/interest.md).</param>
/// <remarks>Equality is the synthesized record equality: <see cref="Host"/> is compared by reference (the host's provider is a service, not a value).</remarks>
public sealed record LateInterestTerms(LateInterestRate Rate, AccrualConventions Conventions)
{
    /// <summary>The rate definition.</summary>
    public LateInterestRate Rate { get; } = Guard.NotNull(Rate);

    /// <summary>The accrual conventions.</summary>
    /// <exception cref="ArgumentException">
    /// <see cref="AccrualConventions.UsuryExcess"/> is <see cref="UsuryExcessRule.Forfeit"/>: account accrual posts
    /// interest in steps and cannot take back what an earlier step posted.
    /// </exception>
    public AccrualConventions Conventions { get; } = RequireCap(Guard.NotNull(Conventions));

    private static AccrualConventions RequireCap(AccrualConventions conventions)
        => conventions.UsuryExcess == UsuryExcessRule.Cap
            ? conventions
            : throw new ArgumentException(
                $"Conventions.UsuryExcess was {conventions.UsuryExcess}, which account accrual does not apply (it posts interest in steps and cannot take back what an earlier step posted); "
                + "use UsuryExcessRule.Cap, or compute the statement over the whole late period with LateInterestCalculator.",
                nameof(Conventions));

    /// <summary>The host's reference rates, asked before the built-in tables; optional.</summary>
    public IReferenceRateProvider? Host { get; init; }

    /// <summary>
    /// What accrual does when a reference rate for a period is not loaded yet: <see cref="MissingRatePolicy.Fail"/> throws
    /// <see cref="ReferenceRateUnavailableException"/> (naming the table, the missing period and the row to add);
    /// <see cref="MissingRatePolicy.CarryForwardProvisional"/> (opt-in) carries the last known value forward and marks the
    /// figure provisional (<see cref="ItemAccrual.ProvisionalPeriods"/>, <see cref="Escalation.EscalationDecision.ProvisionalInterest"/>),
    /// which the ready handlers do not post unless the host allows it (docs/interest.md, "Provisional mode: decisions and notices").
    /// </summary>
    /// <value>Default <see cref="MissingRatePolicy.Fail"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a defined <see cref="MissingRatePolicy"/>.</exception>
    public MissingRatePolicy MissingRates
    {
        get;
        init => field = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MissingRates), value, $"MissingRates must be a defined MissingRatePolicy (was {(int)value}).");
    }

    /// <summary>The rate and conventions of a statutory preset (e.g. <see cref="StatutoryPresets.Spain"/>).</summary>
    /// <param name="preset">The preset.</param>
    /// <param name="host">The host's reference rates, optional.</param>
    /// <param name="missingRates">What to do when a reference rate is not loaded yet (<see cref="MissingRates"/>); default <see cref="MissingRatePolicy.Fail"/>.</param>
    /// <returns>The terms.</returns>
    /// <exception cref="ArgumentException">
    /// The preset forfeits interest above a ceiling (<see cref="UsuryExcessRule.Forfeit"/>): account accrual posts
    /// interest in steps and cannot take back what an earlier step posted, so it would charge the capped rate instead.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="missingRates"/> is not a defined <see cref="MissingRatePolicy"/>.</exception>
    public static LateInterestTerms FromPreset(LateInterestPreset preset, IReferenceRateProvider? host = null, MissingRatePolicy missingRates = MissingRatePolicy.Fail)
    {
        Guard.NotNull(preset);
        if (preset.Conventions.UsuryExcess == UsuryExcessRule.Forfeit)
        {
            throw new ArgumentException(
                $"preset '{preset.Name}' forfeits all interest when the rate exceeds its ceiling (UsuryExcess was Forfeit), which account accrual does not apply; "
                + "use the preset with UsuryExcessRule.Cap, or compute the statement over the whole late period with LateInterestCalculator.",
                nameof(preset));
        }

        return new LateInterestTerms(preset.Rate, preset.Conventions) { Host = host, MissingRates = missingRates };
    }
}

/// <summary>The late interest accrued on one item and not yet posted.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="AsOf">The date of the calculation.</param>
/// <param name="Accrued">Interest accrued through <paramref name="AccruedThrough"/> and not yet posted (rounded to the minor unit).</param>
/// <param name="AccruedThrough">The last day counted: <paramref name="AsOf"/>, or the plan's start while a freezing plan is honoured.</param>
/// <param name="Frozen">Whether a plan that freezes late interest stopped the accrual.</param>
/// <remarks>Equality is the synthesized record equality, with <see cref="ProvisionalPeriods"/> compared element by element.</remarks>
public sealed record ItemAccrual(string ItemId, LocalDate AsOf, Money Accrued, LocalDate AccruedThrough, bool Frozen)
{
    /// <summary>
    /// The unposted days of <see cref="Accrued"/> that used a provisional rate (<see cref="LateInterestTerms.MissingRates"/> =
    /// <see cref="MissingRatePolicy.CarryForwardProvisional"/> and the official value not loaded yet); empty when the figure
    /// uses published rates only.
    /// </summary>
    public ImmutableArray<ProvisionalInterestPeriod> ProvisionalPeriods
    {
        get => field.IsDefault ? ImmutableArray<ProvisionalInterestPeriod>.Empty : field;
        init => field = value;
    }

    /// <summary>Whether <see cref="Accrued"/> is provisional: some unposted accruing day used a carried-forward rate.</summary>
    public bool IsProvisional => !ProvisionalPeriods.IsEmpty;

    /// <summary>Value equality: every member, the provisional periods compared element by element.</summary>
    /// <param name="other">The other accrual.</param>
    /// <returns><see langword="true"/> when both carry the same values.</returns>
    public bool Equals(ItemAccrual? other)
        => other is not null && (ReferenceEquals(this, other) || (
            ItemId == other.ItemId && AsOf == other.AsOf && Accrued == other.Accrued && AccruedThrough == other.AccruedThrough
            && Frozen == other.Frozen && ValueEquality.SequenceEqual(ProvisionalPeriods, other.ProvisionalPeriods)));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ItemId, AsOf, Accrued, AccruedThrough, Frozen);
}

/// <summary>
/// Late interest on an account's items with <see cref="LateInterestCalculator"/>: on each item's principal
/// balance from its due date, as payments, discounts and credit notes reduce it (dated changes), minus what was
/// already posted (<see cref="AccountItem.InterestPostedThrough"/>).
/// </summary>
/// <remarks>
/// Accrued = interest(due date → as of) − interest(due date → posted through), both computed by the calculator with
/// the same terms, so postings in several steps add up to a single posting at the end. Interest runs on principal
/// only (not on fees or posted interest: Código Civil art. 1109). While an item is in a plan that freezes late
/// interest and the plan is not broken (acceleration clause) as of the date, accrual stops at the plan's start; once
/// the plan is broken, interest runs as if it had never been frozen.
/// </remarks>
public static class AccountInterest
{
    /// <summary>Accrued, unposted late interest of one item as of a date.</summary>
    /// <param name="account">The account.</param>
    /// <param name="itemId">The item.</param>
    /// <param name="asOf">The date (inclusive, as the conventions say).</param>
    /// <param name="terms">Rate and conventions.</param>
    /// <returns>The accrual.</returns>
    /// <exception cref="ArgumentException">The item is unknown.</exception>
    /// <exception cref="ReferenceRateUnavailableException">A needed reference rate is not covered.</exception>
    public static ItemAccrual For(CustomerAccount account, string itemId, LocalDate asOf, LateInterestTerms terms)
    {
        Guard.NotNull(account);
        Guard.NotNull(itemId);
        Guard.NotNull(terms);
        int index = account.IndexOf(itemId);
        if (index < 0)
        {
            throw new ArgumentException($"account '{account.Id}' has no item '{itemId}'.", nameof(itemId));
        }

        var schedules = default(ResolvedSchedules);
        return Accrue(account, account.Items[index], asOf, terms, ref schedules);
    }

    /// <summary>Accrued, unposted late interest of every item (in item order) as of a date.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asOf">The date.</param>
    /// <param name="terms">Rate and conventions.</param>
    /// <returns>One accrual per item.</returns>
    public static ImmutableArray<ItemAccrual> ForItems(CustomerAccount account, LocalDate asOf, LateInterestTerms terms)
    {
        Guard.NotNull(account);
        Guard.NotNull(terms);
        var builder = ImmutableArray.CreateBuilder<ItemAccrual>(account.Items.Length);
        var schedules = default(ResolvedSchedules); // items due the same day resolve their rates once
        foreach (var item in account.Items)
        {
            builder.Add(Accrue(account, item, asOf, terms, ref schedules));
        }

        return builder.MoveToImmutable();
    }

    /// <summary>Posts the accrued interest of every item that has some (an <see cref="InterestPosted"/> through the day accrued).</summary>
    /// <param name="account">The account.</param>
    /// <param name="asOf">The posting date.</param>
    /// <param name="terms">Rate and conventions.</param>
    /// <param name="itemIds">Only these items; <see langword="null"/> for all.</param>
    /// <param name="postProvisional">
    /// Whether to post an accrual that is provisional (<see cref="ItemAccrual.IsProvisional"/>: a rate carried forward under
    /// <see cref="LateInterestTerms.MissingRates"/> = <see cref="MissingRatePolicy.CarryForwardProvisional"/>). Default
    /// <see langword="false"/>: such an accrual throws, nothing is posted. A provisional figure posted is final in the ledger:
    /// a later posting accrues from the day after it, so the difference to the official rate is not corrected.
    /// </param>
    /// <returns>The account after the postings (the same snapshot when nothing accrued), the postings and their total.</returns>
    /// <exception cref="InvalidOperationException">An accrual to post is provisional and <paramref name="postProvisional"/> is false (the message names the item, the amount and the provisional days).</exception>
    /// <exception cref="ReferenceRateUnavailableException">A needed reference rate is not covered and the terms do not carry it forward.</exception>
    public static ChargePosting Post(CustomerAccount account, LocalDate asOf, LateInterestTerms terms, IReadOnlyCollection<string>? itemIds = null, bool postProvisional = false)
    {
        Guard.NotNull(account);
        Guard.NotNull(terms);
        var events = new List<AccountEvent>();
        foreach (var accrual in ForItems(account, asOf, terms))
        {
            if (accrual.Accrued.IsPositive && (itemIds is null || Contains(itemIds, accrual.ItemId)))
            {
                if (accrual.IsProvisional && !postProvisional)
                {
                    throw new InvalidOperationException(
                        $"the interest {accrual.Accrued} accrued on item '{accrual.ItemId}' through {Ledger.Iso(accrual.AccruedThrough)} is provisional "
                        + $"({string.Join("; ", accrual.ProvisionalPeriods)}) and is not posted; load the official rate, or pass postProvisional: true to post the estimate.");
                }

                events.Add(new InterestPosted(accrual.ItemId, asOf, accrual.AccruedThrough, accrual.Accrued));
            }
        }

        return ChargePosting.Apply(account, events);
    }

    /// <summary>
    /// Posts interest charges exactly as given (a decision's <see cref="Escalation.EscalationDecision.Charges"/> of a
    /// <see cref="Escalation.EscalationActionKind.ChargeLateInterest"/> stage): one <see cref="InterestPosted"/> each,
    /// nothing re-accrued. A posting the ledger already holds changes nothing and is not counted as posted.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="charges">The interest charges, in order.</param>
    /// <param name="postProvisional">
    /// Whether to post a charge marked <see cref="Escalation.LateCharge.Provisional"/> (computed with a rate carried forward).
    /// Default <see langword="false"/>: such a charge throws, nothing is posted.
    /// </param>
    /// <returns>The account after the postings, the events added and their total (zero when all were already posted).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A charge is null or not interest, does not fit the account (the ledger's message), or is provisional and <paramref name="postProvisional"/> is false.</exception>
    public static ChargePosting Post(CustomerAccount account, IEnumerable<Escalation.LateCharge> charges, bool postProvisional)
        => ChargePosting.Apply(account, charges, ChargeKind.Interest, nameof(charges), postProvisional);

    /// <summary>As <see cref="Post(CustomerAccount, IEnumerable{Escalation.LateCharge}, bool)"/> without posting provisional charges (a provisional charge throws).</summary>
    /// <param name="account">The account.</param>
    /// <param name="charges">The interest charges, in order.</param>
    /// <returns>The account after the postings, the events added and their total (zero when all were already posted).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A charge is null, not interest, provisional, or does not fit the account (the ledger's message).</exception>
    public static ChargePosting Post(CustomerAccount account, IEnumerable<Escalation.LateCharge> charges)
        => Post(account, charges, postProvisional: false);

    private static bool Contains(IReadOnlyCollection<string> ids, string id)
    {
        foreach (var candidate in ids)
        {
            if (string.Equals(candidate, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="For"/> of an item of <paramref name="account"/> (taken from its <see cref="CustomerAccount.Items"/>),
    /// sharing resolved rate schedules through <paramref name="schedules"/> across the items of one evaluation: items
    /// whose accrual starts on the same day and runs through the same day resolve their rates once.
    /// </summary>
    internal static ItemAccrual ForItem(CustomerAccount account, AccountItem item, LocalDate asOf, LateInterestTerms terms, ref ResolvedSchedules schedules)
        => Accrue(account, item, asOf, terms, ref schedules);

    private static ItemAccrual Accrue(CustomerAccount account, AccountItem item, LocalDate asOf, LateInterestTerms terms, ref ResolvedSchedules schedules)
    {
        var end = asOf;
        bool frozen = false;
        foreach (var plan in account.Plans)
        {
            if (plan.FreezesLateInterest && plan.ItemIds.Contains(item.Id) && plan.StartedOn < end
                && plan.Plan.StatusAsOf(asOf).Status != PlanStatus.Broken)
            {
                end = plan.StartedOn;
                frozen = true;
            }
        }

        var zero = Money.Zero(item.Currency);
        if (end <= item.DueDate || (item.InterestPostedThrough is { } posted && posted >= end))
        {
            return new ItemAccrual(item.Id, asOf, zero, end, frozen);
        }

        decimal total = Interest(account, item, end, terms, ref schedules, out var provisional);
        decimal already = item.InterestPostedThrough is { } through ? Interest(account, item, through, terms, ref schedules, out _) : 0m;
        if (!provisional.IsEmpty && item.InterestPostedThrough is { } postedThrough)
        {
            // Only the unposted days are in the figure: what was posted is the ledger's, whatever rate it used.
            var unposted = ImmutableArray.CreateBuilder<ProvisionalInterestPeriod>();
            foreach (var p in provisional)
            {
                if (p.To > postedThrough)
                {
                    unposted.Add(p.From > postedThrough ? p : new ProvisionalInterestPeriod(postedThrough.PlusDays(1), p.To, p.AnnualRate, p.Carried));
                }
            }

            provisional = unposted.ToImmutable();
        }

        return new ItemAccrual(item.Id, asOf, Money.Of(Math.Max(0m, total - already), item.Currency), end, frozen) { ProvisionalPeriods = provisional };
    }

    /// <summary>
    /// The interest on <paramref name="item"/>'s principal from its due date through <paramref name="until"/>
    /// (<see cref="LateInterestCalculator.CalculateTotals"/> of the item's balance changes), and the days of it that used
    /// a provisional rate (<paramref name="provisional"/>). The usual case reads the reductions into two pooled arrays
    /// (day numbers and amounts) and accrues them without change objects (<see cref="LateInterestCalculator.TryCalculateTotals"/>);
    /// anything else (a date outside the ISO calendar, an empty reference, totals the integer accrual cannot compute)
    /// takes <see cref="InterestByRequest"/>, the plain computation, which the fast path equals bit for bit (decision
    /// 0003; <c>AccountInterestReferenceProperties</c>).
    /// </summary>
    private static decimal Interest(CustomerAccount account, AccountItem item, LocalDate until, LateInterestTerms terms, ref ResolvedSchedules schedules, out ImmutableArray<ProvisionalInterestPeriod> provisional)
    {
        provisional = ImmutableArray<ProvisionalInterestPeriod>.Empty;
        if (until <= item.DueDate)
        {
            return 0m;
        }

        if (!item.IsIsoDue)
        {
            return InterestByRequest(account, item, until, terms, null, out provisional);
        }

        // The reductions as day numbers and amounts, in two pooled arrays (grown if an item has more than one
        // allocation in a payment or a credit application).
        int[] days = ArrayPool<int>.Shared.Rent(account.Payments.Length + account.CreditApplications.Length + account.Credits.Length);
        decimal[] amounts = ArrayPool<decimal>.Shared.Rent(days.Length);
        try
        {
            decimal opening = item.Amount.Amount;
            if (!ReadReductions(account, item.Id, item.DueDay, ref opening, ref days, ref amounts, out int count, out bool ordered))
            {
                return InterestByRequest(account, item, until, terms, null, out provisional);
            }

            if (!ordered)
            {
                SortStable(days, amounts, count);
            }

            var first = terms.Conventions.Start == AccrualStart.DueDate ? item.DueDate : item.DueDate.PlusDays(1);
            var rates = schedules.Resolve(terms, first, until); // once per call for items accruing over the same days
            var request = new LateInterestRequest(item.DueDate, until, Money.Of(opening, item.Currency), rates)
            {
                Conventions = terms.Conventions,
            };
            if (!LateInterestCalculator.TryCalculateTotals(request, days, amounts, count, out var totals))
            {
                return InterestByRequest(account, item, until, terms, rates, out provisional);
            }

            if (totals.IsProvisional && totals.FirstAccruingDay is { } firstDay && totals.LastAccruingDay is { } lastDay)
            {
                provisional = ProvisionalInterestPeriod.Within(rates, firstDay, lastDay);
            }

            return totals.Interest.Amount;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(days);
            ArrayPool<decimal>.Shared.Return(amounts);
        }
    }

    /// <summary>
    /// Reads the reductions of item <paramref name="itemId"/> in the order of the plain computation (payments, credit
    /// applications, credit notes), each amount computed as there (principal + discount, once, by the exact integer
    /// sum when it applies): those on or before the due day are taken off <paramref name="opening"/> in that order;
    /// the others are the changes, negated as <c>Money.Of(-amount)</c> negates them, kept in order in
    /// <paramref name="days"/> and <paramref name="amounts"/> (<paramref name="count"/> of them; <paramref name="ordered"/>
    /// when their days do not decrease). False when the plain computation must decide: a date outside the ISO
    /// calendar or an empty reference, which its <see cref="BalanceChange"/> refuses. A method of its own, so that the
    /// loop keeps its state in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ReadReductions(CustomerAccount account, string itemId, int dueDay, ref decimal opening, ref int[] days, ref decimal[] amounts, out int count, out bool ordered)
    {
        count = 0;
        ordered = true;
        foreach (var payment in account.Payments)
        {
            // A payment's day number, and the reduction of its only allocation, are derived at construction; its
            // reference is never empty.
            if (payment.SoleItemId is { } sole)
            {
                if (sole == itemId && ExactDecimal.Sign(payment.SoleReduction) > 0
                    && !PaymentReduction(payment, payment.SoleReduction, dueDay, ref opening, ref days, ref amounts, ref count, ref ordered))
                {
                    return false;
                }

                continue;
            }

            foreach (var a in payment.Allocations)
            {
                if (a.ItemId == itemId && Reduced(a, out decimal reduced) > 0
                    && !PaymentReduction(payment, reduced, dueDay, ref opening, ref days, ref amounts, ref count, ref ordered))
                {
                    return false;
                }
            }
        }

        foreach (var application in account.CreditApplications)
        {
            foreach (var a in application.Allocations)
            {
                if (a.ItemId == itemId && Reduced(a, out decimal reduced) > 0
                    && !Reduction(application.AppliedOn, reduced, application.Reference, dueDay, ref opening, ref days, ref amounts, ref count, ref ordered))
                {
                    return false;
                }
            }
        }

        foreach (var credit in account.Credits)
        {
            if (credit.ItemId == itemId && !Reduction(credit.IssuedOn, credit.Amount.Amount, credit.Reference, dueDay, ref opening, ref days, ref amounts, ref count, ref ordered))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What an allocation takes off the item's principal: <c>a.Principal.Amount + a.Discount.Amount</c>, the decimal
    /// operator's result (by <see cref="ExactDecimal.TryAdd"/> when it applies: same mantissa, scale and sign).
    /// </summary>
    /// <returns>The sign of the sum (-1, 0 or 1; a negative zero is 0, as <c>&gt; 0m</c> has it).</returns>
    private static int Reduced(PaymentAllocation a, out decimal reduced)
    {
        reduced = Reduced(a);
        return ExactDecimal.Sign(reduced);
    }

    /// <summary>What an allocation takes off the item's principal (<see cref="Reduced(PaymentAllocation, out decimal)"/>), derived once for a payment's only allocation (<see cref="AccountPayment.SoleReduction"/>).</summary>
    internal static decimal Reduced(PaymentAllocation a)
    {
        decimal principal = a.Principal.Amount, discount = a.Discount.Amount;
        return ExactDecimal.TryAdd(principal, discount, out decimal sum) ? sum : principal + discount;
    }

    /// <summary>A reduction by a payment (<see cref="Reduction"/> with the day derived at construction); false for a date outside the ISO calendar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool PaymentReduction(AccountPayment payment, decimal amount, int dueDay, ref decimal opening, ref int[] days, ref decimal[] amounts, ref int count, ref bool ordered)
    {
        if (!payment.IsIsoReceived)
        {
            return false;
        }

        Change(payment.ReceivedDay, amount, dueDay, ref opening, ref days, ref amounts, ref count, ref ordered);
        return true;
    }

    /// <summary>
    /// Takes one reduction: off the opening balance when on or before the due day, else appended as a change (day
    /// number, negated amount), growing the pooled arrays when full; false when the plain computation must decide (a
    /// non-ISO date, an empty reference).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Reduction(LocalDate date, decimal amount, string reference, int dueDay, ref decimal opening, ref int[] days, ref decimal[] amounts, ref int count, ref bool ordered)
    {
        if (!DayNumbers.IsIso(date) || string.IsNullOrWhiteSpace(reference))
        {
            return false;
        }

        Change(DayNumbers.Of(date), amount, dueDay, ref opening, ref days, ref amounts, ref count, ref ordered);
        return true;
    }

    /// <summary>Takes one reduction of a valid date: off the opening balance when on or before the due day, else appended as a change.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Change(int day, decimal amount, int dueDay, ref decimal opening, ref int[] days, ref decimal[] amounts, ref int count, ref bool ordered)
    {
        if (day <= dueDay)
        {
            opening -= amount;
            return;
        }

        if (count == days.Length)
        {
            Grow(ref days, ref amounts, count);
        }

        ordered &= count == 0 || days[count - 1] <= day;
        days[count] = day;
        amounts[count] = -amount;
        count++;
    }

    /// <summary>Doubles the pooled arrays, keeping their first <paramref name="count"/> entries.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Grow(ref int[] days, ref decimal[] amounts, int count)
    {
        int[] moreDays = ArrayPool<int>.Shared.Rent(Math.Max(16, count * 2));
        decimal[] moreAmounts = ArrayPool<decimal>.Shared.Rent(moreDays.Length);
        Array.Copy(days, moreDays, count);
        Array.Copy(amounts, moreAmounts, count);
        ArrayPool<int>.Shared.Return(days);
        ArrayPool<decimal>.Shared.Return(amounts);
        days = moreDays;
        amounts = moreAmounts;
    }

    /// <summary>Sorts the first <paramref name="count"/> changes by day, keeping the order of changes on the same day (as the calculator sorts them).</summary>
    private static void SortStable(int[] days, decimal[] amounts, int count)
    {
        var keys = new (int Day, int Index)[count];
        var sorted = new decimal[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = (days[i], i);
            sorted[i] = amounts[i];
        }

        Array.Sort(keys, sorted);
        for (int i = 0; i < count; i++)
        {
            days[i] = keys[i].Day;
            amounts[i] = sorted[i];
        }
    }

    /// <summary>
    /// The plain computation of <see cref="Interest"/> (the reference the fast path equals): the reductions as
    /// <see cref="BalanceChange"/>s in a <see cref="LateInterestRequest"/>, accrued by <see cref="LateInterestCalculator.CalculateTotals"/>.
    /// <c>rates</c> is the schedule the fast path already resolved for the same days (resolving is deterministic, so
    /// the host's provider is not asked twice), or <see langword="null"/> to resolve it here.
    /// </summary>
    private static decimal InterestByRequest(CustomerAccount account, AccountItem item, LocalDate until, LateInterestTerms terms, RateSchedule? rates, out ImmutableArray<ProvisionalInterestPeriod> provisional)
    {
        provisional = ImmutableArray<ProvisionalInterestPeriod>.Empty;
        if (until <= item.DueDate)
        {
            return 0m;
        }

        var reductions = new List<(LocalDate Date, decimal Amount, string What)>();
        foreach (var payment in account.Payments)
        {
            foreach (var a in payment.Allocations)
            {
                if (a.ItemId == item.Id && a.Principal.Amount + a.Discount.Amount > 0m)
                {
                    reductions.Add((payment.ReceivedOn, a.Principal.Amount + a.Discount.Amount, payment.Reference));
                }
            }
        }

        foreach (var application in account.CreditApplications)
        {
            foreach (var a in application.Allocations)
            {
                if (a.ItemId == item.Id && a.Principal.Amount + a.Discount.Amount > 0m)
                {
                    reductions.Add((application.AppliedOn, a.Principal.Amount + a.Discount.Amount, application.Reference));
                }
            }
        }

        foreach (var credit in account.Credits)
        {
            if (credit.ItemId == item.Id)
            {
                reductions.Add((credit.IssuedOn, credit.Amount.Amount, credit.Reference));
            }
        }

        decimal opening = item.Amount.Amount;
        var changes = new List<BalanceChange>();
        foreach (var (date, amount, what) in reductions)
        {
            if (date <= item.DueDate)
            {
                opening -= amount;
            }
            else
            {
                changes.Add(new BalanceChange(date, Money.Of(-amount, item.Currency), what));
            }
        }

        var first = terms.Conventions.Start == AccrualStart.DueDate ? item.DueDate : item.DueDate.PlusDays(1);
        var schedule = rates ?? terms.Rate.Resolve(first, until, terms.Host, terms.MissingRates);
        var request = new LateInterestRequest(item.DueDate, until, Money.Of(opening, item.Currency), schedule)
        {
            BalanceChanges = changes,
            Conventions = terms.Conventions,
        };
        var totals = LateInterestCalculator.CalculateTotals(request); // the figure only: no statement to build
        if (totals.IsProvisional && totals.FirstAccruingDay is { } firstDay && totals.LastAccruingDay is { } lastDay)
        {
            provisional = ProvisionalInterestPeriod.Within(schedule, firstDay, lastDay);
        }

        return totals.Interest.Amount;
    }
}

/// <summary>What a restructuring needs: the plan's id and date, its terms, which items, and the interest options.</summary>
/// <param name="PlanId">The id of the new plan.</param>
/// <param name="Date">The date of the agreement: the plan's start date; interest is accrued and posted through it.</param>
/// <param name="Terms">
/// The plan's terms (method, count, first due date, frequency, plan interest, down payment…); the plan's amount is what
/// the items owe on <paramref name="Date"/>, and it starts on <paramref name="Date"/>.
/// </param>
public sealed record RestructuringRequest(string PlanId, LocalDate Date, RestructuringTerms Terms)
{
    /// <summary>The id of the new plan.</summary>
    public string PlanId { get; } = Guard.NotNullOrWhiteSpace(PlanId);

    /// <summary>The plan's terms.</summary>
    public RestructuringTerms Terms { get; } = Guard.NotNull(Terms);

    /// <summary>The items to restructure; empty (default) = every open item that is not disputed and not in a plan.</summary>
    public ImmutableArray<string> ItemIds
    {
        get => field.IsDefault ? ImmutableArray<string>.Empty : field;
        init => field = value;
    }

    /// <summary>When set, accrued late interest on the items is posted through <see cref="Date"/> before the plan is built.</summary>
    public LateInterestTerms? LateInterest { get; init; }

    /// <summary>Whether late interest on the items is frozen while the plan is honoured.</summary>
    public bool FreezesLateInterest { get; init; }

    /// <summary>The plan's acceleration clause, or <see langword="null"/>.</summary>
    public AccelerationClause? Acceleration { get; init; }

    /// <summary>Value equality: every member, the item ids compared element by element (in order, ordinal).</summary>
    /// <param name="other">The other request.</param>
    /// <returns><see langword="true"/> when both requests carry the same values and item ids.</returns>
    public bool Equals(RestructuringRequest? other)
        => other is not null && (ReferenceEquals(this, other) || (
            PlanId == other.PlanId && Date == other.Date && Terms == other.Terms && ValueEquality.SequenceEqual(ItemIds, other.ItemIds)
            && LateInterest == other.LateInterest && FreezesLateInterest == other.FreezesLateInterest && Acceleration == other.Acceleration));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PlanId);
        hash.Add(Date);
        hash.Add(Terms);
        ValueEquality.AddSequence(ref hash, ItemIds);
        hash.Add(LateInterest);
        hash.Add(FreezesLateInterest);
        hash.Add(Acceleration);
        return hash.ToHashCode();
    }
}

/// <summary>The outcome of a restructuring.</summary>
/// <param name="Account">The account with the interest posted and the plan started.</param>
/// <param name="Definition">The plan definition (amount = what the items owed on the date).</param>
/// <param name="Enrollment">The plan enrollment added to the account.</param>
/// <remarks>Equality is the synthesized record equality: <see cref="Account"/> is compared by reference (a <see cref="CustomerAccount"/> is a snapshot class without value equality; the enrollment's tracked plan likewise).</remarks>
public sealed record RestructuringResult(CustomerAccount Account, InstallmentPlanDefinition Definition, PlanEnrollment Enrollment);

/// <summary>
/// Restructuring an overdue debt (the negotiation step, "refinanciación"): the open items, their posted and accrued
/// late interest and their fees on a date become one installment plan.
/// </summary>
public static class Restructuring
{
    /// <summary>Posts accrued interest (optional), builds the plan for everything the items owe and starts it.</summary>
    /// <param name="account">The account.</param>
    /// <param name="request">The request.</param>
    /// <param name="calendars">Calendars for the plan's business-day adjustment.</param>
    /// <returns>The account, the plan definition and the enrollment.</returns>
    /// <exception cref="ArgumentException">An item is unknown, settled, or already in a plan; nothing is owed.</exception>
    /// <exception cref="FluentValidation.ValidationException">The plan terms are invalid for what the items owe on the date
/// (e.g. zero installments, a first due date before the date, explicit amounts that do not sum to what is owed); every
/// error is listed with the path of its field in <see cref="InstallmentPlanDefinition"/>.</exception>
    public static RestructuringResult Restructure(CustomerAccount account, RestructuringRequest request, Calendars.IBusinessCalendarProvider calendars)
    {
        Guard.NotNull(account);
        Guard.NotNull(request);
        Guard.NotNull(calendars);
        var ids = request.ItemIds.IsEmpty ? DefaultItems(account) : request.ItemIds;
        if (ids.IsEmpty)
        {
            throw new ArgumentException($"account '{account.Id}' has no open item to restructure on {Ledger.Iso(request.Date)}.", nameof(request));
        }

        foreach (var id in ids)
        {
            int index = account.IndexOf(id);
            if (index < 0 || account.Items[index].IsSettled)
            {
                throw new ArgumentException($"item '{id}' cannot be restructured: it is {(index < 0 ? "unknown" : "settled")}.", nameof(request));
            }
        }

        if (request.LateInterest is { } interest)
        {
            account = AccountInterest.Post(account, request.Date, interest, ids).Account;
        }

        decimal owed = 0m;
        foreach (var id in ids)
        {
            owed += account.Items[account.IndexOf(id)].Outstanding.Amount;
        }

        var definition = request.Terms.ToDefinition(Money.Of(owed, account.Currency), request.Date);
        var schedule = definition.CreateSchedule(calendars);
        var enrollment = new PlanEnrollment(request.PlanId, request.Date, ids, TrackedPlan.Start(schedule, request.Acceleration), request.FreezesLateInterest);
        return new RestructuringResult(Ledger.Apply(account, new PlanStarted(enrollment)), definition, enrollment);
    }

    private static ImmutableArray<string> DefaultItems(CustomerAccount account)
    {
        var inPlans = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in account.Plans)
        {
            inPlans.UnionWith(plan.ItemIds);
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var item in account.Items)
        {
            if (!item.IsSettled && !item.IsDisputed && !inPlans.Contains(item.Id))
            {
                builder.Add(item.Id);
            }
        }

        return builder.ToImmutable();
    }
}
