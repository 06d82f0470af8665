using ChatRoom.InMemory;
using Microsoft.Extensions.Primitives;

namespace ChatRoom.Samples.AspNetCore;

/// <summary>The <c>/ws</c> endpoint: checks the origin, accepts the upgrade and hands the socket to the chat host.</summary>
internal static class ChatEndpoint
{
    public static async Task HandleAsync(HttpContext context, WebSocketChatHost host, OriginPolicy origins, IHostApplicationLifetime lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This endpoint speaks WebSocket: connect with ws://host/ws?name=you.");
            return;
        }

        if (!origins.Allows(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();

        // Host shutdown closes every socket with 1001 (going away) instead of dropping it.
        await host.RunAsync(socket, ToMetadata(context), lifetime.ApplicationStopping);
    }

    private static ConnectionMetadata ToMetadata(HttpContext context)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Query)
        {
            query[name] = values.ToString();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.Count == 1 ? values[0] ?? string.Empty : StringValues.Empty.Equals(values) ? string.Empty : values.ToString();
        }

        return new ConnectionMetadata(query, headers, context.Connection.RemoteIpAddress?.ToString());
    }
}
