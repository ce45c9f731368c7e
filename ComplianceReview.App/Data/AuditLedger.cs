namespace ComplianceReview.App.Data;

/// <summary>
/// SQL Server: the audit table is an append-only ledger table (<c>LEDGER = ON (APPEND_ONLY = ON)</c>, SQL Server 2022 or
/// Azure SQL): the engine itself refuses UPDATE and DELETE, and its ledger digests let it prove later that no row was
/// changed underneath it. An existing table cannot be switched to ledger, so <see cref="SqlServerUp"/>, run by the InitialCreate migration
/// after EF created the ordinary table, renames it, creates the ledger table under the old name with the same columns,
/// keys and indexes, copies the rows in order and drops the old table. Each statement is its own batch: one
/// <c>migrationBuilder.Sql</c> call each. Once created, a ledger table cannot be made an ordinary one again.
/// </summary>
public static class AuditLedger
{
    private const string Columns = "[Sequence], [OccurredAt], [ActorId], [ActorName], [Action], [DemandReference], [DetailsJson], [PreviousHash], [KeyId], [Hash]";

    private const string ColumnDefinitions = """
            [Sequence] bigint NOT NULL,
            [OccurredAt] datetimeoffset NOT NULL,
            [ActorId] nvarchar(128) NOT NULL,
            [ActorName] nvarchar(200) NOT NULL,
            [Action] nvarchar(64) NOT NULL,
            [DemandReference] nvarchar(14) NULL,
            [DetailsJson] nvarchar(max) NOT NULL,
            [PreviousHash] nchar(64) NOT NULL,
            [KeyId] nvarchar(32) NOT NULL,
            [Hash] nchar(64) NOT NULL,
            CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Sequence])
        """;

    private static readonly string[] Indexes =
    [
        "CREATE INDEX [IX_AuditEntries_Action_Sequence] ON [dbo].[AuditEntries] ([Action], [Sequence]);",
        "CREATE INDEX [IX_AuditEntries_ActorId_Sequence] ON [dbo].[AuditEntries] ([ActorId], [Sequence]);",
        "CREATE INDEX [IX_AuditEntries_DemandReference_Sequence] ON [dbo].[AuditEntries] ([DemandReference], [Sequence]);",
        "CREATE INDEX [IX_AuditEntries_OccurredAt] ON [dbo].[AuditEntries] ([OccurredAt]);",
    ];

    /// <summary>The ordinary audit table becomes an append-only ledger table, rows kept.</summary>
    public static readonly IReadOnlyList<string> SqlServerUp =
    [
        "EXEC sp_rename N'[dbo].[AuditEntries]', N'AuditEntries_BeforeLedger';",
        "EXEC sp_rename N'[dbo].[PK_AuditEntries]', N'PK_AuditEntries_BeforeLedger', N'OBJECT';",
        $"""
        CREATE TABLE [dbo].[AuditEntries] (
        {ColumnDefinitions}
        ) WITH (LEDGER = ON (APPEND_ONLY = ON));
        """,
        $"INSERT INTO [dbo].[AuditEntries] ({Columns}) SELECT {Columns} FROM [dbo].[AuditEntries_BeforeLedger] ORDER BY [Sequence];",
        "DROP TABLE [dbo].[AuditEntries_BeforeLedger];",
        .. Indexes,
    ];

    /// <summary>3 (APPEND_ONLY_LEDGER_TABLE) when the audit table is what <see cref="SqlServerUp"/> made; 0 or null otherwise.</summary>
    public const string LedgerTypeQuery = "SELECT CAST([ledger_type] AS int) FROM [sys].[tables] WHERE [object_id] = OBJECT_ID(N'[dbo].[AuditEntries]');";

    public const int AppendOnlyLedgerTable = 3;

    /// <summary>
    /// SQL Server's own ledger verification against the digests it stored automatically (Azure immutable blob storage or
    /// Azure Confidential Ledger, configured on the database). Returns 1 after a successful verification, 0 when no
    /// automatic digest storage is configured (nothing to verify against); a failed verification raises an error.
    /// </summary>
    public const string VerifyFromDigestStorage = """
        DECLARE @locations nvarchar(max) = (SELECT * FROM [sys].[database_ledger_digest_locations] FOR JSON AUTO, INCLUDE_NULL_VALUES);
        IF @locations IS NULL
            SELECT CAST(0 AS int);
        ELSE
        BEGIN
            EXEC [sys].[sp_verify_database_ledger_from_digest_storage] @locations;
            SELECT CAST(1 AS int);
        END;
        """;
}
