using System.Security.Cryptography;
using System.Text;
using ComplianceReview.Domain.Agencies;
using MimeKit;

namespace ComplianceReview.App.Email;

/// <summary>The bounds an uploaded message must stay within; anything beyond is refused with a message, never parsed further.</summary>
public sealed record EmailIntakeLimits
{
    public long MaxMessageBytes { get; init; } = 30L * 1024 * 1024;
    public int MaxHeaderBlockBytes { get; init; } = 64 * 1024;
    public int MaxHeadersPerPart { get; init; } = 300;
    public int MaxMimeDepth { get; init; } = 10;
    public int MaxParts { get; init; } = 200;
    public int MaxAttachments { get; init; } = 25;
    public long MaxAttachmentBytes { get; init; } = Domain.Demands.OrderDocument.MaxSizeBytes;
    public long MaxDecodedBytes { get; init; } = 60L * 1024 * 1024;
    public TimeSpan MaxParseTime { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>One attachment as it arrived: its bytes after the transfer encoding is undone (what the agency attached).</summary>
public sealed record MessageAttachment(string FileName, string ContentType, byte[] Content, string Sha256);

/// <summary>What was read from a message: sender, date, subject, attachments, and the message's own hash.</summary>
public sealed record ReadMessage(string Sha256, SenderAddress Sender, string? SenderName, DateTimeOffset? SentAt, string? Subject,
    IReadOnlyList<MessageAttachment> Attachments);

/// <summary>Either the message as read, or why it was refused (a sentence for the reviewer).</summary>
public sealed record MessageReadResult(ReadMessage? Message, string? Problem)
{
    public static MessageReadResult Refuse(string problem) => new(null, problem);
}

/// <summary>
/// Reads an uploaded .eml with MimeKit inside fixed bounds: size, the header block, headers per part, nesting depth,
/// number of parts and attachments, decoded bytes and parse time. A message outside them is refused with a sentence
/// saying which bound, before more work is spent on it; nothing in a message can throw past this class.
/// </summary>
public sealed class EmailMessageReader(EmailIntakeLimits limits)
{
    public MessageReadResult Read(byte[] content, CancellationToken cancellationToken = default)
    {
        if (content.LongLength == 0) return MessageReadResult.Refuse("The file is empty; upload the message as saved from the mail client (.eml).");
        if (content.LongLength > limits.MaxMessageBytes)
            return MessageReadResult.Refuse($"The message is {content.LongLength / (1024 * 1024)} MB; at most {limits.MaxMessageBytes / (1024 * 1024)} MB is taken in.");
        if (HeaderBlockLength(content) is not { } headerBytes || headerBytes > limits.MaxHeaderBlockBytes)
            return MessageReadResult.Refuse($"The message's headers are larger than {limits.MaxHeaderBlockBytes / 1024} KB (or never end): not a message a mail server delivers. It is refused.");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.MaxParseTime);
        try
        {
            return ReadBounded(content, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return MessageReadResult.Refuse($"Reading the message took longer than {limits.MaxParseTime.TotalSeconds:0} seconds; it is refused.");
        }
        catch (FormatException)
        {
            return MessageReadResult.Refuse("The file is not a readable e-mail message (MIME). Save the message from the mail client as .eml and upload that.");
        }
        catch (Exception e) when (e is DecoderFallbackException or ArgumentException or InvalidOperationException or NotSupportedException or IOException)
        {
            return MessageReadResult.Refuse("The message is malformed (its encoding cannot be read); it is refused. Ask the sender for the demand again.");
        }
    }

    private MessageReadResult ReadBounded(byte[] content, CancellationToken cancellationToken)
    {
        var options = new ParserOptions { MaxMimeDepth = limits.MaxMimeDepth + 1, MaxAddressGroupDepth = 3 };
        using var stream = new MemoryStream(content, writable: false);
        var message = new MimeParser(options, stream, persistent: false).ParseMessage(cancellationToken);

        var walk = new Walk(limits);
        walk.Visit(message.Body, 1, cancellationToken);
        if (walk.Problem is { } structure) return MessageReadResult.Refuse(structure);
        if (message.Headers.Count > limits.MaxHeadersPerPart)
            return MessageReadResult.Refuse($"The message has {message.Headers.Count} headers (at most {limits.MaxHeadersPerPart}); it is refused.");

        var mailbox = message.From.Mailboxes.FirstOrDefault();
        if (mailbox is null || !SenderAddress.TryParse(mailbox.Address, out var sender, out _))
            return MessageReadResult.Refuse("The message has no readable sender (From) address, so where it came from cannot be checked. It is refused.");
        var subject = message.Subject;
        if (IsGarbled(subject) || IsGarbled(mailbox.Name) || IsGarbled(mailbox.Address))
            return MessageReadResult.Refuse("The message's sender or subject is not validly encoded (unreadable characters); it is refused. Ask the sender for the demand again.");
        DateTimeOffset? sentAt = message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date.ToUniversalTime() : null;
        return new MessageReadResult(new ReadMessage(Convert.ToHexStringLower(SHA256.HashData(content)), sender,
            string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name, sentAt, Trim(subject, Data.ReceivedMessageRecord.MaxSubjectLength), walk.Attachments), null);
    }

    /// <summary>Where the top-level header block ends (its blank line), or null when it does not end in the first bytes.</summary>
    private int? HeaderBlockLength(byte[] content)
    {
        var limit = Math.Min(content.Length, limits.MaxHeaderBlockBytes + 4);
        for (var i = 0; i < limit; i++)
        {
            if (content[i] != '\n') continue;
            if (i + 1 < content.Length && content[i + 1] == '\n') return i;
            if (i + 2 < content.Length && content[i + 1] == '\r' && content[i + 2] == '\n') return i;
        }
        return content.Length <= limits.MaxHeaderBlockBytes ? content.Length : null;
    }

    private static bool IsGarbled(string? text) =>
        text is not null && text.Any(c => c == '\uFFFD' || (char.IsControl(c) && c is not ('\t' or '\r' or '\n')));

    private static string? Trim(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length > max ? text.Trim()[..max] : text.Trim();

    private sealed class Walk(EmailIntakeLimits limits)
    {
        private int _parts;
        private long _decoded;

        public List<MessageAttachment> Attachments { get; } = [];
        public string? Problem { get; private set; }

        public void Visit(MimeEntity? entity, int depth, CancellationToken cancellationToken)
        {
            if (entity is null || Problem is not null) return;
            cancellationToken.ThrowIfCancellationRequested();
            if (++_parts > limits.MaxParts) { Problem = $"The message has more than {limits.MaxParts} MIME parts; it is refused."; return; }
            if (entity.Headers.Count > limits.MaxHeadersPerPart) { Problem = $"A part of the message has more than {limits.MaxHeadersPerPart} headers; it is refused."; return; }
            // Past MaxMimeDepth the parser stops and leaves a multipart as a leaf: that, or a deeper part, is too deep.
            if (depth > limits.MaxMimeDepth || (entity is MimePart && entity.ContentType.IsMimeType("multipart", "*")))
            {
                Problem = $"The message nests parts more than {limits.MaxMimeDepth} levels deep; no mail client writes that. It is refused.";
                return;
            }
            switch (entity)
            {
                case Multipart multipart:
                    foreach (var child in multipart) Visit(child, depth + 1, cancellationToken);
                    break;
                case MessagePart forwarded:
                    // A forwarded message is kept whole as an attachment (its bytes as they came), not opened.
                    Add(forwarded.ContentDisposition?.FileName ?? "forwarded-message.eml", "message/rfc822",
                        stream => forwarded.Message?.WriteTo(stream, cancellationToken), cancellationToken);
                    break;
                case MimePart part when part.IsAttachment || part.FileName is not null || !part.ContentType.IsMimeType("text", "*"):
                    if (part.ContentTransferEncoding == ContentEncoding.Default && part.Headers.Contains(HeaderId.ContentTransferEncoding))
                    {
                        Problem = $"An attachment has an unknown transfer encoding (\"{Shorten(part.Headers[HeaderId.ContentTransferEncoding])}\"); it cannot be read as sent. The message is refused.";
                        return;
                    }
                    Add(part.FileName ?? "attachment", part.ContentType.MimeType, stream => part.Content?.DecodeTo(stream, cancellationToken), cancellationToken);
                    break;
            }
        }

        private void Add(string fileName, string contentType, Action<Stream> decode, CancellationToken cancellationToken)
        {
            if (Attachments.Count >= limits.MaxAttachments)
            {
                Problem = $"The message has more than {limits.MaxAttachments} attachments; a demand does not come with that many. It is refused.";
                return;
            }
            using var buffer = new CappedStream(Math.Min(limits.MaxAttachmentBytes, limits.MaxDecodedBytes - _decoded));
            try
            {
                decode(buffer);
            }
            catch (CappedStream.FullException)
            {
                Problem = _decoded + buffer.Length >= limits.MaxDecodedBytes
                    ? $"The message's attachments come to more than {limits.MaxDecodedBytes / (1024 * 1024)} MB; it is refused."
                    : $"An attachment ({Shorten(fileName)}) is larger than {limits.MaxAttachmentBytes / (1024 * 1024)} MB; it is refused.";
                return;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = buffer.ToArray();
            _decoded += bytes.LongLength;
            Attachments.Add(new MessageAttachment(Services.DemandService.SafeFileName(fileName),
                contentType.Length > Data.StoredDocument.MaxContentTypeLength ? "application/octet-stream" : contentType.ToLowerInvariant(),
                bytes, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }

        private static string Shorten(string? text) => text is null ? "" : text.Length > 40 ? text[..40] + "…" : text;
    }

    /// <summary>A memory stream that refuses to grow past its capacity: decoding stops at the bound, not after it.</summary>
    private sealed class CappedStream(long cap) : MemoryStream
    {
        public sealed class FullException : Exception;

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > cap) throw new FullException();
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Length + buffer.Length > cap) throw new FullException();
            base.Write(buffer);
        }

        public override void WriteByte(byte value)
        {
            if (Length + 1 > cap) throw new FullException();
            base.WriteByte(value);
        }
    }
}
