using System.Security.Cryptography;
using System.Text;
using ComplianceReview.App.Email;

namespace ComplianceReview.Tests.Email;

/// <summary>The bounded .eml reader: what it reads from a good message, and the clear refusal of hostile and malformed ones.</summary>
public sealed class EmailMessageReaderTests
{
    private static readonly EmailMessageReader Reader = new(new EmailIntakeLimits());

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static string Headers(string from = "Claire Hughes <liaison@met.police.uk>", string subject = "Production order MPS/2026/0042") =>
        $"From: {from}\r\nTo: lawenforcement@provider.example\r\nSubject: {subject}\r\nDate: Mon, 02 Mar 2026 09:15:00 +0000\r\nMessage-ID: <1@met.police.uk>\r\nMIME-Version: 1.0\r\n";

    private static string Attachment(string boundary, string name, byte[] content) =>
        $"--{boundary}\r\nContent-Type: application/pdf; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks) + "\r\n";

    private static byte[] WithAttachments(int count, string? headers = null)
    {
        var builder = new StringBuilder(headers ?? Headers());
        builder.Append("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find the order attached.\r\n");
        for (var i = 0; i < count; i++) builder.Append(Attachment("b1", $"order-{i}.pdf", Pdf));
        builder.Append("--b1--\r\n");
        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    [Fact]
    public void ReadsSenderDateSubjectAndEachAttachmentAsSent()
    {
        var bytes = WithAttachments(1);

        var result = Reader.Read(bytes);

        Assert.Null(result.Problem);
        var message = result.Message!;
        Assert.Equal("liaison@met.police.uk", message.Sender.Value);
        Assert.Equal("Claire Hughes", message.SenderName);
        Assert.Equal("Production order MPS/2026/0042", message.Subject);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.Zero), message.SentAt);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), message.Sha256);
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal("order-0.pdf", attachment.FileName);
        Assert.Equal(Pdf, attachment.Content);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), attachment.Sha256);
    }

    [Fact]
    public void AThousandAttachmentsAreRefused()
    {
        var result = Reader.Read(WithAttachments(1000));
        Assert.Null(result.Message);
        Assert.Contains("attachments", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepMimeNestingIsRefused()
    {
        const int depth = 2000;
        var builder = new StringBuilder(Headers());
        builder.Append("Content-Type: multipart/mixed; boundary=\"n0\"\r\n\r\n");
        for (var i = 0; i < depth; i++) builder.Append($"--n{i}\r\nContent-Type: multipart/mixed; boundary=\"n{i + 1}\"\r\n\r\n");
        builder.Append($"--n{depth}\r\nContent-Type: text/plain\r\n\r\ndeep\r\n");
        for (var i = depth; i >= 0; i--) builder.Append($"--n{i}--\r\n");

        var result = Reader.Read(Encoding.ASCII.GetBytes(builder.ToString()));

        Assert.Null(result.Message);
        Assert.Contains("levels deep", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeHeadersAreRefused()
    {
        var huge = Headers() + "X-Padding: " + new string('a', 200_000) + "\r\n";
        var result = Reader.Read(WithAttachments(1, huge));
        Assert.Null(result.Message);
        Assert.Contains("headers are larger", result.Problem, StringComparison.Ordinal);

        var many = Headers() + string.Concat(Enumerable.Range(0, 2000).Select(i => $"X-{i}: v\r\n"));
        Assert.Null(Reader.Read(WithAttachments(1, many)).Message);
    }

    [Fact]
    public void BadlyEncodedSubjectIsRefused()
    {
        var result = Reader.Read(WithAttachments(1, Headers(subject: "=?utf-8?B?/////w==?=")));
        Assert.Null(result.Message);
        Assert.Contains("not validly encoded", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTransferEncodingIsRefused()
    {
        var text = Encoding.ASCII.GetString(WithAttachments(1)).Replace("Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: x-rot13", StringComparison.Ordinal);
        var result = Reader.Read(Encoding.ASCII.GetBytes(text));
        Assert.Null(result.Message);
        Assert.Contains("unknown transfer encoding", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageWithoutASenderIsRefused()
    {
        var result = Reader.Read(WithAttachments(1, Headers(from: "undisclosed-recipients:;")));
        Assert.Null(result.Message);
        Assert.Contains("sender", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomBytesGetARefusalNotAnException(int seed)
    {
        var bytes = new byte[50_000];
        new Random(seed).NextBytes(bytes);
        var result = Reader.Read(bytes);
        Assert.Null(result.Message);
        Assert.False(string.IsNullOrWhiteSpace(result.Problem));
    }

    [Fact]
    public void AttachmentLargerThanTheBoundIsRefusedWhileDecoding()
    {
        var small = new EmailMessageReader(new EmailIntakeLimits { MaxAttachmentBytes = 1024 });
        var builder = new StringBuilder(Headers());
        builder.Append("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
        builder.Append(Attachment("b1", "big.pdf", new byte[10_000]));
        builder.Append("--b1--\r\n");
        var result = small.Read(Encoding.ASCII.GetBytes(builder.ToString()));
        Assert.Null(result.Message);
        Assert.Contains("larger than", result.Problem, StringComparison.Ordinal);
    }
}
