using ComplianceReview.App.Data;
using ComplianceReview.App.Services;
using Microsoft.Extensions.DependencyInjection;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ComplianceReview.Tests.Data;

public sealed class DatabaseTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    [Fact]
    public async Task SqliteConnectionsUseWalFullSyncAndForeignKeys()
    {
        await using var db = app.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        Assert.Equal("wal", await Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal("2", await Scalar(connection, "PRAGMA synchronous;")); // 2 = FULL
        Assert.Equal("1", await Scalar(connection, "PRAGMA foreign_keys;"));
    }

    [Fact]
    public async Task StartupCreatesTheDatabaseWithEveryMigrationApplied()
    {
        await using var db = app.CreateDbContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
    }

    [Fact]
    public void SqliteMigrationsMatchTheModel()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The SQLite model changed without a migration: run dotnet ef migrations add.");
    }

    [Fact]
    public void SqlServerMigrationsMatchTheModel()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The SQL Server model changed without a migration: run dotnet ef migrations add.");
    }

    [Fact]
    public void SqlServerMigrationScriptIsGeneratedAndParsesAsTransactSql()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Demands]", script, StringComparison.Ordinal);
        Assert.Contains("WITH (LEDGER = ON (APPEND_ONLY = ON))", script, StringComparison.Ordinal);
        Assert.DoesNotContain("AuditEntries_AppendOnly", script, StringComparison.Ordinal); // the ledger, not a trigger, guards the table
        Assert.Contains($"CREATE INDEX [{DemandIndexes.Report}]", script, StringComparison.Ordinal);
        Assert.Contains("[SpecifiedAccountCount], [IsDemo])", script, StringComparison.Ordinal);

        AssertParses(script);
    }

    [Fact]
    public void TheLedgerStatementsParseAsTransactSql()
    {
        foreach (var sql in AuditLedger.SqlServerUp.Append(AuditLedger.LedgerTypeQuery).Append(AuditLedger.VerifyFromDigestStorage))
        {
            AssertParses(sql);
        }
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        parser.Parse(new StringReader("CREATE TABLE [t] ([a] int) WITH (LEDGER = ON (APPEND_ONY = ON));"), out var misspelt);
        Assert.NotEmpty(misspelt); // the parser does check the ledger clause
    }

    private static void AssertParses(string script)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        parser.Parse(new StringReader(script), out var errors);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")) + "\n" + script);
    }

    [Fact]
    public async Task AuditRowsCannotBeUpdatedOrDeleted()
    {
        await app.Services.GetRequiredService<ComplianceWriter>().RecordAsync(TestUser.Admin.User, "Probe", null);
        await using var db = app.CreateDbContext();

        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET ActorName = 'Mallory'"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries"));
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.True(await db.AuditEntries.AnyAsync());
    }

    private static async Task<string?> Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
