using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary><c>ChatRoom:Storage=DynamoDb</c>: the sample keeps connections and history in DynamoDB (dynalite here).</summary>
[Trait("Category", "Integration")]
public sealed class SampleAppDynamoDbTests : IClassFixture<DynaliteServer>
{
    private readonly DynaliteServer _dynalite;

    public SampleAppDynamoDbTests(DynaliteServer dynalite) => _dynalite = dynalite;

    [Fact]
    public async Task History_AfterHostRestart_IsStillThere()
    {
        var room = Unique.Room("restart");
        var table = "sample-" + Guid.NewGuid().ToString("N")[..8];
        string[] settings =
        [
            "--ChatRoom:Storage=DynamoDb",
            $"--ChatRoom:DynamoDb:ServiceUrl={_dynalite.ServiceUrl}",
            $"--ChatRoom:DynamoDb:TableName={table}",
            "--ChatRoom:DynamoDb:CreateTableIfMissing=true",
        ];

        await using (var first = await SampleHost.StartAsync(settings))
        {
            await using var alice = await ChatSocket.ConnectAsync(first, "alice");
            await alice.SendAsync(new { action = "join", room });
            await alice.ReceiveAsync("joined");
            await alice.SendAsync(new { action = "sendmessage", room, text = "before the restart", clientMessageId = "m-1" });
            await alice.ReceiveAsync("message");
        }

        await using var second = await SampleHost.StartAsync(settings);
        await using var bob = await ChatSocket.ConnectAsync(second, "bob");
        await bob.SendAsync(new { action = "join", room });
        var joined = await bob.ReceiveAsync("joined");

        var message = Assert.Single(joined.GetProperty("messages").EnumerateArray());
        Assert.Equal("before the restart", message.GetProperty("text").GetString());
        Assert.Equal(1, message.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Connection_OpenLongerThanItsTimeToLive_StillSendsAndReceives()
    {
        // Connection and membership items live 10 seconds unless renewed; the host renews each open socket every 2.5.
        var room = Unique.Room("ttl");
        await using var host = await SampleHost.StartAsync(
        [
            "--ChatRoom:Storage=DynamoDb",
            $"--ChatRoom:DynamoDb:ServiceUrl={_dynalite.ServiceUrl}",
            $"--ChatRoom:DynamoDb:TableName=ttl-{Guid.NewGuid():N}",
            "--ChatRoom:DynamoDb:CreateTableIfMissing=true",
            "--ChatRoom:DynamoDb:ConnectionTimeToLive=00:00:10",
        ]);
        await using var alice = await ChatSocket.ConnectAsync(host, "alice");
        await using var bob = await ChatSocket.ConnectAsync(host, "bob");
        foreach (var client in new[] { alice, bob })
        {
            await client.SendAsync(new { action = "join", room });
            await client.ReceiveAsync("joined");
        }

        // Not a synchronisation: the point is that two whole times to live pass while the sockets sit open.
        await Task.Delay(TimeSpan.FromSeconds(25));

        await alice.SendAsync(new { action = "sendmessage", room, text = "still here?", clientMessageId = "late-1" });
        var answer = await alice.ReceiveAsync();
        while (answer.Type() is not ("message" or "error"))
        {
            answer = await alice.ReceiveAsync();
        }

        Assert.Equal(("message", "still here?"), (answer.Type(), answer.StringOf("text")));
        Assert.Equal("still here?", (await bob.ReceiveAsync("message")).Text());
        await bob.SendAsync(new { action = "sendmessage", room, text = "yes", clientMessageId = "late-2" });
        Assert.Equal("yes", (await alice.ReceiveAsync("message")).Text());
    }

    [Fact]
    public async Task Build_UnknownStorage_FailsWithTheSettingName()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SampleHost.StartAsync(["--ChatRoom:Storage=Cassandra"]));

        Assert.Contains("ChatRoom:Storage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_RedisStorageWithoutConfiguration_FailsWithTheSettingName()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => SampleHost.StartAsync(["--ChatRoom:Storage=Redis"]));

        Assert.Contains("ChatRoom:Redis:Configuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_RedisBackplaneWithInMemoryStorage_FailsBecauseInMemoryStoresAreNotShared()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SampleHost.StartAsync(["--ChatRoom:Backplane=Redis", "--ChatRoom:Redis:Configuration=127.0.0.1:1"]));

        Assert.Contains("ChatRoom:Storage=DynamoDb", error.Message, StringComparison.Ordinal);
    }
}
