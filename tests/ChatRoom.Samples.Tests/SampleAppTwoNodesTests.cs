using ChatRoom.Aws;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.AspNetCore;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>
/// Two sample nodes on one DynamoDB table without a backplane would each answer Gone for the other's sockets and delete
/// its clients (issue 16): the second refuses to start and names the backplane; after a graceful stop a new node starts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SampleAppTwoNodesTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    [Fact]
    public async Task StartAsync_SecondNodeOnOneTableWithoutBackplane_FailsNamingAddRedisBackplane()
    {
        var settings = await SettingsForNewTableAsync();
        await using var first = await SampleHost.StartAsync(settings);

        await using var second = SampleApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=None", .. settings]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync());

        Assert.Contains("builder.AddRedisBackplane(", error.Message, StringComparison.Ordinal);
        Assert.Contains("docs/scale-out.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_AfterTheFirstNodeStoppedGracefully_StartsAndServes()
    {
        var settings = await SettingsForNewTableAsync();
        await using (var first = await SampleHost.StartAsync(settings))
        {
            await first.StopAsync();
        }

        await using var next = await SampleHost.StartAsync(settings);
        var room = Unique.Room("next");
        await using var alice = await ChatSocket.ConnectAsync(next, "alice");
        await alice.SendAsync(new { action = "join", room });
        await alice.ReceiveAsync("joined");
        await alice.SendAsync(new { action = "sendmessage", room, text = "on the next node", clientMessageId = "m-1" });
        Assert.Equal("on the next node", (await alice.ReceiveAsync("message")).Text());
    }

    /// <summary>
    /// Creates the table first, as it exists in production: the sample's CreateTableIfMissing runs after the node's claim,
    /// which on a missing table is retried with the first renewal.
    /// </summary>
    private async Task<string[]> SettingsForNewTableAsync()
    {
        var table = "nodes-" + Guid.NewGuid().ToString("N")[..8];
        using (var client = dynalite.CreateClient())
        {
            await ChatRoomTable.EnsureCreatedAsync(client, table);
        }

        return
        [
            "--ChatRoom:Storage=DynamoDb",
            $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
            $"--ChatRoom:DynamoDb:TableName={table}",
        ];
    }
}
