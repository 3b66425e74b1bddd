using NodaTime;

namespace Cobranza.Core.Calendars;

/// <summary>A holiday of a calendar: the date on which it is observed and the name of the rule that made it.</summary>
/// <param name="Date">The date on which the holiday is observed (after any observance shift).</param>
/// <param name="Name">The holiday's name, as given by its <see cref="HolidayRule"/>.</param>
public readonly record struct Holiday(LocalDate Date, string Name);
