using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Cobranza.Core.Escalation;
using Cobranza.Core.Receivables;

namespace Cobranza.Core.Running;

/// <summary>
/// The escalation policies a host runs, by id and version, and the default one. An account uses the latest version
/// of its <see cref="CustomerProfile.EscalationPolicyId"/>, or the default policy when it has none. Immutable.
/// </summary>
public sealed class EscalationPolicyRegistry
{
    private readonly Dictionary<string, EscalationPolicy> _latest;

    /// <summary>Creates a registry.</summary>
    /// <param name="policies">The policies (every version to keep; an (id, version) pair at most once).</param>
    /// <param name="defaultPolicyId">The id of the default policy (must be among <paramref name="policies"/>).</param>
    /// <exception cref="ArgumentException">A policy is null, an (id, version) pair repeats, or the default id is unknown; every problem is listed.</exception>
    public EscalationPolicyRegistry(IEnumerable<EscalationPolicy> policies, string defaultPolicyId = EscalationPolicies.DefaultId)
    {
        Guard.NotNull(policies);
        Guard.NotNullOrWhiteSpace(defaultPolicyId);
        var all = policies.ToImmutableArray();
        var errors = new List<string>();
        if (all.Any(p => p is null))
        {
            throw new ArgumentException("policies contains a null policy.", nameof(policies));
        }

        foreach (var dup in all.GroupBy(p => (p.Id, p.Version)).Where(g => g.Count() > 1))
        {
            errors.Add($"policy '{dup.Key.Id}' version {dup.Key.Version} is registered {dup.Count()} times");
        }

        _latest = all.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Version)!, StringComparer.Ordinal);
        if (!_latest.ContainsKey(defaultPolicyId))
        {
            errors.Add($"the default policy id '{defaultPolicyId}' is not registered (registered: {string.Join(", ", _latest.Keys.Order(StringComparer.Ordinal))})");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid escalation policy registry: " + string.Join("; ", errors) + ".", nameof(policies));
        }

        Policies = all.OrderBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => p.Version).ToImmutableArray();
        Default = _latest[defaultPolicyId];
    }

    /// <summary>A registry holding only <see cref="EscalationPolicies.Default"/>.</summary>
    public static EscalationPolicyRegistry DefaultOnly { get; } = new([EscalationPolicies.Default]);

    /// <summary>Every registered policy version, by id then version.</summary>
    public ImmutableArray<EscalationPolicy> Policies { get; }

    /// <summary>The default policy (latest version of the default id).</summary>
    public EscalationPolicy Default { get; }

    /// <summary>The latest version of policy <paramref name="policyId"/>, or the default when <paramref name="policyId"/> is <see langword="null"/>.</summary>
    /// <param name="policyId">The policy id, or <see langword="null"/>.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">The id is not registered.</exception>
    public EscalationPolicy Resolve(string? policyId)
    {
        if (policyId is null)
        {
            return Default;
        }

        return _latest.TryGetValue(policyId, out var policy)
            ? policy
            : throw new ArgumentException($"'{policyId}' is not a registered escalation policy id (registered: {string.Join(", ", _latest.Keys.Order(StringComparer.Ordinal))}).", nameof(policyId));
    }

    /// <summary>The policy for <paramref name="account"/>: its customer's policy id, or the default.</summary>
    /// <param name="account">The account.</param>
    /// <returns>The policy.</returns>
    public EscalationPolicy For(CustomerAccount account) => Resolve(Guard.NotNull(account).Customer.EscalationPolicyId);
}

/// <summary>The default <see cref="IAccountEvaluator"/>: resolves the account's policy in a registry and asks the escalation engine.</summary>
/// <param name="engine">The escalation engine.</param>
/// <param name="policies">The policy registry.</param>
public sealed class PolicyAccountEvaluator(IEscalationEngine engine, EscalationPolicyRegistry policies) : IAccountEvaluator
{
    private readonly IEscalationEngine _engine = Guard.NotNull(engine);
    private readonly EscalationPolicyRegistry _policies = Guard.NotNull(policies);

    /// <inheritdoc/>
    public EvaluationResult Evaluate(CustomerAccount account, CollectionHistory history, NodaTime.Instant at)
        => _engine.Evaluate(account, history, _policies.For(account), at);
}
