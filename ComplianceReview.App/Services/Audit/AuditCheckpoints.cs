using ComplianceReview.App.Data;
using ComplianceReview.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Services.Audit;

/// <summary>
/// Writes signed checkpoints of the chain's head to the digest store: after a commit that passes a multiple of
/// <see cref="AuditOptions.CheckpointEvery"/> entries, every <see cref="AuditOptions.CheckpointInterval"/> while the chain
/// grows (<see cref="AuditCheckpointTimer"/>), and after every verification. A checkpoint that cannot be written is logged
/// as an error and never fails the change it follows: that change is committed already.
/// </summary>
public sealed class AuditCheckpoints(
    IAuditCheckpointStore store,
    AuditKeyRing keys,
    TimeProvider time,
    IOptions<AuditOptions> options,
    ILogger<AuditCheckpoints> logger)
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private long _lastWritten;

    /// <summary>Every checkpoint in the store, read while none of this instance's is being written (so none is read half-written).</summary>
    public async Task<IReadOnlyList<StoredCheckpoint>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            return await store.ReadAllAsync(cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>After a commit whose last entry is <paramref name="head"/>: a checkpoint when a multiple of N was passed.</summary>
    public Task AfterCommitAsync(AuditHead head)
    {
        var every = Math.Max(1, options.Value.CheckpointEvery);
        return head.Sequence / every > Interlocked.Read(ref _lastWritten) / every ? WriteAsync(head, CancellationToken.None) : Task.CompletedTask;
    }

    /// <summary>Writes a checkpoint of <paramref name="head"/> unless this instance wrote one at or past it; true when written.</summary>
    public async Task<bool> WriteAsync(AuditHead head, CancellationToken cancellationToken)
    {
        if (head.Sequence == 0) return false;
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (head.Sequence <= _lastWritten) return false;
            var written = await store.AppendAsync(AuditCheckpoint.Create(head, time.GetUtcNow(), keys.Signing), cancellationToken);
            Interlocked.Exchange(ref _lastWritten, head.Sequence);
            return written;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "The audit checkpoint of entry {Sequence} could not be written to the digest store.", head.Sequence);
            return false;
        }
        finally
        {
            _writing.Release();
        }
    }
}

/// <summary>Checkpoints the head every <see cref="AuditOptions.CheckpointInterval"/> when it moved, so a quiet trail is sealed too.</summary>
public sealed class AuditCheckpointTimer(
    AuditCheckpoints checkpoints,
    IDbContextFactory<ComplianceDbContext> contexts,
    TimeProvider time,
    IOptions<AuditOptions> options,
    ILogger<AuditCheckpointTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                    var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
                        .Select(e => new AuditHead(e.Sequence, e.Hash)).FirstOrDefaultAsync(stoppingToken);
                    if (head is not null) await checkpoints.WriteAsync(head, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The periodic audit checkpoint failed; the next interval tries again.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
