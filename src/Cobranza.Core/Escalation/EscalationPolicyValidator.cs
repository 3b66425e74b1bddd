using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FluentValidation;
using FluentValidation.Results;
using Cobranza.Core.Escalation.Templates;

namespace Cobranza.Core.Escalation;

/// <summary>
/// Checks an <see cref="EscalationPolicy"/> and reports every broken rule at once, each with the path of its field
/// (<c>Stages[2].Trigger.Offset</c>, <c>Stages[4].Actions[1].Kind</c>, ...) and a message naming the value: duplicate ids, offsets out of order, tones going down, an action not allowed at a tone, a message action
/// without a channel or template, a repeat without a limit, unknown template keys (when the known keys are given),
/// a broken-promise stage that does not exist, and bad thresholds.
/// </summary>
public sealed partial class EscalationPolicyValidator : AbstractValidator<EscalationPolicy>
{
    /// <summary>The stage ids the engine uses for its own event decisions; a policy stage may not use them.</summary>
    public static readonly IReadOnlyList<string> ReservedStageIds = new[]
    {
        EscalationEngine.ThankYouStageId, EscalationEngine.PartialAckStageId, EscalationEngine.PromiseBrokenStageId,
        EscalationEngine.PlanArrearsStageId, EscalationEngine.ServiceRestoredStageId,
    };

    /// <summary>The fallback languages a policy may have: those the library's templates and texts exist in (Spanish and English).</summary>
    public static readonly IReadOnlyList<Language> SupportedLanguages = new[] { Language.Spanish, Language.English };

    private readonly HashSet<string>? _knownTemplates;

    /// <summary>Creates a validator that does not check template keys.</summary>
    public EscalationPolicyValidator()
        : this(null)
    {
    }

    /// <summary>Creates a validator that also checks every template key against <paramref name="knownTemplateKeys"/>.</summary>
    /// <param name="knownTemplateKeys">The known template keys, or <see langword="null"/> not to check them.</param>
    public EscalationPolicyValidator(IEnumerable<string>? knownTemplateKeys)
    {
        _knownTemplates = knownTemplateKeys is null ? null : new HashSet<string>(knownTemplateKeys, StringComparer.Ordinal);
        RuleFor(p => p).Custom(Check);
    }

    /// <summary>The minimum tone at which an action may appear in a stage.</summary>
    /// <param name="kind">The action.</param>
    /// <returns>The minimum tone, or <see langword="null"/> when a policy stage may not use it at all (reinstatements are the engine's).</returns>
    public static EscalationTone? MinimumTone(EscalationActionKind kind) => kind switch
    {
        EscalationActionKind.SendNotice or EscalationActionKind.CreateTask => EscalationTone.Friendly,
        EscalationActionKind.ApplyLateFee or EscalationActionKind.ChargeLateInterest => EscalationTone.Firm,
        EscalationActionKind.StopWork or EscalationActionKind.SuspendService or EscalationActionKind.BlockOrders => EscalationTone.Final,
        EscalationActionKind.ProposeWriteOff or EscalationActionKind.CancelSubscription or EscalationActionKind.CancelSubscriptionAtTermEnd => EscalationTone.Final,
        EscalationActionKind.HandOverToAgency or EscalationActionKind.LegalNotice => EscalationTone.Legal,
        _ => null,
    };

    private static bool IsMessage(EscalationActionKind kind)
        => kind is EscalationActionKind.SendNotice or EscalationActionKind.CreateTask or EscalationActionKind.LegalNotice;

    private static string Inv(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private void Check(EscalationPolicy p, ValidationContext<EscalationPolicy> ctx)
    {
        void Fail(string path, string message) => ctx.AddFailure(new ValidationFailure(path, message, null));

        if (!SupportedLanguages.Contains(p.FallbackLanguage))
        {
            Fail("FallbackLanguage", $"FallbackLanguage must be one of {string.Join(", ", SupportedLanguages)} (was '{p.FallbackLanguage}').");
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        bool anySuspend = false;
        for (int i = 0; i < p.Stages.Length; i++)
        {
            var s = p.Stages[i];
            string path = $"Stages[{i}]";
            if (!ids.TryAdd(s.Id, i))
            {
                Fail($"{path}.Id", $"{path}.Id '{s.Id}' is already the id of Stages[{ids[s.Id]}]; stage ids must be unique.");
            }

            foreach (var reserved in ReservedStageIds)
            {
                if (string.Equals(reserved, s.Id, StringComparison.Ordinal))
                {
                    Fail($"{path}.Id", $"{path}.Id '{s.Id}' is reserved for the engine's payment and plan events.");
                }
            }

            if (i > 0)
            {
                var prev = p.Stages[i - 1];
                if (ComparableOffsets(prev.Trigger, s.Trigger) && s.Trigger.Offset <= prev.Trigger.Offset)
                {
                    Fail($"{path}.Trigger.Offset", $"{path}.Trigger.Offset must be greater than the offset of the stage before it, '{prev.Id}' ({prev.Trigger.Offset}) (was {s.Trigger.Offset}); stages are in trigger order.");
                }

                if (s.Tone < prev.Tone)
                {
                    Fail($"{path}.Tone", $"{path}.Tone must not be softer than the tone of the stage before it, '{prev.Id}' ({prev.Tone}) (was {s.Tone}).");
                }
            }

            if (s.Actions.IsEmpty)
            {
                Fail($"{path}.Actions", $"{path}.Actions must not be empty (stage '{s.Id}').");
            }

            for (int j = 0; j < s.Actions.Length; j++)
            {
                var a = s.Actions[j];
                string ap = $"{path}.Actions[{j}]";
                anySuspend |= a.Kind == EscalationActionKind.SuspendService;
                var min = MinimumTone(a.Kind);
                if (min is null)
                {
                    Fail($"{ap}.Kind", $"{ap}.Kind {a.Kind} is not allowed in a stage: the engine decides reinstatements itself when the debt is paid in full.");
                }
                else if (s.Tone < min.Value)
                {
                    Fail($"{ap}.Kind", $"{ap}.Kind {a.Kind} is not allowed at tone {s.Tone} (stage '{s.Id}'); it needs at least {min.Value}.");
                }

                if (IsMessage(a.Kind))
                {
                    if (a.Channel is null)
                    {
                        Fail($"{ap}.Channel", $"{ap}.Channel is required for {a.Kind} (was none).");
                    }
                    else if (a.Kind != EscalationActionKind.CreateTask && a.Channel == NotificationChannel.PhoneCall)
                    {
                        Fail($"{ap}.Channel", $"{ap}.Channel PhoneCall is only for CreateTask (was PhoneCall with {a.Kind}).");
                    }

                    if (a.TemplateKey is null)
                    {
                        Fail($"{ap}.TemplateKey", $"{ap}.TemplateKey is required for {a.Kind} (was none).");
                    }
                    else if (_knownTemplates is not null && !_knownTemplates.Contains(a.TemplateKey))
                    {
                        Fail($"{ap}.TemplateKey", $"{ap}.TemplateKey '{a.TemplateKey}' is not a known template.");
                    }
                }
                else if (a.Channel is not null || a.TemplateKey is not null)
                {
                    Fail($"{ap}.Channel", $"{ap} {a.Kind} carries no message, so it takes no channel or template (was {a.Channel?.ToString() ?? "none"}, '{a.TemplateKey}').");
                }

                for (int k = 0; k < j; k++)
                {
                    if (s.Actions[k].Kind == a.Kind && s.Actions[k].Channel == a.Channel)
                    {
                        Fail(ap, $"{ap} repeats {path}.Actions[{k}] ({a.Kind}, {a.Channel?.ToString() ?? "no channel"}); a stage does each action once per channel.");
                    }
                }
            }

            if (s.Repeat is { } r)
            {
                if (r.MaxTimes is null && !r.UntilPaid)
                {
                    Fail($"{path}.Repeat.MaxTimes", $"{path}.Repeat.MaxTimes is required: a repeat every {r.EveryDays} days needs a limit (was none).");
                }
            }

            CheckAnchorsAndRepeats(p, i, path, Fail);
            CheckConditions(s.Conditions, $"{path}.Conditions", Fail, 0);
        }

        if (p.Suppressions.BrokenPromiseStageId is { } b && !ids.ContainsKey(b))
        {
            Fail("Suppressions.BrokenPromiseStageId", $"Suppressions.BrokenPromiseStageId '{b}' is not the id of a stage.");
        }

        CheckAmounts(p.Suppressions.MinimumBalances, "Suppressions.MinimumBalances", Fail);
        CheckAmounts(p.Reinstatement.OverdueTolerances, "Reinstatement.OverdueTolerances", Fail);

        if (_knownTemplates is not null)
        {
            void Need(bool used, string key, string path)
            {
                if (used && !_knownTemplates.Contains(key))
                {
                    Fail(path, $"{path} needs the template '{key}', which is not a known template.");
                }
            }

            Need(p.PaymentEvents.ThankYouOnFullPayment, TemplateKeys.PaymentThankYou, "PaymentEvents.ThankYouOnFullPayment");
            Need(p.PaymentEvents.AcknowledgePartialPayments, TemplateKeys.PaymentPartialAck, "PaymentEvents.AcknowledgePartialPayments");
            Need(p.Suppressions.BrokenPromiseStageId is not null, TemplateKeys.PromiseBroken, "Suppressions.BrokenPromiseStageId");
            Need(!p.Stages.IsEmpty, TemplateKeys.PlanInstallmentOverdue, "Suppressions.PlanArrearsGraceDays"); // "no dunning" sends no plan arrears
            Need(anySuspend, TemplateKeys.NoticeServiceRestored, "Stages");
        }
    }

    private static void CheckAmounts(System.Collections.Immutable.ImmutableArray<Money> amounts, string path, Action<string, string> fail)
    {
        for (int i = 0; i < amounts.Length; i++)
        {
            if (!amounts[i].IsPositive)
            {
                fail($"{path}[{i}]", $"{path}[{i}] must be positive (was {amounts[i]}).");
            }

            for (int k = 0; k < i; k++)
            {
                if (amounts[k].Currency == amounts[i].Currency)
                {
                    fail($"{path}[{i}]", $"{path}[{i}] repeats the currency {amounts[i].Currency.Code} of {path}[{k}]; give one amount per currency.");
                }
            }
        }
    }

    private static void CheckConditions(StageConditions c, string path, Action<string, string> fail, int depth)
    {
        CheckAmounts(c.MinOverdueAmounts, $"{path}.MinOverdueAmounts", fail);
        if (c.MinOverdueItems is { } n && n < 1)
        {
            fail($"{path}.MinOverdueItems", $"{path}.MinOverdueItems must be at least 1 (was {n}).");
        }

        if (c.MaxOnTimeShare is { } share && (share < 0m || share > 1m))
        {
            fail($"{path}.MaxOnTimeShare", $"{path}.MaxOnTimeShare must be between 0 and 1 (was {Inv(share)}).");
        }

        if (c.MinAverageDaysLate is { } avg && avg < 0m)
        {
            fail($"{path}.MinAverageDaysLate", $"{path}.MinAverageDaysLate must not be negative (was {Inv(avg)}).");
        }

        if (c.MinMaxDaysLate is { } max && max < 0)
        {
            fail($"{path}.MinMaxDaysLate", $"{path}.MinMaxDaysLate must not be negative (was {max}).");
        }

        foreach (var inc in c.IncludedSegments)
        {
            foreach (var exc in c.ExcludedSegments)
            {
                if (string.Equals(inc, exc, StringComparison.OrdinalIgnoreCase))
                {
                    fail($"{path}.ExcludedSegments", $"{path}.ExcludedSegments contains '{exc}', which IncludedSegments also contains; the stage could never fire for it.");
                }
            }
        }

        if (c.LastPaymentFailed is { } failed)
        {
            CheckFailedPayment(failed, $"{path}.LastPaymentFailed", fail);
        }

        if (depth >= 4 && !c.AnyOf.IsEmpty)
        {
            fail($"{path}.AnyOf", $"{path}.AnyOf nests too deep (more than 4 levels).");
            return;
        }

        for (int g = 0; g < c.AnyOf.Length; g++)
        {
            var group = c.AnyOf[g];
            if (group.Members.IsEmpty)
            {
                fail($"{path}.AnyOf[{g}].Members", $"{path}.AnyOf[{g}].Members must not be empty (an empty OR group never holds).");
            }

            for (int m = 0; m < group.Members.Length; m++)
            {
                CheckConditions(group.Members[m], $"{path}.AnyOf[{g}].Members[{m}]", fail, depth + 1);
            }
        }
    }

    private static void CheckFailedPayment(FailedPaymentCondition c, string path, Action<string, string> fail)
    {
        if (c.MinAttempts < 1 || c.MinAttempts > FailedPaymentCondition.MaxAttempts)
        {
            fail($"{path}.MinAttempts", $"{path}.MinAttempts must be between 1 and {FailedPaymentCondition.MaxAttempts} (was {c.MinAttempts}).");
        }

        Distinct(c.Reasons, $"{path}.Reasons", fail);
        Distinct(c.Methods, $"{path}.Methods", fail);
    }

    private static void Distinct(System.Collections.Immutable.ImmutableArray<string> values, string path, Action<string, string> fail)
    {
        for (int i = 0; i < values.Length; i++)
        {
            for (int k = 0; k < i; k++)
            {
                if (string.Equals(values[k], values[i], StringComparison.OrdinalIgnoreCase))
                {
                    fail($"{path}[{i}]", $"{path}[{i}] repeats '{values[i]}' of {path}[{k}] (values are compared case-insensitively).");
                    break;
                }
            }
        }
    }
}
