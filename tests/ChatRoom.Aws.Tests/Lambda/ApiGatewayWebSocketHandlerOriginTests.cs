using ChatRoom.Aws.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static ChatRoom.Aws.Tests.Lambda.ConnectEvents;

namespace ChatRoom.Aws.Tests.Lambda;

/// <summary>
/// The origin check on <c>$connect</c> (<c>ChatRoom:AllowedOrigins</c>): API Gateway does not check <c>Origin</c>, so
/// the handler does, before the engine or any store is touched.
/// </summary>
public sealed class ApiGatewayWebSocketHandlerOriginTests
{
    private readonly RecordingMessenger _messenger = new();

    [Theory]
    [InlineData(null, "https", 200)]
    [InlineData("https://" + ApiHost, "https", 200)]
    [InlineData("HTTPS://ABC123.execute-api.eu-west-1.amazonaws.com:443", "https", 200)]
    [InlineData("https://" + ApiHost, null, 200)] // no X-Forwarded-Proto: API Gateway is https only
    [InlineData("http://" + ApiHost, "https", 403)]
    [InlineData("https://evil.example", "https", 403)]
    [InlineData("https://abc123.execute-api.eu-west-1.amazonaws.com.evil.example", "https", 403)]
    [InlineData("null", "https", 403)]
    [InlineData("file://", "https", 403)]
    public async Task HandleAsync_ConnectWithOrigin_NoListConfigured_AdmitsSameOriginOrNone(string? origin, string? forwardedProto, int expected)
    {
        await using var services = LambdaEntryServices.Build(_messenger);

        var response = await ConnectAsync(services, "c-origin=", Headers(origin, ApiHost, forwardedProto));

        Assert.Equal(expected, response.StatusCode);
        var registered = await services.GetRequiredService<IConnectionStore>().GetConnectionAsync("c-origin=");
        Assert.Equal(expected == 200, registered is not null);
    }

    [Theory]
    [InlineData("ChatRoom:AllowedOrigins", "https://app.example, https://other.example/")] // the template's one variable
    [InlineData("ChatRoom:AllowedOrigins:0", "https://app.example")] // ChatRoom__AllowedOrigins__0
    public async Task HandleAsync_ConnectWithOrigin_ListConfigured_AdmitsOnlyListedOriginsOrNone(string key, string value)
    {
        await using var services = LambdaEntryServices.Build(_messenger, [new(key, value)]);

        var listed = await ConnectAsync(services, "c-listed=", Headers("https://app.example", ApiHost, "https"));
        var none = await ConnectAsync(services, "c-none=", Headers(null, ApiHost, "https"));
        var apiOwn = await ConnectAsync(services, "c-own=", Headers("https://" + ApiHost, ApiHost, "https"));
        var other = await ConnectAsync(services, "c-other=", Headers("https://app.example.evil.example", ApiHost, "https"));

        Assert.Equal([200, 200, 403, 403], new[] { listed.StatusCode, none.StatusCode, apiOwn.StatusCode, other.StatusCode });
    }

    [Fact]
    public async Task HandleAsync_OriginListedInCode_IsAdmittedAndOthersRefused()
    {
        await using var services = LambdaEntryServices.Build(_messenger, configure: s => s.AddChatRoom().AddApiGatewayWebSocketHandler(o => o.AllowedOrigins.Add("https://code.example")));

        var listed = await ConnectAsync(services, "c-code=", Headers("https://code.example", ApiHost, "https"));
        var other = await ConnectAsync(services, "c-code-other=", Headers("https://other.example", ApiHost, "https"));

        Assert.Equal([200, 403], new[] { listed.StatusCode, other.StatusCode });
    }

    [Fact]
    public async Task HandleAsync_ConnectWithLowerCaseHeaderNames_ReadsThemAll()
    {
        await using var services = LambdaEntryServices.Build(_messenger);
        var headers = $$"""{"origin":"http://127.0.0.1:5090","host":"127.0.0.1:5090","x-forwarded-proto":"http"}""";

        var response = await ConnectAsync(services, "c-lower=", headers);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public void AllowedOrigins_CommaSeparatedValueAndArray_AreBothRead()
    {
        var chat = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatRoom:AllowedOrigins"] = " https://a.example ,, https://b.example",
            ["ChatRoom:AllowedOrigins:0"] = "https://c.example",
        }).Build().GetSection("ChatRoom");

        Assert.Equal(["https://a.example", "https://b.example", "https://c.example"], AllowedOriginsSetting.Read(chat));
    }

    [Theory]
    [InlineData("chat.example.com")]
    [InlineData("https://chat.example.com/page")]
    [InlineData("https://chat.example.com?x=1")]
    [InlineData("null")]
    public void GetService_AllowedOriginThatIsNotAnOrigin_FailsNamingTheSetting(string entry)
    {
        using var services = LambdaEntryServices.Build(_messenger, [new("ChatRoom:AllowedOrigins:0", entry)]);

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ApiGatewayWebSocketHandler>());

        Assert.Contains("ChatRoom:AllowedOrigins", error.Message, StringComparison.Ordinal);
        Assert.Contains(entry, error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebSocketProxyResponse> ConnectAsync(ServiceProvider services, string connectionId, string headers)
    {
        await using var output = await services.GetRequiredService<ApiGatewayWebSocketHandler>().HandleAsync(new MemoryStream(ConnectEvents.Connect(connectionId, headers)));
        return ConnectEvents.ReadResponse(output);
    }
}
