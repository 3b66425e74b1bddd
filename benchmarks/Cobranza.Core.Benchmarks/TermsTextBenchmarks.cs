using BenchmarkDotNet.Attributes;
using Cobranza.Core.Calendars;
using Cobranza.Core.Discounts;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Notation, terms text, legal check and JSON of payment terms. No targets in the issue: these run when terms are
/// configured or printed, not per payment; the figures are for reference.
/// </summary>
[MemoryDiagnoser]
public class TermsTextBenchmarks
{
    private PaymentTerms _terms = null!;
    private PaymentSchedule _schedule = null!;
    private string _json = null!;
    private PaymentTermLimitContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        _terms = PaymentTermsNotation.Parse("30% advance, 70% 2/10 Net 30");
        var discount = new EarlyPaymentDiscount(DiscountTier.PercentWithinDays(2m, 10));
        var halves = new PaymentTerms(
            new PaymentPortion(PortionShare.OfPercent(50), new CalendarMonthsRule(1), discount: discount),
            new PaymentPortion(PortionShare.OfPercent(50), new CalendarMonthsRule(2), discount: discount));
        var invoice = new Invoice("F-1", "C-1", new LocalDate(2026, 12, 15), Money.Of(1000m, Currency.EUR), Money.Of(210m, Currency.EUR), halves,
            new LocalDate(2026, 12, 10));
        _schedule = PaymentSchedule.Create(invoice, null, BuiltInCalendarProvider.Instance);
        _json = PaymentTermsJson.Serialize(_terms);
        _context = new PaymentTermLimitContext(TermsJurisdiction.Spain, CounterpartyKind.Business);
    }

    [Benchmark(Baseline = true)]
    public PaymentTerms Parse_Net30() => PaymentTermsNotation.Parse("Net 30");

    [Benchmark]
    public PaymentTerms Parse_AdvanceAndDiscount() => PaymentTermsNotation.Parse("30% advance, 70% 2/10 Net 30");

    [Benchmark]
    public string Format_AdvanceAndDiscount() => PaymentTermsNotation.Format(_terms);

    [Benchmark]
    public string Describe_Spanish_TwoPortions() => PaymentTermsText.Describe(_schedule, Language.Spanish);

    [Benchmark]
    public PaymentTermLimitResult CheckLimits_Schedule() => PaymentTermLimits.Check(_schedule, _context);

    [Benchmark]
    public string Json_Serialize() => PaymentTermsJson.Serialize(_terms);

    [Benchmark]
    public PaymentTerms Json_Deserialize() => PaymentTermsJson.Deserialize(_json);
}
