using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ComplianceReview.App.CustomerData.MailStore;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace ComplianceReview.Tests.MailStore;

/// <summary>Where the mail-store tests expect Dovecot, and whether a missing one is a skip or a failure.</summary>
public static class DovecotEnvironment
{
    /// <summary>Debian's <c>dovecot-imapd</c>; <c>DOVECOT_PATH</c> overrides it (another distribution, or to check the CI failure).</summary>
    public static string DovecotPath =>
        Environment.GetEnvironmentVariable("DOVECOT_PATH") is { Length: > 0 } path ? path : "/usr/sbin/dovecot";

    public static bool Available => File.Exists(DovecotPath);

    /// <summary>On a build server a missing mail store must not turn the mail-store suite into a silent skip.</summary>
    public static bool IsCi => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CI"));

    public static string MissingMessage => $"Dovecot is not installed at {DovecotPath} (apt-get install -y dovecot-imapd).";
}

/// <summary>
/// A real Dovecot IMAP server for one test class or benchmark: its own configuration, run, state and mail folders in a
/// temporary folder, listening on a free loopback port, with a master user for the extraction and the mailboxes a test
/// adds. Started in the foreground as a child process and killed (with its children) on dispose.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string MasterUser = "extractor";

    private readonly string _root;
    private readonly Process _process;
    private readonly (int Uid, int Gid) _mailOwner;
    private readonly SemaphoreSlim _usersLock = new(1, 1);

    private DovecotServer(string root, Process process, int port, string masterPassword, (int, int) mailOwner)
    {
        _root = root;
        _process = process;
        Port = port;
        MasterPassword = masterPassword;
        _mailOwner = mailOwner;
    }

    public int Port { get; }

    public string MasterPassword { get; }

    /// <summary>The settings the app's <see cref="ImapMailStore"/> needs to read this server.</summary>
    public MailStoreOptions Options => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Security = SecureSocketOptions.None,
        MasterUser = MasterUser,
        MasterPassword = MasterPassword,
    };

    public static async Task<DovecotServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!DovecotEnvironment.Available)
            throw new InvalidOperationException(DovecotEnvironment.MissingMessage + (DovecotEnvironment.IsCi ? " CI is set, so this is a failure, not a skip." : ""));

        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The mail-store tests run Debian's Dovecot, on Linux.");
        var root = Directory.CreateTempSubdirectory("cr-dovecot-").FullName;
        // Dovecot's unprivileged processes must reach the configuration and the mail folders.
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var folder in new[] { "run", "state", "mail" }) Directory.CreateDirectory(Path.Combine(root, folder));
        File.SetUnixFileMode(Path.Combine(root, "mail"), (UnixFileMode)0b111_111_111);

        var masterPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(Path.Combine(root, "masters"), $"{MasterUser}:{{PLAIN}}{masterPassword}\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(root, "users"), "", cancellationToken);

        var identity = ProcessIdentity.Current();
        // Dovecot refuses to run its login and mail processes as root: under root they run as Debian's dovecot users.
        var (internalUser, internalGroup, loginUser, mailOwner) = identity.Uid == 0
            ? ("dovecot", "dovecot", "dovenull", ProcessIdentity.Of("dovecot"))
            : (identity.Name, ProcessIdentity.GroupName(identity.Gid), identity.Name, (identity.Uid, identity.Gid));

        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var config = Path.Combine(root, "dovecot.conf");
            await File.WriteAllTextAsync(config, Configuration(root, port, internalUser, internalGroup, loginUser, mailOwner), cancellationToken);
            var process = Process.Start(new ProcessStartInfo(DovecotEnvironment.DovecotPath, ["-F", "-c", config])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("Dovecot did not start.");
            var server = new DovecotServer(root, process, port, masterPassword, mailOwner);
            var problem = await server.WaitUntilReadyAsync(cancellationToken);
            if (problem is null) return server;
            await server.StopAsync();
            // Another process took the port between our probe and Dovecot's bind: take another one.
            if (attempt < 3 && problem.Contains("Address already in use", StringComparison.Ordinal)) continue;
            Directory.Delete(root, recursive: true);
            throw new InvalidOperationException("Dovecot did not come up: " + problem);
        }
    }

    /// <summary>Adds a mailbox (an IMAP user whose name is the address) with an empty INBOX.</summary>
    public async Task AddMailboxAsync(string address, CancellationToken cancellationToken = default)
    {
        var home = Path.Combine(_root, "mail", address);
        await _usersLock.WaitAsync(cancellationToken);
        try
        {
            // The password is never used: the extraction and the tests sign in as the master user.
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{address}:{{PLAIN}}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}:{_mailOwner.Uid}:{_mailOwner.Gid}::{home}\n");
            await File.AppendAllTextAsync(Path.Combine(_root, "users"), line, cancellationToken);
            await UntilSignInWorksAsync(address, cancellationToken);
        }
        finally
        {
            _usersLock.Release();
        }
    }

    /// <summary>
    /// Dovecot looks at a passwd-file for changes at most once a second, so a mailbox added within a second of the last
    /// look is unknown for up to that second. Waits (a condition with a deadline, not a fixed sleep) until a sign-in to
    /// it works, so a test never meets a mailbox the server does not know yet.
    /// </summary>
    private async Task UntilSignInWorksAsync(string address, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = await OpenAsync(address, cancellationToken);
                await client.DisconnectAsync(quit: true, cancellationToken);
                return;
            }
            catch (MailKit.Security.AuthenticationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>A client signed in to one mailbox as the master user, for a test to create folders and append messages.</summary>
    public async Task<ImapClient> OpenAsync(string mailbox, CancellationToken cancellationToken = default)
    {
        var client = new ImapClient { Timeout = 120_000 };
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(new SaslMechanismPlain(new NetworkCredential(MasterUser, MasterPassword)) { AuthorizationId = mailbox }, cancellationToken);
        return client;
    }

    /// <summary>The folder of the mailbox by name, created if needed (INBOX always exists).</summary>
    public static async Task<IMailFolder> FolderAsync(ImapClient client, string name, CancellationToken cancellationToken = default)
    {
        if (string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase)) return client.Inbox;
        var personal = client.GetFolder(client.PersonalNamespaces[0]);
        var existing = (await personal.GetSubfoldersAsync(false, cancellationToken)).FirstOrDefault(f => f.Name == name);
        return existing ?? await personal.CreateAsync(name, isMessageFolder: true, cancellationToken)
            ?? throw new InvalidOperationException($"The folder {name} could not be created.");
    }

    /// <summary>Appends messages to a folder of a mailbox (MULTIAPPEND), received at <paramref name="receivedAt"/>.</summary>
    public async Task AppendAsync(string mailbox, string folderName, IEnumerable<MimeMessage> messages, DateTimeOffset? receivedAt = null,
        CancellationToken cancellationToken = default)
    {
        using var client = await OpenAsync(mailbox, cancellationToken);
        var folder = await FolderAsync(client, folderName, cancellationToken);
        var requests = messages.Select(m => (IAppendRequest)new AppendRequest(m, MessageFlags.None) { InternalDate = receivedAt }).ToList();
        if (requests.Count > 0) await folder.AppendAsync(requests, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    /// <summary>Dovecot's own log (logins, errors): what a failing test prints.</summary>
    public string Log => File.Exists(Path.Combine(_root, "dovecot.log")) ? File.ReadAllText(Path.Combine(_root, "dovecot.log")) : "";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { } // best effort on a temporary folder
        catch (UnauthorizedAccessException) { }
        _usersLock.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    /// <summary>Null once the server greets on its port; else why it will not (it exited, or did not greet within a minute).</summary>
    private async Task<string?> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (_process.HasExited)
                return $"exit code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync(cancellationToken)} {Log}";
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                using var reader = new StreamReader(tcp.GetStream());
                var greeting = await reader.ReadLineAsync(cancellationToken);
                if (greeting is not null && greeting.StartsWith("* OK", StringComparison.Ordinal)) return null;
            }
            catch (SocketException)
            {
                // Not listening yet: wait for the master process to bind (a condition with a deadline, not a fixed sleep).
                await Task.Delay(50, cancellationToken);
            }
        }
        return "no IMAP greeting within a minute. " + Log;
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Configuration(string root, int port, string internalUser, string internalGroup, string loginUser, (int Uid, int Gid) mailOwner) => $$"""
        base_dir = {{root}}/run
        state_dir = {{root}}/state
        instance_name = cr-{{Path.GetFileName(root)}}
        protocols = imap
        listen = 127.0.0.1
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain
        auth_master_user_separator = *
        # Every character a mailbox name may hold (the default refuses '+', so sub-addressed mailboxes could not be opened).
        auth_username_chars =
        default_internal_user = {{internalUser}}
        default_internal_group = {{internalGroup}}
        default_login_user = {{loginUser}}
        first_valid_uid = {{mailOwner.Uid}}
        last_valid_uid = {{mailOwner.Uid}}
        first_valid_gid = {{mailOwner.Gid}}
        log_path = {{root}}/dovecot.log
        mail_location = maildir:~/Maildir
        mail_fsync = never
        passdb {
          driver = passwd-file
          args = {{root}}/masters
          master = yes
          pass = yes
        }
        passdb {
          driver = passwd-file
          args = {{root}}/users
        }
        userdb {
          driver = passwd-file
          args = {{root}}/users
        }
        service imap-login {
          inet_listener imap {
            address = 127.0.0.1
            port = {{port}}
          }
          inet_listener imaps {
            port = 0
          }
          chroot =
        }
        service anvil {
          chroot =
        }
        """;

    /// <summary>Who this process runs as, and another user's ids, from /proc and /etc/passwd (no native calls).</summary>
    private sealed record ProcessIdentity(string Name, int Uid, int Gid)
    {
        public static ProcessIdentity Current()
        {
            var status = File.ReadAllLines("/proc/self/status");
            int Field(string name) => int.Parse(status.Single(l => l.StartsWith(name, StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1],
                CultureInfo.InvariantCulture);
            var uid = Field("Uid:");
            var name = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 3 && f[2] == uid.ToString(CultureInfo.InvariantCulture))?[0]
                ?? throw new InvalidOperationException($"uid {uid} is not in /etc/passwd; Dovecot needs a user name to run as.");
            return new(name, uid, Field("Gid:"));
        }

        public static string GroupName(int gid) =>
            File.ReadLines("/etc/group").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 2 && f[2] == gid.ToString(CultureInfo.InvariantCulture))?[0]
            ?? throw new InvalidOperationException($"gid {gid} is not in /etc/group; Dovecot needs a group name to run as.");

        public static (int Uid, int Gid) Of(string user)
        {
            var fields = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 3 && f[0] == user)
                ?? throw new InvalidOperationException($"The user {user} is missing (it comes with dovecot-core).");
            return (int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
        }
    }
}
