namespace ComplianceReview.App.Data;

/// <summary>
/// Indexes that mix the agency's columns (an owned type, whose index builder only sees its own properties) with the
/// demand's own dates, so EF's model cannot declare them; each provider's InitialCreate migration creates them.
/// <list type="bullet">
/// <item>The queue filtered by country or agency and sorted by due or received date: (filter, date, Id) lets the
/// keyset cursor seek instead of reading and sorting every matching demand.</item>
/// <item>The transparency report's GROUP BY over one period: every column it reads (the demo marker included), led by
/// the received date, so the aggregation reads the index only; the report leaves demo demands out
/// (<see cref="DemoDataSeeder.IsDemoProperty"/>), so the index carries that marker too.</item>
/// </list>
/// </summary>
public static class DemandIndexes
{
    public const string CountryByDue = "IX_Demands_AgencyCountry_DueAt_Id";
    public const string CountryByReceived = "IX_Demands_AgencyCountry_ReceivedAt_Id";
    public const string AgencyByDue = "IX_Demands_AgencyName_DueAt_Id";
    public const string AgencyByReceived = "IX_Demands_AgencyName_ReceivedAt_Id";
    public const string Report = "IX_Demands_Report";

    public const string SqliteUp = $"""
        CREATE INDEX "{CountryByDue}" ON "Demands" ("AgencyCountry", "DueAt", "Id");
        CREATE INDEX "{CountryByReceived}" ON "Demands" ("AgencyCountry", "ReceivedAt", "Id");
        CREATE INDEX "{AgencyByDue}" ON "Demands" ("AgencyName", "DueAt", "Id");
        CREATE INDEX "{AgencyByReceived}" ON "Demands" ("AgencyName", "ReceivedAt", "Id");
        CREATE INDEX "{Report}" ON "Demands" ("ReceivedAt", "AgencyCountry", "ProcessType", "Status", "Outcome", "SpecifiedAccountCount", "IsDemo");
        """;

    public const string SqliteDown = $"""
        DROP INDEX IF EXISTS "{CountryByDue}";
        DROP INDEX IF EXISTS "{CountryByReceived}";
        DROP INDEX IF EXISTS "{AgencyByDue}";
        DROP INDEX IF EXISTS "{AgencyByReceived}";
        DROP INDEX IF EXISTS "{Report}";
        """;

    public const string SqlServerUp = $"""
        CREATE INDEX [{CountryByDue}] ON [Demands] ([AgencyCountry], [DueAt], [Id]);
        CREATE INDEX [{CountryByReceived}] ON [Demands] ([AgencyCountry], [ReceivedAt], [Id]);
        CREATE INDEX [{AgencyByDue}] ON [Demands] ([AgencyName], [DueAt], [Id]);
        CREATE INDEX [{AgencyByReceived}] ON [Demands] ([AgencyName], [ReceivedAt], [Id]);
        CREATE INDEX [{Report}] ON [Demands] ([ReceivedAt]) INCLUDE ([AgencyCountry], [ProcessType], [Status], [Outcome], [SpecifiedAccountCount], [IsDemo]);
        """;

    public const string SqlServerDown = $"""
        DROP INDEX IF EXISTS [{CountryByDue}] ON [Demands];
        DROP INDEX IF EXISTS [{CountryByReceived}] ON [Demands];
        DROP INDEX IF EXISTS [{AgencyByDue}] ON [Demands];
        DROP INDEX IF EXISTS [{AgencyByReceived}] ON [Demands];
        DROP INDEX IF EXISTS [{Report}] ON [Demands];
        """;
}
