using ComplianceReview.App.Identity;
using ComplianceReview.App.Identity.Sessions;
using ComplianceReview.Tests.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceReview.Tests.Sessions;

/// <summary>
/// An open circuit holds the principal its cookie gave it, with the session's id: the revalidation loop asks the session
/// store at every interval, so a session ended elsewhere (an administrator, a sign-out on another tab or instance) ends
/// the circuit too. The loop runs on real time: the interval is tiny and the test waits for the event with a bound.
/// </summary>
public sealed class CircuitSessionTests
{
    private static readonly DemoUser Riley = DemoUsers.All.Single(u => u.Id == DemoUsers.Reviewer1);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ASessionEndedElsewhereSignsTheCircuitOut(bool byAdministrator)
    {
        var settings = IdentityAppFactory.DevelopmentSignInSettings();
        settings["Identity:RevalidationInterval"] = "00:00:00.050";
        var watched = new WatchedSessions();
        using var factory = new IdentityAppFactory("Development", settings, services =>
        {
            services.RemoveAll<IUserSessions>();
            services.AddSingleton<IUserSessions>(sp => watched.Over(sp.GetRequiredService<DatabaseSessionStore>()));
        });
        var store = factory.Services.GetRequiredService<DatabaseSessionStore>();
        var sessionId = await store.StoreAsync(new AuthenticationTicket(DemoUsers.CreatePrincipal(Riley), CookieAuthenticationDefaults.AuthenticationScheme));
        var ticket = await store.RetrieveAsync(sessionId) ?? throw new InvalidOperationException("the session was not stored");
        Assert.Equal(sessionId, ticket.Principal.FindFirst(ComplianceClaimTypes.SessionId)?.Value);

        await using var circuit = factory.Services.CreateAsyncScope();
        var state = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var currentUser = circuit.ServiceProvider.GetRequiredService<ICurrentUser>();
        var revalidated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var signedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        state.AuthenticationStateChanged += async task =>
        {
            if ((await task).User.Identity?.IsAuthenticated != true) signedOut.TrySetResult();
        };
        ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(Task.FromResult(new AuthenticationState(ticket.Principal)));
        await watched.FoundOpen.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the loop has looked at the open session and kept the user
        Assert.False(signedOut.Task.IsCompleted);
        Assert.True(currentUser.IsInRole(Roles.Reviewer));

        if (byAdministrator)
            await ActivatorUtilities.CreateInstance<SessionAdministration>(factory.Services.CreateScope().ServiceProvider, TestUser.Admin)
                .EndSessionsOfAsync(Riley.Id);
        else
            await store.RemoveAsync(sessionId); // the same user signing out in another tab
        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(currentUser.IsAuthenticated);
    }

    /// <summary>The app's session store, telling the test when a circuit's check found the session open.</summary>
    private sealed class WatchedSessions : IUserSessions
    {
        private IUserSessions _inner = null!;

        public TaskCompletionSource FoundOpen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IUserSessions Over(IUserSessions inner)
        {
            _inner = inner;
            return this;
        }

        public async Task<bool> IsOpenForCircuitAsync(string sessionId, CancellationToken cancellationToken)
        {
            var open = await _inner.IsOpenForCircuitAsync(sessionId, cancellationToken);
            if (open) FoundOpen.TrySetResult();
            return open;
        }

        public Task EndAsync(string sessionId, string reason, CancellationToken cancellationToken) => _inner.EndAsync(sessionId, reason, cancellationToken);
    }
}
