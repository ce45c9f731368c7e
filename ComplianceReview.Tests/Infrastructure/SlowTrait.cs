using Xunit.Abstractions;
using Xunit.Sdk;

namespace ComplianceReview.Tests.Infrastructure;

/// <summary>
/// The trait that marks a slow suite: <c>Speed=Slow</c>. A developer runs the fast rest with
/// <c>dotnet test --filter "Speed!=Slow"</c>; CI runs everything. Classes and methods carry <c>[Trait("Speed", "Slow")]</c>;
/// the browser tests get it from <c>BrowserFact</c>/<c>BrowserTheory</c> themselves, through this discoverer.
/// </summary>
public sealed class SlowTraitDiscoverer : ITraitDiscoverer
{
    public const string TypeName = "ComplianceReview.Tests.Infrastructure.SlowTraitDiscoverer";
    public const string AssemblyName = "ComplianceReview.Tests";
    public const string Name = "Speed";
    public const string Slow = "Slow";

    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) => [new(Name, Slow)];
}
