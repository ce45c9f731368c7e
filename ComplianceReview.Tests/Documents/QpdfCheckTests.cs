using System.Diagnostics;
using ComplianceReview.App.Documents;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Xunit.Sdk;

namespace ComplianceReview.Tests.Documents;

/// <summary>Where the qpdf checks expect qpdf, and whether a missing one is a skip or a failure (as for Chromium).</summary>
public static class QpdfEnvironment
{
    public static string QpdfPath => Environment.GetEnvironmentVariable("QPDF_PATH") is { Length: > 0 } path ? path : "/usr/bin/qpdf";

    public static bool Available => File.Exists(QpdfPath);

    public static string MissingMessage => $"qpdf is not installed at {QpdfPath} (apt-get install -y qpdf).";

    /// <summary>Runs <c>qpdf --check</c> on the bytes; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"qpdf-check-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(QpdfPath, ["--check", path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("qpdf did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>A qpdf check: skipped with a message without qpdf, failing instead when <c>CI</c> is set (<c>.ci/run</c> installs it).</summary>
public sealed class QpdfFactAttribute : FactAttribute
{
    public QpdfFactAttribute()
    {
        if (!QpdfEnvironment.Available && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CI")))
            Skip = QpdfEnvironment.MissingMessage + " The qpdf checks are skipped; with CI set they fail instead.";
    }
}

/// <summary>Every PDF the app generates passes <c>qpdf --check</c> with no warnings (exit code 0; 3 means warnings, 2 errors).</summary>
public sealed class QpdfCheckTests
{
    private static async Task AssertCleanAsync(byte[] pdf)
    {
        Assert.True(QpdfEnvironment.Available, QpdfEnvironment.MissingMessage);
        var (exitCode, output) = await QpdfEnvironment.CheckAsync(pdf);
        Assert.True(exitCode == 0, $"qpdf --check exited {exitCode}:\n{output}");
        Assert.DoesNotContain("WARNING", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("No syntax or stream encoding errors found", output, StringComparison.Ordinal);
    }

    [QpdfFact]
    public async Task ADisclosurePackageOfSeveralPagesPassesWithoutWarnings()
    {
        var snapshot = new SnapshotBuilder()
            .WithCategories(DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory)
            .WithIdentifier("alice@example.org",
                (DataCategory.SubscriberIdentity, [["Alice Liddell", "alice@example.org"]]),
                (DataCategory.ConnectionHistory, SnapshotBuilder.ConnectionRows(120)))
            .WithUnknownIdentifier("nobody@example.com")
            .Build();

        var package = new DisclosurePackageRenderer().Render(snapshot, new RequestBuilder().Build());

        Assert.True(package.PageCount > 3);
        await AssertCleanAsync(package.Pdf);
    }

    [QpdfFact]
    public async Task ACaseRecordPassesWithoutWarnings()
    {
        var document = new RecordDocument("Case record LD-2026-000001", "LD-2026-000001", ComplianceAppFactory.DefaultNow, "Ada Auditor",
            new AuditHead(42, new string('a', 64)),
            [
                RecordSection.OfFields("Demand", new RecordField("Reference", "LD-2026-000001"), new RecordField("Agency", "Bundeskriminalamt")),
                RecordSection.OfTable("Audit trail",
                    new RecordTable([new("Sequence", 0.5), new("Action"), new("Hash", 2)],
                        [.. Enumerable.Range(1, 80).Select(i => (IReadOnlyList<string>)[i.ToString(System.Globalization.CultureInfo.InvariantCulture), "DemandViewed", new string('b', 64)])]),
                    "No entries."),
            ]);

        var pdf = await new RecordPdfRenderer().RenderAsync(document);

        await AssertCleanAsync(pdf);
    }

    [QpdfFact]
    public async Task TheCheckFailsOnADamagedFile()
    {
        // The check can fail: a package cut short is reported by qpdf (this guards the helper, not the renderer).
        var package = new DisclosurePackageRenderer().Render(new SnapshotBuilder().WithCategories(DataCategory.SubscriberIdentity)
            .WithIdentifier("alice@example.org", (DataCategory.SubscriberIdentity, [["Alice Liddell", "alice@example.org"]])).Build(), new RequestBuilder().Build());

        var (exitCode, _) = await QpdfEnvironment.CheckAsync(package.Pdf[..(package.Pdf.Length / 2)]);

        Assert.NotEqual(0, exitCode);
    }
}
