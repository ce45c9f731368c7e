using System.Diagnostics;
using System.Globalization;
using ComplianceReview.App.Services;
using ComplianceReview.Benchmarks.Infrastructure;
using ComplianceReview.Domain.Audit;
using ComplianceReview.Domain.Demands;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceReview.Benchmarks.Data;

/// <summary>
/// Fills a migrated database with demands, their targets and their audit trail, fast: raw ADO.NET, prepared commands,
/// one transaction, no journal and no fsync while it runs (the file is thrown away if generation fails). Values are
/// written in the encodings EF Core uses (enums as names, date-time offsets through EF's binary converter, GUIDs as
/// upper-case text), so the app's queries read them as their own. Deterministic: one seed, one fixed "now".
/// </summary>
public sealed class DemandDataGenerator(int demandCount, TextWriter log)
{
    /// <summary>The data's "today": demands are received over the six years before it.</summary>
    public static readonly DateTimeOffset DataNow = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset FirstReceived = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Func<DateTimeOffset, long> ToDb =
        (Func<DateTimeOffset, long>)new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    // Roughly the shape of published transparency reports: one country dominates, a long tail follows.
    private static readonly (string Code, int Weight, string[] Agencies)[] CountryTable =
    [
        ("US", 38, ["Federal Bureau of Investigation", "Drug Enforcement Administration", "New York Police Department", "Los Angeles County Sheriff", "US Secret Service"]),
        ("DE", 10, ["Bundeskriminalamt", "Landeskriminalamt Bayern", "Staatsanwaltschaft Berlin"]),
        ("GB", 9, ["Metropolitan Police Service", "National Crime Agency", "Police Scotland"]),
        ("FR", 8, ["Police nationale", "Gendarmerie nationale", "Parquet de Paris"]),
        ("IN", 6, ["Central Bureau of Investigation", "Mumbai Police"]),
        ("BR", 5, ["Policia Federal", "Ministerio Publico Federal"]),
        ("AU", 4, ["Australian Federal Police", "New South Wales Police Force"]),
        ("CA", 4, ["Royal Canadian Mounted Police", "Toronto Police Service"]),
        ("JP", 3, ["National Police Agency"]),
        ("ES", 3, ["Policia Nacional", "Guardia Civil"]),
        ("IT", 3, ["Polizia di Stato", "Carabinieri"]),
        ("NL", 2, ["Politie Nederland"]),
        ("PL", 2, ["Policja"]),
        ("MX", 1, ["Fiscalia General de la Republica"]),
        ("SE", 1, ["Polismyndigheten"]),
        ("IE", 1, ["An Garda Siochana"]),
    ];

    private static readonly string[] Reviewers =
        ["Riley Reviewer", "Sam Okafor", "Dana Lindqvist", "Priya Raman", "Tomas Novak", "Aiko Tanaka", "Lena Fischer", "Omar Haddad"];

    private readonly Random _random = new(20261128);

    public void Fill(string path)
    {
        var watch = Stopwatch.StartNew();
        var demands = MakeDemands();
        log.WriteLine($"Planned {demands.Length:N0} demands in {watch.Elapsed.TotalSeconds:F1} s");

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY;");

        using (var transaction = connection.BeginTransaction())
        {
            InsertDemands(connection, transaction, demands);
            log.WriteLine($"Inserted demands and targets after {watch.Elapsed.TotalSeconds:F1} s");
            var entries = InsertAuditTrail(connection, transaction, demands);
            log.WriteLine($"Inserted {entries:N0} audit entries after {watch.Elapsed.TotalSeconds:F1} s");
            transaction.Commit();
        }

        // Back to the app's journal mode; its connections set synchronous=FULL themselves.
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        log.WriteLine($"Generated {path} in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private DemandPlan[] MakeDemands()
    {
        var span = (DataNow - FirstReceived).Ticks;
        var received = new long[demandCount];
        for (var i = 0; i < demandCount; i++)
        {
            // Volumes grow over the years: the square root skews receipt times towards the present.
            received[i] = FirstReceived.Ticks + (long)(Math.Sqrt(_random.NextDouble()) * span);
            received[i] -= received[i] % TimeSpan.TicksPerSecond;
        }
        Array.Sort(received);

        var totalWeight = CountryTable.Sum(c => c.Weight);
        var plans = new DemandPlan[demandCount];
        var numberInYear = new Dictionary<int, int>();
        for (var i = 0; i < demandCount; i++)
        {
            var at = new DateTimeOffset(received[i], TimeSpan.Zero);
            var number = numberInYear[at.Year] = numberInYear.GetValueOrDefault(at.Year) + 1;
            var country = PickCountry(totalWeight);
            var type = PickProcessType();
            var due = at + (type == ProcessType.EmergencyRequest ? TimeSpan.FromHours(24) : TimeSpan.FromDays(_random.Next(10, 31)));
            var (status, outcome, closed) = PickState(at, type);
            plans[i] = new DemandPlan(Guid.CreateVersion7(at), DemandReference.Create(at.Year, number).Value, country,
                _random.Next(CountryTable[country].Agencies.Length), type, at, due, status, outcome, closed,
                Targets: 1 + (_random.Next(10) < 7 ? 0 : _random.Next(1, 3)), Reviewer: _random.Next(Reviewers.Length));
        }
        return plans;
    }

    private int PickCountry(int totalWeight)
    {
        var pick = _random.Next(totalWeight);
        for (var i = 0; i < CountryTable.Length; i++)
        {
            if (pick < CountryTable[i].Weight) return i;
            pick -= CountryTable[i].Weight;
        }
        return 0;
    }

    private ProcessType PickProcessType() => _random.Next(100) switch
    {
        < 45 => ProcessType.Subpoena,
        < 65 => ProcessType.CourtOrder,
        < 85 => ProcessType.SearchWarrant,
        < 93 => ProcessType.EmergencyRequest,
        _ => ProcessType.PreservationRequest,
    };

    /// <summary>Old demands are closed; the last weeks' are spread over the open states.</summary>
    private (DemandStatus, Outcome?, DateTimeOffset?) PickState(DateTimeOffset received, ProcessType type)
    {
        var age = DataNow - received;
        var closeAfter = TimeSpan.FromHours(_random.Next(4, 24 * 25));
        var closed = received + closeAfter;
        var stillOpen = closed > DataNow || (age < TimeSpan.FromDays(60) && _random.Next(100) < 30);
        if (stillOpen)
        {
            var status = _random.Next(100) switch
            {
                < 35 => DemandStatus.Received,
                < 80 => DemandStatus.InReview,
                _ => DemandStatus.AwaitingSignOff,
            };
            if (type == ProcessType.PreservationRequest && status == DemandStatus.AwaitingSignOff) status = DemandStatus.InReview;
            return (status, null, null);
        }

        if (type == ProcessType.PreservationRequest)
            return (age > TimeSpan.FromDays(180) ? DemandStatus.Released : DemandStatus.Preserved, null, closed);

        var roll = _random.Next(100);
        if (roll < 28) return (DemandStatus.Rejected, Outcome.Rejected, closed);
        if (roll < 40) return (DemandStatus.Disclosed, Outcome.NoDataFound, closed);
        var content = type is ProcessType.CourtOrder or ProcessType.SearchWarrant or ProcessType.EmergencyRequest && _random.Next(100) < 60;
        return (DemandStatus.Disclosed, content ? Outcome.ContentDisclosed : Outcome.NonContentOnly, closed);
    }

    private void InsertDemands(SqliteConnection connection, SqliteTransaction transaction, DemandPlan[] demands)
    {
        using var demand = Prepare(connection, transaction, """
            INSERT INTO Demands (Id, Reference, AgencyName, AgencyCountry, ProcessType, IssuingAuthority, CaseNumber, IssuedOn,
                ReceivedAt, DueAt, CoveredFrom, CoveredTo, NonDisclosureKind, RegisteredById, RegisteredByName,
                AssignedReviewerId, AssignedReviewerName, Status, Outcome, ClosedAt, PreservedUntil, PreservationExtended,
                Version, RequestedCategories, SpecifiedAccountCount)
            VALUES ($id, $reference, $agency, $country, $type, $authority, $case, $issued, $received, $due, $from, $to, $nd,
                $regId, $regName, $revId, $revName, $status, $outcome, $closed, $preserved, 0, $version, $categories, $accounts)
            """);
        using var target = Prepare(connection, transaction,
            "INSERT INTO DemandTargets (Raw, Kind, Value, DemandId) VALUES ($raw, 'Email', $value, $demand)");

        var customer = 0;
        for (var i = 0; i < demands.Length; i++)
        {
            var d = demands[i];
            var (code, _, agencies) = CountryTable[d.Country];
            var p = demand.Parameters;
            p["$id"].Value = d.Id;
            p["$reference"].Value = d.Reference;
            p["$agency"].Value = agencies[d.Agency];
            p["$country"].Value = code;
            p["$type"].Value = d.Type.ToString();
            p["$authority"].Value = code + " District Court";
            p["$case"].Value = string.Create(CultureInfo.InvariantCulture, $"{code}-{d.Received.Year}-CR-{i % 99_991:00000}");
            p["$issued"].Value = DateOnly.FromDateTime(d.Received.UtcDateTime.AddDays(-2)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p["$received"].Value = ToDb(d.Received);
            p["$due"].Value = ToDb(d.Due);
            var timeSeries = d.Type is not ProcessType.PreservationRequest;
            p["$from"].Value = timeSeries ? ToDb(d.Received.AddDays(-180)) : DBNull.Value;
            p["$to"].Value = timeSeries ? ToDb(d.Received.AddDays(-1)) : DBNull.Value;
            p["$nd"].Value = i % 5 == 0 ? "WithoutEndDate" : "None";
            p["$regId"].Value = "dev-reviewer-" + (d.Reviewer + 1).ToString(CultureInfo.InvariantCulture);
            p["$regName"].Value = Reviewers[d.Reviewer];
            var assigned = d.Status != DemandStatus.Received;
            p["$revId"].Value = assigned ? p["$regId"].Value : DBNull.Value;
            p["$revName"].Value = assigned ? p["$regName"].Value : DBNull.Value;
            p["$status"].Value = d.Status.ToString();
            p["$outcome"].Value = d.Outcome?.ToString() ?? (object)DBNull.Value;
            p["$closed"].Value = d.Closed is { } closed ? ToDb(closed) : DBNull.Value;
            p["$preserved"].Value = d.Status == DemandStatus.Preserved ? ToDb(d.Closed!.Value.AddDays(90)) : DBNull.Value;
            p["$version"].Value = d.Status == DemandStatus.Received ? 1 : 3;
            // Categories are a primitive collection: EF stores the enum values as a JSON array of numbers.
            p["$categories"].Value = d.Type switch
            {
                ProcessType.Subpoena => "[0,2,3]",
                ProcessType.PreservationRequest => "[0,3,5,6]",
                _ => "[0,3,5]",
            };
            p["$accounts"].Value = d.Targets;
            demand.ExecuteNonQuery();

            for (var t = 0; t < d.Targets; t++)
            {
                var email = string.Create(CultureInfo.InvariantCulture, $"user{customer++ % 400_000:000000}@example.org");
                target.Parameters["$raw"].Value = email;
                target.Parameters["$value"].Value = email;
                target.Parameters["$demand"].Value = d.Id;
                target.ExecuteNonQuery();
            }
            if ((i + 1) % 250_000 == 0) log.WriteLine($"  {i + 1:N0} demands");
        }
    }

    /// <summary>
    /// The trail in time order across demands, as the app would have written it: registration and decision. Each entry is made by <see cref="AuditEntry.Append"/> under <see cref="BenchmarkAuditKey"/>, so the chain verifies.
    /// </summary>
    private long InsertAuditTrail(SqliteConnection connection, SqliteTransaction transaction, DemandPlan[] demands)
    {
        var times = new List<long>(demands.Length * 2);
        var events = new List<long>(demands.Length * 2);
        for (var i = 0; i < demands.Length; i++)
        {
            var d = demands[i];
            // Registration and the closing decision: two entries a demand keep a million-demand trail at about two
            // million entries (the chain is sequential, so every entry costs a hash on one core while generating).
            Add(d.Received, i, AuditEvent.Registered);
            if (d.Closed is { } closed) Add(closed, i, AuditEvent.Decided);
            else if (d.Status == DemandStatus.AwaitingSignOff) Add(Min(d.Received.AddHours(2), DataNow.AddSeconds(-1)), i, AuditEvent.Decided);
        }

        var timeArray = times.ToArray();
        var eventArray = events.ToArray();
        Array.Sort(timeArray, eventArray);

        using var insert = Prepare(connection, transaction, """
            INSERT INTO AuditEntries (Sequence, OccurredAt, ActorId, ActorName, Action, DemandReference, DetailsJson, PreviousHash, KeyId, Hash)
            VALUES ($seq, $at, $actorId, $actorName, $action, $reference, $details, $previous, $keyId, $hash)
            """);
        AuditEntry? previous = null;
        for (var k = 0; k < timeArray.Length; k++)
        {
            var index = (int)(eventArray[k] >> 3);
            var kind = (AuditEvent)(eventArray[k] & 7);
            var d = demands[index];
            var (actorId, actorName, action, details) = Describe(d, kind);
            var entry = AuditEntry.Append(previous, BenchmarkAuditKey.Key, new DateTimeOffset(timeArray[k], TimeSpan.Zero), actorId, actorName, action,
                d.Reference, details);
            var p = insert.Parameters;
            p["$seq"].Value = entry.Sequence;
            p["$at"].Value = ToDb(entry.OccurredAt);
            p["$actorId"].Value = entry.ActorId;
            p["$actorName"].Value = entry.ActorName;
            p["$action"].Value = entry.Action;
            p["$reference"].Value = entry.DemandReference;
            p["$details"].Value = entry.DetailsJson;
            p["$previous"].Value = entry.PreviousHash;
            p["$keyId"].Value = entry.KeyId;
            p["$hash"].Value = entry.Hash;
            insert.ExecuteNonQuery();
            previous = entry;
            if (entry.Sequence % 500_000 == 0) log.WriteLine($"  {entry.Sequence:N0} audit entries");
        }
        return previous?.Sequence ?? 0;

        void Add(DateTimeOffset at, int index, AuditEvent kind)
        {
            times.Add(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond);
            events.Add(((long)index << 3) | (long)kind);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static (string ActorId, string ActorName, string Action, Dictionary<string, string?> Details) Describe(DemandPlan d, AuditEvent kind)
    {
        var reviewerId = "dev-reviewer-" + (d.Reviewer + 1).ToString(CultureInfo.InvariantCulture);
        var reviewer = Reviewers[d.Reviewer];
        return kind switch
        {
            AuditEvent.Registered => (reviewerId, reviewer, AuditActions.DemandRegistered,
                new() { ["processType"] = d.Type.ToString(), ["country"] = CountryTable[d.Country].Code }),
            _ => (reviewerId, reviewer, DecisionAction(d), new() { ["reason"] = d.Outcome?.ToString() ?? d.Status.ToString() }),
        };
    }

    private static string DecisionAction(DemandPlan d) => d.Status switch
    {
        DemandStatus.Rejected => AuditActions.DemandRejected,
        DemandStatus.Preserved or DemandStatus.Released => AuditActions.DemandPreserved,
        _ when d.Outcome == Outcome.NonContentOnly => AuditActions.DemandApprovedPartially,
        _ => AuditActions.DemandApproved,
    };

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-zA-Z]+").Select(m => m.Value).Distinct())
            command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private enum AuditEvent
    {
        Registered = 0,
        Decided = 1,
    }

    private readonly record struct DemandPlan(Guid Id, string Reference, int Country, int Agency, ProcessType Type,
        DateTimeOffset Received, DateTimeOffset Due, DemandStatus Status, Outcome? Outcome, DateTimeOffset? Closed,
        int Targets, int Reviewer);
}
