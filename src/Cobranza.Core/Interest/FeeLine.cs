using System;

namespace Cobranza.Core.Interest;

/// <summary>
/// A fee produced by the fees module (e.g. the EUR 40 recovery compensation of Directive 2011/7/EU art. 6),
/// carried into the interest statement as its own line.
/// </summary>
public sealed record FeeLine
{
    /// <summary>Creates a fee line.</summary>
    /// <param name="code">A stable code, e.g. <c>"EU-RECOVERY-40"</c>.</param>
    /// <param name="description">Text for the statement.</param>
    /// <param name="amount">The fee, zero or positive.</param>
    /// <param name="legalSource">The legal or contractual basis, e.g. <c>"Ley 3/2004 art. 8"</c>.</param>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    /// <exception cref="ArgumentException">A text is empty, or <paramref name="amount"/> is <c>default(Money)</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is negative.</exception>
    public FeeLine(string code, string description, Money amount, string legalSource)
    {
        Code = code;
        Description = description;
        Amount = amount;
        LegalSource = legalSource;
    }

    /// <summary>A stable code that identifies the fee (used to apply it once per invoice).</summary>
    public string Code
    {
        get;
        init => field = Guard.NotNullOrWhiteSpace(value, nameof(Code));
    }

    /// <summary>Text for the statement.</summary>
    public string Description
    {
        get;
        init => field = Guard.NotNullOrWhiteSpace(value, nameof(Description));
    }

    /// <summary>The fee amount, zero or positive.</summary>
    public Money Amount
    {
        get;
        init
        {
            if (value.Equals(default(Money)))
            {
                throw new ArgumentException($"{nameof(Amount)} must have a currency (was default(Money)).", nameof(Amount));
            }

            field = value.IsNegative
                ? throw new ArgumentOutOfRangeException(nameof(Amount), value, $"{nameof(Amount)} of a fee must not be negative (was {value.ToString()}).")
                : value;
        }
    }

    /// <summary>The legal or contractual basis of the fee.</summary>
    public string LegalSource
    {
        get;
        init => field = Guard.NotNullOrWhiteSpace(value, nameof(LegalSource));
    }
}
