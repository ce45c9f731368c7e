using ComplianceReview.Domain.Audit;

namespace ComplianceReview.App.Services.Audit;

/// <summary>The <c>Audit</c> configuration section: the keys that authenticate the trail and where its checkpoints go.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// Every key the trail was ever authenticated with, oldest first: <c>Audit:Keys:0:Id</c> and <c>Audit:Keys:0:Secret</c>
    /// (base64, at least 32 random bytes). Keep them in a vault or the environment, never in the database.
    /// </summary>
    public List<AuditKeyOptions> Keys { get; set; } = [];

    /// <summary>The key that signs new entries and checkpoints; the last one listed when empty. Changing it is a rotation.</summary>
    public string? SigningKeyId { get; set; }

    /// <summary>The append-only folder of signed checkpoints (relative to the content root), outside the database.</summary>
    public string CheckpointPath { get; set; } = "App_Data/audit-checkpoints";

    /// <summary>A checkpoint is written each time the chain passes a multiple of this many entries.</summary>
    public int CheckpointEvery { get; set; } = 1000;

    /// <summary>And at least this often while the chain grows.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The ring these options describe; a clear message for every mistake.</summary>
    public AuditKeyRing BuildKeyRing()
    {
        if (Keys.Count == 0)
            throw new InvalidOperationException(
                "No audit key is configured. Set Audit:Keys:0:Id and Audit:Keys:0:Secret (base64 of at least 32 random bytes, " +
                "for example `openssl rand -base64 32`), from a vault or the environment, never the database.");
        var keys = new List<AuditKey>();
        foreach (var (key, index) in Keys.Select((k, i) => (k, i)))
        {
            byte[] secret;
            try
            {
                secret = Convert.FromBase64String(key.Secret ?? "");
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Audit:Keys:{index}:Secret is not base64.");
            }
            try
            {
                keys.Add(AuditKey.Create(key.Id ?? "", secret));
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"Audit:Keys:{index}: {e.Message}", e);
            }
        }
        try
        {
            return new AuditKeyRing(keys, string.IsNullOrWhiteSpace(SigningKeyId) ? null : SigningKeyId);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Audit: {e.Message}", e);
        }
    }
}

public sealed class AuditKeyOptions
{
    public string? Id { get; set; }
    public string? Secret { get; set; }
}
