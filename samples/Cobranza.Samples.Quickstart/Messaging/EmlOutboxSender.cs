using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Ports;

namespace Cobranza.Samples.Quickstart.Messaging;

/// <summary>
/// <see cref="INotificationSender"/> that writes each message as an <c>.eml</c> file into an outbox folder, one file
/// per idempotency key: the file is written under a temporary name and moved into place without overwriting, so a
/// rerun (or a retry after a crash) finds the file there and sends nothing twice. Every channel is written (letters
/// too, for the print room); the optional SMTP relay then sends the e-mails.
/// </summary>
internal sealed class EmlOutboxSender : INotificationSender
{
    private readonly string _outbox;
    private readonly Func<string, string> _recipientOf;
    private readonly string _sender;
    private readonly INotificationSender? _relay;

    /// <param name="outbox">The folder (created when missing).</param>
    /// <param name="recipientOf">The address of an account's customer.</param>
    /// <param name="sender">The From address.</param>
    /// <param name="relay">Sends e-mails on after they are written (SMTP), or null.</param>
    public EmlOutboxSender(string outbox, Func<string, string> recipientOf, string sender, INotificationSender? relay = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outbox);
        _outbox = Path.GetFullPath(outbox);
        _recipientOf = recipientOf ?? throw new ArgumentNullException(nameof(recipientOf));
        _sender = sender;
        _relay = relay;
        Directory.CreateDirectory(_outbox);
    }

    /// <summary>The outbox folder.</summary>
    public string Outbox => _outbox;

    /// <inheritdoc/>
    public async ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var name = NoticeMessage.FileNameFor(message.IdempotencyKey);
        var path = Path.Combine(_outbox, name);
        if (!File.Exists(path))
        {
            var mime = NoticeMessage.Build(message, _recipientOf(message.Decision.AccountId), _sender);
            var temporary = Path.Combine(_outbox, "." + name + ".tmp");
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await mime.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary); // another attempt wrote it first: keep that one
            }
        }

        if (_relay is not null && message.Channel == Cobranza.Core.Escalation.NotificationChannel.Email)
        {
            return await _relay.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }

        return "eml:" + name;
    }
}
