using System.Diagnostics;
using System.Globalization;

/// <summary>
/// How busy the machine's cores were over a span (from /proc/stat, every process), and how much of that was this process:
/// the rest is everything else on the machine: Azurite and the OS when nothing else runs beside the bench.
/// </summary>
internal sealed class CpuUse
{
    private readonly (long Busy, long All) _machine = Machine();
    private readonly TimeSpan _process = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _started = Stopwatch.GetTimestamp();

    public static CpuUse Start() => new();

    /// <summary>Each a share of all the machine's cores over the span: 1 is every core busy throughout.</summary>
    public (int Cores, double Busy, double Process) Stop()
    {
        var (busy, all) = Machine();
        var process = Process.GetCurrentProcess().TotalProcessorTime - _process;
        var cores = Cores(); // as /proc/stat counts them, whatever share of them this process may use
        var machine = all == _machine.All ? 0 : (double)(busy - _machine.Busy) / (all - _machine.All);
        return (cores, machine, process / (Stopwatch.GetElapsedTime(_started) * cores));
    }

    private static int Cores() =>
        File.Exists("/proc/stat")
            ? File.ReadLines("/proc/stat").Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsAsciiDigit(l[3]))
            : Environment.ProcessorCount;

    /// <summary>The first line of /proc/stat: jiffies busy and in all, over every core (idle and iowait are not busy).</summary>
    private static (long Busy, long All) Machine()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var all = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal (guest time is inside user)
        return (all - fields[3] - fields[4], all);
    }
}
