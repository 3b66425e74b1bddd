using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Cobranza.Core;
using Cobranza.Core.Calendars;
using Cobranza.Core.Ports;
using Cobranza.Core.Terms;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Portfolio;

/// <summary>How a sample customer pays (drawn once per customer from the seed).</summary>
internal enum PayerKind
{
    /// <summary>Pays in full on or a few days before the due date.</summary>
    Punctual,

    /// <summary>Pays in full 3 to 45 days late.</summary>
    Late,

    /// <summary>Pays half late, the rest much later.</summary>
    Partial,

    /// <summary>Never pays within the simulation.</summary>
    Never,
}

/// <summary>A generated customer.</summary>
internal sealed record SampleCustomer(
    string AccountId,
    string DisplayName,
    Language Language,
    string TimeZoneId,
    string CalendarId,
    Currency Currency,
    string Email,
    PayerKind Payer);

/// <summary>A generated receivable item (one portion of an invoice) with the customer's planned payment.</summary>
internal sealed record SampleItem(
    string ItemId,
    string AccountId,
    string InvoiceId,
    int PortionIndex,
    LocalDate IssueDate,
    LocalDate DueDate,
    Money Amount,
    string Terms,
    LocalDate? PayOn,
    decimal PayShare,
    LocalDate? RestOn);

/// <summary>
/// Generates the sample portfolio from a seed: customers in Spain, Colombia and Mexico, invoices with varied payment
/// terms (due dates from <see cref="PaymentSchedule"/>, business-day adjusted on each country's calendar) and a
/// payment plan per item. The same seed always gives the same portfolio; each day's invoices depend only on the seed
/// and the day, so a simulation resumed from the database draws exactly what an uninterrupted one would.
/// </summary>
internal sealed class PortfolioGenerator
{
    private static readonly string[] TermsChoices =
    [
        "Net 30", "Net 30", "Net 15", "2/10 Net 30", "Net 60", "Net 30 EOM", "30/60", "30/60/90", "Net 45", "Net 0",
    ];

    private static readonly (string Country, string Zone, string Calendar, Currency Currency, Language Language)[] Countries =
    [
        ("ES", "Europe/Madrid", "ES", Currency.EUR, Language.FromTag("es-ES")),
        ("CO", "America/Bogota", "CO", Currency.COP, Language.FromTag("es-CO")),
        ("MX", "America/Mexico_City", "MX", Currency.MXN, Language.FromTag("es-MX")),
    ];

    private static readonly string[] Trades =
    [
        "Ferretería", "Talleres", "Distribuciones", "Panadería", "Construcciones", "Papelería", "Farmacia", "Transportes",
        "Clínica Dental", "Librería", "Muebles", "Óptica", "Café", "Imprenta", "Electricidad", "Jardinería",
    ];

    private static readonly string[] Surnames =
    [
        "García", "Rodríguez", "Martínez", "López", "Hernández", "González", "Pérez", "Sánchez", "Ramírez", "Torres",
        "Flores", "Rivera", "Gómez", "Díaz", "Muñoz", "Ortiz", "Castillo", "Vargas", "Romero", "Núñez",
    ];

    private readonly int _seed;
    private readonly IBusinessCalendarProvider _calendars;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed of every draw.</param>
    /// <param name="customerCount">How many customers (1 to 100,000).</param>
    /// <param name="startDate">The first simulated day.</param>
    public PortfolioGenerator(int seed, int customerCount, LocalDate startDate)
    {
        if (customerCount is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(customerCount), customerCount, $"customerCount must be between 1 and 100000 (was {customerCount}).");
        }

        _seed = seed;
        CustomerCount = customerCount;
        StartDate = startDate;
        _calendars = BuiltInCalendarProvider.Instance;
    }

    public int Seed => _seed;

    public int CustomerCount { get; }

    public LocalDate StartDate { get; }

    /// <summary>The customers, in account-id order.</summary>
    public IReadOnlyList<SampleCustomer> Customers()
    {
        var random = new Random(Mix(_seed, "customers"));
        var customers = new List<SampleCustomer>(CustomerCount);
        for (int i = 0; i < CustomerCount; i++)
        {
            var country = Countries[i % Countries.Length];
            var trade = Trades[random.Next(Trades.Length)];
            var surname = Surnames[random.Next(Surnames.Length)];
            var suffix = country.Country switch { "ES" => "S.L.", "CO" => "S.A.S.", _ => "S.A. de C.V." };
            var id = string.Create(CultureInfo.InvariantCulture, $"{country.Country}-{i + 1:D5}");
            // One customer in ten reads English; the rest Spanish of their country.
            var language = random.Next(10) == 0 ? Language.English : country.Language;
            var payerDraw = random.Next(100);
            var payer = payerDraw switch
            {
                < 45 => PayerKind.Punctual,
                < 75 => PayerKind.Late,
                < 90 => PayerKind.Partial,
                _ => PayerKind.Never,
            };
            customers.Add(new SampleCustomer(
                id,
                $"{trade} {surname} {suffix}",
                language,
                country.Zone,
                country.Calendar,
                country.Currency,
                string.Create(CultureInfo.InvariantCulture, $"cobros+{id.ToLowerInvariant()}@example.com"),
                payer));
        }

        return customers;
    }

    /// <summary>The invoice portions still open on the start date (issued in the 75 days before it).</summary>
    public IReadOnlyList<SampleItem> OpeningItems(IReadOnlyList<SampleCustomer> customers)
    {
        var items = new List<SampleItem>();
        foreach (var customer in customers)
        {
            var random = new Random(Mix(_seed, "opening|" + customer.AccountId));
            int count = 1 + random.Next(3);
            for (int n = 0; n < count; n++)
            {
                var issued = StartDate.PlusDays(-random.Next(1, 76));
                foreach (var item in Invoice(customer, issued, string.Create(CultureInfo.InvariantCulture, $"{customer.AccountId}-A{n + 1:D2}"), random))
                {
                    // A portion the customer had already paid in full before the start is not open any more; one
                    // whose first half fell before the start is still owed in full, paid on the later date.
                    if (item.PayOn is { } payOn && payOn < StartDate)
                    {
                        if (item.RestOn is { } restOn && restOn >= StartDate)
                        {
                            items.Add(item with { PayOn = restOn, PayShare = 1m, RestOn = null });
                        }

                        continue;
                    }

                    items.Add(item);
                }
            }
        }

        return items;
    }

    /// <summary>The invoices issued on <paramref name="day"/> (about one per customer per month).</summary>
    public IReadOnlyList<SampleItem> ItemsIssuedOn(LocalDate day, IReadOnlyList<SampleCustomer> customers)
    {
        var items = new List<SampleItem>();
        var random = new Random(Mix(_seed, "day|" + Sql(day)));
        foreach (var customer in customers)
        {
            if (random.Next(30) != 0)
            {
                continue;
            }

            var invoiceRandom = new Random(Mix(_seed, "invoice|" + customer.AccountId + "|" + Sql(day)));
            items.AddRange(Invoice(customer, day, $"{customer.AccountId}-{day:yyyyMMdd}", invoiceRandom));
        }

        return items;
    }

    private IEnumerable<SampleItem> Invoice(SampleCustomer customer, LocalDate issued, string invoiceId, Random random)
    {
        var currency = customer.Currency;
        // Net amounts in whole minor units, in a range that is ordinary for the currency.
        decimal net = currency.Code switch
        {
            "COP" => random.Next(150, 12_000) * 1_000m,
            "MXN" => random.Next(50_000, 5_000_000) / 100m,
            _ => random.Next(5_000, 1_500_000) / 100m,
        };
        decimal taxRate = currency.Code switch { "COP" => 0.19m, "MXN" => 0.16m, _ => 0.21m };
        var netMoney = Money.Of(net, currency);
        var tax = (netMoney * taxRate).Round(MidpointRounding.ToEven);
        var termsText = TermsChoices[random.Next(TermsChoices.Length)];
        // Due dates falling on a weekend or a national holiday move to the next business day of the customer's country.
        var parsed = PaymentTermsNotation.Parse(termsText);
        var terms = new PaymentTerms(parsed.Portions, new BusinessDayAdjustment(BusinessDayConvention.Following, customer.CalendarId));
        var invoice = new Invoice(invoiceId, customer.AccountId, issued, netMoney, tax, terms);
        var schedule = PaymentSchedule.Create(invoice, null, _calendars);
        foreach (var item in schedule.ToReceivableItems())
        {
            var (payOn, share, restOn) = PaymentPlanFor(customer.Payer, item.DueDate, random);
            yield return new SampleItem(
                string.Create(CultureInfo.InvariantCulture, $"{invoiceId}/{item.PortionIndex}"),
                customer.AccountId,
                invoiceId,
                item.PortionIndex,
                issued,
                item.DueDate,
                item.Amount,
                termsText,
                payOn,
                share,
                restOn);
        }
    }

    private static (LocalDate? PayOn, decimal Share, LocalDate? RestOn) PaymentPlanFor(PayerKind payer, LocalDate due, Random random)
        => payer switch
        {
            PayerKind.Punctual => (due.PlusDays(-random.Next(0, 6)), 1m, null),
            PayerKind.Late => (due.PlusDays(random.Next(3, 46)), 1m, null),
            PayerKind.Partial => (due.PlusDays(random.Next(2, 21)), 0.5m, due.PlusDays(random.Next(25, 71))),
            _ => (null, 0m, null),
        };

    private static string Sql(LocalDate day) => day.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A stable 31-bit seed from the run's seed and a label (no string.GetHashCode: it is randomised per process).</summary>
    internal static int Mix(int seed, string label)
    {
        uint hash = Partition.StableHash(label);
        unchecked
        {
            hash ^= (uint)seed * 0x9E3779B9u;
            hash ^= hash >> 16;
            hash *= 0x85EBCA6Bu;
            hash ^= hash >> 13;
        }

        return (int)(hash & 0x7FFF_FFFF);
    }
}
