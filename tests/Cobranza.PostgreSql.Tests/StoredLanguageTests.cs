using System;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Testing;
using NodaTime;

namespace Cobranza.PostgreSql.Tests;

/// <summary>
/// The journal keeps a decision's language as the text it always stored (the tag: <c>es</c>, <c>es-CO</c>) and reads
/// it back through <see cref="Language.TryFromTag"/> (decision 0028). The write binds the tag, not the
/// <see cref="Language"/>: Npgsql's <c>AddWithValue(object)</c> would accept the object and fail only when sent.
/// </summary>
public sealed class StoredLanguageTests : DatabaseTestBase
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 6, 0);

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    [InlineData("es-CO")]
    public async Task Claim_StoresTheTagAsText_AndReadsTheSameLanguage(string tag)
    {
        var database = await NewDatabaseAsync("lang", LeaseClock.Request);
        var journal = new PostgreSqlCollectionJournal(database);
        var decision = WithLanguage(TestData.Decision("A"), Language.FromTag(tag));
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Duration.FromMinutes(1)), default);

        Assert.Equal(tag, await StoredLanguageAsync(database));
        var read = Assert.Single(await journal.GetPendingAsync(Now + Duration.FromMinutes(2), Partition.All, 10, default)).Decision;
        Assert.Equal(Language.FromTag(tag), read.Language);
        Assert.Equal(decision, read);
    }

    [Theory]
    [InlineData("es", "es")] // what the engine has always written
    [InlineData("es-co", "es-CO")] // another case reads in BCP 47 case
    public async Task RowWrittenBefore_ReadsAsLanguage(string stored, string expected)
    {
        var database = await NewDatabaseAsync("langold", LeaseClock.Request);
        var journal = new PostgreSqlCollectionJournal(database);
        await journal.ClaimAsync(new ClaimRequest(TestData.Decision("A"), "w1", Now, Duration.FromMinutes(1)), default);
        await SetStoredLanguageAsync(database, stored);

        var read = Assert.Single(await journal.GetPendingAsync(Now + Duration.FromMinutes(2), Partition.All, 10, default)).Decision;
        Assert.Equal(expected, read.Language.Tag);
    }

    [Theory]
    [InlineData("español")]
    [InlineData("es_CO")]
    public async Task CorruptLanguage_ThrowsNamingTheRowAndTheValue(string stored)
    {
        var database = await NewDatabaseAsync("langbad", LeaseClock.Request);
        var journal = new PostgreSqlCollectionJournal(database);
        var decision = TestData.Decision("A");
        await journal.ClaimAsync(new ClaimRequest(decision, "w1", Now, Duration.FromMinutes(1)), default);
        await SetStoredLanguageAsync(database, stored);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await journal.GetPendingAsync(Now + Duration.FromMinutes(2), Partition.All, 10, default));
        Assert.Contains(decision.IdempotencyKey, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"language '{stored}'", ex.Message, StringComparison.Ordinal);
    }

    private static EscalationDecision WithLanguage(EscalationDecision d, Language language)
        => new(d.IdempotencyKey, d.AccountId, d.PolicyId, d.PolicyVersion, d.StageId, d.Action, d.Tone, d.Channel, d.TemplateKey, language, d.ItemIds,
            d.PrincipalAmount, d.InterestAmount, d.FeeAmount, d.OpenBalance, d.Occurrence, d.DecidedAt, d.NotBefore, d.Explanation);

    private static async Task<string> StoredLanguageAsync(PostgreSqlDatabase database)
    {
        await using var command = PostgresServer.DataSource.CreateCommand($"SELECT language FROM \"{database.Options.Schema}\".journal");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task SetStoredLanguageAsync(PostgreSqlDatabase database, string value)
    {
        await using var command = PostgresServer.DataSource.CreateCommand($"UPDATE \"{database.Options.Schema}\".journal SET language = @value");
        command.Parameters.AddWithValue("value", value);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
