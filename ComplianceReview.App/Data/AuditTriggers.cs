namespace ComplianceReview.App.Data;

/// <summary>
/// The database itself refuses UPDATE and DELETE on audit rows, so not even a bug (or a person with the app's
/// connection) can rewrite history through the app's own tables. Applied by the SQLite InitialCreate migration; on SQL Server
/// the table is an append-only ledger table instead (<see cref="AuditLedger"/>). <see cref="AuditIntegrity"/> checks at
/// every start, and at every verification, that they are still in place.
/// </summary>
public static class AuditTriggers
{
    public const string SqliteNoUpdateName = "AuditEntries_NoUpdate";
    public const string SqliteNoDeleteName = "AuditEntries_NoDelete";

    public const string SqliteNoUpdate = """
        CREATE TRIGGER AuditEntries_NoUpdate BEFORE UPDATE ON AuditEntries
        BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only: UPDATE is refused.'); END
        """;

    public const string SqliteNoDelete = """
        CREATE TRIGGER AuditEntries_NoDelete BEFORE DELETE ON AuditEntries
        BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only: DELETE is refused.'); END
        """;

    public const string SqliteUp = SqliteNoUpdate + ";\n" + SqliteNoDelete + ";";

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS AuditEntries_NoUpdate;
        DROP TRIGGER IF EXISTS AuditEntries_NoDelete;
        """;

    /// <summary>The triggers SQLite must hold on the audit table, by name, with the text each must have.</summary>
    public static readonly IReadOnlyDictionary<string, string> SqliteExpected = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SqliteNoUpdateName] = SqliteNoUpdate,
        [SqliteNoDeleteName] = SqliteNoDelete,
    };

    /// <summary>Every trigger on the audit table, with its text, as SQLite keeps them.</summary>
    public const string SqliteListTriggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditEntries'";
}
