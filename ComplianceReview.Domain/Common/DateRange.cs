namespace ComplianceReview.Domain.Common;

/// <summary>A closed interval of instants, both bounds included, to the second (UTC).</summary>
public sealed record DateRange
{
    public DateRange(DateTimeOffset from, DateTimeOffset to)
    {
        From = Truncate(from);
        To = Truncate(to);
        if (To < From) throw new DomainException("The end of a date range cannot be before its start.");
    }

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }

    public TimeSpan Length => To - From;

    /// <summary>Whether the instant falls within the range at one-second resolution: the whole last second is included.</summary>
    public bool Contains(DateTimeOffset instant)
    {
        var second = Truncate(instant);
        return second >= From && second <= To;
    }

    /// <summary>The first instant after the range: <c>To</c> plus one second, for half-open queries.</summary>
    public DateTimeOffset EndExclusive => To.AddSeconds(1);

    public bool Contains(DateRange other) => other.From >= From && other.To <= To;

    public override string ToString() => $"{From:yyyy-MM-dd HH:mm:ss} to {To:yyyy-MM-dd HH:mm:ss} UTC";

    private static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
