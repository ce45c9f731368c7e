using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace ComplianceReview.Tests.Components;

/// <summary>
/// A bunit context with MudBlazor's services, loose JS interop and a fixed clock. MudBlazor's services are
/// async-disposable, so xunit disposes the context through <see cref="IAsyncLifetime"/>.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    protected MudTestContext()
    {
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
