using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ComplianceReview.App.Productions;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Domain.CustomerData;
using ComplianceReview.Tests.Documents;
using static ComplianceReview.Tests.Productions.GeneratedMailSource;

namespace ComplianceReview.Tests.Productions;

/// <summary>The production as files: streamed extraction, PDF volumes, CSV/JSON records, originals and manifests in a ZIP, read back.</summary>
public sealed class ProductionArchiveTests : IDisposable
{
    private const int Messages = 60;
    private const int PagesPerVolume = 4;
    private readonly string _root = Directory.CreateTempSubdirectory("cr-production-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<Production> ProduceAsync(string name, int messages = Messages, params AccountIdentifier[] identifiers)
    {
        var scope = Scope(identifiers.Length == 0 ? [Alice, Ghost] : identifiers);
        return ProductionArchive.ProduceAsync(new GeneratedMailSource(messages), scope, ApprovedAt, Request(scope), Path.Combine(_root, name), PagesPerVolume);
    }

    private static readonly AccountIdentifier Ghost = AccountIdentifier.Parse("ghost@contoso.com");

    [Fact]
    public async Task TheArchiveHoldsVolumesRecordsAndOriginalsAndEveryEntryMatchesItsManifest()
    {
        var production = await ProduceAsync("a");

        var entries = await ProductionArchive.VerifyAsync(production.ArchivePath);

        Assert.Equal(ProductionArchive.Manifest, entries[0]);
        Assert.Contains("records.jsonl", entries);
        Assert.Contains(ProductionArchive.RecordsManifest, entries);
        Assert.Contains("records/EmailContent.csv", entries);
        Assert.Contains("records/SubscriberIdentity.csv", entries);
        Assert.Equal(Messages, entries.Count(e => e.StartsWith("messages/", StringComparison.Ordinal) && e.EndsWith(".eml", StringComparison.Ordinal)));
        Assert.True(production.Pdf.Volumes.Count >= 3, $"{production.Pdf.Volumes.Count} volumes");
        Assert.Equal(production.Pdf.Volumes.Select(v => v.File), entries.Where(e => e.StartsWith("volumes/", StringComparison.Ordinal)));
        await using var file = File.OpenRead(production.ArchivePath);
        Assert.Equal(production.ArchiveSha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(file)));
    }

    [Fact]
    public async Task OriginalsAndCsvRowsReadBackAsExtracted()
    {
        var production = await ProduceAsync("a");

        using var zip = ZipFile.OpenRead(production.ArchivePath);
        // Records are numbered across the snapshot: the subscriber row is 1, the messages 2 and on.
        for (var n = 1; n <= Messages; n++)
            Assert.Equal(Original(n), await ReadAsync(zip, $"messages/{n + 1:D7}.eml"));
        var csv = Encoding.UTF8.GetString(await ReadAsync(zip, "records/EmailContent.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Identifier,Identifier type,Record,Sent at,From,To,Subject,Body,Attachments,Original file,Original SHA-256", csv[0]);
        Assert.Equal(Messages, csv.Length - 1);
        Assert.StartsWith($"alice@contoso.com,E-mail address,2,2025-01-01 00:07:00 UTC,sender@fabrikam.example,alice@contoso.com,Message {Marker(1)},Body of {Marker(1)},None,messages/0000002.eml,{Convert.ToHexStringLower(SHA256.HashData(Original(1)))}", csv[1]);
        var jsonl = Encoding.UTF8.GetString(await ReadAsync(zip, "records.jsonl"));
        Assert.Equal(production.SnapshotSha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jsonl))));
        Assert.Contains("\"identifier\":\"ghost@contoso.com\",\"found\":false", jsonl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePdfNamesTheSnapshotAndRecordsManifestAndBatesNumbersRunOnAcrossVolumes()
    {
        var production = await ProduceAsync("a");

        using var zip = ZipFile.OpenRead(production.ArchivePath);
        var pages = 0;
        var text = new StringBuilder();
        foreach (var volume in production.Pdf.Volumes)
        {
            var pdf = PdfReadBack.Read(await ReadAsync(zip, volume.File));
            Assert.Equal(volume.Pages, pdf.Pages.Count);
            for (var p = 0; p < pdf.Pages.Count; p++)
                Assert.Contains($"CR-{pages + p + 1:D6}", pdf.Pages[p], StringComparison.Ordinal);
            pages += pdf.Pages.Count;
            text.Append(pdf.AllText);
        }
        var last = PdfReadBack.Read(await ReadAsync(zip, production.Pdf.Volumes[^1].File)).AllText;
        Assert.Contains(production.SnapshotSha256, last, StringComparison.Ordinal);
        Assert.Contains(production.RecordsManifestSha256, last, StringComparison.Ordinal);
        Assert.Contains($"Bates numbers CR-000001 through CR-{pages:D6}", last, StringComparison.Ordinal);
        foreach (var earlier in production.Pdf.Volumes.SkipLast(1)) Assert.Contains(earlier.Sha256, last, StringComparison.Ordinal);
        var all = text.ToString();
        for (var n = 1; n <= Messages; n++) Assert.Contains("Body of " + Marker(n), all, StringComparison.Ordinal);
        Assert.DoesNotContain("Body of " + Marker(Messages + 1), all, StringComparison.Ordinal);
        Assert.Contains(PdfVolumeRenderer.NoRecordsForIdentifier, all, StringComparison.Ordinal);
        var manifest = Encoding.UTF8.GetString(await ReadAsync(zip, ProductionArchive.RecordsManifest));
        Assert.Equal(production.RecordsManifestSha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest))));
    }

    [Fact]
    public async Task TheSameExtractionGivesTheSameArchiveBytes()
    {
        var first = await ProduceAsync("a");
        var second = await ProduceAsync("b");
        var other = await ProduceAsync("c", Messages - 1);

        Assert.Equal(first.ArchiveSha256, second.ArchiveSha256);
        Assert.Equal(first.Pdf.Volumes.Select(v => v.Sha256), second.Pdf.Volumes.Select(v => v.Sha256));
        Assert.NotEqual(first.ArchiveSha256, other.ArchiveSha256);
    }

    [Fact]
    public async Task AChangedEntryIsFoundByTheManifest()
    {
        var production = await ProduceAsync("a");
        using (var zip = ZipFile.Open(production.ArchivePath, ZipArchiveMode.Update))
        {
            zip.GetEntry("messages/0000005.eml")!.Delete();
            await using var planted = await zip.CreateEntry("messages/0000005.eml").OpenAsync();
            await planted.WriteAsync(Encoding.UTF8.GetBytes("Subject: not what was extracted\r\n\r\n"));
        }

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => ProductionArchive.VerifyAsync(production.ArchivePath));

        Assert.Contains("messages/0000005.eml does not match its SHA-256", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASnapshotChangedAfterExtractionIsNotProduced()
    {
        var folder = Path.Combine(_root, "tampered");
        var scope = Scope(Alice);
        StreamedSnapshot snapshot;
        await using (var writer = new StreamedSnapshotWriter(folder))
        {
            await new GeneratedMailSource(3).ExtractToAsync("LD-2026-000042", scope, ApprovedAt, writer);
            snapshot = writer.Result;
        }
        var text = await File.ReadAllTextAsync(snapshot.Path);
        await File.WriteAllTextAsync(snapshot.Path, text.Replace("Body of marker-00002", "Body of something-else", StringComparison.Ordinal));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ProductionArchive.BuildAsync(snapshot, Request(scope), PagesPerVolume));

        Assert.Contains("does not match its recorded hash", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, "volumes")));
    }

    [Fact]
    public async Task AnAmbiguousIdentifierIsRefusedBeforeAnyRecordIsWritten()
    {
        var refused = await Assert.ThrowsAsync<AmbiguousIdentifierException>(() => ProduceAsync("ambiguous", Messages, Alice, Shared));

        Assert.Equal([(Shared, 2)], refused.Ambiguous);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "ambiguous"), "*.eml", SearchOption.AllDirectories));
        Assert.Equal(0, new FileInfo(Path.Combine(_root, "ambiguous", "records.jsonl")).Length);
    }

    private static async Task<byte[]> ReadAsync(ZipArchive zip, string name)
    {
        await using var stream = await (zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the archive.")).OpenAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
