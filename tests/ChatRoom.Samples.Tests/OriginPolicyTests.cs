using System.Net;
using System.Net.WebSockets;
using ChatRoom.Samples.AspNetCore;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.Samples.Tests;

/// <summary>The origin check on <c>/ws</c>: in process, and over a real upgrade request.</summary>
public sealed class OriginPolicyTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("http://chat.example:8080", true)]
    [InlineData("HTTP://CHAT.EXAMPLE:8080", true)]
    [InlineData("http://chat.example", false)]
    [InlineData("https://chat.example:8080", false)]
    [InlineData("http://evil.example", false)]
    [InlineData("null", false)]
    public void Allows_NoListConfigured_OnlySameOriginOrNone(string? origin, bool expected)
    {
        var policy = new OriginPolicy([]);

        Assert.Equal(expected, policy.Allows(Request("chat.example:8080", origin)));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://app.example", true)]
    [InlineData("https://App.Example", true)]
    [InlineData("http://chat.example:8080", false)] // same origin is not implied once a list is set
    [InlineData("https://app.example.evil.example", false)]
    public void Allows_ListConfigured_OnlyListedOriginsOrNone(string? origin, bool expected)
    {
        var policy = new OriginPolicy(["https://app.example/"]);

        Assert.Equal(expected, policy.Allows(Request("chat.example:8080", origin)));
    }

    [Fact]
    public void Allows_ListedWithDefaultPortOrCase_MatchesTheFormBrowsersSend()
    {
        var policy = new OriginPolicy(["HTTPS://App.Example:443"]);

        Assert.True(policy.Allows(Request("chat.example:8080", "https://app.example")));
    }

    [Theory]
    [InlineData("app.example")]
    [InlineData("https://app.example/chat")]
    [InlineData("https://app.example/#x")]
    [InlineData("file://")]
    [InlineData("*")]
    public void Constructor_EntryThatIsNotAnOrigin_FailsNamingTheSetting(string entry)
    {
        // Such an entry could never match an Origin header: refusing it at start-up beats refusing every browser later.
        var error = Assert.Throws<InvalidOperationException>(() => new OriginPolicy([entry]));

        Assert.Contains("ChatRoom:AllowedOrigins", error.Message, StringComparison.Ordinal);
        Assert.Contains(entry, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Upgrade_DisallowedOrigin_Http403()
    {
        await using var host = await SampleHost.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "http://evil.example");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(host.ChatUri("eve"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Upgrade_SameOrigin_Connects()
    {
        await using var host = await SampleHost.StartAsync();

        await using var alice = await ChatSocket.ConnectAsync(host, "alice", configure: options => options.SetRequestHeader("Origin", host.Origin));

        Assert.Equal(WebSocketState.Open, alice.State);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Upgrade_NoOrigin_Connects()
    {
        await using var host = await SampleHost.StartAsync();

        await using var alice = await ChatSocket.ConnectAsync(host, "alice");

        Assert.Equal(WebSocketState.Open, alice.State);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Upgrade_ConfiguredOrigins_AllowsListedAndRefusesSameOrigin()
    {
        await using var host = await SampleHost.StartAsync(["--ChatRoom:AllowedOrigins:0=https://app.example"]);
        using var sameOrigin = new ClientWebSocket();
        sameOrigin.Options.CollectHttpResponseDetails = true;
        sameOrigin.Options.SetRequestHeader("Origin", host.Origin);

        await using var listed = await ChatSocket.ConnectAsync(host, "alice", configure: options => options.SetRequestHeader("Origin", "https://app.example"));
        await Assert.ThrowsAsync<WebSocketException>(() => sameOrigin.ConnectAsync(host.ChatUri("bob"), CancellationToken.None));

        Assert.Equal(WebSocketState.Open, listed.State);
        Assert.Equal(HttpStatusCode.Forbidden, sameOrigin.HttpStatusCode);
    }

    private static HttpRequest Request(string host, string? origin)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        return context.Request;
    }
}
