using System.Net.WebSockets;
using Amazon.Runtime;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// A backend service beside the Lambda sample, as on AWS: its own <see cref="IChatRoomService"/> on the same table,
/// reaching the gateway's real WebSocket clients through signed <c>@connections</c> calls.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BackendServiceTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    private readonly string _table = "lambda-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task DisconnectAsync_FromABackend_ClosesTheClientsSocketAndTheRoomSeesItLeave()
    {
        await using var gateway = await StartGatewayAsync();
        await using var backend = await BuildBackendAsync(gateway);
        var room = Unique.Room("kick");
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var bob = await ChatSocket.ConnectAsync(gateway, "bob");
        await alice.JoinAsync(room);
        var bobId = (await bob.JoinAsync(room)).GetProperty("you").StringOf("connectionId")!;

        var closed = await backend.GetRequiredService<IChatRoomService>().DisconnectAsync(bobId);

        Assert.True(closed);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await bob.ReceiveCloseAsync()).Status);
        var left = await alice.ReceiveAsync("presence", p => p.StringOf("event") == "left");
        Assert.Equal("bob", left.MemberName());
        var members = await backend.GetRequiredService<IChatRoomService>().GetMembersAsync(room);
        Assert.DoesNotContain(bobId, members.Members.Select(m => m.ConnectionId));
    }

    [Fact]
    public async Task SendMessageAsync_FromABackend_ReachesTheClientsMarkedSystem()
    {
        await using var gateway = await StartGatewayAsync();
        await using var backend = await BuildBackendAsync(gateway);
        var room = Unique.Room("notice");
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await alice.JoinAsync(room);

        var stored = await backend.GetRequiredService<IChatRoomService>().SendMessageAsync(new ServerMessage { Room = room, Text = "Maintenance at 18:00." });

        var message = await alice.ReceiveAsync("message");
        Assert.Equal(stored.Seq, message.Seq());
        Assert.True(message.GetProperty("system").GetBoolean());
        Assert.Equal("System", message.SenderName());
    }

    private Task<GatewayHost> StartGatewayAsync() => GatewayHost.StartAsync(
    [
        $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
        $"--ChatRoom:DynamoDb:TableName={_table}",
    ]);

    /// <summary>A backend as an app composes it: the gateway's stage URL, its region and key pair, the function's table.</summary>
    private async Task<ServiceProvider> BuildBackendAsync(GatewayHost gateway)
    {
        var backend = new ServiceCollection()
            .AddLogging()
            .AddChatRoom()
            .AddDynamoDb(o =>
            {
                o.TableName = _table;
                o.ServiceUrl = dynalite.ServiceUrl;
                o.RequestTimeout = DynaliteServer.RequestTimeout;
            })
            .AddApiGatewayMessenger(o =>
            {
                o.Endpoint = new Uri(gateway.BaseAddress, GatewayHost.Stage).ToString();
                o.Region = ManagementRequests.Region;
                o.Credentials = new BasicAWSCredentials(ManagementRequests.AccessKeyId, ManagementRequests.SecretAccessKey);
            })
            .Services.BuildServiceProvider();
        await backend.EnsureChatRoomTableAsync();
        return backend;
    }
}
