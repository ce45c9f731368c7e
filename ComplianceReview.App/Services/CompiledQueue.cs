using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using ComplianceReview.App.Data;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ComplianceReview.App.Services;

/// <summary>
/// The queue's common shapes as EF compiled queries: any mix of the status, process type, country and agency filters,
/// sorted by due or received date either way, first page or after a cursor. A compiled query skips EF's per-call work
/// for a query built at run time (parameter extraction, hashing the expression tree, the cache look-up), which is most
/// of a keyset page's cost once the database side is an index seek (issue 9: about 40 % of a page).
/// <para>
/// One template serves all four sorts. Absent filters and the absent cursor are null parameters: EF generates the SQL
/// per combination of null parameters and drops the <c>@p IS NULL OR …</c> terms, so each shape gets the same SQL and
/// the same index as <see cref="DemandQueue.Build"/> (QueuePlanTests checks the plans of the SQL actually run).
/// Search, the due windows and "emergencies only" stay with <see cref="DemandQueue.Build"/>.
/// </para>
/// </summary>
internal static class CompiledQueue
{
    private delegate IAsyncEnumerable<DemandQueueRow> Page(ComplianceDbContext db, DemandStatus? status, ProcessType? type,
        string? country, string? agency, DateTimeOffset? after, Guid afterId, int take);

    /// <summary>
    /// The template, ascending. <see cref="SortDate"/> stands for the sort's date column; the rows after the cursor are
    /// written as <c>date &gt;= x AND (date &gt; x OR id &gt; y)</c> so the database seeks the index on the first term.
    /// </summary>
    private static readonly Expression<Func<ComplianceDbContext, DemandStatus?, ProcessType?, string?, string?, DateTimeOffset?, Guid, int, IQueryable<DemandQueueRow>>> Template =
        (db, status, type, country, agency, after, afterId, take) => db.Demands.AsNoTracking()
            .Where(d => status == null || d.Status == status)
            .Where(d => type == null || d.ProcessType == type)
            .Where(d => country == null || d.Agency.CountryCode == country)
            .Where(d => agency == null || d.Agency.Name == agency)
            .Where(d => after == null || (SortDate(d) >= after && (SortDate(d) > after || d.Id.CompareTo(afterId) > 0)))
            .OrderBy(d => SortDate(d)).ThenBy(d => d.Id)
            .Take(take)
            .Select(d => new DemandQueueRow(d.Id, d.Reference.Value, d.Agency.Name, d.Agency.CountryCode, d.CaseNumber, d.ProcessType,
                d.Status, d.ReceivedAt, d.DueAt));

    /// <summary>
    /// The compiled queries per EF model: EF refuses to run a compiled query against another model than its first, and a
    /// process has more than one when it hosts several apps (the tests) or both providers' contexts.
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, Dictionary<DemandSort, Page>> ByModel = new();

    /// <summary>Whether the query has one of the compiled shapes.</summary>
    public static bool Covers(DemandQuery query) =>
        query.Search is null && query.Due == DueWindow.Any && !query.EmergencyOnly && Enum.IsDefined(query.Sort);

    /// <summary>The page's rows and one more (to know if there is a next page), as <see cref="DemandQueue.Build"/> returns them.</summary>
    public static async Task<List<DemandQueueRow>> ToListAsync(ComplianceDbContext db, DemandQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<DemandQueueRow>(query.PageSize + 1);
        var pages = ByModel.GetValue(db.Model, static _ => new()
        {
            [DemandSort.DueAsc] = Compile(d => d.DueAt, descending: false),
            [DemandSort.DueDesc] = Compile(d => d.DueAt, descending: true),
            [DemandSort.ReceivedAsc] = Compile(d => d.ReceivedAt, descending: false),
            [DemandSort.ReceivedDesc] = Compile(d => d.ReceivedAt, descending: true),
        });
        var page = pages[query.Sort](db, query.Status, query.ProcessType, query.Country, query.Agency,
            query.After?.SortDate, query.After?.Id ?? Guid.Empty, query.PageSize + 1);
        await foreach (var row in page.WithCancellation(cancellationToken)) rows.Add(row);
        return rows;
    }

    /// <summary>A marker in <see cref="Template"/> for the sort's date column; replaced before compiling, never called.</summary>
    private static DateTimeOffset SortDate(LegalDemand demand) =>
        throw new InvalidOperationException($"{nameof(SortDate)} is a placeholder in the compiled queue's template.");

    private static Page Compile(Expression<Func<LegalDemand, DateTimeOffset>> date, bool descending)
    {
        var shape = (Expression<Func<ComplianceDbContext, DemandStatus?, ProcessType?, string?, string?, DateTimeOffset?, Guid, int, IQueryable<DemandQueueRow>>>)
            new TemplateRewriter(date, descending).Visit(Template);
        var compiled = EF.CompileAsyncQuery(shape);
        return (db, status, type, country, agency, after, afterId, take) => compiled(db, status, type, country, agency, after, afterId, take);
    }

    /// <summary>
    /// Puts the sort's column in place of <see cref="SortDate"/> and, for a descending sort, turns the order and the
    /// cursor's comparisons around (the template's only &gt; and &gt;= are the cursor's).
    /// </summary>
    private sealed class TemplateRewriter(Expression<Func<LegalDemand, DateTimeOffset>> date, bool descending) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(CompiledQueue) && node.Method.Name == nameof(SortDate))
                return new DemandQueue.ReplaceParameter(date.Parameters[0], Visit(node.Arguments[0])).Visit(date.Body);

            if (descending && node.Method.DeclaringType == typeof(Queryable) && node.Method.Name is nameof(Queryable.OrderBy) or nameof(Queryable.ThenBy))
            {
                var name = node.Method.Name == nameof(Queryable.OrderBy) ? nameof(Queryable.OrderByDescending) : nameof(Queryable.ThenByDescending);
                var method = QueryableMethod(name).MakeGenericMethod(node.Method.GetGenericArguments());
                return Expression.Call(method, node.Arguments.Select(Visit)!);
            }
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            var type = (descending, node.NodeType) switch
            {
                (true, ExpressionType.GreaterThan) => ExpressionType.LessThan,
                (true, ExpressionType.GreaterThanOrEqual) => ExpressionType.LessThanOrEqual,
                _ => node.NodeType,
            };
            return type == node.NodeType
                ? base.VisitBinary(node)
                : Expression.MakeBinary(type, Visit(node.Left), Visit(node.Right), node.IsLiftedToNull, method: null);
        }

        private static MethodInfo QueryableMethod(string name) =>
            typeof(Queryable).GetMethods().Single(m => m.Name == name && m.GetParameters().Length == 2);
    }
}
