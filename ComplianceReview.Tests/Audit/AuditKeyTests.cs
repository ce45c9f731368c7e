using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Tests.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceReview.Tests.Audit;

/// <summary>
/// The audit keys come from configuration: a rotation is recorded in the trail and the trail keeps verifying with the
/// whole ring; a key is never used again once rotated away from; the app does not start without a usable key. Checkpoints
/// are written every N entries and on the timer.
/// </summary>
public sealed class AuditKeyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cr-audit-keys-").FullName;
    private readonly AuditKey _first = TestAuditKeys.NewKey("first-1");
    private readonly AuditKey _second = TestAuditKeys.NewKey("second-1");

    [Fact]
    public async Task ARotationIsRecordedAndTheTrailVerifiesWithTheWholeRing()
    {
        await using (var before = await StartAsync([_first]))
        {
            await RecordAsync(before, 3);
        }
        await using var after = await StartAsync([_first, _second]);
        await RecordAsync(after, 2);

        var chain = await ChainAsync(after);
        Assert.Equal(["first-1", "first-1", "first-1", "second-1", "second-1", "second-1"], chain.Select(e => e.KeyId));
        var rotation = chain[3];
        Assert.Equal(AuditActions.AuditKeyRotated, rotation.Action);
        Assert.Equal(AuditTrail.SystemActor.Id, rotation.ActorId);
        Assert.Equal("{\"keyId\":\"second-1\",\"previousKeyId\":\"first-1\"}", rotation.DetailsJson);
        var verified = await after.ServiceAs<AuditVerificationService>(TestUser.Auditor).VerifyAsync();
        Assert.True(verified.IsValid, verified.Problem);

        await using var withoutTheOldKey = await StartAsync([_second]);
        var refused = await withoutTheOldKey.ServiceAs<AuditVerificationService>(TestUser.Auditor).VerifyAsync();
        Assert.False(refused.IsValid);
        Assert.Equal(1, refused.FirstBadSequence);
        Assert.Contains("'first-1', which this instance does not hold", refused.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyRotatedAwayFromIsNeverUsedAgain()
    {
        await using (var first = await StartAsync([_first]))
        {
            await RecordAsync(first, 1);
        }
        await using (var second = await StartAsync([_first, _second]))
        {
            await RecordAsync(second, 1);
        }
        await using var back = await StartAsync([_first, _second], signingKeyId: "first-1");
        var count = (await ChainAsync(back)).Count;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => RecordAsync(back, 1));

        Assert.Contains("rotated away from", refused.Message, StringComparison.Ordinal);
        Assert.Equal(count, (await ChainAsync(back)).Count);
    }

    [Theory]
    [InlineData("", "a2V5", "An audit key id is")]
    [InlineData("k-1", "not base64!", "Audit:Keys:0:Secret is not base64")]
    [InlineData("k-1", "c2hvcnQ=", "needs at least 32")]
    public void TheAppDoesNotStartWithoutAUsableKey(string id, string secret, string message)
    {
        using var factory = new IdentityAppFactory("Staging", new Dictionary<string, string>
        {
            ["Identity:DevelopmentSignIn"] = "true",
            ["Audit:Keys:0:Id"] = id,
            ["Audit:Keys:0:Secret"] = secret,
        });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(message, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoKeyAtAllSaysWhatToSet()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new AuditOptions().BuildKeyRing());

        Assert.Contains("Set Audit:Keys:0:Id and Audit:Keys:0:Secret", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointsAreWrittenEveryNEntriesAndOnTheTimer()
    {
        var written = new WatchedStore();
        await using var app = await StartAsync([_first], checkpointEvery: 5, store: written);

        await RecordAsync(app, 12);
        Assert.Equal([5L, 10], written.Sequences);

        var timerCheckpoint = written.Next();
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await timerCheckpoint.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([5L, 10, 12], written.Sequences);
        var stored = await app.Services.GetRequiredService<IAuditCheckpointStore>().ReadAllAsync(CancellationToken.None);
        Assert.All(stored, c => Assert.True(c.Checkpoint!.IsAuthentic(new AuditKeyRing([_first]))));
    }

    private async Task<KeyedAppFactory> StartAsync(AuditKey[] keys, string? signingKeyId = null, int? checkpointEvery = null, WatchedStore? store = null)
    {
        var app = new KeyedAppFactory(Path.Combine(_directory, "compliance.db"), Path.Combine(_directory, "checkpoints"), keys, signingKeyId,
            checkpointEvery, store);
        await ((IAsyncLifetime)app).InitializeAsync();
        return app;
    }

    private static async Task RecordAsync(ComplianceAppFactory app, int count)
    {
        var writer = app.Services.GetRequiredService<ComplianceWriter>();
        for (var i = 0; i < count; i++) await writer.RecordAsync(TestUser.Reviewer1.User, AuditActions.DemandViewed, null);
    }

    private static async Task<List<AuditEntry>> ChainAsync(ComplianceAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // temp files, best effort
    }

    /// <summary>An instance on the test's database and digest store with the given ring.</summary>
    private sealed class KeyedAppFactory(string databasePath, string checkpointPath, AuditKey[] keys, string? signingKeyId, int? checkpointEvery,
        WatchedStore? store) : ComplianceAppFactory
    {
        protected override void Configure(IDictionary<string, string?> settings)
        {
            settings["Database:SqlitePath"] = databasePath;
            settings["Audit:CheckpointPath"] = checkpointPath;
            settings["Audit:CheckpointInterval"] = "00:01:00";
            if (checkpointEvery is { } every) settings["Audit:CheckpointEvery"] = every.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (signingKeyId is not null) settings["Audit:SigningKeyId"] = signingKeyId;
            for (var i = 0; i < keys.Length; i++)
            {
                settings[$"Audit:Keys:{i}:Id"] = keys[i].Id;
                settings[$"Audit:Keys:{i}:Secret"] = TestAuditKeys.SecretOf(keys[i]);
            }
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (store is null) return;
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<IAuditCheckpointStore>();
                services.AddSingleton<IAuditCheckpointStore>(store.Over(new FolderCheckpointStore(checkpointPath)));
            });
        }
    }

    /// <summary>The folder store, telling the test which sequences were checkpointed and when the next one is.</summary>
    private sealed class WatchedStore : IAuditCheckpointStore
    {
        private readonly Lock _gate = new();
        private readonly List<long> _sequences = [];
        private IAuditCheckpointStore _inner = null!;
        private TaskCompletionSource? _next;

        public IReadOnlyList<long> Sequences
        {
            get
            {
                lock (_gate) return [.. _sequences];
            }
        }

        public WatchedStore Over(IAuditCheckpointStore inner)
        {
            _inner = inner;
            return this;
        }

        public Task Next()
        {
            lock (_gate) return (_next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        public async Task<bool> AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            var added = await _inner.AppendAsync(checkpoint, cancellationToken);
            lock (_gate)
            {
                _sequences.Add(checkpoint.Sequence);
                _next?.TrySetResult();
            }
            return added;
        }

        public Task<IReadOnlyList<StoredCheckpoint>> ReadAllAsync(CancellationToken cancellationToken) => _inner.ReadAllAsync(cancellationToken);
    }
}
