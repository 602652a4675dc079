using System.Runtime.InteropServices;

namespace SmePlatform.Benchmarks;

/// <summary>The machine a result came from, so ratios are read against it.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory ?? "unknown memory"}, " +
               $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>The load average when the result was taken: the machine is shared, so figures are read against it.</summary>
    public static string Load() =>
        File.Exists("/proc/loadavg")
            ? $"load average {string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))} (1/5/15 min) on a shared machine"
            : "load average unknown";
}
