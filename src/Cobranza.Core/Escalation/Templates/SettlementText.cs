using Cobranza.Core.Terms;

namespace Cobranza.Core.Escalation.Templates;

/// <summary>
/// The wording of <c>{{settlement.text}}</c> in Spanish and English: one sentence saying what the payment-event notice
/// acknowledges, true for each <see cref="SettlementMeans"/> — a payment is called a payment only when money was
/// received; credit notes and applied credit are called credits.
/// </summary>
internal static class SettlementText
{
    internal static string Sentence(SettlementMeans settledBy, Money paid, Money credited, Language language)
    {
        bool es = Language.IsSpanishText(language);
        string p = TextFormat.Money(paid, language);
        string c = TextFormat.Money(credited, language);
        bool payment = settledBy.HasFlag(SettlementMeans.Payment);
        bool note = settledBy.HasFlag(SettlementMeans.CreditNote);
        bool applied = settledBy.HasFlag(SettlementMeans.AppliedCredit);
        return (payment, note, applied) switch
        {
            (true, false, false) => es ? $"Hemos recibido su pago de {p}." : $"We have received your payment of {p}.",
            (true, _, _) => es ? $"Hemos recibido su pago de {p} y abonado {c} en sus facturas." : $"We have received your payment of {p} and credited {c} to your invoices.",
            (false, true, false) => es ? $"Hemos abonado {c} en sus facturas mediante nota de crédito." : $"We have credited {c} to your invoices by credit note.",
            (false, false, true) => es ? $"Hemos aplicado {c} de su saldo a favor a sus facturas." : $"We have applied {c} of your credit balance to your invoices.",
            (false, true, true) => es ? $"Hemos abonado {c} en sus facturas." : $"We have credited {c} to your invoices.",
            _ => es ? "Hemos revisado el estado de su cuenta." : "We have reviewed your account.",
        };
    }
}
