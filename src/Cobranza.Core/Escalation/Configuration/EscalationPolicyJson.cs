using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Serialization;
using Cobranza.Core.Terms.Configuration;
using FluentValidation;
using FluentValidation.Results;
using NodaTime;
using NodaTime.Text;

namespace Cobranza.Core.Escalation.Configuration;

/// <summary>
/// Escalation policies to and from JSON (System.Text.Json, source-generated, no reflection): camelCase names, enums
/// as their names (numbers refused), times as <c>"HH:mm"</c>, money as <c>{"amount": 40.00, "currency": "EUR"}</c>.
/// Lossless: <c>Deserialize(Serialize(p)) == p</c>. The shape is published as
/// <c>docs/schema/escalation-policy.schema.json</c>.
/// </summary>
/// <remarks>
/// <para><b>Bounded loading</b>, since a policy may come from an ERP screen: at most <see cref="MaxDocumentLength"/>
/// characters, <see cref="MaxDepth"/> levels of nesting, <see cref="MaxStages"/> stages, <see cref="MaxActions"/>
/// actions per stage, <see cref="MaxListLength"/> entries in any other list and <see cref="MaxTextLength"/>
/// characters in a name; unknown properties are errors. Action kinds, channels and tones are fixed names mapped
/// by the enum converter: nothing named in the input is ever resolved as a type or executed.</para>
/// <para><b>Errors.</b> Malformed JSON (syntax, size, depth, unknown property, wrong type, unknown name) is a
/// <see cref="JsonException"/> whose message carries the JSON path. Well-formed JSON with an invalid policy is a
/// <see cref="ValidationException"/> listing every error with its JSON path (<c>stages[3].actions[0].templateKey</c>):
/// first the checks of the shape (missing or out-of-range fields); when the shape is sound, every rule of
/// <see cref="EscalationPolicyValidator"/> (order of offsets, duplicate ids, tones, unknown template keys, ...).</para>
/// </remarks>
public static class EscalationPolicyJson
{
    /// <summary>The largest policy document accepted, in characters (256 Ki).</summary>
    public const int MaxDocumentLength = 256 * 1024;

    /// <summary>The deepest nesting accepted (enough for four levels of OR groups).</summary>
    public const int MaxDepth = 32;

    /// <summary>The most stages accepted.</summary>
    public const int MaxStages = 50;

    /// <summary>The most actions accepted in a stage.</summary>
    public const int MaxActions = 20;

    /// <summary>The most entries accepted in any other list (segments, amounts, OR groups and their members).</summary>
    public const int MaxListLength = 100;

    /// <summary>The longest id, name, segment or language accepted, in characters.</summary>
    public const int MaxTextLength = 200;

    /// <summary>Writes a policy as JSON (indented; every property written, defaults included).</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">An amount is in a custom (non-ISO) currency.</exception>
    public static string Serialize(EscalationPolicy policy)
        => JsonSerializer.Serialize(FromModel(Guard.NotNull(policy)), EscalationJsonContext.Default.EscalationPolicyDto);

    /// <summary>Reads a policy from JSON and validates it.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="knownTemplateKeys">When given (e.g. <c>TemplateCatalog.Default.Keys</c>), every template key must be one of them.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The JSON is malformed, too large, too deep or of the wrong shape.</exception>
    /// <exception cref="ValidationException">The policy is invalid; every error with its JSON path.</exception>
    public static EscalationPolicy Deserialize(string json, IEnumerable<string>? knownTemplateKeys = null)
    {
        var dto = DeserializeDto(json);
        var result = Validate(dto, knownTemplateKeys);
        return result.IsValid ? ToModel(dto) : throw new ValidationException(result.Errors);
    }

    /// <summary>Reads the policy DTO from JSON without validating the policy (for a screen that shows every error).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The DTO.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The JSON is malformed, too large, too deep or of the wrong shape.</exception>
    public static EscalationPolicyDto DeserializeDto(string json) => Read(json, MaxDocumentLength, EscalationJsonContext.Default.EscalationPolicyDto);

    /// <summary>
    /// Checks a DTO: the shape first (every error at once, with JSON paths); when the shape is sound, every rule of
    /// <see cref="EscalationPolicyValidator"/>, its paths turned into JSON paths.
    /// </summary>
    /// <param name="dto">The DTO.</param>
    /// <param name="knownTemplateKeys">When given, every template key must be one of them.</param>
    /// <returns>The result.</returns>
    public static ValidationResult Validate(EscalationPolicyDto dto, IEnumerable<string>? knownTemplateKeys = null)
    {
        Guard.NotNull(dto);
        var failures = new List<ValidationFailure>();
        PolicyShape.Check(dto, (path, message) => failures.Add(new ValidationFailure(path, message)));
        if (failures.Count > 0)
        {
            return new ValidationResult(failures);
        }

        var rules = new EscalationPolicyValidator(knownTemplateKeys).Validate(ToModel(dto));
        return new ValidationResult(rules.Errors.Select(e => new ValidationFailure(JsonPath(e.PropertyName), e.ErrorMessage, e.AttemptedValue)));
    }

    /// <summary>The model of a DTO whose shape is sound (see <see cref="Validate"/>).</summary>
    /// <param name="dto">The DTO.</param>
    /// <returns>The policy (not yet checked by <see cref="EscalationPolicyValidator"/>).</returns>
    /// <exception cref="ValidationException">The shape is not sound (every error with its JSON path).</exception>
    public static EscalationPolicy ToModel(EscalationPolicyDto dto)
    {
        Guard.NotNull(dto);
        var failures = new List<ValidationFailure>();
        PolicyShape.Check(dto, (path, message) => failures.Add(new ValidationFailure(path, message)));
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        var q = dto.QuietRules ?? new QuietRulesDto();
        var pe = dto.PaymentEvents ?? new PaymentEventsDto();
        var su = dto.Suppressions ?? new SuppressionsDto();
        return new EscalationPolicy(
            dto.Id!,
            dto.Version,
            dto.Scope,
            [.. dto.Stages!.Select(s => ToModel(s!))],
            new QuietRules(PolicyShape.ParseTime(q.WindowStart), PolicyShape.ParseTime(q.WindowEnd), q.BusinessDaysOnly, q.MinimumGapHours, q.OneNoticePerDay),
            dto.CatchUp,
            new PaymentEventSettings(pe.ThankYouOnFullPayment, pe.AcknowledgePartialPayments, pe.PartialPaymentResetsStage, pe.Channel, pe.WindowDays),
            new SuppressionSettings(su.PromiseGraceDays, su.BrokenPromiseStageId, Amounts(su.MinimumBalances), su.PlanArrearsGraceDays),
            Language.FromTag(dto.FallbackLanguage!, "fallbackLanguage"))
        {
            Reinstatement = new ReinstatementSettings(Amounts(dto.Reinstatement?.OverdueTolerances)) { LevelsLift = dto.Reinstatement?.LevelsLift ?? false },
        };
    }

    /// <summary>The DTO of a policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The DTO, every property set.</returns>
    /// <exception cref="ArgumentException">An amount is in a custom (non-ISO) currency.</exception>
    public static EscalationPolicyDto FromModel(EscalationPolicy policy)
    {
        Guard.NotNull(policy);
        return new EscalationPolicyDto
        {
            Id = policy.Id,
            Version = policy.Version,
            Scope = policy.Scope,
            FallbackLanguage = policy.FallbackLanguage.Tag,
            CatchUp = policy.CatchUp,
            QuietRules = new QuietRulesDto
            {
                WindowStart = FormatTime(policy.QuietRules.WindowStart),
                WindowEnd = FormatTime(policy.QuietRules.WindowEnd),
                BusinessDaysOnly = policy.QuietRules.BusinessDaysOnly,
                MinimumGapHours = policy.QuietRules.MinimumGapHours,
                OneNoticePerDay = policy.QuietRules.OneNoticePerDay,
            },
            PaymentEvents = new PaymentEventsDto
            {
                ThankYouOnFullPayment = policy.PaymentEvents.ThankYouOnFullPayment,
                AcknowledgePartialPayments = policy.PaymentEvents.AcknowledgePartialPayments,
                PartialPaymentResetsStage = policy.PaymentEvents.PartialPaymentResetsStage,
                Channel = policy.PaymentEvents.Channel,
                WindowDays = policy.PaymentEvents.WindowDays,
            },
            Suppressions = new SuppressionsDto
            {
                PromiseGraceDays = policy.Suppressions.PromiseGraceDays,
                BrokenPromiseStageId = policy.Suppressions.BrokenPromiseStageId,
                MinimumBalances = policy.Suppressions.MinimumBalances.IsEmpty ? null : [.. policy.Suppressions.MinimumBalances.Select(MoneyDto.From)],
                PlanArrearsGraceDays = policy.Suppressions.PlanArrearsGraceDays,
            },
            Reinstatement = new ReinstatementDto
            {
                OverdueTolerances = policy.Reinstatement.OverdueTolerances.IsEmpty ? null : [.. policy.Reinstatement.OverdueTolerances.Select(MoneyDto.From)],
                LevelsLift = policy.Reinstatement.LevelsLift ? true : null,
            },
            Stages = [.. policy.Stages.Select(FromModel)],
        };
    }

    /// <summary>Writes a template catalog as JSON (indented).</summary>
    /// <param name="catalog">The catalog.</param>
    /// <returns>The JSON.</returns>
    public static string SerializeCatalog(TemplateCatalog catalog)
    {
        Guard.NotNull(catalog);
        var dto = new TemplateCatalogDto
        {
            Templates = [.. catalog.Templates.Select(t => new MessageTemplateDto
            {
                Key = t.Key, Channel = t.Channel, Language = t.Language.Tag, Subject = t.Subject, Body = t.Body,
                BodyFormat = t.BodyFormat == MessageTemplate.DefaultFormat(t.Channel) ? null : t.BodyFormat,
            })],
        };
        return JsonSerializer.Serialize(dto, EscalationJsonContext.Default.TemplateCatalogDto);
    }

    /// <summary>
    /// Reads a template catalog from JSON: at most <see cref="MaxCatalogDocumentLength"/> characters and
    /// <see cref="MaxTemplates"/> templates, each checked (unknown placeholders, braces, lengths) with every error
    /// reported with its JSON path and its line and column in the text.
    /// </summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="JsonException">The JSON is malformed, too large, too deep or of the wrong shape.</exception>
    /// <exception cref="ValidationException">A template is invalid or duplicated; every error with its path.</exception>
    public static TemplateCatalog DeserializeCatalog(string json)
    {
        var dto = Read(json, MaxCatalogDocumentLength, EscalationJsonContext.Default.TemplateCatalogDto);
        var failures = new List<ValidationFailure>();
        var templates = new List<MessageTemplate>();
        void Fail(string path, string message) => failures.Add(new ValidationFailure(path, message));
        if (dto.Templates is null)
        {
            Fail("templates", "templates is required.");
        }
        else if (dto.Templates.Count > MaxTemplates)
        {
            Fail("templates", $"templates must have at most {MaxTemplates} templates (has {dto.Templates.Count}).");
        }
        else
        {
            var seen = new Dictionary<(string, NotificationChannel, Language), int>();
            for (int i = 0; i < dto.Templates.Count; i++)
            {
                string path = $"templates[{i}]";
                if (dto.Templates[i] is not { } t)
                {
                    Fail(path, $"{path} must not be null.");
                    continue;
                }

                if (ReadTemplate(t, path, Fail) is { } template)
                {
                    var id = (template.Key, template.Channel, template.Language);
                    if (seen.TryGetValue(id, out int first))
                    {
                        Fail(path, $"{path} repeats the key, channel and language of templates[{first}] ({template}).");
                    }
                    else
                    {
                        seen.Add(id, i);
                        templates.Add(template);
                    }
                }
            }
        }

        return failures.Count == 0 ? TemplateCatalog.Create(templates) : throw new ValidationException(failures);
    }

    /// <summary>The largest template catalog document accepted, in characters (2 Mi).</summary>
    public const int MaxCatalogDocumentLength = 2 * 1024 * 1024;

    /// <summary>The most templates accepted in a catalog document.</summary>
    public const int MaxTemplates = 2000;

    private static MessageTemplate? ReadTemplate(MessageTemplateDto t, string path, Action<string, string> fail)
    {
        bool ok = true;
        if (!TemplateKeys.IsWellFormed(t.Key))
        {
            fail($"{path}.key", $"key must be 1 to {TemplateKeys.MaxKeyLength} lower-case letters, digits and single hyphens, starting with a letter (was '{t.Key}').");
            ok = false;
        }

        // "es_CO" (the POSIX spelling catalogs used before Language) reads as es-CO (decision 0028).
        var language = TemplateLanguage.Parse(t.Language);
        if (language is null)
        {
            fail($"{path}.language", $"language must be 'es' or 'en', optionally with a region such as 'es-CO' (was '{t.Language}').");
            ok = false;
        }

        if (t.Body is null)
        {
            fail($"{path}.body", "body is required.");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        try
        {
            return new MessageTemplate(t.Key!, t.Channel, language!, t.Subject, t.Body!, t.BodyFormat);
        }
        catch (InvalidTemplateException e)
        {
            foreach (var error in e.Errors)
            {
                string part = error.Part == TemplatePart.Subject ? "subject" : "body";
                fail($"{path}.{part}", $"{part}, line {error.Line}, column {error.Column} (template '{error.Key}'): {error.Message}");
            }

            return null;
        }
    }

    private static EscalationStage ToModel(StageDto s)
    {
        var conditions = s.Conditions is null ? null : ToModel(s.Conditions);
        var repeat = s.Repeat is not { } r ? null
            : r.EveryMonths is { } months ? new StageRepetition(months, RepeatPeriod.Months, r.MaxTimes, r.UntilPaid == true)
            : new StageRepetition(r.EveryDays!.Value, RepeatPeriod.Days, r.MaxTimes, r.UntilPaid == true);
        return new EscalationStage(
            s.Id!, s.Name!, new StageTrigger(s.Trigger!.Offset, s.Trigger.Days, s.Trigger.Anchor ?? OffsetAnchor.DueDate), s.Tone,
            [.. s.Actions!.Select(a => new EscalationAction(a!.Kind, a.Channel, a.TemplateKey))], conditions, repeat,
            s.Fee is not { } f ? null : new StageFee(Amounts(f.FixedAmounts), f.Percent, Amounts(f.Minimums), Amounts(f.Maximums), f.Rounding));
    }

    private static StageConditions ToModel(ConditionsDto c) => new(
        Amounts(c.MinOverdueAmounts),
        c.MinOverdueItems,
        c.IncludedSegments is null ? default : [.. c.IncludedSegments.Select(x => x!)],
        c.ExcludedSegments is null ? default : [.. c.ExcludedSegments.Select(x => x!)],
        c.MaxOnTimeShare,
        c.MinAverageDaysLate,
        c.MinMaxDaysLate,
        c.AnyOf is null ? default : [.. c.AnyOf.Select(g => new ConditionGroup([.. g!.Members!.Select(m => ToModel(m!))]))],
        c.LastPaymentFailed is not { } f ? null : new FailedPaymentCondition(
            f.Reasons is null ? default : [.. f.Reasons.Select(x => x!)],
            f.Methods is null ? default : [.. f.Methods.Select(x => x!)],
            f.MinAttempts ?? 1));

    private static ImmutableArray<Money> Amounts(IReadOnlyList<MoneyDto?>? amounts)
        => amounts is null ? default : [.. amounts.Select(a => a!.ToMoney())];

    private static StageDto FromModel(EscalationStage s) => new()
    {
        Id = s.Id,
        Name = s.Name,
        Trigger = new TriggerDto { Offset = s.Trigger.Offset, Days = s.Trigger.Days, Anchor = s.Trigger.Anchor == OffsetAnchor.DueDate ? null : s.Trigger.Anchor },
        Tone = s.Tone,
        Actions = [.. s.Actions.Select(a => new ActionDto { Kind = a.Kind, Channel = a.Channel, TemplateKey = a.TemplateKey })],
        Conditions = s.Conditions.IsEmpty ? null : FromModel(s.Conditions),
        Repeat = s.Repeat is not { } r ? null : new RepeatDto
        {
            EveryDays = r.Period == RepeatPeriod.Days ? r.Every : null,
            EveryMonths = r.Period == RepeatPeriod.Months ? r.Every : null,
            MaxTimes = r.MaxTimes,
            UntilPaid = r.UntilPaid ? true : null,
        },
        Fee = s.Fee is not { } fee ? null : new FeeDto
        {
            FixedAmounts = fee.FixedAmounts.IsEmpty ? null : [.. fee.FixedAmounts.Select(MoneyDto.From)],
            Percent = fee.Percent,
            Minimums = fee.Minimums.IsEmpty ? null : [.. fee.Minimums.Select(MoneyDto.From)],
            Maximums = fee.Maximums.IsEmpty ? null : [.. fee.Maximums.Select(MoneyDto.From)],
            Rounding = fee.Rounding,
        },
    };

    private static ConditionsDto FromModel(StageConditions c) => new()
    {
        MinOverdueAmounts = c.MinOverdueAmounts.IsEmpty ? null : [.. c.MinOverdueAmounts.Select(MoneyDto.From)],
        MinOverdueItems = c.MinOverdueItems,
        IncludedSegments = c.IncludedSegments.IsEmpty ? null : [.. c.IncludedSegments],
        ExcludedSegments = c.ExcludedSegments.IsEmpty ? null : [.. c.ExcludedSegments],
        MaxOnTimeShare = c.MaxOnTimeShare,
        MinAverageDaysLate = c.MinAverageDaysLate,
        MinMaxDaysLate = c.MinMaxDaysLate,
        AnyOf = c.AnyOf.IsEmpty ? null : [.. c.AnyOf.Select(g => new ConditionGroupDto { Members = [.. g.Members.Select(FromModel)] })],
        LastPaymentFailed = c.LastPaymentFailed is not { } f ? null : new FailedPaymentDto
        {
            Reasons = f.Reasons.IsEmpty ? null : [.. f.Reasons],
            Methods = f.Methods.IsEmpty ? null : [.. f.Methods],
            MinAttempts = f.MinAttempts == 1 ? null : f.MinAttempts,
        },
    };

    private static string FormatTime(LocalTime time)
        => time.Second == 0 && time.NanosecondOfSecond == 0
            ? time.ToString("HH':'mm", CultureInfo.InvariantCulture)
            : LocalTimePattern.ExtendedIso.Format(time);

    /// <summary>Turns a model path (<c>Stages[2].Trigger.Offset</c>) into a JSON path (<c>stages[2].trigger.offset</c>).</summary>
    internal static string JsonPath(string modelPath)
    {
        var builder = new StringBuilder(modelPath.Length);
        bool segmentStart = true;
        foreach (char c in modelPath)
        {
            builder.Append(segmentStart ? char.ToLowerInvariant(c) : c);
            segmentStart = c == '.';
        }

        return builder.ToString();
    }

    private static T Read<T>(string json, int maxLength, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        Guard.NotNull(json);
        if (json.Length > maxLength)
        {
            throw new JsonException($"The document has {json.Length} characters; at most {maxLength} are accepted.");
        }

        var dto = JsonSerializer.Deserialize(json, typeInfo)
                  ?? throw new JsonException($"The document is null; expected a {typeof(T).Name} object.");

        // After the serializer (which reports syntax, depth and shape errors in its own words): a well-formed
        // document may still name a property twice, which the serializer would let the last one win.
        JsonInput.RejectDuplicateProperties(json, MaxDepth);
        return dto;
    }
}

/// <summary>The checks of the DTO's shape: what the model constructors would refuse, and the bounds.</summary>
internal static class PolicyShape
{
    internal static void Check(EscalationPolicyDto dto, Action<string, string> fail)
    {
        KeyPart(dto.Id, "id", fail);
        if (dto.Version < 1)
        {
            fail("version", $"version must be positive (was {dto.Version}).");
        }

        Text(dto.FallbackLanguage, "fallbackLanguage", fail);
        if (!string.IsNullOrWhiteSpace(dto.FallbackLanguage) && dto.FallbackLanguage.Length <= EscalationPolicyJson.MaxTextLength
            && !Language.IsWellFormed(dto.FallbackLanguage))
        {
            fail("fallbackLanguage", $"fallbackLanguage must be a well-formed language tag such as 'es' or 'en' (was '{dto.FallbackLanguage}').");
        }
        if (dto.Stages is null)
        {
            fail("stages", "stages is required.");
        }
        else if (dto.Stages.Count > EscalationPolicyJson.MaxStages)
        {
            fail("stages", $"stages must have at most {EscalationPolicyJson.MaxStages} stages (has {dto.Stages.Count}).");
        }
        else
        {
            for (int i = 0; i < dto.Stages.Count; i++)
            {
                Stage(dto.Stages[i], $"stages[{i}]", fail);
            }
        }

        if (dto.QuietRules is { } q)
        {
            var start = Time(q.WindowStart, "quietRules.windowStart", fail);
            var end = Time(q.WindowEnd, "quietRules.windowEnd", fail);
            if (start is { } s && end is { } e && e <= s)
            {
                fail("quietRules.windowEnd", $"quietRules.windowEnd ({q.WindowEnd}) must be after quietRules.windowStart ({q.WindowStart}).");
            }

            Range(q.MinimumGapHours, 0, 24 * 366, "quietRules.minimumGapHours", fail);
        }

        if (dto.PaymentEvents is { } pe)
        {
            if (pe.Channel == NotificationChannel.PhoneCall)
            {
                fail("paymentEvents.channel", "paymentEvents.channel must be a notice channel, not PhoneCall.");
            }

            Range(pe.WindowDays, 0, 366, "paymentEvents.windowDays", fail);
        }

        if (dto.Suppressions is { } su)
        {
            Range(su.PromiseGraceDays, 0, 90, "suppressions.promiseGraceDays", fail);
            if (su.BrokenPromiseStageId is not null)
            {
                KeyPart(su.BrokenPromiseStageId, "suppressions.brokenPromiseStageId", fail);
            }

            Amounts(su.MinimumBalances, "suppressions.minimumBalances", fail);
            Range(su.PlanArrearsGraceDays, 0, 90, "suppressions.planArrearsGraceDays", fail);
        }

        if (dto.Reinstatement is { } re)
        {
            Amounts(re.OverdueTolerances, "reinstatement.overdueTolerances", fail);
        }
    }

    internal static LocalTime ParseTime(string? text) => Parse(text) ?? throw new ArgumentException($"'{text}' is not a time HH:mm.", nameof(text));

    private static LocalTime? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var pattern = text.Length == 5 ? LocalTimePattern.CreateWithInvariantCulture("HH':'mm") : LocalTimePattern.ExtendedIso;
        var result = pattern.Parse(text);
        return result.Success ? result.Value : null;
    }

    private static LocalTime? Time(string? text, string path, Action<string, string> fail)
    {
        var time = Parse(text);
        if (time is null)
        {
            fail(path, $"{path} must be a local time \"HH:mm\" such as \"09:00\" (was '{text}').");
        }

        return time;
    }

    private static void Stage(StageDto? s, string path, Action<string, string> fail)
    {
        if (s is null)
        {
            fail(path, $"{path} must not be null.");
            return;
        }

        KeyPart(s.Id, $"{path}.id", fail);
        Text(s.Name, $"{path}.name", fail);
        if (s.Trigger is null)
        {
            fail($"{path}.trigger", $"{path}.trigger is required.");
        }
        else
        {
            int max = s.Trigger.Days == OffsetDays.CalendarMonths ? StageTrigger.MaxMonthsOffset : StageTrigger.MaxOffset;
            Range(s.Trigger.Offset, -max, max, $"{path}.trigger.offset", fail);
        }

        if (s.Actions is null)
        {
            fail($"{path}.actions", $"{path}.actions is required.");
        }
        else if (s.Actions.Count > EscalationPolicyJson.MaxActions)
        {
            fail($"{path}.actions", $"{path}.actions must have at most {EscalationPolicyJson.MaxActions} actions (has {s.Actions.Count}).");
        }
        else
        {
            for (int j = 0; j < s.Actions.Count; j++)
            {
                string ap = $"{path}.actions[{j}]";
                if (s.Actions[j] is not { } a)
                {
                    fail(ap, $"{ap} must not be null.");
                }
                else if (a.TemplateKey is not null && !TemplateKeys.IsWellFormed(a.TemplateKey))
                {
                    fail($"{ap}.templateKey", $"{ap}.templateKey must be 1 to {TemplateKeys.MaxKeyLength} lower-case letters, digits and single hyphens, starting with a letter (was '{a.TemplateKey}').");
                }
            }
        }

        if (s.Repeat is { } r)
        {
            if ((r.EveryDays is null) == (r.EveryMonths is null))
            {
                fail($"{path}.repeat", $"{path}.repeat needs exactly one of everyDays and everyMonths.");
            }

            if (r.EveryDays is < 1)
            {
                fail($"{path}.repeat.everyDays", $"{path}.repeat.everyDays must be positive (was {r.EveryDays}).");
            }

            if (r.EveryMonths is { } months)
            {
                Range(months, 1, StageTrigger.MaxMonthsOffset, $"{path}.repeat.everyMonths", fail);
            }

            if (r.UntilPaid == true && r.MaxTimes is not null)
            {
                fail($"{path}.repeat.maxTimes", $"{path}.repeat.maxTimes must be left out when untilPaid is true (was {r.MaxTimes}).");
            }

            if (r.MaxTimes is { } m && m < 1)
            {
                fail($"{path}.repeat.maxTimes", $"{path}.repeat.maxTimes must be positive (was {m}).");
            }
        }

        if (s.Fee is { } fee)
        {
            Amounts(fee.FixedAmounts, $"{path}.fee.fixedAmounts", fail, positive: true);
            Amounts(fee.Minimums, $"{path}.fee.minimums", fail, positive: true);
            Amounts(fee.Maximums, $"{path}.fee.maximums", fail, positive: true);
            if (fee.Percent is { } p && (p <= 0m || p > 100m))
            {
                fail($"{path}.fee.percent", $"{path}.fee.percent must be more than 0 and at most 100 (was {p.ToString(CultureInfo.InvariantCulture)}).");
            }

        }

        if (s.Conditions is { } c)
        {
            Conditions(c, $"{path}.conditions", fail);
        }
    }

    private static void Conditions(ConditionsDto c, string path, Action<string, string> fail)
    {
        Amounts(c.MinOverdueAmounts, $"{path}.minOverdueAmounts", fail);
        Segments(c.IncludedSegments, $"{path}.includedSegments", fail);
        Segments(c.ExcludedSegments, $"{path}.excludedSegments", fail);
        if (c.LastPaymentFailed is { } failed)
        {
            Segments(failed.Reasons, $"{path}.lastPaymentFailed.reasons", fail);
            Segments(failed.Methods, $"{path}.lastPaymentFailed.methods", fail);
        }

        if (c.AnyOf is null)
        {
            return;
        }

        if (c.AnyOf.Count > EscalationPolicyJson.MaxListLength)
        {
            fail($"{path}.anyOf", $"{path}.anyOf must have at most {EscalationPolicyJson.MaxListLength} groups (has {c.AnyOf.Count}).");
            return;
        }

        for (int g = 0; g < c.AnyOf.Count; g++)
        {
            string gp = $"{path}.anyOf[{g}]";
            if (c.AnyOf[g] is not { } group)
            {
                fail(gp, $"{gp} must not be null.");
            }
            else if (group.Members is null)
            {
                fail($"{gp}.members", $"{gp}.members is required.");
            }
            else if (group.Members.Count > EscalationPolicyJson.MaxListLength)
            {
                fail($"{gp}.members", $"{gp}.members must have at most {EscalationPolicyJson.MaxListLength} members (has {group.Members.Count}).");
            }
            else
            {
                for (int m = 0; m < group.Members.Count; m++)
                {
                    if (group.Members[m] is { } member)
                    {
                        Conditions(member, $"{gp}.members[{m}]", fail);
                    }
                    else
                    {
                        fail($"{gp}.members[{m}]", $"{gp}.members[{m}] must not be null.");
                    }
                }
            }
        }
    }

    private static void Segments(IReadOnlyList<string?>? segments, string path, Action<string, string> fail)
    {
        if (segments is null)
        {
            return;
        }

        if (segments.Count > EscalationPolicyJson.MaxListLength)
        {
            fail(path, $"{path} must have at most {EscalationPolicyJson.MaxListLength} entries (has {segments.Count}).");
            return;
        }

        for (int i = 0; i < segments.Count; i++)
        {
            Text(segments[i], $"{path}[{i}]", fail);
        }
    }

    private static void Amounts(IReadOnlyList<MoneyDto?>? amounts, string path, Action<string, string> fail, bool positive = false)
    {
        if (amounts is null)
        {
            return;
        }

        if (amounts.Count > EscalationPolicyJson.MaxListLength)
        {
            fail(path, $"{path} must have at most {EscalationPolicyJson.MaxListLength} entries (has {amounts.Count}).");
            return;
        }

        for (int i = 0; i < amounts.Count; i++)
        {
            if (amounts[i] is not { } a)
            {
                fail($"{path}[{i}]", $"{path}[{i}] must not be null.");
            }
            else if (!Currency.TryFromCode(a.Currency, out _))
            {
                fail($"{path}[{i}].currency", $"{path}[{i}].currency must be an ISO 4217 code (was '{a.Currency}').");
            }
            else if (positive && a.Amount <= 0m)
            {
                fail($"{path}[{i}].amount", $"{path}[{i}].amount must be positive (was {a.Amount.ToString(CultureInfo.InvariantCulture)}).");
            }
        }
    }

    private static void Text(string? value, string path, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            fail(path, $"{path} is required and must not be empty (was '{value}').");
        }
        else if (value.Length > EscalationPolicyJson.MaxTextLength)
        {
            fail(path, $"{path} must have at most {EscalationPolicyJson.MaxTextLength} characters (has {value.Length}).");
        }
    }

    private static void KeyPart(string? value, string path, Action<string, string> fail)
    {
        Text(value, path, fail);
        if (value is not null && value.Contains('|', StringComparison.Ordinal))
        {
            fail(path, $"{path} must not contain '|' (was '{value}').");
        }
    }

    private static void Range(int value, int min, int max, string path, Action<string, string> fail)
    {
        if (value < min || value > max)
        {
            fail(path, $"{path} must be from {min} to {max} (was {value}).");
        }
    }
}

/// <summary>The source-generated System.Text.Json context of escalation policies and template catalogs.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true,
    MaxDepth = EscalationPolicyJson.MaxDepth,
    Converters =
    [
        typeof(StrictEnumConverter<EscalationScope>),
        typeof(StrictEnumConverter<CatchUpMode>),
        typeof(StrictEnumConverter<OffsetDays>),
        typeof(StrictEnumConverter<OffsetAnchor>),
        typeof(StrictEnumConverter<MidpointRounding>),
        typeof(StrictEnumConverter<EscalationTone>),
        typeof(StrictEnumConverter<EscalationActionKind>),
        typeof(StrictEnumConverter<NotificationChannel>),
        typeof(StrictEnumConverter<TemplateBodyFormat>),
    ])]
[JsonSerializable(typeof(EscalationPolicyDto))]
[JsonSerializable(typeof(TemplateCatalogDto))]
internal sealed partial class EscalationJsonContext : JsonSerializerContext
{
}
