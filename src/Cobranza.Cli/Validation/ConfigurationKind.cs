namespace Cobranza.Cli.Validation;

/// <summary>The configuration documents <c>cobranza validate</c> reads, each with its library loader and schema.</summary>
internal enum ConfigurationKind
{
    /// <summary>An escalation policy (<c>EscalationPolicyJson</c>, docs/schema/escalation-policy.schema.json).</summary>
    Policy,

    /// <summary>Payment terms (<c>PaymentTermsJson</c>, docs/schema/payment-terms.schema.json).</summary>
    Terms,

    /// <summary>A template catalog (<c>EscalationPolicyJson.DeserializeCatalog</c>, docs/schema/template-catalog.schema.json).</summary>
    Catalog,

    /// <summary>A customer's payment settings (<c>PaymentTermsJson.DeserializeCustomer</c>).</summary>
    Customer,
}
