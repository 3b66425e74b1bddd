using System;
using System.Text;

namespace Cobranza.Core.Ports;

/// <summary>
/// One slice of a portfolio shared by several workers: an account belongs to partition
/// <c>StableHash(accountId) % Count</c>. The hash is 32-bit FNV-1a over the UTF-8 bytes of the account id
/// (offset basis 2166136261, prime 16777619), so it is the same in every process, machine, runtime and version
/// (unlike <see cref="string.GetHashCode()"/>, which is randomised per process). Stores may compute it in SQL or
/// persist it in a column.
/// </summary>
public readonly record struct Partition
{
    private const uint OffsetBasis = 2166136261u;
    private const uint Prime = 16777619u;

    /// <summary>Creates partition <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <param name="index">The partition index, 0 ≤ index &lt; count.</param>
    /// <param name="count">The number of partitions (positive).</param>
    /// <exception cref="ArgumentOutOfRangeException">count is not positive or index is outside [0, count).</exception>
    public Partition(int index, int count)
    {
        Count = Guard.Positive(count);
        Index = Guard.InRange(index, 0, count - 1);
    }

    /// <summary>The whole portfolio (partition 0 of 1).</summary>
    public static Partition All => new(0, 1);

    /// <summary>The partition index.</summary>
    public int Index { get; }

    /// <summary>The number of partitions.</summary>
    public int Count { get; }

    /// <summary>Whether this is the whole portfolio.</summary>
    public bool IsAll => Count <= 1;

    /// <summary>Whether <paramref name="accountId"/> belongs to this partition.</summary>
    /// <param name="accountId">The account id (not null).</param>
    /// <returns><see langword="true"/> when <c>StableHash(accountId) % Count == Index</c>.</returns>
    public bool Contains(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return Count <= 1 || (int)(StableHash(accountId) % (uint)Count) == Index;
    }

    /// <summary>The stable 32-bit FNV-1a hash of the UTF-8 bytes of <paramref name="accountId"/>.</summary>
    /// <param name="accountId">The account id (not null).</param>
    /// <returns>The hash; e.g. <c>StableHash("") == 2166136261</c> and <c>StableHash("a") == 0xE40C292C</c>.</returns>
    public static uint StableHash(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        uint hash = OffsetBasis;
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in accountId.EnumerateRunes())
        {
            int written = rune.EncodeToUtf8(buffer);
            for (int i = 0; i < written; i++)
            {
                hash ^= buffer[i];
                hash = unchecked(hash * Prime);
            }
        }

        return hash;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
