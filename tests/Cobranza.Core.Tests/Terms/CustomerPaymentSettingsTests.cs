using System;
using Cobranza.Core.Calendars;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Core.Tests.Terms;

public sealed class CustomerPaymentSettingsTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    private static CustomerPaymentSettings Days(params int[] days) => new(days, []);

    [Theory]
    [InlineData(2026, 1, 6, 2026, 1, 20)]
    [InlineData(2026, 1, 20, 2026, 1, 20)]
    [InlineData(2026, 1, 21, 2026, 2, 5)]
    [InlineData(2026, 12, 21, 2027, 1, 5)]
    public void NextPaymentDay_FifthAndTwentieth_MovesToNextOnOrAfter(int y, int m, int d, int ey, int em, int ed)
        => Assert.Equal(D(ey, em, ed), Days(5, 20).NextPaymentDay(D(y, m, d)));

    [Theory]
    // Payment days 29-31 in February: a day the month lacks is its last day, so the payment stays in February
    // instead of jumping a month (documented choice, CustomerPaymentSettings remarks).
    [InlineData(30, 2026, 2, 10, 2026, 2, 28)]
    [InlineData(29, 2026, 2, 10, 2026, 2, 28)]
    [InlineData(31, 2024, 2, 10, 2024, 2, 29)]
    [InlineData(31, 2026, 4, 10, 2026, 4, 30)]
    [InlineData(30, 2026, 3, 1, 2026, 3, 30)]
    public void NextPaymentDay_DayMissingInMonth_IsMonthsLastDay(int day, int y, int m, int d, int ey, int em, int ed)
        => Assert.Equal(D(ey, em, ed), Days(day).NextPaymentDay(D(y, m, d)));

    [Fact]
    public void NextPaymentDay_AfterLastClampedDayOfFebruary_GoesToMarch()
        => Assert.Equal(D(2026, 3, 10), Days(10, 30).NextPaymentDay(D(2026, 3, 1)));

    [Fact]
    public void ApplyTo_AugustExcluded_MovesToStatedDayOfSeptember()
    {
        var settings = new CustomerPaymentSettings([], [ExcludedPeriod.Month(8, 5)]);
        Assert.Equal(D(2026, 9, 5), settings.ApplyTo(D(2026, 8, 9)));
        Assert.Equal(D(2026, 7, 31), settings.ApplyTo(D(2026, 7, 31)));
        Assert.Equal(D(2026, 9, 1), settings.ApplyTo(D(2026, 9, 1)));
    }

    [Fact]
    public void ApplyTo_AugustExcludedWithoutMoveDay_MovesToFirstPaymentDayAfter()
    {
        var settings = new CustomerPaymentSettings([10, 25], [ExcludedPeriod.Month(8)]);
        Assert.Equal(D(2026, 9, 10), settings.ApplyTo(D(2026, 8, 2)));
    }

    [Fact]
    public void ApplyTo_NoPaymentDaysNoMoveDay_MovesToDayAfterPeriod()
        => Assert.Equal(D(2026, 9, 1), new CustomerPaymentSettings([], [ExcludedPeriod.Month(8)]).ApplyTo(D(2026, 8, 2)));

    [Fact]
    public void ApplyTo_PaymentDayInsideExcludedPeriod_ExclusionWins()
    {
        // Payment days first (25 Jul -> 5 Aug), then August is excluded: moved to 5 September.
        var settings = new CustomerPaymentSettings([5, 20], [ExcludedPeriod.Month(8, 5)]);
        Assert.Equal(D(2026, 9, 5), settings.ApplyTo(D(2026, 7, 25)));
    }

    [Fact]
    public void ApplyTo_PeriodOverYearEnd_MovesAfterItsEnd()
    {
        var settings = new CustomerPaymentSettings([], [new ExcludedPeriod(new AnnualDate(12, 20), new AnnualDate(1, 10), 15)]);
        Assert.Equal(D(2027, 1, 15), settings.ApplyTo(D(2026, 12, 25)));
        Assert.Equal(D(2027, 1, 15), settings.ApplyTo(D(2027, 1, 3)));
        Assert.Equal(D(2026, 12, 19), settings.ApplyTo(D(2026, 12, 19)));
    }

    [Fact]
    public void ApplyTo_ChainedPeriods_MovesOutOfBoth()
    {
        // July moves to 1 August, which is excluded too: moved to 5 September.
        var settings = new CustomerPaymentSettings([], [ExcludedPeriod.Month(7, 1), ExcludedPeriod.Month(8, 5)]);
        Assert.Equal(D(2026, 9, 5), settings.ApplyTo(D(2026, 7, 10)));
    }

    [Fact]
    public void Constructor_PaymentDay32_ThrowsNamingTheIndex()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Days(5, 32));
        Assert.Equal("paymentDays[1]", ex.ParamName);
        Assert.Contains("was 32", ex.Message);
    }

    [Fact]
    public void Constructor_AdjustmentWithoutCalendar_Throws()
        => Assert.Throws<ArgumentException>(() => new CustomerPaymentSettings([], [], new BusinessDayAdjustment(BusinessDayConvention.Following, null)));

    [Fact]
    public void Constructor_DuplicateAndUnsortedDays_AreNormalised()
        => Assert.Equal([5, 20], Days(20, 5, 20).PaymentDays);

    [Fact]
    public void Equals_SameContent_IsTrue()
        => Assert.Equal(
            new CustomerPaymentSettings([5, 20], [ExcludedPeriod.Month(8, 5)]),
            new CustomerPaymentSettings([20, 5], [ExcludedPeriod.Month(8, 5)]));
}
