using System.Security.Claims;
using ComplianceReview.App.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplianceReview.Tests.Identity;

public sealed class RevalidationTests
{
    private static readonly DemoUser Riley = DemoUsers.All.Single(u => u.Id == DemoUsers.Reviewer1);

    [Fact]
    public async Task CircuitUserWhoseRoleWasRemovedIsSignedOut()
    {
        var withoutRoles = new DemoUserDirectory([Riley with { Roles = [] }]);
        await using var services = RoleSourceServices(new DemoUserRoleSource(withoutRoles));
        using var provider = NewProvider(services, TimeSpan.FromMilliseconds(20));
        var signedOut = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async task =>
        {
            var state = await task;
            if (state.User.Identity?.IsAuthenticated != true) signedOut.TrySetResult(state);
        };

        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(DemoUsers.CreatePrincipal(Riley))));

        var after = await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(after.User.Identity?.IsAuthenticated);
        Assert.False((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task UserWhoStillHoldsTheirRolesStaysValid()
    {
        var source = new DemoUserRoleSource(new DemoUserDirectory());

        Assert.True(await StillValid(DemoUsers.CreatePrincipal(Riley), source));
    }

    [Fact]
    public async Task UserWhoGainedARoleStaysValid()
    {
        var source = new DemoUserRoleSource(new DemoUserDirectory([Riley with { Roles = [Roles.Reviewer, Roles.Auditor] }]));

        Assert.True(await StillValid(DemoUsers.CreatePrincipal(Riley), source));
    }

    [Fact]
    public async Task UserWhoLostOneOfTheirRolesIsInvalid()
    {
        var both = Riley with { Roles = [Roles.Reviewer, Roles.Auditor] };
        var source = new DemoUserRoleSource(new DemoUserDirectory([Riley]));

        Assert.False(await StillValid(DemoUsers.CreatePrincipal(both), source));
    }

    [Fact]
    public async Task DemoUserNoLongerListedIsInvalid()
    {
        var source = new DemoUserRoleSource(new DemoUserDirectory([]));

        Assert.False(await StillValid(DemoUsers.CreatePrincipal(Riley), source));
    }

    [Fact]
    public async Task SourceThatCannotTellKeepsTheSignInRoles()
    {
        Assert.True(await StillValid(DemoUsers.CreatePrincipal(Riley), new SignInRolesSource()));
    }

    [Fact]
    public async Task AnonymousStateNeedsNoRevalidation()
    {
        var source = new DemoUserRoleSource(new DemoUserDirectory([]));

        Assert.True(await StillValid(new ClaimsPrincipal(new ClaimsIdentity()), source));
    }

    private static Task<bool> StillValid(ClaimsPrincipal user, IUserRoleSource source) =>
        RoleRevalidatingAuthenticationStateProvider.StillHoldsSignInRolesAsync(user, source, CancellationToken.None);

    private static ServiceProvider RoleSourceServices(IUserRoleSource source) =>
        new ServiceCollection().AddSingleton(source).BuildServiceProvider();

    private static RoleRevalidatingAuthenticationStateProvider NewProvider(IServiceProvider services, TimeSpan interval) =>
        new(NullLoggerFactory.Instance,
            services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new ComplianceIdentityOptions { RevalidationInterval = interval }));
}
