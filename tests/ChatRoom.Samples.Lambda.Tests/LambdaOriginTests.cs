using ChatRoom.Aws;
using Microsoft.Extensions.DependencyInjection;
using static ChatRoom.Aws.Tests.Lambda.ConnectEvents;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>
/// The function's origin check as the sample composes it: before the JWT check, and a bad origin fails the cold start.
/// The rule itself is tested with the handler in ChatRoom.Aws.Tests.
/// </summary>
public sealed class LambdaOriginTests
{
    private readonly RecordingMessenger _messenger = new();

    [Fact]
    public async Task HandleAsync_ConnectFromAForeignOrigin_Answers403BeforeTheEngineAndSendsNothing()
    {
        // With tokens required, an engine that ran first would answer 401; the origin check answers before it.
        await using var services = HandlerServices.Build(_messenger, [new("ChatRoom:Jwt:SigningKey", "lambda-origin-tests-signing-key-0123456789")]);

        var response = await ConnectAsync(services, "c-evil=", Headers("https://evil.example", ApiHost, "https"));

        Assert.Equal(403, response.StatusCode);
        Assert.Contains("ChatRoom:AllowedOrigins", response.Body, StringComparison.Ordinal);
        Assert.Empty(_messenger.SentTo("c-evil="));
        Assert.Null(await services.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-evil="));
    }

    [Theory]
    [InlineData("chat.example.com")]
    [InlineData("https://chat.example.com/page")]
    [InlineData("https://chat.example.com?x=1")]
    [InlineData("null")]
    public void Build_AllowedOriginThatIsNotAnOrigin_FailsTheColdStartNamingTheSetting(string entry)
    {
        var error = Assert.Throws<InvalidOperationException>(() => HandlerServices.Build(_messenger, [new("ChatRoom:AllowedOrigins:0", entry)]));

        Assert.Contains("ChatRoom:AllowedOrigins", error.Message, StringComparison.Ordinal);
        Assert.Contains(entry, error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebSocketProxyResponse> ConnectAsync(ServiceProvider services, string connectionId, string headers)
    {
        await using var output = await new Function(services).HandleAsync(new MemoryStream(ConnectEvents.Connect(connectionId, headers)));
        return ConnectEvents.ReadResponse(output);
    }
}
