using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Interest;
using Cobranza.Core.Ports;
using Cobranza.Samples.Quickstart.Storage;
using Cobranza.Testing;
using NodaTime;
using Xunit;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>The sample database's schema upgrades keep what a journal already holds.</summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Open_Version3File_AddsProvisionalInterest_OldRowsReadAsPublished()
    {
        var path = _temp.File("v3.db");
        var at = Instant.FromUtc(2026, 7, 7, 8, 0);
        var old = TestData.Decision("OLD", decidedAt: at);
        var lease = Duration.FromMinutes(5);
        // A version-3 file: today's schema without the column issue 16 added, and a journal row written then.
        var database = new SampleDatabase(path);
        await new SqliteCollectionJournal(database).ClaimAsync(new ClaimRequest(old, "w1", at, lease), CancellationToken.None);
        using (var connection = database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "ALTER TABLE journal DROP COLUMN provisional_interest; UPDATE meta SET value = '3' WHERE key = 'schema_version';";
            command.ExecuteNonQuery();
        }

        var upgraded = new SampleDatabase(path);
        Assert.Equal("4", upgraded.GetMeta("schema_version"));
        var journal = new SqliteCollectionJournal(upgraded);
        var marked = TestData.Decision("NEW", decidedAt: at, provisionalInterest: [new ProvisionalInterestPeriod(new LocalDate(2026, 7, 1), new LocalDate(2026, 7, 7), 0.1015m,
            new CarriedReferenceRate("ES-LATE-PAYMENT-COMMERCIAL", 0.1015m, new LocalDate(2026, 1, 1), new LocalDate(2026, 6, 30)))]);
        await journal.ClaimAsync(new ClaimRequest(marked, "w1", at, lease), CancellationToken.None);

        var pending = await journal.GetPendingAsync(at + lease, Partition.All, 10, CancellationToken.None);
        Assert.Equal(old, pending.Single(p => p.Decision.AccountId == "OLD").Decision);
        Assert.False(pending.Single(p => p.Decision.AccountId == "OLD").Decision.IsInterestProvisional);
        Assert.Equal(marked, pending.Single(p => p.Decision.AccountId == "NEW").Decision);
    }

    public void Dispose() => _temp.Dispose();
}
