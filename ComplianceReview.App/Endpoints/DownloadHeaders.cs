namespace ComplianceReview.App.Endpoints;

/// <summary>Every file download: never sniffed as something else, never cached (it holds customer data or audit records).</summary>
internal static class DownloadHeaders
{
    public static void Apply(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
    }
}
