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

    [Fact]
    public async Task SendAsync_WithRelay_SendsAKeyOnceAndNeverAgainOnceItsFileIsWritten()
    {
        // Issue 14: the relay used to be called on every attempt, so a retry after a crash (file written, journal not)
        // sent the e-mail over SMTP a second time.
        var relay = new CountingRelay();
        var first = await new EmlOutboxSender(_temp.Path, _ => "a@example.com", "cobros@demo.example", relay).SendAsync(Message("Primero", "uno"), CancellationToken.None);
        var retried = await new EmlOutboxSender(_temp.Path, _ => "a@example.com", "cobros@demo.example", relay).SendAsync(Message("Primero", "uno"), CancellationToken.None);

        Assert.Equal(1, relay.Sent);
        Assert.Equal("relay:1", first);
        Assert.Equal("eml:" + NoticeMessage.FileNameFor(Key), retried);
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task SendAsync_RelayFails_NoFileSoTheRetrySends()
    {
        var relay = new CountingRelay { Fail = true };
        var sender = new EmlOutboxSender(_temp.Path, _ => "a@example.com", "cobros@demo.example", relay);
        await Assert.ThrowsAsync<IOException>(async () => await sender.SendAsync(Message("Primero", "uno"), CancellationToken.None));
        Assert.Empty(Directory.GetFiles(_temp.Path));

        relay.Fail = false;
        Assert.Equal("relay:2", await sender.SendAsync(Message("Primero", "uno"), CancellationToken.None));
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task RemoveAbandonedTemporaryFiles_DeletesAKilledRunsTemporaryFilesOnly()
    {
        var sender = new EmlOutboxSender(_temp.Path, _ => "a@example.com", "cobros@demo.example");
        await sender.SendAsync(Message("Primero", "uno"), CancellationToken.None);
        var notice = Assert.Single(Directory.GetFiles(_temp.Path));
        await File.WriteAllTextAsync(Path.Combine(_temp.Path, "." + Path.GetFileName(notice) + ".0123abcd.tmp"), "half a notice");

        Assert.Equal(1, sender.RemoveAbandonedTemporaryFiles());
        Assert.Equal([notice], Directory.GetFiles(_temp.Path));
    }

    [Theory]
    [InlineData("ACME\r\nBcc: victim@example.com", "Aviso para ACME\r\nBcc: victim@example.com", "Aviso para ACME Bcc: victim@example.com")]
    [InlineData("ACME\nBcc: victim@example.com", "Aviso\n\nTo: victim@example.com", "Aviso To: victim@example.com")]
    [InlineData("ACME\rCc: victim@example.com", "Aviso\rCc: victim@example.com\u0085\u2028x", "Aviso Cc: victim@example.com x")]
    [InlineData("\"ACME\" <victim@example.com>, Eve", "Aviso\u0000\u0007\u001b[31m rojo\u007f!", "Aviso [31m rojo !")]
    public async Task SendAsync_HostileNameAndSubject_OneToNoBccSubjectWithoutControlCharacters(string customerName, string subject, string expectedSubject)
    {
        // Issue 21 item 6: values from the ERP reach the headers only through MimeKit's API, on one line.
        var sender = new EmlOutboxSender(_temp.Path, _ => "cobros+es-00001@example.com", "cobros@demo.example");
        await sender.SendAsync(Message(subject, "cuerpo", customerName), CancellationToken.None);

        var parsed = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(_temp.Path)));
        var to = Assert.Single(parsed.To.Mailboxes);
        Assert.Equal("cobros+es-00001@example.com", to.Address);
        Assert.Empty(parsed.Bcc);
        Assert.Empty(parsed.Cc);
        Assert.Single(parsed.From.Mailboxes);
        Assert.Equal(expectedSubject, parsed.Subject);
        Assert.DoesNotContain(parsed.Subject!, char.IsControl);
        Assert.DoesNotContain(to.Name!, char.IsControl);
        Assert.Equal(NoticeMessage.SingleLine(customerName), to.Name);
        Assert.False(parsed.Headers.Contains(HeaderId.Bcc) || parsed.Headers.Contains(HeaderId.Cc), "no Bcc or Cc header");
    }

    [Theory]
    [InlineData("a@example.com, victim@example.com")]
    [InlineData("a@example.com\r\nBcc: victim@example.com")]
    [InlineData("Eve <victim@example.com>")]
    [InlineData("not an address")]
    public async Task SendAsync_RecipientNotOnePlainAddress_RefusedNamingTheAccount(string address)
    {
        var sender = new EmlOutboxSender(_temp.Path, _ => address, "cobros@demo.example");
        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await sender.SendAsync(Message("Aviso", "cuerpo"), CancellationToken.None));
        Assert.StartsWith("the e-mail address of account 'ES-00001' must be exactly one plain address (was '", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    public void Dispose() => _temp.Dispose();

    private static OutboundMessage Message(string subject, string body, string customerName = "Talleres García S.L.")
    {
        var eur = Currency.EUR;
        var at = Instant.FromUtc(2025, 12, 4, 15, 0);
        var decision = new EscalationDecision(
            Key, "ES-00001", "cobranza-default", 1, "firm", EscalationActionKind.SendNotice, EscalationTone.Firm,
            NotificationChannel.Email, "reminder-firm", Language.Spanish, ImmutableArray.Create("ES-00001-A01/0"),
            Money.Of(1210m, eur), Money.Zero(eur), Money.Zero(eur), Money.Of(1210m, eur), 1, at, at, "3 days overdue");
        var customer = new CustomerProfile("ES-00001", customerName, Language.FromTag("es-ES"), DateTimeZoneProviders.Tzdb["Europe/Madrid"], "ES");
        return new OutboundMessage(decision, customer, NotificationChannel.Email, new RenderedNotice(subject, body, "text/plain", Language.Spanish));
    }

    /// <summary>A relay that counts what it sends (or fails like an unreachable SMTP server).</summary>
    private sealed class CountingRelay : INotificationSender
    {
        public int Sent { get; private set; }

        public bool Fail { get; set; }

        private int _attempts;

        public ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            _attempts++;
            if (Fail)
            {
                throw new IOException("connection refused");
            }

            Sent++;
            return ValueTask.FromResult($"relay:{_attempts}");
        }
    }
}
