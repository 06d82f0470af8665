using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>
/// A stand-in for the API Gateway management API: Kestrel on 127.0.0.1 port 0 that records every request and answers
/// with scripted status codes (then <see cref="DefaultStatus"/>).
/// </summary>
public sealed class ScriptedGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private ScriptedGateway(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Gets the server's root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>Gets the management endpoint of stage <c>stage</c>.</summary>
    public string Endpoint => BaseUrl + "/stage";

    /// <summary>Gets or sets the status answered once the script is used up.</summary>
    public int DefaultStatus { get; set; } = 200;

    /// <summary>Gets or sets the status every DELETE is answered with, script and default aside; <see langword="null"/> (the default) for none.</summary>
    public int? DeleteStatus { get; set; }

    /// <summary>Gets or sets the JSON body of successful GET answers.</summary>
    public string GetBody { get; set; } = "{}";

    /// <summary>Gets or sets a hook run after recording and before answering, e.g. to hold requests.</summary>
    public Func<HttpContext, Task>? BeforeAnswer { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<ScriptedGateway> StartAsync()
    {
        ScriptedGateway? gateway = null;
        var (app, baseUrl) = await LoopbackHttpServer.StartAsync(context => gateway!.HandleAsync(context));
        gateway = new ScriptedGateway(app, baseUrl);
        return gateway;
    }

    /// <summary>Answers the next requests with these statuses, in order.</summary>
    public void Script(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        _requests.Enqueue(new RecordedRequest(context.Request.Method, rawTarget, headers, body.ToArray()));

        if (BeforeAnswer is { } hook)
        {
            await hook(context);
        }

        var status = DeleteStatus is { } deleteStatus && HttpMethods.IsDelete(context.Request.Method) ? deleteStatus
            : _script.TryDequeue(out var scripted) ? scripted : DefaultStatus;
        context.Response.StatusCode = status;
        if (status == 200 && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(GetBody, context.RequestAborted);
        }
        else if (status >= 400)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"message\":\"scripted\"}", context.RequestAborted);
        }
    }
}
