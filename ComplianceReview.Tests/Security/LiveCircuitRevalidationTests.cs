using System.Collections.Concurrent;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Tests.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceReview.Tests.Security;

/// <summary>
/// A role taken away reaches a live circuit: the app's own registrations (configured interval, scoped provider, current
/// user, services), resolved in one scope the way a circuit holds them. Identity/RevalidationTests covers the provider
/// alone, CookieRevalidationTests plain requests. The loop runs on real time, so the interval is tiny and the test
/// waits for the sign-out event with a bound, never a fixed sleep.
/// </summary>
public sealed class LiveCircuitRevalidationTests
{
    private static readonly DemoUser Riley = DemoUsers.All.Single(u => u.Id == DemoUsers.Reviewer1);

    [Fact]
    public async Task ARoleRemovedWhileTheCircuitLivesSignsItsUserOutAndTheServicesRefuseThem()
    {
        var roles = new EditableRoleSource();
        var settings = IdentityAppFactory.DevelopmentSignInSettings();
        settings["Identity:RevalidationInterval"] = "00:00:00.050";
        using var factory = new IdentityAppFactory("Development", settings, services =>
        {
            services.RemoveAll<IUserRoleSource>();
            services.AddSingleton<IUserRoleSource>(roles);
        });
        await using var circuit = factory.Services.CreateAsyncScope();
        var state = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var currentUser = circuit.ServiceProvider.GetRequiredService<ICurrentUser>();
        var demands = circuit.ServiceProvider.GetRequiredService<DemandService>();
        var signedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        state.AuthenticationStateChanged += async task =>
        {
            if ((await task).User.Identity?.IsAuthenticated != true) signedOut.TrySetResult();
        };
        ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(
            Task.FromResult(new AuthenticationState(DemoUsers.CreatePrincipal(Riley))));
        Assert.True(currentUser.IsInRole(Roles.Reviewer));

        roles.Set(Riley.Id, []);
        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(currentUser.IsAuthenticated);
        Assert.False(currentUser.IsInRole(Roles.Reviewer));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            demands.RegisterAsync(Registrations.CourtOrder(DateTimeOffset.UtcNow), null));
    }

    [Fact]
    public async Task TheCircuitProviderRunsOnTheConfiguredInterval()
    {
        var settings = IdentityAppFactory.DevelopmentSignInSettings();
        settings["Identity:RevalidationInterval"] = "00:00:07";
        using var factory = new IdentityAppFactory("Development", settings);
        await using var circuit = factory.Services.CreateAsyncScope();

        var provider = Assert.IsType<RoleRevalidatingAuthenticationStateProvider>(
            circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());

        var interval = typeof(RoleRevalidatingAuthenticationStateProvider)
            .GetProperty("RevalidationInterval", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(provider);
        Assert.Equal(TimeSpan.FromSeconds(7), interval);
    }

    private sealed class EditableRoleSource : IUserRoleSource
    {
        private readonly ConcurrentDictionary<string, IReadOnlyCollection<string>> _roles = new(
            DemoUsers.All.Select(u => KeyValuePair.Create(u.Id, (IReadOnlyCollection<string>)u.Roles)));

        public void Set(string userId, IReadOnlyCollection<string> roles) => _roles[userId] = roles;

        public Task<IReadOnlyCollection<string>?> GetCurrentRolesAsync(string userId, CancellationToken cancellationToken) =>
            Task.FromResult(_roles.TryGetValue(userId, out var roles) ? roles : null);
    }
}
