using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Samples.Quickstart.Portfolio;
using Cobranza.Samples.Quickstart.Storage;
using Cobranza.Testing;
using NodaTime;
using Xunit;

namespace Cobranza.Samples.Quickstart.Tests;

/// <summary>
/// The sample's SQLite storage keeps a language as the text it always stored (the tag: <c>es</c>, <c>es-CO</c>) and
/// reads it back through <see cref="Language.TryFromTag"/> (decision 0028). Every write path that binds a language to a
/// parameter is exercised: <c>AddWithValue(object)</c> would accept a <see cref="Language"/> and fail only when sent.
/// </summary>
public sealed class StoredLanguageTests : IDisposable
{
    private static readonly Instant At = Instant.FromUtc(2026, 7, 7, 8, 0);
    private static readonly Duration Lease = Duration.FromMinutes(5);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    [InlineData("es-CO")]
    public async Task Journal_Claim_StoresTheTagAsText_AndReadsTheSameLanguage(string tag)
    {
        var database = new SampleDatabase(_temp.File("journal.db"));
        var journal = new SqliteCollectionJournal(database);
        var decision = WithLanguage(TestData.Decision("ACC-1", decidedAt: At), Language.FromTag(tag));

        await journal.ClaimAsync(new ClaimRequest(decision, "w1", At, Lease), CancellationToken.None);

        Assert.Equal(tag, StoredText(database, "SELECT language FROM journal WHERE idempotency_key = $key", decision.IdempotencyKey));
        var read = Assert.Single(await journal.GetPendingAsync(At + Lease, Partition.All, 10, CancellationToken.None)).Decision;
        Assert.Equal(Language.FromTag(tag), read.Language);
        Assert.Equal(decision, read);
    }

    [Theory]
    [InlineData("es", "es")] // what the engine has always written
    [InlineData("en", "en")]
    [InlineData("es-co", "es-CO")] // a tag in another case (BCP 47 case is not significant) reads in BCP 47 case
    public async Task Journal_RowWrittenBefore_ReadsAsLanguage(string stored, string expected)
    {
        var database = new SampleDatabase(_temp.File("old.db"));
        var journal = new SqliteCollectionJournal(database);
        var decision = TestData.Decision("ACC-1", decidedAt: At);
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", At, Lease), CancellationToken.None);
        Execute(database, "UPDATE journal SET language = $value", stored); // the row as a release with string languages wrote it

        var read = Assert.Single(await journal.GetPendingAsync(At + Lease, Partition.All, 10, CancellationToken.None)).Decision;
        Assert.Equal(expected, read.Language.Tag);
    }

    [Theory]
    [InlineData("español")]
    [InlineData("es_CO")]
    [InlineData("")]
    public async Task Journal_CorruptLanguage_ThrowsNamingTheRowAndTheValue(string stored)
    {
        var database = new SampleDatabase(_temp.File("corrupt.db"));
        var journal = new SqliteCollectionJournal(database);
        var decision = TestData.Decision("ACC-1", decidedAt: At);
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", At, Lease), CancellationToken.None);
        Execute(database, "UPDATE journal SET language = $value", stored);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await journal.GetPendingAsync(At + Lease, Partition.All, 10, CancellationToken.None));
        Assert.Contains(decision.IdempotencyKey, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"language '{stored}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customers_AddCustomersAndImport_StoreTheTagAsText_AndLoadTheLanguage()
    {
        var database = new SampleDatabase(_temp.File("accounts.db"));
        var store = new SqliteReceivableStore(database);
        store.AddCustomers([new SampleCustomer("CO-00001", "Talleres Ruiz S.A.S.", Language.FromTag("es-CO"), "America/Bogota", "CO", Currency.COP, "pagos@example.com", PayerKind.Punctual)]);
        store.Import(Cobranza.Core.Receivables.CustomerAccount.Open(
            "ES-00002", Currency.EUR, new Cobranza.Core.Receivables.CustomerProfile("ES-00002", "Cliente Dos", Language.FromTag("en-GB"), DateTimeZone.Utc)), null);

        Assert.Equal("es-CO", StoredText(database, "SELECT language FROM accounts WHERE account_id = $key", "CO-00001"));
        Assert.Equal("en-GB", StoredText(database, "SELECT language FROM accounts WHERE account_id = $key", "ES-00002"));
        Assert.Equal(Language.FromTag("es-CO"), (await store.LoadAccountAsync("CO-00001", CancellationToken.None))!.Customer.Language);
        Assert.Equal(Language.FromTag("en-GB"), (await store.LoadAccountAsync("ES-00002", CancellationToken.None))!.Customer.Language);
    }

    /// <summary>The decision with another language (every other field as it is).</summary>
    private static EscalationDecision WithLanguage(EscalationDecision d, Language language)
        => new(d.IdempotencyKey, d.AccountId, d.PolicyId, d.PolicyVersion, d.StageId, d.Action, d.Tone, d.Channel, d.TemplateKey, language, d.ItemIds,
            d.PrincipalAmount, d.InterestAmount, d.FeeAmount, d.OpenBalance, d.Occurrence, d.DecidedAt, d.NotBefore, d.Explanation);

    private static string StoredText(SampleDatabase database, string sql, string key)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        return (string)command.ExecuteScalar()!;
    }

    private static void Execute(SampleDatabase database, string sql, string value)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$value", value);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
