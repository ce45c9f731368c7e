using ComplianceReview.Domain.Common;
using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Domain;

public sealed class NonDisclosureOrderTests
{
    private static readonly DateOnly EndsOn = new(2026, 6, 30);

    public static TheoryData<NonDisclosureKind, DateOnly, bool> InForce => new()
    {
        { NonDisclosureKind.None, new DateOnly(2026, 1, 1), false },
        { NonDisclosureKind.WithoutEndDate, new DateOnly(2026, 1, 1), true },
        { NonDisclosureKind.WithoutEndDate, new DateOnly(2099, 12, 31), true },
        { NonDisclosureKind.UntilDate, new DateOnly(2026, 1, 1), true },
        { NonDisclosureKind.UntilDate, EndsOn.AddDays(-1), true },
        { NonDisclosureKind.UntilDate, EndsOn, true },
        { NonDisclosureKind.UntilDate, EndsOn.AddDays(1), false },
    };

    [Theory]
    [MemberData(nameof(InForce))]
    public void IsInForceUntilItsEndDateIncluded(NonDisclosureKind kind, DateOnly today, bool inForce)
    {
        var order = NonDisclosureOrder.From(kind, kind == NonDisclosureKind.UntilDate ? EndsOn : null);

        Assert.Equal(kind, order.Kind);
        Assert.Equal(inForce, order.IsInForce(today));
    }

    [Fact]
    public void AnOrderUntilADateNeedsTheDate()
    {
        Assert.Throws<DomainException>(() => NonDisclosureOrder.From(NonDisclosureKind.UntilDate, null));
        Assert.Throws<DomainException>(() => NonDisclosureOrder.From((NonDisclosureKind)9, null));
    }

    [Fact]
    public void TheEndDateIsKeptOnlyForAnOrderUntilADate()
    {
        Assert.Equal(EndsOn, NonDisclosureOrder.From(NonDisclosureKind.UntilDate, EndsOn).Until);
        Assert.Equal(NonDisclosureOrder.None, NonDisclosureOrder.From(NonDisclosureKind.None, EndsOn)); // equal by value; a fresh instance per demand for EF
        Assert.Null(NonDisclosureOrder.From(NonDisclosureKind.WithoutEndDate, EndsOn).Until);
    }

    [Fact]
    public void ARegisteredDemandCarriesItsOrder()
    {
        var demand = DemandBuilder.Subpoena().WithNonDisclosure(NonDisclosureKind.UntilDate, EndsOn).Build();

        Assert.Equal(NonDisclosureOrder.UntilDate(EndsOn), demand.NonDisclosure);
        Assert.True(demand.NonDisclosure.IsInForce(EndsOn));
        Assert.False(demand.NonDisclosure.IsInForce(EndsOn.AddDays(1)));
    }
}
