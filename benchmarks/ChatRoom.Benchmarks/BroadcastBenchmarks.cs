using System.Text;
using BenchmarkDotNet.Attributes;
using ChatRoom.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatRoom.Benchmarks;

/// <summary>
/// One <c>sendmessage</c> through the engine with the in-memory stores and a no-op messenger: parse, rate limit, store
/// lookups, append, serialise once, fan out to every member of the room.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class BroadcastBenchmarks
{
    private readonly byte[] _frame = Encoding.UTF8.GetBytes("{\"action\":\"sendmessage\",\"room\":\"general\",\"text\":\"" + new string('x', 100) + "\"}");
    private ServiceProvider _services = null!;
    private IChatEngine _engine = null!;
    private NoOpMessenger _messenger = null!;
    private string _sender = null!;

    [Params(10, 1_000, 10_000)]
    public int RoomSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _messenger = new NoOpMessenger();
        var services = new ServiceCollection();
        services.AddChatRoom(o =>
        {
            o.RateLimitPerSecond = 1_000_000;
            o.RateLimitBurst = 1_000_000;
        }).AddInMemory();
        services.Replace(ServiceDescriptor.Singleton<IConnectionMessenger>(_messenger));
        _services = services.BuildServiceProvider();
        _engine = _services.GetRequiredService<IChatEngine>();
        for (var i = 0; i < RoomSize; i++)
        {
            var id = $"c{i:D6}";
            _engine.ConnectedAsync(id, ConnectionMetadata.FromQuery(new Dictionary<string, string> { ["name"] = id })).GetAwaiter().GetResult();
        }

        _sender = "c000000";
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public Task SendMessage() => _engine.FrameReceivedAsync(_sender, _frame);

    /// <summary>Accepts every frame and does nothing, like a socket with an empty queue.</summary>
    private sealed class NoOpMessenger : IConnectionMessenger
    {
        public int MaxFrameBytes => 128 * 1024;

        public ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(DeliveryResult.Delivered);

        public ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(DeliveryResult.Gone);
    }
}
