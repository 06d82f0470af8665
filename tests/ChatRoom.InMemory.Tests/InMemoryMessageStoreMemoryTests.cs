using ChatRoom.InMemory.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ChatRoom.InMemory.Tests;

/// <summary>The in-memory message store's memory: real memory stays under its estimate, and churn under its budget.</summary>
[Collection(MemoryMeasurementCollectionDefinition.Name)]
public sealed class InMemoryMessageStoreMemoryTests(ITestOutputHelper output)
{
    private const int Rooms = 10_000;
    private const int Clients = 50;
    private const long MaxHistoryBytes = 1024 * 1024;

    /// <summary>
    /// What the budget does not cover. Each room's own bookkeeping is in the estimate; this is for what grows with
    /// the churn but not with what the store holds: tables that keep their peak size (the engine's room outbox grows
    /// with the passes waiting at once), buffers the shared array pool keeps per thread, and the heap moving between two
    /// measurements. Measured: 0.2 to 0.8 MB beside the store.
    /// </summary>
    private const long SlackBytes = 2 * 1024 * 1024;

    [Theory]
    [InlineData(100, MaxHistoryBytes)]
    [InlineData(10_000, MaxHistoryBytes)]
    public async Task Churn_TenThousandRoomsEachJoinedSentToAndLeft_RetainsNoMoreThanTheBudget(int maxRooms, long maxHistoryBytes)
    {
        // A first engine runs every code path once, so that what the measured one retains is its own.
        await using (var warmUp = CreateServices(maxRooms, maxHistoryBytes))
        {
            await ChurnAsync(warmUp, 200);
        }

        await using var services = CreateServices(maxRooms, maxHistoryBytes);
        var before = await MeasureAsync();
        await ChurnAsync(services, Rooms);
        var after = await MeasureAsync();

        var retained = after - before;
        var allowed = maxHistoryBytes + SlackBytes;
        // The builder keeps the adapter's store as a keyed service behind its tracing decorator.
        var store = services.GetKeyedServices<IMessageStore>(KeyedService.AnyKey).OfType<InMemoryMessageStore>().Single();
        output.WriteLine($"MaxRooms {maxRooms}, MaxHistoryBytes {maxHistoryBytes}: {retained:N0} bytes retained after {Rooms:N0} rooms ({allowed:N0} allowed); the store holds {store.RoomCount} rooms, {store.Bytes:N0} bytes estimated.");
        Assert.InRange(retained, long.MinValue, allowed);
        Assert.InRange(store.RoomCount, 1, maxRooms);
        Assert.InRange(store.Bytes, 1, maxHistoryBytes);
    }

    [Fact]
    public async Task AppendAsync_ManyRoomsAndMessages_HoldLessMemoryThanEstimated()
    {
        var store = new InMemoryMessageStore(new InMemoryConnectionStore(), Options.Create(new InMemoryOptions()));
        await AppendAsync(store, "warm-up", rooms: 10);

        var before = GC.GetTotalMemory(forceFullCollection: true) - store.Bytes;
        await AppendAsync(store, "room", rooms: 2_000);
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;

        // Under the estimate, so that the budget bounds real memory, but not so far under that the budget is wasted.
        output.WriteLine($"{held:N0} bytes held, {store.Bytes:N0} estimated.");
        Assert.InRange(held, store.Bytes / 2, store.Bytes);
        GC.KeepAlive(store);
    }

    /// <summary>Appends ten messages of growing length to each room, sharing no string: the estimate's worst case.</summary>
    private static async Task AppendAsync(InMemoryMessageStore store, string prefix, int rooms)
    {
        for (var r = 0; r < rooms; r++)
        {
            for (var m = 0; m < 10; m++)
            {
                var sender = new ChatMember { ConnectionId = $"conn-{Guid.NewGuid():N}", Name = $"user {m}", UserId = $"user-{Guid.NewGuid():N}" };
                var text = new string('x', m * 40);
                await store.AppendAsync(new NewChatMessage
                {
                    Room = $"{prefix}-{r}",
                    Id = Guid.NewGuid().ToString("N"),
                    Sender = sender,
                    Text = text,
                    SentAt = DateTimeOffset.UnixEpoch,
                    ClientMessageId = $"c-{m}",
                });
            }
        }
    }

    /// <summary>Measures the heap once the thread pool has run what the engine queued (its outbox's last passes).</summary>
    /// <remarks>
    /// Those passes end up on the local queue of a busy thread, and a few thousand can still be waiting when the
    /// churn ends; measured with them, the heap moved by up to 2 MB between runs.
    /// </remarks>
    private static async Task<long> MeasureAsync()
    {
        for (var i = 0; i < 1000 && ThreadPool.PendingWorkItemCount > 0; i++)
        {
            await Task.Yield();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static ServiceProvider CreateServices(int maxRooms, long maxHistoryBytes) =>
        new ServiceCollection()
            .AddChatRoom(o =>
            {
                o.DefaultRoom = null;

                // Each client joins, sends to and leaves 200 rooms, far more than a person would per second.
                o.RateLimitPerSecond = o.RateLimitBurst = 1_000_000;
            })
            .AddInMemory(o =>
            {
                o.MaxRooms = maxRooms;
                o.MaxHistoryBytes = maxHistoryBytes;
            })
            .Services.BuildServiceProvider();

    /// <summary>Like the ASP.NET Core sample's churn scenario: each of 50 clients in turn joins a new room, sends one message and leaves.</summary>
    private static async Task ChurnAsync(IServiceProvider services, int rooms)
    {
        var clients = new InMemoryChatClient[Clients];
        for (var i = 0; i < Clients; i++)
        {
            clients[i] = await InMemoryChatClient.ConnectAsync(services, $"user{i}");
        }

        for (var i = 0; i < rooms; i++)
        {
            var client = clients[i % Clients];
            var room = $"room-{i}";
            await client.SendAsync($$"""{"action":"join","room":"{{room}}"}""");
            await client.ReceiveAsync("joined");
            await client.SendAsync($$"""{"action":"sendmessage","room":"{{room}}","text":"hello from {{i}}","clientMessageId":"c-{{i}}"}""");
            await client.ReceiveAsync("message");
            await client.SendAsync($$"""{"action":"leave","room":"{{room}}"}""");
            await client.ReceiveAsync("left");
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
