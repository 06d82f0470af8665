using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatRoom.ColdStart;

/// <summary>
/// Lambda's side of a custom runtime on 127.0.0.1 and a free port: the Runtime API (<c>/2018-06-01/runtime/…</c>) that
/// hands the current <see cref="EnvironmentRun"/>'s events to the bootstrap, and API Gateway's <c>@connections</c>
/// endpoint (<c>/local/@connections/{id}</c>) that the function posts its frames to.
/// </summary>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    public const string Stage = "local";

    private readonly WebApplication _app;

    private RuntimeApiServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Gets the value of <c>AWS_LAMBDA_RUNTIME_API</c>: <c>127.0.0.1:port</c>.</summary>
    public string Address { get; }

    /// <summary>Gets the management endpoint the function posts to.</summary>
    public string ConnectionsEndpoint => $"http://{Address}/{Stage}";

    /// <summary>Gets or sets the environment whose events are served; one at a time.</summary>
    public EnvironmentRun? Current { get; set; }

    public static async Task<RuntimeApiServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        RuntimeApiServer? server = null;
        EnvironmentRun Run() => server!.Current ?? throw new InvalidOperationException("No environment is running.");

        app.MapGet("/2018-06-01/runtime/invocation/next", async context =>
        {
            if (server!.Current is not { } run)
            {
                // A bootstrap asking again after its last event, while it is being stopped.
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            var (requestId, body) = await run.NextAsync(context.RequestAborted);
            var headers = context.Response.Headers;
            headers["Lambda-Runtime-Aws-Request-Id"] = requestId;
            headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddSeconds(29).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:ChatFunction";
            headers["Lambda-Runtime-Trace-Id"] = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0";
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (string id, HttpContext context) => RespondAsync(Run(), id, context, error: false));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (string id, HttpContext context) => RespondAsync(Run(), id, context, error: true));
        app.MapPost("/2018-06-01/runtime/init/error", async context =>
        {
            Run().FailInit(await ReadAsync(context));
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        app.MapPost($"/{Stage}/@connections/{{id}}", async context =>
        {
            Run().Posted(await ReadAsync(context));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });

        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        server = new RuntimeApiServer(app, $"127.0.0.1:{address.Port}");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task<IResult> RespondAsync(EnvironmentRun run, string id, HttpContext context, bool error) =>
        run.Respond(id, await ReadAsync(context), error) ? Results.Accepted() : Results.NotFound();

    private static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }
}
