using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ComplianceReview.App.Identity;
using ComplianceReview.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceReview.Tests.Reliability;

/// <summary>
/// Hostile JSON against POST /api/demands through the real pipeline and database: every answer is 201 or 400,
/// and a 400 leaves no demand and no audit entry behind.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class DemandApiFuzzTests(ComplianceAppFactory app) : IClassFixture<ComplianceAppFactory>
{
    private const int Requests = 3_000;

    [Fact]
    public async Task EveryHostileRequestIsAnsweredWith201Or400AndA400StoresNothing()
    {
        using var client = await TestSignIn.SignInAsync(app, DemoUsers.Reviewer1);
        var bodies = new HostileApiBodies(seed: 30);
        var (demands, audit) = await CountsAsync();
        var created = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Requests; i++)
        {
            var body = bodies.Next();
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            using var response = await client.PostAsync("/api/demands", content);
            var (demandsAfter, auditAfter) = await CountsAsync();

            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    created++;
                    Assert.Equal(demands + 1, demandsAfter);
                    Assert.True(auditAfter > audit, $"Request #{i} registered a demand without an audit entry.");
                    break;
                case HttpStatusCode.BadRequest:
                    refused++;
                    Assert.True(demands == demandsAfter && audit == auditAfter,
                        $"Request #{i} was refused but stored {demandsAfter - demands} demand(s) and {auditAfter - audit} audit entries:\n{Show(body)}");
                    break;
                default:
                    Assert.Fail($"Request #{i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{Show(body)}");
                    break;
            }
            (demands, audit) = (demandsAfter, auditAfter);
        }

        // Both outcomes are exercised: a generator whose every body is refused would prove little.
        Assert.True(created >= Requests / 20, $"only {created} of {Requests} requests were valid");
        Assert.True(refused >= Requests / 2, $"only {refused} of {Requests} requests were refused");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{Requests} requests took {clock.Elapsed}");
    }

    private async Task<(int Demands, int Audit)> CountsAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Demands.CountAsync(), await db.AuditEntries.CountAsync());
    }

    private static string Show(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 600 ? text[..600] + $"... ({body.Length} bytes)" : text;
    }
}

/// <summary>
/// JSON bodies for the intake API, written by hand so they can carry what a serializer would refuse to write:
/// lone surrogates as escapes, wrong types, out-of-range and impossible dates, invalid UTF-8, truncated documents.
/// </summary>
internal sealed class HostileApiBodies(int seed)
{
    private static readonly string[] Instants =
    [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00",
        "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "not a date", "", "2026-11-01", "1969-12-31T23:59:59Z", "2026-11-01T08:00:00+99:00",
    ];

    private static readonly string[] Dates = ["0001-01-01", "9999-12-31", "2026-02-29", "2024-02-29", "10000-01-01", "", "yesterday", "2026-10-30T00:00:00Z"];

    private static readonly string[] OrderDocuments =
    [
        Convert.ToBase64String(TestPdfs.Order),
        Convert.ToBase64String("<html><script>alert(1)</script></html>"u8.ToArray()),
        Convert.ToBase64String("%PDF-1.4\n1 0 obj<<>>endobj\n"u8.ToArray()),
        "", "!!!", "====", "QUJD", "%PDF-1.4",
    ];

    private readonly HostileText _text = new(seed);

    public byte[] Next()
    {
        var roll = _text.Random.Next(100);
        if (roll < 3)
        {
            var json = Object();
            return Encoding.UTF8.GetBytes(json[.._text.Random.Next(1, json.Length)]); // truncated JSON
        }
        if (roll < 5) return [(byte)'{', 0xC3, 0x28, 0xFF, 0xFE, (byte)'}']; // invalid UTF-8
        if (roll < 6) return Encoding.UTF8.GetBytes(_text.Pick(new[] { "", "null", "[]", "\"x\"", "42", "{}", "{\"targets\":{}}" }));
        return Encoding.UTF8.GetBytes(Object());
    }

    private string Object()
    {
        // Each field is ordinary most of the time, so a hostile field is usually the only problem in its request.
        var fields = new List<string>
        {
            Field("agencyName", Str(_text.NextText("Bundeskriminalamt"), 0.25)),
            Field("agencyCountry", Str(_text.Chance(0.9) ? "DE" : _text.Pick(new[] { "de", "XX", "Deutschland", "", "\u0000E" }), 1)),
            Field("processType", _text.Chance(0.92) ? "\"CourtOrder\"" : Hostile(_text.Pick(new[] { "courtorder", "Fishing", "7", "EmergencyRequest", "PreservationRequest", "" }))),
            Field("issuingAuthority", Str(_text.NextText("Amtsgericht Wiesbaden"), 0.25)),
            Field("caseNumber", Str(_text.NextText("DE-2026-" + _text.Random.Next(1_000_000).ToString("D6", CultureInfo.InvariantCulture)), 0.25)),
            Field("issuedOn", _text.Chance(0.92) ? "\"2026-10-30\"" : Hostile(_text.Pick(Dates))),
            Field("receivedAt", _text.Chance(0.92) ? "\"2026-11-01T08:00:00Z\"" : Hostile(_text.Pick(Instants))),
            Field("dueAt", _text.Chance(0.92) ? "\"2026-11-20T17:00:00Z\"" : Hostile(_text.Pick(Instants))),
            Field("targets", Targets()),
            Field("categories", _text.Chance(0.92) ? "[\"SubscriberIdentity\",\"ConnectionHistory\"]"
                : _text.Pick(new[] { "[]", "null", "[\"Telepathy\"]", "[null]", "[1]", "\"SubscriberIdentity\"", "[\"subscriberidentity\"]" })),
            Field("coveredFrom", _text.Chance(0.92) ? "\"2026-06-01T00:00:00Z\"" : Hostile(_text.Pick(Instants))),
            Field("coveredTo", _text.Chance(0.92) ? "\"2026-09-30T23:59:59Z\"" : Hostile(_text.Pick(Instants))),
        };
        if (_text.Chance(0.2)) fields.Add(Field("nonDisclosure", Hostile(_text.Pick(new[] { "None", "UntilDate", "Indefinite", "Gag", "" }))));
        if (_text.Chance(0.1)) fields.Add(Field("nonDisclosureUntil", Hostile(_text.Pick(Dates))));
        if (_text.Chance(0.1)) fields.Add(Field("emergencyJustification", Str(_text.Next(), 1)));
        if (_text.Chance(0.15))
        {
            fields.Add(Field("orderDocumentBase64", Str(_text.Pick(OrderDocuments), 1)));
            fields.Add(Field("orderDocumentFileName", Str(_text.NextText("order.pdf"), 1)));
        }
        if (_text.Chance(0.05)) fields.Add(Field(_text.Next(), Str(_text.Next(), 1))); // an unknown property
        Shuffle(fields);
        return "{" + string.Join(",", fields) + "}";
    }

    private string Targets()
    {
        if (_text.Chance(0.03)) return _text.Pick(new[] { "null", "[]", "\"acct-10001\"", "[[]]", "[1,2]", "{}" });
        var count = _text.Random.Next(1, 5);
        return "[" + string.Join(",", Enumerable.Range(0, count).Select(_ =>
            _text.Chance(0.03) ? "null" : Str(_text.NextText("acct-1000" + _text.Random.Next(10).ToString(CultureInfo.InvariantCulture)), 0.3))) + "]";
    }

    /// <summary>A value of the right or the wrong JSON type.</summary>
    private string Hostile(string text) => _text.Random.Next(10) switch
    {
        0 => "null",
        1 => "12345",
        2 => "true",
        3 => "{}",
        _ => Str(text, 1),
    };

    /// <summary>A JSON string; with probability <paramref name="hostileTypes"/> x 0.1 a value of another type.</summary>
    private string Str(string text, double hostileTypes) =>
        _text.Chance(hostileTypes * 0.1) ? _text.Pick(new[] { "null", "0", "-1e309", "[]", "{}", "false" }) : Quote(text);

    private static string Field(string name, string value) => Quote(name) + ":" + value;

    /// <summary>Escapes everything outside printable ASCII as \uXXXX, lone surrogates included: valid JSON syntax, hostile content.</summary>
    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else if (c is >= ' ' and < '\u007F') builder.Append(c);
            else builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return builder.Append('"').ToString();
    }

    private void Shuffle(List<string> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _text.Random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
