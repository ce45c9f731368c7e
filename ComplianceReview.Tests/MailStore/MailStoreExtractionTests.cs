using System.Security.Cryptography;
using ComplianceReview.App.CustomerData.MailStore;
using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.CustomerData;
using MailKit;
using MimeKit;
using static ComplianceReview.Tests.MailStore.MailStoreTestData;

namespace ComplianceReview.Tests.MailStore;

/// <summary>
/// The mail-store source against a real Dovecot: the server's SEARCH picks the candidates, and only the named account's
/// messages inside the range (bounds included, to the second, whatever the sender's time zone) are extracted. Canaries just
/// outside the range, in another account's folder with the same subject and in a look-alike mailbox are planted beside them.
/// </summary>
public sealed class MailStoreExtractionTests(DovecotFixture dovecot) : IClassFixture<DovecotFixture>, IAsyncLifetime
{
    private static readonly DateRange March = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 31, 23, 59, 59, TimeSpan.Zero));
    private static readonly DateTimeOffset TakenAt = new(2026, 4, 2, 9, 0, 0, TimeSpan.Zero);

    private CustomerDataDatabase _database = null!;

    public async Task InitializeAsync() => _database = await CustomerDataDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [MailStoreFact]
    public async Task OnlyTheNamedMailboxInsideTheRangeIsExtractedAndNoCanaryAppears()
    {
        var server = dovecot.Server;
        var alice = Unique("alice");
        var bob = Unique("bob");
        var lookAlike = alice.Replace("@", "+news@", StringComparison.Ordinal);
        foreach (var mailbox in new[] { alice, bob, lookAlike }) await server.AddMailboxAsync(mailbox);
        var directory = await DirectoryWithAsync(_database, alice, bob, lookAlike);

        await server.AppendAsync(alice, "INBOX",
        [
            Message("in-first", March.From),
            Message("out-before", March.From.AddSeconds(-1)),
            Message("in-zone", new DateTimeOffset(2026, 2, 28, 20, 30, 0, TimeSpan.FromHours(-5))),   // 1 March 01:30 UTC, dated 28 February
            Message("out-zone", new DateTimeOffset(2026, 3, 31, 20, 0, 0, TimeSpan.FromHours(-5))),   // 1 April 01:00 UTC, dated 31 March
            Message("in-last", March.To),
            Message("out-after", March.EndExclusive),
            Message("out-far", new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero)),
        ]);
        await server.AppendAsync(alice, "Archive", [Message("in-archive", new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero), subject: "Quarterly numbers")]);
        // Another account, another folder, the same subject, inside the range; and a mailbox one sub-address away.
        await server.AppendAsync(bob, "Archive", [Message("canary-bob-archive", new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero), subject: "Quarterly numbers")]);
        await server.AppendAsync(bob, "INBOX", [Message("canary-bob-inbox", new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero))]);
        await server.AppendAsync(lookAlike, "INBOX", [Message("canary-look-alike", new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero))]);

        var snapshot = await Source(directory, server).ExtractAsync("LD-2026-000001", Warrant(AccountIdentifier.Parse(alice), March), TakenAt);

        var rows = Assert.Single(Assert.Single(snapshot.Identifiers).Categories).Rows;
        var cells = rows.SelectMany(r => r).ToList();
        foreach (var canary in new[] { "out-before", "out-zone", "out-after", "out-far", "canary-bob-archive", "canary-bob-inbox", "canary-look-alike" })
            Assert.DoesNotContain(cells, c => c.Contains(canary, StringComparison.Ordinal));
        // Folders by name (Archive before INBOX), messages in the order they arrived.
        Assert.Equal(["Body of in-archive", "Body of in-first", "Body of in-zone", "Body of in-last"], rows.Select(r => r[4].Split('\n')[0]));
        Assert.Equal(["2026-03-15 12:00:00 UTC", "2026-03-01 00:00:00 UTC", "2026-03-01 01:30:00 UTC", "2026-03-31 23:59:59 UTC"], rows.Select(r => r[0]));
        Assert.Equal(["Quarterly numbers", "sender@fabrikam.example", "holder@contoso.com", MessageDisclosure.NoAttachments],
            new[] { rows[0][3], rows[0][1], rows[0][2], rows[0][5] });
    }

    [MailStoreFact]
    public async Task EachRowCarriesTheOriginalMessageAsTheStoreHoldsIt()
    {
        var server = dovecot.Server;
        var alice = Unique("alice");
        await server.AddMailboxAsync(alice);
        var directory = await DirectoryWithAsync(_database, alice);
        var planted = new[] { Message("native-1", March.From.AddDays(3)), Message("native-2", March.From.AddDays(4)) };
        await server.AppendAsync(alice, "INBOX", planted);
        var sink = new NativeRecordingSink();

        await Source(directory, server).ExtractToAsync("LD-2026-000001", Warrant(AccountIdentifier.Parse(alice), March), TakenAt, sink);

        Assert.Equal(await StoredSha256Async(server, alice), sink.NativeSha256);
        Assert.Equal(planted.Select(m => m.MessageId), sink.MessageIds);
        Assert.All(sink.Extensions, e => Assert.Equal(".eml", e));
    }

    [MailStoreFact]
    public async Task TheExtractionOpensFoldersReadOnlyAndMarksNothingRead()
    {
        var server = dovecot.Server;
        var alice = Unique("alice");
        await server.AddMailboxAsync(alice);
        var directory = await DirectoryWithAsync(_database, alice);
        await server.AppendAsync(alice, "INBOX", [Message("unread", March.From.AddDays(1))]);

        var snapshot = await Source(directory, server).ExtractAsync("LD-2026-000001", Warrant(AccountIdentifier.Parse(alice), March), TakenAt);

        Assert.Single(Assert.Single(Assert.Single(snapshot.Identifiers).Categories).Rows);
        using var client = await server.OpenAsync(alice);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var flags = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Flags);
        Assert.False(Assert.Single(flags).Flags!.Value.HasFlag(MessageFlags.Seen));
    }

    [MailStoreFact]
    public async Task AttachmentsAreListedByNameSizeAndSha256AndAnHtmlBodyAsItsText()
    {
        var server = dovecot.Server;
        var alice = Unique("alice");
        await server.AddMailboxAsync(alice);
        var directory = await DirectoryWithAsync(_database, alice);
        var attachment = RandomNumberGenerator.GetBytes(5_000);
        var body = new BodyBuilder { HtmlBody = "<html><head><style>p { color: red }</style><script>var secret = 1;</script></head><body><p>Meet at noon</p><p>Bring the files</p></body></html>" };
        body.Attachments.Add("ledger.xlsx", attachment);
        var message = Message("with-attachment", March.From.AddDays(2));
        message.Body = body.ToMessageBody();
        await server.AppendAsync(alice, "INBOX", [message]);

        var snapshot = await Source(directory, server).ExtractAsync("LD-2026-000001", Warrant(AccountIdentifier.Parse(alice), March), TakenAt);

        var row = Assert.Single(Assert.Single(Assert.Single(snapshot.Identifiers).Categories).Rows);
        Assert.Equal($"ledger.xlsx (5,000 bytes, SHA-256 {Convert.ToHexStringLower(SHA256.HashData(attachment))})", row[5]);
        Assert.Equal("Meet at noon\nBring the files", row[4]);
    }

    [MailStoreFact]
    public async Task AnAccountWhoseMailboxIsMissingFromTheStoreFailsTheExtractionInsteadOfShowingNoMail()
    {
        var server = dovecot.Server;
        var ghost = Unique("ghost");
        var directory = await DirectoryWithAsync(_database, ghost);

        var failed = await Assert.ThrowsAsync<MailboxUnavailableException>(() =>
            Source(directory, server).ExtractAsync("LD-2026-000001", Warrant(AccountIdentifier.Parse(ghost), March), TakenAt));

        Assert.Contains(ghost, failed.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was extracted", failed.Message, StringComparison.Ordinal);
    }

    [MailStoreFact]
    public async Task DirectoryCategoriesComeFromTheDirectoryBesideTheMailInTheApprovedOrder()
    {
        var server = dovecot.Server;
        var alice = Unique("alice");
        await server.AddMailboxAsync(alice);
        var directory = await DirectoryWithAsync(_database, alice);
        await server.AppendAsync(alice, "INBOX", [Message("mixed", March.From.AddDays(5))]);

        var snapshot = await Source(directory, server).ExtractAsync("LD-2026-000001",
            Warrant(AccountIdentifier.Parse(alice), March, DataCategory.EmailContent, DataCategory.SubscriberIdentity), TakenAt);

        var categories = Assert.Single(snapshot.Identifiers).Categories;
        // The scope keeps the categories in the catalogue's order, whichever order they were approved in.
        Assert.Equal([DataCategory.SubscriberIdentity, DataCategory.EmailContent], categories.Select(c => c.Category));
        Assert.Equal(["Holder of " + alice, alice], Assert.Single(categories[0].Rows));
        Assert.Equal("Body of mixed\nsecond line", Assert.Single(categories[1].Rows)[4]);
    }

    /// <summary>The SHA-256 of each INBOX message as a plain IMAP FETCH of the whole message returns it, in UID order.</summary>
    private static async Task<List<string>> StoredSha256Async(DovecotServer server, string mailbox)
    {
        using var client = await server.OpenAsync(mailbox);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var hashes = new List<string>();
        foreach (var uid in (await client.Inbox.SearchAsync(MailKit.Search.SearchQuery.All)).OrderBy(u => u.Id))
        {
            await using var stream = await client.Inbox.GetStreamAsync(uid);
            hashes.Add(Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }
        return hashes;
    }

    private sealed class NativeRecordingSink : ISnapshotSink
    {
        public List<string> NativeSha256 { get; } = [];
        public List<string> Extensions { get; } = [];
        public List<string> MessageIds { get; } = [];

        public ValueTask BeginAsync(SnapshotHeader header, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask IdentifierAsync(IdentifierKind kind, string identifier, bool found, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask CategoryAsync(DataCategory category, IReadOnlyList<string> columns, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask RowAsync(IReadOnlyList<string> values, NativeFile? native, CancellationToken cancellationToken)
        {
            var file = native ?? throw new InvalidOperationException("A mail row without its original.");
            Extensions.Add(file.Extension);
            NativeSha256.Add(Convert.ToHexStringLower(await SHA256.HashDataAsync(file.Content, cancellationToken)));
            file.Content.Position = 0;
            MessageIds.Add((await MimeMessage.LoadAsync(file.Content, cancellationToken)).MessageId ?? "");
        }
    }
}
