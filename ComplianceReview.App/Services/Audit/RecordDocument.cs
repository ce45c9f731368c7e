using ComplianceReview.Domain.Audit;

namespace ComplianceReview.App.Services.Audit;

/// <summary>
/// An auditor's export as plain content (title, sections of fields and tables, head digest), built from the database
/// and independent of how it is rendered; the PDF layer lays it out, tests read it directly.
/// </summary>
public sealed record RecordDocument(
    string Title,
    string Subject,
    DateTimeOffset GeneratedAt,
    string GeneratedBy,
    AuditHead Head,
    IReadOnlyList<RecordSection> Sections)
{
    /// <summary>The line printed on every page and in the CSV so a later truncation can be detected.</summary>
    public string HeadDigestLine => AuditExportText.HeadDigestLine(Head);

    public RecordSection Section(string heading) => Sections.Single(s => s.Heading == heading);
}

/// <summary>A heading with key/value fields, a table, or a line saying there is nothing (never an empty heading).</summary>
public sealed record RecordSection(string Heading, IReadOnlyList<RecordField> Fields, RecordTable? Table = null, string? EmptyText = null)
{
    public static RecordSection OfFields(string heading, params RecordField[] fields) => new(heading, fields);

    public static RecordSection OfTable(string heading, RecordTable table, string emptyText) =>
        new(heading, [], table, table.Rows.Count == 0 ? emptyText : null);

    public bool IsEmpty => Fields.Count == 0 && (Table is null || Table.Rows.Count == 0);
}

public sealed record RecordField(string Label, string Value);

/// <summary>A table; <see cref="RecordColumn.RelativeWidth"/> is a hint for the layout.</summary>
public sealed record RecordTable(IReadOnlyList<RecordColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

public sealed record RecordColumn(string Header, double RelativeWidth = 1);
