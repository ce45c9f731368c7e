using System.Net;
using ComplianceReview.App.Data;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using ComplianceReview.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ComplianceReview.Tests.Browser;

/// <summary>
/// The real app on Kestrel (a free loopback port, so a real browser can reach it), a real SQLite file in a temp folder,
/// demo data seeded, development sign-in, real time: the seed's dates and the browser's date pickers agree with the clock.
/// </summary>
public sealed class BrowserAppFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cr-browser-tests", Guid.NewGuid().ToString("N"));

    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="logs">If given, this provider gets every message of every category at Trace.</param>
    /// <param name="settings">Settings over this factory's own (an OpenID Connect provider instead of the demo users).</param>
    public BrowserAppFactory(CapturingLoggerProvider? logs = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        Logs = logs;
        _settings = settings ?? new Dictionary<string, string>();
        Directory.CreateDirectory(_directory);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The capture given at construction, if any.</summary>
    public CapturingLoggerProvider? Logs { get; }

    /// <summary>
    /// Holds both the reviewer and the legal-lead role, which no demo user does: the only way to show in a browser that the
    /// four-eyes rule stops a person signing off what they decided. Offered on this app's sign-in page only.
    /// </summary>
    public static readonly DemoUser ReviewerAndLegalLead =
        new("dev-both-1", "Robin Both", "robin.both@dev.example", [Roles.Reviewer, Roles.LegalLead]);

    public static readonly IReadOnlyList<DemoUser> Users = [.. DemoUsers.All, ReviewerAndLegalLead];

    /// <summary>Where the started server listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = default!;

    /// <summary>Starts Kestrel (migrating and seeding the database) and records its address.</summary>
    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        Address = new Uri(addresses.Single());
    }

    /// <summary>A service as <paramref name="user"/> would get it: the app's DI graph with that user as the current one.</summary>
    public T ServiceAs<T>(IServiceScope scope, TestUser user) where T : notnull =>
        ActivatorUtilities.CreateInstance<T>(scope.ServiceProvider, user);

    /// <summary>Registers <paramref name="registration"/> as a reviewer and approves it whole: it then awaits sign-off.</summary>
    public async Task<string> RegisterAndApproveAsync(DemandRegistration registration, string reason)
    {
        using var scope = Services.CreateScope();
        var demands = ServiceAs<DemandService>(scope, TestUser.Reviewer1);
        var registered = await demands.RegisterAsync(registration, null);
        if (!registered.Succeeded) throw new InvalidOperationException(string.Join("; ", registered.Problems.Select(p => p.Message)));
        var reference = registered.Reference!.Value;
        var inReview = await demands.StartReviewAsync(reference, (await demands.FindAsync(reference))!.Version);
        await demands.ApproveAsync(reference, inReview.Version, reason);
        return reference;
    }

    public ComplianceDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<ComplianceDbContext>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", Path.Combine(_directory, "compliance.db"));
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Storage:DocumentsPath", Path.Combine(_directory, "documents"));
        builder.UseSetting("Audit:CheckpointPath", Path.Combine(_directory, "checkpoints"));
        builder.UseSetting("Identity:DevelopmentSignIn", "true");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            if (Logs is null) return;
            logging.AddProvider(Logs);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace); // a provider rule: beats every category rule
        });
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<DemoUserDirectory>();
            services.AddSingleton(new DemoUserDirectory(Users));
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // best effort on temp files
    }
}
