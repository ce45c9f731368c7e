using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using ComplianceReview.App.Components;
using ComplianceReview.App.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace ComplianceReview.Tests.Identity;

/// <summary>
/// Inside a circuit the authorization middleware no longer applies; the router must still send a signed-out
/// user (for instance one that revalidation signed out) to sign in, except on pages marked [AllowAnonymous].
/// </summary>
public sealed class RoutesTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public RoutesTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.RemoveAll<IAuthorizationService>();
        _context.Services.RemoveAll<IAuthorizationPolicyProvider>();
        _context.Services.AddAuthorizationBuilder().AddCompliancePolicies();
        _context.Services.AddCascadingAuthenticationState();
        _context.Services.AddSingleton<AuthenticationStateProvider>(new AnonymousStateProvider());
    }

    [Fact]
    public void SignedOutCircuitUserOnAPageWithoutItsOwnAuthorizeIsSentToSignIn()
    {
        var navigation = _context.Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("/");

        _context.Render<Routes>();

        Assert.Equal("http://localhost/signin?returnUrl=%2F", navigation.Uri);
    }

    [Fact]
    public void SignedOutUserMayStayOnAnAnonymousPage()
    {
        var navigation = _context.Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("/signed-out");

        var routes = _context.Render<Routes>();

        Assert.Equal("http://localhost/signed-out", navigation.Uri);
        Assert.Contains("You have signed out", routes.Find("h1").TextContent, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private sealed class AnonymousStateProvider : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));
    }
}
