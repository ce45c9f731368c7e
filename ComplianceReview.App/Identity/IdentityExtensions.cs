using ComplianceReview.App.Identity.Sessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Identity;

public static class IdentityExtensions
{
    public const string AzureAdSectionName = "AzureAd";

    internal const string ProductionDevelopmentSignInRefused =
        "Development sign-in is refused in the Production environment. Configure Microsoft Entra ID " +
        "(AzureAd:TenantId and AzureAd:ClientId) and set Identity:DevelopmentSignIn to false.";

    /// <summary>
    /// An OpenID Connect provider (Entra ID or another, <see cref="OpenIdAuthentication"/>) when <c>AzureAd:ClientId</c> is set, otherwise the development sign-in (refused in Production);
    /// the authorization policies; <see cref="ICurrentUser"/>; role revalidation for circuits.
    /// </summary>
    public static IHostApplicationBuilder AddComplianceIdentity(this IHostApplicationBuilder builder)
    {
        var identitySection = builder.Configuration.GetSection(ComplianceIdentityOptions.SectionName);
        var identityOptions = identitySection.Get<ComplianceIdentityOptions>() ?? new ComplianceIdentityOptions();
        var mode = ChooseSignInMode(builder.Configuration, builder.Environment, identityOptions);

        var services = builder.Services;
        services.AddOptions<ComplianceIdentityOptions>()
            .Bind(identitySection)
            .Validate(o => o.RevalidationInterval > TimeSpan.Zero, "Identity:RevalidationInterval must be positive.")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Identity:SessionLifetime must be positive.")
            .Validate(o => o.SessionIdleTimeout > TimeSpan.Zero && o.SessionIdleTimeout <= o.SessionLifetime,
                "Identity:SessionIdleTimeout must be positive and no longer than Identity:SessionLifetime.")
            .ValidateOnStart();
        services.AddSingleton(new SignInModeHolder(mode));

        var secureCookiesOnly = !builder.Environment.IsDevelopment();
        if (mode == SignInMode.Entra)
        {
            OpenIdAuthentication.Add(builder, secureCookiesOnly);
        }
        else
        {
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
            services.AddSingleton<DemoUserDirectory>();
            services.AddSingleton<IUserRoleSource, DemoUserRoleSource>();
        }
        // Server-side sessions: the cookie carries a session id, the ticket stays in the database (Identity/Sessions).
        services.AddSingleton<DatabaseSessionStore>();
        services.AddSingleton<ITicketStore>(sp => sp.GetRequiredService<DatabaseSessionStore>());
        services.AddSingleton<IUserSessions>(sp => sp.GetRequiredService<DatabaseSessionStore>());
        services.AddScoped<SessionAdministration>();

        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<ITicketStore, IOptions<ComplianceIdentityOptions>>((options, store, identity) =>
                ConfigureCookie(options, secureCookiesOnly, mode, store, identity.Value));

        // The antiforgery cookie, like the session's, only over HTTPS outside Development (its default sends it over http too).
        services.Configure<AntiforgeryOptions>(options =>
            options.Cookie.SecurePolicy = secureCookiesOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        services.AddAuthorizationBuilder().AddCompliancePolicies(bearerTokens: mode == SignInMode.Entra);
        services.AddCascadingAuthenticationState();
        // Every refusal by a page's or endpoint's policy is audited; downloads marked ForbidWithStatusCode answer 403, not a redirect.
        services.AddSingleton<RefusalAudit>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ComplianceAuthorizationResultHandler>();
        services.AddHttpContextAccessor();
        // Registered before the Blazor server services, which only TryAdd their own provider.
        services.AddScoped<AuthenticationStateProvider, RoleRevalidatingAuthenticationStateProvider>();
        services.AddScoped<ICurrentUser, CurrentUser>();
        return builder;
    }

    /// <summary>
    /// The named policies of <see cref="Policies"/>, and a fallback that requires a signed-in user. The intake API's policy
    /// reads the session cookie and, with <paramref name="bearerTokens"/>, an application's bearer token; it never challenges
    /// with a sign-in (both schemes answer 401 to an API request).
    /// </summary>
    public static AuthorizationBuilder AddCompliancePolicies(this AuthorizationBuilder authorization, bool bearerTokens = false) => authorization
        .AddPolicy(Policies.RegisterDemands, p => p
            .AddAuthenticationSchemes(bearerTokens
                ? [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdAuthentication.BearerScheme]
                : [CookieAuthenticationDefaults.AuthenticationScheme])
            .RequireAuthenticatedUser()
            .AddRequirements(new HoldsOwnRoleRequirement(Roles.Reviewer, Roles.Intake)))
        .AddPolicy(Policies.Review, p => p.RequireAuthenticatedUser().RequireRole(Roles.Reviewer))
        .AddPolicy(Policies.SignOff, p => p.RequireAuthenticatedUser().RequireRole(Roles.LegalLead))
        .AddPolicy(Policies.Audit, p => p.RequireAuthenticatedUser().RequireRole(Roles.Auditor))
        .AddPolicy(Policies.Administer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin))
        .AddPolicy(Policies.ViewDemands, p => p.RequireAuthenticatedUser()
            .RequireRole(Roles.Reviewer, Roles.LegalLead, Roles.Auditor))
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

    /// <summary><c>/signin</c>, <c>/signout</c> and, for development sign-in, <c>/signin/dev</c>.</summary>
    public static WebApplication MapComplianceIdentityEndpoints(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<SignInModeHolder>().Mode;
        SignInEndpoints.Map(app, mode);
        if (mode == SignInMode.Development)
        {
            if (!app.Environment.IsDevelopment())
            {
                // Switched on explicitly outside Development (a demo or test stage): said on every start, so it is not forgotten.
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityExtensions).FullName!)
                    .LogWarning(DevelopmentSignInOutsideDevelopment, app.Environment.EnvironmentName);
            }
            DevelopmentSignInPage.Map(app);
        }
        return app;
    }

    internal const string DevelopmentSignInOutsideDevelopment =
        "Development sign-in is ON in the {Environment} environment (Identity:DevelopmentSignIn is true): anyone who " +
        "reaches /signin/dev can act as any demo user. Use it for demonstrations only; configure Microsoft Entra ID instead.";

    internal static SignInMode ChooseSignInMode(
        IConfiguration configuration, IHostEnvironment environment, ComplianceIdentityOptions options)
    {
        var entraConfigured = !string.IsNullOrWhiteSpace(configuration[$"{AzureAdSectionName}:ClientId"]);
        if (environment.IsProduction() && (!entraConfigured || options.DevelopmentSignIn))
        {
            throw new InvalidOperationException(ProductionDevelopmentSignInRefused);
        }
        if (entraConfigured) return SignInMode.Entra;
        // Only appsettings.Development.json turns it on; any other environment needs the setting itself (and warns).
        if (options.DevelopmentSignIn) return SignInMode.Development;
        throw new InvalidOperationException(
            "No sign-in is configured. Set AzureAd:ClientId for Microsoft Entra ID, or Identity:DevelopmentSignIn " +
            "to true for the demo users (on by default in Development only; never in Production).");
    }

    private static Task ApiStatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // The pipeline already keeps /api status codes bare (UiExtensions.KeepStatusCodesOfNonPageRequests).
        if (context.Request.Path.StartsWithSegments("/api")) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static async Task AuditSessionAsync(HttpContext context, System.Security.Claims.ClaimsPrincipal? principal, string action)
    {
        if (principal is null || CurrentUser.FindObjectId(principal) is not { } id) return;
        var user = new Domain.Common.UserRef(id, CurrentUser.DisplayName(principal) ?? id);
        var roles = string.Join(",", principal.FindAll(principal.Identities.FirstOrDefault()?.RoleClaimType ?? ComplianceClaimTypes.Roles).Select(c => c.Value));
        await context.RequestServices.GetRequiredService<Services.ComplianceWriter>().RecordAsync(user, action, null,
            new Dictionary<string, string?> { ["roles"] = roles }, context.RequestAborted);
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options, bool secureCookiesOnly, SignInMode mode, ITicketStore sessions,
        ComplianceIdentityOptions identity)
    {
        options.SessionStore = sessions;
        options.Cookie.Name = "ComplianceReview.Auth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        // Local runs use plain http://localhost.
        options.Cookie.SecurePolicy = secureCookiesOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        // The session's absolute end; idleness is the session store's to judge (it sees every request and every circuit).
        options.ExpireTimeSpan = identity.SessionLifetime;
        options.SlidingExpiration = false;
        options.LoginPath = SignInEndpoints.SignInPath;
        options.LogoutPath = SignInEndpoints.SignOutPath;
        options.AccessDeniedPath = SignInEndpoints.AccessDeniedPath;
        options.ReturnUrlParameter = "returnUrl";

        // API callers get status codes, not a sign-in page.
        options.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);

        // Every sign-in and sign-out is audited, whichever way the user signed in (the cookie is always the session).
        options.Events.OnSignedIn = context => AuditSessionAsync(context.HttpContext, context.Principal, Services.AuditActions.SignedIn);
        options.Events.OnSigningOut = context => AuditSessionAsync(context.HttpContext, context.HttpContext.User, Services.AuditActions.SignedOut);

        // The same role check as circuits get, for plain requests: once a role is gone the cookie is worthless.
        var previous = options.Events.OnValidatePrincipal;
        options.Events.OnValidatePrincipal = async context =>
        {
            await previous(context);
            if (context.Principal is not { } principal) return;
            // A ticket the development sign-in issued (on a copy of the database, a test stage) is worthless where it is off.
            if (mode != SignInMode.Development && DemoUsers.IsDevelopmentIssued(principal))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return;
            }
            var roleSource = context.HttpContext.RequestServices.GetRequiredService<IUserRoleSource>();
            if (!await RoleRevalidatingAuthenticationStateProvider.StillHoldsSignInRolesAsync(
                    principal, roleSource, context.HttpContext.RequestAborted))
            {
                // Ended, not only refused now: the cookie stays worthless if the role comes back.
                if (principal.FindFirst(ComplianceClaimTypes.SessionId)?.Value is { } sessionId)
                    await context.HttpContext.RequestServices.GetRequiredService<IUserSessions>()
                        .EndAsync(sessionId, SessionEndReasons.RoleRemoved, context.HttpContext.RequestAborted);
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
        };
    }
}

/// <summary>The sign-in mode chosen at startup, for the endpoint mapping.</summary>
internal sealed record SignInModeHolder(SignInMode Mode);
