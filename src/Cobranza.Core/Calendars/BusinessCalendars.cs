using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;
using static Cobranza.Core.Calendars.HolidayObservance;
using static NodaTime.IsoDayOfWeek;

namespace Cobranza.Core.Calendars;

/// <summary>
/// The built-in national calendars, each with Saturday and Sunday as weekend and each rule citing its source in the
/// code and in <c>docs/calendars.md</c>. Calendars are national: regional, municipal and election-day holidays are
/// not included (combine a calendar with your own rules, see <see cref="BusinessCalendar.CombineWith"/> and
/// <see cref="BusinessCalendar.WithClosingDays"/>).
/// </summary>
public static class BusinessCalendars
{
    private static readonly IsoDayOfWeek[] SaturdaySunday = [Saturday, Sunday];

    /// <summary>Spain, holidays common to the whole country (Real Decreto 2001/1983 art. 45; Estatuto de los Trabajadores art. 37.2), 2000-2050. Id "ES".</summary>
    public static BusinessCalendar Spain { get; } = BusinessCalendar.Create("ES", "Spain (national holidays)", SaturdaySunday,
    [
        // RD 2001/1983 art. 45.1 a): national holidays; regional substitutions (Jueves Santo, 19 March, 25 July, Monday after a Sunday holiday) are regional and not included.
        HolidayRule.Fixed("Año Nuevo", 1, 1),
        HolidayRule.Fixed("Epifanía del Señor", 1, 6),
        HolidayRule.EasterRelative("Viernes Santo", -2),
        HolidayRule.Fixed("Fiesta del Trabajo", 5, 1),
        HolidayRule.Fixed("Asunción de la Virgen", 8, 15),
        HolidayRule.Fixed("Fiesta Nacional de España", 10, 12), // Ley 18/1987
        HolidayRule.Fixed("Todos los Santos", 11, 1),
        HolidayRule.Fixed("Día de la Constitución Española", 12, 6),
        HolidayRule.Fixed("Inmaculada Concepción", 12, 8),
        HolidayRule.Fixed("Natividad del Señor", 12, 25),
    ], 2000, 2050);

    /// <summary>Colombia (Ley 51 de 1983, "Ley Emiliani"), 2000-2050. Id "CO".</summary>
    public static BusinessCalendar Colombia { get; } = BusinessCalendar.Create("CO", "Colombia", SaturdaySunday,
    [
        // Ley 51 de 1983 art. 1: fixed holidays kept on their date.
        HolidayRule.Fixed("Año Nuevo", 1, 1),
        HolidayRule.Fixed("Día del Trabajo", 5, 1),
        HolidayRule.Fixed("Día de la Independencia", 7, 20),
        HolidayRule.Fixed("Batalla de Boyacá", 8, 7),
        HolidayRule.Fixed("Inmaculada Concepción", 12, 8),
        HolidayRule.Fixed("Navidad", 12, 25),

        // Ley 51 de 1983 art. 1: moved to the next Monday when not a Monday.
        HolidayRule.Fixed("Día de los Reyes Magos", 1, 6, NextMonday),
        HolidayRule.Fixed("Día de San José", 3, 19, NextMonday),
        HolidayRule.Fixed("San Pedro y San Pablo", 6, 29, NextMonday),
        HolidayRule.Fixed("La Asunción de la Virgen", 8, 15, NextMonday),
        HolidayRule.Fixed("Día de la Raza", 10, 12, NextMonday),
        HolidayRule.Fixed("Todos los Santos", 11, 1, NextMonday),
        HolidayRule.Fixed("Independencia de Cartagena", 11, 11, NextMonday),

        // Holy Thursday and Good Friday stay; Ascension (Easter+39), Corpus Christi (+60) and Sacred Heart (+68)
        // are Thursday/Thursday/Friday feasts moved by Ley 51 de 1983 to the next Monday: Easter+43, +64, +71.
        HolidayRule.EasterRelative("Jueves Santo", -3),
        HolidayRule.EasterRelative("Viernes Santo", -2),
        HolidayRule.EasterRelative("Ascensión del Señor", 43),
        HolidayRule.EasterRelative("Corpus Christi", 64),
        HolidayRule.EasterRelative("Sagrado Corazón", 71),
    ], 2000, 2050);

    /// <summary>Mexico, official rest days of Ley Federal del Trabajo art. 74 (not bank holidays), 2000-2050. Id "MX".</summary>
    public static BusinessCalendar Mexico { get; } = BusinessCalendar.Create("MX", "Mexico (LFT art. 74 rest days)", SaturdaySunday, MexicoRules(), 2000, 2050);

    /// <summary>Chile, national holidays, 2000-2050. Id "CL". The June solstice holiday is computed (see docs).</summary>
    public static BusinessCalendar Chile { get; } = BusinessCalendar.Create("CL", "Chile", SaturdaySunday,
    [
        HolidayRule.Fixed("Año Nuevo", 1, 1), // Ley 2.977 (1915)
        HolidayRule.Computed("Feriado 2 de enero", y => new LocalDate(y, 1, 2) is var d && d.DayOfWeek == Monday ? d : null, firstYear: 2017), // Ley 20.983 (2016): 2 January when it is a Monday
        HolidayRule.EasterRelative("Viernes Santo", -2), // Ley 2.977
        HolidayRule.EasterRelative("Sábado Santo", -1), // Ley 2.977
        HolidayRule.Fixed("Día Nacional del Trabajo", 5, 1), // Código del Trabajo
        HolidayRule.Fixed("Día de las Glorias Navales", 5, 21), // Ley 2.977
        HolidayRule.OneOff("Día Nacional de los Pueblos Indígenas", new LocalDate(2021, 6, 21)), // Ley 21.357 (2021), transitory article: Monday 21 June 2021
        HolidayRule.Computed("Día Nacional de los Pueblos Indígenas", JuneSolsticeChile, firstYear: 2022), // Ley 21.357 (2021): day of the winter solstice
        HolidayRule.Fixed("San Pedro y San Pablo", 6, 29, PreviousMondayIfTuesdayToThursdayNextMondayIfFriday), // Ley 19.668 (2000)
        HolidayRule.Fixed("Día de la Virgen del Carmen", 7, 16, firstYear: 2007), // Ley 20.148 (2007)
        HolidayRule.Fixed("Asunción de la Virgen", 8, 15), // Ley 2.977
        HolidayRule.Computed("Feriado 17 de septiembre", y => new LocalDate(y, 9, 17) is var d && d.DayOfWeek == Monday ? d : null, firstYear: 2007), // Ley 20.215 (2007): 17 September when a Monday
        HolidayRule.Fixed("Independencia Nacional", 9, 18), // Ley 2.977
        HolidayRule.Fixed("Día de las Glorias del Ejército", 9, 19), // Ley 2.977
        HolidayRule.Computed("Feriado 17 de septiembre (viernes)", y => new LocalDate(y, 9, 17) is var d && d.DayOfWeek == Friday ? d : null, firstYear: 2017), // as QuantLib 1.29's SSE calendar (2021, 2027...); law reference not verified, see docs
        HolidayRule.Computed("Feriado 20 de septiembre", y => new LocalDate(y, 9, 20) is var d && d.DayOfWeek == Friday ? d : null, firstYear: 2007), // Ley 20.215 (2007): 20 September when a Friday
        HolidayRule.Fixed("Encuentro de Dos Mundos", 10, 12, PreviousMondayIfTuesdayToThursdayNextMondayIfFriday), // Ley 19.668 (2000)
        HolidayRule.Computed("Día de las Iglesias Evangélicas y Protestantes", ChileReformationDay, firstYear: 2008), // Ley 20.299 (2008)
        HolidayRule.Fixed("Día de Todos los Santos", 11, 1), // Ley 2.977
        HolidayRule.Fixed("Inmaculada Concepción", 12, 8), // Ley 2.977
        HolidayRule.Fixed("Navidad", 12, 25), // Ley 2.977
    ], 2000, 2050);

    /// <summary>Peru (Decreto Legislativo 713 art. 6, as amended), 2000-2050. Id "PE".</summary>
    public static BusinessCalendar Peru { get; } = BusinessCalendar.Create("PE", "Peru", SaturdaySunday,
    [
        // Decreto Legislativo 713 (1991) art. 6
        HolidayRule.Fixed("Año Nuevo", 1, 1),
        HolidayRule.EasterRelative("Jueves Santo", -3),
        HolidayRule.EasterRelative("Viernes Santo", -2),
        HolidayRule.Fixed("Día del Trabajo", 5, 1),
        HolidayRule.Fixed("Batalla de Arica y Día de la Bandera", 6, 7, firstYear: 2024), // Ley 31788 (2023)
        HolidayRule.Fixed("San Pedro y San Pablo", 6, 29),
        HolidayRule.Fixed("Día de la Fuerza Aérea del Perú", 7, 23, firstYear: 2024), // Ley 31822 (July 2023)
        HolidayRule.Fixed("Fiestas Patrias", 7, 28),
        HolidayRule.Fixed("Fiestas Patrias (segundo día)", 7, 29),
        HolidayRule.Fixed("Batalla de Junín", 8, 6, firstYear: 2022), // Ley 31530 (July 2022)
        HolidayRule.Fixed("Santa Rosa de Lima", 8, 30),
        HolidayRule.Fixed("Combate de Angamos", 10, 8),
        HolidayRule.Fixed("Todos los Santos", 11, 1),
        HolidayRule.Fixed("Inmaculada Concepción", 12, 8),
        HolidayRule.Fixed("Batalla de Ayacucho", 12, 9, firstYear: 2022), // Ley 31381 (published 31 Dec 2021)
        HolidayRule.Fixed("Navidad", 12, 25),
    ], 2000, 2050);

    /// <summary>
    /// Argentina (Ley 27.399 of 2017), 2018-2050. Id "AR". The decree-fixed "feriados con fines turísticos" (bridge
    /// days) cannot be predicted: only those already decreed for 2018-2025 are included. One-off moves decreed "por
    /// única vez" are <see cref="BusinessCalendar.Changes"/>: Malvinas 2 April 2020 moved to 31 March 2020.
    /// </summary>
    public static BusinessCalendar Argentina { get; } = BusinessCalendar.Create("AR", "Argentina", SaturdaySunday, ArgentinaRules(), 2018, 2050)
        .WithChanges(ArgentinaChanges());

    /// <summary>
    /// Brazil, the national banking calendar: federal holidays (Lei 662/1949, Lei 6.802/1980, Lei 10.607/2002,
    /// Lei 14.759/2023) plus Carnival Monday and Tuesday, Good Friday and Corpus Christi, on which banks do not open
    /// (Febraban/ANBIMA calendar), 2000-2050. Id "BR".
    /// </summary>
    public static BusinessCalendar Brazil { get; } = BusinessCalendar.Create("BR", "Brazil (national banking holidays)", SaturdaySunday,
    [
        HolidayRule.Fixed("Confraternização Universal", 1, 1), // Lei 662/1949 as amended by Lei 10.607/2002
        HolidayRule.EasterRelative("Carnaval (segunda-feira)", -48), // bank holiday (ANBIMA), not a federal holiday
        HolidayRule.EasterRelative("Carnaval (terça-feira)", -47), // bank holiday (ANBIMA), not a federal holiday
        HolidayRule.EasterRelative("Sexta-feira da Paixão", -2), // Lei 9.093/1995 religious holiday, observed nationally
        HolidayRule.Fixed("Tiradentes", 4, 21), // Lei 662/1949
        HolidayRule.Fixed("Dia do Trabalho", 5, 1), // Lei 662/1949
        HolidayRule.EasterRelative("Corpus Christi", 60), // bank holiday (ANBIMA)
        HolidayRule.Fixed("Independência do Brasil", 9, 7), // Lei 662/1949
        HolidayRule.Fixed("Nossa Senhora Aparecida", 10, 12), // Lei 6.802/1980
        HolidayRule.Fixed("Finados", 11, 2), // Lei 10.607/2002
        HolidayRule.Fixed("Proclamação da República", 11, 15), // Lei 662/1949
        HolidayRule.Fixed("Dia Nacional de Zumbi e da Consciência Negra", 11, 20, firstYear: 2024), // Lei 14.759/2023
        HolidayRule.Fixed("Natal", 12, 25), // Lei 662/1949
    ], 2000, 2050);

    /// <summary>Portugal (Código do Trabalho art. 234; Lei 23/2012; Lei 8/2016), 2000-2050. Id "PT".</summary>
    public static BusinessCalendar Portugal { get; } = BusinessCalendar.Create("PT", "Portugal", SaturdaySunday,
    [
        HolidayRule.Fixed("Ano Novo", 1, 1),
        HolidayRule.EasterRelative("Sexta-feira Santa", -2),
        HolidayRule.Fixed("Dia da Liberdade", 4, 25),
        HolidayRule.Fixed("Dia do Trabalhador", 5, 1),
        HolidayRule.EasterRelative("Corpo de Deus", 60, lastYear: 2012), // suspended 2013-2015 by Lei 23/2012
        HolidayRule.EasterRelative("Corpo de Deus", 60, firstYear: 2016), // restored by Lei 8/2016
        HolidayRule.Fixed("Dia de Portugal", 6, 10),
        HolidayRule.Fixed("Assunção de Nossa Senhora", 8, 15),
        HolidayRule.Fixed("Implantação da República", 10, 5, lastYear: 2012), // suspended 2013-2015 by Lei 23/2012
        HolidayRule.Fixed("Implantação da República", 10, 5, firstYear: 2016), // restored by Lei 8/2016
        HolidayRule.Fixed("Todos os Santos", 11, 1, lastYear: 2012), // suspended 2013-2015 by Lei 23/2012
        HolidayRule.Fixed("Todos os Santos", 11, 1, firstYear: 2016), // restored by Lei 8/2016
        HolidayRule.Fixed("Restauração da Independência", 12, 1, lastYear: 2012), // suspended 2013-2015 by Lei 23/2012
        HolidayRule.Fixed("Restauração da Independência", 12, 1, firstYear: 2016), // restored by Lei 8/2016
        HolidayRule.Fixed("Imaculada Conceição", 12, 8),
        HolidayRule.Fixed("Natal", 12, 25),
    ], 2000, 2050);

    /// <summary>France (Code du travail art. L3133-1), 2000-2050. Id "FR".</summary>
    public static BusinessCalendar France { get; } = BusinessCalendar.Create("FR", "France", SaturdaySunday,
    [
        HolidayRule.Fixed("Jour de l'an", 1, 1),
        HolidayRule.EasterRelative("Lundi de Pâques", 1),
        HolidayRule.Fixed("Fête du Travail", 5, 1),
        HolidayRule.Fixed("Victoire 1945", 5, 8),
        HolidayRule.EasterRelative("Ascension", 39),
        HolidayRule.EasterRelative("Lundi de Pentecôte", 50), // still a jour férié; since 2004 it may be the "journée de solidarité" (Code du travail L3133-7)
        HolidayRule.Fixed("Fête nationale", 7, 14),
        HolidayRule.Fixed("Assomption", 8, 15),
        HolidayRule.Fixed("Toussaint", 11, 1),
        HolidayRule.Fixed("Armistice 1918", 11, 11),
        HolidayRule.Fixed("Noël", 12, 25),
    ], 2000, 2050);

    /// <summary>Germany, holidays common to all 16 Länder (state holiday laws; 3 October by the Einigungsvertrag art. 2(2)), 2000-2050. Id "DE".</summary>
    public static BusinessCalendar Germany { get; } = BusinessCalendar.Create("DE", "Germany (national holidays)", SaturdaySunday,
    [
        HolidayRule.Fixed("Neujahr", 1, 1),
        HolidayRule.EasterRelative("Karfreitag", -2),
        HolidayRule.EasterRelative("Ostermontag", 1),
        HolidayRule.Fixed("Tag der Arbeit", 5, 1),
        HolidayRule.EasterRelative("Christi Himmelfahrt", 39),
        HolidayRule.EasterRelative("Pfingstmontag", 50),
        HolidayRule.Fixed("Tag der Deutschen Einheit", 10, 3), // Einigungsvertrag art. 2(2)
        HolidayRule.OneOff("Reformationstag (500. Jahrestag)", new LocalDate(2017, 10, 31)), // declared in all Länder for 2017 only
        HolidayRule.Fixed("1. Weihnachtstag", 12, 25),
        HolidayRule.Fixed("2. Weihnachtstag", 12, 26),
    ], 2000, 2050);

    /// <summary>Italy (Legge 260/1949 as amended; Legge 336/2000 for 2 June), 2000-2050. Id "IT".</summary>
    public static BusinessCalendar Italy { get; } = BusinessCalendar.Create("IT", "Italy", SaturdaySunday,
    [
        HolidayRule.Fixed("Capodanno", 1, 1),
        HolidayRule.Fixed("Epifania", 1, 6),
        HolidayRule.EasterRelative("Lunedì dell'Angelo", 1),
        HolidayRule.Fixed("Festa della Liberazione", 4, 25),
        HolidayRule.Fixed("Festa del Lavoro", 5, 1),
        HolidayRule.Fixed("Festa della Repubblica", 6, 2, firstYear: 2001), // restored by Legge 336/2000
        HolidayRule.Fixed("Ferragosto", 8, 15),
        HolidayRule.Fixed("San Francesco d'Assisi", 10, 4, firstYear: 2026), // restored from 2026 by the law approved in October 2025 (number to verify, see docs/calendars.md)
        HolidayRule.Fixed("Ognissanti", 11, 1),
        HolidayRule.Fixed("Immacolata Concezione", 12, 8),
        HolidayRule.Fixed("Natale", 12, 25),
        HolidayRule.Fixed("Santo Stefano", 12, 26),
        HolidayRule.OneOff("150° anniversario dell'Unità d'Italia", new LocalDate(2011, 3, 17)), // Legge 47/2011
    ], 2000, 2050);

    /// <summary>United Kingdom, England and Wales bank holidays (Banking and Financial Dealings Act 1971 and royal proclamations), 2000-2050. Id "GB".</summary>
    public static BusinessCalendar UnitedKingdom { get; } = BusinessCalendar.Create("GB", "United Kingdom (England and Wales)", SaturdaySunday,
    [
        // Order matters for substitute days: Christmas before Boxing Day (BFDA 1971, Schedule 1).
        HolidayRule.Fixed("New Year's Day", 1, 1, NextWorkingDayNotHoliday),
        HolidayRule.EasterRelative("Good Friday", -2),
        HolidayRule.EasterRelative("Easter Monday", 1),
        HolidayRule.NthWeekday("Early May bank holiday", 5, Monday, 1, lastYear: 2019),
        HolidayRule.OneOff("Early May bank holiday (VE day)", new LocalDate(2020, 5, 8)), // moved by proclamation for the 75th anniversary of VE day
        HolidayRule.NthWeekday("Early May bank holiday", 5, Monday, 1, firstYear: 2021),
        HolidayRule.NthWeekday("Spring bank holiday", 5, Monday, -1, lastYear: 2001),
        HolidayRule.OneOff("Spring bank holiday", new LocalDate(2002, 6, 4)), // moved for the Golden Jubilee
        HolidayRule.OneOff("Golden Jubilee bank holiday", new LocalDate(2002, 6, 3)),
        HolidayRule.NthWeekday("Spring bank holiday", 5, Monday, -1, firstYear: 2003, lastYear: 2011),
        HolidayRule.OneOff("Royal wedding bank holiday", new LocalDate(2011, 4, 29)),
        HolidayRule.OneOff("Spring bank holiday", new LocalDate(2012, 6, 4)), // moved for the Diamond Jubilee
        HolidayRule.OneOff("Queen's Diamond Jubilee", new LocalDate(2012, 6, 5)),
        HolidayRule.NthWeekday("Spring bank holiday", 5, Monday, -1, firstYear: 2013, lastYear: 2021),
        HolidayRule.OneOff("Spring bank holiday", new LocalDate(2022, 6, 2)), // moved for the Platinum Jubilee
        HolidayRule.OneOff("Platinum Jubilee bank holiday", new LocalDate(2022, 6, 3)),
        HolidayRule.OneOff("State Funeral of Queen Elizabeth II", new LocalDate(2022, 9, 19)),
        HolidayRule.OneOff("Bank holiday for the coronation of King Charles III", new LocalDate(2023, 5, 8)),
        HolidayRule.NthWeekday("Spring bank holiday", 5, Monday, -1, firstYear: 2023),
        HolidayRule.NthWeekday("Summer bank holiday", 8, Monday, -1),
        HolidayRule.Fixed("Christmas Day", 12, 25, NextWorkingDayNotHoliday),
        HolidayRule.Fixed("Boxing Day", 12, 26, NextWorkingDayNotHoliday),
    ], 2000, 2050);

    /// <summary>United States federal holidays (5 U.S.C. 6103; observance per Executive Order 11582), 2000-2050. Id "US".</summary>
    public static BusinessCalendar UnitedStates { get; } = BusinessCalendar.Create("US", "United States (federal holidays)", SaturdaySunday,
    [
        HolidayRule.Fixed("New Year's Day", 1, 1, SaturdayToFridaySundayToMonday),
        HolidayRule.NthWeekday("Birthday of Martin Luther King, Jr.", 1, Monday, 3),
        HolidayRule.NthWeekday("Washington's Birthday", 2, Monday, 3),
        HolidayRule.NthWeekday("Memorial Day", 5, Monday, -1),
        HolidayRule.Fixed("Juneteenth National Independence Day", 6, 19, SaturdayToFridaySundayToMonday, firstYear: 2021), // Pub. L. 117-17 (17 June 2021)
        HolidayRule.Fixed("Independence Day", 7, 4, SaturdayToFridaySundayToMonday),
        HolidayRule.NthWeekday("Labor Day", 9, Monday, 1),
        HolidayRule.NthWeekday("Columbus Day", 10, Monday, 2),
        HolidayRule.Fixed("Veterans Day", 11, 11, SaturdayToFridaySundayToMonday),
        HolidayRule.NthWeekday("Thanksgiving Day", 11, Thursday, 4),
        HolidayRule.Fixed("Christmas Day", 12, 25, SaturdayToFridaySundayToMonday),
    ], 2000, 2050);

    /// <summary>TARGET2 / T2 closing days (ECB; Guideline ECB/2012/27 art. 8 and its predecessors), 2000-2050. Id "TARGET2".</summary>
    public static BusinessCalendar Target2 { get; } = BusinessCalendar.Create("TARGET2", "TARGET2 (euro settlement)", SaturdaySunday,
    [
        HolidayRule.Fixed("New Year's Day", 1, 1),
        HolidayRule.EasterRelative("Good Friday", -2),
        HolidayRule.EasterRelative("Easter Monday", 1),
        HolidayRule.Fixed("Labour Day", 5, 1),
        HolidayRule.Fixed("Christmas Day", 12, 25),
        HolidayRule.Fixed("Christmas Holiday", 12, 26),
        HolidayRule.OneOff("Closing day (euro cash changeover)", new LocalDate(2001, 12, 31)), // ECB press release; 31 Dec 2000 was a Sunday
    ], 2000, 2050);

    /// <summary>Every built-in calendar, in the order ES, CO, MX, CL, PE, AR, BR, PT, FR, DE, IT, GB, US, TARGET2.</summary>
    public static IReadOnlyList<BusinessCalendar> All { get; } = new[]
    {
        Spain, Colombia, Mexico, Chile, Peru, Argentina, Brazil, Portugal, France, Germany, Italy, UnitedKingdom, UnitedStates, Target2,
    }.AsReadOnly();

    private static readonly Dictionary<string, BusinessCalendar> ById = BuildIndex();

    /// <summary>
    /// The built-in calendar with id <paramref name="id"/> (case-insensitive; "UK" is accepted for "GB" and
    /// "TARGET" for "TARGET2").
    /// </summary>
    /// <param name="id">The id.</param>
    /// <returns>The calendar.</returns>
    /// <exception cref="ArgumentException">Unknown id; the message lists the valid ids.</exception>
    public static BusinessCalendar Of(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return TryOf(id, out var calendar)
            ? calendar
            : throw new ArgumentException(
                $"'{id}' is not a built-in calendar id. Valid ids: {string.Join(", ", All.Select(c => c.Id))} (also UK, TARGET).", nameof(id));
    }

    /// <summary>Looks up a built-in calendar as <see cref="Of"/> does, without throwing.</summary>
    /// <param name="id">The id; null gives false.</param>
    /// <param name="calendar">The calendar when found.</param>
    /// <returns>True when found.</returns>
    public static bool TryOf(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BusinessCalendar? calendar)
    {
        calendar = null;
        return id is not null && ById.TryGetValue(id.Trim(), out calendar);
    }

    private static Dictionary<string, BusinessCalendar> BuildIndex()
    {
        var index = All.ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);
        index["UK"] = UnitedKingdom;
        index["TARGET"] = Target2;
        return index;
    }

    private static IEnumerable<HolidayRule> MexicoRules()
    {
        // Ley Federal del Trabajo art. 74 (Monday rules from the reform published in the DOF on 17 January 2006).
        yield return HolidayRule.Fixed("Año Nuevo", 1, 1); // art. 74 I
        yield return HolidayRule.Fixed("Día de la Constitución", 2, 5, lastYear: 2005);
        yield return HolidayRule.NthWeekday("Día de la Constitución", 2, Monday, 1, firstYear: 2006); // art. 74 II
        yield return HolidayRule.Fixed("Natalicio de Benito Juárez", 3, 21, lastYear: 2005);
        yield return HolidayRule.NthWeekday("Natalicio de Benito Juárez", 3, Monday, 3, firstYear: 2006); // art. 74 III
        yield return HolidayRule.Fixed("Día del Trabajo", 5, 1); // art. 74 IV
        yield return HolidayRule.Fixed("Día de la Independencia", 9, 16); // art. 74 V
        yield return HolidayRule.Fixed("Día de la Revolución", 11, 20, lastYear: 2005);
        yield return HolidayRule.NthWeekday("Día de la Revolución", 11, Monday, 3, firstYear: 2006); // art. 74 VI
        yield return HolidayRule.Fixed("Navidad", 12, 25); // art. 74 VIII

        // art. 74 VII: the day of the federal executive's inauguration, every six years: 1 December until 2018;
        // 1 October from 2024 (constitutional reform DOF 10 February 2014, art. 83; LFT art. 74 VII as amended).
        for (int year = 2000; year <= 2018; year += 6)
        {
            yield return HolidayRule.OneOff("Transmisión del Poder Ejecutivo Federal", new LocalDate(year, 12, 1));
        }

        for (int year = 2024; year <= 2050; year += 6)
        {
            yield return HolidayRule.OneOff("Transmisión del Poder Ejecutivo Federal", new LocalDate(year, 10, 1));
        }

        // art. 74 IX (federal and local election days) is not predictable and not included.
    }

    /// <summary>Argentina's one-off changes, each with its source (docs/calendars.md, "One-off changes").</summary>
    private static IEnumerable<CalendarChange> ArgentinaChanges()
    {
        // Announced by the President on 19 March 2020 with the ASPO quarantine (Decreto 297/2020), "excepcional y por
        // única vez": Malvinas (Thursday 2 April, Ley 27.399 art. 4, otherwise immovable) observed on Tuesday 31 March
        // 2020 (diariochaco.com.ar and eldoce.tv, 20 March 2020). The "puente" announced for Monday 30 March was
        // withdrawn: the Ministerio de Trabajo kept it a working day and banks operated (masternews.com.ar, 27 March
        // 2020, citing the Banco Central), so it is not a change here. Number of the moving decree not verified.
        yield return CalendarChange.Move(
            new LocalDate(2020, 4, 2),
            new LocalDate(2020, 3, 31),
            "Día del Veterano y de los Caídos en la Guerra de Malvinas (trasladado por única vez)",
            "Poder Ejecutivo Nacional, announcement of 19 March 2020 with Decreto 297/2020 (moving decree number not verified); diariochaco.com.ar and eldoce.tv 2020-03-20; masternews.com.ar 2020-03-27");
    }

    private static IEnumerable<HolidayRule> ArgentinaRules()
    {
        // Ley 27.399 (2017) art. 4: "feriados nacionales inamovibles".
        yield return HolidayRule.Fixed("Año Nuevo", 1, 1);
        yield return HolidayRule.EasterRelative("Carnaval (lunes)", -48);
        yield return HolidayRule.EasterRelative("Carnaval (martes)", -47);
        yield return HolidayRule.Fixed("Día Nacional de la Memoria por la Verdad y la Justicia", 3, 24);
        yield return HolidayRule.Fixed("Día del Veterano y de los Caídos en la Guerra de Malvinas", 4, 2);
        yield return HolidayRule.EasterRelative("Viernes Santo", -2);
        yield return HolidayRule.Fixed("Día del Trabajador", 5, 1);
        yield return HolidayRule.Fixed("Día de la Revolución de Mayo", 5, 25);
        yield return HolidayRule.Fixed("Paso a la Inmortalidad del General Manuel Belgrano", 6, 20);
        yield return HolidayRule.Fixed("Día de la Independencia", 7, 9);
        yield return HolidayRule.Fixed("Inmaculada Concepción de María", 12, 8);
        yield return HolidayRule.Fixed("Navidad", 12, 25);

        // Ley 27.399 art. 5 and 6: "feriados trasladables" (Tue/Wed -> previous Monday, Thu/Fri -> next Monday).
        const HolidayObservance Trasladable = PreviousMondayIfTuesdayOrWednesdayNextMondayIfThursdayOrFriday;
        yield return HolidayRule.Computed("Paso a la Inmortalidad del General Martín Miguel de Güemes", ArgentinaGuemes);
        yield return HolidayRule.Fixed("Paso a la Inmortalidad del General José de San Martín", 8, 17, Trasladable);
        yield return HolidayRule.Fixed("Día del Respeto a la Diversidad Cultural", 10, 12, Trasladable);
        yield return HolidayRule.Fixed("Día de la Soberanía Nacional", 11, 20, Trasladable);

        // Ley 27.399 art. 7: up to three "feriados con fines turísticos" a year, fixed by decree each year. They cannot
        // be predicted; those decreed for 2018-2025, as published in the Boletín Oficial, are listed (see docs/calendars.md).
        // Add later ones with WithClosingDays or a combined calendar.
        foreach (var (y, m, d) in new[]
        {
            (2018, 4, 30), (2018, 12, 24), (2018, 12, 31),
            (2019, 7, 8), (2019, 8, 19), (2019, 10, 14),
            (2020, 3, 23), (2020, 7, 10), (2020, 12, 7),
            (2021, 5, 24), (2021, 10, 8), (2021, 11, 22),
            (2022, 10, 7), (2022, 11, 21), (2022, 12, 9),
            (2023, 5, 26), (2023, 6, 19), (2023, 10, 13),
            (2024, 4, 1), (2024, 6, 21), (2024, 10, 11),
            (2025, 5, 2), (2025, 8, 15), (2025, 11, 21),
        })
        {
            yield return HolidayRule.OneOff("Feriado con fines turísticos", new LocalDate(y, m, d));
        }
    }

    /// <summary>
    /// Güemes (17 June, Ley 27.258 and Ley 27.399 art. 6): the general "trasladable" rule (Tuesday or Wednesday to the
    /// previous Monday, Thursday to the next Monday), except that on a Friday it stays on 17 June, because the next
    /// Monday is 20 June (Belgrano, "inamovible"), as observed in 2022. Approximate: see docs/calendars.md.
    /// </summary>
    private static LocalDate? ArgentinaGuemes(int year)
    {
        var date = new LocalDate(year, 6, 17);
        return date.DayOfWeek switch
        {
            Tuesday or Wednesday => date.Previous(Monday),
            Thursday => date.Next(Monday),
            _ => date,
        };
    }

    /// <summary>Ley 20.299 (2008): 31 October; on a Tuesday it moves to Friday 27 October, on a Wednesday to Friday 2 November.</summary>
    private static LocalDate? ChileReformationDay(int year)
    {
        var date = new LocalDate(year, 10, 31);
        return date.DayOfWeek switch
        {
            Tuesday => date.PlusDays(-4),
            Wednesday => date.PlusDays(2),
            _ => date,
        };
    }

    /// <summary>
    /// The date, in continental Chile's winter time (UTC-4), of the June solstice by Meeus's mean formula (Astronomical
    /// Algorithms, 2nd ed., table 27.B, valid 2000-3000, within minutes without the periodic terms; TT taken as UT). The
    /// official date is announced each year; see docs/calendars.md.
    /// </summary>
    internal static LocalDate? JuneSolsticeChile(int year)
    {
        double y = (year - 2000) / 1000.0;
        double jde = 2451716.56767 + (365241.62603 * y) + (0.00325 * y * y) + (0.00888 * y * y * y) - (0.00030 * y * y * y * y);
        const double ChileWinterOffsetDays = 4.0 / 24.0;
        int daysSince2000 = (int)Math.Floor(jde - ChileWinterOffsetDays - 2451544.5);
        return new LocalDate(2000, 1, 1).PlusDays(daysSince2000);
    }
}
