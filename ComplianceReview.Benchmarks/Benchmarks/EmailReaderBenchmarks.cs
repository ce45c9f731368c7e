using System.Text;
using BenchmarkDotNet.Attributes;
using ComplianceReview.App.Email;
using ComplianceReview.Benchmarks.Infrastructure;

namespace ComplianceReview.Benchmarks.Benchmarks;

/// <summary>
/// The bounded .eml reader (MimeKit inside <see cref="EmailIntakeLimits"/>) on a real-sized message and on the hostile
/// shapes of issue 19: the time to a result (read, or refused) and what it allocates. Baseline: the plain message with a
/// 1 MB PDF; a hostile message must cost no more than a normal one.
/// </summary>
[MemoryDiagnoser]
[ShortInProcessJob(warmupCount: 2, iterationCount: 10)]
public class EmailReaderBenchmarks
{
    private readonly EmailMessageReader _reader = new(new EmailIntakeLimits());
    private byte[] _plain = [];
    private byte[] _thousandAttachments = [];
    private byte[] _deepNesting = [];
    private byte[] _hugeHeaders = [];

    [GlobalSetup]
    public void Setup()
    {
        var pdf = new byte[1024 * 1024];
        new Random(19).NextBytes(pdf);
        _plain = Message(Headers(), [pdf]);
        _thousandAttachments = Message(Headers(), Enumerable.Range(0, 1000).Select(_ => new byte[512]).ToList());
        var deep = new StringBuilder(Headers()).Append("Content-Type: multipart/mixed; boundary=\"n0\"\r\n\r\n");
        for (var i = 0; i < 5000; i++) deep.Append($"--n{i}\r\nContent-Type: multipart/mixed; boundary=\"n{i + 1}\"\r\n\r\n");
        _deepNesting = Encoding.ASCII.GetBytes(deep.ToString());
        _hugeHeaders = Message(Headers() + "X-Padding: " + new string('a', 10 * 1024 * 1024) + "\r\n", [pdf]);
    }

    [Benchmark(Baseline = true)]
    public string? PlainMessageWithA1MbPdf() => _reader.Read(_plain).Message?.Sha256;

    [Benchmark]
    public string? ThousandAttachmentsRefused() => _reader.Read(_thousandAttachments).Problem;

    [Benchmark]
    public string? FiveThousandLevelsRefused() => _reader.Read(_deepNesting).Problem;

    [Benchmark]
    public string? TenMbHeaderRefused() => _reader.Read(_hugeHeaders).Problem;

    private static string Headers() =>
        "From: Claire Hughes <liaison@met.police.uk>\r\nTo: le@provider.example\r\nSubject: Production order\r\nDate: Mon, 02 Mar 2026 09:15:00 +0000\r\nMIME-Version: 1.0\r\n";

    private static byte[] Message(string headers, IReadOnlyList<byte[]> attachments)
    {
        var builder = new StringBuilder(headers).Append("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nAttached.\r\n");
        for (var i = 0; i < attachments.Count; i++)
            builder.Append($"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"a{i}.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .Append(Convert.ToBase64String(attachments[i], Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        return Encoding.ASCII.GetBytes(builder.Append("--b--\r\n").ToString());
    }
}
