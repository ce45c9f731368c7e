using System.Text;
using ComplianceReview.App.Endpoints;
using ComplianceReview.App.Identity;
using ComplianceReview.App.Services;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Common;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Audit;

/// <summary>The audit-log export: range, CSV escaping, the head digest line, and the export's own entry.</summary>
public sealed class AuditExportTests : FreshAppTests
{
    private static readonly DateOnly Day1 = DateOnly.FromDateTime(ComplianceAppFactory.DefaultNow.UtcDateTime);

    private AuditExportService Exports(TestUser user) => App.ServiceAs<AuditExportService>(user);

    private Task RecordAsync(UserRef actor, string action, string? reference = null, Dictionary<string, string?>? details = null) =>
        App.Services.GetRequiredService<ComplianceWriter>().RecordAsync(actor, action, reference, details);

    private async Task<(AuditLogExport Export, string[] Lines, byte[] Bytes)> ExportCsvAsync(DateOnly from, DateOnly to)
    {
        var exports = Exports(TestUser.Auditor);
        var export = await exports.BeginAuditLogExportAsync(from, to, AuditExportFormat.Csv);
        using var file = new MemoryStream();
        await exports.WriteCsvAsync(export, file);
        var bytes = file.ToArray();
        var text = new UTF8Encoding(false).GetString(bytes.AsSpan(3));
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return (export, text[..^2].Split("\r\n"), bytes);
    }

    [Fact]
    public async Task TheCsvHasAHeaderTheEntriesOfTheRangeAndTheHeadDigestOfItsOwnEntry()
    {
        await RecordAsync(TestUser.Reviewer1.User, AuditActions.SignedIn);          // day 1: 1
        App.Time.Advance(TimeSpan.FromDays(1));
        await RecordAsync(TestUser.Reviewer1.User, AuditActions.DemandViewed, "LD-2026-000001"); // day 2: 2
        App.Time.Advance(TimeSpan.FromDays(1));
        await RecordAsync(TestUser.Reviewer2.User, AuditActions.SignedIn);          // day 3: 3

        var (export, lines, bytes) = await ExportCsvAsync(Day1, Day1.AddDays(1));

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("Sequence,OccurredAtUtc,ActorId,ActorName,Action,ActionText,DemandReference,Details,PreviousHash,Hash", lines[0]);
        Assert.Equal(["1", "2"], lines[1..^1].Select(l => l.Split(',')[0]));
        Assert.StartsWith("2,2026-11-03T09:00:00.000Z,dev-reviewer-1,Riley Reviewer,DemandViewed,Demand viewed,LD-2026-000001,{},", lines[2], StringComparison.Ordinal);
        var chain = await AuditTestKit.ChainAsync(App);
        var own = chain[^1];
        Assert.Equal(AuditActions.AuditExported, own.Action);
        Assert.Equal(TestUser.Auditor.User.Id, own.ActorId);
        Assert.Equal(new AuditHead(own.Sequence, own.Hash), export.Head);
        Assert.Equal($"Head digest: {own.Sequence}:{own.Hash}", lines[^1]);
        Assert.Equal("audit-log_2026-11-02_2026-11-03.csv", export.FileName);
    }

    [Fact]
    public async Task TheCsvIncludesItsOwnEntryWhenTheRangeCoversToday()
    {
        await RecordAsync(TestUser.Reviewer1.User, AuditActions.SignedIn);

        var (export, lines, _) = await ExportCsvAsync(Day1, Day1);

        Assert.Equal(4, lines.Length); // header, the sign-in, the export itself, the digest
        Assert.Contains($",{AuditActions.AuditExported},", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(export.Head.Hash, lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntriesAppendedAfterTheExportBeganAreLeftOutSoTheDigestMatchesTheRows()
    {
        await RecordAsync(TestUser.Reviewer1.User, AuditActions.SignedIn);
        var exports = Exports(TestUser.Auditor);
        var export = await exports.BeginAuditLogExportAsync(Day1, Day1, AuditExportFormat.Csv);
        await RecordAsync(TestUser.Reviewer2.User, AuditActions.SignedIn); // someone signs in while the file is written

        using var file = new MemoryStream();
        await exports.WriteCsvAsync(export, file);
        var lines = Encoding.UTF8.GetString(file.ToArray()).TrimEnd().Split("\r\n");

        Assert.Equal(["1", "2"], lines[1..^1].Select(l => l.Split(',')[0]));
        Assert.EndsWith(export.Head.ToString(), lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldsAreQuotedAndFormulasNeutralised()
    {
        var awkward = new UserRef("user,1", "=HYPERLINK(\"http://evil\"), \"Bobby\"\nTables");
        await RecordAsync(awkward, AuditActions.DemandViewed, null, new Dictionary<string, string?> { ["note"] = "a, \"b\"" });

        var (_, lines, _) = await ExportCsvAsync(Day1, Day1);
        var text = string.Join("\r\n", lines);

        Assert.Contains("\"user,1\",\"'=HYPERLINK(\"\"http://evil\"\"), \"\"Bobby\"\"\nTables\",DemandViewed,Demand viewed,,\"{\"\"note\"\":\"\"a, \\u0022b\\u0022\"\"}\"", text, StringComparison.Ordinal);
        Assert.Equal("\"a,b\"", AuditExportText.CsvField("a,b"));
        Assert.Equal("'-1", AuditExportText.CsvField("-1"));
        Assert.Equal("'@SUM(A1)", AuditExportText.CsvField("@SUM(A1)"));
        Assert.Equal("plain", AuditExportText.CsvField("plain"));
        Assert.Equal("", AuditExportText.CsvField(null));
    }

    [Fact]
    public async Task AnEndBeforeTheStartIsRefusedAndNothingIsRecorded()
    {
        await RecordAsync(TestUser.Reviewer1.User, AuditActions.SignedIn);

        await Assert.ThrowsAsync<ExportRefusedException>(() => Exports(TestUser.Auditor).BeginAuditLogExportAsync(Day1, Day1.AddDays(-1), AuditExportFormat.Csv));

        Assert.Single(await AuditTestKit.ChainAsync(App));
    }

    [Theory]
    [InlineData("reviewer")]
    [InlineData("legal")]
    [InlineData("admin")]
    public async Task OnlyAuditorsExportAndARefusalIsRecorded(string who)
    {
        var user = who switch { "reviewer" => TestUser.Reviewer1, "legal" => TestUser.LegalLead1, _ => TestUser.Admin };

        await Assert.ThrowsAsync<AccessDeniedException>(() => Exports(user).BeginAuditLogExportAsync(Day1, Day1, AuditExportFormat.Csv));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Exports(user).ExportCaseRecordAsync("LD-2026-000001"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => App.ServiceAs<AuditVerificationService>(user).VerifyAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => App.ServiceAs<AuditLogQueries>(user).PageAsync(AuditFilter.None, null, 10));

        var chain = await AuditTestKit.ChainAsync(App);
        Assert.Equal(4, chain.Count);
        Assert.All(chain, e => Assert.Equal((AuditActions.AccessDenied, user.User.Id), (e.Action, e.ActorId)));
        Assert.Equal("LD-2026-000001", chain[1].DemandReference);
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-30", null)]
    [InlineData("2026-11-01", "2026-11-01", null)]
    [InlineData("2026-11-30", "2026-11-01", "'to' is before 'from'.")]
    [InlineData("01/11/2026", "2026-11-30", "Give 'from' and 'to' as ISO dates (yyyy-MM-dd).")]
    [InlineData(null, "2026-11-30", "Give 'from' and 'to' as ISO dates (yyyy-MM-dd).")]
    [InlineData("2026-11-01", "2026-11-01T00:00", "Give 'from' and 'to' as ISO dates (yyyy-MM-dd).")]
    public void TheEndpointTakesIsoDates(string? from, string? to, string? problem)
    {
        Assert.Equal(problem, AuditEndpoints.ParseRange(from, to).Problem);
    }

    [Fact]
    public void FileNamesKeepOnlySafeCharacters()
    {
        Assert.Equal("case-record_LD-2026-000001.pdf", AuditExportText.SafeFileName("case-record_LD-2026-000001.pdf"));
        Assert.Equal("_.._etc_passwd__x.csv", AuditExportText.SafeFileName("/../etc/passwd\r\nx.csv"));
        Assert.Equal("export", AuditExportText.SafeFileName("..."));
    }
}
