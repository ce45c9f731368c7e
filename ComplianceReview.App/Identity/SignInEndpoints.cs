using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace ComplianceReview.App.Identity;

/// <summary><c>/signin</c> and <c>/signout</c>, for both sign-in modes.</summary>
internal static class SignInEndpoints
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    public const string SignedOutPath = "/signed-out";
    public const string AccessDeniedPath = "/access-denied";

    public static void Map(IEndpointRouteBuilder endpoints, SignInMode mode)
    {
        endpoints.MapGet(SignInPath, (string? returnUrl) =>
        {
            var target = ReturnUrl.MakeLocal(returnUrl);
            return mode switch
            {
                SignInMode.Entra => Results.Challenge(
                    new AuthenticationProperties { RedirectUri = target },
                    [OpenIdConnectDefaults.AuthenticationScheme]),
                _ => Results.Redirect($"{DevelopmentSignInPage.Path}?returnUrl={Uri.EscapeDataString(target)}"),
            };
        }).AllowAnonymous();

        endpoints.MapPost(SignOutPath, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            // Validated here rather than by the antiforgery middleware, which runs before authentication in
            // this pipeline and would compare a signed-in user's token against an anonymous request.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("The sign-out form has expired. Reload the page and try again.");
            }
            var properties = new AuthenticationProperties { RedirectUri = SignedOutPath };
            return mode switch
            {
                SignInMode.Entra => Results.SignOut(properties,
                    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]),
                _ => Results.SignOut(properties, [CookieAuthenticationDefaults.AuthenticationScheme]),
            };
        }).AllowAnonymous().DisableAntiforgery();
    }
}
