using System.Diagnostics;

namespace ComplianceReview.App.Documents.Intake;

/// <summary>
/// The bounds every check of an uploaded file runs in, whatever its format (PDF orders today; e-mail and CSV intake use the
/// same when they come): how many run at once, how long one may take, the stack it gets. Figures and reasons:
/// docs/decisions/0007-hostile-order-documents.md.
/// </summary>
public sealed record DocumentCheckLimits
{
    /// <summary>Checks at once in this process; more wait. Memory is bounded by this times one check's bound.</summary>
    public const int ConcurrentChecks = 2;

    /// <summary>How long one check may run before it is refused as too slow (its thread is told to stop at once).</summary>
    public static readonly TimeSpan CheckTime = TimeSpan.FromSeconds(15);

    /// <summary>How long an upload waits for a free slot before it is refused as "busy, try again".</summary>
    public static readonly TimeSpan QueueTime = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The checking thread's stack. The scans that run before any parser are iterative and refuse deep nesting, so this is a
    /// second line: a stack overflow cannot be caught in .NET, and it ends the process.
    /// </summary>
    public const int StackBytes = 64 * 1024 * 1024;

    public static DocumentCheckLimits Default { get; } = new();

    public int MaxConcurrentChecks { get; init; } = ConcurrentChecks;
    public TimeSpan MaxCheckTime { get; init; } = CheckTime;
    public TimeSpan MaxQueueTime { get; init; } = QueueTime;
    public int ThreadStackBytes { get; init; } = StackBytes;
}

public enum BoundedRunStatus
{
    Completed,

    /// <summary>No slot came free within <see cref="DocumentCheckLimits.MaxQueueTime"/>.</summary>
    Busy,

    /// <summary>The check did not finish within <see cref="DocumentCheckLimits.MaxCheckTime"/>.</summary>
    TimedOut,

    /// <summary>The check threw something it did not expect: a bug in the check, never the file's fault alone.</summary>
    Faulted,
}

/// <summary>What a bounded run returned, and what it cost on its own thread.</summary>
public sealed record BoundedRun<T>(BoundedRunStatus Status, T? Result, TimeSpan Elapsed, long AllocatedBytes, Exception? Fault = null);

/// <summary>
/// Runs a check of untrusted bytes off the caller's thread (a Blazor circuit's, a request's), on a dedicated thread with a
/// large explicit stack, behind a semaphore that bounds how many run at once, with a deadline the check is handed as a
/// cancellation token. The caller waits asynchronously; if the check overruns, the caller gets <see cref="BoundedRunStatus.TimedOut"/>
/// at the deadline and the thread keeps its slot until it stops, so overruns cannot pile up beyond the slots.
/// Registered once per process: the slots are shared by the intake form and the API.
/// </summary>
public sealed class BoundedDocumentCheck(DocumentCheckLimits limits, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _slots = new(limits.MaxConcurrentChecks, limits.MaxConcurrentChecks);

    public DocumentCheckLimits Limits => limits;

    /// <summary>Checks running now (for tests and diagnostics).</summary>
    public int Running => limits.MaxConcurrentChecks - _slots.CurrentCount;

    public async Task<BoundedRun<T>> RunAsync<T>(string name, Func<CancellationToken, T> check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!await _slots.WaitAsync(limits.MaxQueueTime, cancellationToken))
            return new BoundedRun<T>(BoundedRunStatus.Busy, default, TimeSpan.Zero, 0);

        var deadline = new CancellationTokenSource(limits.MaxCheckTime, time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var completion = new TaskCompletionSource<BoundedRun<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var started = Stopwatch.GetTimestamp();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            BoundedRun<T> run;
            try
            {
                var result = check(linked.Token);
                run = new BoundedRun<T>(BoundedRunStatus.Completed, result, Stopwatch.GetElapsedTime(started), GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !deadline.IsCancellationRequested)
            {
                // The caller gave up (the request was aborted, the circuit closed): nobody waits for an answer.
                run = new BoundedRun<T>(BoundedRunStatus.TimedOut, default, Stopwatch.GetElapsedTime(started), GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                run = new BoundedRun<T>(BoundedRunStatus.TimedOut, default, Stopwatch.GetElapsedTime(started), GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            }
            catch (Exception e)
            {
                // Whatever the check throws (OutOfMemoryException included) stays on this thread: the process lives on.
                run = new BoundedRun<T>(BoundedRunStatus.Faulted, default, Stopwatch.GetElapsedTime(started), GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, e);
            }
            finally
            {
                linked.Dispose();
                deadline.Dispose();
                _slots.Release();
            }
            completion.TrySetResult(run);
        }, limits.ThreadStackBytes)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();

        // The check is asked to stop at the deadline; if it does not within a grace period, the caller is answered anyway.
        using var stopWaiting = new CancellationTokenSource();
        var answered = await Task.WhenAny(completion.Task, Task.Delay(limits.MaxCheckTime + Grace, time, stopWaiting.Token));
        await stopWaiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return answered == completion.Task
            ? await completion.Task
            : new BoundedRun<T>(BoundedRunStatus.TimedOut, default, limits.MaxCheckTime + Grace, 0);
    }

    public void Dispose() => _slots.Dispose();
}
