using System;
using Cobranza.Core.Escalation;
using Cobranza.Core.Escalation.Templates;
using Cobranza.Core.Reports;
using NodaTime;
using static Cobranza.Core.Tests.Escalation.EscalationFixtures;

namespace Cobranza.Core.Tests;

/// <summary>
/// Classes with value equality (<c>Equals</c>) also compare by value with <c>==</c> and <c>!=</c>, as records do
/// (docs/decisions/0004-record-equality.md): before, <c>==</c> compared references.
/// </summary>
public sealed class EqualityOperatorTests
{
    [Fact]
    public void EscalationDecision_SameDecisionFromTwoEvaluations_EqualByOperator()
    {
        var due = new LocalDate(2026, 4, 15);
        var account = Account(items: [Open("A", due)]);
        EscalationDecision first = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, due)).Decisions);
        EscalationDecision second = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, due)).Decisions);
        EscalationDecision later = Assert.Single(Engine.Evaluate(account, CollectionHistory.Empty, EscalationPolicies.Default, At(account, due, hour: 11)).Decisions);

        Assert.NotSame(first, second);
        Assert.True(first == second);
        Assert.False(first != second);
        Assert.True(first != later); // decided at another instant
        Assert.False(first == null);
        Assert.True((EscalationDecision?)null == null);
    }

    [Fact]
    public void EscalationDecision_PromisedDate_PartOfEqualityAndIsoOnly()
    {
        EscalationDecision plain = Cobranza.Testing.TestData.Decision("A");
        EscalationDecision promised = Cobranza.Testing.TestData.Decision("A", promisedDate: new LocalDate(2026, 1, 30));
        Assert.Null(plain.PromisedDate);
        Assert.True(plain != promised);
        Assert.True(promised == Cobranza.Testing.TestData.Decision("A", promisedDate: new LocalDate(2026, 1, 30)));

        var julian = new LocalDate(2026, 1, 30, CalendarSystem.Julian);
        var ex = Assert.Throws<ArgumentException>(() => Cobranza.Testing.TestData.Decision("A", promisedDate: julian));
        Assert.Equal("PromisedDate", ex.ParamName);
    }

    [Fact]
    public void MessageTemplate_SameFields_EqualByOperator()
    {
        var a = new MessageTemplate("custom", NotificationChannel.Email, Language.English, "For {{customer.name}}", "<p>{{customer.name}}</p>");
        var b = new MessageTemplate("custom", NotificationChannel.Email, Language.English, "For {{customer.name}}", "<p>{{customer.name}}</p>");
        var other = new MessageTemplate("custom", NotificationChannel.Email, Language.Spanish, "For {{customer.name}}", "<p>{{customer.name}}</p>");

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a != other);
        Assert.True(a != null);
    }

    [Fact]
    public void AgingBuckets_SameBounds_EqualByOperator()
    {
        var a = AgingBuckets.Create([new AgingBucket(null, 0), new AgingBucket(1, 45), new AgingBucket(46, null)]);
        var b = AgingBuckets.Create([new AgingBucket(null, 0), new AgingBucket(1, 45), new AgingBucket(46, null)]);

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a != AgingBuckets.Default);
        Assert.False(a == null);
    }
}
