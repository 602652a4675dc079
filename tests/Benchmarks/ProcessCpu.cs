using System.Globalization;

namespace SmePlatform.Benchmarks;

/// <summary>
/// CPU time of each process ./sme up started (components by their pid files, PostgreSQL and RabbitMQ with every child
/// process), of this load generator, and of the whole machine, read from /proc. Two snapshots around a load run say
/// where that run's CPU went: on a small shared host the split, not the wall-clock rate, shows what to make cheaper.
/// </summary>
public sealed class ProcessCpu
{
    public const string Client = "load generator (this process)";
    public const string Machine = "whole machine (every process, every session)";

    private readonly Dictionary<string, double> seconds;

    private ProcessCpu(Dictionary<string, double> seconds) => this.seconds = seconds;

    /// <summary>The roots to account, by ./sme's state folder (.sme).</summary>
    public static ProcessCpu Take(string state)
    {
        var roots = new Dictionary<int, string> { [Environment.ProcessId] = Client };
        if (Directory.Exists(Path.Combine(state, "pids")))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(state, "pids"), "*.pid"))
            {
                if (FirstNumber(file) is { } pid)
                {
                    roots[pid] = Path.GetFileNameWithoutExtension(file);
                }
            }
        }

        if (FirstNumber(Path.Combine(state, "pg", "data", "postmaster.pid")) is { } postmaster)
        {
            roots[postmaster] = "postgresql";
        }

        if (Directory.Exists(Path.Combine(state, "rabbitmq")))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(state, "rabbitmq"), "*.pid"))
            {
                if (FirstNumber(file) is { } pid)
                {
                    roots[pid] = "rabbitmq";
                }
            }
        }

        // Every process's CPU goes to its nearest accounted ancestor (PostgreSQL's backends, the
        // Erlang VM's helpers); other processes go nowhere but the machine's total.
        var processes = new Dictionary<int, (int Parent, double Seconds)>();
        foreach (var directory in Directory.Exists("/proc") ? Directory.GetDirectories("/proc") : [])
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } stat)
            {
                processes[pid] = stat;
            }
        }

        var totals = new Dictionary<string, double>();
        foreach (var (pid, (_, cpu)) in processes)
        {
            var current = pid;
            for (var depth = 0; depth < 64 && current > 1; depth++)
            {
                if (roots.TryGetValue(current, out var name))
                {
                    totals[name] = totals.GetValueOrDefault(name) + cpu;
                    break;
                }

                current = processes.TryGetValue(current, out var parent) ? parent.Parent : 0;
            }
        }

        totals[Machine] = MachineSeconds();
        return new ProcessCpu(totals);
    }

    /// <summary>CPU seconds per name between two snapshots; a process started or ended in between counts from what it shows.</summary>
    public static IReadOnlyList<(string Name, double Seconds)> Between(ProcessCpu before, ProcessCpu after) =>
    [
        .. after.seconds.Select(s => (s.Key, s.Value - before.seconds.GetValueOrDefault(s.Key)))
            .OrderBy(s => s.Key == Machine).ThenByDescending(s => s.Item2),
    ];

    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private static (int Parent, double Seconds)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may contain spaces: fields after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            // utime, stime, and cutime, cstime: children that ended and were reaped (PostgreSQL's backends of a client
            // that disconnected, pgbench) count with their parent.
            var ticks = fields.Skip(11).Take(4).Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            return (parent, ticks / TicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // gone meanwhile
        }
    }

    private static double MachineSeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }

        // "cpu user nice system idle iowait irq softirq steal …": busy = all but idle and iowait.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Take(8).Sum() - fields[3] - fields[4]) / TicksPerSecond;
    }

    private static int? FirstNumber(string file)
    {
        try
        {
            return File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault()?.Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
