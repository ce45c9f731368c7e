namespace ComplianceReview.Domain.Agencies;

/// <summary>
/// Consumer mail services anyone can open an account with. No agency's official address is on one of them, so a demand
/// from one is unverifiable by its domain; a forger's first choice.
/// </summary>
public static class FreeMailProviders
{
    private static readonly HashSet<string> Domains = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "live.com",
        "live.co.uk", "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com", "aol.com", "icloud.com",
        "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com",
        "mail.ru", "yandex.com", "yandex.ru", "zoho.com", "tutanota.com", "tuta.io", "qq.com", "163.com", "126.com",
        "fastmail.com", "hushmail.com", "inbox.com", "t-online.de", "orange.fr", "free.fr", "libero.it", "bol.com.br",
        "uol.com.br", "rediffmail.com", "naver.com", "daum.net", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "guerrillamail.com",
        "mailinator.com", "10minutemail.com", "temp-mail.org", "cock.li", "onionmail.org",
    };

    public static bool IsFreeMail(EmailDomain domain) =>
        Domains.Contains(domain.Value) || Domains.Any(d => domain.Value.EndsWith("." + d, StringComparison.Ordinal));
}
