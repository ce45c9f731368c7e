using System.Reflection;
using System.Runtime.Loader;

/// <summary>
/// The entry point for <c>DOTNET_STARTUP_HOOKS</c> (the runtime calls <see cref="Initialize"/> before the app's Main):
/// it lets the runtime find this assembly by name, although the app's dependency list does not hold it, and names it as a
/// hosting startup assembly, so <see cref="ComplianceReview.Diagnostics.DiagnosticsHostingStartup"/> joins the app's host.
/// The runtime requires this class name, in no namespace.
/// </summary>
internal static class StartupHook
{
    private const string HostingStartupAssemblies = "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES";

    public static void Initialize()
    {
        var self = typeof(StartupHook).Assembly;
        var name = self.GetName().Name!;
        AssemblyLoadContext.Default.Resolving += (_, requested) =>
            string.Equals(requested.Name, name, StringComparison.Ordinal) ? self : null;

        var current = Environment.GetEnvironmentVariable(HostingStartupAssemblies);
        Environment.SetEnvironmentVariable(HostingStartupAssemblies, string.IsNullOrEmpty(current) ? name : $"{current};{name}");
    }
}
