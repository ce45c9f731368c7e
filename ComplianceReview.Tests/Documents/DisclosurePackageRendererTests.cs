using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ComplianceReview.App.Documents;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Documents;

public sealed class DisclosurePackageRendererTests
{
    private readonly DisclosurePackageRenderer _renderer = new();

    private static DataSnapshot TypicalSnapshot() => new SnapshotBuilder()
        .WithCategories(DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory)
        .WithIdentifier("alice@example.org",
            (DataCategory.SubscriberIdentity, [["Alice Liddell", "alice@example.org"]]),
            (DataCategory.ConnectionHistory, SnapshotBuilder.ConnectionRows(30)))
        .WithIdentifier("bob-1977",
            (DataCategory.SubscriberIdentity, [["Bob Marley", "bob@example.net"]]))
        .WithUnknownIdentifier("nobody@example.com")
        .Build();

    [Fact]
    public void CoverPageStatesTheHeaderFieldsAndTheApprovedScope()
    {
        var request = new RequestBuilder().Build();

        var pdf = PdfReadBack.Read(_renderer.Render(TypicalSnapshot(), request).Pdf);

        var cover = PdfReadBack.Normalise(pdf.Pages[0]);
        Assert.Contains("Disclosurepackage", cover);
        foreach (var expected in new[]
        {
            request.Reference, request.AgencyName, request.AgencyCountry, "Court order", request.CaseNumber, request.IssuingAuthority,
            request.ApprovedScope.Identifiers, request.ApprovedScope.Categories, request.ApprovedScope.DateRange,
        })
        {
            Assert.Contains(PdfReadBack.Normalise(expected), cover);
        }
    }

    [Fact]
    public void EveryPageHasItsBatesNumberAndPageXOfY()
    {
        var package = _renderer.Render(TypicalSnapshot(), new RequestBuilder().Build());

        var pdf = PdfReadBack.Read(package.Pdf);

        Assert.Equal(package.PageCount, pdf.Pages.Count);
        Assert.True(pdf.Pages.Count >= 5, "cover, three identifiers, manifest and certificate");
        for (var i = 0; i < pdf.Pages.Count; i++)
        {
            var number = i + 1;
            var bates = $"CR-{number:000000}";
            var page = PdfReadBack.Normalise(pdf.Pages[i]);
            Assert.Contains($"Page{number}of{pdf.Pages.Count}{bates}", page);
            Assert.Single(Regex.Matches(page, @"Page\d+of\d+CR-\d{6}"));
        }
        Assert.Equal("CR-000001", package.BatesFirst);
        Assert.Equal($"CR-{pdf.Pages.Count:000000}", package.BatesLast);
    }

    [Fact]
    public void CertificateIsTheLastPageAndNamesTheLegalLeadAndTheBatesRange()
    {
        var package = _renderer.Render(TypicalSnapshot(), new RequestBuilder().With(r => r with { CertifyingLegalLead = "Ngozi Okonjo-Adeyemi" }).Build());

        var last = PdfReadBack.Normalise(PdfReadBack.Read(package.Pdf).Pages[^1]);

        Assert.Contains("Certificateofauthenticity", last);
        Assert.Contains("I,NgoziOkonjo-Adeyemi,alegalleadoftheprovider,certify", last);
        Assert.Contains($"Batesnumbers{package.BatesFirst}through{package.BatesLast}", last);
    }

    [Fact]
    public void ManifestShowsTheSnapshotSha256()
    {
        var snapshot = TypicalSnapshot();

        var pdf = PdfReadBack.Read(_renderer.Render(snapshot, new RequestBuilder().Build()).Pdf);

        var manifest = pdf.Pages.Select(PdfReadBack.Normalise).Single(p => p.StartsWith("Manifest", StringComparison.Ordinal));
        Assert.Contains(snapshot.ComputeSha256(), manifest);
    }

    [Fact]
    public void UnknownIdentifierGetsTheNoRecordsLineAndEmptyCategoriesTheirOwnLine()
    {
        var snapshot = new SnapshotBuilder()
            .WithCategories(DataCategory.SubscriberIdentity, DataCategory.ConnectionHistory)
            .WithIdentifier("alice@example.org", (DataCategory.SubscriberIdentity, [["Alice Liddell", "alice@example.org"]]))
            .WithUnknownIdentifier("nobody@example.com")
            .Build();

        var pages = PdfReadBack.Read(_renderer.Render(snapshot, new RequestBuilder().Build()).Pdf).Pages.Select(PdfReadBack.Normalise).ToList();

        var unknown = pages.Single(p => p.Contains("Identifier2of2:nobody@example.com", StringComparison.Ordinal));
        Assert.Contains(PdfReadBack.Normalise(DisclosurePackageRenderer.NoRecordsForIdentifier), unknown);
        Assert.DoesNotContain("Subscriberidentity", unknown);
        var alice = pages.Single(p => p.Contains("Identifier1of2:alice@example.org", StringComparison.Ordinal));
        Assert.Contains("ConnectionhistoryNorecordsinthiscategoryforthecoveredperiod.", alice);
        Assert.DoesNotContain(PdfReadBack.Normalise(DisclosurePackageRenderer.NoRecordsForIdentifier), alice);
    }

    [Fact]
    public void CategoryTablesHaveTheCategoryFieldsAsColumns()
    {
        var snapshot = new SnapshotBuilder()
            .WithCategories(DataCategory.StoredFiles)
            .WithIdentifier("alice@example.org", (DataCategory.StoredFiles, [["holiday.jpg", "2048", "2026-01-05 10:00:00 UTC", new string('a', 64)]]))
            .Build();

        var text = PdfReadBack.Read(_renderer.Render(snapshot, new RequestBuilder().Build()).Pdf).NormalisedText;

        Assert.Contains("StoredfilesFilenameSizeUploadedatSHA-256holiday.jpg20482026-01-0510:00:00UTC" + new string('a', 64), text);
    }

    [Fact]
    public void DataOfACategoryOutsideTheApprovedListIsNotPrinted()
    {
        var snapshot = new SnapshotBuilder()
            .WithCategories(DataCategory.SubscriberIdentity)
            .WithIdentifier("alice@example.org",
                (DataCategory.SubscriberIdentity, [["Alice Liddell", "alice@example.org"]]),
                (DataCategory.EmailContent, [["2026-01-02", "alice@example.org", "x@example.org", "CANARY-SUBJECT", "CANARY-BODY"]]))
            .Build();

        var pdf = PdfReadBack.Read(_renderer.Render(snapshot, new RequestBuilder().Build()).Pdf);

        Assert.Contains("AliceLiddell", pdf.NormalisedText);
        Assert.DoesNotContain("CANARY", pdf.NormalisedText);
        Assert.DoesNotContain("E-mailcontent", pdf.NormalisedText);
    }

    [Fact]
    public void SameInputGivesTheSameBytes()
    {
        var first = _renderer.Render(TypicalSnapshot(), new RequestBuilder().Build());
        var second = _renderer.Render(TypicalSnapshot(), new RequestBuilder().Build());

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(first.Pdf, second.Pdf);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first.Pdf)), first.Sha256);
    }

    [Fact]
    public void AnotherApprovalTimeGivesOtherBytes()
    {
        var first = _renderer.Render(TypicalSnapshot(), new RequestBuilder().Build());
        var later = _renderer.Render(TypicalSnapshot(), new RequestBuilder().With(r => r with { ApprovedAt = r.ApprovedAt.AddMinutes(1) }).Build());

        Assert.NotEqual(first.Sha256, later.Sha256);
    }

    [Fact]
    public void MetadataHoldsOnlyTheFixedValuesAndTheApprovalTime()
    {
        var pdf = PdfReadBack.Read(_renderer.Render(TypicalSnapshot(), new RequestBuilder().Build()).Pdf);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Title"] = "LD-2026-000042 disclosure package",
                ["Creator"] = "ComplianceReview",
                ["Producer"] = "PDFsharp",
                ["CreationDate"] = "D:20260302140506+00'00'",
                ["ModDate"] = "D:20260302140506+00'00'",
            },
            pdf.Information);
    }

    [Fact]
    public void FileRevealsNothingAboutTheHostOrTheLibraryVersion()
    {
        var pdf = PdfReadBack.Read(_renderer.Render(TypicalSnapshot(), new RequestBuilder().Build()).Pdf);
        // Stream bodies are compressed or binary (a two-letter host name turns up in font data by chance); what they
        // say is checked through the extracted text, everything else in the clear.
        var raw = pdf.RawWithoutStreams + "\n" + pdf.AllText;

        Assert.DoesNotContain(Environment.MachineName, raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Environment.CurrentDirectory, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(AppContext.BaseDirectory, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Created with", raw, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"PDFsharp \d", raw);
        Assert.DoesNotContain(".NET", raw, StringComparison.Ordinal);
        if (Environment.UserName.Length >= 4) Assert.DoesNotContain("/" + Environment.UserName, raw, StringComparison.Ordinal);

        // Dates: only the approval time, in the Info dictionary and in the XMP packet.
        Assert.All(Regex.Matches(raw, @"D:\d{14}[^)]*").Select(m => m.Value), d => Assert.Equal("D:20260302140506+00'00'", d));
        Assert.All(Regex.Matches(raw, @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[^<]*").Select(m => m.Value), d => Assert.Equal("2026-03-02T14:05:06Z", d));

        // The trailer /ID and the XMP ids are derived, not random: they repeat in every render (checked above via bytes).
        Assert.Matches(@"/ID\[<[0-9A-Fa-f]{32}><[0-9A-Fa-f]{32}>\]", raw);
    }

    [Fact]
    public void TextIsExtractableIncludingNonAsciiLetters()
    {
        var snapshot = new SnapshotBuilder()
            .WithCategories(DataCategory.SubscriberIdentity)
            .WithIdentifier("jose@example.es", (DataCategory.SubscriberIdentity, [["José Núñez Søren Çelik Łukasz Straße", "jose@example.es"]]))
            .Build();

        var text = PdfReadBack.Read(_renderer.Render(snapshot, new RequestBuilder().Build()).Pdf).NormalisedText;

        Assert.Contains("JoséNúñezSørenÇelikŁukaszStraße", text);
    }

    [Fact]
    public void ProgressRisesToOne()
    {
        var snapshot = new SnapshotBuilder()
            .WithCategories(DataCategory.ConnectionHistory)
            .WithIdentifier("alice@example.org", (DataCategory.ConnectionHistory, SnapshotBuilder.ConnectionRows(2_000)))
            .Build();
        var progress = new RecordingProgress();

        _renderer.Render(snapshot, new RequestBuilder().Build(), progress);

        Assert.True(progress.Values.Count > 20, $"only {progress.Values.Count} reports");
        Assert.Equal(1.0, progress.Values[^1]);
        Assert.True(progress.Values.Zip(progress.Values.Skip(1)).All(p => p.First < p.Second), "progress never goes back");
        Assert.All(progress.Values, v => Assert.InRange(v, 0.0, 1.0));
    }

    [Fact]
    public void CancellationStopsRendering()
    {
        var snapshot = new SnapshotBuilder()
            .WithCategories(DataCategory.ConnectionHistory)
            .WithIdentifier("alice@example.org", (DataCategory.ConnectionHistory, SnapshotBuilder.ConnectionRows(2_000)))
            .Build();
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(onReport: v => { if (v > 0.3) cancellation.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() => _renderer.Render(snapshot, new RequestBuilder().Build(), progress, cancellation.Token));
        Assert.True(progress.Values[^1] < 0.5);
    }

    [Fact]
    public async Task RenderAsyncGivesTheSameBytesAsRender()
    {
        var expected = _renderer.Render(TypicalSnapshot(), new RequestBuilder().Build());

        var actual = await _renderer.RenderAsync(TypicalSnapshot(), new RequestBuilder().Build());

        Assert.Equal(expected.Sha256, actual.Sha256);
    }

    [Fact]
    public void SnapshotOfAnotherDemandIsRefused()
    {
        var snapshot = new SnapshotBuilder().WithReference("LD-2026-000099").WithIdentifier("alice@example.org").Build();

        Assert.Throws<ArgumentException>(() => _renderer.Render(snapshot, new RequestBuilder().Build()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("cr")]
    [InlineData("CR-1")]
    [InlineData("ABCDEFGHIJK")]
    public void InvalidBatesPrefixIsRefused(string prefix)
    {
        Assert.Throws<ArgumentException>(() => _renderer.Render(TypicalSnapshot(), new RequestBuilder().With(r => r with { BatesPrefix = prefix }).Build()));
    }

    private sealed class RecordingProgress(Action<double>? onReport = null) : IProgress<double>
    {
        public List<double> Values { get; } = [];

        public void Report(double value)
        {
            Values.Add(value);
            onReport?.Invoke(value);
        }
    }
}
