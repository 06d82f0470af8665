using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace ChatRoom.Client.Internal;

/// <summary>One WebSocket: a single writer loop (ClientWebSocket allows one send at a time) and a receive loop.</summary>
internal sealed class ClientConnection : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);
    private readonly ClientWebSocket _socket;
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private ClientConnection(ClientWebSocket socket)
    {
        _socket = socket;
        _writer = WriteLoopAsync();
    }

    /// <summary>Opens a socket to the server in <paramref name="options"/>, with its name and token.</summary>
    /// <exception cref="ChatClientException">The upgrade was refused with HTTP 401.</exception>
    public static async Task<ClientConnection> ConnectAsync(ChatClientOptions options, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.CollectHttpResponseDetails = true;
            if (options.AccessToken is { Length: > 0 } token && options.SendAccessTokenInHeader)
            {
                socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            }

            options.ConfigureWebSocket?.Invoke(socket.Options);
            await socket.ConnectAsync(ConnectUri(options), cancellationToken).ConfigureAwait(false);
            return new ClientConnection(socket);
        }
        catch (WebSocketException ex) when (socket.HttpStatusCode == HttpStatusCode.Unauthorized)
        {
            socket.Dispose();
            throw new ChatClientException(ChatClientException.Unauthenticated, "The server refused the connection with HTTP 401: the token is missing or bad.", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Queues a frame; false once the connection is closing.</summary>
    public bool TrySend(byte[] frame) => _outbound.Writer.TryWrite(frame);

    /// <summary>Reads frames until the socket closes; returns the close status (null when the socket broke).</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description, Exception? Error)> ReceiveAsync(Action<ReadOnlyMemory<byte>> onFrame)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (_socket.CloseStatus, _socket.CloseStatusDescription, null);
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    if (result.MessageType == WebSocketMessageType.Text)
                    {
                        onFrame(buffer.AsMemory(0, length));
                    }

                    length = 0;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return (null, null, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends what is queued, then a normal close; aborts when the server does not finish the handshake in time.</summary>
    public async Task CloseAsync()
    {
        _outbound.Writer.TryComplete();
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await _writer.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    /// <summary>Aborts the socket: the receive loop ends at once.</summary>
    public void Abort()
    {
        _outbound.Writer.TryComplete();
        _socket.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _writer.ConfigureAwait(false);
        _socket.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The receive loop sees the broken socket and reports it; what was queued is resent after the reconnect.
            _socket.Abort();
        }
    }

    /// <summary>The server address with the name and, unless it goes in a header, the token in the query.</summary>
    private static Uri ConnectUri(ChatClientOptions options)
    {
        var builder = new UriBuilder(options.Url!);
        var query = builder.Query.TrimStart('?');
        if (!string.IsNullOrEmpty(options.Name))
        {
            query = Append(query, "name", options.Name);
        }

        if (options.AccessToken is { Length: > 0 } token && !options.SendAccessTokenInHeader)
        {
            query = Append(query, "access_token", token);
        }

        builder.Query = query;
        return builder.Uri;

        static string Append(string query, string key, string value) =>
            (query.Length == 0 ? string.Empty : query + "&") + key + "=" + Uri.EscapeDataString(value);
    }
}
