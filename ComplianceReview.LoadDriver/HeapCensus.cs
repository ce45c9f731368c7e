using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace ComplianceReview.LoadDriver;

/// <summary>
/// What the server's circuits hold, by type: <c>heap PID FILE</c> attaches to the running app (ClrMD; the process is
/// suspended meanwhile), walks every object reachable from the roots and writes bytes, count and type per line;
/// <c>heap-diff BEFORE AFTER</c> divides the difference by the number of circuits added between the two censuses
/// (counted by <c>CircuitHost</c> objects) and prints the types that grew most and the components per circuit.
/// Take BEFORE with a few circuits open and AFTER with many (<c>--hold</c> keeps the driver's circuits open).
/// </summary>
internal static class HeapCensus
{
    private const string CircuitHost = "Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost";
    private const string ComponentState = "Microsoft.AspNetCore.Components.Server.Circuits.RemoteComponentState";

    public static int Take(int pid, string path)
    {
        using var target = DataTarget.AttachToProcess(pid, suspend: true);
        var heap = target.ClrVersions[0].CreateRuntime().Heap;
        var live = new HashSet<ulong>();
        var pending = new Stack<ulong>();
        foreach (var root in heap.EnumerateRoots())
            if (root.Object.Address != 0 && live.Add(root.Object.Address)) pending.Push(root.Object.Address);
        var byType = new Dictionary<string, (long Bytes, long Count)>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var obj = heap.GetObject(pending.Pop());
            if (!obj.IsValid || obj.Type?.Name is not { } name) continue;
            var (bytes, count) = byType.GetValueOrDefault(name);
            byType[name] = (bytes + (long)obj.Size, count + 1);
            if (name == ComponentState && obj.Type.Fields.FirstOrDefault(f => f.Name?.Contains("Component>", StringComparison.Ordinal) == true) is { } field)
            {
                // One line per component type too, so the census says which components each circuit holds.
                var component = "component: " + (field.ReadObject(obj.Address, interior: false).Type?.Name ?? "?");
                var (b, c) = byType.GetValueOrDefault(component);
                byType[component] = (b, c + 1);
            }
            foreach (var reference in obj.EnumerateReferenceAddresses(carefully: true))
                if (reference != 0 && live.Add(reference)) pending.Push(reference);
        }
        using var writer = new StreamWriter(path);
        foreach (var (name, (bytes, count)) in byType.OrderByDescending(t => t.Value.Bytes))
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes}\t{count}\t{name}"));
        Console.WriteLine($"{live.Count} live objects, {byType.Where(t => !t.Key.StartsWith("component: ", StringComparison.Ordinal)).Sum(t => t.Value.Bytes) / 1048576.0:F1} MB, written to {path}");
        return 0;
    }

    public static int Diff(string beforePath, string afterPath, int top)
    {
        var before = Read(beforePath);
        var after = Read(afterPath);
        var circuits = after.GetValueOrDefault(CircuitHost).Count - before.GetValueOrDefault(CircuitHost).Count;
        if (circuits <= 0) throw new InvalidOperationException("The second census has no more circuits than the first.");
        var rows = after.Keys.Union(before.Keys)
            .Select(name => (Name: name, Bytes: after.GetValueOrDefault(name).Bytes - before.GetValueOrDefault(name).Bytes,
                Count: after.GetValueOrDefault(name).Count - before.GetValueOrDefault(name).Count))
            .ToList();
        var types = rows.Where(r => !r.Name.StartsWith("component: ", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"{circuits} circuits added: {types.Sum(r => r.Bytes) / 1024.0 / circuits:F1} KB each");
        Console.WriteLine("   KB/circuit  objects/circuit  type");
        foreach (var row in types.OrderByDescending(r => r.Bytes).Take(top))
            Console.WriteLine($"{row.Bytes / 1024.0 / circuits,12:F1} {row.Count / (double)circuits,16:F1}  {row.Name}");
        Console.WriteLine("components/circuit  component");
        foreach (var row in rows.Where(r => r.Name.StartsWith("component: ", StringComparison.Ordinal) && r.Count > 0).OrderByDescending(r => r.Count))
            Console.WriteLine($"{row.Count / (double)circuits,18:F1}  {row.Name["component: ".Length..]}");
        return 0;
    }

    private static Dictionary<string, (long Bytes, long Count)> Read(string path) =>
        File.ReadLines(path).Select(line => line.Split('\t', 3)).ToDictionary(
            p => p[2], p => (long.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture)), StringComparer.Ordinal);
}
