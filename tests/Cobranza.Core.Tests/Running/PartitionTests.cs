using System;
using System.Linq;
using System.Text;
using Cobranza.Core.Ports;

namespace Cobranza.Core.Tests.Running;

public sealed class PartitionTests
{
    // Expected values: FNV-1a 32-bit test vectors from the FNV reference (Fowler/Noll/Vo, "FNV hash" test suite,
    // isthe.com/chongo/tech/comp/fnv): "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void StableHash_ReferenceVectors_Match(string text, uint expected) => Assert.Equal(expected, Partition.StableHash(text));

    [Fact]
    public void StableHash_NonAscii_HashesUtf8Bytes()
    {
        // "Ñandú-7" is hashed over its UTF-8 bytes: the same computation done byte by byte here.
        const string id = "Ñandú-7";
        uint hash = 2166136261u;
        foreach (byte b in Encoding.UTF8.GetBytes(id))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        Assert.Equal(hash, Partition.StableHash(id));
    }

    [Fact]
    public void Contains_EveryAccount_InExactlyOnePartition()
    {
        var ids = Enumerable.Range(0, 500).Select(i => $"ACC-{i}").ToArray();
        foreach (var id in ids)
        {
            Assert.Equal(1, Enumerable.Range(0, 7).Count(i => new Partition(i, 7).Contains(id)));
        }

        // Roughly balanced: every one of 7 partitions gets some of 500 ids.
        Assert.All(Enumerable.Range(0, 7), i => Assert.InRange(ids.Count(id => new Partition(i, 7).Contains(id)), 40, 105));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 2)]
    [InlineData(2, 2)]
    public void Constructor_OutOfRange_Throws(int index, int count)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Partition(index, count));
        Assert.Contains(count == 0 ? "count" : "index", ex.ParamName, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsWholePortfolio() => Assert.True(new Cobranza.Core.Ports.DueAccountsQuery(NodaTime.Instant.MinValue, 10).Partition.IsAll);
}
