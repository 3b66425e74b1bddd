using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Cobranza.Core.Interest;

/// <summary>
/// A late-payment fee charged once per invoice: a fixed recovery compensation (EU EUR 40, Directive 2011/7/EU
/// art. 6), a sum tiered by debt size (UK GBP 40 / 70 / 100, Late Payment of Commercial Debts (Interest) Act 1998
/// s.5A), or a percentage of the overdue amount with an optional minimum and cap.
/// </summary>
/// <remarks>
/// <see cref="Decide(string, Money, IEnumerable{string}, Language)"/> is a pure function of the invoice id, the overdue amount and the fee codes already applied
/// to that invoice (its history): the first call returns the <see cref="FeeLine"/>; once the host records the code,
/// every later call (a re-run, a catch-up) returns <see cref="FeeOutcome.AlreadyApplied"/> and no line.
/// </remarks>
public abstract record LateFee
{
    private protected LateFee(string code, string legalSource, string descriptionEs, string descriptionEn)
    {
        Code = Guard.NotNullOrWhiteSpace(code);
        LegalSource = Guard.NotNullOrWhiteSpace(legalSource);
        DescriptionEs = Guard.NotNullOrWhiteSpace(descriptionEs);
        DescriptionEn = Guard.NotNullOrWhiteSpace(descriptionEn);
    }

    /// <summary>Code of <see cref="EuRecoveryCompensation()"/>.</summary>
    public const string EuRecoveryCode = "EU-RECOVERY-40";

    /// <summary>Code of <see cref="UkFixedSum"/>.</summary>
    public const string UkFixedSumCode = "UK-LPCDA-S5A";

    /// <summary>The stable code recorded in the invoice's history; the fee is applied once per invoice and code.</summary>
    public string Code { get; }

    /// <summary>The legal or contractual basis.</summary>
    public string LegalSource { get; }

    /// <summary>Spanish text for the statement line.</summary>
    public string DescriptionEs { get; }

    /// <summary>English text for the statement line.</summary>
    public string DescriptionEn { get; }

    /// <summary>
    /// The EU fixed recovery compensation of EUR 40 per invoice (Directive 2011/7/EU art. 6(1); Spain Ley 3/2004
    /// art. 8; Germany §288(5) BGB; France D441-5 Code de commerce; Italy D.Lgs. 231/2002 art. 6; Portugal DL 62/2013 art. 7).
    /// </summary>
    /// <returns>The fee, code <see cref="EuRecoveryCode"/>.</returns>
    public static LateFee EuRecoveryCompensation()
        => new FixedFee(Money.Of(40m, Currency.EUR), EuRecoveryCode, "Directive 2011/7/EU art. 6(1)",
            "Indemnización por costes de cobro (40 EUR)", "Compensation for recovery costs (EUR 40)");

    /// <summary>
    /// The EU fixed recovery compensation in a non-euro Member State: EUR 40 converted at the rate the caller
    /// supplies (the national law fixes which rate, e.g. the central bank's rate on a given date), rounded to the
    /// currency's minor unit.
    /// </summary>
    /// <param name="currency">The national currency.</param>
    /// <param name="currencyPerEuro">Units of <paramref name="currency"/> per euro; positive.</param>
    /// <param name="rounding">The midpoint rule for the rounding to the minor unit.</param>
    /// <returns>The fee, code <c>EU-RECOVERY-40-{currency}</c>.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it and its value.</exception>
    public static LateFee EuRecoveryCompensation(Currency currency, decimal currencyPerEuro, MidpointRounding rounding)
    {
        Guard.NotNull(currency);
        if (currencyPerEuro <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(currencyPerEuro), currencyPerEuro, $"currencyPerEuro must be positive (was {currencyPerEuro.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (!Enum.IsDefined(rounding))
        {
            throw new ArgumentOutOfRangeException(nameof(rounding), rounding, $"rounding must be a defined MidpointRounding (was {(int)rounding}).");
        }

        Money amount = Money.Of(40m * currencyPerEuro, currency).Round(rounding);
        string rate = currencyPerEuro.ToString(CultureInfo.InvariantCulture);
        return new FixedFee(amount, EuRecoveryCode + "-" + currency.Code, $"Directive 2011/7/EU art. 6(1); 40 EUR at {rate} {currency.Code}/EUR",
            $"Indemnización por costes de cobro (40 EUR a {rate} {currency.Code}/EUR)",
            $"Compensation for recovery costs (EUR 40 at {rate} {currency.Code}/EUR)");
    }

    /// <summary>
    /// The UK fixed sum per qualifying debt (Late Payment of Commercial Debts (Interest) Act 1998 s.5A(2), inserted
    /// by the Late Payment of Commercial Debts Regulations 2002): GBP 40 for a debt under GBP 1,000; GBP 70 from
    /// GBP 1,000 to GBP 9,999.99; GBP 100 for GBP 10,000 or more.
    /// </summary>
    /// <returns>The fee, code <see cref="UkFixedSumCode"/>.</returns>
    public static LateFee UkFixedSum()
        => new TieredFee(
            [
                new FeeTier(Money.Of(0m, Currency.GBP), Money.Of(40m, Currency.GBP)),
                new FeeTier(Money.Of(1_000m, Currency.GBP), Money.Of(70m, Currency.GBP)),
                new FeeTier(Money.Of(10_000m, Currency.GBP), Money.Of(100m, Currency.GBP)),
            ],
            UkFixedSumCode,
            "Late Payment of Commercial Debts (Interest) Act 1998 s.5A",
            "Compensación fija por pago tardío (Late Payment Act 1998 s.5A)",
            "Fixed sum for late payment (Late Payment Act 1998 s.5A)");

    /// <summary>A fixed fee per invoice.</summary>
    /// <param name="amount">The fee; zero or positive.</param>
    /// <param name="code">Stable code recorded in the history.</param>
    /// <param name="legalSource">Legal or contractual basis.</param>
    /// <param name="descriptionEs">Spanish text for the statement.</param>
    /// <param name="descriptionEn">English text for the statement.</param>
    /// <returns>The fee.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it and its value.</exception>
    public static LateFee Fixed(Money amount, string code, string legalSource, string descriptionEs, string descriptionEn)
        => new FixedFee(amount, code, legalSource, descriptionEs, descriptionEn);

    /// <summary>A fee tiered by the overdue amount.</summary>
    /// <param name="tiers">The tiers, ascending by <see cref="FeeTier.FromDebt"/>, the first from zero, all in one currency.</param>
    /// <param name="code">Stable code recorded in the history.</param>
    /// <param name="legalSource">Legal or contractual basis.</param>
    /// <param name="descriptionEs">Spanish text for the statement.</param>
    /// <param name="descriptionEn">English text for the statement.</param>
    /// <returns>The fee.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it and its value.</exception>
    public static LateFee Tiered(IEnumerable<FeeTier> tiers, string code, string legalSource, string descriptionEs, string descriptionEn)
        => new TieredFee(Guard.NotNull(tiers).ToArray(), code, legalSource, descriptionEs, descriptionEn);

    /// <summary>A percentage of the overdue amount, rounded to the currency's minor unit, then raised to the minimum and limited to the cap.</summary>
    /// <param name="rate">The percentage as a fraction (<c>0.05m</c> = 5 %); greater than 0 and at most 1.</param>
    /// <param name="minimum">The smallest fee, or null.</param>
    /// <param name="cap">The largest fee (a ceiling, e.g. a legal maximum), or null.</param>
    /// <param name="rounding">The midpoint rule for the rounding to the minor unit.</param>
    /// <param name="code">Stable code recorded in the history.</param>
    /// <param name="legalSource">Legal or contractual basis.</param>
    /// <param name="descriptionEs">Spanish text for the statement.</param>
    /// <param name="descriptionEn">English text for the statement.</param>
    /// <returns>The fee.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it and its value.</exception>
    public static LateFee Percentage(decimal rate, Money? minimum, Money? cap, MidpointRounding rounding, string code, string legalSource, string descriptionEs, string descriptionEn)
        => new PercentageFee(rate, minimum, cap, rounding, code, legalSource, descriptionEs, descriptionEn);

    /// <summary>
    /// Decides whether the fee applies to an invoice now. Pure: the same arguments give the same decision.
    /// </summary>
    /// <param name="invoiceId">The invoice.</param>
    /// <param name="overdue">The overdue amount of the invoice (the base of tiered and percentage fees).</param>
    /// <param name="appliedFeeCodes">The codes of the fees already applied to this invoice (its history).</param>
    /// <param name="language">The language of the line's description and of the reason (Spanish or English).</param>
    /// <returns>The fee line to apply, or none with the reason.</returns>
    /// <exception cref="ArgumentException">
    /// An argument is null, empty or not supported, or <paramref name="overdue"/> is in another currency than the fee.
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="language"/> is <see langword="null"/>.</exception>
    public FeeDecision Decide(string invoiceId, Money overdue, IEnumerable<string> appliedFeeCodes, Language language)
    {
        Guard.NotNullOrWhiteSpace(invoiceId);
        Guard.NotNull(appliedFeeCodes);
        bool es = Language.IsSpanishText(language);
        if (overdue.Equals(default(Money)))
        {
            throw new ArgumentException("overdue must have a currency (was default(Money)).", nameof(overdue));
        }

        RequireCurrency(overdue);
        foreach (string? applied in appliedFeeCodes)
        {
            if (string.Equals(applied, Code, StringComparison.Ordinal))
            {
                return new FeeDecision(invoiceId, Code, FeeOutcome.AlreadyApplied, null, es
                    ? $"{Code} ya se aplicó a la factura {invoiceId}; no se aplica de nuevo."
                    : $"{Code} was already applied to invoice {invoiceId}; it is not applied again.");
            }
        }

        if (!overdue.IsPositive)
        {
            return new FeeDecision(invoiceId, Code, FeeOutcome.NothingOverdue, null, es
                ? $"La factura {invoiceId} no tiene importe vencido; no procede {Code}."
                : $"Invoice {invoiceId} has no overdue amount; {Code} does not apply.");
        }

        var line = new FeeLine(Code, es ? DescriptionEs : DescriptionEn, AmountFor(overdue), LegalSource);
        return new FeeDecision(invoiceId, Code, FeeOutcome.Applied, line, es
            ? $"{Code} se aplica a la factura {invoiceId}."
            : $"{Code} applies to invoice {invoiceId}.");
    }

    /// <summary>The fee for a positive overdue amount in the fee's currency.</summary>
    /// <param name="overdue">The overdue amount.</param>
    /// <returns>The fee amount.</returns>
    internal abstract Money AmountFor(Money overdue);

    /// <summary>Throws when <paramref name="overdue"/> is not in a currency this fee can be computed in.</summary>
    /// <param name="overdue">The overdue amount.</param>
    private protected abstract void RequireCurrency(Money overdue);

    internal static void RequireNonNegative(Money value, string name)
    {
        if (value.Equals(default(Money)))
        {
            throw new ArgumentException($"{name} must have a currency (was default(Money)).", name);
        }

        if (value.IsNegative)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative (was {value}).");
        }
    }

    private protected static void RequireSame(Currency expected, Money overdue)
    {
        if (overdue.Currency != expected)
        {
            throw new ArgumentException($"overdue must be in the fee's currency {expected.Code} (was {overdue.Currency.Code}).", nameof(overdue));
        }
    }

    /// <summary>A fixed fee.</summary>
    public sealed record FixedFee : LateFee
    {
        internal FixedFee(Money amount, string code, string legalSource, string descriptionEs, string descriptionEn)
            : base(code, legalSource, descriptionEs, descriptionEn)
        {
            RequireNonNegative(amount, nameof(amount));
            Amount = amount;
        }

        /// <summary>The fee.</summary>
        public Money Amount { get; }

        internal override Money AmountFor(Money overdue) => Amount;

        private protected override void RequireCurrency(Money overdue) => RequireSame(Amount.Currency, overdue);
    }

    /// <summary>A fee tiered by the overdue amount.</summary>
    public sealed record TieredFee : LateFee
    {
        private readonly FeeTier[] _tiers;

        internal TieredFee(FeeTier[] tiers, string code, string legalSource, string descriptionEs, string descriptionEn)
            : base(code, legalSource, descriptionEs, descriptionEn)
        {
            if (tiers.Length == 0)
            {
                throw new ArgumentException("tiers must not be empty.", nameof(tiers));
            }

            for (int i = 0; i < tiers.Length; i++)
            {
                FeeTier tier = tiers[i] ?? throw new ArgumentException($"tiers[{i}] must not be null.", nameof(tiers));
                if (tier.FromDebt.Currency != tiers[0].FromDebt.Currency)
                {
                    throw new ArgumentException($"tiers[{i}] must be in {tiers[0].FromDebt.Currency.Code} like tiers[0] (was {tier.FromDebt.Currency.Code}).", nameof(tiers));
                }

                if (i == 0 ? !tier.FromDebt.IsZero : tier.FromDebt <= tiers[i - 1].FromDebt)
                {
                    throw new ArgumentException(
                        i == 0
                            ? $"tiers[0] must start from zero (was {tier.FromDebt})."
                            : $"tiers must ascend by FromDebt (tiers[{i}] from {tier.FromDebt} is not above tiers[{i - 1}] from {tiers[i - 1].FromDebt}).",
                        nameof(tiers));
                }
            }

            _tiers = tiers;
            Tiers = Array.AsReadOnly(tiers);
        }

        /// <summary>The tiers, ascending by <see cref="FeeTier.FromDebt"/>.</summary>
        public IReadOnlyList<FeeTier> Tiers { get; }

        internal override Money AmountFor(Money overdue)
        {
            FeeTier chosen = _tiers[0];
            foreach (FeeTier tier in _tiers)
            {
                if (overdue >= tier.FromDebt)
                {
                    chosen = tier;
                }
            }

            return chosen.Amount;
        }

        private protected override void RequireCurrency(Money overdue) => RequireSame(_tiers[0].FromDebt.Currency, overdue);

        /// <summary>Equality by value: the code, source and descriptions, and the tiers element by element.</summary>
        /// <param name="other">Another tiered fee.</param>
        /// <returns>True when every field and every tier are equal.</returns>
        public bool Equals(TieredFee? other)
            => other is not null && base.Equals(other) && _tiers.AsSpan().SequenceEqual(other._tiers);

        /// <summary>A hash consistent with <see cref="Equals(TieredFee)"/>.</summary>
        /// <returns>The hash code.</returns>
        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(base.GetHashCode());
            foreach (FeeTier tier in _tiers)
            {
                hash.Add(tier);
            }

            return hash.ToHashCode();
        }
    }

    /// <summary>A percentage of the overdue amount with an optional minimum and cap.</summary>
    public sealed record PercentageFee : LateFee
    {
        internal PercentageFee(decimal rate, Money? minimum, Money? cap, MidpointRounding rounding, string code, string legalSource, string descriptionEs, string descriptionEn)
            : base(code, legalSource, descriptionEs, descriptionEn)
        {
            if (rate <= 0m || rate > 1m)
            {
                throw new ArgumentOutOfRangeException(nameof(rate), rate, $"rate must be greater than 0 and at most 1 (a fraction: 0.05 is 5 %) (was {rate.ToString(CultureInfo.InvariantCulture)}).");
            }

            if (!Enum.IsDefined(rounding))
            {
                throw new ArgumentOutOfRangeException(nameof(rounding), rounding, $"rounding must be a defined MidpointRounding (was {(int)rounding}).");
            }

            if (minimum is { } min)
            {
                RequireNonNegative(min, nameof(minimum));
            }

            if (cap is { } max)
            {
                RequireNonNegative(max, nameof(cap));
                if (minimum is { } lower && (lower.Currency != max.Currency || lower > max))
                {
                    throw new ArgumentException($"cap must be in the currency of minimum and not below it (minimum {lower}, cap was {max}).", nameof(cap));
                }
            }

            Rate = rate;
            Minimum = minimum;
            Cap = cap;
            Rounding = rounding;
        }

        /// <summary>The percentage as a fraction.</summary>
        public decimal Rate { get; }

        /// <summary>The smallest fee, or null.</summary>
        public Money? Minimum { get; }

        /// <summary>The largest fee, or null.</summary>
        public Money? Cap { get; }

        /// <summary>The midpoint rule of the rounding to the minor unit.</summary>
        public MidpointRounding Rounding { get; }

        internal override Money AmountFor(Money overdue)
        {
            Money fee = overdue.Multiply(Rate).Round(Rounding);
            if (Minimum is { } min && fee < min)
            {
                fee = min;
            }

            if (Cap is { } max && fee > max)
            {
                fee = max;
            }

            return fee;
        }

        private protected override void RequireCurrency(Money overdue)
        {
            if (Minimum is { } min)
            {
                RequireSame(min.Currency, overdue);
            }

            if (Cap is { } max)
            {
                RequireSame(max.Currency, overdue);
            }
        }
    }
}
