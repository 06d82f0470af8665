using System.Net;
using System.Net.WebSockets;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>The origin check on the sample's <c>/ws</c>, over real upgrade requests.</summary>
public sealed class OriginCheckTests
{
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
}
