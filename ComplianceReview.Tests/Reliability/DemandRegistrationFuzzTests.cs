using ComplianceReview.Domain.Demands;

namespace ComplianceReview.Tests.Reliability;

/// <summary>Hostile registrations against <see cref="DemandRegistration.Validate"/>: it lists problems, it never throws.</summary>
[Trait("Speed", "Slow")]
public sealed class DemandRegistrationFuzzTests
{
    private const int Inputs = 100_000;

    [Fact]
    public void ValidateNeverThrowsAndNamesAFieldForEveryProblem()
    {
        var generator = new HostileRegistrations(seed: 1129);
        var valid = 0;

        for (var i = 0; i < Inputs; i++)
        {
            var registration = generator.Next();
            IReadOnlyList<FieldProblem> problems;
            try
            {
                problems = registration.Validate();
            }
            catch (Exception exception)
            {
                Assert.Fail($"Registration #{i} threw {exception.GetType().Name}: {exception.Message}\n{registration}");
                return;
            }
            Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Field) || string.IsNullOrWhiteSpace(p.Message)));
            if (problems.Count == 0) valid++;
        }

        // The generator's ordinary half keeps some registrations valid, so the fuzzing is not all caught by the first check.
        Assert.InRange(valid, 1, Inputs - 1);
    }
}

/// <summary>Registrations with hostile text, extreme and inverted dates, undefined enum values and odd lists.</summary>
internal sealed class HostileRegistrations(int seed)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly HostileText _text = new(seed);

    public DemandRegistration Next()
    {
        var received = Instant(Now.AddHours(-1));
        return new DemandRegistration
        {
            AgencyName = _text.NextText("Federal Bureau of Investigation"),
            AgencyCountry = _text.Chance(0.7) ? _text.Pick(new[] { "US", "de", "IE", "XX", "", "USA", "ZZ" }) : _text.Next(),
            ProcessType = _text.Chance(0.9) ? _text.Pick(Enum.GetValues<ProcessType>()) : (ProcessType)_text.Random.Next(-5, 100),
            IssuingAuthority = _text.NextText("District Court"),
            CaseNumber = _text.NextText("US-2026-0001"),
            IssuedOn = Date(DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-2)),
            ExpiresOn = _text.Chance(0.3) ? Date(DateOnly.FromDateTime(Now.UtcDateTime).AddDays(60)) : null,
            ReceivedAt = received,
            DueAt = Instant(Now.AddDays(14)),
            Targets = Targets(),
            Categories = Categories(),
            CoveredFrom = _text.Chance(0.8) ? Instant(Now.AddDays(-90)) : null,
            CoveredTo = _text.Chance(0.8) ? Instant(Now.AddDays(-1)) : null,
            NonDisclosure = _text.Chance(0.9) ? _text.Pick(Enum.GetValues<NonDisclosureKind>()) : (NonDisclosureKind)_text.Random.Next(-5, 100),
            NonDisclosureUntil = _text.Chance(0.5) ? Date(DateOnly.FromDateTime(Now.UtcDateTime).AddDays(365)) : null,
            EmergencyJustification = _text.Chance(0.3) ? null : _text.NextText("Imminent threat to life."),
        };
    }

    private IReadOnlyList<string> Targets()
    {
        var roll = _text.Random.Next(100);
        if (roll < 2) return null!; // the domain defends against a null list: JSON can send one
        if (roll < 4) return Enumerable.Range(0, 501).Select(i => $"acct-{i:00000}").ToList();
        var count = _text.Random.Next(0, 6);
        return Enumerable.Range(0, count).Select(_ => _text.Chance(0.05) ? null! : _text.NextText("acct-10001")).ToList();
    }

    private IReadOnlyList<DataCategory> Categories()
    {
        if (_text.Chance(0.02)) return null!;
        var all = Enum.GetValues<DataCategory>();
        return Enumerable.Range(0, _text.Random.Next(0, 4))
            .Select(_ => _text.Chance(0.9) ? _text.Pick(all) : (DataCategory)_text.Random.Next(-5, 100))
            .ToList();
    }

    private DateOnly Date(DateOnly ordinary) => _text.Random.Next(10) switch
    {
        0 => DateOnly.MinValue,
        1 => DateOnly.MaxValue,
        2 => DateOnly.FromDayNumber(_text.Random.Next(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber)),
        _ => ordinary,
    };

    private DateTimeOffset Instant(DateTimeOffset ordinary) => _text.Random.Next(10) switch
    {
        0 => DateTimeOffset.MinValue,
        1 => DateTimeOffset.MaxValue,
        2 => new DateTimeOffset(DateTime.MaxValue.AddHours(-14), TimeSpan.FromHours(14)),
        3 => new DateTimeOffset(DateTime.MinValue.AddHours(14), TimeSpan.FromHours(-14)),
        4 => new DateTimeOffset(_text.Random.NextInt64(TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay), TimeSpan.Zero),
        _ => ordinary,
    };
}
