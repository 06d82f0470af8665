using System.Text.Json;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>
/// The per-connection token bucket over a real socket: frames beyond the burst get <c>rate_limited</c>, reach nobody,
/// store nothing, and the connection stays usable.
/// </summary>
/// <remarks>
/// A burst of 3 refilled at 1 per second, and 50 frames sent back to back: at least one is refused unless the 50 sends
/// take more than 47 seconds. The tests never count on how many: each frame gets exactly one outcome, and the outcomes
/// must add up.
/// </remarks>
[Trait("Category", "Integration")]
public sealed class ChatEndpointRateLimitTests
{
    private const int Frames = 50;

    private static readonly string[] SmallBucket = ["--ChatRoom:RateLimitBurst=3", "--ChatRoom:RateLimitPerSecond=1"];

    [Fact]
    public async Task SendMessage_BeyondTheBurst_RateLimitedNotStoredAndConnectionStaysUsable()
    {
        await using var host = await SampleHost.StartAsync(SmallBucket);
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"), waitUntilReady: false);

        for (var i = 0; i < Frames; i++)
        {
            await alice.SendAsync(new { action = "sendmessage", room = "general", text = $"spam {i}", clientMessageId = $"spam-{i}" });
        }

        // Exactly one outcome per frame, in order: the message (its acknowledgement) or a rate_limited error.
        var acknowledged = new List<string>();
        var refused = new List<string>();
        for (var i = 0; i < Frames; i++)
        {
            var reply = await alice.ReceiveAsync();
            var clientMessageId = reply.StringOf("clientMessageId");
            Assert.Equal($"spam-{i}", clientMessageId);
            if (reply.Type() == "message")
            {
                Assert.Equal($"spam {i}", reply.Text());
                acknowledged.Add(clientMessageId!);
            }
            else
            {
                Assert.Equal("error", reply.Type());
                Assert.Equal(ChatErrorCodes.RateLimited, reply.StringOf("code"));
                Assert.Equal("sendmessage", reply.StringOf("action"));
                refused.Add(clientMessageId!);
            }
        }

        Assert.NotEmpty(refused);
        Assert.InRange(acknowledged.Count, 3, Frames - 1);

        // Still usable once the bucket refills; history holds exactly the acknowledged messages.
        var history = await SendUntilServedAsync(alice, new { action = "history", room = "general", limit = 100 }, "history");
        Assert.Equal(acknowledged, history.Array("messages").Select(m => m.StringOf("clientMessageId")));
        var resent = await SendUntilServedAsync(alice, new { action = "sendmessage", room = "general", text = "spam 0 again", clientMessageId = refused[0] }, "message");
        Assert.Equal("spam 0 again", resent.Text());
    }

    [Fact]
    public async Task Typing_BeyondTheBurst_RateLimitedReachesNobodyAndConnectionStaysUsable()
    {
        await using var host = await SampleHost.StartAsync(SmallBucket);
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice")); // its ping takes one token
        await using var bob = await ChatSocket.ConnectAsync(host, Unique.Name("bob"));
        await alice.ReceiveAsync("presence", p => p.MemberName() == bob.Name);

        for (var i = 0; i < Frames; i++)
        {
            await alice.SendAsync(new { action = "typing", room = "general" });
        }

        // Typing has no reply: a ping served after the burst means every typing frame was handled before it.
        var typingRefused = 0;
        await SendUntilServedAsync(alice, new { action = "ping" }, "pong", error =>
        {
            if (error.StringOf("action") == "typing")
            {
                typingRefused++;
            }
        });

        // A message sent after the burst reaches Bob after every typing event that got through.
        await SendUntilServedAsync(alice, new { action = "sendmessage", room = "general", text = "done typing", clientMessageId = "after-typing" }, "message");
        var typingSeen = 0;
        while (true)
        {
            var frame = await bob.ReceiveAsync();
            if (frame.Type() == "message")
            {
                Assert.Equal("after-typing", frame.StringOf("clientMessageId"));
                break;
            }

            Assert.Equal("typing", frame.Type());
            Assert.Equal(alice.Name, frame.MemberName());
            typingSeen++;
        }

        Assert.InRange(typingRefused, 1, Frames - 2);
        Assert.Equal(Frames, typingSeen + typingRefused);
    }

    /// <summary>Sends a frame until it is served (the bucket refills at one per second), handing each rate_limited error to <paramref name="onRefused"/>.</summary>
    private static async Task<JsonElement> SendUntilServedAsync(ChatSocket client, object frame, string replyType, Action<JsonElement>? onRefused = null)
    {
        var action = JsonSerializer.SerializeToElement(frame).StringOf("action");
        using var deadline = new CancellationTokenSource(ChatSocket.Timeout);
        while (true)
        {
            await client.SendAsync(frame);
            while (true)
            {
                var reply = await client.ReceiveAsync();
                if (reply.Type() == replyType)
                {
                    return reply;
                }

                if (reply.Type() == "error")
                {
                    Assert.Equal(ChatErrorCodes.RateLimited, reply.StringOf("code"));
                    onRefused?.Invoke(reply);
                    if (reply.StringOf("action") == action)
                    {
                        break; // this attempt was refused: try again shortly
                    }
                }
            }

            // Paces the retries while the bucket refills; not an assertion.
            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }
}
