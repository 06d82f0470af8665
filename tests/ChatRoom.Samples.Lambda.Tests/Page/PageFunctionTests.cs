using System.Text.Json;
using ChatRoom.Samples.Lambda.Page;
using Microsoft.Extensions.Configuration;
using static ChatRoom.Samples.Lambda.Tests.Page.PageEvents;

namespace ChatRoom.Samples.Lambda.Tests.Page;

/// <summary>The page function on HTTP API events: the sample's page with its headers, ETags, the config answer, and clear refusals.</summary>
public sealed class PageFunctionTests
{
    private const string ChatUrl = "wss://abc123.execute-api.eu-west-1.amazonaws.com/prod";

    private readonly PageFunction _function = new(new PageOptions { WebSocketUrl = ChatUrl });

    [Fact]
    public async Task HandleAsync_RootOnTheDocumentedEvent_ServesIndexHtmlWithItsSecurityHeaders()
    {
        var answer = await InvokeAsync(_function, Request("GET", "/"));

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("text/html; charset=utf-8", answer.Header("Content-Type"));
        Assert.Contains("<title>ChatRoom</title>", answer.Body, StringComparison.Ordinal);
        Assert.False(answer.IsBase64Encoded);
        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options"));
        Assert.Equal("no-cache", answer.Header("Cache-Control"));
        Assert.Equal(
            "default-src 'self'; connect-src 'self' wss://abc123.execute-api.eu-west-1.amazonaws.com; img-src 'self' data:; object-src 'none'; base-uri 'none'",
            answer.Header("Content-Security-Policy"));
        Assert.Matches("^\"[0-9a-f]{32}\"$", answer.Header("ETag"));
    }

    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    [InlineData("chatroom-client.js", "text/javascript; charset=utf-8")]
    [InlineData("styles.css", "text/css; charset=utf-8")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task HandleAsync_EachPageFile_ServesTheSamplesFileWithItsContentType(string file, string contentType)
    {
        var answer = await InvokeAsync(_function, Request("GET", "/" + file));

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(contentType, answer.Header("Content-Type"));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(SampleWwwroot(), file)), answer.Body);
    }

    [Fact]
    public async Task HandleAsync_MatchingIfNoneMatch_Answers304WithoutABody()
    {
        var etag = (await InvokeAsync(_function, Request("GET", "/app.js"))).Header("ETag");

        foreach (var ifNoneMatch in new[] { etag, "W/" + etag, "\"other\", " + etag, "*" })
        {
            var answer = await InvokeAsync(_function, Request("GET", "/app.js", new Dictionary<string, string> { ["if-none-match"] = ifNoneMatch }));

            Assert.Equal(304, answer.StatusCode);
            Assert.Equal(string.Empty, answer.Body);
            Assert.Equal(etag, answer.Header("ETag"));
            Assert.Equal("no-cache", answer.Header("Cache-Control"));
        }
    }

    [Fact]
    public async Task HandleAsync_OtherIfNoneMatch_Answers200WithTheFile()
    {
        var answer = await InvokeAsync(_function, Request("GET", "/app.js", new Dictionary<string, string> { ["if-none-match"] = "\"0123\"" }));

        Assert.Equal(200, answer.StatusCode);
        Assert.NotEmpty(answer.Body);
    }

    [Fact]
    public async Task HandleAsync_ETags_SameForTheSameContentAcrossColdStartsAndDifferentPerFile()
    {
        var other = new PageFunction(new PageOptions());

        var app = (await InvokeAsync(_function, Request("GET", "/app.js"))).Header("ETag");
        var again = (await InvokeAsync(other, Request("GET", "/app.js"))).Header("ETag");
        var styles = (await InvokeAsync(_function, Request("GET", "/styles.css"))).Header("ETag");

        Assert.Equal(app, again);
        Assert.NotEqual(app, styles);
        Assert.Equal((await InvokeAsync(_function, Request("GET", "/index.html"))).Header("ETag"), (await InvokeAsync(_function, Request("GET", "/"))).Header("ETag"));
    }

    [Fact]
    public async Task HandleAsync_Head_SameHeadersAsGetWithoutABody()
    {
        var get = await InvokeAsync(_function, Request("GET", "/styles.css"));
        var head = await InvokeAsync(_function, Request("HEAD", "/styles.css"));

        Assert.Equal(200, head.StatusCode);
        Assert.Equal(string.Empty, head.Body);
        Assert.Equal(get.Headers.OrderBy(h => h.Key, StringComparer.Ordinal), head.Headers.OrderBy(h => h.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_Config_AnswersTheUrlTokensAndKeepAliveUncached()
    {
        var function = new PageFunction(new PageOptions { WebSocketUrl = ChatUrl, Tokens = true, TokenRequired = true, KeepAliveSeconds = 300 });

        var answer = await InvokeAsync(function, Request("GET", "/config"));

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("application/json; charset=utf-8", answer.Header("Content-Type"));
        Assert.Equal("no-store", answer.Header("Cache-Control"));
        Assert.Equal(string.Empty, answer.Header("ETag"));
        Assert.Equal($$"""{"webSocketUrl":"{{ChatUrl}}","tokens":true,"tokenRequired":true,"keepAliveSeconds":300}""", answer.Body);
    }

    [Fact]
    public async Task HandleAsync_ConfigWithoutAUrl_NoUrlSoThePageUsesWsAndTheCspAdmitsAnySocket()
    {
        var function = new PageFunction(new PageOptions());

        var answer = await InvokeAsync(function, Request("GET", "/config"));

        Assert.Equal("""{"tokens":false,"tokenRequired":false,"keepAliveSeconds":300}""", answer.Body);
        Assert.Contains("connect-src 'self' ws: wss:;", answer.Header("Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http", "ws://127.0.0.1:5090/local")]
    [InlineData("https", "wss://127.0.0.1:5090/local")]
    public async Task HandleAsync_ConfigWithAPath_ResolvesItAgainstTheRequestsHostAndScheme(string proto, string expected)
    {
        var function = new PageFunction(new PageOptions { WebSocketUrl = "/local" });

        var answer = await InvokeAsync(function, Request("GET", "/config", new Dictionary<string, string> { ["host"] = "127.0.0.1:5090", ["x-forwarded-proto"] = proto }));

        Assert.Equal(expected, JsonDocument.Parse(answer.Body).RootElement.GetProperty("webSocketUrl").GetString());
        Assert.Contains($"connect-src 'self' {expected[..^"/local".Length]};", answer.Header("Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ConfigFromTheEnvironmentWithASigningKey_NeverContainsTheKey()
    {
        const string Key = "page-tests-signing-key-0123456789abcdefgh";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatRoom:Jwt:SigningKey"] = Key,
            ["ChatRoom:Page:WebSocketUrl"] = ChatUrl,
            ["ChatRoom:Page:Tokens"] = "true",
            ["ChatRoom:Page:TokenRequired"] = "true",
            ["ChatRoom:Page:KeepAliveSeconds"] = "240",
        }).Build();
        var function = new PageFunction(PageOptions.FromConfiguration(configuration));

        var answer = await InvokeAsync(function, Request("GET", "/config"));

        Assert.DoesNotContain(Key, answer.Body, StringComparison.Ordinal);
        Assert.Equal(["keepAliveSeconds", "tokenRequired", "tokens", "webSocketUrl"], JsonDocument.Parse(answer.Body).RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(240, JsonDocument.Parse(answer.Body).RootElement.GetProperty("keepAliveSeconds").GetInt32());
    }

    [Theory]
    [InlineData("/missing.js")]
    [InlineData("/chatroom-client.d.ts")]
    [InlineData("/config/")]
    [InlineData("/App.js")]
    public async Task HandleAsync_UnknownPath_Answers404(string path)
    {
        var answer = await InvokeAsync(_function, Request("GET", path));

        Assert.Equal(404, answer.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", answer.Header("Content-Type"));
        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("POST", "/")]
    [InlineData("PUT", "/app.js")]
    [InlineData("DELETE", "/config")]
    [InlineData("OPTIONS", "/missing")]
    public async Task HandleAsync_OtherMethods_Answer405WithAllow(string method, string path)
    {
        var answer = await InvokeAsync(_function, Request(method, path));

        Assert.Equal(405, answer.StatusCode);
        Assert.Equal("GET, HEAD", answer.Header("Allow"));
        Assert.Contains(method, answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"rawPath":"/"}""")]
    [InlineData("""{"requestContext":{"http":{"method":"GET"}}}""")]
    [InlineData("""{"version":"1.0","path":"/","httpMethod":"GET"}""")]
    public async Task HandleAsync_NotAnHttpApiEvent_Answers400Clearly(string json)
    {
        var answer = await InvokeAsync(_function, json);

        Assert.Equal(400, answer.StatusCode);
        Assert.Contains("payload format 2.0", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(600, null)]
    [InlineData(300, "http://example.com/chat")]
    [InlineData(300, "example.com/chat")]
    public void Constructor_BadOptions_ThrowsNamingTheSetting(int keepAliveSeconds, string? webSocketUrl)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PageFunction(new PageOptions { KeepAliveSeconds = keepAliveSeconds, WebSocketUrl = webSocketUrl }));

        Assert.Contains("ChatRoom:Page:", error.Message, StringComparison.Ordinal);
    }

    private static string SampleWwwroot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "ChatRoom.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("ChatRoom.sln not found above " + AppContext.BaseDirectory);
        }

        return Path.Combine(directory.FullName, "samples", "ChatRoom.Samples.AspNetCore", "wwwroot");
    }
}
