using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.AwsCost;

/// <summary>
/// Counts the requests the local gateway's <c>@connections</c> API receives, by method (and 410s separately), before
/// the gateway answers them: what API Gateway would meter as messages sent to clients.
/// </summary>
internal sealed class ConnectionsApiMeter : IStartupFilter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _connections = new(StringComparer.Ordinal);

    public RequestTally Tally { get; } = new();

    /// <summary>Gets how many TCP connections have carried <c>@connections</c> requests since the gateway started: what the function opened.</summary>
    public int Connections => _connections.Count;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var isConnectionsApi = context.Request.Path.Value?.Contains("/@connections/", StringComparison.Ordinal) == true;
            await nextMiddleware(context);
            if (isConnectionsApi)
            {
                _connections.TryAdd(context.Connection.Id, 0);
                Tally.Add(context.Response.StatusCode == StatusCodes.Status410Gone ? context.Request.Method + " 410" : context.Request.Method);
            }
        });
        next(app);
    };
}
