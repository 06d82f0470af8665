using System.Text;
using System.Text.Json;
using ChatRoom.Aws;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>The function with <c>ChatRoom__Jwt__SigningKey</c> set: tokens on <c>$connect</c>, identity and grants across invocations.</summary>
public sealed class LambdaJwtTests : IAsyncLifetime
{
    private const string SigningKey = "lambda-tests-signing-key-0123456789abcdef";
    private readonly RecordingMessenger _messenger = new();
    private ServiceProvider _services = null!;
    private Function _function = null!;

    public Task InitializeAsync()
    {
        _services = HandlerServices.Build(_messenger, [new("ChatRoom:Jwt:SigningKey", SigningKey)]);
        _function = new Function(_services);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task HandleAsync_ConnectWithoutToken_Answers401AndRegistersNothing()
    {
        var response = await InvokeAsync(Connect("c-none=", """{"name":"mallory"}"""));

        Assert.Equal(401, response.StatusCode);
        Assert.Contains("token is required", response.Body, StringComparison.Ordinal);
        Assert.Null(await _services.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-none="));
    }

    [Fact]
    public async Task HandleAsync_ConnectWithForgedToken_Answers401()
    {
        var token = Token("u-alice", "Alice", [], key: "someone-elses-signing-key-0123456789abcdef");

        var response = await InvokeAsync(Connect("c-forged=", $$"""{"access_token":"{{token}}"}"""));

        Assert.Equal(401, response.StatusCode);
        Assert.Contains("signature", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, response.Body, StringComparison.Ordinal);
        Assert.Null(await _services.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-forged="));
    }

    [Fact]
    public async Task HandleAsync_ConnectWithToken_Answers200WithTheIdentityFromClaims()
    {
        var token = Token("u-alice", "Alice", ["private.ops"]);

        var response = await InvokeAsync(Connect("c-alice=", $$"""{"access_token":"{{token}}","name":"Bob"}"""));

        Assert.Equal(200, response.StatusCode);
        var stored = await _services.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-alice=");
        Assert.NotNull(stored);
        Assert.Equal(("u-alice", "Alice", true), (stored.Member.UserId, stored.Member.Name, stored.Member.IsAuthenticated));
        Assert.Equal(["private.ops"], stored.GrantedRooms);
    }

    [Fact]
    public async Task HandleAsync_ConnectWithBearerHeader_Answers200()
    {
        var token = Token("u-cli", "Cli", []);

        var response = await InvokeAsync(Connect("c-cli=", query: null, headers: $$"""{"Authorization":"Bearer {{token}}"}"""));

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_PrivateRoomJoinInALaterInvocation_UsesTheGrantsStoredOnConnect()
    {
        await InvokeAsync(Connect("c-member=", $$"""{"access_token":"{{Token("u-member", "Member", ["private.ops"])}}"}"""));
        await InvokeAsync(Connect("c-other=", $$"""{"access_token":"{{Token("u-other", "Other", [])}}"}"""));

        await InvokeAsync(Message("c-member=", """{"action":"join","room":"private.ops"}"""));
        await InvokeAsync(Message("c-other=", """{"action":"join","room":"private.ops"}"""));

        Assert.Contains(_messenger.SentTo("c-member="), f => f.GetProperty("type").GetString() == "joined");
        var refused = Assert.Single(_messenger.SentTo("c-other="), f => f.GetProperty("type").GetString() == "error");
        Assert.Equal("forbidden", refused.GetProperty("code").GetString());
        Assert.DoesNotContain(_messenger.SentTo("c-other="), f => f.GetProperty("type").GetString() == "joined");
    }

    private async Task<WebSocketProxyResponse> InvokeAsync(byte[] json)
    {
        await using var output = await _function.HandleAsync(new MemoryStream(json));
        return JsonSerializer.Deserialize(output, WebSocketEventJsonContext.Default.WebSocketProxyResponse)!;
    }

    private static string Token(string sub, string name, string[] rooms, string key = SigningKey)
    {
        var claims = new Dictionary<string, object> { ["sub"] = sub, ["name"] = name };
        if (rooms.Length > 0)
        {
            claims["rooms"] = rooms;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static byte[] Connect(string connectionId, string? query, string? headers = null) => Encoding.UTF8.GetBytes(
        "{" + (query is null ? "" : $"\"queryStringParameters\":{query},") + (headers is null ? "" : $"\"headers\":{headers},")
        + "\"requestContext\":{\"routeKey\":\"$connect\",\"eventType\":\"CONNECT\",\"connectionId\":\"" + connectionId
        + "\",\"stage\":\"prod\",\"apiId\":\"abc123\",\"identity\":{\"sourceIp\":\"192.0.2.1\"}}}");

    private static byte[] Message(string connectionId, string body) => Encoding.UTF8.GetBytes(
        "{\"body\":" + JsonSerializer.Serialize(body) + ",\"isBase64Encoded\":false,"
        + "\"requestContext\":{\"routeKey\":\"$default\",\"eventType\":\"MESSAGE\",\"connectionId\":\"" + connectionId
        + "\",\"stage\":\"prod\",\"apiId\":\"abc123\",\"identity\":{\"sourceIp\":\"192.0.2.1\"}}}");
}
