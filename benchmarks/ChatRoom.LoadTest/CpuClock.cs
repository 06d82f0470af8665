using System.Globalization;

namespace ChatRoom.LoadTest;

/// <summary>CPU time read from /proc (10 ms resolution): of one process, and of the whole machine.</summary>
internal static class CpuClock
{
    private const double TicksPerSecond = 100;

    /// <summary>CPU time a process has used so far: user + system, from /proc/PID/stat.</summary>
    public static TimeSpan Process(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The machine's CPU time so far, summed over every core, from the first line of /proc/stat.</summary>
    public static MachineCpu Machine()
    {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        long At(int i) => i < fields.Length ? fields[i] : 0;
        var idle = At(3) + At(4);
        var steal = At(7);
        var total = At(0) + At(1) + At(2) + idle + At(5) + At(6) + steal;
        return new MachineCpu(
            TimeSpan.FromSeconds((total - idle - steal) / TicksPerSecond),
            TimeSpan.FromSeconds(steal / TicksPerSecond),
            TimeSpan.FromSeconds(total / TicksPerSecond));
    }
}
