using System.Globalization;
using ComplianceReview.Domain.Audit;

namespace ComplianceReview.App.Services.Audit;

/// <summary>One checkpoint as found in the store: its name there and what it parsed to (null: not a checkpoint at all).</summary>
public sealed record StoredCheckpoint(string Name, AuditCheckpoint? Checkpoint);

/// <summary>
/// Where signed checkpoints go: outside the database, append-only. The default is a folder
/// (<see cref="FolderCheckpointStore"/>); in production a store whose immutability the platform enforces, such as an Azure
/// Blob Storage container with a time-based retention (WORM) policy, implements this interface (docs/security.md).
/// </summary>
public interface IAuditCheckpointStore
{
    /// <summary>Adds a checkpoint; returns false when one for the same sequence is already there (it is never replaced).</summary>
    Task<bool> AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Every checkpoint in the store, in no particular order.</summary>
    Task<IReadOnlyList<StoredCheckpoint>> ReadAllAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A folder of one small JSON file per checkpoint, named by its sequence. Files are created with
/// <see cref="FileMode.CreateNew"/> and flushed to disk; nothing is ever opened for writing again, so the app itself cannot
/// rewrite the record. Give the folder to the app's account only (it is created 0700, files 0600 on Unix) and, where the
/// platform offers it, make it append-only below the app (a WORM share, <c>chattr +a</c>).
/// </summary>
public sealed class FolderCheckpointStore(string folder) : IAuditCheckpointStore
{
    public const string Extension = ".checkpoint.json";

    public string Folder { get; } = folder;

    public async Task<bool> AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        CreateFolder();
        var path = Path.Combine(Folder, checkpoint.Sequence.ToString("D20", CultureInfo.InvariantCulture) + Extension);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            Options = FileOptions.WriteThrough,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            await using var file = new FileStream(path, options);
            await using (var writer = new StreamWriter(file))
            {
                await writer.WriteAsync(checkpoint.ToJson().AsMemory(), cancellationToken);
                await writer.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false; // that sequence is checkpointed already; the first word stands
        }
    }

    public async Task<IReadOnlyList<StoredCheckpoint>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder)) return [];
        var found = new List<StoredCheckpoint>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*" + Extension))
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            found.Add(new StoredCheckpoint(Path.GetFileName(path), AuditCheckpoint.TryParse(text)));
        }
        return found;
    }

    private void CreateFolder()
    {
        if (Directory.Exists(Folder)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(Folder);
        else Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
