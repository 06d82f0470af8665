using ChatRoom.Aws;
using Microsoft.Extensions.DependencyInjection;

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
        var response = await InvokeAsync(TokenEvents.Connect("c-none=", """{"name":"mallory"}"""));

        Assert.Equal(401, response.StatusCode);
        Assert.Contains("token is required", response.Body, StringComparison.Ordinal);
        Assert.Null(await _services.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-none="));
    }

    [Fact]
    public async Task HandleAsync_ConnectWithForgedToken_Answers401()
    {
        var token = Token("u-alice", "Alice", [], key: "someone-elses-signing-key-0123456789abcdef");

        var response = await InvokeAsync(TokenEvents.Connect("c-forged=", $$"""{"access_token":"{{token}}"}"""));

        Assert.Equal(401, response.StatusCode);
        Assert.Contains("signature", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, response.Body, StringComparison.Ordinal);
        Assert.Null(await _services.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-forged="));
    }

    [Fact]
    public async Task HandleAsync_ConnectWithToken_Answers200WithTheIdentityFromClaims()
    {
        var token = Token("u-alice", "Alice", ["private.ops"]);

        var response = await InvokeAsync(TokenEvents.Connect("c-alice=", $$"""{"access_token":"{{token}}","name":"Bob"}"""));

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

        var response = await InvokeAsync(TokenEvents.Connect("c-cli=", query: null, headers: $$"""{"Authorization":"Bearer {{token}}"}"""));

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_PrivateRoomJoinInALaterInvocation_UsesTheGrantsStoredOnConnect()
    {
        await InvokeAsync(TokenEvents.Connect("c-member=", $$"""{"access_token":"{{Token("u-member", "Member", ["private.ops"])}}"}"""));
        await InvokeAsync(TokenEvents.Connect("c-other=", $$"""{"access_token":"{{Token("u-other", "Other", [])}}"}"""));

        await InvokeAsync(TokenEvents.Message("c-member=", """{"action":"join","room":"private.ops"}"""));
        await InvokeAsync(TokenEvents.Message("c-other=", """{"action":"join","room":"private.ops"}"""));

        Assert.Contains(_messenger.SentTo("c-member="), f => f.GetProperty("type").GetString() == "joined");
        var refused = Assert.Single(_messenger.SentTo("c-other="), f => f.GetProperty("type").GetString() == "error");
        Assert.Equal("forbidden", refused.GetProperty("code").GetString());
        Assert.DoesNotContain(_messenger.SentTo("c-other="), f => f.GetProperty("type").GetString() == "joined");
    }

    private Task<WebSocketProxyResponse> InvokeAsync(byte[] json) => TokenEvents.InvokeAsync(_function, json);

    private static string Token(string sub, string name, string[] rooms, string key = SigningKey) => TokenEvents.Token(key, sub, name, rooms);
}
