using System;
using System.Collections.Generic;

namespace Cobranza.Core.Calendars;

/// <summary>
/// How a date that is not a business day is moved onto one (ISDA 2006 Definitions §4.12). Every convention
/// leaves a business day unchanged.
/// </summary>
public enum BusinessDayConvention
{
    /// <summary>The date is not moved, even when it is not a business day.</summary>
    Unadjusted = 0,

    /// <summary>The first business day after the date (ISDA 2006 §4.12(a)(i) "Following").</summary>
    Following = 1,

    /// <summary>
    /// The first business day after the date, unless that falls in the next calendar month, in which case the
    /// first business day before the date (ISDA 2006 §4.12(a)(ii) "Modified Following").
    /// </summary>
    ModifiedFollowing = 2,

    /// <summary>The first business day before the date (ISDA 2006 §4.12(a)(iii) "Preceding").</summary>
    Preceding = 3,

    /// <summary>
    /// The first business day before the date, unless that falls in the previous calendar month, in which case
    /// the first business day after the date.
    /// </summary>
    ModifiedPreceding = 4,

    /// <summary>
    /// The nearer of the following and the preceding business day. Tie rule (as QuantLib's <c>Nearest</c>): when
    /// the following business day is as close as, or closer than, the preceding one, the following one is chosen.
    /// A Saturday between a working Friday and a working Monday therefore goes back to Friday, and a Sunday goes
    /// forward to Monday.
    /// </summary>
    Nearest = 5,
}

/// <summary>Lookup of <see cref="BusinessDayConvention"/> values by the names used in configuration files.</summary>
public static class BusinessDayConventions
{
    private static readonly Dictionary<string, BusinessDayConvention> Names = new(StringComparer.Ordinal)
    {
        ["UNADJUSTED"] = BusinessDayConvention.Unadjusted,
        ["NONE"] = BusinessDayConvention.Unadjusted,
        ["NOADJUST"] = BusinessDayConvention.Unadjusted,
        ["U"] = BusinessDayConvention.Unadjusted,
        ["FOLLOWING"] = BusinessDayConvention.Following,
        ["FOL"] = BusinessDayConvention.Following,
        ["F"] = BusinessDayConvention.Following,
        ["MODIFIEDFOLLOWING"] = BusinessDayConvention.ModifiedFollowing,
        ["MODFOLLOWING"] = BusinessDayConvention.ModifiedFollowing,
        ["MODFOL"] = BusinessDayConvention.ModifiedFollowing,
        ["MF"] = BusinessDayConvention.ModifiedFollowing,
        ["PRECEDING"] = BusinessDayConvention.Preceding,
        ["PREC"] = BusinessDayConvention.Preceding,
        ["P"] = BusinessDayConvention.Preceding,
        ["MODIFIEDPRECEDING"] = BusinessDayConvention.ModifiedPreceding,
        ["MODPRECEDING"] = BusinessDayConvention.ModifiedPreceding,
        ["MODPREC"] = BusinessDayConvention.ModifiedPreceding,
        ["MP"] = BusinessDayConvention.ModifiedPreceding,
        ["NEAREST"] = BusinessDayConvention.Nearest,
        ["N"] = BusinessDayConvention.Nearest,
    };

    /// <summary>
    /// Parses a convention name. Case, spaces, hyphens and underscores are ignored, so "Modified Following",
    /// "MODFOLLOWING", "modified_following" and "MF" all give <see cref="BusinessDayConvention.ModifiedFollowing"/>.
    /// Accepted names: Unadjusted (None, NoAdjust, U), Following (Fol, F), ModifiedFollowing (ModFollowing, ModFol,
    /// MF), Preceding (Prec, P), ModifiedPreceding (ModPreceding, ModPrec, MP), Nearest (N).
    /// </summary>
    /// <param name="name">The name to parse.</param>
    /// <returns>The convention.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a known name; the message lists the valid ones.</exception>
    public static BusinessDayConvention Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryParse(name, out var convention))
        {
            return convention;
        }

        throw new ArgumentException(
            $"'{name}' is not a business day convention. Valid names (case, spaces, '-' and '_' ignored): "
            + "Unadjusted, None, NoAdjust, U, Following, Fol, F, ModifiedFollowing, ModFollowing, ModFol, MF, "
            + "Preceding, Prec, P, ModifiedPreceding, ModPreceding, ModPrec, MP, Nearest, N.",
            nameof(name));
    }

    /// <summary>Parses a convention name as <see cref="Parse"/> does, without throwing.</summary>
    /// <param name="name">The name to parse; null gives false.</param>
    /// <param name="convention">The convention when the name is known; otherwise <see cref="BusinessDayConvention.Unadjusted"/>.</param>
    /// <returns>True when the name is known.</returns>
    public static bool TryParse(string? name, out BusinessDayConvention convention)
    {
        convention = BusinessDayConvention.Unadjusted;
        if (name is null)
        {
            return false;
        }

        Span<char> buffer = name.Length <= 64 ? stackalloc char[name.Length] : new char[name.Length];
        int length = 0;
        foreach (char c in name)
        {
            if (c is ' ' or '-' or '_' or '\t')
            {
                continue;
            }

            buffer[length++] = char.ToUpperInvariant(c);
        }

        return Names.TryGetValue(new string(buffer[..length]), out convention);
    }
}
