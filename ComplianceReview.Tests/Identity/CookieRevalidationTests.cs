using System.Collections.Concurrent;
using System.Net;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;
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
