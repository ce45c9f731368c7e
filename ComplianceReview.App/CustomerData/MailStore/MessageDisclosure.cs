using System.Globalization;
using System.Security.Cryptography;
using MimeKit;
using MimeKit.Text;

namespace ComplianceReview.App.CustomerData.MailStore;

/// <summary>
/// What is disclosed of one e-mail message, in the E-mail content category's fields (docs/decisions/0011): the sent time
/// (its Date header, else the store's received date), From, the recipients (To, then Cc and Bcc when the stored copy has
/// them), Subject, the body as text (text/plain, else the HTML part's text) and, per attachment, its name, decoded size and
/// SHA-256. The message itself, byte for byte as the store holds it and with its attachments, goes into the production
/// archive as an .eml; the rows never carry anything the order does not cover (no flags, folder names or other mailboxes).
/// </summary>
public static class MessageDisclosure
{
    public const string NoAttachments = "None";

    /// <summary>The sent time the range is applied to: the Date header, else the store's received date (INTERNALDATE).</summary>
    public static DateTimeOffset SentAt(MimeMessage message, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date.ToUniversalTime() : receivedAt.ToUniversalTime();
    }

    /// <summary>The row: Sent at, From, To, Subject, Body, Attachments.</summary>
    public static IReadOnlyList<string> Row(MimeMessage message, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        return
        [
            EfCustomerDataSource.Format(sentAt),
            Addresses(message.From),
            Recipients(message),
            message.Subject ?? "",
            Body(message),
            Attachments(message),
        ];
    }

    private static string Recipients(MimeMessage message)
    {
        var parts = new List<string> { Addresses(message.To) };
        if (message.Cc.Count > 0) parts.Add("Cc: " + Addresses(message.Cc));
        if (message.Bcc.Count > 0) parts.Add("Bcc: " + Addresses(message.Bcc));
        return string.Join("; ", parts.Where(p => p.Length > 0));
    }

    private static string Addresses(InternetAddressList list) =>
        string.Join(", ", list.Mailboxes.Select(m => string.IsNullOrWhiteSpace(m.Name) ? m.Address : $"{m.Name} <{m.Address}>"));

    private static string Body(MimeMessage message)
    {
        if (message.TextBody is { } text) return Normalise(text);
        if (message.HtmlBody is { } html) return Normalise(HtmlText(html));
        return "";
    }

    /// <summary>An HTML-only body's text: its character data, a line break per block element, script and style left out.</summary>
    private static string HtmlText(string html)
    {
        var text = new System.Text.StringBuilder();
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var skipping = false;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style:
                    skipping = !tag.IsEndTag && !tag.IsEmptyElement;
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.LI
                    or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6:
                    if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
                    break;
                case HtmlDataToken data when !skipping:
                    text.Append(data.Data);
                    break;
            }
        }
        return text.ToString();
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private static string Attachments(MimeMessage message)
    {
        var lines = new List<string>();
        foreach (var entity in message.Attachments)
        {
            using var content = new MemoryStream();
            string name;
            switch (entity)
            {
                case MessagePart attached:
                    name = entity.ContentDisposition?.FileName ?? entity.ContentType.Name ?? "attached message.eml";
                    attached.Message?.WriteTo(content);
                    break;
                case MimePart part:
                    name = part.FileName ?? "(unnamed attachment)";
                    part.Content?.DecodeTo(content);
                    break;
                default:
                    continue;
            }
            var sha = Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length)));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{name} ({content.Length:N0} bytes, SHA-256 {sha})"));
        }
        return lines.Count == 0 ? NoAttachments : string.Join("\n", lines);
    }

}
