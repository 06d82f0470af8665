namespace ChatRoom.LoadTest;

/// <summary>A fan-out run: deliveries/s and CPU over the measured window; messages sent and delivered over the whole run, drain included.</summary>
/// <param name="PerSecond">Deliveries per second over the measured window.</param>
/// <param name="Delivered">Deliveries in the measured window.</param>
/// <param name="Cpu">CPU used in the measured window.</param>
/// <param name="Expected">Messages sent over the whole run (warm-up included) times the clients in the room.</param>
/// <param name="Received">Deliveries over the whole run, once what was on its way had arrived.</param>
internal sealed record FanOutResult(double PerSecond, long Delivered, CpuReading Cpu, long Expected, long Received)
{
    public double MicrosPerDelivery(TimeSpan cpu) => cpu.TotalMicroseconds / Math.Max(1, Delivered);

    public double DeliveredPercent => Expected == 0 ? double.NaN : 100.0 * Received / Expected;
}
