using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using ComplianceReview.App.Identity.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace ComplianceReview.App.Identity;

/// <summary>
/// A user's current roles, asked of the OpenID Connect provider itself: the refresh token kept in the user's newest
/// server-side session is redeemed, and the roles are read from the fresh id token the provider issues (validated like a
/// sign-in's). Works with Entra (app-role assignments are read again on every token issue) and any provider that issues id
/// tokens on refresh. An answer is reused for <see cref="ComplianceIdentityOptions.RevalidationInterval"/> per user, so a
/// removal takes effect within that interval and every request is not a round trip.
/// <para>
/// Answers: the roles in the new id token; none when the provider refuses the refresh token (<c>invalid_grant</c>: the user
/// was disabled, the grant revoked), which ends the sessions; null ("cannot tell", the sign-in roles stand) when there is no
/// session with a refresh token, the provider cannot be reached or answers without an id token.
/// </para>
/// </summary>
public sealed class ProviderRoleSource(
    DatabaseSessionStore sessions,
    IOptionsMonitor<OpenIdConnectOptions> openIdOptions,
    ClientCredential credential,
    TimeProvider time,
    IOptions<ComplianceIdentityOptions> identityOptions,
    ILogger<ProviderRoleSource> logger) : IUserRoleSource
{
    /// <summary>Answers kept at most; older ones are dropped first when there are more.</summary>
    public const int MaxCached = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset At, Task<IReadOnlyCollection<string>?> Roles)> _answers = new(StringComparer.Ordinal);

    public Task<IReadOnlyCollection<string>?> GetCurrentRolesAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var maxAge = identityOptions.Value.RevalidationInterval;
        Task<IReadOnlyCollection<string>?> answer;
        lock (_gate)
        {
            if (_answers.TryGetValue(userId, out var known) && now - known.At < maxAge)
            {
                answer = known.Roles;
            }
            else
            {
                if (_answers.Count >= MaxCached)
                {
                    foreach (var stale in _answers.Where(a => now - a.Value.At >= maxAge).Select(a => a.Key).ToList()) _answers.Remove(stale);
                }
                // One question per user at a time, shared by every caller; not cancelled by the first caller going away.
                answer = Task.Run(() => AskProviderAsync(userId), CancellationToken.None);
                _answers[userId] = (now, answer);
            }
        }
        return answer.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyCollection<string>?> AskProviderAsync(string userId)
    {
        try
        {
            if (await sessions.FindNewestOpenAsync(userId, CancellationToken.None) is not { } session) return null;
            if (session.Ticket.Properties.GetTokenValue("refresh_token") is not { Length: > 0 } refreshToken) return null;

            var options = openIdOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(CancellationToken.None);
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
                new("refresh_token", refreshToken),
                // The sign-in's scopes less offline_access: a subset of what was granted, which every provider accepts.
                new("scope", string.Join(' ', options.Scope.Where(scope => scope != "offline_access"))),
            };
            form.AddRange(credential.FormFields(configuration.TokenEndpoint));
            using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(form));
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            if (!response.IsSuccessStatusCode)
            {
                var error = body.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
                logger.LogWarning("The identity provider refused to refresh the roles of user {UserId}: {Status} {Error}.", userId, (int)response.StatusCode, error);
                return error == "invalid_grant" ? [] : null;
            }
            if (!body.RootElement.TryGetProperty("id_token", out var idTokenElement) || idTokenElement.GetString() is not { } idToken) return null;

            var parameters = options.TokenValidationParameters.Clone();
            parameters.ValidIssuer = configuration.Issuer;
            parameters.ValidAudience = options.ClientId;
            parameters.IssuerSigningKeys = configuration.SigningKeys;
            var validated = await options.TokenHandler.ValidateTokenAsync(idToken, parameters);
            if (!validated.IsValid)
            {
                logger.LogWarning(validated.Exception, "The identity provider's refreshed id token for user {UserId} is not valid.", userId);
                return null;
            }
            var principal = new ClaimsPrincipal(validated.ClaimsIdentity);
            if (CurrentUser.FindObjectId(principal) != userId)
            {
                logger.LogWarning("The identity provider's refreshed id token names another user than {UserId}.", userId);
                return null;
            }

            // A provider that rotates refresh tokens gives a new one; the old one is spent.
            if (body.RootElement.TryGetProperty("refresh_token", out var next) && next.GetString() is { Length: > 0 } rotated && rotated != refreshToken)
            {
                session.Ticket.Properties.UpdateTokenValue("refresh_token", rotated);
                session.Ticket.Properties.UpdateTokenValue("id_token", idToken);
                await sessions.ReplaceTicketAsync(session.Id, session.Ticket, CancellationToken.None);
            }
            return principal.FindAll(ComplianceClaimTypes.Roles).Select(c => c.Value).ToList();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            logger.LogWarning(e, "The identity provider could not be asked for the roles of user {UserId}.", userId);
            return null;
        }
    }
}
