using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Cobranza.Core;

/// <summary>
/// The ISO 4217 table of currencies: ISO 4217 "List One" (current currency and funds code list) as published by
/// the maintenance agency (SIX Financial Information) on 2026-01-01.
/// </summary>
/// <remarks>
/// <para>
/// Built from the List One XML published 2024-06-25 (Amendment 177, which introduced ZWG and withdrew ZWL), with
/// the amendments published since then applied: XCG (Caribbean Guilder, 532, 2) replaces ANG from 2025-03-31;
/// XAD (Arab Accounting Dinar, 396, 2) added by Amendment 179 (list of 2025-05-12); CUC removed; BGN removed when
/// Bulgaria adopted the euro on 2026-01-01.
/// </para>
/// <para>
/// Entries whose minor unit is "N.A." in the standard are omitted, because an amount in them cannot be rounded or
/// allocated: XAG, XAU, XBA, XBB, XBC, XBD, XDR, XPD, XPT, XSU, XTS, XUA, XXX. Withdrawn codes (ANG, BGN, CUC, SLL,
/// ZWL, ...) are not listed either; define them with <see cref="Currency.Custom"/> for historical amounts.
/// Fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI) are included with their minor units.
/// </para>
/// </remarks>
internal static class Iso4217
{
    /// <summary>The date of the ISO 4217 list this table reproduces.</summary>
    internal const string ListDate = "2026-01-01";

    // Alphabetic code, numeric code, minor units, English name as in List One.
    private static readonly Currency[] Table =
    [
        new("AED", 784, 2, "UAE Dirham"),
        new("AFN", 971, 2, "Afghani"),
        new("ALL", 8, 2, "Lek"),
        new("AMD", 51, 2, "Armenian Dram"),
        new("AOA", 973, 2, "Kwanza"),
        new("ARS", 32, 2, "Argentine Peso"),
        new("AUD", 36, 2, "Australian Dollar"),
        new("AWG", 533, 2, "Aruban Florin"),
        new("AZN", 944, 2, "Azerbaijan Manat"),
        new("BAM", 977, 2, "Convertible Mark"),
        new("BBD", 52, 2, "Barbados Dollar"),
        new("BDT", 50, 2, "Taka"),
        new("BHD", 48, 3, "Bahraini Dinar"),
        new("BIF", 108, 0, "Burundi Franc"),
        new("BMD", 60, 2, "Bermudian Dollar"),
        new("BND", 96, 2, "Brunei Dollar"),
        new("BOB", 68, 2, "Boliviano"),
        new("BOV", 984, 2, "Mvdol"), // fund
        new("BRL", 986, 2, "Brazilian Real"),
        new("BSD", 44, 2, "Bahamian Dollar"),
        new("BTN", 64, 2, "Ngultrum"),
        new("BWP", 72, 2, "Pula"),
        new("BYN", 933, 2, "Belarusian Ruble"),
        new("BZD", 84, 2, "Belize Dollar"),
        new("CAD", 124, 2, "Canadian Dollar"),
        new("CDF", 976, 2, "Congolese Franc"),
        new("CHE", 947, 2, "WIR Euro"), // fund
        new("CHF", 756, 2, "Swiss Franc"),
        new("CHW", 948, 2, "WIR Franc"), // fund
        new("CLF", 990, 4, "Unidad de Fomento"), // fund
        new("CLP", 152, 0, "Chilean Peso"),
        new("CNY", 156, 2, "Yuan Renminbi"),
        new("COP", 170, 2, "Colombian Peso"),
        new("COU", 970, 2, "Unidad de Valor Real"), // fund
        new("CRC", 188, 2, "Costa Rican Colon"),
        new("CUP", 192, 2, "Cuban Peso"),
        new("CVE", 132, 2, "Cabo Verde Escudo"),
        new("CZK", 203, 2, "Czech Koruna"),
        new("DJF", 262, 0, "Djibouti Franc"),
        new("DKK", 208, 2, "Danish Krone"),
        new("DOP", 214, 2, "Dominican Peso"),
        new("DZD", 12, 2, "Algerian Dinar"),
        new("EGP", 818, 2, "Egyptian Pound"),
        new("ERN", 232, 2, "Nakfa"),
        new("ETB", 230, 2, "Ethiopian Birr"),
        new("EUR", 978, 2, "Euro"),
        new("FJD", 242, 2, "Fiji Dollar"),
        new("FKP", 238, 2, "Falkland Islands Pound"),
        new("GBP", 826, 2, "Pound Sterling"),
        new("GEL", 981, 2, "Lari"),
        new("GHS", 936, 2, "Ghana Cedi"),
        new("GIP", 292, 2, "Gibraltar Pound"),
        new("GMD", 270, 2, "Dalasi"),
        new("GNF", 324, 0, "Guinean Franc"),
        new("GTQ", 320, 2, "Quetzal"),
        new("GYD", 328, 2, "Guyana Dollar"),
        new("HKD", 344, 2, "Hong Kong Dollar"),
        new("HNL", 340, 2, "Lempira"),
        new("HTG", 332, 2, "Gourde"),
        new("HUF", 348, 2, "Forint"),
        new("IDR", 360, 2, "Rupiah"),
        new("ILS", 376, 2, "New Israeli Sheqel"),
        new("INR", 356, 2, "Indian Rupee"),
        new("IQD", 368, 3, "Iraqi Dinar"),
        new("IRR", 364, 2, "Iranian Rial"),
        new("ISK", 352, 0, "Iceland Krona"),
        new("JMD", 388, 2, "Jamaican Dollar"),
        new("JOD", 400, 3, "Jordanian Dinar"),
        new("JPY", 392, 0, "Yen"),
        new("KES", 404, 2, "Kenyan Shilling"),
        new("KGS", 417, 2, "Som"),
        new("KHR", 116, 2, "Riel"),
        new("KMF", 174, 0, "Comorian Franc"),
        new("KPW", 408, 2, "North Korean Won"),
        new("KRW", 410, 0, "Won"),
        new("KWD", 414, 3, "Kuwaiti Dinar"),
        new("KYD", 136, 2, "Cayman Islands Dollar"),
        new("KZT", 398, 2, "Tenge"),
        new("LAK", 418, 2, "Lao Kip"),
        new("LBP", 422, 2, "Lebanese Pound"),
        new("LKR", 144, 2, "Sri Lanka Rupee"),
        new("LRD", 430, 2, "Liberian Dollar"),
        new("LSL", 426, 2, "Loti"),
        new("LYD", 434, 3, "Libyan Dinar"),
        new("MAD", 504, 2, "Moroccan Dirham"),
        new("MDL", 498, 2, "Moldovan Leu"),
        new("MGA", 969, 2, "Malagasy Ariary"),
        new("MKD", 807, 2, "Denar"),
        new("MMK", 104, 2, "Kyat"),
        new("MNT", 496, 2, "Tugrik"),
        new("MOP", 446, 2, "Pataca"),
        new("MRU", 929, 2, "Ouguiya"),
        new("MUR", 480, 2, "Mauritius Rupee"),
        new("MVR", 462, 2, "Rufiyaa"),
        new("MWK", 454, 2, "Malawi Kwacha"),
        new("MXN", 484, 2, "Mexican Peso"),
        new("MXV", 979, 2, "Mexican Unidad de Inversion (UDI)"), // fund
        new("MYR", 458, 2, "Malaysian Ringgit"),
        new("MZN", 943, 2, "Mozambique Metical"),
        new("NAD", 516, 2, "Namibia Dollar"),
        new("NGN", 566, 2, "Naira"),
        new("NIO", 558, 2, "Cordoba Oro"),
        new("NOK", 578, 2, "Norwegian Krone"),
        new("NPR", 524, 2, "Nepalese Rupee"),
        new("NZD", 554, 2, "New Zealand Dollar"),
        new("OMR", 512, 3, "Rial Omani"),
        new("PAB", 590, 2, "Balboa"),
        new("PEN", 604, 2, "Sol"),
        new("PGK", 598, 2, "Kina"),
        new("PHP", 608, 2, "Philippine Peso"),
        new("PKR", 586, 2, "Pakistan Rupee"),
        new("PLN", 985, 2, "Zloty"),
        new("PYG", 600, 0, "Guarani"),
        new("QAR", 634, 2, "Qatari Rial"),
        new("RON", 946, 2, "Romanian Leu"),
        new("RSD", 941, 2, "Serbian Dinar"),
        new("RUB", 643, 2, "Russian Ruble"),
        new("RWF", 646, 0, "Rwanda Franc"),
        new("SAR", 682, 2, "Saudi Riyal"),
        new("SBD", 90, 2, "Solomon Islands Dollar"),
        new("SCR", 690, 2, "Seychelles Rupee"),
        new("SDG", 938, 2, "Sudanese Pound"),
        new("SEK", 752, 2, "Swedish Krona"),
        new("SGD", 702, 2, "Singapore Dollar"),
        new("SHP", 654, 2, "Saint Helena Pound"),
        new("SLE", 925, 2, "Leone"),
        new("SOS", 706, 2, "Somali Shilling"),
        new("SRD", 968, 2, "Surinam Dollar"),
        new("SSP", 728, 2, "South Sudanese Pound"),
        new("STN", 930, 2, "Dobra"),
        new("SVC", 222, 2, "El Salvador Colon"),
        new("SYP", 760, 2, "Syrian Pound"),
        new("SZL", 748, 2, "Lilangeni"),
        new("THB", 764, 2, "Baht"),
        new("TJS", 972, 2, "Somoni"),
        new("TMT", 934, 2, "Turkmenistan New Manat"),
        new("TND", 788, 3, "Tunisian Dinar"),
        new("TOP", 776, 2, "Pa’anga"),
        new("TRY", 949, 2, "Turkish Lira"),
        new("TTD", 780, 2, "Trinidad and Tobago Dollar"),
        new("TWD", 901, 2, "New Taiwan Dollar"),
        new("TZS", 834, 2, "Tanzanian Shilling"),
        new("UAH", 980, 2, "Hryvnia"),
        new("UGX", 800, 0, "Uganda Shilling"),
        new("USD", 840, 2, "US Dollar"),
        new("USN", 997, 2, "US Dollar (Next day)"), // fund
        new("UYI", 940, 0, "Uruguay Peso en Unidades Indexadas (UI)"), // fund
        new("UYU", 858, 2, "Peso Uruguayo"),
        new("UYW", 927, 4, "Unidad Previsional"),
        new("UZS", 860, 2, "Uzbekistan Sum"),
        new("VED", 926, 2, "Bolívar Soberano"),
        new("VES", 928, 2, "Bolívar Soberano"),
        new("VND", 704, 0, "Dong"),
        new("VUV", 548, 0, "Vatu"),
        new("WST", 882, 2, "Tala"),
        new("XAD", 396, 2, "Arab Accounting Dinar"), // Amendment 179
        new("XAF", 950, 0, "CFA Franc BEAC"),
        new("XCD", 951, 2, "East Caribbean Dollar"),
        new("XCG", 532, 2, "Caribbean Guilder"), // replaces ANG from 2025-03-31
        new("XOF", 952, 0, "CFA Franc BCEAO"),
        new("XPF", 953, 0, "CFP Franc"),
        new("YER", 886, 2, "Yemeni Rial"),
        new("ZAR", 710, 2, "Rand"),
        new("ZMW", 967, 2, "Zambian Kwacha"),
        new("ZWG", 924, 2, "Zimbabwe Gold"),
    ];

    internal static IReadOnlyList<Currency> All { get; } = Array.AsReadOnly(Table);

    private static readonly FrozenDictionary<string, Currency> ByCode =
        Table.ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    internal static readonly Currency Eur = ByCode["EUR"];
    internal static readonly Currency Usd = ByCode["USD"];
    internal static readonly Currency Gbp = ByCode["GBP"];
    internal static readonly Currency Cop = ByCode["COP"];
    internal static readonly Currency Mxn = ByCode["MXN"];
    internal static readonly Currency Clp = ByCode["CLP"];
    internal static readonly Currency Pen = ByCode["PEN"];
    internal static readonly Currency Ars = ByCode["ARS"];
    internal static readonly Currency Brl = ByCode["BRL"];
    internal static readonly Currency Chf = ByCode["CHF"];
    internal static readonly Currency Jpy = ByCode["JPY"];

    internal static bool TryGet(string code, out Currency? currency) => ByCode.TryGetValue(code, out currency);
}
