using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Cobranza.Cli.Tests;

/// <summary>
/// The account file's kinds for the ledger events of docs/escalation.md "Write-off and enforcement off" and "Failed
/// payments": excludedFromDunning, returnedToDunning, enforcementOff, enforcementOn and paymentReversed (with the
/// payment's method), each shown by what the engine then decides.
/// </summary>
public sealed class TimelineLedgerEventsTests : IDisposable
{
    /// <summary>
    /// Stage "reminder" on the due date for any overdue account, and stage "bounced" (+1, a call task) only when the last
    /// payment attempt failed with SEPA reason code AM04 (insufficient funds) by direct debit
    /// (docs/escalation.md "Failed payments", JSON <c>conditions.lastPaymentFailed</c>).
    /// </summary>
    private const string SepaReturnsPolicy = """
        {
          "id": "sepa-returns", "version": 1, "scope": "Account", "fallbackLanguage": "es", "catchUp": "LatestOnly",
          "suppressions": { "brokenPromiseStageId": "reminder" },
          "stages": [
            { "id": "reminder", "name": "Reminder", "trigger": { "offset": 0, "days": "Calendar" }, "tone": "Friendly",
              "actions": [ { "kind": "SendNotice", "channel": "Email", "templateKey": "reminder-due-today" } ] },
            { "id": "bounced", "name": "Direct debit returned for lack of funds: call", "trigger": { "offset": 1, "days": "Calendar" }, "tone": "Firm",
              "conditions": { "lastPaymentFailed": { "reasons": ["AM04"], "methods": ["direct-debit"] } },
              "actions": [ { "kind": "CreateTask", "channel": "PhoneCall", "templateKey": "task-call-customer" } ] }
          ]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("cobranza-cli-ledger-events-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ExcludedFromDunning_NoReminderWhileExcluded_ReturnedToDunning_TheCurrentStageOnly()
    {
        // Invoice 11 Feb 2026 Net 30 → due Fri 13 Mar 2026 (as in TimelineCommandTests). Excluded from 1 Mar: the engine
        // leaves the item out of the stages (docs/escalation.md "Write-off and enforcement off"), so no pre-due (10 Mar),
        // due-today (13 Mar), call (14 Mar) or firm (16 Mar). Returned on Fri 20 Mar (+7): the stages follow its due date
        // again and, catch-up LatestOnly (docs/escalation.md "Catch-up"), only the latest reached stage, firm (+3), goes
        // out, at 09:00 (quiet rules of the default policy).
        var excluded = Write("excluded.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, """
            ,
            { "on": "2026-03-01", "kind": "excludedFromDunning", "item": "F-1/0", "reason": "goodwill: handled by sales" }
            """));
        var returned = Write("returned.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, """
            ,
            { "on": "2026-03-01", "kind": "excludedFromDunning", "item": "F-1/0", "reason": "goodwill: handled by sales" },
            { "on": "2026-03-20", "kind": "returnedToDunning", "item": "F-1/0" }
            """));

        var whileExcluded = Cli.Run("timeline", "--account", excluded, "--from", "2026-03-01", "--to", "2026-04-30", "--json");
        var afterReturn = Cli.Run("timeline", "--account", returned, "--from", "2026-03-01", "--to", "2026-03-25", "--json");

        Assert.Equal(0, whileExcluded.ExitCode);
        Assert.Empty(TimelineCommandTests.Decisions(whileExcluded.Json()));
        // Still owed (docs/escalation.md: "It is still owed"): the balance stays open.
        var lastDay = whileExcluded.Json().RootElement.GetProperty("days").EnumerateArray().Last();
        Assert.Equal(Core.Money.Of(1000m, Core.Currency.EUR), Cli.Money(lastDay.GetProperty("outstanding")));
        Assert.Equal(0, afterReturn.ExitCode);
        Assert.Equal([("firm", "reminder-firm", "2026-03-20T09:00")], Done(afterReturn.Json()).Select(d => (d.Stage, d.TemplateKey, d.Local[..16])));
        var events = afterReturn.Json().RootElement.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("label").GetString())).ToList();
        Assert.Contains(("excludedFromDunning", "F-1/0: goodwill: handled by sales"), events);
        Assert.Contains(("returnedToDunning", "F-1/0"), events);
    }

    [Fact]
    public void EnforcementOff_NoStage_ButThePaymentIsStillThanked()
    {
        // docs/escalation.md "Write-off and enforcement off": while enforcement is off no stage fires, "payments are still
        // thanked and acknowledged". Due Fri 13 Mar 2026; off from 1 Mar; paid in full Fri 20 Mar → the thank-you only,
        // at 09:00 (quiet rules), nothing of pre-due/due-today/call/firm.
        var path = Write("account.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, """
            ,
            { "on": "2026-03-01", "kind": "enforcementOff", "reason": "negociando un acuerdo" },
            { "on": "2026-03-20", "kind": "payment", "reference": "TR-1", "amount": 1000 }
            """));

        var result = Cli.Run("timeline", "--account", path, "--from", "2026-03-01", "--to", "2026-04-30", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([("payment-thank-you", "payment-thank-you", "2026-03-20T09:00")], Done(result.Json()).Select(d => (d.Stage, d.TemplateKey, d.Local[..16])));
    }

    [Fact]
    public void EnforcementOn_TheStagesResumeFromTheAccountsFacts()
    {
        // docs/escalation.md "Write-off and enforcement off": "When it is turned on again the stages are evaluated from
        // the account's facts … under LatestOnly the current stage's messages". Off 1–19 Mar, on Fri 20 Mar (+7 from the
        // 13 Mar due date): firm (+3) at 09:00, then final (+15) on Sat 28 Mar (charges at once, the notice on Mon 30 Mar
        // 09:00, business days only — as in TimelineCommandTests.Timeline_DefaultPolicy_EachStageOnItsDay).
        var path = Write("account.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, """
            ,
            { "on": "2026-03-01", "kind": "enforcementOff", "reason": "negociando un acuerdo" },
            { "on": "2026-03-20", "kind": "enforcementOn" }
            """));

        var result = Cli.Run("timeline", "--account", path, "--from", "2026-03-01", "--to", "2026-03-31", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [("firm", "SendNotice", "2026-03-20T09:00"), ("final", "ChargeLateInterest", "2026-03-28T00:00"), ("final", "ApplyLateFee", "2026-03-28T00:00"), ("final", "SendNotice", "2026-03-30T09:00")],
            Done(result.Json()).Select(d => (d.Stage, d.Action, d.Local[..16])));
    }

    [Theory]
    // The last attempt failed by direct debit with "AM04: …": the code before ':' matches (docs/escalation.md
    // "Failed payments", reasons) → the "bounced" stage (+1, reached) fires on the reversal day, a task at 00:00.
    [InlineData("AM04: fondos insuficientes", "direct-debit", "bounced", "task-call-customer", "2026-03-18T00:00")]
    // Another code (MS02, refused by the debtor) or another method: the condition does not hold; the items are open
    // again ("Payment events", reversed payment) and the reached stage without the condition, "reminder", goes out at 09:00.
    [InlineData("MS02: rechazado por el deudor", "direct-debit", "reminder", "reminder-due-today", "2026-03-18T09:00")]
    [InlineData("AM04: fondos insuficientes", "card", "reminder", "reminder-due-today", "2026-03-18T09:00")]
    public void PaymentReversed_LastPaymentFailedFiresOnItsReasonCodeAndMethod(string reason, string method, string stage, string template, string at)
    {
        // Due Fri 13 Mar 2026, paid in full that day (thank-you at 09:00), the payment returned Wed 18 Mar.
        var policy = Write("policy.json", SepaReturnsPolicy);
        var path = Write("account.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, $$"""
            ,
            { "on": "2026-03-13", "kind": "payment", "reference": "SDD-1", "amount": 1000, "method": "{{method}}" },
            { "on": "2026-03-18", "kind": "paymentReversed", "reference": "SDD-1", "reason": "{{reason}}" }
            """));

        var result = Cli.Run("timeline", "--policy", policy, "--account", path, "--from", "2026-03-01", "--to", "2026-03-31", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [("payment-thank-you", "payment-thank-you", "2026-03-13T09:00"), (stage, template, at)],
            Done(result.Json()).Select(d => (d.Stage, d.TemplateKey, d.Local[..16])));
    }

    [Fact]
    public void NewKinds_TextAndPage_LabelledInBothLanguages()
    {
        var policy = Write("policy.json", SepaReturnsPolicy);
        var path = Write("account.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, """
            ,
            { "on": "2026-03-13", "kind": "payment", "reference": "SDD-1", "amount": 1000, "method": "direct-debit" },
            { "on": "2026-03-18", "kind": "paymentReversed", "reference": "SDD-1", "reason": "AM04: fondos insuficientes" },
            { "on": "2026-03-19", "kind": "excludedFromDunning", "item": "F-1/0", "reason": "goodwill" },
            { "on": "2026-03-23", "kind": "returnedToDunning", "item": "F-1/0" },
            { "on": "2026-03-24", "kind": "enforcementOff", "reason": "settlement" },
            { "on": "2026-03-26", "kind": "enforcementOn" }
            """));
        var html = Path.Combine(_directory, "page.html");

        var english = Cli.Run("timeline", "--policy", policy, "--account", path, "--from", "2026-03-01", "--to", "2026-03-31", "--lang", "en", "--html", html);
        var page = File.ReadAllText(html);
        var spanish = Cli.Run("timeline", "--policy", policy, "--account", path, "--from", "2026-03-01", "--to", "2026-03-31", "--lang", "es");

        Assert.Equal(0, english.ExitCode);
        Assert.Contains("13 Mar 2026  payment SDD-1 (direct-debit)", english.Output);
        Assert.Contains("18 Mar 2026  payment reversed (failed) SDD-1: AM04: fondos insuficientes", english.Output);
        Assert.Contains("19 Mar 2026  excluded from dunning F-1/0: goodwill", english.Output);
        Assert.Contains("23 Mar 2026  returned to dunning F-1/0", english.Output);
        Assert.Contains("24 Mar 2026  enforcement off (settlement)", english.Output);
        Assert.Contains("26 Mar 2026  enforcement on", english.Output);
        Assert.Equal(0, spanish.ExitCode);
        Assert.Contains("18/03/2026   pago devuelto (fallido) SDD-1: AM04: fondos insuficientes", spanish.Output);
        Assert.Contains("19/03/2026   excluida de la reclamación F-1/0: goodwill", spanish.Output);
        Assert.Contains("23/03/2026   vuelve a la reclamación F-1/0", spanish.Output);
        Assert.Contains("24/03/2026   reclamación desactivada (settlement)", spanish.Output);
        Assert.Contains("26/03/2026   reclamación reactivada", spanish.Output);
        Assert.Equal(1, Count(page, "<path class=\"payment-reversed\""));
        Assert.Equal(1, Count(page, "<rect class=\"pause excluded\""));
        Assert.Equal(1, Count(page, "<rect class=\"pause enforcement-off\""));
        Assert.Contains("Exclusions, pauses", page);
        // Without an exclusion or pause the page has no such lane (as before these kinds).
        var plain = Write("plain.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m));
        Assert.Equal(0, Cli.Run("timeline", "--account", plain, "--from", "2026-03-01", "--to", "2026-03-31", "--html", html).ExitCode);
        Assert.DoesNotContain("Exclusions, pauses", File.ReadAllText(html));
        Assert.Contains("<title>18 Mar 2026 &#183; payment reversed (failed) SDD-1: AM04: fondos insuficientes</title>", page);
    }

    [Theory]
    [InlineData("""{ "on": "2026-03-01", "kind": "excludedFromDunning", "item": "F-1/0" }""", "$.events[1].reason is required.")]
    [InlineData("""{ "on": "2026-03-01", "kind": "excludedFromDunning", "reason": "goodwill" }""", "$.events[1].item is required.")]
    [InlineData("""{ "on": "2026-03-01", "kind": "returnedToDunning", "item": "F-1/0", "reason": "x" }""", "$.events[1].reason is not a property of this object (expected one of on, kind, item).")]
    [InlineData("""{ "on": "2026-03-01", "kind": "enforcementOff" }""", "$.events[1].reason is required.")]
    [InlineData("""{ "on": "2026-03-01", "kind": "enforcementOff", "reason": "   " }""", "$.events[1].reason must be a non-empty string (was \"   \").")]
    [InlineData("""{ "on": "2026-03-01", "kind": "enforcementOn", "until": "2026-04-01" }""", "$.events[1].until is not a property of this object (expected one of on, kind).")]
    [InlineData("""{ "on": "2026-03-01", "kind": "paymentReversed", "reference": "SDD-1" }""", "$.events[1].reason is required.")]
    [InlineData("""{ "on": "2026-03-01", "kind": "paymentReversed", "reference": "SDD-1", "reason": 4 }""", "$.events[1].reason must be a non-empty string (was 4).")]
    [InlineData("""{ "on": "2026-03-01", "kind": "paymentReversed", "reference": "SDD-1", "reason": "AM04", "method": "direct-debit" }""", "$.events[1].method is not a property of this object (expected one of on, kind, reference, reason).")]
    [InlineData("""{ "on": "2026-03-01", "kind": "paymentReversed", "reference": "SDD-9", "reason": "AM04" }""", "$.events[1].reference must be the reference of a payment (kind payment) of the file received on or before 2026-03-01 (was 'SDD-9').")]
    [InlineData("""{ "on": "2026-03-01", "kind": "payment", "reference": "SDD-1", "amount": 10, "method": 7 }""", "$.events[1].method must be a non-empty string (was 7).")]
    [InlineData("""{ "on": "2026-03-01", "kind": "writeOff", "item": "F-1/0" }""", "$.events[1].kind must be invoice, item, payment, paymentReversed, promise, dispute, disputeResolved, creditNote, legalHold, legalHoldReleased, excludedFromDunning, returnedToDunning, enforcementOff or enforcementOn (was 'writeOff').")]
    public void HostileEvents_RefusedWithThePathAndTheValue(string json, string expected)
    {
        var path = Write("account.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, ",\n" + json));

        var result = Cli.Run("timeline", "--account", path, "--from", "2026-03-01", "--to", "2026-03-31", "--lang", "en");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {path}: {expected}", result.Error.TrimEnd());
    }

    [Fact]
    public void HostileEvents_InSpanishWithLangEs()
    {
        var path = Write("account.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, """
            ,
            { "on": "2026-03-13", "kind": "payment", "reference": "SDD-1", "amount": 1000 },
            { "on": "2026-03-12", "kind": "paymentReversed", "reference": "SDD-1", "reason": "AM04" },
            { "on": "2026-03-14", "kind": "enforcementOff", "reason": "x", "item": "F-1/0" }
            """));

        var result = Cli.Run("timeline", "--account", path, "--from", "2026-03-01", "--to", "2026-03-31", "--lang", "es");

        // Every event's fields are checked as it is read, before the reversals are matched with the payments: the
        // unknown field is reported first; without it, the reversal dated before its payment.
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {path}: $.events[3].item no es una propiedad de este objeto (se espera una de on, kind, reason).", result.Error.TrimEnd());

        var reversedBeforePaid = Write("early.json", TimelineCommandTests.Account("2026-02-11", "Net 30", 1000m, """
            ,
            { "on": "2026-03-13", "kind": "payment", "reference": "SDD-1", "amount": 1000 },
            { "on": "2026-03-12", "kind": "paymentReversed", "reference": "SDD-1", "reason": "AM04" }
            """));
        var early = Cli.Run("timeline", "--account", reversedBeforePaid, "--from", "2026-03-01", "--to", "2026-03-31", "--lang", "es");

        Assert.Equal(1, early.ExitCode);
        Assert.Equal($"error: {reversedBeforePaid}: $.events[2].reference debe ser la referencia de un pago (kind payment) del archivo recibido el 2026-03-12 o antes (era 'SDD-1').", early.Error.TrimEnd());
    }

    [Fact]
    public void Docs_ListEveryKindTheReaderAccepts()
    {
        // docs/cli.md's table of the account file and cli.es.md's list name each kind AccountFile reads (a kind added
        // to the reader and not to the docs fails here).
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cobranza.Core.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var english = File.ReadAllText(Path.Combine(dir.FullName, "docs", "cli.md"));
        var spanish = File.ReadAllText(Path.Combine(dir.FullName, "docs", "cli.es.md"));
        Assert.Equal(14, Timeline.AccountFile.Kinds.Length);
        Assert.All(Timeline.AccountFile.Kinds, kind =>
        {
            Assert.Matches($@"\n\| [^|\n]*`{kind}`[^|\n]*\|", english); // in the first cell of a row of the table
            Assert.Contains($"`{kind}`", spanish, StringComparison.Ordinal);
        });
    }

    private static (string Stage, string Action, string? TemplateKey, string Local)[] Done(JsonDocument document)
        => [.. document.RootElement.GetProperty("evaluations").EnumerateArray()
            .SelectMany(e => e.GetProperty("decisions").EnumerateArray().Where(d => d.GetProperty("done").GetBoolean())
                .Select(d => (d.GetProperty("stageId").GetString()!, d.GetProperty("action").GetString()!, d.GetProperty("templateKey").GetString(), e.GetProperty("local").GetString()!)))];

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
