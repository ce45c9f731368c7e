using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Domain.CustomerData;

/// <summary>What a snapshot says about itself before its first record.</summary>
public sealed record SnapshotHeader(string DemandReference, DateTimeOffset TakenAt, IReadOnlyList<DataCategory> Categories,
    DateTimeOffset? RangeFrom, DateTimeOffset? RangeTo);

/// <summary>
/// The native file that goes with one record, as the store holds it (an e-mail's original RFC 5322 message). The sink reads
/// <see cref="Content"/> from its current position to the end and does not dispose it.
/// </summary>
public sealed record NativeFile(string Extension, Stream Content);

/// <summary>
/// Where an extraction goes, record by record, so a production never has to fit in memory: a file with a running hash
/// (<c>StreamedSnapshotWriter</c> in the app) or, for small scopes, <see cref="SnapshotCollector"/>. Calls come in order:
/// <see cref="BeginAsync"/>, then per identifier <see cref="IdentifierAsync"/> followed (when found) by each approved
/// category and its rows, then <see cref="CompleteAsync"/>.
/// </summary>
public interface ISnapshotSink
{
    ValueTask BeginAsync(SnapshotHeader header, CancellationToken cancellationToken);

    ValueTask IdentifierAsync(IdentifierKind kind, string identifier, bool found, CancellationToken cancellationToken);

    ValueTask CategoryAsync(DataCategory category, IReadOnlyList<string> columns, CancellationToken cancellationToken);

    ValueTask RowAsync(IReadOnlyList<string> values, NativeFile? native, CancellationToken cancellationToken);

    ValueTask CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>What a source writes one resolved account's records to: each approved category in order, then its rows.</summary>
public interface IAccountRecordWriter
{
    ValueTask CategoryAsync(DataCategory category, IReadOnlyList<string> columns, CancellationToken cancellationToken);

    ValueTask RowAsync(IReadOnlyList<string> values, NativeFile? native, CancellationToken cancellationToken);
}

/// <summary>Collects a (small) extraction into a <see cref="DataSnapshot"/> in memory; native files are not kept.</summary>
public sealed class SnapshotCollector : ISnapshotSink
{
    private readonly List<IdentifierRecords> _identifiers = [];
    private SnapshotHeader? _header;
    private (IdentifierKind Kind, string Identifier, List<CategoryRecords> Categories)? _current;
    private (DataCategory Category, IReadOnlyList<string> Columns, List<IReadOnlyList<string>> Rows)? _category;
    private DataSnapshot? _snapshot;

    public DataSnapshot Snapshot => _snapshot ?? throw new InvalidOperationException("The extraction has not completed.");

    public ValueTask BeginAsync(SnapshotHeader header, CancellationToken cancellationToken)
    {
        _header = header;
        return ValueTask.CompletedTask;
    }

    public ValueTask IdentifierAsync(IdentifierKind kind, string identifier, bool found, CancellationToken cancellationToken)
    {
        FlushIdentifier();
        if (found) _current = (kind, identifier, []);
        else _identifiers.Add(new IdentifierRecords(kind, identifier, false, []));
        return ValueTask.CompletedTask;
    }

    public ValueTask CategoryAsync(DataCategory category, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        FlushCategory();
        _category = (category, columns, []);
        return ValueTask.CompletedTask;
    }

    public ValueTask RowAsync(IReadOnlyList<string> values, NativeFile? native, CancellationToken cancellationToken)
    {
        (_category ?? throw new InvalidOperationException("A row before its category.")).Rows.Add(values);
        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        FlushIdentifier();
        var header = _header ?? throw new InvalidOperationException("The extraction did not begin.");
        _snapshot = new DataSnapshot(header.DemandReference, header.TakenAt, header.Categories, header.RangeFrom, header.RangeTo, _identifiers.ToList());
        return ValueTask.CompletedTask;
    }

    private void FlushCategory()
    {
        if (_category is not { } category) return;
        (_current ?? throw new InvalidOperationException("A category before its identifier.")).Categories
            .Add(new CategoryRecords(category.Category, category.Columns, category.Rows));
        _category = null;
    }

    private void FlushIdentifier()
    {
        FlushCategory();
        if (_current is not { } current) return;
        _identifiers.Add(new IdentifierRecords(current.Kind, current.Identifier, true, current.Categories));
        _current = null;
    }
}
