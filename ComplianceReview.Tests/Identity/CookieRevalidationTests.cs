using System.Collections.Concurrent;
using System.Net;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Identity.Sessions;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceReview.Tests.Identity;

/// <summary>Requests outside a circuit: the auth cookie stops working once a role it carries is taken away.</summary>
public sealed class CookieRevalidationTests
{
    [Fact]
    public async Task CookieOfAUserWhoseRoleWasRemovedNoLongerOpensPages()
    {
        var roles = new EditableRoleSource();
        using var factory = new IdentityAppFactory("Development", IdentityAppFactory.DevelopmentSignInSettings(),
            services => services.Replace(ServiceDescriptor.Singleton<IUserRoleSource>(roles)));
        using var client = await TestSignIn.SignInAsync(factory, DemoUsers.Reviewer1);
        using (var before = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        roles.Set(DemoUsers.Reviewer1, []);

        using var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/signin", after.Headers.Location?.AbsolutePath);

        // The session itself ended: giving the role back does not revive the old cookie.
        roles.Set(DemoUsers.Reviewer1, [Roles.Reviewer]);
        using var restored = await client.GetAsync("/");
        Assert.Equal("/signin", restored.Headers.Location?.AbsolutePath);
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<ComplianceDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var session = await db.Sessions.AsNoTracking().SingleAsync(s => s.UserId == DemoUsers.Reviewer1);
        Assert.Equal(SessionEndReasons.RoleRemoved, session.EndReason);
    }

    /// <summary>Demo roles until a test changes them.</summary>
    private sealed class EditableRoleSource : IUserRoleSource
    {
        private readonly ConcurrentDictionary<string, IReadOnlyCollection<string>> _roles = new(
            DemoUsers.All.Select(u => KeyValuePair.Create(u.Id, (IReadOnlyCollection<string>)u.Roles)));

        public void Set(string userId, IReadOnlyCollection<string> roles) => _roles[userId] = roles;

        public Task<IReadOnlyCollection<string>?> GetCurrentRolesAsync(string userId, CancellationToken cancellationToken) =>
            Task.FromResult(_roles.TryGetValue(userId, out var roles) ? roles : null);
    }
}
