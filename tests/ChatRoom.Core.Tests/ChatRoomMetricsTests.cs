using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Core.Tests;

/// <summary>The engine's instruments on the <c>ChatRoom</c> meter, created through the host's <see cref="IMeterFactory"/>.</summary>
public sealed class ChatRoomMetricsTests
{
    [Fact]
    public async Task SendMessage_ToThreeMembers_CountsReceivedStoredAndDelivered()
    {
        await using var host = ChatTestHost.Create();
        using var received = Collect(host, "chatroom.messages.received");
        using var stored = Collect(host, "chatroom.messages.stored");
        using var delivered = Collect(host, "chatroom.messages.delivered");
        var alice = await host.ConnectAsync("alice");
        await host.ConnectAsync("bob");
        await host.ConnectAsync("carol");
        await alice.DrainAsync();
        delivered.Clear();

        await alice.SayAsync("general", "hello", "c-1");

        Assert.Equal(1, Sum(received));
        Assert.Equal(1, Sum(stored));
        Assert.Equal(3, Sum(delivered));
    }

    [Fact]
    public async Task SendMessage_DuplicateAndInvalid_AreReceivedButNotStored()
    {
        await using var host = ChatTestHost.Create();
        using var received = Collect(host, "chatroom.messages.received");
        using var stored = Collect(host, "chatroom.messages.stored");
        var alice = await host.ConnectAsync("alice");
        await alice.SayAsync("general", "hello", "c-1");

        await alice.SayAsync("general", "hello", "c-1");
        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"   "}""");
        await alice.ExpectErrorAsync(ChatErrorCodes.InvalidText);

        Assert.Equal(3, Sum(received));
        Assert.Equal(1, Sum(stored));
    }

    [Fact]
    public async Task Presence_ToOtherMembers_CountsAsDelivered()
    {
        await using var host = ChatTestHost.Create();
        using var delivered = Collect(host, "chatroom.messages.delivered");
        await host.ConnectAsync("alice");
        await host.ConnectAsync("bob");
        delivered.Clear();

        await host.ConnectAsync("carol");

        Assert.Equal(2, Sum(delivered));
    }

    [Fact]
    public async Task Instruments_HaveDocumentedUnits()
    {
        await using var host = ChatTestHost.Create();
        using var received = Collect(host, "chatroom.messages.received");
        using var stored = Collect(host, "chatroom.messages.stored");
        using var delivered = Collect(host, "chatroom.messages.delivered");
        using var failed = Collect(host, "chatroom.deliveries.failed");
        using var gone = Collect(host, "chatroom.connections.gone");

        await host.ConnectAsync("alice");

        Assert.Equal("{message}", received.Instrument?.Unit);
        Assert.Equal("{message}", stored.Instrument?.Unit);
        Assert.Equal("{frame}", delivered.Instrument?.Unit);
        Assert.Equal("{frame}", failed.Instrument?.Unit);
        Assert.Equal("{connection}", gone.Instrument?.Unit);
    }

    [Fact]
    public async Task Broadcast_WithFakeTimeProvider_RecordsDurationInSeconds()
    {
        var time = new FakeTimeProvider();
        await using var host = ChatTestHost.Create(configureServices: s => s.AddSingleton<TimeProvider>(time));
        using var duration = new MetricCollector<double>(host.Services.GetRequiredService<IMeterFactory>(), "ChatRoom", "chatroom.broadcast.duration");
        var alice = await host.ConnectAsync("alice");
        duration.Clear();

        await alice.SayAsync("general", "hi");

        var measurement = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal(0d, measurement.Value);
        Assert.Equal("s", duration.Instrument?.Unit);
    }

    [Fact]
    public async Task Meter_TwoHosts_DoNotShareCounts()
    {
        await using var first = ChatTestHost.Create();
        await using var second = ChatTestHost.Create();
        using var received = Collect(first, "chatroom.messages.received");
        var alice = await second.ConnectAsync("alice");

        await alice.SayAsync("general", "only in the second host");

        Assert.Equal(0, Sum(received));
    }

    private static MetricCollector<long> Collect(ChatTestHost host, string instrument) =>
        new(host.Services.GetRequiredService<IMeterFactory>(), "ChatRoom", instrument);

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);
}
