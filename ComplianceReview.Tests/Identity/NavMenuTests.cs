using System.Security.Claims;
using Bunit;
using ComplianceReview.App.Components.Layout;
using ComplianceReview.App.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace ComplianceReview.Tests.Identity;

/// <summary>The menu against the app's real policies; only the signed-in principal is made up.</summary>
public sealed class NavMenuTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public NavMenuTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        // bunit's placeholders answer every check with "call AddAuthorization"; the real service evaluates the real policies.
        _context.Services.RemoveAll<IAuthorizationService>();
        _context.Services.RemoveAll<IAuthorizationPolicyProvider>();
        _context.Services.AddAuthorizationBuilder().AddCompliancePolicies();
        _context.Services.AddCascadingAuthenticationState();
    }

    [Fact]
    public void ReviewerSeesDemandsAndNewDemandButNotAuditOrSignOff()
    {
        var links = RenderLinksFor(DemoUsers.Reviewer1);

        Assert.Equal(["Dashboard", "Demands", "Emergency follow-ups", "Preservations", "Notifications", "New demand", "Transparency"], links);
    }

    [Fact]
    public void AuditorSeesAuditAndDemandsButNotNewDemand()
    {
        var links = RenderLinksFor(DemoUsers.Auditor1);

        Assert.Equal(["Dashboard", "Demands", "Emergency follow-ups", "Preservations", "Notifications", "Audit", "Transparency"], links);
    }

    [Fact]
    public void LegalLeadSeesSignOff()
    {
        var links = RenderLinksFor(DemoUsers.LegalLead1);

        Assert.Equal(["Dashboard", "Demands", "Emergency follow-ups", "Preservations", "Notifications", "Sign-off", "Transparency"], links);
    }

    [Fact]
    public void AdministratorSeesOnlyWhatEverySignedInUserSees()
    {
        var links = RenderLinksFor(DemoUsers.Admin1);

        Assert.Equal(["Dashboard", "Transparency"], links);
    }

    [Fact]
    public void NobodySignedInSeesNoNavigation()
    {
        _context.Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationStateProvider(new ClaimsPrincipal(new ClaimsIdentity())));

        var menu = _context.Render<NavMenu>();

        Assert.Empty(menu.FindAll("nav"));
    }

    [Fact]
    public void NavigationIsALabelledLandmark()
    {
        SignInAs(DemoUsers.Reviewer1);

        var menu = _context.Render<NavMenu>();

        Assert.Equal("Main navigation", menu.Find("nav").GetAttribute("aria-label"));
    }

    private List<string> RenderLinksFor(string demoUserId)
    {
        SignInAs(demoUserId);
        var menu = _context.Render<NavMenu>();
        return menu.FindAll("nav a").Select(a => a.TextContent.Trim()).ToList();
    }

    private void SignInAs(string demoUserId)
    {
        var user = DemoUsers.All.Single(u => u.Id == demoUserId);
        _context.Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationStateProvider(DemoUsers.CreatePrincipal(user)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private sealed class FixedAuthenticationStateProvider(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
