using System;
using System.Collections.Generic;
using NodaTime;

namespace Cobranza.Core.Discounts;

/// <summary>
/// The discount windows of a schedule that read as one offer: tiers of the same kind, the same percent (or fixed
/// amount) and the same last day, at most one tier per portion. "2 % if paid by 25/12/2026" over three portions is
/// one group of three members.
/// </summary>
/// <remarks>
/// One grouping for two uses: <see cref="Terms.PaymentSchedule"/> allocates the rounded total of a percent group over
/// its members (so the per-portion amounts add up to the percent of the sum), and <see cref="Terms.PaymentTermsText"/>
/// states one sentence per group with the members' sum. Because both use the same groups, every percent sentence of
/// the terms text states exactly percent × the amounts it covers, rounded once.
/// </remarks>
internal sealed class DiscountWindowGroup
{
    private DiscountWindowGroup(DiscountTier tier, LocalDate lastDate)
    {
        Tier = tier;
        LastDate = lastDate;
    }

    /// <summary>The tier of the first member (every member has the same kind and percent or amount).</summary>
    public DiscountTier Tier { get; }

    /// <summary>The last day of the window, shared by every member.</summary>
    public LocalDate LastDate { get; }

    /// <summary>The members: (portion index, tier index), in portion order.</summary>
    public List<(int Portion, int Tier)> Members { get; } = [];

    /// <summary>Groups the discount windows of a schedule, portions in order, tiers in order.</summary>
    /// <param name="discounts">The windows of each portion, indexed by portion.</param>
    /// <returns>The groups, in order of first appearance.</returns>
    internal static List<DiscountWindowGroup> Build(ReadOnlySpan<ScheduledDiscount[]> discounts)
    {
        var groups = new List<DiscountWindowGroup>();
        for (int p = 0; p < discounts.Length; p++)
        {
            var windows = discounts[p];
            for (int t = 0; t < windows.Length; t++)
            {
                var d = windows[t];
                DiscountWindowGroup? group = null;
                foreach (var g in groups)
                {
                    if (g.Accepts(p, d))
                    {
                        group = g;
                        break;
                    }
                }

                if (group is null)
                {
                    group = new DiscountWindowGroup(d.Tier, d.LastDate);
                    groups.Add(group);
                }

                group.Members.Add((p, t));
            }
        }

        return groups;
    }

    private bool Accepts(int portion, ScheduledDiscount d)
        => d.LastDate == LastDate && d.Tier.ValueKind == Tier.ValueKind && d.Tier.Percent == Tier.Percent
           && d.Tier.Amount == Tier.Amount && Members[^1].Portion != portion;
}
