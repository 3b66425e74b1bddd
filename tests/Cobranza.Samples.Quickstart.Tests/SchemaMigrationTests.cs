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
        DowngradeTo(database, 3);

        var upgraded = new SampleDatabase(path);
        Assert.Equal("6", upgraded.GetMeta("schema_version"));
        var journal = new SqliteCollectionJournal(upgraded);
        var marked = TestData.Decision("NEW", decidedAt: at, provisionalInterest: [new ProvisionalInterestPeriod(new LocalDate(2026, 7, 1), new LocalDate(2026, 7, 7), 0.1015m,
            new CarriedReferenceRate("ES-LATE-PAYMENT-COMMERCIAL", 0.1015m, new LocalDate(2026, 1, 1), new LocalDate(2026, 6, 30)))]);
        await journal.ClaimAsync(new ClaimRequest(marked, "w1", at, lease), CancellationToken.None);

        var pending = await journal.GetPendingAsync(at + lease, Partition.All, 10, CancellationToken.None);
        Assert.Equal(old, pending.Single(p => p.Decision.AccountId == "OLD").Decision);
        Assert.False(pending.Single(p => p.Decision.AccountId == "OLD").Decision.IsInterestProvisional);
        Assert.Equal(marked, pending.Single(p => p.Decision.AccountId == "NEW").Decision);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Open_OlderFile_AddsSettlementFigures_OldRowsCarryNone(int version)
    {
        var path = _temp.File($"v{version}.db");
        var at = Instant.FromUtc(2026, 3, 5, 9, 0);
        var lease = Duration.FromMinutes(5);
        var old = TestData.Decision("OLD", decidedAt: at);
        var database = new SampleDatabase(path);
        await new SqliteCollectionJournal(database).ClaimAsync(new ClaimRequest(old, "w1", at, lease), CancellationToken.None);
        DowngradeTo(database, version);

        var upgraded = new SampleDatabase(path);
        Assert.Equal("6", upgraded.GetMeta("schema_version"));
        var journal = new SqliteCollectionJournal(upgraded);
        // A service-restored notice after a credit note (issue 13): nothing paid, 800.00 credited, 500.00 still owed.
        var restored = TestData.Decision("NEW", stageId: "service-restored", decidedAt: at,
            settlement: new Cobranza.Core.Escalation.SettlementFigures(Cobranza.Core.Escalation.SettlementMeans.CreditNote,
                Money.Zero(Currency.EUR), Money.Of(800.00m, Currency.EUR), Money.Of(500m, Currency.EUR)));
        await journal.ClaimAsync(new ClaimRequest(restored, "w1", at, lease), CancellationToken.None);

        var pending = await journal.GetPendingAsync(at + lease, Partition.All, 10, CancellationToken.None);
        var oldRead = pending.Single(p => p.Decision.AccountId == "OLD").Decision;
        Assert.Equal(old, oldRead); // a version-2 row's open balance is rebuilt as principal + interest + fees: TestData's default
        Assert.Null(oldRead.Settlement);
        Assert.Equal(restored, pending.Single(p => p.Decision.AccountId == "NEW").Decision);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Open_OlderFile_AddsThePayerOfAnAccount_OldAccountsPayTheirOwn(int version)
    {
        // Version 6 (docs/decisions/0025): accounts keep CustomerProfile.PaidByAccountId. An account stored before pays
        // its own invoices, as it did; after the upgrade a subsidiary can be stored with its payer.
        var path = _temp.File($"accounts-v{version}.db");
        var database = new SampleDatabase(path);
        var old = TestData.Account("OLD", new LocalDate(2026, 1, 31), Money.Of(100m, Currency.EUR));
        new SqliteReceivableStore(database).Import(old, null);
        DowngradeTo(database, version);

        var upgraded = new SampleDatabase(path);
        Assert.Equal("6", upgraded.GetMeta("schema_version"));
        var store = new SqliteReceivableStore(upgraded);
        var oldRead = await store.LoadAccountAsync("OLD", CancellationToken.None);
        Assert.Null(oldRead!.Customer.PaidByAccountId);
        Assert.Equal(old.Items.Select(i => (i.Id, i.Amount)), oldRead.Items.Select(i => (i.Id, i.Amount)));
        var child = TestData.Account("CHILD", new LocalDate(2026, 1, 31), Money.Of(50m, Currency.EUR));
        store.Import(new Cobranza.Core.Receivables.CustomerAccount("CHILD", child.Currency,
            new Cobranza.Core.Receivables.CustomerProfile(child.Customer.Id, child.Customer.DisplayName, child.Customer.Language, child.Customer.TimeZone) { PaidByAccountId = "OLD" }, child.Items), null);
        Assert.Equal(["CHILD"], (await store.LoadPaidAccountsAsync("OLD", CancellationToken.None)).Select(a => a.Id));
        Assert.Equal(1L, Scalar(upgraded, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_accounts_paid_by'"));
    }

    [Fact]
    public void Open_UnknownVersion_RefusedAskingForReset()
    {
        var path = _temp.File("v99.db");
        new SampleDatabase(path).SetMeta("schema_version", "99");
        var ex = Assert.Throws<InvalidOperationException>(() => new SampleDatabase(path));
        Assert.Equal($"database '{System.IO.Path.GetFullPath(path)}' has schema version 99, this sample expects 6; run with --reset.", ex.Message);
    }

    private static object? Scalar(SampleDatabase database, string sql)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Turns a file of today's schema into one of <paramref name="version"/>: the columns added since dropped, the version stamped.</summary>
    private static void DowngradeTo(SampleDatabase database, int version)
    {
        var sql = new System.Text.StringBuilder(
            "DROP INDEX ix_accounts_paid_by; ALTER TABLE accounts DROP COLUMN paid_by_account_id;");
        if (version <= 4)
        {
            sql.Append("ALTER TABLE journal DROP COLUMN settled_by; ALTER TABLE journal DROP COLUMN paid_amount; ALTER TABLE journal DROP COLUMN credited_amount; ALTER TABLE journal DROP COLUMN remaining_amount;");
        }

        if (version <= 3)
        {
            sql.Append("ALTER TABLE journal DROP COLUMN provisional_interest;");
        }

        if (version <= 2)
        {
            sql.Append("ALTER TABLE journal DROP COLUMN open_balance; ALTER TABLE journal DROP COLUMN charges; ALTER TABLE journal RENAME COLUMN principal_amount TO overdue_amount;");
        }

        sql.Append(System.FormattableString.Invariant($"UPDATE meta SET value = '{version}' WHERE key = 'schema_version';"));
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        command.ExecuteNonQuery();
    }

    public void Dispose() => _temp.Dispose();
}
