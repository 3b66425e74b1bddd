using System;
using System.Threading;
using System.Threading.Tasks;

namespace Cobranza.Testing.Faults;

/// <summary>The faults a decorator may inject.</summary>
[Flags]
public enum FaultKinds
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Throw <see cref="InjectedFaultException"/> before calling the adapter (nothing happened).</summary>
    Throw = 1,

    /// <summary>Throw <see cref="TimeoutException"/> (after <see cref="FaultInjector.TimeoutDelay"/>) before calling the adapter.</summary>
    Timeout = 2,

    /// <summary>
    /// Call the adapter twice (a duplicate delivery or a repeated write) and return the <em>first</em> answer: the caller
    /// sees what it would have seen without the duplicate, so the fault tests the adapter's idempotency, not the caller's.
    /// </summary>
    DeliverTwice = 4,

    /// <summary>Call the adapter, then throw <see cref="InjectedFaultException"/>: the effect happened but the caller sees a failure.</summary>
    ThrowAfter = 8,

    /// <summary>
    /// Call the adapter, then throw <see cref="TimeoutException"/>: the provider <em>accepted</em> the call (the message
    /// is on its way, the charge is posted) but its answer was lost (a timeout or a connection error after acceptance).
    /// The caller cannot tell this from <see cref="Timeout"/>; a retry delivers again unless the provider deduplicates
    /// by the idempotency key it is given. This is where at-least-once begins (docs/running.md).
    /// </summary>
    AnswerLost = 16,

    /// <summary>Every kind.</summary>
    All = Throw | Timeout | DeliverTwice | ThrowAfter | AnswerLost,
}

/// <summary>The fault chosen for one call.</summary>
public enum Fault
{
    /// <summary>No fault.</summary>
    None = 0,

    /// <summary>See <see cref="FaultKinds.Throw"/>.</summary>
    Throw = 1,

    /// <summary>See <see cref="FaultKinds.Timeout"/>.</summary>
    Timeout = 2,

    /// <summary>See <see cref="FaultKinds.DeliverTwice"/>.</summary>
    DeliverTwice = 3,

    /// <summary>See <see cref="FaultKinds.ThrowAfter"/>.</summary>
    ThrowAfter = 4,

    /// <summary>See <see cref="FaultKinds.AnswerLost"/>.</summary>
    AnswerLost = 5,
}

/// <summary>An exception injected by a fault-injecting decorator.</summary>
public sealed class InjectedFaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public InjectedFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public InjectedFaultException()
        : base("Injected fault.")
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Chooses faults at a seeded rate: the same seed and the same sequence of calls give the same faults. Thread-safe
/// (calls from several threads are serialised, so the sequence is reproducible when the calls are).
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly Random _random;
    private readonly Fault[] _choices;
    private int _injected;
    private int _calls;

    /// <summary>Creates an injector.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="rate">The probability of a fault per call, 0 to 1.</param>
    /// <param name="kinds">The kinds of faults to choose from (uniformly).</param>
    /// <exception cref="ArgumentOutOfRangeException">rate is outside [0, 1] or kinds is empty.</exception>
    public FaultInjector(int seed, double rate, FaultKinds kinds = FaultKinds.Throw | FaultKinds.Timeout)
    {
        if (!(rate >= 0d && rate <= 1d))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"rate must be between 0 and 1 (was {rate}).");
        }

        _choices = Array.FindAll(
            [Fault.Throw, Fault.Timeout, Fault.DeliverTwice, Fault.ThrowAfter, Fault.AnswerLost],
            f => (kinds & (FaultKinds)(1 << ((int)f - 1))) != 0);
        if (_choices.Length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kinds), kinds, $"kinds must name at least one fault (was {kinds}).");
        }

        Seed = seed;
        Rate = rate;
        Kinds = kinds;
        _random = new Random(seed);
    }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The fault rate.</summary>
    public double Rate { get; }

    /// <summary>The kinds chosen from.</summary>
    public FaultKinds Kinds { get; }

    /// <summary>How long a <see cref="Fault.Timeout"/> waits before throwing (default zero).</summary>
    public TimeSpan TimeoutDelay { get; init; } = TimeSpan.Zero;

    /// <summary>When set, no fault is injected (e.g. to let a test settle after a chaotic phase).</summary>
    public bool Paused { get; set; }

    /// <summary>Faults injected so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Calls seen so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The fault for the next call.</summary>
    /// <returns>The fault, or <see cref="Fault.None"/>.</returns>
    public Fault Next()
    {
        lock (_gate)
        {
            _calls++;
            if (Paused || _random.NextDouble() >= Rate)
            {
                return Fault.None;
            }

            _injected++;
            return _choices[_random.Next(_choices.Length)];
        }
    }

    /// <summary>Runs <paramref name="call"/> under the next fault.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The name of the operation (for the error message).</param>
    /// <param name="call">The call to the decorated adapter.</param>
    /// <param name="cancellationToken">Cancels a timeout's wait.</param>
    /// <returns>The adapter's answer.</returns>
    public async ValueTask<T> RunAsync<T>(string operation, Func<ValueTask<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        switch (Next())
        {
            case Fault.Throw:
                throw new InjectedFaultException($"Injected fault before {operation}.");
            case Fault.Timeout:
                if (TimeoutDelay > TimeSpan.Zero)
                {
                    await Task.Delay(TimeoutDelay, cancellationToken).ConfigureAwait(false);
                }

                throw new TimeoutException($"Injected timeout in {operation}.");
            case Fault.DeliverTwice:
            {
                // An idempotent re-delivery: the request reaches the adapter twice, the caller sees the first answer
                // (the duplicate's answer, e.g. "already recorded", is lost on the way back as on a real network).
                var first = await call().ConfigureAwait(false);
                await call().ConfigureAwait(false);
                return first;
            }
            case Fault.ThrowAfter:
                await call().ConfigureAwait(false);
                throw new InjectedFaultException($"Injected fault after {operation}.");
            case Fault.AnswerLost:
                await call().ConfigureAwait(false);
                throw new TimeoutException($"Injected: {operation} was accepted but its answer was lost (timeout after acceptance).");
            default:
                return await call().ConfigureAwait(false);
        }
    }
}
