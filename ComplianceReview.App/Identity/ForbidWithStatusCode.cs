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

/// <summary>
/// What the authorization middleware does with a refusal, for every page and endpoint: a signed-in user refused by the
/// policy is recorded as an <c>AccessDenied</c> audit entry (<see cref="RefusalAudit"/>, at most once a window per user and
/// endpoint); then endpoints marked <see cref="ForbidWithStatusCode"/> answer 403 and every other one gets the framework's
/// default handling (the access-denied redirect, the sign-in challenge).
/// </summary>
internal sealed class ComplianceAuthorizationResultHandler(RefusalAudit refusals) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden) await refusals.RecordAsync(context, policy);
        if (authorizeResult.Forbidden && context.GetEndpoint()?.Metadata.GetMetadata<ForbidWithStatusCode>() is not null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            StatusCodeAnswer.KeepBare(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
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
