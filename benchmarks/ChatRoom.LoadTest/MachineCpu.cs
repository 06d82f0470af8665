namespace ChatRoom.LoadTest;

/// <summary>The machine's CPU time over every core: busy (neither idle nor stolen), stolen by the hypervisor, and in all.</summary>
internal sealed record MachineCpu(TimeSpan Busy, TimeSpan Steal, TimeSpan Total)
{
    public static MachineCpu operator -(MachineCpu later, MachineCpu earlier) =>
        new(later.Busy - earlier.Busy, later.Steal - earlier.Steal, later.Total - earlier.Total);

    public double BusyPercent => Total > TimeSpan.Zero ? 100 * Busy / Total : double.NaN;

    public double StealPercent => Total > TimeSpan.Zero ? 100 * Steal / Total : double.NaN;
}
