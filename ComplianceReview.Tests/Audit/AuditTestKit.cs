using System.Globalization;
using ComplianceReview.App.Services.Audit;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceReview.Tests.Audit;

/// <summary>Helpers for audit tests: fill the chain quickly, read it, and tamper with the file as an attacker with DB access would.</summary>
internal static class AuditTestKit
{
    /// <summary>
    /// Appends <paramref name="count"/> well-formed entries in one transaction, by prepared INSERTs (EF's change tracker
    /// makes 50 000 rows take twenty seconds). The rows are what <see cref="AuditEntry.Append"/> makes, stored as EF stores them.
    /// </summary>
    /// <param name="checkpointEvery">Write the app's signed checkpoint at every multiple of this many entries, as its writer does.</param>
    public static async Task AppendAsync(ComplianceAppFactory app, int count, string action = "TestEvent", string? demandReference = null,
        int? checkpointEvery = null)
    {
        var appended = new List<AuditEntry>();
        var toBinary = new DateTimeOffsetToBinaryConverter();
        var key = Keys(app).Signing;
        var previous = (await ChainAsync(app)).LastOrDefault();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = app.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO AuditEntries (Sequence, OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, PreviousHash, KeyId, Hash)
            VALUES ($s, $at, $actorId, $actorName, $action, $reference, $details, $previous, $keyId, $hash)
            """;
        var parameters = new[] { "$s", "$at", "$actorId", "$actorName", "$action", "$reference", "$details", "$previous", "$keyId", "$hash" }
            .Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        for (var i = 0; i < count; i++)
        {
            previous = AuditEntry.Append(previous, key, app.Time.GetUtcNow(), "seed-user", "Seed User", action, demandReference,
                new Dictionary<string, string?> { ["n"] = i.ToString(CultureInfo.InvariantCulture) });
            object?[] values = [previous.Sequence, toBinary.ConvertToProvider(previous.OccurredAt), previous.ActorId, previous.ActorName,
                previous.Action, previous.DemandReference, previous.DetailsJson, previous.PreviousHash, previous.KeyId, previous.Hash];
            for (var p = 0; p < values.Length; p++) parameters[p].Value = values[p] ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync();
            appended.Add(previous);
        }
        await transaction.CommitAsync();
        if (checkpointEvery is not { } every) return;
        var checkpoints = app.Services.GetRequiredService<AuditCheckpoints>();
        foreach (var entry in appended.Where(e => e.Sequence % every == 0))
            await checkpoints.WriteAsync(new AuditHead(entry.Sequence, entry.Hash), CancellationToken.None);
    }

    /// <summary>The app's audit keys (from its configuration; the database holds only their ids).</summary>
    public static AuditKeyRing Keys(ComplianceAppFactory app) => app.Services.GetRequiredService<AuditKeyRing>();

    public static async Task<List<AuditEntry>> ChainAsync(ComplianceAppFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    public static async Task<AuditHead> HeadAsync(ComplianceAppFactory app)
    {
        var last = (await ChainAsync(app))[^1];
        return new AuditHead(last.Sequence, last.Hash);
    }

    /// <summary>Runs SQL on the database file through a connection of its own, as someone with access to the file would.</summary>
    public static async Task<int> SqlAsync(ComplianceAppFactory app, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = app.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>What an attacker does first: the append-only triggers would refuse every change below.</summary>
    public static Task DropTriggersAsync(ComplianceAppFactory app) =>
        SqlAsync(app, "DROP TRIGGER IF EXISTS AuditEntries_NoUpdate; DROP TRIGGER IF EXISTS AuditEntries_NoDelete;");

    /// <summary>And last, to leave no trace: the triggers back as the migration made them.</summary>
    public static Task RestoreTriggersAsync(ComplianceAppFactory app) => SqlAsync(app, App.Data.AuditTriggers.SqliteUp);
}

/// <summary>A fresh app and database per test, for tests that damage the chain on purpose.</summary>
public abstract class FreshAppTests : IAsyncLifetime
{
    protected ComplianceAppFactory App { get; } = new();

    public Task InitializeAsync() => ((IAsyncLifetime)App).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}
