using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Cobranza.Core.Ports;

namespace Cobranza.Samples.Quickstart.Messaging;

/// <summary>
/// <see cref="INotificationSender"/> that writes each message as an <c>.eml</c> file into an outbox folder, one file
/// per idempotency key. A file appears whole or not at all: it is written under a temporary name of its own, flushed
/// to disk and moved into place without overwriting, so a crash never leaves half a notice under a notice's name, and
/// a rerun (or a retry after a crash) finds the file there and sends nothing twice. Every channel is written (letters
/// too, for the print room). With an SMTP relay, an e-mail is sent first and its file written after the server
/// accepted it: the file is the record that the key was sent, and a key whose file exists is never sent over SMTP
/// again. The one window left is a crash between the server's acceptance and the file's rename: the retry sends again,
/// with the same Message-ID (at-least-once, see docs/running.md).
/// </summary>
internal sealed class EmlOutboxSender : INotificationSender
{
    private const string TemporarySuffix = ".tmp";

    private readonly string _outbox;
    private readonly Func<string, string> _recipientOf;
    private readonly string _sender;
    private readonly INotificationSender? _relay;

    /// <param name="outbox">The folder (created when missing).</param>
    /// <param name="recipientOf">The address of an account's customer.</param>
    /// <param name="sender">The From address.</param>
    /// <param name="relay">Sends e-mails on before they are written (SMTP), or null.</param>
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

    /// <summary>
    /// Deletes the temporary files that a killed run left behind (never a notice). Call it only while holding the
    /// outbox's <see cref="Storage.SampleLock"/>: another run's file being written would look the same.
    /// </summary>
    /// <returns>How many were deleted.</returns>
    public int RemoveAbandonedTemporaryFiles()
    {
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(_outbox, ".*" + TemporarySuffix))
        {
            File.Delete(file);
            removed++;
        }

        return removed;
    }

    /// <inheritdoc/>
    public async ValueTask<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var name = NoticeMessage.FileNameFor(message.IdempotencyKey);
        var path = Path.Combine(_outbox, name);
        if (File.Exists(path))
        {
            return "eml:" + name; // written (and relayed) by an earlier attempt: never sent again
        }

        var mime = NoticeMessage.Build(message, _recipientOf(message.Decision.AccountId), _sender);
        string reference = "eml:" + name;
        if (_relay is not null && message.Channel == Cobranza.Core.Escalation.NotificationChannel.Email)
        {
            reference = await _relay.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }

        // A temporary name per attempt (two writers never share one), flushed to disk before the rename.
        var temporary = Path.Combine(_outbox, $".{name}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await mime.WriteToAsync(stream, CancellationToken.None).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another attempt wrote it first: keep that one.
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return reference;
    }
}
