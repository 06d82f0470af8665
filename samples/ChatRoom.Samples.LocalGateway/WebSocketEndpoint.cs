using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// The client side of the gateway, like API Gateway's: <c>$connect</c> before the upgrade (non-2xx refuses it with that
/// status), one <c>MESSAGE</c> invocation per text frame, started in order without waiting for the previous one, and
/// <c>$disconnect</c> when the connection ends and all its <c>MESSAGE</c> invocations have finished.
/// </summary>
internal sealed partial class WebSocketEndpoint(
    LambdaHost lambda,
    ConnectionRegistry connections,
    ProxyEventWriter events,
    IOptions<LocalGatewayOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<WebSocketEndpoint> logger)
{
    /// <summary>The body of the 503 that refuses upgrades while the gateway starts.</summary>
    public const string NotReadyMessage = "The local gateway is starting: the Lambda function is not ready yet. Retry in a second.";

    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            await context.Response.WriteAsync($"This is a WebSocket API: connect with ws://{context.Request.Host}/{options.Value.Stage}?name=you");
            return;
        }

        if (!lambda.IsReady)
        {
            // Kestrel listens before the first execution environment is built and the table exists.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync(NotReadyMessage);
            return;
        }

        using var connection = new GatewayConnection(
            ProxyEventWriter.NewId(),
            timeProvider.GetUtcNow(),
            context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent.ToString() : null,
            context.Request.Host.Value ?? "localhost");

        // Registered before $connect, as on API Gateway: frames posted to it meanwhile wait for the upgrade.
        connections.TryAdd(connection);
        var status = await lambda.InvokeAsync(events.Connect(connection, context.Request));
        if (status is < 200 or > 299)
        {
            connections.Remove(connection);
            Log.Refused(logger, connection.Id, status);
            context.Response.StatusCode = status;
            return;
        }

        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync();
        }
        catch
        {
            connections.Remove(connection);
            await lambda.InvokeAsync(events.Disconnect(connection, 1006, "Connection closed abnormally"));
            throw;
        }

        using (socket)
        using (var invocations = new ConnectionInvocations(options.Value.MaxConcurrency))
        {
            var (code, reason, clean) = await RunAsync(connection, socket, invocations);
            connections.Remove(connection);

            // API Gateway sends $disconnect after the connection's messages, never in the middle of one.
            await invocations.WhenAllAsync();
            if (!clean && options.Value.SimulateLostDisconnects)
            {
                Log.DisconnectDropped(logger, connection.Id);
                return;
            }

            await lambda.InvokeAsync(events.Disconnect(connection, code, reason));
        }
    }

    private async Task<(int Code, string Reason, bool Clean)> RunAsync(GatewayConnection connection, WebSocket socket, ConnectionInvocations invocations)
    {
        using var aborted = new CancellationTokenSource();

        // Shutting down closes with 1001 (going away), as API Gateway does on a deployment, instead of dropping the socket.
        using var stopping = lifetime.ApplicationStopping.Register(static state =>
            ((GatewayConnection)state!).RequestClose(WebSocketCloseStatus.EndpointUnavailable, "Going away"), connection);
        var writer = connection.RunWriterAsync(socket, timeProvider, aborted.Token);
        var watchdog = WatchAsync(connection, aborted.Token);
        (int, string, bool) result;
        try
        {
            result = await ReadAsync(connection, socket, invocations, aborted.Token);
        }
        finally
        {
            // From now on @connections answers 410 for it, as API Gateway does for a dead connection.
            connections.Remove(connection);
            connection.Complete();
        }

        // Give the writer the time of a close handshake to flush the close frame, then drop the socket.
        await Task.WhenAny(writer, Task.Delay(CloseHandshakeTimeout, timeProvider));
        await aborted.CancelAsync();
        await watchdog;
        return result;
    }

    private async Task<(int Code, string Reason, bool Clean)> ReadAsync(GatewayConnection connection, WebSocket socket, ConnectionInvocations invocations, CancellationToken aborted)
    {
        var gateway = options.Value;
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await ReceiveAsync(connection, socket, buffer, aborted);
                    if (buffer.WrittenCount > gateway.MaxFrameBytes && connection.CloseRequest is null)
                    {
                        connection.RequestClose(WebSocketCloseStatus.MessageTooBig, "Message too big");
                    }
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    // Either the client's close, or its answer to ours.
                    return connection.CloseRequest is { } ours
                        ? ((int)ours.Status, ours.Reason, true)
                        : ((int?)socket.CloseStatus ?? 1005, socket.CloseStatusDescription ?? string.Empty, true);
                }

                if (connection.CloseRequest is not null)
                {
                    continue; // closing: drop frames until the client answers the close
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    connection.RequestClose(WebSocketCloseStatus.InvalidMessageType, "Binary frames are not supported");
                    continue;
                }

                connection.Touch(timeProvider.GetUtcNow());
                var body = Encoding.UTF8.GetString(buffer.WrittenSpan);
                var proxyEvent = events.Message(connection, RouteSelector.Select(buffer.WrittenSpan, options.Value.MessageRoutes), body);
                await invocations.StartAsync(() => InvokeMessageAsync(connection.Id, proxyEvent), aborted);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // After our own close frame a client that never answers still ended cleanly from the gateway's view.
            return connection.CloseRequest is { } ours
                ? ((int)ours.Status, ours.Reason, true)
                : (1006, "Connection closed abnormally", false);
        }
    }

    private async Task InvokeMessageAsync(string connectionId, byte[] proxyEvent)
    {
        var status = await lambda.InvokeAsync(proxyEvent);
        if (status is < 200 or > 299)
        {
            Log.MessageFailed(logger, connectionId, status);
        }
    }

    private static async Task<ValueWebSocketReceiveResult> ReceiveAsync(GatewayConnection connection, WebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken aborted)
    {
        if (connection.CloseRequest is null)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), aborted);
            buffer.Advance(result.Count);
            return result;
        }

        // After our close frame, wait for the client's answer only so long.
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        handshake.CancelAfter(CloseHandshakeTimeout);
        var scratch = new byte[4096];
        return await socket.ReceiveAsync(scratch.AsMemory(), handshake.Token);
    }

    /// <summary>Closes the connection with 1001 when it has been idle too long or open too long.</summary>
    private async Task WatchAsync(GatewayConnection connection, CancellationToken aborted)
    {
        var gateway = options.Value;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, connection.CloseRequested);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var now = timeProvider.GetUtcNow();
                var idleAt = connection.LastActiveAt + gateway.IdleTimeout;
                var expiresAt = connection.ConnectedAt + gateway.MaxConnectionDuration;
                if (now >= expiresAt)
                {
                    connection.RequestClose(WebSocketCloseStatus.EndpointUnavailable, "Going away");
                    return;
                }

                if (now >= idleAt)
                {
                    connection.RequestClose(WebSocketCloseStatus.EndpointUnavailable, "Going away");
                    return;
                }

                var wait = (idleAt < expiresAt ? idleAt : expiresAt) - now;
                await Task.Delay(wait, timeProvider, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Closed or closing.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "$connect refused {ConnectionId} with {StatusCode}")]
        public static partial void Refused(ILogger logger, string connectionId, int statusCode);

        [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "The function answered {StatusCode} to a message from {ConnectionId}")]
        public static partial void MessageFailed(ILogger logger, string connectionId, int statusCode);

        [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "{ConnectionId} dropped without a close frame; $disconnect skipped (LocalGateway:SimulateLostDisconnects)")]
        public static partial void DisconnectDropped(ILogger logger, string connectionId);
    }
}
