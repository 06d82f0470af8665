using System.Collections.Concurrent;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.LocalGateway;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// <c>LocalGateway:Faults:PostFailureRate</c> end to end: the function's messenger meets the 500s, retries them, and
/// gives up on a frame when every attempt failed, so that frame is lost for that member, as on AWS.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayFaultTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    /// <summary>The messenger's warning for a delivery that failed after its retries (ApiGatewayLog.FailedStatus).</summary>
    private const int DeliveryFailedEventId = 203;

    private const int Members = 5;
    private const int Messages = 60;

    private readonly FakeLogCollector _functionLogs = new();

    [Fact]
    public async Task Post_FailureRateOne_FrameNeverArrivesAndTheMessengerGivesUpAfterItsRetries()
    {
        await using var gateway = await StartAsync("--LocalGateway:Faults:PostFailureRate=1");
        var faults = gateway.Services.GetRequiredService<PostFaults>();
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice", waitUntilReady: false); // the pong could not arrive

        await alice.SendAsync(new { action = "ping" });
        var failed = await WaitForFailuresAsync(1);
        faults.PostFailureRate = 0;
        await alice.SendAsync(new { action = "join", room = "after" });

        Assert.Equal("joined", (await alice.ReceiveAsync()).Type()); // the first frame she ever gets: the pong was lost
        Assert.Equal(("POST", "InternalServerError"), (failed[0].GetStructuredStateValue("Method"), failed[0].GetStructuredStateValue("StatusCode")));
        Assert.Equal(4, faults.Injected); // the first attempt and the messenger's 3 retries
    }

    [Fact]
    public async Task SendMessage_FailureRateTwentyPercent_RetriesSaveMostFramesAndSomeAreLost()
    {
        await using var gateway = await StartAsync(
            "--LocalGateway:Faults:Seed=14",
            "--ChatRoom:ApiGateway:MaxRetries=1", // one retry: 4 % of frames lost instead of 0.16 %, so a run of 300 loses some
            "--ChatRoom:ApiGateway:RetryBaseDelay=00:00:00.001");
        var faults = gateway.Services.GetRequiredService<PostFaults>();
        var room = Unique.Room("lossy");
        var members = new List<(ChatSocket Socket, string ConnectionId)>();
        for (var m = 0; m < Members; m++)
        {
            var socket = await ChatSocket.ConnectAsync(gateway, $"member-{m}");
            members.Add((socket, (await socket.JoinAsync(room)).GetProperty("you").StringOf("connectionId")!));
        }

        var received = members.Select(_ => new ConcurrentQueue<string>()).ToArray();
        var readers = members.Select((member, m) => Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    received[m].Enqueue((await member.Socket.ReceiveAsync("message")).StringOf("clientMessageId")!);
                }
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or System.Net.WebSockets.WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The socket was closed at the end of the test.
            }
        })).ToList();

        faults.PostFailureRate = 0.2; // after the joins, which a lost reply would stall
        for (var i = 0; i < Messages; i++)
        {
            await members[0].Socket.SendAsync(new { action = "sendmessage", room, text = $"message {i}", clientMessageId = $"m{i}" });
        }

        // Every delivery ends delivered (it arrives) or lost (the messenger logged it): wait until all have ended.
        int Lost(int m) => _functionLogs.GetSnapshot().Count(r => r.Id.Id == DeliveryFailedEventId && r.GetStructuredStateValue("ConnectionId") == members[m].ConnectionId);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (!Enumerable.Range(0, Members).All(m => received[m].Count + Lost(m) == Messages))
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        foreach (var (socket, _) in members)
        {
            await socket.DisposeAsync();
        }

        await Task.WhenAll(readers);
        var lost = Enumerable.Range(0, Members).Sum(Lost);
        Assert.All(received, ids => Assert.Equal(ids.Count, ids.Distinct().Count())); // a 500 delivers nothing, so a retry makes no copy
        Assert.InRange(lost, 1, (Members * Messages) - 1);
        Assert.True(faults.Injected > lost, $"{faults.Injected} failed attempts, {lost} frames lost: the retries saved the others");
    }

    /// <summary>Waits until the function's messenger has given up on <paramref name="count"/> deliveries.</summary>
    private async Task<List<FakeLogRecord>> WaitForFailuresAsync(int count)
    {
        using var deadline = new CancellationTokenSource(ChatSocket.Timeout);
        while (true)
        {
            var failed = _functionLogs.GetSnapshot().Where(r => r.Id.Id == DeliveryFailedEventId).ToList();
            if (failed.Count >= count)
            {
                return failed;
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    private Task<GatewayHost> StartAsync(params string[] settings) =>
        GatewayHost.StartAsync(
            [
                $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
                $"--ChatRoom:DynamoDb:TableName=faults-{Guid.NewGuid().ToString("N")[..8]}",
                "--ChatRoom:DefaultRoom=", // no presence traffic of its own: every POST is one the test caused
                "--ChatRoom:RateLimitPerSecond=1000",
                "--ChatRoom:RateLimitBurst=1000",
                .. settings,
            ],
            configureFunction: services => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(_functionLogs)));
}
