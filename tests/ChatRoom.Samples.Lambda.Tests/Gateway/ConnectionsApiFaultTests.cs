using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// <c>@connections</c> answers 429 and 500 in bursts, end to end through the local gateway and the Lambda handler: the
/// signed messenger retries, every member gets the message once, a vanished connection (410) is pruned and announced,
/// and the <c>sendmessage</c> invocation still succeeds.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConnectionsApiFaultTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    /// <summary>LambdaServices' "no signing key: anonymous mode" warning, logged once at start-up.</summary>
    private const int AnonymousModeEventId = 310;

    [Fact]
    public async Task SendMessage_ConnectionsApiAnswers429Then500_EveryMemberGetsItOnceAndGoneIsPruned()
    {
        var faults = new ConnectionsApiFaults();
        var gatewayLogs = new FakeLogCollector();
        var functionLogs = new FakeLogCollector();
        await using var gateway = await GatewayHost.StartAsync(
            [
                $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
                $"--ChatRoom:DynamoDb:TableName=faults-{Guid.NewGuid().ToString("N")[..8]}",
                "--LocalGateway:SimulateLostDisconnects=true",
            ],
            configureFunction: services => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(functionLogs)),
            configureServices: services => services
                .AddSingleton<IStartupFilter>(faults)
                .AddSingleton<ILoggerProvider>(new FakeLoggerProvider(gatewayLogs)));
        var room = Unique.Room("burst");
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var bob = await ChatSocket.ConnectAsync(gateway, "bob");
        await using var carol = await ChatSocket.ConnectAsync(gateway, "carol");
        await using var mallory = await ChatSocket.ConnectAsync(gateway, "mallory");
        ChatSocket[] live = [alice, bob, carol];
        foreach (var client in new[] { alice, bob, carol, mallory })
        {
            await client.SendAsync(new { action = "join", room });
            await client.ReceiveAsync("joined", j => j.StringOf("room") == room);
        }

        await alice.ReceiveAsync("presence", p => p.StringOf("room") == room && p.MemberName() == "mallory");
        mallory.Abort(); // no close frame, and the gateway loses her $disconnect: only a 410 can reveal it

        faults.Arm(429, 500);
        await alice.SendAsync(new { action = "sendmessage", room, text = "through the storm", clientMessageId = "storm-1" });
        var received = new List<(string Name, long Seq)>();
        foreach (var client in live)
        {
            var message = await client.ReceiveAsync("message");
            received.Add((client.Name, message.Seq()));
            Assert.Equal(("through the storm", "storm-1"), (message.Text(), message.StringOf("clientMessageId")));
        }

        var left = await alice.ReceiveAsync("presence", p => p.StringOf("room") == room && p.StringOf("event") == "left");
        faults.Disarm();
        await bob.SendAsync(new { action = "sendmessage", room, text = "calm again" });

        // Exactly once: the next message each member sees is the one after.
        foreach (var client in live)
        {
            Assert.Equal("calm again", (await client.ReceiveAsync("message")).Text());
        }

        Assert.All(received, r => Assert.Equal(1L, r.Seq));
        Assert.Equal("mallory", left.MemberName());
        await alice.SendAsync(new { action = "members", room });
        Assert.Equal(["alice", "bob", "carol"], (await alice.ReceiveAsync("members")).Array("members").Select(m => m.StringOf("name")).Order(StringComparer.Ordinal));

        // Every member's delivery met the whole burst, and was retried through it.
        var burstsPerConnection = faults.Served.GroupBy(f => f.ConnectionPath).Select(g => g.Select(f => f.Status).ToArray()).ToList();
        Assert.True(burstsPerConnection.Count >= live.Length + 1, $"faults reached {burstsPerConnection.Count} connections");
        Assert.All(burstsPerConnection, statuses => Assert.Equal([429, 500], statuses));

        // The sender never saw an error, no invocation answered anything but 2xx, and no delivery ran out of retries.
        // (The one expected warning is the start-up notice that the function runs without tokens.)
        Assert.DoesNotContain(gatewayLogs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.DoesNotContain(functionLogs.GetSnapshot(), r => r.Level >= LogLevel.Warning && r.Id.Id != AnonymousModeEventId);
    }
}
