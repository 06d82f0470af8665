using ChatRoom.Aws;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.LocalGateway;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// <c>LocalGateway:FunctionTimeout</c> end to end: the gateway stops an invocation at the timeout as Lambda does, and the
/// function, told its timeout, stops a long broadcast at its deadline first; members fill the gap.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayDeadlineTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    /// <summary>The gateway's "Task timed out" (LambdaHost).</summary>
    private const int TimedOutEventId = 12;

    /// <summary>The function's one warning per invocation stopped at its deadline (ApiGatewayLog.DeadlineReached).</summary>
    private const int DeadlineReachedEventId = 208;

    private readonly FakeLogCollector _gatewayLogs = new();
    private readonly FakeLogCollector _functionLogs = new();

    [Fact]
    public async Task Invoke_FunctionRunsPastTheTimeout_TaskTimedOutAndTheEnvironmentIsDiscarded()
    {
        // The function is not told its deadline here, so only the gateway's timeout stops it.
        await using var gateway = await StartAsync(
            ["--LocalGateway:FunctionTimeout=00:00:02", "--LocalGateway:MaxConcurrency=1"],
            services => services.Configure<ApiGatewayMessengerOptions>(o => o.FunctionTimeoutSeconds = null));
        var faults = gateway.Services.GetRequiredService<PostFaults>();
        var environments = gateway.Services.GetRequiredService<LambdaHost>().Environments!;
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");

        faults.PostLatency = TimeSpan.FromMinutes(1); // the pong's POST outlasts the timeout
        await alice.SendAsync(new { action = "ping" });
        var timedOut = await WaitForLogAsync(_gatewayLogs, TimedOutEventId);
        faults.PostLatency = TimeSpan.Zero;
        await alice.SendAsync(new { action = "ping" });
        await alice.ReceiveAsync("pong");

        Assert.Equal(LogLevel.Error, timedOut.Level);
        Assert.StartsWith("Task timed out after 2.00 seconds", timedOut.Message, StringComparison.Ordinal);
        Assert.Equal((1, 1), (environments.Started, environments.Discarded)); // the second ping ran in a new one
    }

    [Fact]
    public async Task SendMessage_FanOutOutlastsTheTimeout_StopsAtTheDeadlineAndEveryMemberGetsEveryMessageOnceInOrder()
    {
        // Deadline 3 s in (4 s less the 1 s margin); one post at a time, 1.5 s each: four members take 6 s.
        await using var gateway = await StartAsync(["--LocalGateway:FunctionTimeout=00:00:04", "--ChatRoom:ApiGateway:MaxConcurrentRequests=1"]);
        var faults = gateway.Services.GetRequiredService<PostFaults>();
        var environments = gateway.Services.GetRequiredService<LambdaHost>().Environments!;
        var room = Unique.Room("deadline");
        var members = Enumerable.Range(0, 4).Select(m => new RecordingClient(gateway, $"member-{m}", room)).ToList();
        try
        {
            foreach (var member in members)
            {
                await member.StartAndJoinAsync();
            }

            faults.PostLatency = TimeSpan.FromSeconds(1.5);
            var first = members[0].Client.SendAsync(room, "message 1");
            // A join's presence fan-out may still be under way and be stopped too; the message's is the one to see.
            var warning = await WaitForLogAsync(_functionLogs, DeadlineReachedEventId, r => r.GetStructuredStateValue("FrameList")!.Contains($"message {room}#1", StringComparison.Ordinal));
            faults.PostLatency = TimeSpan.Zero;
            await first.WaitAsync(ChatSocket.Timeout);
            await members[0].Client.SendAsync(room, "message 2");
            foreach (var member in members)
            {
                await member.WhenDelivered(2).WaitAsync(ChatSocket.Timeout);
            }

            Assert.DoesNotContain(_gatewayLogs.GetSnapshot(), r => r.Id.Id == TimedOutEventId);
            Assert.Equal(0, environments.Discarded);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.InRange(int.Parse(warning.GetStructuredStateValue("Frames")!, System.Globalization.CultureInfo.InvariantCulture), 1, 3);
            Assert.All(members, member =>
            {
                Assert.Equal([1L, 2L], member.Delivered.Select(m => m.Seq));
                Assert.Equal(["message 1", "message 2"], member.Delivered.Select(m => m.Text));
            });
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task SendMessage_DeadlineAndLostPostsAcrossEnvironments_EveryMemberGetsEveryMessageOnceInOrder()
    {
        // As above, with four execution environments and one POST attempt in five answered 500 (retried, sometimes lost).
        await using var gateway = await StartAsync(
        [
            "--LocalGateway:FunctionTimeout=00:00:04",
            "--LocalGateway:MaxConcurrency=4",
            "--LocalGateway:Faults:Seed=18",
            "--ChatRoom:ApiGateway:MaxConcurrentRequests=1",
            "--ChatRoom:ApiGateway:MaxRetries=1",
            "--ChatRoom:ApiGateway:RetryBaseDelay=00:00:00.001",
        ]);
        var faults = gateway.Services.GetRequiredService<PostFaults>();
        var room = Unique.Room("deadline-lossy");
        var members = Enumerable.Range(0, 4).Select(m => new RecordingClient(gateway, $"member-{m}", room)).ToList();
        try
        {
            foreach (var member in members)
            {
                await member.StartAndJoinAsync();
            }

            faults.PostFailureRate = 0.2;
            faults.PostLatency = TimeSpan.FromSeconds(1.5);
            var first = members[0].Client.SendAsync(room, "message 0");
            await WaitForLogAsync(_functionLogs, DeadlineReachedEventId, r => r.GetStructuredStateValue("FrameList")!.Contains($"message {room}#1", StringComparison.Ordinal));
            faults.PostLatency = TimeSpan.Zero;
            await first.WaitAsync(ChatSocket.Timeout);

            // Every member sends at once, so their frames run in different environments while posts are lost.
            await Task.WhenAll(members.Select((member, m) => member.Client.SendAsync(room, $"message {m + 1}"))).WaitAsync(ChatSocket.Timeout);

            // A last message with no loss shows every member any gap the lossy ones left.
            faults.PostFailureRate = 0;
            await members[0].Client.SendAsync(room, "message 5").WaitAsync(ChatSocket.Timeout);
            foreach (var member in members)
            {
                await member.WhenDelivered(6).WaitAsync(ChatSocket.Timeout);
            }

            Assert.DoesNotContain(_gatewayLogs.GetSnapshot(), r => r.Id.Id == TimedOutEventId);
            Assert.True(faults.Injected > 0, "no POST was answered 500");
            Assert.All(members, member =>
            {
                Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], member.Delivered.Select(m => m.Seq));
                Assert.Equal(Enumerable.Range(0, 6).Select(i => $"message {i}").Order(StringComparer.Ordinal), member.Delivered.Select(m => m.Text).Order(StringComparer.Ordinal));
            });
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    private static async Task<FakeLogRecord> WaitForLogAsync(FakeLogCollector logs, int eventId, Func<FakeLogRecord, bool>? match = null)
    {
        using var deadline = new CancellationTokenSource(ChatSocket.Timeout);
        while (true)
        {
            if (logs.GetSnapshot().FirstOrDefault(r => r.Id.Id == eventId && (match is null || match(r))) is { } record)
            {
                return record;
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    private Task<GatewayHost> StartAsync(string[] settings, Action<IServiceCollection>? configureFunction = null) =>
        GatewayHost.StartAsync(
            [
                $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
                $"--ChatRoom:DynamoDb:TableName=deadline-{Guid.NewGuid().ToString("N")[..8]}",
                "--ChatRoom:DefaultRoom=",
                .. settings,
            ],
            configureFunction: services =>
            {
                services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(_functionLogs));
                configureFunction?.Invoke(services);
            },
            configureServices: services => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(_gatewayLogs)));
}
