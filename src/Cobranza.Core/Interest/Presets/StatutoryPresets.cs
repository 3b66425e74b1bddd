using System;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// One-call statutory late-payment regimes. Each preset names its legal source, its validity and its boundary
/// rule (from which day interest runs, whether the payment day counts); <c>docs/interest.md</c> lists them
/// with their numbers. Presets are the law's default: a valid contractual rate takes precedence where the law
/// allows it.
/// </summary>
/// <remarks>
/// The statutory regimes of the EU, Spain, France, Italy, Portugal and the UK are simple interest at a
/// nominal annual rate, Actual/365 Fixed (<see cref="AccrualConventions.StatutoryDefault"/>); Germany's the same with
/// Actual/Actual (ISDA), a leap-year day being 1/366 of the annual rate (docs/decisions/0011-germany-day-basis.md); from the day after the
/// due date up to and including the day of payment. Colombia quotes effective annual rates, accrued with their period
/// equivalent <c>(1 + EA)^(days/365) − 1</c> (<see cref="RateQuotation.EffectiveAnnualPeriodEquivalent"/>).
/// </remarks>
public static class StatutoryPresets
{
    /// <summary>
    /// The German presets' conventions: the statutory defaults with Actual/Actual (ISDA), so a day in a leap year is
    /// 1/366 of the annual rate (§288 BGB fixes a rate "für das Jahr"; default is a continuous period, so the year of
    /// §§187(1), 188(2) BGB is the calendar year with its actual days, and §191 BGB's 365-day year applies only to
    /// periods that need not run continuously; docs/decisions/0011-germany-day-basis.md).
    /// </summary>
    private static readonly AccrualConventions GermanConventions = AccrualConventions.StatutoryDefault with { DayCount = Calendars.DayCounts.ActualActualIsda };

    private const string DayAfterDueDateThroughPayment =
        "Interest runs from the day after the due date up to and including the day of payment (n days late bear n days).";

    /// <summary>
    /// Directive 2011/7/EU, generic euro-area reading: ECB main refinancing rate in force on 1 January / 1 July + 8
    /// points (art. 2(6)-(7)), EUR 40 recovery compensation (art. 6). Valid from 2013-03-16 (transposition deadline, art. 12).
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset EuDirective()
        => new(
            "EU, Directive 2011/7/EU",
            "EU",
            "Directive 2011/7/EU art. 2(6)-(7), 3, 6",
            new LocalDate(2013, 3, 16),
            null,
            LateInterestRate.ReferencePlusSpread(ReferenceRateTables.EcbMainRefinancingId, 0.08m, RateFixing.HalfYearInForceOnFirstDay),
            AccrualConventions.StatutoryDefault,
            LateFee.EuRecoveryCompensation(),
            "Interest runs from the day following the date or the end of the period for payment (art. 3(3)(a)) without a reminder; " + DayAfterDueDateThroughPayment);

    /// <summary>
    /// Spain, Ley 3/2004 (commercial operations): the half-year statutory rate published in the BOE (ECB rate of the
    /// last MRO before the half-year + 8 points, art. 7.2), EUR 40 (art. 8.1; the fee line cites "Ley 3/2004 art. 8.1").
    /// Valid from 2005-01-01 (first published half-year).
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset Spain()
        => new(
            "Spain, Ley 3/2004",
            "ES",
            "Ley 3/2004 art. 5, 7 and 8 (as amended by Ley 11/2013)",
            new LocalDate(2005, 1, 1),
            null,
            LateInterestRate.Table(ReferenceRateTables.SpainLatePaymentCommercialId),
            AccrualConventions.StatutoryDefault,
            SpainRecoveryCompensation(),
            "Default is automatic on the mere failure to pay on the agreed or statutory date, without notice (art. 5); " + DayAfterDueDateThroughPayment
            + " The rate is the statutory late-payment rate of art. 7.2 (the ECB rate of its last main refinancing operation before the half-year + 8 points, + 7 before 24 February 2013; published for each half-year in the BOE);"
            + " the fixed compensation of EUR 40 per invoice is added without a request (art. 8.1)."
            + " Interest on the accrued interest only from its judicial claim (Código Civil art. 1109): compounding stays off.");

    /// <summary>
    /// The EUR 40 of Ley 3/2004 art. 8.1 ("una cantidad fija de 40 euros, que se añadirá en todo caso y sin necesidad
    /// de petición expresa a la deuda principal"), the Spanish transposition of Directive 2011/7/EU art. 6(1): the same
    /// fee and code as <see cref="LateFee.EuRecoveryCompensation()"/> (so an invoice is charged once whichever preset
    /// applied it), with the Spanish law as its legal source, which the statement's fee line prints.
    /// </summary>
    private static LateFee SpainRecoveryCompensation()
        => LateFee.Fixed(Money.Of(40m, Currency.EUR), LateFee.EuRecoveryCode, "Ley 3/2004 art. 8.1",
            "Indemnización por costes de cobro (40 EUR)", "Compensation for recovery costs (EUR 40)");

    /// <summary>
    /// Germany, §288(2) BGB (no consumer party): base rate (§247) + 9 points, EUR 40 lump sum (§288(5)). Valid for
    /// obligations arising from contracts concluded from 2014-07-29 (Art. 229 §34 EGBGB; + 8 points before).
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset GermanyBusiness()
        => new(
            "Germany, §288(2) BGB (business)",
            "DE",
            "BGB §247, §286, §288(2) and (5)",
            new LocalDate(2014, 7, 29),
            null,
            LateInterestRate.ReferencePlusSpread(ReferenceRateTables.GermanyBaseRateId, 0.09m, RateFixing.AsPublished),
            GermanConventions,
            LateFee.Fixed(Money.Of(40m, Currency.EUR), "DE-BGB-288-5", "BGB §288(5)", "Cantidad a tanto alzado por mora (§288(5) BGB, 40 EUR)", "Lump sum for default (§288(5) BGB, EUR 40)"),
            "Interest runs during default (Verzug, §286): from the day after the calendar due date (§286(2) no. 1, §187(1)) or the 31st day after receipt of the invoice (§286(3)); "
            + "the preset counts the payment day, as the library default; practice on the payment day varies, set AccrualEnd.PaymentDateExcluded if the court does not count it.");

    /// <summary>
    /// Germany, §288(2) BGB in its version before 29 July 2014 (no consumer party): base rate (§247) + 8 points, and
    /// <b>no</b> EUR 40 lump sum (§288(5) was added by the Gesetz zur Bekämpfung von Zahlungsverzug im
    /// Geschäftsverkehr of 22 July 2014, BGBl. I S. 1218). Valid for obligations (Schuldverhältnisse) that arose from
    /// 2002-01-01 (Art. 229 §5 EGBGB) to 2014-07-28 (Art. 229 §34 EGBGB: the 2014 version of §§286 and 288 applies
    /// only to obligations that arose after 28 July 2014), for every day of default, including days after 2014.
    /// </summary>
    /// <remarks>
    /// Art. 229 §34 sentence 2 EGBGB: a continuing obligation (Dauerschuldverhältnis) that arose earlier follows the
    /// 2014 version (<see cref="GermanyBusiness()"/>) as far as the counter-performance is rendered after 30 June 2016.
    /// </remarks>
    /// <returns>The preset.</returns>
    public static LateInterestPreset GermanyBusinessBefore2014()
        => new(
            "Germany, §288(2) BGB before 29 July 2014 (business)",
            "DE",
            "BGB §247, §286, §288(2) in the version before 29 July 2014; EGBGB Art. 229 §5 and §34",
            new LocalDate(2002, 1, 1),
            new LocalDate(2014, 7, 28),
            LateInterestRate.ReferencePlusSpread(ReferenceRateTables.GermanyBaseRateId, 0.08m, RateFixing.AsPublished),
            GermanConventions,
            null,
            "Applies to obligations that arose from 2002-01-01 to 2014-07-28 (Art. 229 §34 EGBGB), on every day of default, also after 2014; "
            + "a continuing obligation (Dauerschuldverhältnis) follows the 2014 version (+ 9 points, EUR 40) for counter-performance rendered after 30 June 2016. "
            + "Interest runs during default (Verzug, §286): from the day after the calendar due date (§286(2) no. 1, §187(1)) or the 31st day after receipt of the invoice (§286(3)); "
            + "the preset counts the payment day, as the library default; set AccrualEnd.PaymentDateExcluded if the court does not count it.");

    /// <summary>
    /// Germany, §288(2) BGB (no consumer party), the regime for an obligation by the day it arose (for a contract,
    /// the day it was concluded): <see cref="GermanyBusinessBefore2014"/> (+ 8 points, no lump sum) up to 2014-07-28,
    /// <see cref="GermanyBusiness()"/> (+ 9 points, EUR 40) from 2014-07-29 (Art. 229 §34 EGBGB).
    /// </summary>
    /// <remarks>
    /// The date alone does not decide a continuing obligation (Dauerschuldverhältnis) that arose before 2014-07-29: for
    /// counter-performance rendered after 30 June 2016 it follows the 2014 version (Art. 229 §34 sentence 2 EGBGB);
    /// call <see cref="GermanyBusiness()"/> for those.
    /// </remarks>
    /// <param name="obligationArose">The day the obligation arose (contract concluded), ISO calendar, from 2002-01-01.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The date is before 2002-01-01: §288 in its version before the Schuldrechtsmodernisierung applies (Art. 229 §5
    /// EGBGB) and is not modelled.
    /// </exception>
    /// <exception cref="ArgumentException">The date is not in the ISO calendar.</exception>
    public static LateInterestPreset GermanyBusiness(LocalDate obligationArose)
    {
        RequireIso(obligationArose, nameof(obligationArose));
        if (obligationArose < new LocalDate(2002, 1, 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(obligationArose),
                obligationArose,
                $"obligationArose must be on or after 2002-01-01; an obligation that arose earlier follows §288 BGB in its version before 2002 (Art. 229 §5 EGBGB), which is not modelled (was {Iso(obligationArose)}).");
        }

        return obligationArose <= new LocalDate(2014, 7, 28) ? GermanyBusinessBefore2014() : GermanyBusiness();
    }

    /// <summary>
    /// Germany, §288(1) BGB (a consumer is a party): base rate (§247) + 5 points; no lump sum (§288(5) excludes consumer debtors).
    /// Valid from 2002-01-01.
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset GermanyConsumer()
        => new(
            "Germany, §288(1) BGB (consumer)",
            "DE",
            "BGB §247, §286, §288(1)",
            new LocalDate(2002, 1, 1),
            null,
            LateInterestRate.ReferencePlusSpread(ReferenceRateTables.GermanyBaseRateId, 0.05m, RateFixing.AsPublished),
            GermanConventions,
            null,
            "As GermanyBusiness: from the first day of default (§286, §187(1)); the preset counts the payment day.");

    /// <summary>
    /// France, Code de commerce L441-10 II: ECB rate of the most recent refinancing operation in force on 1 January /
    /// 1 July + 10 points (the law's default when the terms set no rate), EUR 40 recovery indemnity (L441-10 II, D441-5).
    /// Valid from 2013-01-01 (indemnity; the rate rule was in L441-6 before Ordonnance 2019-359).
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset France()
        => new(
            "France, Code de commerce L441-10",
            "FR",
            "Code de commerce L441-10 II and D441-5",
            new LocalDate(2013, 1, 1),
            null,
            LateInterestRate.ReferencePlusSpread(ReferenceRateTables.EcbMainRefinancingId, 0.10m, RateFixing.HalfYearInForceOnFirstDay),
            AccrualConventions.StatutoryDefault,
            LateFee.Fixed(Money.Of(40m, Currency.EUR), "FR-L441-10-40", "Code de commerce L441-10 II, D441-5", "Indemnización a tanto alzado por costes de cobro (40 EUR)", "Fixed indemnity for recovery costs (EUR 40)"),
            "Penalties are due without a reminder from the day after the payment date on the invoice (L441-10 II); " + DayAfterDueDateThroughPayment
            + " An agreed rate may not be below 3 times the taux d'intérêt légal (not checked by the preset).");

    /// <summary>
    /// France, Code de commerce L441-10 II with a rate agreed in the terms of sale: the agreed annual rate, but never
    /// below 3 × the taux d'intérêt légal of the half-year for creditors acting for professional needs
    /// (<see cref="ReferenceRateTables.FranceLegalRateProfessional"/>, "tous les autres cas"), and the EUR 40 recovery
    /// indemnity (L441-10 II, D441-5). Where the floor lifts the agreed rate, the period's source says so.
    /// </summary>
    /// <remarks>
    /// The built-in taux légal table starts on 2015-01-01 (two rates per half-year since then); for earlier days
    /// supply the annual taux légal under <see cref="ReferenceRateTables.FranceLegalRateProfessionalId"/>.
    /// Without an agreed rate use <see cref="France()"/> (ECB + 10 points).
    /// </remarks>
    /// <param name="agreedAnnualRate">The agreed penalty rate, nominal annual, as a fraction (<c>0.05m</c> = 5 %).</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The rate is out of bounds.</exception>
    public static LateInterestPreset France(decimal agreedAnnualRate)
        => new(
            "France, Code de commerce L441-10 (agreed rate, at least 3 × taux légal)",
            "FR",
            "Code de commerce L441-10 II and D441-5; Code monétaire et financier L313-2",
            new LocalDate(2013, 1, 1),
            null,
            LateInterestRate.Fixed(agreedAnnualRate, "Agreed penalty rate (terms of sale)")
                .FlooredAt(LateInterestRate.ReferenceMultiple(ReferenceRateTables.FranceLegalRateProfessionalId, 3m, RateFixing.AsPublished)),
            AccrualConventions.StatutoryDefault,
            LateFee.Fixed(Money.Of(40m, Currency.EUR), "FR-L441-10-40", "Code de commerce L441-10 II, D441-5", "Indemnización a tanto alzado por costes de cobro (40 EUR)", "Fixed indemnity for recovery costs (EUR 40)"),
            "Penalties are due without a reminder from the day after the payment date on the invoice (L441-10 II); " + DayAfterDueDateThroughPayment
            + " The agreed rate applies, raised on each half-year to 3 times the taux d'intérêt légal for professional creditors where it is lower (L441-10 II).");

    /// <summary>
    /// Italy, D.Lgs. 231/2002 (as amended by D.Lgs. 192/2012): ECB rate in force on 1 January / 1 July + 8 points
    /// (art. 5), EUR 40 (art. 6). Valid for transactions concluded from 2013-01-01.
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset Italy()
        => new(
            "Italy, D.Lgs. 231/2002",
            "IT",
            "D.Lgs. 231/2002 art. 4, 5 and 6 (D.Lgs. 192/2012)",
            new LocalDate(2013, 1, 1),
            null,
            LateInterestRate.ReferencePlusSpread(ReferenceRateTables.EcbMainRefinancingId, 0.08m, RateFixing.HalfYearInForceOnFirstDay),
            AccrualConventions.StatutoryDefault,
            LateFee.EuRecoveryCompensation(),
            "Interest runs without a formal demand from the day after the payment term expires (art. 4(1)); " + DayAfterDueDateThroughPayment);

    /// <summary>
    /// Italy, D.Lgs. 231/2002 in its original text (before D.Lgs. 192/2012): the rate of the ECB's most recent main
    /// refinancing operation on the first calendar day of the half-year + 7 points (art. 5), and <b>no</b> EUR 40
    /// (introduced by D.Lgs. 192/2012). Valid for transactions concluded from 2002-08-08 (art. 11(1)) to 2012-12-31
    /// (D.Lgs. 192/2012 art. 3(1): the new rules apply to transactions concluded from 2013-01-01), for every day of
    /// delay, including days after 2012.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The rate is <see cref="LateInterestRate.Switch"/>ed on 2009-01-01. Before, the ECB held variable-rate tenders
    /// and the Ministry published the rate of the most recent operation (the marginal rate, above the minimum bid
    /// rate of <see cref="ReferenceRateTables.EcbMainRefinancing"/>), so the days up to 2008-12-31 use the published
    /// half-year table <see cref="ReferenceRateTables.ItalyLatePayment"/> as it is (its rows before 2013 are the
    /// + 7 rates; it holds 2002-H2 and 2003-H1 only, so 2003-07-01 … 2008-12-31 throws
    /// <see cref="ReferenceRateUnavailableException"/> unless the host supplies the Ministry's comunicati under
    /// <see cref="ReferenceRateTables.ItalyLatePaymentId"/>). From 2009-01-01 (fixed-rate full allotment since
    /// 2008-10-15) it is the ECB rate in force on 1 January / 1 July + 7 points.
    /// </para>
    /// <para>Not modelled: the further 2 points for perishable foodstuffs.</para>
    /// </remarks>
    /// <returns>The preset.</returns>
    public static LateInterestPreset ItalyBefore2013()
        => new(
            "Italy, D.Lgs. 231/2002 before D.Lgs. 192/2012",
            "IT",
            "D.Lgs. 231/2002 art. 4, 5 and 11 (original text); D.Lgs. 192/2012 art. 3",
            new LocalDate(2002, 8, 8),
            new LocalDate(2012, 12, 31),
            LateInterestRate.Switch(
                LateInterestRate.Table(ReferenceRateTables.ItalyLatePaymentId),
                new LocalDate(2009, 1, 1),
                LateInterestRate.ReferencePlusSpread(ReferenceRateTables.EcbMainRefinancingId, 0.07m, RateFixing.HalfYearInForceOnFirstDay)),
            AccrualConventions.StatutoryDefault,
            null,
            "Applies to transactions concluded from 2002-08-08 to 2012-12-31 (D.Lgs. 231/2002 art. 11(1); D.Lgs. 192/2012 art. 3(1)), on every day of delay, also after 2012. "
            + "Interest runs without a formal demand from the day after the payment term expires (art. 4(1)); " + DayAfterDueDateThroughPayment);

    /// <summary>
    /// Italy, D.Lgs. 231/2002, the regime for a transaction by the day it was concluded:
    /// <see cref="ItalyBefore2013"/> (+ 7 points, no EUR 40) from 2002-08-08 to 2012-12-31, <see cref="Italy()"/>
    /// (+ 8 points, EUR 40) from 2013-01-01 (D.Lgs. 192/2012 art. 3(1)).
    /// </summary>
    /// <param name="transactionConcluded">The day the commercial transaction was concluded, ISO calendar, from 2002-08-08.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The date is before 2002-08-08: D.Lgs. 231/2002 does not apply (art. 11(1)).</exception>
    /// <exception cref="ArgumentException">The date is not in the ISO calendar.</exception>
    public static LateInterestPreset Italy(LocalDate transactionConcluded)
    {
        RequireIso(transactionConcluded, nameof(transactionConcluded));
        if (transactionConcluded < new LocalDate(2002, 8, 8))
        {
            throw new ArgumentOutOfRangeException(
                nameof(transactionConcluded),
                transactionConcluded,
                $"transactionConcluded must be on or after 2002-08-08; D.Lgs. 231/2002 does not apply to contracts concluded earlier (art. 11(1)) (was {Iso(transactionConcluded)}).");
        }

        return transactionConcluded < new LocalDate(2013, 1, 1) ? ItalyBefore2013() : Italy();
    }

    /// <summary>
    /// Portugal, DL 62/2013 (commercial transactions): the taxa supletiva published by aviso each half-year
    /// (Portaria 277/2013; not below the ECB rate + 8 points), EUR 40 (art. 7). Valid from 2013-07-01.
    /// The built-in table has many gaps: supply the avisos through an <see cref="IReferenceRateProvider"/>.
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset Portugal()
        => new(
            "Portugal, DL 62/2013",
            "PT",
            "DL 62/2013 art. 4 and 7; Código Comercial art. 102 §5; Portaria 277/2013",
            new LocalDate(2013, 7, 1),
            null,
            LateInterestRate.Table(ReferenceRateTables.PortugalCommercialLatePaymentId),
            AccrualConventions.StatutoryDefault,
            LateFee.EuRecoveryCompensation(),
            "Interest is due automatically from the day after the due date (DL 62/2013 art. 4); " + DayAfterDueDateThroughPayment);

    /// <summary>
    /// United Kingdom, Late Payment of Commercial Debts (Interest) Act 1998: Bank Rate in force on the 31 December /
    /// 30 June before interest starts to run + 8 %, fixed for the debt (SI 2002/1675 art. 4), and the fixed sum of
    /// GBP 40 / 70 / 100 (s.5A). Valid from 2002-08-07.
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset UnitedKingdom()
        => new(
            "United Kingdom, Late Payment of Commercial Debts (Interest) Act 1998",
            "GB",
            "Late Payment of Commercial Debts (Interest) Act 1998 s.4, s.5A, s.6; SI 2002/1675 art. 4",
            new LocalDate(2002, 8, 7),
            null,
            LateInterestRate.ReferencePlusSpread(ReferenceRateTables.BankOfEnglandBankRateId, 0.08m, RateFixing.FixedAtPrecedingHalfYearEnd),
            AccrualConventions.StatutoryDefault,
            LateFee.UkFixedSum(),
            "Statutory interest runs from the day after the relevant day (the agreed payment date, or the end of the default 30-day period) (s.4) until the debt is paid; "
            + "the preset counts the payment day. Simple interest, annual rate / 365 per day.");

    /// <summary>
    /// Colombia, Código de Comercio art. 884, when no moratory rate was agreed: 1.5 × the interés bancario corriente
    /// certified by the Superintendencia Financiera for each month (the usury rate), effective annual. No statutory fixed fee.
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset Colombia()
        => Colombia(UsuryRate(), "1.5 × certified interés bancario corriente (no agreed rate)");

    /// <summary>
    /// Colombia with an agreed moratory rate (effective annual): the applied rate is min(agreed, usury rate), the
    /// usury rate being 1.5 × the certified interés bancario corriente of each month (Código de Comercio art. 884).
    /// The statement marks the months where the cap bit. Charging above it forfeits the interest (art. 884; Ley 45
    /// de 1990 art. 72): the preset never charges above it.
    /// </summary>
    /// <param name="agreedEffectiveAnnualRate">The agreed moratory rate, effective annual, as a fraction (<c>0.30m</c> = 30 % EA).</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The rate is out of bounds.</exception>
    public static LateInterestPreset Colombia(decimal agreedEffectiveAnnualRate)
        => Colombia(LateInterestRate.Fixed(agreedEffectiveAnnualRate, "Agreed moratory rate (effective annual)").CappedAt(UsuryRate()), "agreed rate capped at the usury rate");

    /// <summary>
    /// Colombia with an agreed moratory rate (effective annual) and an explicit rule for the months where it exceeds
    /// the usury rate (1.5 × the certified interés bancario corriente, Código de Comercio art. 884).
    /// <see cref="UsuryExcessRule.Cap"/> is <see cref="Colombia(decimal)"/>: the usury rate applies in those months.
    /// <see cref="UsuryExcessRule.Forfeit"/> applies the sanction of art. 884 ("el acreedor perderá todos los
    /// intereses"; Ley 45 de 1990 art. 72): the rate resolves as with the cap (so the excess is detected and marked)
    /// and the preset's conventions set <see cref="AccrualConventions.UsuryExcess"/>, so a statement with any such
    /// month charges no interest, with an <see cref="InterestNoteKind.InterestForfeited"/> note.
    /// </summary>
    /// <param name="agreedEffectiveAnnualRate">The agreed moratory rate, effective annual, as a fraction (<c>0.30m</c> = 30 % EA).</param>
    /// <param name="rule">What happens when the agreed rate exceeds the usury rate.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The rate is out of bounds, or <paramref name="rule"/> is not defined.</exception>
    public static LateInterestPreset Colombia(decimal agreedEffectiveAnnualRate, UsuryExcessRule rule)
    {
        if (!Enum.IsDefined(rule))
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule, $"rule must be a defined UsuryExcessRule (was {(int)rule}).");
        }

        if (rule == UsuryExcessRule.Cap)
        {
            return Colombia(agreedEffectiveAnnualRate);
        }

        LateInterestPreset capped = Colombia(
            LateInterestRate.Fixed(agreedEffectiveAnnualRate, "Agreed moratory rate (effective annual)").CappedAt(UsuryRate()),
            "agreed rate; all interest forfeited if it exceeds the usury rate");
        return new LateInterestPreset(
            capped.Name,
            capped.Jurisdiction,
            capped.LegalSource + "; Ley 45 de 1990 art. 72",
            capped.ValidFrom,
            capped.ValidUntil,
            capped.Rate,
            capped.Conventions with { UsuryExcess = UsuryExcessRule.Forfeit },
            capped.Fee,
            capped.BoundaryRule + " If the agreed rate exceeds the usury rate on any accruing day, the creditor loses all the interest (art. 884; Ley 45 de 1990 art. 72): the conventions forfeit it (UsuryExcess).");
    }

    /// <summary>
    /// Mexico, Código de Comercio art. 362: when no rate was agreed, 6 % a year, from the day after the due date.
    /// Valid from 1890-01-01 (the Code's entry into force). No statutory fixed fee.
    /// </summary>
    /// <returns>The preset.</returns>
    public static LateInterestPreset Mexico()
        => new(
            "Mexico, Código de Comercio art. 362",
            "MX",
            "Código de Comercio art. 362",
            new LocalDate(1890, 1, 1),
            null,
            LateInterestRate.Fixed(0.06m, "Código de Comercio art. 362 (6 % a year when not agreed)"),
            AccrualConventions.StatutoryDefault,
            null,
            "Debtors who delay payment owe interest from the day following the due date (art. 362); the preset counts the payment day.");

    private static void RequireIso(LocalDate date, string name)
    {
        if (!ReferenceEquals(date.Calendar, CalendarSystem.Iso))
        {
            throw new ArgumentException($"{name} must be a date in the ISO calendar (was {date} in {date.Calendar.Id}).", name);
        }
    }

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static LateInterestRate UsuryRate()
        => LateInterestRate.ReferenceMultiple(ReferenceRateTables.ColombiaBankingCurrentRateId, 1.5m, RateFixing.MonthlyInForceOnFirstDay);

    private static LateInterestPreset Colombia(LateInterestRate rate, string what)
        => new(
            "Colombia, Código de Comercio art. 884 (" + what + ")",
            "CO",
            "Código de Comercio art. 884; Código Civil art. 1608; Código Penal art. 305 (usury)",
            new LocalDate(1972, 1, 1),
            null,
            rate,
            AccrualConventions.StatutoryDefault with { Quotation = RateQuotation.EffectiveAnnualPeriodEquivalent },
            null,
            "The debtor is in default from the day after the stipulated term (Código Civil art. 1608); the preset counts the payment day. "
            + "Rates are effective annual: a period of n days (one balance, one month's rate) accrues (1 + EA)^(n/365) - 1, the equivalent rate of the Superintendencia Financiera "
            + "(conceptos 2009046566-001 and 2010017499-001); the usury rate is the exact 1.5 × IBC (art. 884), not the two-decimal figure the SFC announces.");
}
