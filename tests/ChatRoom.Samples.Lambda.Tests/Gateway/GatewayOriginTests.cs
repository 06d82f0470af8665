using System.Net;
using System.Net.WebSockets;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Clients;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// Cross-site WebSocket upgrades through the local gateway, with a real client: the function's <c>$connect</c> decides
/// (as it would behind API Gateway, which checks no Origin) and the gateway turns its 403 into a refused upgrade, so
/// the gateway behaves like the ASP.NET Core sample (<c>OriginCheckTests</c>).
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayOriginTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    [Fact]
    public async Task Upgrade_ForeignOrigin_IsRefusedWith403()
    {
        await using var gateway = await StartAsync();

        var status = await RefusedUpgradeAsync(gateway, "http://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Upgrade_SameOrigin_Connects()
    {
        await using var gateway = await StartAsync();

        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice", configure: o => o.SetRequestHeader("Origin", SameOrigin(gateway)));

        Assert.Equal(WebSocketState.Open, alice.State);
    }

    [Fact]
    public async Task Upgrade_NoOrigin_Connects()
    {
        await using var gateway = await StartAsync();

        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");

        Assert.Equal(WebSocketState.Open, alice.State);
    }

    [Fact]
    public async Task Upgrade_ClientClaimsHttpsInXForwardedProto_GatewaySetsTheRealScheme()
    {
        // The page would have to be https://host for this Origin; over plain http the gateway reports http, as API
        // Gateway sets X-Forwarded-Proto itself whatever the client sent.
        await using var gateway = await StartAsync();

        var status = await RefusedUpgradeAsync(gateway, "https://" + gateway.BaseAddress.Authority, o => o.SetRequestHeader("X-Forwarded-Proto", "https"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Upgrade_ListedOrigins_AdmitsThemAndRefusesSameOrigin()
    {
        await using var gateway = await StartAsync("--ChatRoom:AllowedOrigins=https://app.example,https://other.example");

        await using var listed = await ChatSocket.ConnectAsync(gateway, "alice", configure: o => o.SetRequestHeader("Origin", "https://other.example"));
        var sameOrigin = await RefusedUpgradeAsync(gateway, SameOrigin(gateway));

        Assert.Equal(WebSocketState.Open, listed.State);
        Assert.Equal(HttpStatusCode.Forbidden, sameOrigin);
    }

    private static string SameOrigin(GatewayHost gateway) => "http://" + gateway.BaseAddress.Authority;

    private static async Task<HttpStatusCode> RefusedUpgradeAsync(GatewayHost gateway, string origin, Action<ClientWebSocketOptions>? configure = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        configure?.Invoke(socket.Options);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(gateway.ChatUri("eve"), CancellationToken.None));
        return socket.HttpStatusCode;
    }

    private Task<GatewayHost> StartAsync(params string[] settings) => GatewayHost.StartAsync(
    [
        $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
        $"--ChatRoom:DynamoDb:TableName=origin-{Guid.NewGuid().ToString("N")[..8]}",
        .. settings,
    ]);
}
