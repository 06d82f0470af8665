using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// Sits in front of the local gateway's <c>@connections</c> API (as a startup filter, so the sample itself has no fault
/// switch) and, while armed, answers each connection's next POSTs with a scripted burst of statuses (e.g. 429 then 500)
/// before letting its requests through to the real API, as API Gateway does under throttling or an internal error.
/// </summary>
public sealed class ConnectionsApiFaults : IStartupFilter
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string ConnectionPath, int Status)> _served = new();
    private volatile int[] _burst = [];

    /// <summary>Gets the faults served so far: the request path and the status.</summary>
    public IReadOnlyCollection<(string ConnectionPath, int Status)> Served => _served;

    /// <summary>From now on, each connection's next POSTs get <paramref name="burst"/>, one status per attempt, then pass.</summary>
    public void Arm(params int[] burst)
    {
        _attempts.Clear();
        _burst = burst;
    }

    /// <summary>Lets every request through again.</summary>
    public void Disarm() => _burst = [];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var burst = _burst;
            var path = context.Request.Path.Value ?? string.Empty;
            if (burst.Length > 0 && HttpMethods.IsPost(context.Request.Method) && path.Contains("/@connections/", StringComparison.Ordinal))
            {
                var attempt = _attempts.AddOrUpdate(path, 1, static (_, n) => n + 1);
                if (attempt <= burst.Length)
                {
                    _served.Enqueue((path, burst[attempt - 1]));
                    context.Response.StatusCode = burst[attempt - 1];
                    await context.Response.WriteAsJsonAsync(new { message = "injected fault" });
                    return;
                }
            }

            await nextMiddleware(context);
        });
        next(app);
    };
}
