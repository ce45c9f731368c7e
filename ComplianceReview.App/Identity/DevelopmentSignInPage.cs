using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ComplianceReview.App.Identity;

/// <summary>
/// <c>/signin/dev</c>: pick a demo user. A plain HTML page rather than a component: it runs before there is
/// a circuit, and the app renders every component interactively. Never mapped when Entra is configured,
/// and the app refuses to start with it in Production.
/// </summary>
internal static class DevelopmentSignInPage
{
    public const string Path = "/signin/dev";
    public const string UserIdField = "userId";
    public const string ReturnUrlField = "returnUrl";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context, IAntiforgery antiforgery, DemoUserDirectory directory, string? returnUrl) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            var html = Render(directory.Users, tokens, ReturnUrl.MakeLocal(returnUrl));
            return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
        }).AllowAnonymous();

        endpoints.MapPost(Path, async (HttpContext context, IAntiforgery antiforgery, DemoUserDirectory directory) =>
        {
            // Validated here, after authentication, for the same reason as /signout.
            if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("The sign-in form has expired. Reload the page and try again.");
            }
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (directory.Find(form[UserIdField].ToString()) is not { } user)
            {
                return Results.BadRequest("There is no demo user with that id.");
            }
            await context.SignInAsync(
                CookieAuthenticationDefaults.AuthenticationScheme,
                DemoUsers.CreatePrincipal(user),
                new AuthenticationProperties { IsPersistent = false });
            return Results.LocalRedirect(ReturnUrl.MakeLocal(form[ReturnUrlField].ToString()));
        }).AllowAnonymous().DisableAntiforgery();
    }

    private static string Render(IEnumerable<DemoUser> users, AntiforgeryTokenSet tokens, string returnUrl)
    {
        var e = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Development sign-in · ComplianceReview</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0; background: #f5f5f5; color: #212121; }
            main { max-width: 32rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
            h1 { font-size: 1.5rem; margin-top: 0; }
            ul { list-style: none; padding: 0; }
            li { margin: .5rem 0; }
            button { width: 100%; padding: .75rem 1rem; text-align: left; font: inherit; border: 1px solid #9e9e9e; border-radius: 4px; background: #fff; cursor: pointer; }
            button:hover, button:focus-visible { background: #e3f2fd; outline: 2px solid #1565c0; }
            .name { display: block; font-weight: 600; }
            .role { display: block; color: #424242; }
            .warning { padding: .75rem; background: #fff3e0; border-left: 4px solid #e65100; }
            </style>
            </head>
            <body>
            <main>
            <h1>Development sign-in</h1>
            <p class="warning">For local runs only. Choose a demo user; production uses Microsoft Entra ID.</p>
            <form method="post" action="{{Path}}">
            <input type="hidden" name="{{e.Encode(tokens.FormFieldName)}}" value="{{e.Encode(tokens.RequestToken ?? "")}}">
            <input type="hidden" name="{{ReturnUrlField}}" value="{{e.Encode(returnUrl)}}">
            <ul>

            """);
        foreach (var user in users)
        {
            var roles = string.Join(", ", user.Roles.Select(Roles.Display));
            html.Append($"""
                <li><button type="submit" name="{UserIdField}" value="{e.Encode(user.Id)}"><span class="name">{e.Encode(user.Name)}</span> <span class="role">{e.Encode(roles)}</span></button></li>

                """);
        }
        html.Append("""
            </ul>
            </form>
            </main>
            </body>
            </html>
            """);
        return html.ToString();
    }
}
