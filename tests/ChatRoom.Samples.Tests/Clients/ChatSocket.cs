using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.Clients;

/// <summary>A protocol v1 client over a real <see cref="ClientWebSocket"/>: send JSON, read the next frame (of a type).</summary>
/// <remarks>Reads time out after <see cref="Timeout"/> only so that a broken server fails the test instead of hanging it.</remarks>
public sealed class ChatSocket : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket;

    private ChatSocket(ClientWebSocket socket, string name)
    {
        _socket = socket;
        Name = name;
    }

    /// <summary>Gets the display name asked for with <c>?name=</c>.</summary>
    public string Name { get; }

    public WebSocketState State => _socket.State;

    /// <summary>Connects as <paramref name="name"/>.</summary>
    /// <param name="host">The app.</param>
    /// <param name="name">The display name.</param>
    /// <param name="waitUntilReady">
    /// Pings and waits for the pong: the server handles frames only after it registered the connection (and
    /// joined it to <c>general</c>), so from then on the client receives every broadcast.
    /// </param>
    /// <param name="configure">Sets socket options, e.g. an <c>Origin</c> header.</param>
    public static Task<ChatSocket> ConnectAsync(IChatHost host, string name, bool waitUntilReady = true, Action<ClientWebSocketOptions>? configure = null) =>
        ConnectAsync(host.ChatUri(name), name, waitUntilReady, configure);

    /// <summary>Connects to <paramref name="uri"/> (e.g. with <c>?access_token=</c>); <paramref name="name"/> labels the client in failures.</summary>
    public static async Task<ChatSocket> ConnectAsync(Uri uri, string name, bool waitUntilReady = true, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(uri, timeout.Token);

        var client = new ChatSocket(socket, name);
        if (waitUntilReady)
        {
            await client.SendAsync(new { action = "ping" });
            await client.ReceiveAsync("pong");
        }

        return client;
    }

    /// <summary>Sends an object as a JSON text frame.</summary>
    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame));

    /// <summary>Sends a text frame as it is.</summary>
    public Task SendTextAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    /// <summary>Sends one message of any type.</summary>
    public async Task SendRawAsync(byte[] payload, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(payload, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>Joins <paramref name="room"/> and returns the <c>joined</c> reply.</summary>
    public async Task<JsonElement> JoinAsync(string room)
    {
        await SendAsync(new { action = "join", room });
        return await ReceiveAsync("joined", frame => frame.StringOf("room") == room);
    }

    /// <summary>Sends a message and returns its acknowledgement (the <c>message</c> event with its text).</summary>
    /// <param name="room">The room.</param>
    /// <param name="text">The text.</param>
    /// <param name="clientMessageId">The id to de-duplicate by; none when <see langword="null"/>.</param>
    public async Task<JsonElement> SendMessageAsync(string room, string text, string? clientMessageId = null)
    {
        await SendAsync(clientMessageId is null
            ? new { action = "sendmessage", room, text }
            : new { action = "sendmessage", room, text, clientMessageId });
        return await ReceiveAsync("message", message => message.StringOf("room") == room && message.Text() == text);
    }

    /// <summary>Reads the next frame.</summary>
    /// <exception cref="InvalidOperationException">The server closed the socket instead.</exception>
    public async Task<JsonElement> ReceiveAsync()
    {
        var (frame, close) = await ReceiveFrameAsync("the next frame");
        return frame ?? throw new InvalidOperationException($"{Name}: the server closed the socket ({close}) instead of sending a frame.");
    }

    /// <summary>Reads the next frame, or, when the server closes the socket instead, answers the close and returns its status.</summary>
    /// <remarks>Exactly one of <c>Frame</c> and <c>Close</c> is set.</remarks>
    public async Task<(JsonElement? Frame, (WebSocketCloseStatus? Status, string? Description)? Close)> ReceiveFrameOrCloseAsync()
    {
        var (frame, close) = await ReceiveFrameAsync("the next frame or the server's close");
        return frame is null ? (null, close) : (frame, null);
    }

    /// <summary>Reads frames until one has <c>type</c> <paramref name="type"/> (and matches), skipping the others.</summary>
    public async Task<JsonElement> ReceiveAsync(string type, Func<JsonElement, bool>? match = null)
    {
        var skipped = new List<string>();
        while (true)
        {
            var (frame, close) = await ReceiveFrameAsync($"a '{type}' frame (skipped so far: {Describe(skipped)})");
            if (frame is not { } received)
            {
                throw new InvalidOperationException($"{Name}: the server closed the socket ({close}) while waiting for a '{type}' frame; skipped: {Describe(skipped)}.");
            }

            if (received.Type() == type && (match is null || match(received)))
            {
                return received;
            }

            skipped.Add(received.GetRawText());
        }
    }

    /// <summary>Reads frames until the server closes the socket, answers the close, and returns its status.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description)> ReceiveCloseAsync()
    {
        while (true)
        {
            var (frame, close) = await ReceiveFrameAsync("the server's close frame");
            if (frame is null)
            {
                return close;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "Test over", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server may be gone already; the socket is disposed either way.
            }
        }

        _socket.Dispose();
    }

    /// <summary>Drops the connection without a close frame, like a client whose network or process died.</summary>
    public void Abort() => _socket.Abort();

    /// <summary>Closes the socket cleanly and waits for the server's answer, like a client going away.</summary>
    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "Bye", timeout.Token);
    }

    private async Task<(JsonElement? Frame, (WebSocketCloseStatus?, string?) Close)> ReceiveFrameAsync(string waitingFor)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var close = (_socket.CloseStatus, _socket.CloseStatusDescription);
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        // Complete the handshake so the server's session ends now rather than at its close timeout.
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                    }

                    return (null, close);
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    using var document = JsonDocument.Parse(buffer.WrittenMemory);
                    return (document.RootElement.Clone(), default);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name}: nothing arrived within {Timeout.TotalSeconds:0}s while waiting for {waitingFor}.");
        }
    }

    private static string Describe(List<string> skipped) => skipped.Count == 0 ? "none" : string.Join(", ", skipped);
}
