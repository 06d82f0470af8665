using System.Text;
using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using ChatRoom.Aws;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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

        var accepted = await InvokeAsync(function, Connect("c-alice=", Token(SigningKey)));
        var forged = await InvokeAsync(function, Connect("c-mallory=", Token("someone-elses-signing-key-0123456789abcdef")));
        var again = await InvokeAsync(function, Connect("c-bob=", Token(SigningKey)));

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

    private static async Task<WebSocketProxyResponse> InvokeAsync(Function function, byte[] json)
    {
        await using var output = await function.HandleAsync(new MemoryStream(json));
        return JsonSerializer.Deserialize(output, WebSocketEventJsonContext.Default.WebSocketProxyResponse)!;
    }

    private static string Token(string key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Claims = new Dictionary<string, object> { ["sub"] = "u-1", ["name"] = "Alice" },
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });

    private static byte[] Connect(string connectionId, string token) => Encoding.UTF8.GetBytes(
        "{\"queryStringParameters\":{\"access_token\":\"" + token + "\"},"
        + "\"requestContext\":{\"routeKey\":\"$connect\",\"eventType\":\"CONNECT\",\"connectionId\":\"" + connectionId
        + "\",\"stage\":\"prod\",\"apiId\":\"abc123\",\"identity\":{\"sourceIp\":\"192.0.2.1\"}}}");
}
