using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Cobranza.Core;

/// <summary>
/// Element-wise equality and hashing for the collection members of records (docs/decisions/0004): a record's
/// synthesized equality compares a collection by reference, so the records that hold one write their own
/// <c>Equals</c>/<c>GetHashCode</c> with these helpers.
/// </summary>
/// <remarks>
/// Order matters: <c>[a, b]</c> and <c>[b, a]</c> differ. Elements are compared with their own equality
/// (<see cref="EqualityComparer{T}.Default"/>, ordinal for strings). A default <see cref="ImmutableArray{T}"/> is
/// treated as empty (never throws); a null list equals only a null list. Hashes take the count and at most the
/// first <see cref="HashedElements"/> elements, so hashing a long collection stays cheap; equal sequences always
/// hash equal.
/// </remarks>
internal static class ValueEquality
{
    /// <summary>How many leading elements a hash takes.</summary>
    internal const int HashedElements = 8;

    /// <summary>Whether both arrays hold equal elements in the same order (default = empty).</summary>
    internal static bool SequenceEqual<T>(ImmutableArray<T> left, ImmutableArray<T> right)
    {
        ReadOnlySpan<T> a = left.AsSpan();
        ReadOnlySpan<T> b = right.AsSpan();
        if (a.Length != b.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Length; i++)
        {
            if (!comparer.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether both lists hold equal elements in the same order (null equals only null).</summary>
    internal static bool SequenceEqual<T>(IReadOnlyList<T>? left, IReadOnlyList<T>? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Count != right.Count)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < left.Count; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds the length and the first <see cref="HashedElements"/> elements (default = empty).</summary>
    internal static void AddSequence<T>(ref HashCode hash, ImmutableArray<T> items)
    {
        ReadOnlySpan<T> span = items.AsSpan();
        hash.Add(span.Length);
        int count = Math.Min(span.Length, HashedElements);
        for (int i = 0; i < count; i++)
        {
            hash.Add(span[i]);
        }
    }

    /// <summary>Adds the count and the first <see cref="HashedElements"/> elements (null adds -1).</summary>
    internal static void AddSequence<T>(ref HashCode hash, IReadOnlyList<T>? items)
    {
        if (items is null)
        {
            hash.Add(-1);
            return;
        }

        hash.Add(items.Count);
        int count = Math.Min(items.Count, HashedElements);
        for (int i = 0; i < count; i++)
        {
            hash.Add(items[i]);
        }
    }
}
