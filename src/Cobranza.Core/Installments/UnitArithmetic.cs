using System;

namespace Cobranza.Core.Installments;

/// <summary>
/// Exact arithmetic in whole minor units (<see cref="long"/>) for the schedule engine: conversion to and from
/// decimal, and the periodic interest <c>round(balance × rate / periods per year)</c> with the plan's midpoint rule.
/// Used only when every amount of the plan fits comfortably (at most 10^15 minor units) and the rate has at most
/// 12 decimals, so no intermediate product can overflow 128 bits.
/// </summary>
internal readonly struct UnitArithmetic
{
    private const long MaxUnits = 1_000_000_000_000_000;

    private readonly long _unit;
    private readonly byte _scale;
    private readonly long _rateNumerator;
    private readonly long _divisor;
    private readonly bool _fitsInLong;
    private readonly MidpointRounding _mode;

    private UnitArithmetic(int scale, long rateNumerator, long divisor, bool fitsInLong, MidpointRounding mode)
    {
        _scale = (byte)scale;
        _unit = ScheduleBuilder.Pow10[scale];
        _rateNumerator = rateNumerator;
        _divisor = divisor;
        _fitsInLong = fitsInLong;
        _mode = mode;
    }

    internal static bool TryCreate(InstallmentPlanDefinition d, out UnitArithmetic units)
    {
        units = default;
        int scale = d.Currency.MinorUnits;
        var interest = d.Interest;
        if (scale > 12 || interest.Accrual == InterestAccrual.DayCount)
        {
            return false;
        }

        long unit = ScheduleBuilder.Pow10[scale];
        if (d.Amount.Amount > MaxUnits / unit || (d.InstallmentFee is { } fee && fee.Amount > MaxUnits / unit / d.InstallmentCount))
        {
            return false;
        }

        long rateNumerator = 0;
        long divisor = 1;
        if (!interest.IsInterestFree)
        {
            int rateScale = interest.NominalAnnualRate.Scale;
            if (rateScale > 12)
            {
                return false;
            }

            rateNumerator = (long)(interest.NominalAnnualRate * ScheduleBuilder.Pow10[rateScale]);
            divisor = ScheduleBuilder.PeriodsPerYear(d.Frequency) * ScheduleBuilder.Pow10[rateScale];
        }

        bool fitsInLong = rateNumerator == 0 || MaxUnits <= long.MaxValue / rateNumerator;
        units = new UnitArithmetic(scale, rateNumerator, divisor, fitsInLong, d.Rounding);
        return true;
    }

    /// <summary>An amount in whole minor units (the caller guarantees it is one) as a count of units.</summary>
    internal long ToUnits(decimal amount) => (long)(amount * _unit);

    /// <summary>A count of minor units as a decimal amount with the currency's scale (no arithmetic involved).</summary>
    internal decimal FromUnits(long units)
    {
        bool negative = units < 0;
        ulong magnitude = negative ? (ulong)(-units) : (ulong)units;
        return new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, negative, _scale);
    }

    /// <summary>The period interest on <paramref name="balanceUnits"/> (not negative), rounded with the plan's rule.</summary>
    internal long Interest(long balanceUnits)
    {
        if (_rateNumerator == 0 || balanceUnits <= 0)
        {
            return 0;
        }

        if (_fitsInLong)
        {
            long numerator = balanceUnits * _rateNumerator;
            long quotient = Math.DivRem(numerator, _divisor, out long remainder);
            return RoundUp(quotient, remainder) ? quotient + 1 : quotient;
        }

        Int128 wide = (Int128)balanceUnits * _rateNumerator;
        var (q, r) = Int128.DivRem(wide, _divisor);
        long q64 = (long)q;
        return RoundUp(q64, (long)r) ? q64 + 1 : q64;
    }

    private bool RoundUp(long quotient, long remainder) => _mode switch
    {
        MidpointRounding.ToZero or MidpointRounding.ToNegativeInfinity => false,
        MidpointRounding.ToPositiveInfinity => remainder > 0,
        MidpointRounding.AwayFromZero => remainder >= _divisor - remainder,
        _ => remainder > _divisor - remainder || (remainder == _divisor - remainder && (quotient & 1) == 1),
    };
}
