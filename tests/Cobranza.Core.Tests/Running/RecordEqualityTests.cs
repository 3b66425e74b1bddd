using System;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Core.Running;
using NodaTime;
using static Cobranza.Core.Tests.EqualityAssert;

namespace Cobranza.Core.Tests.Running;

// docs/decisions/0004-record-equality.md: collections compared element by element (in order); an account snapshot
// (CustomerAccount, a class without value equality) by reference.
public sealed class RecordEqualityTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 20, 9, 0);
    private static readonly CustomerAccount Snapshot = NewSnapshot();

    private static CustomerAccount NewSnapshot() => CustomerAccount.Open("ACC-2", Currency.EUR, new CustomerProfile("C-2", "Talleres", Language.Spanish, DateTimeZoneProviders.Tzdb["Europe/Madrid"]));

    private static CompanyDetails Company(string name = "ACME", string link = "https://acme.example.com/pay", params string[] methods)
        => new(name, new Uri(link), [.. methods.Length == 0 ? ["transferencia", "tarjeta", "Bizum"] : methods]);

    [Fact]
    public void CompanyDetails_BuiltTwice_EqualWithEqualHashCodes()
        => Assert.True(EqualWhenBuiltTwice(() => Company()) == Company());

    [Fact]
    public void CompanyDetails_AnyMemberChanged_NotEqual()
        => EachDiffers(
            Company(),
            ("a payment method", Company(methods: ["transferencia", "tarjeta", "efectivo"])),
            ("the order of the payment methods", Company(methods: ["tarjeta", "transferencia", "Bizum"])),
            ("the number of payment methods", Company(methods: ["transferencia", "tarjeta"])),
            ("Name", Company(name: "ACME S.L.")),
            ("DefaultPaymentLink", Company(link: "https://acme.example.com/pagar")));

    private static DueAccount Due(string id, int minutes, CustomerAccount? snapshot = null) => new(id, At.Plus(Duration.FromMinutes(minutes)), snapshot);

    private static DueAccountPage Page(string? token = "t-2", params DueAccount[] accounts)
        => new([.. accounts.Length == 0 ? [Due("ACC-1", 0), Due("ACC-2", 5, Snapshot), Due("ACC-3", 5)] : accounts], token);

    [Fact]
    public void DueAccountPage_BuiltTwice_EqualWithEqualHashCodes()
    {
        EqualWhenBuiltTwice(() => Page());
        EqualWhenBuiltTwice(() => new DueAccountPage(default, null));
        Assert.Equal(DueAccountPage.Empty, new DueAccountPage(default, null));
    }

    [Fact]
    public void DueAccountPage_AnyMemberChanged_NotEqual()
        => EachDiffers(
            Page(),
            ("an account", Page("t-2", Due("ACC-1", 0), Due("ACC-2", 5, Snapshot), Due("ACC-3", 6))),
            ("the order of the accounts", Page("t-2", Due("ACC-2", 5, Snapshot), Due("ACC-1", 0), Due("ACC-3", 5))),
            ("the number of accounts", Page("t-2", Due("ACC-1", 0), Due("ACC-2", 5, Snapshot))),
            ("ContinuationToken", Page("t-3")),
            ("ContinuationToken (last page)", Page(null)),
            // CustomerAccount is a class without value equality: another snapshot instance is another snapshot.
            ("an account's snapshot instance", Page("t-2", Due("ACC-1", 0), Due("ACC-2", 5, NewSnapshot()), Due("ACC-3", 5))));
}
