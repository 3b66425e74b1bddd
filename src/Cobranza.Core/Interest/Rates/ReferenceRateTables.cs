using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using NodaTime;

namespace Cobranza.Core.Interest;

/// <summary>
/// The built-in reference-rate tables, compiled from public sources with a verification level per row
/// (<see cref="ReferenceRate.Verification"/>). The data ships verbatim as embedded CSV files
/// (<c>src/Cobranza.Core/Interest/Rates/Data/*.csv</c>, sources in <c>SOURCES.md</c> next to them), parsed once on
/// first use (thread-safe).
/// </summary>
/// <remarks>
/// <para>
/// <b>Coverage is honest.</b> Every table has a <see cref="ReferenceRateTable.CoveredUntil"/> date; a later date, or
/// a date in a gap, is an error (<see cref="ReferenceRateUnavailableException"/>) unless the host supplies the rate
/// through an <see cref="IReferenceRateProvider"/>. Rows marked <see cref="RateVerification.Unverified"/> or
/// <see cref="RateVerification.SingleSource"/> must be checked against the official publication before a figure
/// is shown to a court or an auditor; a host holding the official series overrides them.
/// </para>
/// <para>All tables were last updated with publications up to 2026-02-28 (<see cref="DataAsOf"/>).</para>
/// </remarks>
public static class ReferenceRateTables
{
    /// <summary>Id of <see cref="EcbMainRefinancing"/>.</summary>
    public const string EcbMainRefinancingId = "ECB-MRO";

    /// <summary>Id of <see cref="SpainLatePaymentCommercial"/>.</summary>
    public const string SpainLatePaymentCommercialId = "ES-LATE-PAYMENT-COMMERCIAL";

    /// <summary>Id of <see cref="GermanyBaseRate"/>.</summary>
    public const string GermanyBaseRateId = "DE-BASISZINSSATZ";

    /// <summary>Id of <see cref="BankOfEnglandBankRate"/>.</summary>
    public const string BankOfEnglandBankRateId = "GB-BANK-RATE";

    /// <summary>Id of <see cref="ColombiaBankingCurrentRate"/>.</summary>
    public const string ColombiaBankingCurrentRateId = "CO-IBC-CONSUMO-ORDINARIO";

    /// <summary>Id of <see cref="ItalyLatePayment"/>.</summary>
    public const string ItalyLatePaymentId = "IT-LATE-PAYMENT";

    /// <summary>Id of <see cref="PortugalCommercialLatePayment"/>.</summary>
    public const string PortugalCommercialLatePaymentId = "PT-TAXA-SUPLETIVA-DL62";

    /// <summary>Id of <see cref="PortugalCommercialGeneral"/>.</summary>
    public const string PortugalCommercialGeneralId = "PT-TAXA-SUPLETIVA-GERAL";

    /// <summary>Id of <see cref="FranceLegalRateProfessional"/>.</summary>
    public const string FranceLegalRateProfessionalId = "FR-TAUX-INTERET-LEGAL-PRO";

    private static readonly LocalDate AsOf = new(2026, 2, 28);

    private static readonly Lazy<ReferenceRateTable> Ecb = Define(
        EcbMainRefinancingId,
        "ECB main refinancing operations rate",
        "European Central Bank, key interest rates (fixed rate; minimum bid rate of variable-rate tenders 2000-06-28 to 2008-10-14, see kind in each row's source)",
        coveredUntil: new LocalDate(2026, 2, 28),
        new ReferenceRatePublication("European Central Bank, key ECB interest rates (ecb.europa.eu, press release of each monetary policy decision)", "after each monetary-policy meeting of the Governing Council (about every six weeks), with the date the new rate takes effect", ReferenceRatePeriodicity.ChangeDate),
        new("ecb_mro.csv", "effective_date", null, "rate_percent", "source", "kind"));

    private static readonly Lazy<ReferenceRateTable> Spain = Define(
        SpainLatePaymentCommercialId,
        "Spain: tipo legal de interés de demora en operaciones comerciales (half-year)",
        "Ley 3/2004 art. 7.2; resolutions of the Secretaría General del Tesoro published in the BOE each half-year (ECB rate of the last MRO before the half-year + 7 points, + 8 since RDL 4/2013 of 22 Feb 2013)",
        coveredUntil: new LocalDate(2026, 6, 30),
        new ReferenceRatePublication("BOE: resolución de la Secretaría General del Tesoro y Financiación Internacional por la que se publica el tipo legal de interés de demora aplicable a las operaciones comerciales (Ley 3/2004 art. 7.2)", "in the first days of January and July, for the half-year that starts then", ReferenceRatePeriodicity.HalfYear),
        new("es_late_payment_commercial.csv", "period_start", "period_end", "rate_percent", "boe_reference"));

    private static readonly Lazy<ReferenceRateTable> Germany = Define(
        GermanyBaseRateId,
        "Germany: Basiszinssatz (§247 BGB)",
        "Deutsche Bundesbank, notices in the Bundesanzeiger; §247 BGB (changes on 1 January and 1 July)",
        coveredUntil: new LocalDate(2026, 6, 30),
        new ReferenceRatePublication("Deutsche Bundesbank, Basiszinssatz nach §247 BGB (bundesbank.de), announced in the Bundesanzeiger", "shortly after 1 January and 1 July, for the half-year that starts then (§247(1) and (2) BGB)", ReferenceRatePeriodicity.HalfYear),
        new("de_basiszinssatz.csv", "effective_date", null, "rate_percent", "source"));

    private static readonly Lazy<ReferenceRateTable> England = Define(
        BankOfEnglandBankRateId,
        "Bank of England Bank Rate",
        "Bank of England, Bank Rate history (effective on the day the MPC decision was announced)",
        coveredUntil: new LocalDate(2026, 2, 28),
        new ReferenceRatePublication("Bank of England, Official Bank Rate history (bankofengland.co.uk, Monetary Policy Committee decisions)", "on the day of each MPC decision (eight a year), effective that day", ReferenceRatePeriodicity.ChangeDate),
        new("gb_bank_rate.csv", "effective_date", null, "rate_percent", "source"));

    private static readonly Lazy<ReferenceRateTable> Colombia = Define(
        ColombiaBankingCurrentRateId,
        "Colombia: interés bancario corriente, crédito de consumo y ordinario (effective annual)",
        "Superintendencia Financiera de Colombia, monthly certification (Código de Comercio art. 884; Estatuto Orgánico del Sistema Financiero art. 326)",
        coveredUntil: new LocalDate(2026, 3, 31),
        new ReferenceRatePublication("Superintendencia Financiera de Colombia: resolución que certifica el interés bancario corriente, crédito de consumo y ordinario (superfinanciera.gov.co)", "in the last days of each month, for the following month", ReferenceRatePeriodicity.Month),
        new("co_interes_bancario_corriente.csv", "period_start", "period_end", "rate_percent_effective_annual", "resolution"));

    private static readonly Lazy<ReferenceRateTable> Italy = Define(
        ItalyLatePaymentId,
        "Italy: tasso degli interessi moratori, transazioni commerciali (half-year)",
        "D.Lgs. 231/2002 art. 5 (D.Lgs. 192/2012); MEF comunicato in the Gazzetta Ufficiale each half-year (reference rate + 8 points, + 7 before 2013)",
        coveredUntil: new LocalDate(2026, 6, 30),
        new ReferenceRatePublication("MEF: comunicato del tasso di riferimento (D.Lgs. 231/2002 art. 5) in the Gazzetta Ufficiale", "in the first weeks of January and July, for the half-year that starts then", ReferenceRatePeriodicity.HalfYear),
        new("it_late_payment.csv", "period_start", "period_end", "rate_percent", "source"));

    private static readonly Lazy<ReferenceRateTable> PortugalDl62 = Define(
        PortugalCommercialLatePaymentId,
        "Portugal: taxa supletiva de juros moratórios, transações comerciais (DL 62/2013)",
        "Portaria 277/2013; aviso of the Direção-Geral do Tesouro e Finanças in the Diário da República each half-year (art. 102 §5 Código Comercial)",
        coveredUntil: new LocalDate(2026, 6, 30),
        new ReferenceRatePublication("Direção-Geral do Tesouro e Finanças: aviso of the taxas supletivas de juros moratórios in the Diário da República, 2.ª série", "in January and July, for the half-year that starts then", ReferenceRatePeriodicity.HalfYear),
        new("pt_taxa_supletiva_comercial.csv", "period_start", "period_end", "rate_dl62_2013_percent", "aviso"));

    private static readonly Lazy<ReferenceRateTable> PortugalGeneral = Define(
        PortugalCommercialGeneralId,
        "Portugal: taxa supletiva de juros moratórios, créditos de empresas comerciais (general)",
        "Portaria 277/2013; aviso of the Direção-Geral do Tesouro e Finanças in the Diário da República each half-year (art. 102 §3 Código Comercial)",
        coveredUntil: new LocalDate(2026, 6, 30),
        new ReferenceRatePublication("Direção-Geral do Tesouro e Finanças: aviso of the taxas supletivas de juros moratórios in the Diário da República, 2.ª série", "in January and July, for the half-year that starts then", ReferenceRatePeriodicity.HalfYear),
        new("pt_taxa_supletiva_comercial.csv", "period_start", "period_end", "rate_general_percent", "aviso"));

    private static readonly Lazy<ReferenceRateTable> FranceLegalPro = Define(
        FranceLegalRateProfessionalId,
        "France: taux de l'intérêt légal, tous les autres cas (creditor acting for professional needs; half-year)",
        "Code monétaire et financier L313-2 and D313-1-A; arrêté of the minister for the economy each half-year (two rates since 2015-01-01)",
        coveredUntil: new LocalDate(2026, 6, 30),
        new ReferenceRatePublication("arrêté of the minister for the economy fixing the taux de l'intérêt légal, Journal officiel (Code monétaire et financier L313-2, D313-1-A)", "in the last days of June and December, for the half-year that follows", ReferenceRatePeriodicity.HalfYear),
        new("fr_taux_interet_legal.csv", "period_start", "period_end", "rate_percent", "source"));

    /// <summary>The date up to which publications were checked when the built-in tables were last updated: 2026-02-28.</summary>
    public static LocalDate DataAsOf => AsOf;

    /// <summary>
    /// ECB main refinancing operations rate since 1999-01-01, by change date. Covered until 2026-02-28.
    /// 2000-06-28 to 2008-10-14 holds the <i>minimum bid</i> rate; Spain, Germany and Italy used the (higher)
    /// marginal rate then, so use their own tables for those years.
    /// </summary>
    public static ReferenceRateTable EcbMainRefinancing => Ecb.Value;

    /// <summary>
    /// Spain's statutory late-payment rate for commercial operations, by half-year as published in the BOE, since
    /// 2005-H1 (Ley 3/2004). 2013-H1 is split at 2013-02-24 (RDL 4/2013). Covered until 2026-06-30.
    /// </summary>
    public static ReferenceRateTable SpainLatePaymentCommercial => Spain.Value;

    /// <summary>Germany's Basiszinssatz (§247 BGB) since 2002-01-01, changing on 1 January and 1 July. Covered until 2026-06-30.</summary>
    public static ReferenceRateTable GermanyBaseRate => Germany.Value;

    /// <summary>Bank of England Bank Rate since 1998 (first row: the rate in force on 1998-01-01). Covered until 2026-02-28.</summary>
    public static ReferenceRateTable BankOfEnglandBankRate => England.Value;

    /// <summary>
    /// Colombia's certified interés bancario corriente for consumer and ordinary credit, effective annual rate, by
    /// calendar month. <b>Has gaps</b> (before 2021-01, 2021-03 to 2022-11, 2023-07, 2024-05); the longest continuous
    /// range is 2024-06 to 2026-03. Covered until 2026-03-31.
    /// </summary>
    public static ReferenceRateTable ColombiaBankingCurrentRate => Colombia.Value;

    /// <summary>Italy's statutory late-payment rate (reference + spread) by half-year; 2002-H2, 2003-H1 and 2018-H2 to 2026-H1 only (gap 2003-07 to 2018-06).</summary>
    public static ReferenceRateTable ItalyLatePayment => Italy.Value;

    /// <summary>Portugal's taxa supletiva for transactions under DL 62/2013, by half-year; only the half-years seen (many gaps). 2025-H2 has conflicting sources (11.15 recorded).</summary>
    public static ReferenceRateTable PortugalCommercialLatePayment => PortugalDl62.Value;

    /// <summary>Portugal's general commercial taxa supletiva (art. 102 §3 Código Comercial), by half-year; only the half-years seen (many gaps).</summary>
    public static ReferenceRateTable PortugalCommercialGeneral => PortugalGeneral.Value;

    /// <summary>
    /// France's taux de l'intérêt légal for creditors other than natural persons acting for non-professional needs
    /// ("tous les autres cas"), by half-year since 2015-H1; the floor of Code de commerce L441-10 II is 3 × this rate.
    /// Covered until 2026-06-30.
    /// </summary>
    public static ReferenceRateTable FranceLegalRateProfessional => FranceLegalPro.Value;

    /// <summary>Every built-in table.</summary>
    public static IReadOnlyList<ReferenceRateTable> All =>
    [
        EcbMainRefinancing, SpainLatePaymentCommercial, GermanyBaseRate, BankOfEnglandBankRate,
        ColombiaBankingCurrentRate, ItalyLatePayment, PortugalCommercialLatePayment, PortugalCommercialGeneral,
        FranceLegalRateProfessional,
    ];

    /// <summary>Finds a built-in table by id (ordinal, case-insensitive).</summary>
    /// <param name="id">The table id, e.g. <see cref="EcbMainRefinancingId"/>.</param>
    /// <param name="table">The table, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when a built-in table has that id.</returns>
    public static bool TryGet(string? id, [NotNullWhen(true)] out ReferenceRateTable? table)
    {
        table = id?.ToUpperInvariant() switch
        {
            EcbMainRefinancingId => EcbMainRefinancing,
            SpainLatePaymentCommercialId => SpainLatePaymentCommercial,
            GermanyBaseRateId => GermanyBaseRate,
            BankOfEnglandBankRateId => BankOfEnglandBankRate,
            ColombiaBankingCurrentRateId => ColombiaBankingCurrentRate,
            ItalyLatePaymentId => ItalyLatePayment,
            PortugalCommercialLatePaymentId => PortugalCommercialLatePayment,
            PortugalCommercialGeneralId => PortugalCommercialGeneral,
            FranceLegalRateProfessionalId => FranceLegalRateProfessional,
            _ => null,
        };
        return table is not null;
    }

    /// <summary>Finds a built-in table by id.</summary>
    /// <param name="id">The table id.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException">No built-in table has that id; the message lists the ids.</exception>
    public static ReferenceRateTable Get(string id)
        => TryGet(Guard.NotNull(id), out ReferenceRateTable? table)
            ? table
            : throw new ArgumentException($"id '{id}' is not a built-in reference-rate table (known: {EcbMainRefinancingId}, {SpainLatePaymentCommercialId}, {GermanyBaseRateId}, {BankOfEnglandBankRateId}, {ColombiaBankingCurrentRateId}, {ItalyLatePaymentId}, {PortugalCommercialLatePaymentId}, {PortugalCommercialGeneralId}, {FranceLegalRateProfessionalId}).", nameof(id));

    private static Lazy<ReferenceRateTable> Define(string id, string name, string source, LocalDate coveredUntil, ReferenceRatePublication publication, ReferenceRateCsv.Layout layout)
        => new(() => new ReferenceRateTable(id, name, source, AsOf, coveredUntil, ReferenceRateCsv.Load(layout)) { Publication = publication }, LazyThreadSafetyMode.ExecutionAndPublication);
}
