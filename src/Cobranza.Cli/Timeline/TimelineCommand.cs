using System.CommandLine;
using System.IO;
using Cobranza.Cli.Output;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Escalation.Templates;

namespace Cobranza.Cli.Timeline;

/// <summary>
/// <c>cobranza timeline --policy policy.json --account account.json --from 2026-02-01 --to 2026-06-30</c>: what the
/// engine decides for the account, day by day (stage, action, channel, the amounts of each notice, the next look), with
/// the rendered notices (docs/escalation.md, docs/cli.md "timeline").
/// </summary>
internal static class TimelineCommand
{
    internal static Command Create(CommandIo io)
    {
        var policy = new Option<string>("--policy") { Description = "The escalation policy JSON (docs/escalation.md 'JSON'). Default: the library's default policy (cobranza-default)." };
        var account = new Option<string>("--account") { Description = "The account file: customer, company, late charges and dated events (docs/cli.md 'The account file').", Required = true };
        var catalog = new Option<string>("--catalog") { Description = "A template catalog JSON for the notices. Default: the library's built-in es/en templates." };
        var from = new Option<string>("--from") { Description = "First day of the timeline (yyyy-MM-dd).", Required = true };
        var to = new Option<string>("--to") { Description = "Last day of the timeline (yyyy-MM-dd).", Required = true };
        var html = new Option<string>("--html") { Description = "Also write a self-contained HTML page: the timeline as a chart and the balance and interest over time." };
        var rates = new Option<string>("--rates") { Description = "A rate file with newer official rows for the late-charge preset's table (as in 'interest')." };
        var ratesTable = new Option<string>("--rates-table") { Description = "The table the --rates rows belong to (default: the preset's)." };
        var coveredUntil = new Option<string>("--covered-until") { Description = "The last day an open-ended last row of --rates is vouched for." };
        var provisional = new Option<bool>("--provisional") { Description = "Carry the last known reference rate over unpublished days (figures marked provisional; such interest is not posted)." };
        var noBodies = new Option<bool>("--no-notices") { Description = "Leave the rendered notices out of the text output." };
        var command = new Command("timeline", "What the escalation engine decides for an account, day by day, with the rendered notices.")
        {
            policy, account, catalog, from, to, html, noBodies, rates, ratesTable, coveredUntil, provisional,
        };
        command.SetAction(result => io.Run(result, context =>
        {
            var templates = context.Get(catalog) is { } catalogPath
                ? EscalationPolicyJson.DeserializeCatalog(Inputs.ReadFile(catalogPath, "--catalog"))
                : TemplateCatalog.Default;
            var escalation = context.Get(policy) is { } policyPath
                ? EscalationPolicyJson.Deserialize(Inputs.ReadFile(policyPath, "--policy"), templates.Keys)
                : EscalationPolicies.Default;
            var accountPath = context.Get(account)!;
            var file = AccountFile.Parse(Inputs.ReadFile(accountPath, "--account"), accountPath);
            var timeline = TimelineRun.Run(file, escalation, templates,
                Inputs.Date(context.Get(from), "--from"), Inputs.Date(context.Get(to), "--to"),
                new TimelineRates(context.Get(rates), context.Get(ratesTable), Inputs.OptionalDate(context.Get(coveredUntil), "--covered-until"), context.Get(provisional)));
            if (context.Json)
            {
                TimelineOutput.WriteJson(context.Output, timeline);
            }
            else
            {
                TimelineOutput.WriteText(context.Output, timeline, context.Language, !context.Get(noBodies));
            }

            if (context.Get(html) is { } htmlPath)
            {
                File.WriteAllText(htmlPath, TimelinePage.Render(timeline, context.Language));
                context.Io.Error.WriteLine(Format.Text(context.Language, "Página escrita: ", "Page written: ") + htmlPath);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
