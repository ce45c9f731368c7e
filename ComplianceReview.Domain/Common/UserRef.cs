namespace ComplianceReview.Domain.Common;

/// <summary>
/// A person acting in the system. <see cref="Id"/> is the stable object id (Entra <c>oid</c>);
/// four-eyes comparisons use it, never the display name.
/// </summary>
public sealed record UserRef
{
    public const int MaxIdLength = 128;
    public const int MaxNameLength = 200;

    public UserRef(string id, string name)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new DomainException("A user needs a stable id.");
        if (id.Length > MaxIdLength) throw new DomainException($"A user id has at most {MaxIdLength} characters.");
        Id = id;
        Name = string.IsNullOrWhiteSpace(name) ? id : name.Length > MaxNameLength ? name[..MaxNameLength] : name;
    }

    public string Id { get; }
    public string Name { get; }

    public bool IsSamePerson(UserRef other) => string.Equals(Id, other.Id, StringComparison.Ordinal);
}
