using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>The function with <c>ChatRoom__Jwt__SigningKeyParameter</c>: the key comes from an SSM SecureString, read once at the cold start.</summary>
public sealed class LambdaSigningKeyParameterTests : IAsyncLifetime
{
    private const string ParameterName = "/chatroom/jwt-signing-key";
    private const string SigningKey = "ssm-held-signing-key-0123456789abcdef";
    private readonly RecordingMessenger _messenger = new();
    private ParameterStoreServer _store = null!;

    public async Task InitializeAsync() => _store = await ParameterStoreServer.StartAsync(new()
    {
        [ParameterName] = ("SecureString", SigningKey),
        ["/chatroom/plain"] = ("String", SigningKey),
        ["/chatroom/short"] = ("SecureString", "too-short-for-hmac"),
    });

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Build_WithParameter_ReadsTheDecryptedKeyOnceWithASignedGetParameter()
    {
        await using var services = Build(ParameterName);
        var function = new Function(services);

        var accepted = await TokenEvents.InvokeAsync(function, Connect("c-alice=", SigningKey));
        var forged = await TokenEvents.InvokeAsync(function, Connect("c-mallory=", "someone-elses-signing-key-0123456789abcdef"));
        var again = await TokenEvents.InvokeAsync(function, Connect("c-bob=", SigningKey));

        Assert.Equal((200, 401, 200), (accepted.StatusCode, forged.StatusCode, again.StatusCode));
        var request = Assert.Single(_store.Requests);
        Assert.Equal(("AmazonSSM.GetParameter", ParameterName, true), (request.Target, request.Name, request.WithDecryption));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=test/", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("/ssm/aws4_request", request.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ParameterMissing_FailsTheColdStartNamingTheParameter()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build("/chatroom/missing").Dispose());

        Assert.Contains("'/chatroom/missing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ChatRoom:Jwt:SigningKeyParameter", error.Message, StringComparison.Ordinal);
        Assert.Contains("ParameterNotFound", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PlainStringParameter_IsRefusedAsNotASecureString()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build("/chatroom/plain").Dispose());

        Assert.Contains("SecureString", error.Message, StringComparison.Ordinal);
        Assert.Contains("'/chatroom/plain'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ParameterHoldsAShortKey_FailsTheColdStartAsAnyShortKeyDoes()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build("/chatroom/short").Dispose());

        Assert.Contains("ChatRoom:Jwt:SigningKey is too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_KeyAndParameterBothSet_FailsWithoutReadingTheParameter()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(ParameterName, [new("ChatRoom:Jwt:SigningKey", SigningKey)]).Dispose());

        Assert.Contains("ChatRoom:Jwt:SigningKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("ChatRoom:Jwt:SigningKeyParameter", error.Message, StringComparison.Ordinal);
        Assert.Empty(_store.Requests);
    }

    private ServiceProvider Build(string parameterName, KeyValuePair<string, string?>[]? more = null) =>
        HandlerServices.Build(
            _messenger,
            [new("ChatRoom:Jwt:SigningKeyParameter", parameterName), .. more ?? []],
            services => services.AddSingleton<IAmazonSimpleSystemsManagement>(_store.CreateClient()));

    private static byte[] Connect(string connectionId, string key) =>
        TokenEvents.Connect(connectionId, $$"""{"access_token":"{{TokenEvents.Token(key, "u-1", "Alice", [])}}"}""");
}
