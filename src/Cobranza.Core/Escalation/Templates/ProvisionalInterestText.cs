using System.Collections.Immutable;
using System.Text;
using Cobranza.Core.Interest;
using Cobranza.Core.Terms;

namespace Cobranza.Core.Escalation.Templates;

/// <summary>
/// The wording of <c>{{interest.provisional}}</c> in Spanish and English: for each provisional run of days, that the
/// official rate is not published yet, the rate carried forward and the period it was published for, the late-interest
/// rate applied; then that the interest will be recalculated when the official rate is published.
/// </summary>
internal static class ProvisionalInterestText
{
    internal static string Note(ImmutableArray<ProvisionalInterestPeriod> periods, Language language)
    {
        bool es = Language.IsSpanishText(language);
        var b = new StringBuilder(es ? "Intereses provisionales: " : "Provisional interest: ");
        for (int i = 0; i < periods.Length; i++)
        {
            var p = periods[i];
            if (i > 0)
            {
                b.Append("; ");
            }

            string from = TextFormat.Date(p.From, language);
            string to = TextFormat.Date(p.To, language);
            string rate = TextFormat.Percent(p.AnnualRate * 100m, language);
            if (p.Carried is not { } c)
            {
                b.Append(es
                    ? $"del {from} al {to} el tipo oficial aún no está publicado y se ha aplicado provisionalmente un interés de demora del {rate} anual"
                    : $"from {from} to {to} the official rate has not been published yet and late-payment interest of {rate} a year has been applied provisionally");
                continue;
            }

            string value = TextFormat.Percent(c.Value * 100m, language);
            string published = c.PublishedThrough is { } through
                ? (es ? $"vigente del {TextFormat.Date(c.PublishedFrom, language)} al {TextFormat.Date(through, language)}" : $"in force from {TextFormat.Date(c.PublishedFrom, language)} to {TextFormat.Date(through, language)}")
                : (es ? $"vigente desde el {TextFormat.Date(c.PublishedFrom, language)}" : $"in force from {TextFormat.Date(c.PublishedFrom, language)}");
            b.Append(es
                ? $"del {from} al {to} el tipo oficial aún no está publicado; se ha aplicado provisionalmente el último conocido, del {value} ({published})"
                : $"from {from} to {to} the official rate has not been published yet; the last known rate, {value} ({published}), has been applied provisionally");
            if (p.AnnualRate != c.Value)
            {
                b.Append(es ? $", lo que da un interés de demora del {rate} anual" : $", giving late-payment interest of {rate} a year");
            }
        }

        b.Append(es
            ? ". El importe de los intereses se recalculará cuando se publique el tipo oficial."
            : ". The interest will be recalculated when the official rate is published.");
        return b.ToString();
    }
}
