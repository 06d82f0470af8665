using System.Text;
using Amazon.Runtime;
using ChatRoom.Aws;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.ColdStart;
using ChatRoom.ColdStart.Bootstrap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Lambda.Tests.Bootstrap;

/// <summary>
/// The custom-runtime bootstrap's loop against a real Runtime API on Kestrel: the sample's function handles real
/// events through it, and a failing handler is reported without ending the loop.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RuntimeApiLoopTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    /// <summary>Only a guard against a hang: nothing here is timed.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task RunAsync_ConnectThenPing_TheFunctionAnswersBothAndPostsThePong()
    {
        await using var api = await RuntimeApiServer.StartAsync(CancellationToken.None);
        var connectionId = "loop" + Guid.NewGuid().ToString("N")[..12] + "=";
        var run = new EnvironmentRun([Event(connectionId, "$connect", null), Event(connectionId, "$default", """{"action":"ping"}""")]);
        api.Current = run;
        await using var services = await BuildFunctionServicesAsync(api);
        var function = new Function(services);

        using var stop = new CancellationTokenSource();
        using var http = RuntimeApiLoop.CreateClient(api.Address);
        var loop = new RuntimeApiLoop(http).RunAsync(function.HandleAsync, stop.Token);

        var connected = await AnsweredAsync(run, 0, loop);
        var pinged = await AnsweredAsync(run, 1, loop);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(Hang));

        Assert.Contains("\"statusCode\":200", connected.Body, StringComparison.Ordinal);
        Assert.Contains("\"statusCode\":200", pinged.Body, StringComparison.Ordinal);
        Assert.Contains(run.Posts, p => p.Contains("\"type\":\"pong\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_PostsAnInvocationErrorAndHandlesTheNextEvent()
    {
        await using var api = await RuntimeApiServer.StartAsync(CancellationToken.None);
        var run = new EnvironmentRun([Encoding.UTF8.GetBytes("""{"fail":true}"""), Encoding.UTF8.GetBytes("""{"fail":false}""")]);
        api.Current = run;
        static async Task<Stream> Handler(Stream input)
        {
            using var reader = new StreamReader(input);
            return (await reader.ReadToEndAsync()).Contains("true", StringComparison.Ordinal)
                ? throw new FormatException("bad event")
                : new MemoryStream("""{"statusCode":200}"""u8.ToArray());
        }

        using var stop = new CancellationTokenSource();
        using var http = RuntimeApiLoop.CreateClient(api.Address);
        var loop = new RuntimeApiLoop(http).RunAsync(Handler, stop.Token);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => AnsweredAsync(run, 0, loop));
        var next = await AnsweredAsync(run, 1, loop);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(Hang));

        Assert.Contains("\"errorType\":\"System.FormatException\"", failed.Message, StringComparison.Ordinal);
        Assert.Contains("\"errorMessage\":\"bad event\"", failed.Message, StringComparison.Ordinal);
        Assert.Equal("""{"statusCode":200}""", next.Body);
    }

    /// <summary>The answer to event <paramref name="index"/>; if the loop ends first, its exception (or that it ended) fails the test at once.</summary>
    private static async Task<(TimeSpan At, string Body)> AnsweredAsync(EnvironmentRun run, int index, Task loop)
    {
        var response = run.ResponseAsync(run.RequestIds[index]);
        if (await Task.WhenAny(response, loop).WaitAsync(Hang) == loop)
        {
            await loop;
            Assert.Fail($"The loop ended before it answered event {index}.");
        }

        return await response;
    }

    /// <summary>The function as the bootstrap builds it, on dynalite and posting to the Runtime API server's <c>@connections</c>.</summary>
    private async Task<ServiceProvider> BuildFunctionServicesAsync(RuntimeApiServer api)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatRoom:DynamoDb:ServiceUrl"] = dynalite.ServiceUrl,
            ["ChatRoom:DynamoDb:TableName"] = "loop-" + Guid.NewGuid().ToString("N")[..8],
            ["ChatRoom:ApiGateway:Endpoint"] = api.ConnectionsEndpoint,
            ["ChatRoom:ApiGateway:Region"] = "us-east-1",
            ["Logging:LogLevel:Default"] = "Warning",
        }).Build();
        var services = LambdaServices.Build(configuration, s => s.Configure<ApiGatewayMessengerOptions>(o => o.Credentials = new BasicAWSCredentials("local", "local")));
        await services.EnsureChatRoomTableAsync();
        return services;
    }

    private static byte[] Event(string connectionId, string routeKey, string? body)
    {
        var eventType = routeKey == "$connect" ? "CONNECT" : "MESSAGE";
        var json = "{\"requestContext\":{\"routeKey\":\"" + routeKey + "\",\"eventType\":\"" + eventType + "\",\"connectionId\":\"" + connectionId
            + "\",\"stage\":\"local\",\"apiId\":\"abc123\",\"domainName\":\"" + ConnectEvents.ApiHost + "\",\"requestId\":\"" + Guid.NewGuid().ToString("N")
            + "\"},\"queryStringParameters\":{\"name\":\"alice\"}" + (body is null ? string.Empty : ",\"body\":" + System.Text.Json.JsonSerializer.Serialize(body)) + "}";
        return Encoding.UTF8.GetBytes(json);
    }
}
