using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ComplianceReview.Tests.Infrastructure;

/// <summary>A SQL command as EF sent it: the text and the parameters' values as the provider received them.</summary>
public sealed record CapturedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

/// <summary>
/// Records the queries a context executes, so a test can see the SQL the code really ran, whichever way it was built
/// (LINQ at run time, or a compiled query, which has no <c>ToQueryString()</c>).
/// </summary>
public sealed class CommandCapture : DbCommandInterceptor
{
    private readonly List<CapturedCommand> _commands = [];

    public IReadOnlyList<CapturedCommand> Commands
    {
        get { lock (_commands) return [.. _commands]; }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList();
        lock (_commands) _commands.Add(new CapturedCommand(command.CommandText, parameters));
    }
}
