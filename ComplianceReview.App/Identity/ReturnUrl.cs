namespace ComplianceReview.App.Identity;

/// <summary>Where to send someone after signing in: a path on this site, never another host.</summary>
public static class ReturnUrl
{
    public const string Home = "/";

    /// <summary>The url itself when it is a local path; otherwise <see cref="Home"/>.</summary>
    public static string MakeLocal(string? returnUrl) => IsLocal(returnUrl) ? returnUrl! : Home;

    /// <summary>
    /// A rooted path such as <c>/demands?page=2</c>. Refuses absolute urls, protocol-relative <c>//host</c>,
    /// <c>/\host</c> (browsers read it as <c>//host</c>) and control characters (browsers drop tabs and
    /// newlines, which would turn <c>/\t/host</c> into <c>//host</c>).
    /// </summary>
    public static bool IsLocal(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/') return false;
        if (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\') return false;
        return !returnUrl.Any(char.IsControl);
    }
}
