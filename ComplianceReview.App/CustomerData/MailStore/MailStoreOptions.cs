using MailKit.Security;

namespace ComplianceReview.App.CustomerData.MailStore;

/// <summary>Where e-mail content comes from: the demo tables, or the provider's mail store over IMAP.</summary>
public enum EmailContentSource
{
    Demo,
    MailStore,
}

public sealed class CustomerDataOptions
{
    public const string Section = "CustomerData";

    /// <summary><c>Demo</c> (the app's tables, the default) or <c>MailStore</c> (IMAP, <see cref="MailStoreOptions"/>).</summary>
    public EmailContentSource EmailContent { get; set; } = EmailContentSource.Demo;
}

/// <summary>
/// The mail store's IMAP endpoint and the extraction account. The extraction signs in once per mailbox as a master user
/// (SASL PLAIN: authorization id = the mailbox, authentication id = <see cref="MasterUser"/>), so it needs no customer's
/// password and the store's log names who read which mailbox.
/// </summary>
public sealed class MailStoreOptions
{
    public const string Section = "CustomerData:MailStore";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 143;

    /// <summary>TLS: <c>StartTls</c> by default; <c>None</c> only for a store on loopback (the tests' Dovecot).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string MasterUser { get; set; } = "";

    public string MasterPassword { get; set; } = "";

    /// <summary>How long one IMAP command may take before the extraction fails (it never returns a partial mailbox).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Messages fetched per FETCH command, at most; see also <see cref="FetchBatchBytes"/>.</summary>
    public int FetchBatchSize { get; set; } = 250;

    /// <summary>Bytes of messages fetched per FETCH command, at most (a larger message is fetched alone): bounds memory.</summary>
    public long FetchBatchBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The problem with these settings, or null when they can be used.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Host)) return "CustomerData:MailStore:Host is not set.";
        if (Port is < 1 or > 65535) return $"CustomerData:MailStore:Port {Port} is not a TCP port.";
        if (string.IsNullOrWhiteSpace(MasterUser) || string.IsNullOrEmpty(MasterPassword))
            return "CustomerData:MailStore:MasterUser and MasterPassword are required (the extraction signs in as a master user).";
        if (Security == SecureSocketOptions.None && !IsLoopback(Host))
            return $"CustomerData:MailStore:Security is None for {Host}: mail content and the master password would cross the network in clear. Use StartTls or SslOnConnect.";
        if (FetchBatchSize < 1 || FetchBatchBytes < 1) return "CustomerData:MailStore:FetchBatchSize and FetchBatchBytes must be positive.";
        return null;
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
}
