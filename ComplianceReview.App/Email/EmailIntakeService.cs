using System.Globalization;
using ComplianceReview.App.Data;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Requesters;
using ComplianceReview.Domain.Agencies;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Email;

/// <summary>What the intake form opens with after a message was taken in; the reviewer completes and registers it.</summary>
public sealed record IntakePrefill(
    string MessageSha256,
    string Sender,
    DateTimeOffset? SentAt,
    string? Subject,
    DirectoryAgency? Agency,
    UploadedDocument? OrderDocument,
    DocumentActiveContent OrderActiveContent,
    IReadOnlyList<ReceivedAttachment> Attachments);

public sealed record EmailIntakeResult(IntakePrefill? Prefill, string? Problem)
{
    public bool Succeeded => Prefill is not null;
}

/// <summary>
/// Takes in a demand that arrived by e-mail: the reviewer uploads the .eml; it is read inside bounds
/// (<see cref="EmailMessageReader"/>), every attachment goes through the hostile-document check, and the message and its
/// attachments are stored unchanged under their SHA-256 as evidence, with an audit entry, before the intake form opens
/// pre-filled. A refused message is audited too, by hash, and keeps nothing else.
/// </summary>
public sealed class EmailIntakeService(
    ComplianceWriter writer,
    ICurrentUser currentUser,
    EmailMessageReader reader,
    OrderDocumentCheck documentCheck,
    TimeProvider time,
    ILogger<EmailIntakeService> logger)
{
    /// <summary>Messages read at once in this process; more wait, so a burst of hostile uploads cannot take every core.</summary>
    private static readonly SemaphoreSlim Reading = new(2, 2);

    public async Task<EmailIntakeResult> ReceiveAsync(string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAnyRoleAsync(writer, "take in an e-mail message", null, [Roles.Reviewer], cancellationToken);
        var read = await ReadAsync(content, cancellationToken);
        if (read.Message is not { } message)
        {
            await writer.RecordAsync(user, RequesterAuditActions.EmailMessageRefused, null, new Dictionary<string, string?>
            {
                ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
                ["sizeBytes"] = content.LongLength.ToString(CultureInfo.InvariantCulture),
                ["problem"] = read.Problem,
            }, cancellationToken);
            return new EmailIntakeResult(null, read.Problem);
        }

        var attachments = new List<ReceivedAttachment>();
        UploadedDocument? order = null;
        var orderActiveContent = DocumentActiveContent.None;
        foreach (var attachment in message.Attachments)
        {
            // The hostile-document check runs on every attachment, whatever it claims to be: a name or type is the sender's word.
            var verdict = await documentCheck.CheckAsync(attachment.Content, cancellationToken);
            var check = verdict.Problem is { } problem ? $"refused as an order document: {problem}"
                : verdict.ActiveContent != DocumentActiveContent.None ? $"accepted; active content: {verdict.ActiveContent.Describe()}"
                : "accepted";
            attachments.Add(new ReceivedAttachment
            {
                FileName = attachment.FileName,
                ContentType = attachment.ContentType,
                Sha256 = attachment.Sha256,
                SizeBytes = attachment.Content.LongLength,
                Check = check.Length > ReceivedAttachment.MaxCheckLength ? check[..ReceivedAttachment.MaxCheckLength] : check,
            });
            if (order is null && verdict.Accepted)
            {
                order = new UploadedDocument(attachment.FileName, attachment.Content);
                orderActiveContent = verdict.ActiveContent;
            }
        }

        var now = time.GetUtcNow();
        var record = new ReceivedMessageRecord
        {
            Sha256 = message.Sha256,
            FileName = DemandService.SafeFileName(string.IsNullOrWhiteSpace(fileName) ? "message.eml" : fileName),
            From = message.Sender.Value,
            Subject = message.Subject,
            SentAt = message.SentAt,
            ReceivedAt = now,
            ReceivedById = user.Id,
            ReceivedByName = user.Name,
            SizeBytes = content.LongLength,
            Attachments = attachments,
        };
        var directory = await writer.WriteAsync(async db =>
        {
            await KeepAsync(db, message.Sha256, "message/rfc822", content, now, cancellationToken);
            foreach (var attachment in message.Attachments)
                await KeepAsync(db, attachment.Sha256, attachment.ContentType, attachment.Content, now, cancellationToken);
            var known = await db.ReceivedMessages.AnyAsync(m => m.Sha256 == message.Sha256, cancellationToken);
            if (!known) db.ReceivedMessages.Add(record);
            await writer.Audit.AppendAsync(db, user, RequesterAuditActions.EmailMessageReceived, null, new Dictionary<string, string?>
            {
                ["sha256"] = message.Sha256,
                ["from"] = message.Sender.Value,
                ["sentAt"] = message.SentAt?.ToString("O", CultureInfo.InvariantCulture),
                ["attachments"] = string.Join(" ", attachments.Select(a => a.Sha256)),
                ["again"] = known ? "true" : null,
            }, cancellationToken);
            return await db.DirectoryAgencies.AsNoTracking().ToListAsync(cancellationToken);
        }, cancellationToken);

        var agency = directory.FirstOrDefault(a => a.Owns(message.Sender.Domain));
        return new EmailIntakeResult(new IntakePrefill(message.Sha256, message.Sender.Value, message.SentAt, message.Subject, agency, order, orderActiveContent, attachments), null);
    }

    private async Task<MessageReadResult> ReadAsync(byte[] content, CancellationToken cancellationToken)
    {
        await Reading.WaitAsync(cancellationToken);
        try
        {
            // Off the circuit's thread: a slow message delays its own upload only.
            return await Task.Run(() => reader.Read(content, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "An uploaded message could not be read");
            return MessageReadResult.Refuse("The message could not be read (it is malformed); it is refused. Ask the sender for the demand again.");
        }
        finally
        {
            Reading.Release();
        }
    }

    private static async Task KeepAsync(ComplianceDbContext db, string sha256, string contentType, byte[] content, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (db.Documents.Local.Any(d => d.Sha256 == sha256) || await db.Documents.AnyAsync(d => d.Sha256 == sha256, cancellationToken)) return;
        db.Documents.Add(new StoredDocument { Sha256 = sha256, ContentType = contentType, Content = content, StoredAt = now });
    }
}
