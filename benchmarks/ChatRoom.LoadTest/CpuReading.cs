namespace ChatRoom.LoadTest;

/// <summary>CPU used so far: by the server processes under test, by Redis (scale-out), by this load tool, and by the whole machine.</summary>
internal sealed record CpuReading(TimeSpan Servers, TimeSpan Redis, TimeSpan Client, MachineCpu Machine)
{
    /// <summary>Reads the CPU of <paramref name="servers"/> and, when given, of <paramref name="redis"/>; the load tool's and the machine's too.</summary>
    public static CpuReading Read(IEnumerable<ServerProcess> servers, RedisProcess? redis) => new(
        servers.Aggregate(TimeSpan.Zero, (sum, server) => sum + server.CpuTime()),
        redis?.CpuTime() ?? TimeSpan.Zero,
        CpuClock.Process(Environment.ProcessId),
        CpuClock.Machine());

    public static CpuReading operator -(CpuReading later, CpuReading earlier) => new(
        later.Servers - earlier.Servers,
        later.Redis - earlier.Redis,
        later.Client - earlier.Client,
        later.Machine - earlier.Machine);
}
