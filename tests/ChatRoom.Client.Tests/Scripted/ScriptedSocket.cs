using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.Client.Tests.Scripted;

/// <summary>One accepted client socket: read its frames, send it whatever the test wants, close or drop it.</summary>
public sealed class ScriptedSocket
{
    private readonly WebSocket _socket;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<JsonElement> _frames = Channel.CreateUnbounded<JsonElement>();

    public ScriptedSocket(WebSocket socket, HttpRequest request)
    {
        _socket = socket;
        Query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        Authorization = request.Headers.Authorization.ToString();
        _ = Task.Run(PumpAsync);
    }

    public IReadOnlyDictionary<string, string> Query { get; }

    public string Authorization { get; }

    internal Task Finished => _finished.Task;

    /// <summary>Reads frames until one with <paramref name="action"/> (others, such as pings and quiet checks, are skipped).</summary>
    public async Task<JsonElement> ReceiveAsync(string action, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReceiveAnyAsync(cancellationToken);
            if (frame.GetProperty("action").GetString() == action)
            {
                return frame;
            }
        }
    }

    /// <summary>Reads the next frame.</summary>
    public async Task<JsonElement> ReceiveAnyAsync(CancellationToken cancellationToken) => await _frames.Reader.ReadAsync(cancellationToken);

    /// <summary>Reads every frame as it comes (so a close is answered at once, as a real server does) into <see cref="_frames"/>.</summary>
    private async Task PumpAsync()
    {
        var buffer = new byte[256 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    _frames.Writer.TryWrite(JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone());
                    length = 0;
                }
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _frames.Writer.TryComplete(new InvalidOperationException("The client closed the socket."));
            _finished.TrySetResult();
        }
    }

    public Task SendAsync(JsonObject frame) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Closes with <paramref name="status"/> (e.g. 1001 as API Gateway does at 2 hours, or 4401).</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            await _socket.CloseOutputAsync(status, reason, CancellationToken.None);
        }
        finally
        {
            _finished.TrySetResult();
        }
    }

    /// <summary>Drops the connection without a close frame.</summary>
    public void Abort()
    {
        _socket.Abort();
        _finished.TrySetResult();
    }
}
