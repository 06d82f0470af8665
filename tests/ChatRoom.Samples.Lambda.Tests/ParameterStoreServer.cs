using System.Collections.Concurrent;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using ChatRoom.Aws.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>
/// SSM Parameter Store's <c>GetParameter</c> on loopback, spoken as the real service speaks it (AWS JSON 1.1 over a
/// signed POST), so the function's real SDK client reads from it. Records every request it is sent.
/// </summary>
public sealed class ParameterStoreServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ParameterStoreRequest> _requests = new();
    private readonly Dictionary<string, (string Type, string Value)> _parameters;
    private WebApplication _app = null!;
    private string _url = null!;

    private ParameterStoreServer(Dictionary<string, (string Type, string Value)> parameters) => _parameters = parameters;

    /// <summary>Gets the requests received, in order.</summary>
    public IReadOnlyCollection<ParameterStoreRequest> Requests => _requests;

    /// <summary>Starts the server with the given parameters (name → type and value).</summary>
    public static async Task<ParameterStoreServer> StartAsync(Dictionary<string, (string Type, string Value)> parameters)
    {
        var server = new ParameterStoreServer(parameters);
        (server._app, server._url) = await LoopbackHttpServer.StartAsync(server.HandleAsync);
        return server;
    }

    /// <summary>A client for this server, as the function builds one but with test credentials and this endpoint.</summary>
    public IAmazonSimpleSystemsManagement CreateClient() => new AmazonSimpleSystemsManagementClient(
        new BasicAWSCredentials("test", "test"),
        new AmazonSimpleSystemsManagementConfig { ServiceURL = _url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var name = root.TryGetProperty("Name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
        var decrypt = root.TryGetProperty("WithDecryption", out var d) && d.GetBoolean();
        _requests.Enqueue(new ParameterStoreRequest(context.Request.Headers["X-Amz-Target"].ToString(), name, decrypt, context.Request.Headers.Authorization.ToString()));

        context.Response.ContentType = "application/x-amz-json-1.1";
        if (!_parameters.TryGetValue(name, out var parameter))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "ParameterNotFound", ["message"] = $"Parameter {name} not found." }));
            return;
        }

        // Without decryption the service answers a SecureString's ciphertext, never the value.
        var value = parameter.Type == "SecureString" && !decrypt ? "AQICAHh-ciphertext" : parameter.Value;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { Parameter = new { Name = name, Type = parameter.Type, Value = value, Version = 1 } }));
    }
}
