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
    public async Task Build_UnknownStorage_FailsWithTheSettingName()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SampleHost.StartAsync(["--ChatRoom:Storage=Redis"]));

        Assert.Contains("ChatRoom:Storage", error.Message, StringComparison.Ordinal);
    }
}
