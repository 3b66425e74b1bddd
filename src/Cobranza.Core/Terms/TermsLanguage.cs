namespace Cobranza.Core.Terms;

/// <summary>The language of texts for people (terms text, discount reasons).</summary>
public enum TermsLanguage
{
    /// <summary>English: dates as <c>15 Jan 2027</c>, amounts as <c>€605.00</c> (en-GB separators), percents as <c>2%</c>.</summary>
    English = 0,

    /// <summary>Spanish: dates as <c>15/01/2027</c>, amounts as <c>605,00 €</c> (es-ES), percents as <c>2 %</c>.</summary>
    Spanish = 1,
}
