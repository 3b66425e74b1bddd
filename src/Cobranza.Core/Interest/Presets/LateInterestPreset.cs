using System;
using System.Collections.Generic;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// A statutory late-payment regime in one value: its legal source and validity, the rate definition, the accrual
/// conventions (which days count, day count, quotation) and the fixed fee, if any. Built-in presets are in
/// <see cref="StatutoryPresets"/>; a host can build its own.
/// </summary>
public sealed record LateInterestPreset
{
    /// <summary>Creates a preset.</summary>
    /// <param name="name">Short name, e.g. <c>"Spain, Ley 3/2004"</c>.</param>
    /// <param name="jurisdiction">ISO 3166-1 alpha-2 code, or <c>"EU"</c>.</param>
    /// <param name="legalSource">The articles the preset implements.</param>
    /// <param name="validFrom">First day (of the contract, transaction or default, as <paramref name="boundaryRule"/> says) the regime applies to.</param>
    /// <param name="validUntil">Last day, or null while in force.</param>
    /// <param name="rate">The rate definition.</param>
    /// <param name="conventions">The accrual conventions.</param>
    /// <param name="fee">The fixed fee per invoice, or null when the law grants none.</param>
    /// <param name="boundaryRule">From which day interest runs and whether the payment day counts, with its source.</param>
    /// <exception cref="ArgumentException">An argument is null, empty, or <paramref name="validUntil"/> is before <paramref name="validFrom"/>.</exception>
    public LateInterestPreset(string name, string jurisdiction, string legalSource, LocalDate validFrom, LocalDate? validUntil,
        LateInterestRate rate, AccrualConventions conventions, LateFee? fee, string boundaryRule)
    {
        if (validUntil is { } until && until < validFrom)
        {
            throw new ArgumentOutOfRangeException(nameof(validUntil), until, $"validUntil must not be before validFrom {validFrom:uuuu-MM-dd} (was {until:uuuu-MM-dd}).");
        }

        Name = Guard.NotNullOrWhiteSpace(name);
        Jurisdiction = Guard.NotNullOrWhiteSpace(jurisdiction);
        LegalSource = Guard.NotNullOrWhiteSpace(legalSource);
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        Rate = Guard.NotNull(rate);
        Conventions = Guard.NotNull(conventions);
        Fee = fee;
        BoundaryRule = Guard.NotNullOrWhiteSpace(boundaryRule);
    }

    /// <summary>Short name.</summary>
    public string Name { get; }

    /// <summary>ISO 3166-1 alpha-2 code, or <c>"EU"</c>.</summary>
    public string Jurisdiction { get; }

    /// <summary>The articles the preset implements.</summary>
    public string LegalSource { get; }

    /// <summary>First day the regime applies to (see <see cref="BoundaryRule"/> for what the date refers to).</summary>
    public LocalDate ValidFrom { get; }

    /// <summary>Last day the regime applies to, or null while in force.</summary>
    public LocalDate? ValidUntil { get; }

    /// <summary>The rate definition.</summary>
    public LateInterestRate Rate { get; }

    /// <summary>The accrual conventions.</summary>
    public AccrualConventions Conventions { get; }

    /// <summary>The fixed fee per invoice, or null when the law grants none.</summary>
    public LateFee? Fee { get; }

    /// <summary>From which day interest runs and whether the payment day counts, with its source.</summary>
    public string BoundaryRule { get; }

    /// <summary>This preset with other accrual conventions (e.g. another day count where a court requires it), everything else unchanged.</summary>
    /// <param name="conventions">The conventions.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="conventions"/> is null.</exception>
    public LateInterestPreset WithConventions(AccrualConventions conventions)
        => new(Name, Jurisdiction, LegalSource, ValidFrom, ValidUntil, Rate, Guard.NotNull(conventions), Fee, BoundaryRule);

    /// <summary>
    /// This preset with another day count, everything else unchanged: e.g. <c>StatutoryPresets.GermanyBusiness().WithDayCount(DayCounts.Actual365Fixed)</c>
    /// where a court divides leap-year days by 365.
    /// </summary>
    /// <param name="dayCount">The day count.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dayCount"/> is null.</exception>
    public LateInterestPreset WithDayCount(Calendars.DayCount dayCount)
        => WithConventions(Conventions with { DayCount = Guard.NotNull(dayCount) });

    /// <summary>This preset with another rate definition (e.g. the announced, rounded usury rate), everything else unchanged.</summary>
    /// <param name="rate">The rate definition.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rate"/> is null.</exception>
    public LateInterestPreset WithRate(LateInterestRate rate)
        => new(Name, Jurisdiction, LegalSource, ValidFrom, ValidUntil, Guard.NotNull(rate), Conventions, Fee, BoundaryRule);

    /// <summary>Resolves <see cref="Rate"/> for the late days <c>[firstLateDay, lastDay]</c>; see <see cref="LateInterestRate.Resolve"/>.</summary>
    /// <param name="firstLateDay">The first day interest runs.</param>
    /// <param name="lastDay">The last day interest is computed for.</param>
    /// <param name="host">The host's rates, asked before the built-in tables; optional.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ReferenceRateUnavailableException">A needed rate is not covered; the message names the last covered date.</exception>
    public RateSchedule Resolve(LocalDate firstLateDay, LocalDate lastDay, IReferenceRateProvider? host = null)
        => Rate.Resolve(firstLateDay, lastDay, host);

    /// <summary>
    /// The request for late interest under this preset on a debt due on <paramref name="dueDate"/>, up to
    /// <paramref name="calculateUntil"/>: the rates resolved for exactly the days that accrue under
    /// <see cref="Conventions"/> (the first accruing day, grace that defers it, whether the last day counts), and
    /// <see cref="Conventions"/> themselves, so nothing has to be worked out or copied by hand.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Equivalent to <c>new LateInterestRequest(dueDate, calculateUntil, principal, Resolve(first, last, host)) { Conventions = Conventions, BalanceChanges = changes }</c>
    /// with <c>first</c> the first accruing day (the day after the due date by default, later with
    /// <see cref="GraceRule.DeferAccrualStart"/>) and <c>last</c> <paramref name="calculateUntil"/> (the day before
    /// with <see cref="AccrualEnd.PaymentDateExcluded"/>). When no day accrues (the debt is not late yet), no rate is
    /// needed: the schedule is a zero rate that says so, and the statement notes that no day accrues.
    /// </para>
    /// <para>Fees (<see cref="Fee"/>) are not added: decide them with <see cref="LateFee"/> and set <see cref="LateInterestRequest.Fees"/>.</para>
    /// </remarks>
    /// <example>
    /// <code>
    /// LateInterestPreset spain = StatutoryPresets.Spain();
    /// LateInterestRequest request = spain.CreateRequest(new LocalDate(2025, 7, 31), new LocalDate(2025, 9, 30), Money.Of(10_000m, Currency.EUR),
    ///     [new BalanceChange(new LocalDate(2025, 8, 31), Money.Of(-4_000m, Currency.EUR), "Pago parcial")]);
    /// InterestTotals owed = LateInterestCalculator.CalculateTotals(request);   // 136.26 EUR
    /// </code>
    /// </example>
    /// <param name="dueDate">The last day on which payment was on time.</param>
    /// <param name="calculateUntil">The day up to which interest is computed (the payment date or today).</param>
    /// <param name="principal">The overdue balance at the due date.</param>
    /// <param name="changes">Dated changes after the due date (payments negative); optional.</param>
    /// <param name="host">The host's reference rates, asked before the built-in tables; optional.</param>
    /// <param name="missingRates">What to do when a reference rate is not loaded yet; default <see cref="MissingRatePolicy.Fail"/>.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException"><paramref name="principal"/> is <c>default(Money)</c>, a date is not ISO, or a change is null.</exception>
    /// <exception cref="ReferenceRateUnavailableException">A needed rate is not covered (and <paramref name="missingRates"/> is <see cref="MissingRatePolicy.Fail"/>); the message names the table, the missing period, the official source and the row to add.</exception>
    public LateInterestRequest CreateRequest(
        LocalDate dueDate,
        LocalDate calculateUntil,
        Money principal,
        IReadOnlyList<BalanceChange>? changes = null,
        IReferenceRateProvider? host = null,
        MissingRatePolicy missingRates = MissingRatePolicy.Fail)
    {
        if (!Enum.IsDefined(missingRates))
        {
            throw new ArgumentOutOfRangeException(nameof(missingRates), missingRates, $"missingRates must be a defined MissingRatePolicy (was {(int)missingRates}).");
        }

        // Validate the dates and the principal first, with the request's own messages.
        var request = new LateInterestRequest(dueDate, calculateUntil, principal, RateSchedule.Fixed(0m, "validation"))
        {
            Conventions = Conventions,
            BalanceChanges = changes ?? [],
        };

        LocalDate first = Conventions.Start == AccrualStart.DayAfterDueDate ? dueDate.PlusDays(1) : dueDate;
        if (Conventions.Grace == GraceRule.DeferAccrualStart)
        {
            first = first.PlusDays(Conventions.GraceDays);
        }

        LocalDate last = Conventions.End == AccrualEnd.PaymentDateIncluded ? calculateUntil : calculateUntil.PlusDays(-1);
        RateSchedule rates = last < first
            ? RateSchedule.Fixed(0m, $"No day accrues up to {calculateUntil:uuuu-MM-dd} (first accruing day {first:uuuu-MM-dd}): no rate needed")
            : Rate.Resolve(first, last, host, missingRates);
        return request with { Rates = rates };
    }
}
