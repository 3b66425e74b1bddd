using System;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using Cobranza.Core.Terms;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Cobranza.Testing.Generators;

/// <summary>A closed range of dates, start ≤ end.</summary>
/// <param name="Start">The first date.</param>
/// <param name="End">The last date (not before <paramref name="Start"/>).</param>
public sealed record DateRange(LocalDate Start, LocalDate End);

/// <summary>
/// FsCheck generators for property tests of integrations: money in common currencies (whole minor units), date
/// ranges, payment terms (from the trade notation), balance histories and whole accounts. Use them with
/// <c>[Property(Arbitrary = [typeof(CobranzaArbitraries)])]</c> or compose the <c>Gen</c> members.
/// </summary>
public static class CobranzaArbitraries
{
    private static readonly Currency[] Currencies = [Currency.EUR, Currency.COP, Currency.MXN, Currency.USD, Currency.CLP];
    private static readonly LocalDate Epoch = new(2020, 1, 1);
    private static readonly string[] TermNotations = ["Net 30", "Net 60", "2/10 Net 30", "1/10 EOM", "Net 30 EOM", "30/60/90", "30% advance, 70% Net 30"];
    private static readonly DateTimeZone[] Zones = [DateTimeZoneProviders.Tzdb["Europe/Madrid"], DateTimeZoneProviders.Tzdb["America/Bogota"], DateTimeZoneProviders.Tzdb["America/Mexico_City"]];

    /// <summary>Generates a currency among EUR, COP, MXN, USD and CLP.</summary>
    /// <returns>The generator.</returns>
    public static Gen<Currency> CurrencyGen() => Gen.Elements(Currencies);

    /// <summary>Generates a positive amount of whole minor units (up to 10,000,000 units) in <paramref name="currency"/>.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>The generator.</returns>
    public static Gen<Money> PositiveMoneyGen(Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return Gen.Choose(1, 1_000_000_000).Select(units => Core.Money.Of(units * currency.MinorUnit, currency));
    }

    /// <summary>Generates a positive amount in a random currency.</summary>
    /// <returns>The generator.</returns>
    public static Gen<Money> MoneyGen() => CurrencyGen().SelectMany(PositiveMoneyGen);

    /// <summary>Generates a date between 2020-01-01 and about 2030.</summary>
    /// <returns>The generator.</returns>
    public static Gen<LocalDate> DateGen() => Gen.Choose(0, 3650).Select(d => Epoch.PlusDays(d));

    /// <summary>Generates a date range of 0 to 400 days.</summary>
    /// <returns>The generator.</returns>
    public static Gen<DateRange> DateRangeGen() =>
        from start in DateGen()
        from days in Gen.Choose(0, 400)
        select new DateRange(start, start.PlusDays(days));

    /// <summary>Generates payment terms from common trade notations (Net 30, 2/10 Net 30, 30/60/90…).</summary>
    /// <returns>The generator.</returns>
    public static Gen<PaymentTerms> PaymentTermsGen() => Gen.Elements(TermNotations).Select(PaymentTermsNotation.Parse);

    /// <summary>Generates a balance history: an opening debt and dated changes (partial payments and new charges) that never make the balance negative.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>The changes, in date order.</returns>
    public static Gen<ImmutableArray<BalanceChange>> BalanceHistoryGen(Currency currency) =>
        from opening in PositiveMoneyGen(currency)
        from start in DateGen()
        from steps in Gen.ListOf(Gen.Zip(Gen.Choose(1, 60), Gen.Choose(-90, 50)))
        select BuildHistory(opening, start, steps.ToArray());

    /// <summary>Generates an account: a customer in Spain, Colombia or Mexico with one to five open items in one currency.</summary>
    /// <returns>The generator.</returns>
    public static Gen<CustomerAccount> AccountGen() =>
        from currency in CurrencyGen()
        from id in Gen.Choose(1, 9_999_999)
        from zone in Gen.Elements(Zones)
        from language in Gen.Elements(Language.Spanish, Language.English, Language.FromTag("es-CO"))
        from count in Gen.Choose(1, 5)
        from dues in Gen.ArrayOf(DateGen(), count)
        from amounts in Gen.ArrayOf(PositiveMoneyGen(currency), count)
        select BuildAccount($"ACC-{id}", currency, zone, language, dues, amounts);

    /// <summary>The arbitrary of money (positive, whole minor units).</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<Money> Money() => MoneyGen().ToArbitrary();

    /// <summary>The arbitrary of date ranges.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<DateRange> DateRanges() => DateRangeGen().ToArbitrary();

    /// <summary>The arbitrary of payment terms.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<PaymentTerms> PaymentTerms() => PaymentTermsGen().ToArbitrary();

    /// <summary>The arbitrary of accounts.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<CustomerAccount> Accounts() => AccountGen().ToArbitrary();

    private static ImmutableArray<BalanceChange> BuildHistory(Core.Money opening, LocalDate start, (int Days, int Percent)[] steps)
    {
        var builder = ImmutableArray.CreateBuilder<BalanceChange>(steps.Length + 1);
        builder.Add(new BalanceChange(start, opening, "opening"));
        var balance = opening;
        var date = start;
        foreach (var (days, percent) in steps)
        {
            date = date.PlusDays(days);
            var change = (balance * (percent / 100m)).Round(MidpointRounding.ToEven); // explicit: banker's rounding to the currency's minor unit
            if (balance.Amount + change.Amount < 0m || change.Amount == 0m)
            {
                continue;
            }

            balance += change;
            builder.Add(new BalanceChange(date, change, change.Amount < 0m ? "payment" : "charge"));
        }

        return builder.ToImmutable();
    }

    private static CustomerAccount BuildAccount(string id, Currency currency, DateTimeZone zone, Language language, LocalDate[] dues, Core.Money[] amounts)
    {
        var customer = new CustomerProfile(id, "Cliente " + id, language, zone);
        var items = dues.Select((due, i) => new AccountItem($"{id}-{i + 1}", $"INV-{id}-{i + 1}", 0, due.PlusDays(-30), due, amounts[i])).ToImmutableArray();
        return new CustomerAccount(id, currency, customer, items);
    }
}
