using System;
using System.Globalization;

namespace Cobranza.Core;

/// <summary>
/// An exact amount of money: a <see cref="decimal"/> amount in a <see cref="Core.Currency"/>.
/// </summary>
/// <remarks>
/// <para>
/// Arithmetic keeps the full <see cref="decimal"/> precision and never rounds to the minor unit by itself:
/// <see cref="Round(MidpointRounding)"/> and <see cref="Round(int, MidpointRounding)"/> are the only rounding
/// points. (A product or quotient with more than 28 significant digits is rounded by <see cref="decimal"/>
/// arithmetic itself; a result outside the range of <see cref="decimal"/> throws <see cref="OverflowException"/>.)
/// </para>
/// <para>
/// Amounts in different currencies never mix: arithmetic, comparison, <see cref="Min"/> and <see cref="Max"/>
/// throw <see cref="ArgumentException"/> naming both currencies. Equality (<c>==</c>, <see cref="Equals(Money)"/>)
/// does not throw: amounts in different currencies are simply not equal. Equality ignores the scale of the
/// amount (<c>1.5 EUR == 1.50 EUR</c>).
/// </para>
/// <para>
/// <c>default(Money)</c> has no currency. Every operation on it throws <see cref="InvalidOperationException"/>,
/// except <see cref="Equals(Money)"/>, <see cref="GetHashCode"/> and <see cref="ToString()"/>, which never throw.
/// </para>
/// </remarks>
public readonly partial struct Money : IEquatable<Money>, IComparable<Money>, IComparable, IFormattable
{
    private readonly decimal _amount;
    private readonly Currency? _currency;

    /// <summary>Creates an amount of money.</summary>
    /// <param name="amount">The amount, kept exactly as given (no rounding).</param>
    /// <param name="currency">The currency.</param>
    /// <exception cref="ArgumentNullException"><paramref name="currency"/> is null.</exception>
    public Money(decimal amount, Currency currency)
    {
        _amount = amount;
        _currency = Guard.NotNull(currency);
    }

    /// <summary>The amount, exactly as computed (not rounded to the minor unit).</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(Money)</c>.</exception>
    public decimal Amount
    {
        get
        {
            EnsureInitialized();
            return _amount;
        }
    }

    /// <summary>The currency.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(Money)</c>.</exception>
    public Currency Currency => _currency ?? throw Uninitialized();

    /// <summary>Whether the amount is zero.</summary>
    public bool IsZero => Amount == 0m;

    /// <summary>Whether the amount is greater than zero.</summary>
    public bool IsPositive => Amount > 0m;

    /// <summary>Whether the amount is less than zero.</summary>
    public bool IsNegative => Amount < 0m;

    /// <summary>-1, 0 or 1 according to the sign of the amount.</summary>
    public int Sign => Math.Sign(Amount);

    /// <summary>Whether the amount is a whole number of minor units (e.g. 12.30 EUR yes, 12.305 EUR no).</summary>
    public bool IsRoundedToMinorUnit => decimal.Round(Amount, Currency.MinorUnits) == _amount;

    /// <summary>Creates an amount of money.</summary>
    /// <param name="amount">The amount, kept exactly as given.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The amount of money.</returns>
    public static Money Of(decimal amount, Currency currency) => new(amount, currency);

    /// <summary>Creates an amount of money in the ISO 4217 currency with the given code (case-insensitive).</summary>
    /// <param name="amount">The amount, kept exactly as given.</param>
    /// <param name="currencyCode">An ISO 4217 alphabetic code.</param>
    /// <returns>The amount of money.</returns>
    /// <exception cref="ArgumentException">The code is unknown; the message names it.</exception>
    public static Money Of(decimal amount, string currencyCode) => new(amount, Currency.FromCode(currencyCode));

    /// <summary>Zero in the given currency.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>Zero.</returns>
    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>The smaller of two amounts in the same currency (<paramref name="a"/> when equal).</summary>
    /// <param name="a">The first amount.</param>
    /// <param name="b">The second amount.</param>
    /// <returns>The smaller amount.</returns>
    /// <exception cref="ArgumentException">The currencies differ.</exception>
    public static Money Min(Money a, Money b) => a.CompareTo(b) <= 0 ? a : b;

    /// <summary>The larger of two amounts in the same currency (<paramref name="a"/> when equal).</summary>
    /// <param name="a">The first amount.</param>
    /// <param name="b">The second amount.</param>
    /// <returns>The larger amount.</returns>
    /// <exception cref="ArgumentException">The currencies differ.</exception>
    public static Money Max(Money a, Money b) => a.CompareTo(b) >= 0 ? a : b;

    /// <summary>Adds an amount in the same currency.</summary>
    /// <param name="other">The amount to add.</param>
    /// <returns>The exact sum.</returns>
    /// <exception cref="ArgumentException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The sum is outside the range of <see cref="decimal"/>.</exception>
    public Money Add(Money other)
    {
        var currency = SameCurrency(other, "add");
        try
        {
            return new Money(_amount + other._amount, currency);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException($"{Describe()} + {other.Describe()} is outside the range of decimal.", ex);
        }
    }

    /// <summary>Subtracts an amount in the same currency.</summary>
    /// <param name="other">The amount to subtract.</param>
    /// <returns>The exact difference.</returns>
    /// <exception cref="ArgumentException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The difference is outside the range of <see cref="decimal"/>.</exception>
    public Money Subtract(Money other)
    {
        var currency = SameCurrency(other, "subtract");
        try
        {
            return new Money(_amount - other._amount, currency);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException($"{Describe()} - {other.Describe()} is outside the range of decimal.", ex);
        }
    }

    /// <summary>The same amount with the opposite sign.</summary>
    /// <returns>The negated amount.</returns>
    public Money Negate() => new(-Amount, _currency!);

    /// <summary>The absolute value.</summary>
    /// <returns>The amount without its sign.</returns>
    public Money Abs() => new(Math.Abs(Amount), _currency!);

    /// <summary>Multiplies by a factor, keeping full <see cref="decimal"/> precision (no rounding to the minor unit).</summary>
    /// <param name="factor">The factor.</param>
    /// <returns>The product.</returns>
    /// <exception cref="OverflowException">The product is outside the range of <see cref="decimal"/>.</exception>
    public Money Multiply(decimal factor)
    {
        var currency = Currency;
        try
        {
            return new Money(_amount * factor, currency);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException(
                $"{Describe()} * {factor.ToString(CultureInfo.InvariantCulture)} is outside the range of decimal.", ex);
        }
    }

    /// <summary>Divides by a divisor, keeping full <see cref="decimal"/> precision (no rounding to the minor unit).</summary>
    /// <remarks>To share an amount without losing a cent, use <see cref="Allocate(ReadOnlySpan{decimal})"/> or <see cref="Split"/>.</remarks>
    /// <param name="divisor">A non-zero divisor.</param>
    /// <returns>The quotient.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="divisor"/> is zero.</exception>
    /// <exception cref="OverflowException">The quotient is outside the range of <see cref="decimal"/>.</exception>
    public Money Divide(decimal divisor)
    {
        var currency = Currency;
        if (divisor == 0m)
        {
            throw new ArgumentOutOfRangeException(
                nameof(divisor), divisor, $"{nameof(divisor)} must not be zero (was 0) when dividing {Describe()}.");
        }

        try
        {
            return new Money(_amount / divisor, currency);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException(
                $"{Describe()} / {divisor.ToString(CultureInfo.InvariantCulture)} is outside the range of decimal.", ex);
        }
    }

    /// <summary>
    /// Rounds to the currency's minor unit (2 decimals for EUR, 0 for JPY, 4 for CLF) with the given midpoint rule.
    /// </summary>
    /// <param name="mode">How to round a value exactly halfway, e.g. <see cref="MidpointRounding.AwayFromZero"/> (the usual commercial rule) or <see cref="MidpointRounding.ToEven"/> (banker's rounding).</param>
    /// <returns>The rounded amount.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value.</exception>
    public Money Round(MidpointRounding mode) => Round(Currency.MinorUnits, mode);

    /// <summary>Rounds to the given number of decimals with the given midpoint rule.</summary>
    /// <param name="scale">Decimals to keep, 0 to 28.</param>
    /// <param name="mode">How to round a value exactly halfway.</param>
    /// <returns>The rounded amount.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> or <paramref name="mode"/> is out of range.</exception>
    public Money Round(int scale, MidpointRounding mode)
    {
        var currency = Currency;
        Guard.InRange(scale, 0, 28);
        if (mode is < MidpointRounding.ToEven or > MidpointRounding.ToPositiveInfinity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(mode), mode, $"{nameof(mode)} must be a defined MidpointRounding value (was {(int)mode}).");
        }

        return new Money(decimal.Round(_amount, scale, mode), currency);
    }

    /// <summary>Compares with an amount in the same currency.</summary>
    /// <param name="other">The amount to compare with.</param>
    /// <returns>Negative, zero or positive.</returns>
    /// <exception cref="ArgumentException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        SameCurrency(other, "compare");
        return _amount.CompareTo(other._amount);
    }

    /// <summary>Compares with another <see cref="Money"/> in the same currency; null sorts first.</summary>
    /// <param name="obj">A <see cref="Money"/> or null.</param>
    /// <returns>Negative, zero or positive.</returns>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is not a <see cref="Money"/>, or the currencies differ.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Money other => CompareTo(other),
        _ => throw new ArgumentException($"{nameof(obj)} must be a Money (was {obj.GetType().Name}).", nameof(obj)),
    };

    /// <summary>Whether both amounts are equal and in the same currency. Never throws.</summary>
    /// <param name="other">The amount to compare with.</param>
    /// <returns>Whether they are equal (<c>1.5 EUR</c> equals <c>1.50 EUR</c>; <c>1 EUR</c> never equals <c>1 USD</c>).</returns>
    public bool Equals(Money other) => _amount == other._amount && _currency == other._currency;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_amount, _currency);

    /// <summary>Sum of two amounts in the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The exact sum.</returns>
    public static Money operator +(Money left, Money right) => left.Add(right);

    /// <summary>Difference of two amounts in the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The exact difference.</returns>
    public static Money operator -(Money left, Money right) => left.Subtract(right);

    /// <summary>The amount with the opposite sign.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The negated amount.</returns>
    public static Money operator -(Money value) => value.Negate();

    /// <summary>Product of an amount and a factor.</summary>
    /// <param name="left">The amount.</param>
    /// <param name="right">The factor.</param>
    /// <returns>The product, unrounded.</returns>
    public static Money operator *(Money left, decimal right) => left.Multiply(right);

    /// <summary>Product of a factor and an amount.</summary>
    /// <param name="left">The factor.</param>
    /// <param name="right">The amount.</param>
    /// <returns>The product, unrounded.</returns>
    public static Money operator *(decimal left, Money right) => right.Multiply(left);

    /// <summary>Quotient of an amount and a divisor.</summary>
    /// <param name="left">The amount.</param>
    /// <param name="right">A non-zero divisor.</param>
    /// <returns>The quotient, unrounded.</returns>
    public static Money operator /(Money left, decimal right) => left.Divide(right);

    /// <summary>Equality (never throws; different currencies are not equal).</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Inequality (never throws; different currencies are not equal).</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Less than; the currencies must be the same.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether <paramref name="left"/> is smaller.</returns>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Less than or equal; the currencies must be the same.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether <paramref name="left"/> is smaller or equal.</returns>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than; the currencies must be the same.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether <paramref name="left"/> is larger.</returns>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Greater than or equal; the currencies must be the same.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether <paramref name="left"/> is larger or equal.</returns>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    private void EnsureInitialized()
    {
        if (_currency is null)
        {
            throw Uninitialized();
        }
    }

    private static InvalidOperationException Uninitialized() => new(
        "This Money is default(Money) and has no currency; create amounts with new Money(amount, currency), " +
        "Money.Of or Money.Zero.");

    /// <summary>Checks both operands are initialized and in the same currency; returns that currency.</summary>
    private Currency SameCurrency(Money other, string operation)
    {
        var currency = Currency;
        var otherCurrency = other.Currency;
        if (!ReferenceEquals(currency, otherCurrency) && !currency.Equals(otherCurrency))
        {
            throw new ArgumentException(
                $"Cannot {operation} {Describe()} and {other.Describe()}: the currencies differ " +
                $"({DescribeCurrency(currency)} and {DescribeCurrency(otherCurrency)}). Convert one amount first.",
                nameof(other));
        }

        return currency;
    }

    private static string DescribeCurrency(Currency currency) => $"{currency.Code} with {currency.MinorUnits} minor units";

    /// <summary>Invariant text for messages, e.g. <c>12.34 EUR</c>.</summary>
    private string Describe() => _currency is null
        ? "default(Money)"
        : string.Create(CultureInfo.InvariantCulture, $"{_amount} {_currency.Code}");
}
