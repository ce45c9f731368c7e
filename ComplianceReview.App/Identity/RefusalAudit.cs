using System.Collections.Concurrent;
using System.Globalization;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Identity;

/// <summary>
/// Records a page's or endpoint's refusal of a signed-in user as an <c>AccessDenied</c> audit entry, like the services'
/// own refusals (<see cref="AccessGuard"/>): who, which endpoint and method, which roles it needs, the demand when the
/// route names one, and when. At most one entry per user and endpoint every <see cref="ComplianceIdentityOptions.RefusalAuditWindow"/>:
/// the next one after a quiet spell carries how many refusals were not written meanwhile, so a loop (or a browser
/// retrying) cannot flood the trail, and nothing is lost from the count. Anonymous callers are challenged, not audited:
/// there is nobody to name.
/// </summary>
public sealed class RefusalAudit(ComplianceWriter writer, TimeProvider time, IOptions<ComplianceIdentityOptions> options)
{
    /// <summary>Keys kept at most; older windows are dropped first when there are more.</summary>
    public const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<(string User, string Resource), Window> _windows = new();

    public async Task RecordAsync(HttpContext context, AuthorizationPolicy policy)
    {
        var principal = context.User;
        if (principal.Identity?.IsAuthenticated != true || CurrentUser.FindObjectId(principal) is not { } userId) return;
        var endpoint = context.GetEndpoint();
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var resource = $"{context.Request.Method} {route}";
        if (!TryTakeTurn(userId, resource, out var suppressed)) return;

        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles)
            .Concat(policy.Requirements.OfType<HoldsOwnRoleRequirement>().SelectMany(r => r.AllowedRoles)).Distinct(StringComparer.Ordinal);
        var user = new UserRef(userId, CurrentUser.DisplayName(principal) ?? userId);
        var demand = context.Request.RouteValues.TryGetValue("reference", out var value) || context.Request.RouteValues.TryGetValue("Reference", out value)
            ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;
        var details = new Dictionary<string, string?> { ["attempted"] = resource, ["requiredRole"] = string.Join(" or ", roles) };
        if (suppressed > 0) details["notRecordedBefore"] = suppressed.ToString(CultureInfo.InvariantCulture);
        await AccessGuard.RecordRefusalAsync(writer, user, details, demand, context.RequestAborted);
    }

    /// <summary>True when this user's refusal at this resource is to be written now; otherwise counts it as not written.</summary>
    private bool TryTakeTurn(string userId, string resource, out int suppressed)
    {
        var now = time.GetUtcNow();
        var window = options.Value.RefusalAuditWindow;
        if (_windows.Count >= MaxTracked) Forget(now - window);
        var state = _windows.GetOrAdd((userId, resource), _ => new Window());
        lock (state)
        {
            if (state.RecordedAt is { } last && now - last < window)
            {
                state.Suppressed++;
                suppressed = 0;
                return false;
            }
            suppressed = state.Suppressed;
            state.Suppressed = 0;
            state.RecordedAt = now;
            return true;
        }
    }

    private void Forget(DateTimeOffset before)
    {
        foreach (var (key, state) in _windows)
        {
            lock (state)
            {
                // A window with refusals not yet written is kept, so their count reaches the trail.
                if (state.RecordedAt < before && state.Suppressed == 0) _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset? RecordedAt { get; set; }
        public int Suppressed { get; set; }
    }
}
