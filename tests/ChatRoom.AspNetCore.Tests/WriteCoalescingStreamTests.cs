using System.Net.WebSockets;
using System.Text;
using ChatRoom.AspNetCore.Internal;
using ChatRoom.AspNetCore.Tests.Support;

namespace ChatRoom.AspNetCore.Tests;

/// <summary>The frames the writer loop encodes into a batch, as a real client WebSocket reads them.</summary>
public sealed class WriteCoalescingStreamTests
{
    [Theory]
    [InlineData(new[] { 0, 1, 125 })]
    [InlineData(new[] { 126, 127, 65_535 })]
    [InlineData(new[] { 65_536, 200_000, 3 })]
    public async Task SendBatchAsync_FramesOfEveryLengthEncoding_ArriveWholeAndInOrder(int[] lengths)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pair = await LoopbackWebSocketPair.CreateAsync(socketBufferBytes: null, batchedWrites: true, timeout.Token);
        using var client = pair.Client;
        using var server = pair.Server;
        var stream = pair.ServerBatching!;
        var payloads = lengths.Select((length, i) => Payload(length, (char)('a' + i))).ToArray();

        await stream.OpenBatchAsync();
        foreach (var payload in payloads)
        {
            stream.AppendTextFrame(payload);
        }

        await stream.SendBatchAsync();

        foreach (var payload in payloads)
        {
            Assert.Equal(payload, await ReceiveAsync(client, timeout.Token));
        }
    }

    [Fact]
    public async Task WriteAsync_WhileABatchIsOpen_WaitsAndFollowsTheBatch()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pair = await LoopbackWebSocketPair.CreateAsync(socketBufferBytes: null, batchedWrites: true, timeout.Token);
        using var client = pair.Client;
        using var server = pair.Server;
        var stream = pair.ServerBatching!;

        await stream.OpenBatchAsync();
        var closing = server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        stream.AppendTextFrame("before the close"u8);
        Assert.False(closing.IsCompleted);
        await stream.SendBatchAsync();
        await closing;

        Assert.Equal("before the close"u8.ToArray(), await ReceiveAsync(client, timeout.Token));
        var end = await client.ReceiveAsync(new byte[16], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, end.MessageType);
        Assert.Equal("bye", client.CloseStatusDescription);
    }

    private static byte[] Payload(int length, char fill) => Encoding.UTF8.GetBytes(new string(fill, length));

    private static async Task<byte[]> ReceiveAsync(WebSocket client, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[8 * 1024];
        ValueWebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return message.ToArray();
    }
}
