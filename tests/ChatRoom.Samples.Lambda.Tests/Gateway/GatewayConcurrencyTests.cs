using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.LocalGateway;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// The gateway runs the function as Lambda does: in several execution environments at once, each one invocation at a
/// time, with a connection's frames not waiting for each other; so raw arrival order is what API Gateway gives.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayConcurrencyTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    private const int Clients = 4;
    private const int MessagesPerClientPerRound = 10;

    /// <summary>Fails the test when no inversion showed up; never a speed check.</summary>
    private static readonly TimeSpan InversionDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SendMessage_FourEnvironmentsSeveralSenders_RawArrivalIsSometimesOutOfSeqOrder()
    {
        await using var gateway = await StartAsync("--LocalGateway:MaxConcurrency=4", "--LocalGateway:Faults:PostLatencyJitter=00:00:00.005");
        var (room, clients) = await JoinAsync(gateway);
        using var deadline = new CancellationTokenSource(InversionDeadline);
        var rounds = 0;
        try
        {
            while (true)
            {
                Assert.False(deadline.IsCancellationRequested, $"no message arrived out of seq order in {rounds} rounds of {Clients * MessagesPerClientPerRound} messages: are the environments running concurrently?");
                rounds++;
                var arrivals = await PlayRoundAsync(room, clients);
                if (arrivals.Any(seqs => !IsAscending(seqs)))
                {
                    break;
                }
            }
        }
        finally
        {
            await DisposeAllAsync(clients);
        }

        Assert.True(gateway.Services.GetRequiredService<LambdaHost>().Environments!.Started is > 1 and <= 4);
    }

    [Fact]
    public async Task SendMessage_OneEnvironmentSeveralSenders_RawArrivalIsInSeqOrderEverywhere()
    {
        await using var gateway = await StartAsync("--LocalGateway:MaxConcurrency=1", "--LocalGateway:Faults:PostLatencyJitter=00:00:00.005");
        var (room, clients) = await JoinAsync(gateway);
        try
        {
            for (var round = 0; round < 3; round++)
            {
                var arrivals = await PlayRoundAsync(room, clients);
                Assert.All(arrivals, seqs => Assert.True(IsAscending(seqs), $"out of order: {string.Join(", ", seqs)}"));
            }
        }
        finally
        {
            await DisposeAllAsync(clients);
        }

        Assert.Equal(1, gateway.Services.GetRequiredService<LambdaHost>().Environments!.Started);
    }

    [Fact]
    public async Task Frames_OneConnectionsJoinIsStillRunning_ItsNextFrameRunsMeanwhileInAnotherEnvironment()
    {
        var held = new HeldJoins();
        await using var gateway = await StartAsync(held, "--LocalGateway:MaxConcurrency=2");
        var room = Unique.Room("slow");
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        var gate = held.Arm(room);

        await alice.SendAsync(new { action = "join", room });
        await gate.Entered;
        await alice.SendAsync(new { action = "ping" });

        Assert.Equal("pong", (await alice.ReceiveAsync()).Type()); // while the join is still held
        gate.Release();
        Assert.Equal(room, (await alice.ReceiveAsync("joined")).StringOf("room"));
        Assert.Equal(2, gateway.Services.GetRequiredService<LambdaHost>().Environments!.Started);
    }

    [Fact]
    public async Task Invocations_EveryEnvironmentBusyAtTheLimit_WaitForOneInsteadOfStartingMore()
    {
        var held = new HeldJoins();
        await using var gateway = await StartAsync(held, "--LocalGateway:MaxConcurrency=2");
        var pool = gateway.Services.GetRequiredService<LambdaHost>().Environments!;
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var bob = await ChatSocket.ConnectAsync(gateway, "bob");
        await using var carol = await ChatSocket.ConnectAsync(gateway, "carol");
        var (roomA, roomB) = (Unique.Room("held-a"), Unique.Room("held-b"));
        var (gateA, gateB) = (held.Arm(roomA), held.Arm(roomB));

        await alice.SendAsync(new { action = "join", room = roomA });
        await gateA.Entered;
        await bob.SendAsync(new { action = "join", room = roomB });
        await gateB.Entered;
        await carol.SendAsync(new { action = "ping" });
        await WaitUntilAsync(() => pool.Waiting == 1);

        Assert.Equal(2, pool.Started);
        gateA.Release();
        await carol.ReceiveAsync("pong"); // in the environment alice's join freed
        gateB.Release();
        await alice.ReceiveAsync("joined");
        await bob.ReceiveAsync("joined");
        await carol.SendAsync(new { action = "ping" });
        await carol.ReceiveAsync("pong");
        await WaitUntilAsync(() => pool.Idle == 2); // the pong is posted before its invocation returns
        Assert.Equal(2, pool.Started); // idle ones were reused
    }

    [Fact]
    public async Task Disconnect_WhileTheConnectionsMessageStillRuns_WaitsForItToFinish()
    {
        var held = new HeldJoins();
        await using var gateway = await StartAsync(held, "--LocalGateway:MaxConcurrency=4");
        var room = Unique.Room("late");
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var bob = await ChatSocket.ConnectAsync(gateway, "bob");
        await bob.JoinAsync(room);
        var aliceId = await ConnectionIdAsync(alice);
        var gate = held.Arm(room);

        await alice.SendAsync(new { action = "join", room });
        await gate.Entered;
        await alice.CloseAsync();
        await gateway.WaitUntilGoneAsync(aliceId);

        // Her socket is gone, but her join still runs: $disconnect has not run, so she is still a member of general.
        await bob.SendAsync(new { action = "members", room = "general" });
        Assert.Contains("alice", (await bob.ReceiveAsync("members")).Array("members").Select(m => m.StringOf("name")));
        gate.Release();

        // The join finished, then $disconnect took her out of both rooms: no ghost is left behind.
        await bob.ReceiveAsync("presence", p => p.StringOf("room") == room && p.StringOf("event") == "joined" && p.MemberName() == "alice");
        await bob.ReceiveAsync("presence", p => p.StringOf("room") == room && p.StringOf("event") == "left" && p.MemberName() == "alice");
        await bob.SendAsync(new { action = "members", room });
        Assert.Equal(["bob"], (await bob.ReceiveAsync("members")).Array("members").Select(m => m.StringOf("name")));
    }

    /// <summary>Every client sends its messages back to back while all read; returns each client's raw arrival order of this round's seqs.</summary>
    private static async Task<List<long>[]> PlayRoundAsync(string room, ChatSocket[] clients)
    {
        var reading = clients.Select(client => Task.Run(async () =>
        {
            var seqs = new List<long>();
            while (seqs.Count < Clients * MessagesPerClientPerRound)
            {
                seqs.Add((await client.ReceiveAsync("message", m => m.StringOf("room") == room)).Seq());
            }

            return seqs;
        })).ToList();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < MessagesPerClientPerRound; i++)
            {
                await client.SendAsync(new { action = "sendmessage", room, text = $"{client.Name} {i}" });
            }
        })));
        return await Task.WhenAll(reading);
    }

    private static bool IsAscending(List<long> seqs) => seqs.Zip(seqs.Skip(1)).All(pair => pair.First < pair.Second);

    private static async Task<(string Room, ChatSocket[] Clients)> JoinAsync(GatewayHost gateway)
    {
        var room = Unique.Room("order");
        var clients = new ChatSocket[Clients];
        for (var c = 0; c < Clients; c++)
        {
            clients[c] = await ChatSocket.ConnectAsync(gateway, $"client-{c}");
            await clients[c].JoinAsync(room);
        }

        return (room, clients);
    }

    private static async Task DisposeAllAsync(ChatSocket[] clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    private static async Task<string> ConnectionIdAsync(ChatSocket client)
    {
        return (await client.JoinAsync("general")).GetProperty("you").StringOf("connectionId")!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(ChatSocket.Timeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private Task<GatewayHost> StartAsync(params string[] settings) => StartAsync(null, settings);

    private Task<GatewayHost> StartAsync(HeldJoins? held, params string[] settings) =>
        GatewayHost.StartAsync(
            [
                $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
                $"--ChatRoom:DynamoDb:TableName=concurrency-{Guid.NewGuid().ToString("N")[..8]}",
                "--ChatRoom:RateLimitPerSecond=1000",
                "--ChatRoom:RateLimitBurst=1000",
                .. settings,
            ],
            held is null ? null : services => services.AddSingleton<IChatAuthorizer>(held));
}
