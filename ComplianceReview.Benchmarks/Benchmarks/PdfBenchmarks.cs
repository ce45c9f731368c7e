using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using ComplianceReview.App.Documents;
using ComplianceReview.Benchmarks.Data;
using ComplianceReview.Benchmarks.Infrastructure;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Benchmarks.Benchmarks;

/// <summary>
/// A tabular disclosure package (one identifier, subscriber identity plus a long connection history) of about 1, 10, 100
/// and 1,000 pages. Candidate: the app's <see cref="DisclosurePackageRenderer"/>, which renders on the calling thread
/// (one core). Baseline: the same content as an HTML page printed to PDF by headless Chromium, one process per
/// package as a server would run it (Chromium's own processes may use both cores). The package cannot be shorter
/// than its cover, manifest and certificate, so "1 page" renders the smallest package there is; the setup prints the
/// actual page counts. Chromium is not run at 1,000 pages: one print takes minutes on this machine, which the suite's
/// time budget cannot hold; the 1,000-page figure is PDFsharp's alone.
/// </summary>
[ShortInProcessJob(warmupCount: 1, iterationCount: 5)]
public partial class PdfBenchmarks
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly DisclosurePackageRequest Request = new(
        "LD-2026-000042", "Metropolitan Police Service", "GB", ProcessType.CourtOrder, "CASE-2026-7781", "Westminster Magistrates' Court",
        new ApprovedScopeWording("alice@example.org", "Subscriber identity, Connection history",
            "2026-01-01 00:00:00 UTC to 2026-02-28 23:59:59 UTC, both included"),
        "CR", "Dana Whitfield", new DateTimeOffset(2026, 3, 2, 14, 5, 6, TimeSpan.Zero));

    private readonly DisclosurePackageRenderer _renderer = new();
    private readonly Dictionary<int, (DataSnapshot Snapshot, string Html, string Pdf)> _packages = [];
    private string _profile = "";

    [GlobalSetup]
    public void Setup()
    {
        // Calibrate: the fixed pages (cover, manifest, certificate) and the connection rows that fit on one page.
        var fixedPages = _renderer.Render(Snapshot(1), Request).PageCount;
        var sample = _renderer.Render(Snapshot(2_000), Request).PageCount;
        var rowsPerPage = 2_000.0 / Math.Max(1, sample - fixedPages);

        var folder = Path.Combine(BenchmarkDatabase.Folder, "pdf");
        Directory.CreateDirectory(folder);
        _profile = Path.Combine(folder, "chromium-profile");
        foreach (var target in new[] { 1, 10, 100, 1000 })
        {
            var rows = Math.Max(1, (int)Math.Round((target - fixedPages) * rowsPerPage));
            var snapshot = Snapshot(rows);
            var pages = _renderer.Render(snapshot, Request).PageCount;
            var html = Path.Combine(folder, $"package-{target}.html");
            var pdf = Path.Combine(folder, $"package-{target}.pdf");
            File.WriteAllText(html, Html(snapshot, Request));
            _packages[target] = (snapshot, html, pdf);
            var line = $"Pages={target}: {rows:N0} connection rows; PDFsharp {pages} pages";
            if (target <= 100)
            {
                PrintWithChromium(target);
                line += $"; Chromium {PageObject().Count(Encoding.Latin1.GetString(File.ReadAllBytes(pdf)))} pages";
            }
            Console.WriteLine("// " + line);
        }
    }

    [Benchmark(Baseline = true, Description = "HTML printed by headless Chromium")]
    [Arguments(1)]
    [Arguments(10)]
    [Arguments(100)]
    public void ChromiumPrint(int pages) => PrintWithChromium(pages);

    [Benchmark(Description = "DisclosurePackageRenderer (PDFsharp)")]
    [Arguments(1)]
    [Arguments(10)]
    [Arguments(100)]
    [Arguments(1000)]
    public RenderedPackage PdfSharp(int pages) => _renderer.Render(_packages[pages].Snapshot, Request);

    /// <summary>
    /// The 1,000-page case side by side, outside BenchmarkDotNet (one Chromium print takes minutes): after the setup,
    /// each repetition prints the HTML with Chromium, then renders the package with PDFsharp once to warm up and once timed.
    /// </summary>
    public static void CompareAtThousandPages(TextWriter log, int repetitions)
    {
        var benchmarks = new PdfBenchmarks();
        benchmarks.Setup();
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            benchmarks.PrintWithChromium(1000);
            var chromium = watch.Elapsed;
            var chromiumPages = PageObject().Count(Encoding.Latin1.GetString(File.ReadAllBytes(benchmarks._packages[1000].Pdf)));

            benchmarks.PdfSharp(1000);
            watch.Restart();
            var package = benchmarks.PdfSharp(1000);
            var pdfSharp = watch.Elapsed;
            log.WriteLine($"1,000-page target: Chromium {chromium.TotalSeconds:F1} s ({chromiumPages} pages), PDFsharp " +
                $"{pdfSharp.TotalMilliseconds:F0} ms ({package.PageCount} pages): {chromium / pdfSharp:F0}x");
        }
    }

    private void PrintWithChromium(int pages)
    {
        var (_, htmlPath, pdfPath) = _packages[pages];
        File.Delete(pdfPath);
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-pdf-header-footer", "--user-data-dir=" + _profile,
            "--print-to-pdf=" + pdfPath, htmlPath,
        })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (!File.Exists(pdfPath)) throw new InvalidOperationException("Chromium wrote no PDF.");
    }

    private static DataSnapshot Snapshot(int connectionRows)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var connections = Enumerable.Range(0, connectionRows)
            .Select(i => (IReadOnlyList<string>)
            [
                start.AddSeconds(i * 97L).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"203.0.{i / 250 % 250}.{i % 250 + 1}"),
            ])
            .ToList();
        var identity = new List<IReadOnlyList<string>> { new[] { "Alice Example", "alice@example.org" } };
        return new DataSnapshot(Request.Reference, new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero),
            [DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory],
            start, new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.Zero),
            [
                new IdentifierRecords(IdentifierKind.Email, "alice@example.org", Found: true,
                [
                    new CategoryRecords(DataCategory.SubscriberIdentity, DataCategory.SubscriberIdentity.Info().Fields, identity),
                    new CategoryRecords(DataCategory.ConnectionHistory, DataCategory.ConnectionHistory.Info().Fields, connections),
                ]),
            ]);
    }

    /// <summary>The package's content as a printable page: cover, tables, manifest, certificate; same fonts size as the PDF.</summary>
    private static string Html(DataSnapshot snapshot, DisclosurePackageRequest request)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Disclosure package</title><style>
            @page { size: A4; margin: 20mm 18mm; }
            body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }
            h1 { font-size: 16pt; } h2 { font-size: 12pt; } section { break-after: page; }
            table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; }
            thead { display: table-header-group; }
            </style></head><body>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<section><h1>Disclosure package {E(request.Reference)}</h1><dl>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Agency</dt><dd>{E(request.AgencyName)} ({E(request.AgencyCountry)})</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Process</dt><dd>{request.ProcessType}, {E(request.CaseNumber)}, {E(request.IssuingAuthority)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Identifiers</dt><dd>{E(request.ApprovedScope.Identifiers)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Categories</dt><dd>{E(request.ApprovedScope.Categories)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Dates</dt><dd>{E(request.ApprovedScope.DateRange)}</dd></dl></section>");
        foreach (var identifier in snapshot.Identifiers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section><h2>{E(identifier.Identifier)}</h2>");
            foreach (var category in identifier.Categories)
            {
                html.Append(CultureInfo.InvariantCulture, $"<h3>{E(category.Category.Display())}</h3><table><thead><tr>");
                foreach (var column in category.Columns) html.Append("<th>").Append(E(column)).Append("</th>");
                html.Append("</tr></thead><tbody>");
                foreach (var row in category.Rows)
                {
                    html.Append("<tr>");
                    foreach (var cell in row) html.Append("<td>").Append(E(cell)).Append("</td>");
                    html.Append("</tr>");
                }
                html.Append("</tbody></table>");
            }
            html.Append("</section>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>Manifest</h2><p>Snapshot SHA-256: {snapshot.ComputeSha256()}</p><p>Records: {snapshot.RecordCount}</p></section>");
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>Certificate of authenticity</h2><p>Certified by {E(request.CertifyingLegalLead)}.</p></section>");
        return html.Append("</body></html>").ToString();
    }

    [GeneratedRegex(@"/Type\s*/Page(?!s)")]
    private static partial Regex PageObject();
}
