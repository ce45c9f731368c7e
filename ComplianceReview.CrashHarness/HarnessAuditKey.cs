using System.Security.Cryptography;
using ComplianceReview.Domain.Audit;

namespace ComplianceReview.CrashHarness;

/// <summary>The audit key of one harness run: random, given to every start of the app, and used to check the chain.</summary>
internal static class HarnessAuditKey
{
    public const string Id = "crash-harness-1";

    private static readonly byte[] Bytes = RandomNumberGenerator.GetBytes(32);

    public static string Secret => Convert.ToBase64String(Bytes);

    public static AuditKeyRing Ring { get; } = new([AuditKey.Create(Id, Bytes)]);
}
