using System.Globalization;

namespace ComplianceReview.CrashHarness;

/// <summary>
/// <c>dotnet run --project ComplianceReview.CrashHarness -- --kills 100 --seed 10 [--workers 3] [--intake 2]</c>.
/// Builds nothing itself: the app must be built (the project reference does that). Exit code 0 only with no violations.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        HarnessOptions options;
        try
        {
            options = Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\nUsage: ComplianceReview.CrashHarness --kills N --seed S [--workers W] [--intake C] [--max-delay-ms M] [--verbose]");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var report = await CrashHarnessRunner.RunAsync(options, Console.Out, cancel.Token);
        Console.WriteLine();
        Console.WriteLine(report.Describe());
        return report.Violations.Count == 0 && report.WorkloadErrors.Count == 0 ? 0 : 1;
    }

    private static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--verbose")
            {
                options = options with { Verbose = true };
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--kills" => options with { Kills = Positive(value, args[i]) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--workers" => options with { Workers = Positive(value, args[i]) },
                "--intake" => options with { IntakeClients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--max-delay-ms" => options with { MaxKillDelay = TimeSpan.FromMilliseconds(Positive(value, args[i])) },
                _ => throw new FormatException($"Unknown option {args[i]}."),
            };
            i++;
        }
        return options;
    }

    private static int Positive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException($"{name} must be a positive number.");
}
