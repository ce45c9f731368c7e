using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplianceReview.App.Identity;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplianceReview.CrashHarness;

/// <summary>What the harness sent to the intake API, and what came back (a reference only if the 201 arrived whole).</summary>
internal sealed record IntakeAttempt(string CaseNumber, string AgencyName, int TargetCount, string? OrderSha256)
{
    public string? AcknowledgedReference { get; set; }
    public bool Finished { get; set; }
}

/// <summary>
/// A request portal: signs in as a reviewer through the development sign-in (form, antiforgery token, cookie), then posts
/// demands to <c>POST /api/demands</c> one after another until the app dies or the round ends. Every request is recorded
/// before it is sent; a 201 is recorded as acknowledged only once its body (with the reference) has been read.
/// </summary>
internal sealed partial class IntakeClient(Uri baseAddress, string reviewerId, string caseNumberPrefix, Random random, IntakeLedger ledger)
{
    private static readonly string[] KnownAccounts = [.. Enumerable.Range(10001, 40).Select(n => string.Create(CultureInfo.InvariantCulture, $"acct-{n}"))];

    private static readonly (string Name, string Country, string Authority)[] Agencies =
    [
        ("Federal Bureau of Investigation", "US", "U.S. District Court for the Northern District of California"),
        ("Bundeskriminalamt", "DE", "Amtsgericht Wiesbaden"),
        ("Metropolitan Police Service", "GB", "Westminster Magistrates' Court"),
        ("Police nationale", "FR", "Tribunal judiciaire de Paris"),
    ];

    /// <summary>Posts until <paramref name="cancellationToken"/> fires or a request fails (the app was killed).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            await SignInAsync(http, cancellationToken);
            for (var n = 1; !cancellationToken.IsCancellationRequested; n++)
                await PostOneAsync(http, string.Create(CultureInfo.InvariantCulture, $"{caseNumberPrefix}-{n:0000}"), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // The app was killed (connection refused or reset mid-request), or the round is over.
        }
    }

    private async Task SignInAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var form = await http.GetStringAsync("/signin/dev", cancellationToken);
        var token = AntiforgeryToken().Match(form);
        if (!token.Success) throw new InvalidOperationException("The development sign-in page has no antiforgery token.");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["token"].Value),
            ["userId"] = reviewerId,
            ["returnUrl"] = "/",
        });
        using var response = await http.PostAsync("/signin/dev", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {reviewerId} answered {(int)response.StatusCode}.");
    }

    private async Task PostOneAsync(HttpClient http, string caseNumber, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var agency = Agencies[random.Next(Agencies.Length)];
        var type = random.Next(100) switch
        {
            < 30 => "Subpoena",
            < 60 => "CourtOrder",
            < 75 => "SearchWarrant",
            < 85 => "EmergencyRequest",
            _ => "PreservationRequest",
        };
        var targets = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => KnownAccounts[random.Next(KnownAccounts.Length)]).ToList();
        if (random.Next(5) == 0) targets.Add(string.Create(CultureInfo.InvariantCulture, $"unknown.{random.Next(1000)}@contoso.com"));
        targets = [.. targets.Distinct(StringComparer.Ordinal)];
        string[] categories = type == "Subpoena"
            ? ["SubscriberIdentity", "ConnectionHistory", "BillingInformation"]
            : ["SubscriberIdentity", "ConnectionHistory", "EmailContent", "StoredFiles"];
        var document = random.Next(5) == 0 ? null : OrderPdf(caseNumber, pages: 1 + random.Next(3), shade: random.Next(200));
        var body = new
        {
            agencyName = agency.Name,
            agencyCountry = agency.Country,
            processType = type,
            issuingAuthority = agency.Authority,
            caseNumber,
            issuedOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2),
            expiresOn = type == "SearchWarrant" ? DateOnly.FromDateTime(now.UtcDateTime).AddDays(90) : (DateOnly?)null,
            receivedAt = now,
            dueAt = now.AddDays(14),
            targets,
            categories = categories.Take(2 + random.Next(categories.Length - 1)).ToArray(),
            coveredFrom = now.AddDays(-200),
            coveredTo = now.AddDays(-1),
            nonDisclosure = "None",
            emergencyJustification = type == "EmergencyRequest" ? "Credible threat to life reported by the requesting agency." : null,
            orderDocumentFileName = document is null ? null : $"{caseNumber}.pdf",
            orderDocumentBase64 = document is null ? null : Convert.ToBase64String(document),
        };

        var attempt = new IntakeAttempt(caseNumber, agency.Name, targets.Count, document is null ? null : Convert.ToHexStringLower(SHA256.HashData(document)));
        ledger.Add(attempt); // before sending: a request cut by the kill is still one the checks account for
        using var response = await http.PostAsJsonAsync("/api/demands", body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            ledger.Refused($"{caseNumber}: the intake answered {(int)response.StatusCode}: {text}");
            attempt.Finished = true;
            return;
        }
        using var json = JsonDocument.Parse(text);
        attempt.AcknowledgedReference = json.RootElement.GetProperty("reference").GetString();
        attempt.Finished = true;
    }

    /// <summary>A real PDF (PDFsharp, the app's own library) that differs per demand, so each upload stores new bytes.</summary>
    private static byte[] OrderPdf(string caseNumber, int pages, int shade)
    {
        using var document = new PdfDocument();
        document.Info.Title = caseNumber;
        for (var i = 0; i < pages; i++)
        {
            var page = document.AddPage();
            using var graphics = XGraphics.FromPdfPage(page);
            graphics.DrawRectangle(XPens.Black, 40, 40, page.Width.Point - 80, page.Height.Point - 80);
            for (var y = 80; y < 760; y += 14) graphics.DrawLine(XPens.Gray, 60, y, 60 + shade + y % 200, y);
        }
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>Every intake request of the run, shared by the clients.</summary>
internal sealed class IntakeLedger
{
    private readonly Lock _gate = new();
    private readonly List<IntakeAttempt> _attempts = [];
    private readonly List<string> _refusals = [];

    public void Add(IntakeAttempt attempt)
    {
        lock (_gate) _attempts.Add(attempt);
    }

    public void Refused(string why)
    {
        lock (_gate) _refusals.Add(why);
    }

    public IReadOnlyList<IntakeAttempt> Attempts
    {
        get
        {
            lock (_gate) return [.. _attempts];
        }
    }

    public IReadOnlyList<string> Refusals
    {
        get
        {
            lock (_gate) return [.. _refusals];
        }
    }

    public int InFlight
    {
        get
        {
            lock (_gate) return _attempts.Count(a => !a.Finished);
        }
    }

    internal static string ReviewerFor(int client) => client % 2 == 0 ? DemoUsers.Reviewer1 : DemoUsers.Reviewer2;
}
