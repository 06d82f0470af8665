using ChatRoom.Samples.Lambda.Tests.Gateway;
using ChatRoom.Samples.Tests.Browser;
using ChatRoom.Samples.Tests.Hosting;
using ChatRoom.Samples.Tests.Load;

namespace ChatRoom.Client.Tests.EndToEnd;

/// <summary>The library against the real hosts: the ASP.NET Core sample and the local gateway.</summary>
[Trait("Category", "Integration")]
public sealed class ChatClientHostTests : IDisposable
{
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromMinutes(3));

    private CancellationToken Deadline => _deadline.Token;

    public void Dispose() => _deadline.Dispose();

    [Fact]
    public async Task JoinAsync_WithSinceOnTheAspNetCoreSample_HandsOverOnlyTheLaterMessagesOnce()
    {
        await using var host = await SampleHost.StartAsync(LoadScenario.EngineSettings);
        var room = Room();
        await using var alice = await ConnectAsync(host, "alice");
        await alice.JoinAsync(room, cancellationToken: Deadline);
        for (var i = 1; i <= 10; i++)
        {
            await alice.SendAsync(room, "m" + i, Deadline);
        }

        await using var bob = await ConnectAsync(host, "bob");
        await bob.JoinAsync(room, since: 5, Deadline);
        await alice.SendAsync(room, "m11", Deadline);

        var seqs = await ReadSeqsAsync(bob, room, until: 11);
        Assert.Equal(new long[] { 6, 7, 8, 9, 10, 11 }, seqs);
    }

    [Fact]
    public async Task ReadEventsAsync_FrameLostOnTheAspNetCoreSample_HandsItOverOnceInSeqOrderFromHistory()
    {
        var dropper = new FrameDropper(frame => frame.GetProperty("type").GetString() == "message" && frame.GetProperty("seq").GetInt64() == 2);
        await using var host = await SampleHost.StartAsync(LoadScenario.EngineSettings, dropper.Install);
        var room = Room();
        await using var bob = await ConnectAsync(host, "bob");
        dropper.ConnectionId = (await bob.JoinAsync(room, cancellationToken: Deadline)).You.ConnectionId;
        await using var alice = await ConnectAsync(host, "alice");
        await alice.JoinAsync(room, cancellationToken: Deadline);
        for (var i = 1; i <= 3; i++)
        {
            await alice.SendAsync(room, "m" + i, Deadline);
        }

        var seqs = await ReadSeqsAsync(bob, room, until: 3);
        Assert.Equal(1, dropper.Dropped);
        Assert.Equal(new long[] { 1, 2, 3 }, seqs);
    }

    [Fact]
    public async Task ReadEventsAsync_GatewayWithFourEnvironmentsAndFailingPosts_EveryMemberGetsEveryMessageOnceInSeqOrder()
    {
        await using var host = await GatewayHost.StartAsync(
        [
            .. LoadScenario.EngineSettings,
            "--LocalGateway:MaxConcurrency=4",
            "--LocalGateway:Faults:PostFailureRate=0.2",
        ]);
        var room = Room();
        var clients = new List<ChatClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var client = await ConnectAsync(host, "member-" + i);
                clients.Add(client);
                await client.JoinAsync(room, cancellationToken: Deadline);
            }

            // Every member sends concurrently; the acknowledgements give the seqs that were stored.
            var acks = await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, 15).Select(i => c.SendAsync(room, "m" + i, Deadline))));
            var last = acks.Max(a => a.Seq);
            var stored = acks.Select(a => a.Seq).ToArray();

            foreach (var client in clients)
            {
                var seqs = await ReadSeqsAsync(client, room, until: last);
                Assert.Equal(stored.Order().ToArray(), seqs);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static string Room() => "client-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<ChatClient> ConnectAsync(IChatHost host, string name)
    {
        var client = new ChatClient(new ChatClientOptions { Url = new Uri(host.ChatUri(name).GetLeftPart(UriPartial.Path)), Name = name });
        await client.StartAsync(Deadline);
        return client;
    }

    private async Task<long[]> ReadSeqsAsync(ChatClient client, string room, long until)
    {
        var seqs = new List<long>();
        await foreach (var e in client.ReadEventsAsync(Deadline))
        {
            if (e is ChatMessageEvent message && message.Room == room)
            {
                seqs.Add(message.Seq);
                if (message.Seq >= until)
                {
                    break;
                }
            }
        }

        return [.. seqs];
    }
}
