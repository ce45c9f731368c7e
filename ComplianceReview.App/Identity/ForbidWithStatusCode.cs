using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Diagnostics;

namespace ComplianceReview.App.Identity;

/// <summary>
/// Endpoint metadata: when the endpoint's policy refuses a signed-in user, answer 403 instead of redirecting to the
/// access-denied page (the cookie handler's answer, right for pages, wrong for a file download or a script).
/// Anonymous callers are still challenged, so they are sent to sign in.
/// </summary>
public sealed class ForbidWithStatusCode
{
    public static readonly ForbidWithStatusCode Instance = new();

    private ForbidWithStatusCode()
    {
    }
}

/// <summary>Applies <see cref="ForbidWithStatusCode"/>; every other endpoint gets the framework's default handling.</summary>
internal sealed class ForbidWithStatusCodeResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && context.GetEndpoint()?.Metadata.GetMetadata<ForbidWithStatusCode>() is not null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            StatusCodeAnswer.KeepBare(context);
            return Task.CompletedTask;
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>An answer that is its status code: the not-found page must not be rendered over it.</summary>
public static class StatusCodeAnswer
{
    public static void KeepBare(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
    }
}
