using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using ChatRoom.Aws;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>
/// DynamoDB goes down in the middle of a chat (the dynalite process is killed, or frozen so that it stops answering) and
/// comes back on the same port with the same data: senders get <c>unavailable</c>, nothing unstored is broadcast, and
/// the same host resumes, storing each resent <c>clientMessageId</c> once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DynamoDbOutageTests
{
    [Theory]
    [InlineData(Outage.Stopped)]
    [InlineData(Outage.Frozen)]
    public async Task SendMessage_DynamoDbDownThenBack_UnavailableThenEachResendStoredOnce(Outage outage)
    {
        await using var dynalite = await RestartableDynalite.StartAsync();

        // Create the table on the SDK's default timeouts first: a freshly started dynalite can be slow to answer its first
        // requests on a busy machine, slower than the host's per-request timeout below.
        using (var client = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig { ServiceURL = dynalite.ServiceUrl, AuthenticationRegion = "us-east-1" }))
        {
            await ChatRoomTable.EnsureCreatedAsync(client, "outage");
        }

        await using var host = await SampleHost.StartAsync(
        [
            "--ChatRoom:Storage=DynamoDb",
            $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
            "--ChatRoom:DynamoDb:TableName=outage",
            "--ChatRoom:DynamoDb:CreateTableIfMissing=true",
            // A frozen DynamoDB answers nothing, so each attempt during the outage ends at this timeout; outside it, every
            // request must beat it, so it is generous: 5 s (the default) and one retry, against single requests that
            // dynalite answers in milliseconds (the whole Stopped case takes about a second). A send during the freeze
            // is answered within 2 x 5 s plus backoff, a third of ChatSocket's 30 s read timeout.
            "--ChatRoom:DynamoDb:RequestTimeout=00:00:05",
            "--ChatRoom:DynamoDb:MaxRetries=1",
        ]);
        var room = Unique.Room("outage");
        await using var alice = await ChatSocket.ConnectAsync(host, "alice");
        await using var bob = await ChatSocket.ConnectAsync(host, "bob");
        await JoinAsync(alice, room);
        await JoinAsync(bob, room);

        var first = await SendAsync(alice, room, "a-1", "before the outage");
        Assert.Equal("message", first.Type());
        Assert.Equal("a-1", (await bob.ReceiveAsync("message")).StringOf("clientMessageId"));

        if (outage == Outage.Stopped)
        {
            dynalite.Stop();
        }
        else
        {
            dynalite.Freeze();
        }

        var aliceFailed = await SendAsync(alice, room, "a-2", "during the outage");
        var bobFailed = await SendAsync(bob, room, "b-1", "me too");
        Assert.Equal((ChatErrorCodes.Unavailable, "a-2"), (aliceFailed.StringOf("code"), aliceFailed.StringOf("clientMessageId")));
        Assert.Equal((ChatErrorCodes.Unavailable, "b-1"), (bobFailed.StringOf("code"), bobFailed.StringOf("clientMessageId")));

        if (outage == Outage.Stopped)
        {
            await dynalite.RestartAsync();
        }
        else
        {
            dynalite.Thaw();
        }

        // The same host, no restart: resending with the same client message id until it is acknowledged.
        var a2 = await ResendUntilStoredAsync(alice, room, "a-2", "during the outage");
        var bobsNext = await bob.ReceiveAsync("message");
        var duplicate = await SendAsync(alice, room, "a-2", "during the outage");
        var bobsCopy = await bob.ReceiveAsync("message"); // a resend goes to the room again, with its seq
        var b1 = await ResendUntilStoredAsync(bob, room, "b-1", "me too");
        var alicesNext = await alice.ReceiveAsync("message");
        var bobsAfterB1 = await SendAsync(bob, room, "b-2", "and we are back");
        var alicesLast = await alice.ReceiveAsync("message");

        // Bob got nothing from the outage: the first message after a-1 is a-2, stored once the table was back.
        Assert.Equal(("a-2", 2L), (bobsNext.StringOf("clientMessageId"), bobsNext.Seq()));
        Assert.Equal(("message", 2L), (duplicate.Type(), duplicate.Seq()));
        Assert.Equal(bobsNext.GetRawText(), bobsCopy.GetRawText());
        Assert.Equal(3L, b1.Seq());
        Assert.Equal(("b-1", 3L), (alicesNext.StringOf("clientMessageId"), alicesNext.Seq()));
        Assert.Equal(("b-2", 4L), (alicesLast.StringOf("clientMessageId"), alicesLast.Seq()));
        Assert.Equal(4L, bobsAfterB1.Seq());

        await using var carol = await ChatSocket.ConnectAsync(host, "carol");
        await carol.SendAsync(new { action = "join", room });
        var history = (await carol.ReceiveAsync("joined")).Array("messages");
        Assert.Equal([1L, 2L, 3L, 4L], history.Select(m => m.Seq()));
        Assert.Equal(["a-1", "a-2", "b-1", "b-2"], history.Select(m => m.StringOf("clientMessageId")));
        Assert.Equal(a2.GetProperty("id").GetString(), history[1].GetProperty("id").GetString());
    }

    public enum Outage
    {
        /// <summary>The process is killed: connections are refused.</summary>
        Stopped,

        /// <summary>The process is frozen (SIGSTOP): connections hang without an answer.</summary>
        Frozen,
    }

    private static async Task JoinAsync(ChatSocket client, string room)
    {
        await client.SendAsync(new { action = "join", room });
        await client.ReceiveAsync("joined", j => j.StringOf("room") == room);
    }

    /// <summary>
    /// Sends a message and returns the answer to it: the sender's copy (the acknowledgement) or the error naming its id.
    /// Any other message arriving meanwhile fails the test: in these conversations only one sender talks at a time.
    /// </summary>
    private static async Task<JsonElement> SendAsync(ChatSocket client, string room, string clientMessageId, string text)
    {
        await client.SendAsync(new { action = "sendmessage", room, text, clientMessageId });
        while (true)
        {
            var frame = await client.ReceiveAsync();
            switch (frame.Type())
            {
                case "message" when frame.StringOf("clientMessageId") == clientMessageId && frame.SenderName() == client.Name:
                case "error" when frame.StringOf("clientMessageId") == clientMessageId:
                    return frame;
                case "message" or "error":
                    Assert.Fail($"{client.Name} got {frame.GetRawText()} while waiting for the answer to {clientMessageId}.");
                    break;
            }
        }
    }

    /// <summary>Resends until DynamoDB takes the message again (the first attempts after a restart may still fail).</summary>
    private static async Task<JsonElement> ResendUntilStoredAsync(ChatSocket client, string room, string clientMessageId, string text)
    {
        using var timeout = new CancellationTokenSource(ChatSocket.Timeout);
        while (true)
        {
            var answer = await SendAsync(client, room, clientMessageId, text);
            if (answer.Type() == "message")
            {
                return answer;
            }

            Assert.Equal(ChatErrorCodes.Unavailable, answer.StringOf("code"));
            await Task.Delay(200, timeout.Token);
        }
    }
}
