using System.Net;
using ComplianceReview.Domain.Common;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ComplianceReview.App.CustomerData.MailStore;

/// <summary>One message of a mailbox inside a range: its disclosed row and its original bytes (positioned at 0).</summary>
public sealed record MailboxMessage(IReadOnlyList<string> Row, Stream Original);

/// <summary>The mailbox an extraction was asked for does not exist in the store (or the extraction account may not open it).</summary>
public sealed class MailboxUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads one account's mailbox over IMAP, only inside a date range, one message at a time. Signs in as the master user on
/// behalf of exactly that mailbox, so only its own folders are visible; lists the personal namespace only (never shared or
/// other users' namespaces), opens every folder read-only (EXAMINE: no flag changes, nothing marked read), and lets the
/// server's SEARCH pick the candidates by sent date: SENTSINCE/SENTBEFORE have day granularity in the sender's time zone,
/// so the search is widened by a day each side and each candidate's sent instant is then checked against the exact range.
/// </summary>
/// <remarks>
/// Order is deterministic for an unchanged store: folders by full name (ordinal), messages by UID. Memory is bounded by
/// <see cref="MailStoreOptions.FetchBatchBytes"/> plus the largest message (a batch is fetched, then handed on in UID
/// order), and the UID list of one folder's search (4 bytes a message).
/// </remarks>
public sealed class ImapMailStore(IOptions<MailStoreOptions> options)
{
    public async Task ReadAsync(string mailbox, DateRange range, Func<MailboxMessage, CancellationToken, ValueTask> each,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mailbox);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(each);
        var settings = options.Value;
        if (settings.Problem() is { } problem) throw new InvalidOperationException(problem);

        using var client = new ImapClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
        try
        {
            await client.AuthenticateAsync(new SaslMechanismPlain(new NetworkCredential(settings.MasterUser, settings.MasterPassword))
            {
                AuthorizationId = mailbox,
            }, cancellationToken);
        }
        catch (AuthenticationException e)
        {
            throw new MailboxUnavailableException(
                $"The mail store refused to open the mailbox {mailbox} for the extraction account: it does not exist there, or the account may not open it. Nothing was extracted.", e);
        }

        foreach (var folder in await FoldersAsync(client, cancellationToken))
            await ReadFolderAsync(folder, range, settings, each, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private static async Task<IReadOnlyList<IMailFolder>> FoldersAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var folders = new Dictionary<string, IMailFolder>(StringComparer.Ordinal) { [client.Inbox.FullName] = client.Inbox };
        foreach (var space in client.PersonalNamespaces)
            foreach (var folder in await client.GetFoldersAsync(space, subscribedOnly: false, cancellationToken))
                if (!folder.Attributes.HasFlag(FolderAttributes.NoSelect) && !folder.Attributes.HasFlag(FolderAttributes.NonExistent))
                    folders.TryAdd(folder.FullName, folder);
        return folders.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value).ToList();
    }

    private static async Task ReadFolderAsync(IMailFolder folder, DateRange range, MailStoreOptions settings,
        Func<MailboxMessage, CancellationToken, ValueTask> each, CancellationToken cancellationToken)
    {
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var query = SearchQuery.SentSince(range.From.UtcDateTime.Date.AddDays(-1))
            .And(SearchQuery.SentBefore(range.To.UtcDateTime.Date.AddDays(2)));
        var uids = (await folder.SearchAsync(query, cancellationToken)).OrderBy(u => u.Id).ToList();

        for (var start = 0; start < uids.Count;)
        {
            var candidates = uids.GetRange(start, Math.Min(settings.FetchBatchSize, uids.Count - start));
            var summaries = (await folder.FetchAsync(candidates, MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate | MessageSummaryItems.Size,
                cancellationToken)).ToDictionary(s => s.UniqueId);
            // As many as fit the byte budget (at least one), so one fetch never holds more than the budget and a message.
            var batch = new List<UniqueId>();
            long bytes = 0;
            foreach (var uid in candidates)
            {
                var size = summaries.TryGetValue(uid, out var summary) ? summary.Size ?? 0 : 0;
                if (batch.Count > 0 && bytes + size > settings.FetchBatchBytes) break;
                batch.Add(uid);
                bytes += size;
            }
            start += batch.Count;

            var fetched = new SortedDictionary<uint, MemoryStream>();
            try
            {
                await ((ImapFolder)folder).GetStreamsAsync(batch, async (_, _, uid, stream, token) =>
                {
                    var copy = new MemoryStream();
                    await stream.CopyToAsync(copy, token);
                    fetched[uid.Id] = copy;
                }, cancellationToken);

                foreach (var (uid, original) in fetched)
                {
                    original.Position = 0;
                    var message = await MimeMessage.LoadAsync(original, cancellationToken);
                    var receivedAt = summaries.TryGetValue(new UniqueId(uid), out var summary) && summary.InternalDate is { } internalDate
                        ? internalDate : DateTimeOffset.MinValue;
                    var sentAt = MessageDisclosure.SentAt(message, receivedAt);
                    if (!range.Contains(sentAt)) continue;
                    original.Position = 0;
                    await each(new MailboxMessage(MessageDisclosure.Row(message, sentAt), original), cancellationToken);
                }
            }
            finally
            {
                foreach (var stream in fetched.Values) await stream.DisposeAsync();
            }
        }
        await folder.CloseAsync(expunge: false, cancellationToken);
    }
}
