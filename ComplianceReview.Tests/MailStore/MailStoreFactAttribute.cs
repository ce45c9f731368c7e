namespace ComplianceReview.Tests.MailStore;

/// <summary>
/// A test against a real Dovecot: skipped with a message when Dovecot is missing on a developer machine; when <c>CI</c> is
/// set it runs anyway and fails with the same message (as <see cref="Browser.BrowserFactAttribute"/> treats Chromium).
/// </summary>
public sealed class MailStoreFactAttribute : FactAttribute
{
    public MailStoreFactAttribute()
    {
        if (!DovecotEnvironment.Available && !DovecotEnvironment.IsCi)
            Skip = DovecotEnvironment.MissingMessage + " Mail-store tests are skipped; with CI set they fail instead.";
    }
}

/// <summary>One Dovecot for a test class; without Dovecot nothing starts and <see cref="Server"/> fails with the reason.</summary>
public sealed class DovecotFixture : IAsyncLifetime
{
    private DovecotServer? _server;

    public DovecotServer Server => _server ?? throw new InvalidOperationException(DovecotEnvironment.MissingMessage
        + (DovecotEnvironment.IsCi ? " CI is set, so this is a failure, not a skip." : ""));

    public async Task InitializeAsync()
    {
        if (DovecotEnvironment.Available) _server = await DovecotServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
