using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core;
using Cobranza.Core.Escalation;
using Cobranza.Core.Ports;
using Cobranza.Core.Receivables;
using Cobranza.Samples.Quickstart.Messaging;
using MimeKit;
using NodaTime;

namespace Cobranza.Samples.Quickstart.Tests;

public sealed class EmlOutboxSenderTests : IDisposable
{
    private const string Key = "cobranza-default|firm|SendNotice|Email|ES-00001|1";
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task SendAsync_Notice_WritesOneRfc5322FileNamedByKey()
    {
        var sender = new EmlOutboxSender(_temp.Path, _ => "cobros+es-00001@example.com", "cobros@demo.example");
        var reference = await sender.SendAsync(Message("Recordatorio: pago pendiente de 1.210,00 €", "Estimado cliente: le recordamos el pago. Añadimos el importe."), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_temp.Path));
        Assert.Equal("eml:" + Path.GetFileName(file), reference);
        Assert.StartsWith("cobranza-default_firm_SendNotice_Email_ES-00001_1.", Path.GetFileName(file), StringComparison.Ordinal);
        var parsed = await MimeMessage.LoadAsync(file);
        Assert.Equal("Recordatorio: pago pendiente de 1.210,00 €", parsed.Subject);
        Assert.Equal(Key, parsed.Headers[NoticeMessage.IdempotencyHeader]);
        Assert.Equal("cobros+es-00001@example.com", parsed.To.Mailboxes.Single().Address);
        Assert.Equal("Talleres García S.L.", parsed.To.Mailboxes.Single().Name);
        Assert.Equal(new DateTimeOffset(2025, 12, 4, 15, 0, 0, TimeSpan.Zero), parsed.Date); // the decision's instant, not the machine clock
        var body = Assert.IsType<TextPart>(parsed.Body);
        Assert.Equal(ContentEncoding.QuotedPrintable, body.ContentTransferEncoding);
        Assert.Equal("utf-8", body.ContentType.Charset);
        Assert.Equal("Estimado cliente: le recordamos el pago. Añadimos el importe.", body.Text);
        // 7-bit on the wire: every non-ASCII character is encoded.
        Assert.All(await File.ReadAllBytesAsync(file), b => Assert.True(b < 128));
    }

    [Fact]
    public async Task SendAsync_SameKeyTwice_KeepsOneFile()
    {
        var sender = new EmlOutboxSender(_temp.Path, _ => "a@example.com", "cobros@demo.example");
        var first = await sender.SendAsync(Message("Primero", "uno"), CancellationToken.None);
        var second = await new EmlOutboxSender(_temp.Path, _ => "a@example.com", "cobros@demo.example").SendAsync(Message("Segundo", "dos"), CancellationToken.None);

        Assert.Equal(first, second);
        var file = Assert.Single(Directory.GetFiles(_temp.Path));
        Assert.Equal("Primero", (await MimeMessage.LoadAsync(file)).Subject);
    }

    [Fact]
    public void FileNameFor_KeysThatSanitiseAlike_DifferentNames()
    {
        // '|' and '_' both become '_' in the readable part; the hash of the full key keeps the names apart.
        Assert.NotEqual(NoticeMessage.FileNameFor("a|b"), NoticeMessage.FileNameFor("a_b"));
        Assert.EndsWith(".eml", NoticeMessage.FileNameFor("a|b"), StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private static OutboundMessage Message(string subject, string body)
    {
        var eur = Currency.EUR;
        var at = Instant.FromUtc(2025, 12, 4, 15, 0);
        var decision = new EscalationDecision(
            Key, "ES-00001", "cobranza-default", 1, "firm", EscalationActionKind.SendNotice, EscalationTone.Firm,
            NotificationChannel.Email, "reminder-firm", "es", ImmutableArray.Create("ES-00001-A01/0"),
            Money.Of(1210m, eur), Money.Zero(eur), Money.Zero(eur), Money.Of(1210m, eur), 1, at, at, "3 days overdue");
        var customer = new CustomerProfile("ES-00001", "Talleres García S.L.", "es-ES", DateTimeZoneProviders.Tzdb["Europe/Madrid"], "ES");
        return new OutboundMessage(decision, customer, NotificationChannel.Email, new RenderedNotice(subject, body, "text/plain", "es"));
    }
}
