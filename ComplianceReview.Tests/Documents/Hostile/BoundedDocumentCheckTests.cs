using System.Runtime.CompilerServices;
using ComplianceReview.App.Documents.Intake;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceReview.Tests.Documents.Hostile;

/// <summary>The bounds any file check runs in: slots, queue time, deadline, its own thread and stack, faults kept in.</summary>
public sealed class BoundedDocumentCheckTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task NoMoreChecksRunAtOnceThanThereAreSlots()
    {
        using var bounds = new BoundedDocumentCheck(DocumentCheckLimits.Default, TimeProvider.System);
        using var gate = new ManualResetEventSlim();
        using var started = new SemaphoreSlim(0);
        var running = 0;
        var most = 0;

        var checks = Enumerable.Range(0, 6).Select(_ => bounds.RunAsync("test", _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            started.Release();
            gate.Wait(Patience);
            Interlocked.Decrement(ref running);
            return now;
        })).ToList();
        Assert.True(await started.WaitAsync(Patience));
        Assert.True(await started.WaitAsync(Patience));
        Assert.Equal(DocumentCheckLimits.ConcurrentChecks, bounds.Running);
        gate.Set();
        var runs = await Task.WhenAll(checks);

        Assert.All(runs, r => Assert.Equal(BoundedRunStatus.Completed, r.Status));
        Assert.Equal(DocumentCheckLimits.ConcurrentChecks, most);
        Assert.Equal(0, bounds.Running);
    }

    [Fact]
    public async Task AnUploadThatFindsNoFreeSlotInTimeIsAnsweredBusy()
    {
        using var bounds = new BoundedDocumentCheck(new DocumentCheckLimits { MaxConcurrentChecks = 1, MaxQueueTime = TimeSpan.Zero }, TimeProvider.System);
        using var gate = new ManualResetEventSlim();
        using var started = new SemaphoreSlim(0);
        var first = bounds.RunAsync("test", _ =>
        {
            started.Release();
            gate.Wait(Patience);
            return 1;
        });
        Assert.True(await started.WaitAsync(Patience));

        var second = await bounds.RunAsync("test", _ => 2);

        Assert.Equal(BoundedRunStatus.Busy, second.Status);
        gate.Set();
        Assert.Equal(BoundedRunStatus.Completed, (await first).Status);
    }

    [Fact]
    public async Task ACheckPastItsDeadlineIsToldToStopAndAnsweredTimedOut()
    {
        var time = new FakeTimeProvider();
        using var bounds = new BoundedDocumentCheck(DocumentCheckLimits.Default, time);
        using var started = new SemaphoreSlim(0);
        var run = bounds.RunAsync("test", token =>
        {
            started.Release();
            token.WaitHandle.WaitOne(Patience);
            token.ThrowIfCancellationRequested();
            return 1;
        });
        Assert.True(await started.WaitAsync(Patience));

        time.Advance(DocumentCheckLimits.CheckTime + TimeSpan.FromMilliseconds(1));

        Assert.Equal(BoundedRunStatus.TimedOut, (await run).Status);
        Assert.Equal(0, bounds.Running);
    }

    [Fact]
    public async Task ACheckThatIgnoresItsDeadlineIsAnsweredAnywayAndKeepsItsSlotUntilItEnds()
    {
        var time = new FakeTimeProvider();
        using var bounds = new BoundedDocumentCheck(DocumentCheckLimits.Default, time);
        using var gate = new ManualResetEventSlim();
        using var started = new SemaphoreSlim(0);
        using var ended = new SemaphoreSlim(0);
        var run = bounds.RunAsync("test", _ =>
        {
            started.Release();
            gate.Wait(Patience);
            return 1;
        });
        Assert.True(await started.WaitAsync(Patience));

        time.Advance(DocumentCheckLimits.CheckTime + TimeSpan.FromSeconds(2));

        Assert.Equal(BoundedRunStatus.TimedOut, (await run).Status);
        Assert.Equal(1, bounds.Running);
        gate.Set();
        Assert.True(SpinWait.SpinUntil(() => bounds.Running == 0, Patience));
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(OutOfMemoryException))]
    [InlineData(typeof(IndexOutOfRangeException))]
    public async Task WhateverACheckThrowsIsReportedAsAFaultAndNotThrown(Type exception)
    {
        using var bounds = new BoundedDocumentCheck(DocumentCheckLimits.Default, TimeProvider.System);

        var run = await bounds.RunAsync<int>("test", _ => throw (Exception)Activator.CreateInstance(exception)!);

        Assert.Equal(BoundedRunStatus.Faulted, run.Status);
        Assert.IsType(exception, run.Fault);
        Assert.Equal(0, bounds.Running);
    }

    [Fact]
    public async Task TheCheckRunsOnItsOwnThreadWithTheLargeStack()
    {
        using var bounds = new BoundedDocumentCheck(DocumentCheckLimits.Default, TimeProvider.System);
        var caller = Environment.CurrentManagedThreadId;

        // 100,000 frames overflow a default thread's 1.5 MB stack many times over; on the check's 64 MB they fit.
        var run = await bounds.RunAsync("order-document-check", _ => (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread,
            Environment.CurrentManagedThreadId, Depth(100_000)));

        Assert.Equal(BoundedRunStatus.Completed, run.Status);
        var (name, pooled, thread, depth) = run.Result;
        Assert.Equal("order-document-check", name);
        Assert.False(pooled);
        Assert.NotEqual(caller, thread);
        Assert.Equal(100_000, depth);
    }

    [Fact]
    public async Task ItMeasuresWhatTheCheckAllocatesOnItsThread()
    {
        using var bounds = new BoundedDocumentCheck(DocumentCheckLimits.Default, TimeProvider.System);

        var run = await bounds.RunAsync("test", _ => new byte[10 * 1024 * 1024].Length);

        Assert.InRange(run.AllocatedBytes, 10 * 1024 * 1024, 11 * 1024 * 1024);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Depth(int remaining) => remaining == 0 ? 0 : 1 + Depth(remaining - 1);

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current) current = seen;
    }
}
