using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.App.Data;

/// <summary>
/// Whether the database still refuses to rewrite the audit table: on SQLite the two append-only triggers, by name and
/// text (a trigger replaced by one that lets everything through is as good as none); on SQL Server the append-only ledger
/// table. Asked at every start (the app refuses to serve without them) and at every verification.
/// </summary>
public static partial class AuditIntegrity
{
    /// <summary>What is missing or changed; empty when the table is protected.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(ComplianceDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return db.Provider == DatabaseProvider.SqlServer
                ? await SqlServerProblemsAsync(connection, cancellationToken)
                : await SqliteProblemsAsync(connection, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<IReadOnlyList<string>> SqliteProblemsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = AuditTriggers.SqliteListTriggers;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) found[reader.GetString(0)] = reader.IsDBNull(1) ? "" : reader.GetString(1);
        }
        var problems = new List<string>();
        foreach (var (name, text) in AuditTriggers.SqliteExpected)
        {
            if (!found.TryGetValue(name, out var actual)) problems.Add($"The audit trigger {name} is missing.");
            else if (Normalise(actual) != Normalise(text)) problems.Add($"The audit trigger {name} was changed: it no longer refuses the change it must.");
        }
        return problems;
    }

    private static async Task<IReadOnlyList<string>> SqlServerProblemsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = AuditLedger.LedgerTypeQuery;
        var ledgerType = await command.ExecuteScalarAsync(cancellationToken);
        return ledgerType is int type && type == AuditLedger.AppendOnlyLedgerTable
            ? []
            : ["The audit table AuditEntries is not an append-only ledger table (LEDGER = ON, APPEND_ONLY = ON)."];
    }

    private static string Normalise(string sql) => Whitespace().Replace(sql.Trim().TrimEnd(';'), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
