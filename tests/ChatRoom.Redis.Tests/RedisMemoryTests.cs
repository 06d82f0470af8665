using System.Globalization;
using ChatRoom.Redis.Internal;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ChatRoom.Redis.Tests;

/// <summary>
/// What the Redis stores cost in Redis memory (<c>used_memory</c>), per message, per room and per connection, measured on
/// a server of its own and checked against the budgets docs/scale-out.md states.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisMemoryTests(ITestOutputHelper output)
{
    // The budgets in docs/scale-out.md ("Redis memory"), with room for allocator noise.
    private const double MessageBudgetBytes = 700;
    private const double RoomBudgetBytes = 1_200;
    private const double ConnectionBudgetBytes = 1_000;

    [Fact]
    public async Task Memory_MessagesRoomsAndConnections_StayWithinTheDocumentedBudgets()
    {
        await using var server = await RedisServer.StartNewAsync();
        await using var connection = server.CreateConnection();
        var messages = new RedisMessageStore(connection);
        var connections = new RedisConnectionStore(connection, Options.Create(server.CreateOptions()));
        var database = await connection.GetDatabaseAsync();
        var sender = new ChatMember { ConnectionId = "Qm9iJ3MgY29ubmVjdGlvbg", Name = "bob", UserId = "bob@example.com", IsAuthenticated = true };

        // 10,000 messages of 100 characters, each with a client message id, in one room.
        const int Messages = 10_000;
        var before = await UsedMemoryAsync(database);
        for (var i = 0; i < Messages; i++)
        {
            await messages.AppendAsync(Message("busy", sender, i));
        }

        var perMessage = (await UsedMemoryAsync(database) - before) / (double)Messages;

        // 1,000 rooms with one message each (a room's counter, history and de-dup index).
        const int Rooms = 1_000;
        before = await UsedMemoryAsync(database);
        for (var i = 0; i < Rooms; i++)
        {
            await messages.AppendAsync(Message($"room-{i}", sender, i));
        }

        var perRoom = (await UsedMemoryAsync(database) - before) / (double)Rooms - perMessage;

        // 1,000 connections, each registered and a member of one room of ten.
        const int Connections = 1_000;
        before = await UsedMemoryAsync(database);
        for (var i = 0; i < Connections; i++)
        {
            var info = new ConnectionInfo
            {
                Member = new ChatMember { ConnectionId = $"conn{i:D6}abcdefghijkl", Name = $"user-{i}", UserId = $"user-{i}@example.com", IsAuthenticated = true },
                ConnectedAt = DateTimeOffset.UnixEpoch.AddDays(20_000),
            };
            await connections.AddConnectionAsync(info);
            await connections.JoinRoomAsync($"room-{i % 10}", info, maxRooms: 16);
        }

        var perConnection = (await UsedMemoryAsync(database) - before) / (double)Connections;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per message (100 characters): {perMessage:N0} B; per room (besides its messages): {perRoom:N0} B; per connection in one room: {perConnection:N0} B"));
        Assert.InRange(perMessage, 100, MessageBudgetBytes);
        Assert.InRange(perRoom, 0, RoomBudgetBytes);
        Assert.InRange(perConnection, 0, ConnectionBudgetBytes);
    }

    private static NewChatMessage Message(string room, ChatMember sender, int i) => new()
    {
        Room = room,
        Id = Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddDays(20_000).AddSeconds(i)).ToString("N"),
        Sender = sender,
        Text = new string('x', 90) + i.ToString("D10", CultureInfo.InvariantCulture),
        SentAt = DateTimeOffset.UnixEpoch.AddDays(20_000).AddSeconds(i),
        ClientMessageId = $"client-{i:D8}",
    };

    private static async Task<long> UsedMemoryAsync(IDatabase database)
    {
        var info = (string)(await database.ExecuteAsync("MEMORY", "STATS"))!.ToDictionary()["dataset.bytes"]!;
        return long.Parse(info, CultureInfo.InvariantCulture);
    }
}
