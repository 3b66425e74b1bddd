namespace Cobranza.Core.Interest;

/// <summary>How the values of a reference-rate series are published: the shape of the row a host adds when a new value appears.</summary>
public enum ReferenceRatePeriodicity
{
    /// <summary>A value per calendar half-year (1 January – 30 June, 1 July – 31 December): Spain's BOE rate, Italy, Portugal, France's taux légal, Germany's Basiszinssatz (§247 BGB).</summary>
    HalfYear = 0,

    /// <summary>A value per calendar month: Colombia's certified interés bancario corriente.</summary>
    Month = 1,

    /// <summary>A value in force from the day a decision takes effect until the next change: the ECB main refinancing rate, Bank of England Bank Rate.</summary>
    ChangeDate = 2,
}
