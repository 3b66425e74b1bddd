using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using Cobranza.Cli.Timeline;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Interest;
using Cobranza.Core.Receivables;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Cli.Tests;

public sealed class TimelineCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cobranza-cli-timeline-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>One invoice under the Spanish preset, customer in Madrid on the ES calendar.</summary>
    internal static string Account(string invoiceOn, string terms, decimal net, string extraEvents = "") => $$"""
        {
          "accountId": "A-1",
          "currency": "EUR",
          "customer": { "id": "C-1", "name": "Cliente Uno S.L.", "language": "es", "timeZone": "Europe/Madrid", "calendarId": "ES" },
          "company": { "name": "Acreedor S.A.", "paymentLink": "https://pay.example.com/a-1", "paymentMethods": ["Transferencia"] },
          "lateCharges": { "preset": "ES" },
          "events": [
            { "on": "{{invoiceOn}}", "kind": "invoice", "id": "F-1", "terms": "{{terms}}", "net": {{net.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }{{extraEvents}}
          ]
        }
        """;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Timeline_DefaultPolicy_EachStageOnItsDay()
    {
        // Invoice 11 Feb 2026, Net 30 → due Fri 13 Mar 2026. Default policy (docs/escalation.md "Default policy"):
        // pre-due −3 Tue 10 Mar, due-today Fri 13 Mar, call task +1 Sat 14 Mar (a task, not a notice: no quiet days),
        // firm +3 Mon 16 Mar, final +15 Sat 28 Mar (charges at once; the notice waits for Mon 30 Mar 09:00, business
        // days only), suspend +30 Sun 12 Apr (notice Mon 13 Apr), agency +60 Tue 12 May, legal +90 Thu 11 Jun.
        var account = Write("account.json", Account("2026-02-11", "Net 30", 1000m));

        var result = Cli.Run("timeline", "--account", account, "--from", "2026-03-01", "--to", "2026-06-30", "--json");

        Assert.Equal(0, result.ExitCode);
        var done = Done(result.Json());
        Assert.Equal(
        [
            ("pre-due", "2026-03-10"), ("due-today", "2026-03-13"), ("call", "2026-03-14"), ("firm", "2026-03-16"), ("final", "2026-03-30"),
            ("suspend", "2026-04-13"), ("agency", "2026-05-12"), ("legal", "2026-06-11"),
        ],
        done.Where(d => d.TemplateKey is not null).Select(d => (d.Stage, d.Local[..10])));
        Assert.Contains(done, d => d.Stage == "final" && d.Action == "ApplyLateFee" && d.Local.StartsWith("2026-03-28", StringComparison.Ordinal));
        Assert.All(done.Where(d => d.Action == "SendNotice"), d => Assert.Equal("09:00", d.Local[11..16]));
    }

    [Fact]
    public void Timeline_FinalStage_InterestAndFeeAsComputedByHandAndByTheCalculator()
    {
        // Invoice 7 Oct 2025 Net 30 → due Thu 6 Nov 2025; final (+15) on Fri 21 Nov 2025. Spain 2025-H2: 10.15 %
        // (BOE-A-2025-13217 = ECB 2.15 % + 8, Ley 3/2004 art. 7.2), Act/365 from the day after the due date through the
        // notice's date: 7 Nov … 21 Nov = 15 days; 7 708.56 × 0.1015 × 15 / 365 = 32.1543 → 32.15 €. EUR 40 recovery
        // compensation (Ley 3/2004 art. 8.1). Amount due 7 708.56 + 32.15 + 40.00 = 7 780.71 €.
        var account = Write("account.json", Account("2025-10-07", "Net 30", 7708.56m));

        var result = Cli.Run("timeline", "--account", account, "--from", "2025-11-01", "--to", "2025-11-30", "--json");

        Assert.Equal(0, result.ExitCode);
        var final = Decisions(result.Json()).Single(d => d.GetProperty("stageId").GetString() == "final" && d.GetProperty("action").GetString() == "SendNotice" && d.GetProperty("done").GetBoolean());
        Assert.Equal(Money.Of(32.15m, Currency.EUR), Cli.Money(final.GetProperty("interestAmount")));
        Assert.Equal(Money.Of(40.00m, Currency.EUR), Cli.Money(final.GetProperty("feeAmount")));
        Assert.Equal(Money.Of(7780.71m, Currency.EUR), Cli.Money(final.GetProperty("amountDue")));
        Assert.Contains("7.780,71 €", final.GetProperty("notice").GetProperty("body").GetString());

        // The same interest as the statement calculator under the same preset (docs/interest.md "Requests from a preset").
        var request = StatutoryPresets.Spain().CreateRequest(new LocalDate(2025, 11, 6), new LocalDate(2025, 11, 21), Money.Of(7708.56m, Currency.EUR));
        Assert.Equal(LateInterestCalculator.CalculateTotals(request).Interest, Cli.Money(final.GetProperty("interestAmount")));
    }

    [Fact]
    public void Timeline_Json_DecisionsRoundTripIntoTheLibrarysDecisions()
    {
        var path = Write("account.json", Account("2025-10-07", "30/60", 2000m, """
            ,
            { "on": "2025-11-20", "kind": "promise", "id": "PR-1", "promisedDate": "2025-11-28", "amount": 1000, "items": ["F-1/0"] },
            { "on": "2025-12-10", "kind": "payment", "reference": "T-1", "amount": 500 }
            """));
        var result = Cli.Run("timeline", "--account", path, "--from", "2025-11-01", "--to", "2026-01-31", "--json");
        Assert.Equal(0, result.ExitCode);

        var expected = TimelineRun.Run(AccountFile.Parse(File.ReadAllText(path), path), EscalationPolicies.Default, TemplateCatalog.Default,
            new LocalDate(2025, 11, 1), new LocalDate(2026, 1, 31));
        var computed = expected.Steps.SelectMany(s => s.Decisions).Select(d => d.Decision).ToList();
        var read = Decisions(result.Json()).Select(ReadDecision).ToList();

        Assert.NotEmpty(read);
        Assert.Equal(computed, read);
        Assert.Contains(read, d => d.StageId == "promise-broken");
        Assert.Contains(read, d => d.StageId == "payment-partial-ack");
    }

    [Fact]
    public void Timeline_PastTheBuiltInRates_FailsWithTheHint_ProvisionalIsNotPosted()
    {
        // The built-in Spanish table ends on 2026-06-30. Invoice 20 May 2026 Net 30 → due 19 Jun; final (+15) Sat 4 Jul.
        var path = Write("account.json", Account("2026-05-20", "Net 30", 1000m));

        var strict = Cli.Run("timeline", "--account", path, "--from", "2026-06-01", "--to", "2026-07-31");
        var provisional = Cli.Run("timeline", "--account", path, "--from", "2026-06-01", "--to", "2026-07-31", "--provisional", "--json");

        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("'ES-LATE-PAYMENT-COMMERCIAL'", strict.Error);
        Assert.Contains("--provisional", strict.Error);
        Assert.Equal(0, provisional.ExitCode);
        var charge = Decisions(provisional.Json()).Single(d => d.GetProperty("action").GetString() == "ChargeLateInterest" && d.GetProperty("done").GetBoolean());
        Assert.Contains("not posted", charge.GetProperty("skipped").GetString());
        Assert.All(charge.GetProperty("charges").EnumerateArray(), c => Assert.True(c.GetProperty("provisional").GetBoolean()));
        // Not posted: the interest owed at the end is accrued only, none of it is in the ledger.
        var fee = Decisions(provisional.Json()).Single(d => d.GetProperty("action").GetString() == "ApplyLateFee" && d.GetProperty("done").GetBoolean());
        Assert.Equal(Money.Of(40m, Currency.EUR), Cli.Money(fee.GetProperty("feeAmount")));
    }

    [Fact]
    public void Timeline_LegalHold_NothingDecided()
    {
        // docs/escalation.md "Suppressions": a legal hold suppresses everything from its date.
        var path = Write("account.json", Account("2025-10-07", "Net 30", 1000m, """
            ,
            { "on": "2025-10-08", "kind": "legalHold", "reason": "Concurso de acreedores" }
            """));

        var result = Cli.Run("timeline", "--account", path, "--from", "2025-11-01", "--to", "2026-03-31", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(Decisions(result.Json()));

        // The text output sets the reason apart from the kind ("bloqueo legal Concurso de acreedores" ran them together).
        var text = Cli.Run("timeline", "--account", path, "--from", "2025-11-01", "--to", "2026-03-31", "--lang", "es");
        Assert.Contains("08/10/2025   bloqueo legal (Concurso de acreedores)", text.Output);
    }

    [Fact]
    public void Timeline_TextInSpanish_ShowsTheRenderedNotice()
    {
        var path = Write("account.json", Account("2026-02-11", "Net 30", 1000m));

        var result = Cli.Run("timeline", "--account", path, "--from", "2026-03-01", "--to", "2026-03-20", "--lang", "es");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("10/03/2026 09:00  pre-due · SendNotice · Friendly · Email · reminder-before-due", result.Output);
        Assert.Contains("Asunto: Recordatorio: su pago vence el 13/03/2026", result.Output);
        Assert.Contains("siguiente revisión:", result.Output);
    }

    [Theory]
    [InlineData("""{"accountId": "A", "currency": "EUR", "customer": {"id": "C", "name": "N", "language": "es", "timeZone": "Mars/Olympus"}, "company": {"name": "X", "paymentLink": "https://x.example/", "paymentMethods": ["Transferencia"]}, "events": []}""", "$.customer.timeZone must be an IANA time zone such as Europe/Madrid (was 'Mars/Olympus').")]
    [InlineData("""{"accountId": "A", "currency": "EUR", "customer": {"id": "C", "name": "N", "language": "es", "timeZone": "Europe/Madrid"}, "company": {"name": "X", "paymentLink": "https://x.example/", "paymentMethods": ["Transferencia"]}, "events": [{"on": "2026-01-01", "kind": "gift"}]}""", "$.events[0].kind must be invoice, item, payment")]
    [InlineData("""{"accountId": "A", "currency": "EUR", "customer": {"id": "C", "name": "N", "language": "es", "timeZone": "Europe/Madrid"}, "company": {"name": "X", "paymentLink": "https://x.example/", "paymentMethods": ["Transferencia"]}, "events": [{"on": "2026-01-01", "kind": "payment", "reference": "R", "amount": "ten"}]}""", "$.events[0].amount must be a number, an amount in EUR (was \"ten\").")]
    [InlineData("""{"accountId": "A", "currency": "EUR", "customer": {"id": "C", "name": "N", "language": "es", "timeZone": "Europe/Madrid"}, "company": {"name": "X", "paymentLink": "https://x.example/", "paymentMethods": ["Transferencia"]}, "events": [], "colour": "red"}""", "$.colour is not a property of this object")]
    public void Timeline_BadAccountFile_NamesThePathAndValue(string json, string expected)
    {
        var path = Write("account.json", json);

        var result = Cli.Run("timeline", "--account", path, "--from", "2026-01-01", "--to", "2026-01-31");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain(" at Cobranza.", result.Error);
    }

    [Fact]
    public void Timeline_PolicyFile_ReadWithTheLibrarysLoader()
    {
        var policy = Write("policy.json", Core.Escalation.Configuration.EscalationPolicyJson.Serialize(
            EscalationPolicies.CreateDefault()));
        var account = Write("account.json", Account("2026-02-11", "Net 30", 1000m));

        var withFile = Cli.Run("timeline", "--policy", policy, "--account", account, "--from", "2026-03-01", "--to", "2026-04-30", "--json");
        var withDefault = Cli.Run("timeline", "--account", account, "--from", "2026-03-01", "--to", "2026-04-30", "--json");

        Assert.Equal(0, withFile.ExitCode);
        Assert.Equal(withDefault.Output, withFile.Output);
    }

    internal static JsonElement[] Decisions(JsonDocument document)
        => [.. document.RootElement.GetProperty("evaluations").EnumerateArray().SelectMany(e => e.GetProperty("decisions").EnumerateArray())];

    private static (string Stage, string Action, string? TemplateKey, string Local)[] Done(JsonDocument document)
        => [.. document.RootElement.GetProperty("evaluations").EnumerateArray()
            .SelectMany(e => e.GetProperty("decisions").EnumerateArray().Where(d => d.GetProperty("done").GetBoolean())
                .Select(d => (d.GetProperty("stageId").GetString()!, d.GetProperty("action").GetString()!, d.GetProperty("templateKey").GetString(), e.GetProperty("local").GetString()!)))];

    private static EscalationDecision ReadDecision(JsonElement d)
    {
        Instant At(string name) => InstantPattern.ExtendedIso.Parse(d.GetProperty(name).GetString()!).Value;
        var charges = d.GetProperty("charges").EnumerateArray().Select(c => c.GetProperty("kind").GetString() == nameof(ChargeKind.Interest)
            ? LateCharge.Interest(c.GetProperty("itemId").GetString()!, Cli.Date(c.GetProperty("postedOn")), Cli.Date(c.GetProperty("through")), Cli.Money(c.GetProperty("amount")), c.GetProperty("description").GetString()!)
            : LateCharge.Fee(c.GetProperty("key").GetString()!, c.GetProperty("itemId").GetString()!, Cli.Date(c.GetProperty("postedOn")), Cli.Money(c.GetProperty("amount")), c.GetProperty("description").GetString()!))
            .Select((charge, i) => charge with { Provisional = d.GetProperty("charges")[i].GetProperty("provisional").GetBoolean() });
        return new EscalationDecision(
            d.GetProperty("idempotencyKey").GetString()!,
            d.GetProperty("accountId").GetString()!,
            d.GetProperty("policyId").GetString()!,
            d.GetProperty("policyVersion").GetInt32(),
            d.GetProperty("stageId").GetString()!,
            Enum.Parse<EscalationActionKind>(d.GetProperty("action").GetString()!),
            Enum.Parse<EscalationTone>(d.GetProperty("tone").GetString()!),
            d.GetProperty("channel").ValueKind == JsonValueKind.Null ? null : Enum.Parse<NotificationChannel>(d.GetProperty("channel").GetString()!),
            d.GetProperty("templateKey").GetString(),
            Language.FromTag(d.GetProperty("language").GetString()!),
            [.. d.GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()!)],
            Cli.Money(d.GetProperty("principalAmount")),
            Cli.Money(d.GetProperty("interestAmount")),
            Cli.Money(d.GetProperty("feeAmount")),
            Cli.Money(d.GetProperty("openBalance")),
            d.GetProperty("occurrence").GetInt32(),
            At("decidedAt"),
            At("notBefore"),
            d.GetProperty("explanation").GetString()!)
        {
            Charges = [.. charges],
            PromisedDate = d.GetProperty("promisedDate").ValueKind == JsonValueKind.Null ? null : Cli.Date(d.GetProperty("promisedDate")),
            Settlement = d.GetProperty("settlement") is { ValueKind: JsonValueKind.Object } s
                ? new SettlementFigures(Enum.Parse<SettlementMeans>(s.GetProperty("settledBy").GetString()!), Cli.Money(s.GetProperty("paid")), Cli.Money(s.GetProperty("credited")), Cli.Money(s.GetProperty("remaining")))
                : null,
        };
    }
}
