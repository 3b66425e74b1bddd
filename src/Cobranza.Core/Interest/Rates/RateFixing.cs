namespace Cobranza.Core.Interest;

/// <summary>
/// Which value of a reference-rate table applies to which days: the "fixing rule" of a statutory or contractual
/// late-payment rate.
/// </summary>
public enum RateFixing
{
    /// <summary>
    /// Every value applies from its own start date to its own end, exactly as published. Use it for tables that are
    /// already the statutory rate per period: Spain's half-year BOE table (Ley 3/2004 art. 7.2), Germany's
    /// Basiszinssatz, which only changes on 1 January and 1 July (§247 BGB), Italy's half-year MEF table.
    /// </summary>
    AsPublished = 0,

    /// <summary>
    /// The value in force on 1 January applies to the whole first half-year, the value in force on 1 July to the
    /// whole second half-year: Directive 2011/7/EU (reference rate art. 2(7); half-year rule art. 3(2)), France
    /// (Code de commerce L441-10), Italy (D.Lgs. 231/2002 art. 5).
    /// </summary>
    HalfYearInForceOnFirstDay = 1,

    /// <summary>
    /// The value in force on the last day before the half-year (31 December / 30 June) applies to the whole
    /// half-year: Spain's "most recent main refinancing operation carried out before the first day of the calendar
    /// half-year" (Ley 3/2004 art. 7.2). Differs from <see cref="HalfYearInForceOnFirstDay"/> only if a change took
    /// effect exactly on 1 January or 1 July, which the ECB has never done.
    /// </summary>
    HalfYearLastBeforeStart = 2,

    /// <summary>
    /// United Kingdom: the value in force on the 31 December (when interest starts to run from 1 January to
    /// 30 June) or the 30 June (when it starts to run from 1 July to 31 December) immediately before the day
    /// statutory interest starts to run, then fixed for the life of that debt (Late Payment of Commercial Debts
    /// (Rate of Interest) (No. 3) Order 2002, SI 2002/1675, art. 4).
    /// </summary>
    FixedAtPrecedingHalfYearEnd = 3,

    /// <summary>
    /// The value in force on the first day of each calendar month applies to the whole month: monthly certified
    /// rates (Colombia: the Superintendencia Financiera certifies the interés bancario corriente per month).
    /// </summary>
    MonthlyInForceOnFirstDay = 4,
}
