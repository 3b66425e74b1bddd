using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using NodaTime;

namespace Cobranza.Testing.InMemory;

/// <summary>A thread-safe <see cref="INotificationSender"/> that keeps every message it is given, in order, and returns delivery ids "msg-1", "msg-2"…</summary>
public sealed class InMemoryNotificationSender : INotificationSender
{
    private readonly ConcurrentQueue<OutboundMessage> _sent = new();
    private long _next;

    /// <summary>Every message sent, in order.</summary>
    public ImmutableArray<OutboundMessage> Sent => _sent.ToImmutableArray();

    /// <summary>How many messages carried <paramref name="idempotencyKey"/> (more than one is a duplicate delivery).</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns>The count.</returns>
    public int CountOf(string idempotencyKey) => _sent.Count(m => string.Equals(m.IdempotencyKey, idempotencyKey, StringComparison.Ordinal));

    /// <inheritdoc/>
    public ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        _sent.Enqueue(message);
        return new ValueTask<string>("msg-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>A thread-safe <see cref="IActionHandler"/> that carries out (records) the actions it is configured for.</summary>
public sealed class InMemoryActionHandler : IActionHandler
{
    private readonly ImmutableHashSet<EscalationActionKind> _kinds;
    private readonly ConcurrentQueue<ActionRequest> _handled = new();
    private long _next;

    /// <summary>Creates a handler of every action.</summary>
    public InMemoryActionHandler()
        : this([])
    {
    }

    /// <summary>Creates a handler of <paramref name="kinds"/>, or of every action when none is given.</summary>
    /// <param name="kinds">The actions handled.</param>
    public InMemoryActionHandler(params EscalationActionKind[] kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        _kinds = kinds.Length == 0 ? Enum.GetValues<EscalationActionKind>().ToImmutableHashSet() : kinds.ToImmutableHashSet();
    }

    /// <summary>Every request handled, in order.</summary>
    public ImmutableArray<ActionRequest> Handled => _handled.ToImmutableArray();

    /// <inheritdoc/>
    public bool CanHandle(EscalationActionKind action) => _kinds.Contains(action);

    /// <inheritdoc/>
    public ValueTask<ActionResult> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        _handled.Enqueue(request);
        return new ValueTask<ActionResult>(ActionResult.Done("act-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture)));
    }
}

/// <summary>An <see cref="IPaymentLinkProvider"/> returning <c>{base}{account id}</c>.</summary>
/// <param name="baseUri">The absolute base address, e.g. <c>https://pay.example.com/</c>.</param>
public sealed class InMemoryPaymentLinkProvider(Uri baseUri) : IPaymentLinkProvider
{
    private readonly Uri _base = baseUri is { IsAbsoluteUri: true } ? baseUri : throw new ArgumentException($"baseUri must be absolute (was '{baseUri}').", nameof(baseUri));

    /// <inheritdoc/>
    public ValueTask<Uri?> GetPaymentLinkAsync(CustomerAccount account, EscalationDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new ValueTask<Uri?>(new Uri(_base, Uri.EscapeDataString(account.Id)));
    }
}

/// <summary>
/// A minimal <see cref="INoticeRenderer"/> for tests: the subject is the template key, the body lists the customer,
/// the amounts, the payment link and the decision's explanation, in plain text. Not for customers.
/// </summary>
public sealed class PlainTextNoticeRenderer : INoticeRenderer
{
    /// <inheritdoc/>
    public RenderedNotice Render(EscalationDecision decision, CustomerAccount account, Uri? paymentLink)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(account);
        string subject = decision.TemplateKey ?? decision.Action.ToString();
        // The body is built in one allocation of its exact length (the text is the same as appending the parts).
        var parts = new BodyParts(account.Customer.DisplayName, subject, decision.AmountDue.ToString(), paymentLink?.AbsoluteUri, decision.Explanation);
        string body = string.Create(parts.Length, parts, static (span, p) => p.CopyTo(span));
        return new RenderedNotice(subject, body, "text/plain", decision.Language);
    }

    /// <summary>"{customer}\n{subject}: {amount}\n[{link}\n]{explanation}".</summary>
    private readonly record struct BodyParts(string Customer, string Subject, string Amount, string? Link, string Explanation)
    {
        public int Length => checked(Customer.Length + 1 + Subject.Length + 2 + Amount.Length + 1 + (Link is null ? 0 : Link.Length + 1) + Explanation.Length);

        public void CopyTo(Span<char> span)
        {
            int at = 0;
            Put(span, ref at, Customer);
            Put(span, ref at, "\n");
            Put(span, ref at, Subject);
            Put(span, ref at, ": ");
            Put(span, ref at, Amount);
            Put(span, ref at, "\n");
            if (Link is not null)
            {
                Put(span, ref at, Link);
                Put(span, ref at, "\n");
            }

            Put(span, ref at, Explanation);
        }

        private static void Put(Span<char> span, ref int at, string text)
        {
            text.AsSpan().CopyTo(span[at..]);
            at += text.Length;
        }
    }
}

/// <summary>An <see cref="IAccountEvaluator"/> from a function (a scripted engine for tests).</summary>
/// <param name="evaluate">The function.</param>
public sealed class DelegateAccountEvaluator(Func<CustomerAccount, CollectionHistory, Instant, EvaluationResult> evaluate) : IAccountEvaluator
{
    private readonly Func<CustomerAccount, CollectionHistory, Instant, EvaluationResult> _evaluate = evaluate ?? throw new ArgumentNullException(nameof(evaluate));

    /// <inheritdoc/>
    public EvaluationResult Evaluate(CustomerAccount account, CollectionHistory history, Instant at) => _evaluate(account, history, at);
}
