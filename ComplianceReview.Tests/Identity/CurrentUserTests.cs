using System.Security.Claims;
using ComplianceReview.App.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Identity;

public sealed class CurrentUserTests(DevelopmentIdentityAppFactory factory) : IClassFixture<DevelopmentIdentityAppFactory>
{
    private static readonly DemoUser Riley = DemoUsers.All.Single(u => u.Id == DemoUsers.Reviewer1);
    private static readonly DemoUser Lee = DemoUsers.All.Single(u => u.Id == DemoUsers.LegalLead1);

    [Fact]
    public async Task CircuitsUseTheRevalidatingStateProvider()
    {
        await using var scope = factory.Services.CreateAsyncScope();

        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();

        Assert.IsType<RoleRevalidatingAuthenticationStateProvider>(provider);
    }

    [Fact]
    public async Task InAnHttpEndpointTheRequestsUserIsTheCurrentUser()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        SetRequestUser(scope, DemoUsers.CreatePrincipal(Riley));

        var currentUser = scope.ServiceProvider.GetRequiredService<ICurrentUser>();

        Assert.Equal(DemoUsers.Reviewer1, currentUser.User.Id);
        Assert.Equal("Riley Reviewer", currentUser.User.Name);
        Assert.True(currentUser.IsInRole(Roles.Reviewer));
        Assert.False(currentUser.IsInRole(Roles.LegalLead));
    }

    [Fact]
    public async Task InACircuitTheAuthenticationStateWinsOverAStaleHttpContext()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        SetRequestUser(scope, DemoUsers.CreatePrincipal(Riley));
        var host = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        host.SetAuthenticationState(Task.FromResult(new AuthenticationState(DemoUsers.CreatePrincipal(Lee))));

        var currentUser = scope.ServiceProvider.GetRequiredService<ICurrentUser>();

        Assert.Equal(DemoUsers.LegalLead1, currentUser.User.Id);
        Assert.True(currentUser.IsInRole(Roles.LegalLead));
        Assert.False(currentUser.IsInRole(Roles.Reviewer));
    }

    [Fact]
    public async Task NobodySignedInIsNotAuthenticatedAndHasNoUser()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        SetRequestUser(scope, new ClaimsPrincipal(new ClaimsIdentity()));

        var currentUser = scope.ServiceProvider.GetRequiredService<ICurrentUser>();

        Assert.False(currentUser.IsAuthenticated);
        Assert.False(currentUser.IsInRole(Roles.Reviewer));
        Assert.Throws<AccessDeniedException>(() => currentUser.User);
    }

    [Fact]
    public async Task ASignedInPrincipalWithoutObjectIdHasNoUser()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var noObjectId = new ClaimsIdentity([new Claim("name", "Someone"), new Claim("roles", Roles.Reviewer)], "test", "name", "roles");
        SetRequestUser(scope, new ClaimsPrincipal(noObjectId));

        var currentUser = scope.ServiceProvider.GetRequiredService<ICurrentUser>();

        Assert.True(currentUser.IsAuthenticated);
        Assert.Throws<AccessDeniedException>(() => currentUser.User);
    }

    private static void SetRequestUser(AsyncServiceScope scope, ClaimsPrincipal user) =>
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = user };
}
