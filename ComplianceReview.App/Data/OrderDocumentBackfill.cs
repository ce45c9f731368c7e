namespace ComplianceReview.App.Data;

/// <summary>
/// Demands registered before the intake recorded active content (issue 16) have an order document without the new column's
/// value; EF cannot read a null into <see cref="Domain.Demands.OrderDocument.ActiveContent"/>, so they are marked as plain
/// ("None": they were accepted by the older check, which looked for nothing). Rows without an order document stay null, so
/// EF still sees no order document there. The same statement serves SQLite and SQL Server.
/// </summary>
public static class OrderDocumentBackfill
{
    public const string Up = "UPDATE Demands SET OrderActiveContent = 'None' WHERE OrderSha256 IS NOT NULL AND OrderActiveContent IS NULL;";
}
