using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceReview.App.Documents.Intake;
using ComplianceReview.Domain.Demands;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ComplianceReview.Tests.Documents.Hostile;

/// <summary>
/// Mutations of valid PDFs (fixed seed, so a failure replays): byte flips, truncations, splices between files, runs of
/// brackets, deleted and repeated ranges, changed numbers. Every one goes through the real check, on its bounded thread:
/// none may throw, fail inside the check, or overrun; a stack overflow or an exhausted heap would end this test process.
/// </summary>
public sealed partial class OrderDocumentFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 3000;
    private const int Seed = 16;

    [Fact]
    public async Task ThousandsOfMutatedPdfsAreAllAnsweredWithoutAFaultInTheCheck()
    {
        using var bounds = new BoundedDocumentCheck(DocumentCheckLimits.Default, TimeProvider.System);
        var check = new OrderDocumentCheck(bounds, PdfScanLimits.Default, NullLogger<OrderDocumentCheck>.Instance);
        var bases = new[] { TestPdfs.Create(pages: 2), HostilePdfs.ValidCompressed(), HostilePdfs.Valid(), HostilePdfs.Bytes(HostilePdfs.Case("JavaScriptAndEmbeddedHtml")) };
        var random = new Random(Seed);
        var outcomes = new Dictionary<string, int>();
        var details = new Dictionary<string, int>();
        var reachedPdfSharp = 0;

        for (var i = 0; i < Cases; i++)
        {
            var mutant = Mutate(bases[random.Next(bases.Length)], bases, random);

            var verdict = await check.CheckAsync(mutant);

            Assert.True(verdict.Refusal is not (OrderDocumentRefusal.CheckFailed or OrderDocumentRefusal.TimedOut or OrderDocumentRefusal.Busy),
                $"Case {i}: {verdict.Refusal} ({verdict.Detail})");
            var outcome = verdict.Accepted ? "Accepted" : verdict.Refusal + (verdict.Scan?.Problem is { } p ? "/" + p : "");
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            var detail = Digits().Replace(verdict.Detail ?? outcome, "N");
            details[detail] = details.GetValueOrDefault(detail) + 1;
            if (verdict.Accepted || verdict.Detail?.StartsWith("PDFsharp", StringComparison.Ordinal) == true) reachedPdfSharp++;
        }

        foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value)) output.WriteLine($"{count,5} {outcome}");
        output.WriteLine($"{reachedPdfSharp,5} reached PDFsharp's parse");
        foreach (var (detail, count) in details.OrderByDescending(o => o.Value)) output.WriteLine($"{count,5} {detail}");
        // Not vacuous: the mutants reach the deep paths (the scan's many refusals, PDFsharp), not only the cheap checks.
        Assert.True(reachedPdfSharp > Cases / 10, $"Only {reachedPdfSharp} of {Cases} mutants got past the structural scan.");
        Assert.True(details.Count > 30, $"Only {details.Count} different answers: the mutations do not reach far.");
        foreach (var problem in new[] { PdfScanProblem.NestingTooDeep, PdfScanProblem.Malformed, PdfScanProblem.Truncated, PdfScanProblem.Polyglot })
            Assert.Contains(outcomes.Keys, o => o.EndsWith("/" + problem, StringComparison.Ordinal));
        Assert.Contains("Accepted", outcomes.Keys);
    }

    /// <summary>
    /// Half the mutants keep every byte offset (overwrites only), so the cross-reference still points at the objects and the
    /// damage reaches the value reader, the streams, the page tree and PDFsharp; the other half insert and delete, and for a
    /// file with a classic table the table is then rebuilt from where the objects now are, for the same reason.
    /// </summary>
    private static byte[] Mutate(byte[] original, byte[][] bases, Random random)
    {
        var bytes = original.ToList();
        var shifting = random.Next(2) == 0;
        for (var step = random.Next(1, 4); step > 0; step--)
        {
            // Most mutations keep the last bytes (startxref, %%EOF) so that they reach the deeper checks.
            var body = Math.Max(1, bytes.Count - 40);
            var at = random.Next(body);
            if (!shifting)
            {
                Overwrite(bytes, at, body, random);
                continue;
            }
            switch (random.Next(7))
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    if (random.Next(2) == 0) bytes.AddRange("\nstartxref\n9\n%%EOF\n"u8.ToArray());
                    break;
                case 1:
                    var other = bases[random.Next(bases.Length)];
                    var from = random.Next(other.Length);
                    bytes.InsertRange(at, other.Skip(from).Take(random.Next(1, 300)));
                    break;
                case 2:
                    var bracket = new[] { "[", "<<", "(", "<< /A ", "[[<<" }[random.Next(5)];
                    var times = random.Next(4) == 0 ? random.Next(10_000, 100_000) : random.Next(1, 200);
                    bytes.InsertRange(at, Encoding.Latin1.GetBytes(string.Concat(Enumerable.Repeat(bracket, times))));
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 100), body - at));
                    break;
                case 4:
                    var length = Math.Min(random.Next(1, 400), body - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 5:
                    ChangeANumber(bytes, at, random);
                    break;
                default:
                    var keyword = new[] { "obj", "endobj", "stream", "endstream", "xref", "trailer", "R", "/Length", "/Prev", "/Kids", "/ObjStm" }[random.Next(11)];
                    bytes.InsertRange(at, Encoding.Latin1.GetBytes(" " + keyword + " "));
                    break;
            }
        }
        var mutant = bytes.ToArray();
        return shifting && random.Next(4) != 0 ? Relink(mutant) : mutant;
    }

    /// <summary>Changes bytes without moving any: flips, runs of brackets, other digits, keywords written over what was there.</summary>
    private static void Overwrite(List<byte> bytes, int at, int body, Random random)
    {
        byte[] patch = random.Next(5) switch
        {
            0 => [(byte)random.Next(256)],
            1 => Encoding.Latin1.GetBytes(string.Concat(Enumerable.Repeat(new[] { "[", "<<", "(", ")", "]", ">>" }[random.Next(6)], random.Next(1, 64)))),
            2 => Encoding.Latin1.GetBytes(random.Next(1_000_000_000).ToString(CultureInfo.InvariantCulture)).Take(random.Next(1, 10)).ToArray(),
            3 => Encoding.Latin1.GetBytes(new[] { "obj", "endobj", "stream", "R", "/Length", "/Kids", "/Type", "/ObjStm", "/JS", "null", "%" }[random.Next(11)]),
            _ => [.. Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256))],
        };
        for (var i = 0; i < patch.Length && at + i < body; i++) bytes[at + i] = patch[i];
    }

    /// <summary>Rewrites the last classic table so it lists each "n g obj" where it now stands (a file with a stream is left as it is).</summary>
    private static byte[] Relink(byte[] mutant)
    {
        var text = Encoding.Latin1.GetString(mutant);
        var table = text.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1;
        var trailer = table > 0 ? text.IndexOf("trailer", table, StringComparison.Ordinal) : -1;
        var startxref = trailer > 0 ? text.IndexOf("startxref", trailer, StringComparison.Ordinal) : -1;
        if (startxref < 0) return mutant;
        var offsets = new SortedDictionary<int, int>();
        foreach (Match match in ObjectHeader().Matches(text[..table]))
        {
            if (int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 100_000) offsets[number] = match.Index;
        }
        if (offsets.Count == 0) return mutant;
        var size = offsets.Keys.Max() + 1;
        var rebuilt = new StringBuilder(text[..table]).Append(CultureInfo.InvariantCulture, $"xref\n0 {size}\n0000000000 65535 f \n");
        for (var n = 1; n < size; n++)
            rebuilt.Append(offsets.TryGetValue(n, out var offset) ? string.Create(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n") : "0000000000 65535 f \n");
        rebuilt.Append(text[trailer..startxref]).Append(CultureInfo.InvariantCulture, $"startxref\n{table}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(rebuilt.ToString());
    }

    [GeneratedRegex(@"(?<![0-9])([0-9]+) [0-9]+ obj\b")]
    private static partial Regex ObjectHeader();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    /// <summary>Replaces the next number after <paramref name="at"/> (an offset, a /Length, a count) with another one.</summary>
    private static void ChangeANumber(List<byte> bytes, int at, Random random)
    {
        var start = bytes.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
        if (start < 0) return;
        var end = start;
        while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9') end++;
        var replacement = random.Next(4) switch
        {
            0 => "0",
            1 => "2147483647",
            2 => "-1",
            _ => random.Next(100_000).ToString(CultureInfo.InvariantCulture),
        };
        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, Encoding.Latin1.GetBytes(replacement));
    }
}
