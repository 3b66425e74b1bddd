using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Cobranza.Core.Reports;

/// <summary>
/// One aging bucket: a closed range of days, <see cref="FromDays"/> to <see cref="ToDays"/>, both inclusive; an
/// open end is <see langword="null"/>. Days are counted from the item's reference date (its due date, or its invoice
/// date, see <see cref="AgingBasis"/>) to the report date: the reference date itself is day 0, the day after is day
/// 1. With the due-date basis a negative number is a date not yet reached (not yet due).
/// </summary>
public readonly struct AgingBucket : IEquatable<AgingBucket>
{
    /// <summary>Creates a bucket.</summary>
    /// <param name="fromDays">The first day in the bucket, or <see langword="null"/> for "any earlier day" (only the first bucket).</param>
    /// <param name="toDays">The last day in the bucket, or <see langword="null"/> for "any later day" (only the last bucket).</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is outside ±<see cref="AgingBuckets.MaxBoundDays"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="fromDays"/> is after <paramref name="toDays"/>.</exception>
    public AgingBucket(int? fromDays, int? toDays)
    {
        CheckBound(fromDays, nameof(fromDays));
        CheckBound(toDays, nameof(toDays));
        if (fromDays is { } f && toDays is { } t && f > t)
        {
            throw new ArgumentException($"fromDays ({f}) must not be after toDays ({t}) in an aging bucket.", nameof(fromDays));
        }

        FromDays = fromDays;
        ToDays = toDays;
    }

    /// <summary>The first day in the bucket (inclusive), or <see langword="null"/> when the bucket has no lower end.</summary>
    public int? FromDays { get; }

    /// <summary>The last day in the bucket (inclusive), or <see langword="null"/> when the bucket has no upper end.</summary>
    public int? ToDays { get; }

    /// <summary>Whether <paramref name="days"/> falls in the bucket.</summary>
    /// <param name="days">Days from the reference date to the report date.</param>
    /// <returns><see langword="true"/> when <see cref="FromDays"/> ≤ <paramref name="days"/> ≤ <see cref="ToDays"/>.</returns>
    public bool Contains(int days) => (FromDays is not { } f || days >= f) && (ToDays is not { } t || days <= t);

    /// <summary>Whether both buckets have the same bounds.</summary>
    /// <param name="other">The other bucket.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(AgingBucket other) => FromDays == other.FromDays && ToDays == other.ToDays;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AgingBucket other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FromDays, ToDays);

    /// <summary>Equality of bounds.</summary>
    /// <param name="left">The first bucket.</param>
    /// <param name="right">The second bucket.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(AgingBucket left, AgingBucket right) => left.Equals(right);

    /// <summary>Inequality of bounds.</summary>
    /// <param name="left">The first bucket.</param>
    /// <param name="right">The second bucket.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(AgingBucket left, AgingBucket right) => !left.Equals(right);

    /// <summary>The range in invariant text: <c>..0</c>, <c>1..30</c>, <c>121..</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{FromDays}..{ToDays}");

    private static void CheckBound(int? value, string name)
    {
        if (value is { } v && (v < -AgingBuckets.MaxBoundDays || v > AgingBuckets.MaxBoundDays))
        {
            throw new ArgumentOutOfRangeException(
                name, v, $"{name} must be between -{AgingBuckets.MaxBoundDays} and {AgingBuckets.MaxBoundDays} days (was {v}).");
        }
    }
}

/// <summary>
/// A validated set of aging buckets: ordered, contiguous and non-overlapping, covering every possible number of
/// days (the first bucket has no lower end, the last no upper end), so every open item falls in exactly one bucket
/// and the buckets add up to the open balance.
/// </summary>
/// <remarks>
/// <see cref="Default"/> is: current (day 0 or earlier: due today or not yet due), 1–30, 31–60, 61–90, 91–120 and
/// over 120 days past due. An item due on 2026-01-31 is current on 2026-01-31, 1 day past due on 2026-02-01, in
/// 1–30 up to 2026-03-02 (day 30) and in 31–60 from 2026-03-03 (day 31).
/// </remarks>
public sealed class AgingBuckets : IEquatable<AgingBuckets>
{
    /// <summary>The largest absolute bound a bucket may have (36,600 days, about 100 years).</summary>
    public const int MaxBoundDays = 36_600;

    private readonly int[] _lowerBounds;

    private AgingBuckets(ImmutableArray<AgingBucket> buckets)
    {
        Buckets = buckets;
        _lowerBounds = new int[buckets.Length - 1];
        for (int i = 1; i < buckets.Length; i++)
        {
            _lowerBounds[i - 1] = buckets[i].FromDays!.Value;
        }
    }

    /// <summary>Current (≤ 0), 1–30, 31–60, 61–90, 91–120, over 120 (≥ 121) days.</summary>
    public static AgingBuckets Default { get; } = FromUpperBounds(0, 30, 60, 90, 120);

    /// <summary>The buckets, in increasing order of days.</summary>
    public ImmutableArray<AgingBucket> Buckets { get; }

    /// <summary>How many buckets there are.</summary>
    public int Count => Buckets.Length;

    /// <summary>The lower bound of bucket <c>i + 1</c>, for the hot loop.</summary>
    internal ReadOnlySpan<int> LowerBounds => _lowerBounds;

    /// <summary>
    /// Buckets from their upper bounds: <c>FromUpperBounds(0, 30, 60)</c> is ≤ 0, 1–30, 31–60 and ≥ 61.
    /// </summary>
    /// <param name="upperBounds">The last day of each bucket but the last, strictly increasing (at least one).</param>
    /// <returns>The buckets (one more than the bounds given).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="upperBounds"/> is null.</exception>
    /// <exception cref="ArgumentException">No bound, or the bounds do not strictly increase.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is outside ±<see cref="MaxBoundDays"/>.</exception>
    public static AgingBuckets FromUpperBounds(params int[] upperBounds)
    {
        Guard.NotNull(upperBounds);
        if (upperBounds.Length == 0)
        {
            throw new ArgumentException("upperBounds must hold at least one bound (was empty).", nameof(upperBounds));
        }

        var buckets = ImmutableArray.CreateBuilder<AgingBucket>(upperBounds.Length + 1);
        for (int i = 0; i < upperBounds.Length; i++)
        {
            if (i > 0 && upperBounds[i] <= upperBounds[i - 1])
            {
                throw new ArgumentException(
                    $"upperBounds must strictly increase (upperBounds[{i}] = {upperBounds[i]} follows {upperBounds[i - 1]}).", nameof(upperBounds));
            }

            buckets.Add(new AgingBucket(i == 0 ? null : upperBounds[i - 1] + 1, upperBounds[i]));
        }

        buckets.Add(new AgingBucket(upperBounds[^1] + 1, null));
        return new AgingBuckets(buckets.MoveToImmutable());
    }

    /// <summary>Buckets given one by one, validated.</summary>
    /// <param name="buckets">The buckets in increasing order: the first without lower end, the last without upper end, each starting the day after the previous one ends.</param>
    /// <returns>The validated buckets.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="buckets"/> is null.</exception>
    /// <exception cref="ArgumentException">The buckets are empty, leave days uncovered (a gap or a closed end) or overlap; the message lists every problem with the buckets' indexes and bounds.</exception>
    public static AgingBuckets Create(IEnumerable<AgingBucket> buckets)
    {
        Guard.NotNull(buckets);
        var list = ImmutableArray.CreateRange(buckets);
        if (list.IsEmpty)
        {
            throw new ArgumentException("buckets must hold at least one bucket (was empty).", nameof(buckets));
        }

        var errors = new List<string>();
        if (list[0].FromDays is { } first)
        {
            errors.Add($"buckets[0] ({list[0]}) must have no lower end (FromDays null) so that every item falls in a bucket (was {first})");
        }

        if (list[^1].ToDays is { } last)
        {
            errors.Add($"buckets[{list.Length - 1}] ({list[^1]}) must have no upper end (ToDays null) so that every item falls in a bucket (was {last})");
        }

        for (int i = 1; i < list.Length; i++)
        {
            AgingBucket previous = list[i - 1], current = list[i];
            if (previous.ToDays is not { } end)
            {
                errors.Add($"buckets[{i - 1}] ({previous}) has no upper end, so it overlaps buckets[{i}] ({current})");
                continue;
            }

            if (current.FromDays is not { } start)
            {
                errors.Add($"buckets[{i}] ({current}) has no lower end, so it overlaps buckets[{i - 1}] ({previous})");
                continue;
            }

            if (start <= end)
            {
                errors.Add($"buckets[{i}] ({current}) overlaps buckets[{i - 1}] ({previous}): it must start on day {end + 1}");
            }
            else if (start > end + 1)
            {
                errors.Add($"buckets[{i}] ({current}) leaves a gap after buckets[{i - 1}] ({previous}): days {end + 1}..{start - 1} are in no bucket");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid aging buckets: " + string.Join("; ", errors) + ".", nameof(buckets));
        }

        return new AgingBuckets(list);
    }

    /// <summary>The index of the bucket that holds <paramref name="days"/>.</summary>
    /// <param name="days">Days from the reference date to the report date.</param>
    /// <returns>The index, 0 to <see cref="Count"/> − 1.</returns>
    public int IndexOf(int days)
    {
        var bounds = _lowerBounds;
        int index = 0;
        while (index < bounds.Length && days >= bounds[index])
        {
            index++;
        }

        return index;
    }

    /// <summary>Whether both sets have the same buckets.</summary>
    /// <param name="other">The other set.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(AgingBuckets? other) => other is not null && Buckets.AsSpan().SequenceEqual(other.Buckets.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AgingBuckets);

    /// <summary>Value equality, as <see cref="Equals(AgingBuckets)"/>.</summary>
    /// <param name="left">The first set of buckets.</param>
    /// <param name="right">The second set of buckets.</param>
    /// <returns>True when both are null or equal.</returns>
    public static bool operator ==(AgingBuckets? left, AgingBuckets? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality, as the negation of <see cref="Equals(AgingBuckets)"/>.</summary>
    /// <param name="left">The first set of buckets.</param>
    /// <param name="right">The second set of buckets.</param>
    /// <returns>True when exactly one is null or they differ.</returns>
    public static bool operator !=(AgingBuckets? left, AgingBuckets? right) => !(left == right);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var bucket in Buckets)
        {
            hash.Add(bucket);
        }

        return hash.ToHashCode();
    }

    /// <summary>The buckets in invariant text, e.g. <c>[..0, 1..30, 31..]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < Buckets.Length; i++)
        {
            sb.Append(i == 0 ? string.Empty : ", ").Append(Buckets[i].ToString());
        }

        return sb.Append(']').ToString();
    }
}
