using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using ComplianceReview.App.Data;
using ComplianceReview.Domain.Demands;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ComplianceReview.App.Services;

/// <summary>
/// The queue page's query, defined once: the status, process type, country and agency filters, the keyset cursor, the
/// sort and the projection, for each of the four sorts. The common shapes (those filters only) run it as EF compiled
/// queries, which skip EF's per-call work for a query built at run time (parameter extraction, hashing the expression
/// tree, the cache look-up): most of a keyset page's cost once the database side is an index seek (issue 9). The other
/// shapes (search, due windows, emergencies only) narrow the demands first and run the same query over them
/// (<see cref="Over"/>).
/// <para>
/// One template serves all four sorts. Absent filters and the absent cursor are null parameters: EF generates the SQL
/// per combination of null parameters and drops the <c>@p IS NULL OR …</c> terms, so each shape gets the plain SQL that
/// seeks its index (QueuePlanTests checks the plans of the SQL actually run).
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
                d.Status, d.ReceivedAt, d.DueAt, d.AssignedReviewerName));

    /// <summary>The template for each sort, with the sort's column and direction in place.</summary>
    private static readonly Dictionary<DemandSort, Expression<Func<ComplianceDbContext, DemandStatus?, ProcessType?, string?, string?, DateTimeOffset?, Guid, int, IQueryable<DemandQueueRow>>>> Shapes = new()
    {
        [DemandSort.DueAsc] = Shape(d => d.DueAt, descending: false),
        [DemandSort.DueDesc] = Shape(d => d.DueAt, descending: true),
        [DemandSort.ReceivedAsc] = Shape(d => d.ReceivedAt, descending: false),
        [DemandSort.ReceivedDesc] = Shape(d => d.ReceivedAt, descending: true),
    };

    /// <summary>
    /// The compiled queries per EF model: EF refuses to run a compiled query against another model than its first, and a
    /// process has more than one when it hosts several apps (the tests) or both providers' contexts.
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, Dictionary<DemandSort, Page>> ByModel = new();

    /// <summary>Whether the query has one of the compiled shapes.</summary>
    public static bool Covers(DemandQuery query) =>
        query.Search is null && query.Assignee is null && query.Due == DueWindow.Any && !query.EmergencyOnly && Shapes.ContainsKey(query.Sort);

    /// <summary>The page's rows and one more (to know if there is a next page), from the compiled query for the sort.</summary>
    public static async Task<List<DemandQueueRow>> ToListAsync(ComplianceDbContext db, DemandQuery query, CancellationToken cancellationToken)
    {
        var pages = ByModel.GetValue(db.Model, static _ => Shapes.ToDictionary(s => s.Key, s => Compile(s.Value)));
        var rows = new List<DemandQueueRow>(query.PageSize + 1);
        var page = pages[query.Sort](db, query.Status, query.ProcessType, query.Country, query.Agency,
            query.After?.SortDate, query.After?.Id ?? Guid.Empty, query.PageSize + 1);
        await foreach (var row in page.WithCancellation(cancellationToken)) rows.Add(row);
        return rows;
    }

    /// <summary>
    /// The same query over demands narrowed beforehand (search, due window), built at run time: the template's context
    /// is replaced by <paramref name="demands"/>, and its parameters by the query's values, which EF turns into SQL
    /// parameters as it does for captured variables.
    /// </summary>
    public static IQueryable<DemandQueueRow> Over(IQueryable<LegalDemand> demands, DemandQuery query)
    {
        var shape = Shapes[query.Sort];
        var values = new Values(query.Status, query.ProcessType, query.Country, query.Agency,
            query.After?.SortDate, query.After?.Id ?? Guid.Empty, query.PageSize + 1);
        var body = new Binder(shape, demands.Expression, values).Visit(shape.Body);
        return demands.Provider.CreateQuery<DemandQueueRow>(body);
    }

    /// <summary>A marker in <see cref="Template"/> for the sort's date column; replaced before use, never called.</summary>
    private static DateTimeOffset SortDate(LegalDemand demand) =>
        throw new InvalidOperationException($"{nameof(SortDate)} is a placeholder in the queue's template.");

    private static Expression<Func<ComplianceDbContext, DemandStatus?, ProcessType?, string?, string?, DateTimeOffset?, Guid, int, IQueryable<DemandQueueRow>>> Shape(
        Expression<Func<LegalDemand, DateTimeOffset>> date, bool descending) =>
        (Expression<Func<ComplianceDbContext, DemandStatus?, ProcessType?, string?, string?, DateTimeOffset?, Guid, int, IQueryable<DemandQueueRow>>>)
            new TemplateRewriter(date, descending).Visit(Template);

    private static Page Compile(Expression<Func<ComplianceDbContext, DemandStatus?, ProcessType?, string?, string?, DateTimeOffset?, Guid, int, IQueryable<DemandQueueRow>>> shape)
    {
        var compiled = EF.CompileAsyncQuery(shape);
        return (db, status, type, country, agency, after, afterId, take) => compiled(db, status, type, country, agency, after, afterId, take);
    }

    /// <summary>The template's parameters as properties, so that EF makes SQL parameters of them (property names = parameter names).</summary>
    private sealed record Values(DemandStatus? status, ProcessType? type, string? country, string? agency, DateTimeOffset? after, Guid afterId, int take);

    /// <summary>Puts <c>demands</c> in place of the template's <c>db.Demands</c> and the values in place of its parameters.</summary>
    private sealed class Binder(LambdaExpression shape, Expression demands, Values values) : ExpressionVisitor
    {
        private readonly ConstantExpression _values = Expression.Constant(values);

        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == shape.Parameters[0] ? demands : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) =>
            shape.Parameters.Skip(1).Contains(node) ? Expression.Property(_values, node.Name!) : base.VisitParameter(node);
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
                return new ReplaceParameter(date.Parameters[0], Visit(node.Arguments[0])).Visit(date.Body);

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

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
