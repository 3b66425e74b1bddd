using System;
using System.Globalization;
using Cobranza.Core.Interest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Cobranza.Core.Tests.Interest;

/// <summary>
/// The source text of a reference-based rate segment, written in one buffer (<c>ReferenceBasedRate.SourceText</c>, issue 13
/// figures), equals the concatenation it replaced, frozen here (decision 0003): every character of every period's source.
/// </summary>
public sealed class RateSourceTextProperties
{
    public sealed record SourceCase(decimal Multiplier, string TableId, decimal TableRate, string TableSource, RateVerification Verification, LocalDate FixingDate, string Relation, decimal Spread)
    {
        public override string ToString()
            => $"{Multiplier} × {TableId} {TableRate} ({TableSource}, {Verification}) {Relation} {FixingDate:uuuu-MM-dd} + {Spread}";
    }

    public static class Arbitraries
    {
        // Rates and spreads with scales 0 to 9 (trailing zeros included: 0.0800 must print as 8), signs, and multipliers
        // such as 1, 1.0, 1.5, 2 and 0.25 (1.0m equals 1m and prints no multiplier either way).
        private static Gen<decimal> Fractions(int min, int max)
            => from mantissa in Gen.Choose(min, max)
               from scale in Gen.Choose(0, 9)
               select new decimal(Math.Abs(mantissa), 0, 0, mantissa < 0, (byte)scale);

        public static Arbitrary<SourceCase> Cases() => Arb.From(
            from multiplier in Gen.OneOf(Gen.Constant(1m), Gen.Constant(1.0m), Gen.Constant(1.5m), Gen.Constant(2m), Gen.Constant(0.25m), Fractions(1, 99_999).Where(m => m > 0m && m <= 100m))
            from tableId in Gen.Elements("ECB-MRO", "ES-LATE-COMMERCIAL", "CO-IBC", "x")
            from tableRate in Fractions(-5_000, 150_000).Where(r => r >= RatePeriod.MinimumRate && r <= RatePeriod.MaximumRate)
            from tableSource in Gen.Elements("BOE 2025-13512", "ECB press release; https://www.ecb.europa.eu/", "host file rates.csv row 12", "Ñ € × [1]")
            from verification in Gen.Elements(Enum.GetValues<RateVerification>())
            from day in Gen.Choose(0, 40_000)
            from relation in Gen.Elements("from", "in force on")
            from spread in Gen.OneOf(Gen.Constant(0m), Gen.Constant(0.0000m), Gen.Constant(0.08m), Gen.Constant(-0.015m), Fractions(-99_999, 99_999))
            select new SourceCase(multiplier, tableId, tableRate, tableSource, verification, new LocalDate(1990, 1, 1).PlusDays(day), relation, spread));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 2_000)]
    public void SourceText_EqualsTheFrozenConcatenation(SourceCase c)
    {
        var value = new ReferenceRate(c.FixingDate, null, c.TableRate, c.TableSource, c.Verification);
        decimal rate = (c.Multiplier * value.Rate) + c.Spread;
        string expected = FrozenSource(c.Multiplier, c.TableId, value, c.FixingDate, c.Relation, c.Spread, rate);
        Assert.Equal(expected, LateInterestRate.ReferenceBasedRate.SourceText(c.Multiplier, c.TableId, value, c.FixingDate, c.Relation, c.Spread, rate));
    }

    /// <summary>
    /// A resolved period keeps its source's parts and writes the text when read (session 8): it reads, compares and hashes
    /// as the period built with the text (<see cref="RatePeriod(LocalDate, LocalDate?, decimal, string, bool, decimal?)"/>),
    /// on every read.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void DeferredSource_ReadsComparesAndHashesAsTheText(SourceCase c)
    {
        var value = new ReferenceRate(c.FixingDate, null, c.TableRate, c.TableSource, c.Verification);
        decimal rate = (c.Multiplier * value.Rate) + c.Spread;
        string expected = FrozenSource(c.Multiplier, c.TableId, value, c.FixingDate, c.Relation, c.Spread, rate);
        if (rate < RatePeriod.MinimumRate || rate > RatePeriod.MaximumRate)
        {
            return; // no period holds such a rate
        }

        var deferred = RatePeriod.WithSource(c.FixingDate, c.FixingDate.PlusDays(30), rate,
            new LateInterestRate.ReferenceBasedRate.DeferredSource(c.Multiplier, c.TableId, value, c.FixingDate, c.Relation, c.Spread, rate), false, null);
        var text = new RatePeriod(c.FixingDate, c.FixingDate.PlusDays(30), rate, expected);
        Assert.Equal(expected, deferred.Source);
        Assert.Equal(expected, deferred.Source);
        Assert.Equal(text, deferred);
        Assert.True(text == deferred && deferred.Equals((object)text));
        Assert.Equal(text.GetHashCode(), deferred.GetHashCode());
        Assert.Equal(text.ToString(), deferred.ToString());
        Assert.NotEqual(text with { Provisional = true }, deferred);
    }

    [Fact]
    public void SourceText_SpanishStatutoryRate_ReadsAsBefore()
    {
        // The Spanish preset's segment for the second half of 2025 (BOE publication), resolved end to end.
        RatePeriod period = StatutoryPresets.Spain().Rate.Resolve(new LocalDate(2025, 9, 2), new LocalDate(2025, 12, 1)).Periods[0];
        var value = ReferenceRateTables.TryGet(ReferenceRateTables.SpainLatePaymentCommercialId, out var table) ? table!.GetRate(new LocalDate(2025, 9, 2)) : throw new InvalidOperationException("table missing");
        Assert.Equal(FrozenSource(1m, ReferenceRateTables.SpainLatePaymentCommercialId, value, new LocalDate(2025, 9, 2), "from", 0m, value.Rate), period.Source);
    }

    /// <summary>The plain text of a segment's source before issue 13's figures work (ReferenceBasedRate.Make), frozen.</summary>
    private static string FrozenSource(decimal multiplier, string tableId, ReferenceRate value, LocalDate fixingDate, string relation, decimal spread, decimal rate)
    {
        string formula = (multiplier == 1m ? string.Empty : multiplier.ToString(CultureInfo.InvariantCulture) + " × ")
            + $"{tableId} {Percent(value.Rate)} {relation} {Iso(fixingDate)}"
            + (spread == 0m ? string.Empty : (spread > 0m ? " + " : " - ") + Percent(Math.Abs(spread)).Replace(" %", " points", StringComparison.Ordinal));
        return $"{formula} = {Percent(rate)} [{value.Source}; {Verification(value.Verification)}]";
    }

    private static string Percent(decimal fraction) => (fraction * 100m).ToString("0.######", CultureInfo.InvariantCulture) + " %";

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Verification(RateVerification verification) => verification switch
    {
        RateVerification.Verified => "verified",
        RateVerification.SingleSource => "single source, check the official publication",
        _ => "UNVERIFIED, check the official publication",
    };
}
