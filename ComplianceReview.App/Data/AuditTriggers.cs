namespace ComplianceReview.App.Data;

/// <summary>
/// The database itself refuses UPDATE and DELETE on audit rows, so not even a bug (or a person with the app's
/// connection) can rewrite history through the app's own tables. Applied by the AuditAppendOnly migrations.
/// </summary>
public static class AuditTriggers
{
    public const string SqliteUp = """
        CREATE TRIGGER AuditEntries_NoUpdate BEFORE UPDATE ON AuditEntries
        BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only: UPDATE is refused.'); END;
        CREATE TRIGGER AuditEntries_NoDelete BEFORE DELETE ON AuditEntries
        BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only: DELETE is refused.'); END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS AuditEntries_NoUpdate;
        DROP TRIGGER IF EXISTS AuditEntries_NoDelete;
        """;

    // Wrapped in EXEC: CREATE TRIGGER must start a batch, and the idempotent migration script puts it inside IF ... BEGIN.
    public const string SqlServerUp = """
        EXEC(N'CREATE TRIGGER [dbo].[AuditEntries_AppendOnly] ON [dbo].[AuditEntries]
        INSTEAD OF UPDATE, DELETE
        AS
        BEGIN
            SET NOCOUNT ON;
            THROW 51000, ''Audit entries are append-only: UPDATE and DELETE are refused.'', 1;
        END;');
        """;

    public const string SqlServerDown = "DROP TRIGGER IF EXISTS [dbo].[AuditEntries_AppendOnly];";
}
