namespace ComplianceReview.App.Identity;

/// <summary>Where to send someone after signing in: a path on this site, never another host.</summary>
public static class ReturnUrl
{
    public const string Home = "/";

    /// <summary>The url itself when it is a local path; otherwise <see cref="Home"/>.</summary>
    public static string MakeLocal(string? returnUrl) => IsLocal(returnUrl) ? returnUrl! : Home;

    /// <summary>
    /// A rooted path such as <c>/demands?page=2</c>. Refuses absolute urls, protocol-relative <c>//host</c>,
    /// <c>/\host</c> (browsers read it as <c>//host</c>), control characters (browsers drop tabs and
    /// newlines, which would turn <c>/\t/host</c> into <c>//host</c>) and anything outside printable ASCII: a
    /// <c>Location</c> header carries no other characters (the app's own addresses are ASCII; a browser sends
    /// others percent-encoded), so such a url could only end in a server error.
    /// </summary>
    public static bool IsLocal(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/') return false;
        if (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\') return false;
        return returnUrl.All(c => c is >= ' ' and <= '~');
    }
}
