namespace ComplianceReview.Domain.Demands;

/// <summary>
/// What a document can do when it is opened, beyond showing pages: found by the intake check, kept on the order document,
/// shown to reviewers as a finding and before a download (docs/decisions/0007-hostile-order-documents.md).
/// </summary>
[Flags]
public enum DocumentActiveContent
{
    None = 0,

    /// <summary>JavaScript: a <c>/JavaScript</c> action, a <c>/JS</c> script, or the document-level <c>/JavaScript</c> name tree.</summary>
    JavaScript = 1 << 0,

    /// <summary>A <c>/Launch</c> action: runs a program or opens another file.</summary>
    LaunchAction = 1 << 1,

    /// <summary>A <c>/URI</c> action: opens a web address (and tells its owner the file was opened).</summary>
    UriAction = 1 << 2,

    /// <summary>A <c>/SubmitForm</c> or <c>/ImportData</c> action: sends form data somewhere or loads it from a file.</summary>
    FormSubmission = 1 << 3,

    /// <summary>A <c>/GoToR</c> or <c>/GoToE</c> action: opens another (remote or embedded) document.</summary>
    RemoteDocument = 1 << 4,

    /// <summary>An embedded file (<c>/EmbeddedFiles</c>, <c>/EF</c>, <c>/Type /EmbeddedFile</c>): any file type, hidden in the PDF.</summary>
    EmbeddedFile = 1 << 5,

    /// <summary>An XFA form (<c>/XFA</c>): an XML form with its own scripting.</summary>
    XfaForm = 1 << 6,

    /// <summary>Rich media (<c>/RichMedia</c>): Flash, video or 3D content with its own player and scripts.</summary>
    RichMedia = 1 << 7,

    /// <summary>The file is encrypted (<c>/Encrypt</c>): its strings and streams are unreadable without its key.</summary>
    Encryption = 1 << 8,
}

public static class DocumentActiveContentText
{
    /// <summary>The kinds found, in words a reviewer reads: "JavaScript, an embedded file".</summary>
    public static string Describe(this DocumentActiveContent content)
    {
        var parts = new List<string>();
        foreach (var kind in Enum.GetValues<DocumentActiveContent>())
        {
            if (kind != DocumentActiveContent.None && content.HasFlag(kind)) parts.Add(Common.Words.Of(kind));
        }
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
