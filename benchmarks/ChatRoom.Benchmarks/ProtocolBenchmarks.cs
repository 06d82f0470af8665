using System.Text;
using BenchmarkDotNet.Attributes;
using ChatRoom.Internal;

namespace ChatRoom.Benchmarks;

/// <summary>Parsing an inbound <c>sendmessage</c> frame and serialising the outbound <c>message</c> event.</summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class ProtocolBenchmarks
{
    private readonly byte[] _frame = Encoding.UTF8.GetBytes("{\"action\":\"sendmessage\",\"room\":\"general\",\"text\":\"" + new string('x', 100) + "\",\"clientMessageId\":\"c-42\"}");
    private readonly ChatMessage _message = new()
    {
        Room = "general",
        Seq = 42,
        Id = "0193b0e4c1a27c3f9e5d1f2a3b4c5d6e",
        Sender = new ChatMember { ConnectionId = "L0SM9cOFvHcCIhw", Name = "alice", UserId = "L0SM9cOFvHcCIhw" },
        Text = new string('x', 100),
        SentAt = new DateTimeOffset(2026, 11, 26, 10, 0, 0, 123, TimeSpan.Zero),
        ClientMessageId = "c-42",
    };

    [Benchmark]
    public bool Parse() => InboundFrameParser.TryParse(_frame, out _, out _);

    [Benchmark]
    public byte[] SerializeMessage() => FrameSerializer.Message(_message);
}
