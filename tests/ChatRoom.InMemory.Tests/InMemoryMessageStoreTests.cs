using ChatRoom.InMemory.Internal;
using ChatRoom.Testing;
using Microsoft.Extensions.Options;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace ChatRoom.InMemory.Tests;

public sealed class InMemoryMessageStoreTests : MessageStoreConformanceTests
{
    private const int Capacity = 5;

    private const int SmallBudgetBytes = 16 * 1024;

    private readonly InMemoryConnectionStore _connections = new();

    protected override Task<IMessageStore> CreateStoreAsync() => Task.FromResult<IMessageStore>(new InMemoryMessageStore(_connections, Options.Create(new InMemoryOptions())));

    [Fact]
    public async Task AppendAsync_ConcurrentDuplicates_TakeNoSeq()
    {
        var store = CreateStore(Capacity);
        var room = NewRoom();
        var sender = new ChatMember { ConnectionId = "c", Name = "alice", UserId = "u" };

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            store.AppendAsync(new NewChatMessage
            {
                Room = room,
                Id = $"m{i}",
                Sender = sender,
                Text = "same",
                SentAt = DateTimeOffset.UnixEpoch,
                ClientMessageId = "cm-1",
            }))));
        var next = await store.AppendAsync(new NewChatMessage
        {
            Room = room,
            Id = "next",
            Sender = sender,
            Text = "next",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = null,
        });

        Assert.Equal(2, next.Message.Seq);
    }

    [Fact]
    public async Task AppendAsync_BeyondMaxHistory_DropsOldest()
    {
        var store = CreateStore(Capacity);
        var room = await AppendNumberedAsync(store, 12);

        var page = await store.GetLatestAsync(room, 100);

        Assert.Equal(Range(8, 12), page.Messages.Select(m => m.Seq));
        Assert.Equal(["m8", "m9", "m10", "m11", "m12"], page.Messages.Select(m => m.Text));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task AppendAsync_ManyWrapArounds_SeqsStayContiguous()
    {
        var store = CreateStore(Capacity);
        var room = NewRoom();
        var sender = NewSender();

        var seqs = new List<long>();
        for (var i = 0; i < Capacity * 4 + 3; i++)
        {
            seqs.Add((await store.AppendAsync(NewMessage(room, sender, $"m{i}"))).Message.Seq);
        }

        Assert.Equal(Range(1, Capacity * 4 + 3), seqs);
        Assert.Equal(Range(19, 23), (await store.GetLatestAsync(room, 100)).Messages.Select(m => m.Seq));
    }

    [Fact]
    public async Task AppendAsync_AtExactlyMaxHistory_KeepsEverything()
    {
        var store = CreateStore(Capacity);
        var room = await AppendNumberedAsync(store, Capacity);

        var page = await store.GetAfterAsync(room, 0, 100);

        Assert.Equal(Range(1, Capacity), page.Messages.Select(m => m.Seq));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetLatestAsync_AfterWrapAround_ReturnsNewestWithHasMoreOnlyWithinRetained()
    {
        var store = CreateStore(Capacity);
        var room = await AppendNumberedAsync(store, 12);

        var three = await store.GetLatestAsync(room, 3);
        var five = await store.GetLatestAsync(room, 5);

        Assert.Equal([10L, 11L, 12L], three.Messages.Select(m => m.Seq));
        Assert.True(three.HasMore);
        Assert.Equal(Range(8, 12), five.Messages.Select(m => m.Seq));
        Assert.False(five.HasMore);
    }

    [Fact]
    public async Task GetBeforeAsync_AfterWrapAround_PagesBackToOldestRetained()
    {
        var store = CreateStore(Capacity);
        var room = await AppendNumberedAsync(store, 13);

        var newer = await store.GetBeforeAsync(room, 12, 2);
        var older = await store.GetBeforeAsync(room, 10, 2);
        var dropped = await store.GetBeforeAsync(room, 9, 2);

        Assert.Equal([10L, 11L], newer.Messages.Select(m => m.Seq));
        Assert.True(newer.HasMore);
        Assert.Equal([9L], older.Messages.Select(m => m.Seq));
        Assert.Equal(["m9"], older.Messages.Select(m => m.Text));
        Assert.False(older.HasMore);
        Assert.Empty(dropped.Messages);
        Assert.False(dropped.HasMore);
    }

    [Fact]
    public async Task GetAfterAsync_AfterWrapAround_StartsAtOldestRetained()
    {
        var store = CreateStore(Capacity);
        var room = await AppendNumberedAsync(store, 12);

        var fromDropped = await store.GetAfterAsync(room, 2, 3);
        var rest = await store.GetAfterAsync(room, 10, 3);

        Assert.Equal([8L, 9L, 10L], fromDropped.Messages.Select(m => m.Seq));
        Assert.Equal(["m8", "m9", "m10"], fromDropped.Messages.Select(m => m.Text));
        Assert.True(fromDropped.HasMore);
        Assert.Equal([11L, 12L], rest.Messages.Select(m => m.Seq));
        Assert.False(rest.HasMore);
    }

    [Fact]
    public async Task GetAfterAsync_BelowTheOldestRetained_AccountsForTheDroppedSeqs()
    {
        var store = CreateStore(Capacity);
        var room = await AppendNumberedAsync(store, 12);

        var page = await store.GetAfterAsync(room, 2, 3);

        Assert.Equal([8L, 9L, 10L], page.Messages.Select(m => m.Seq));
        Assert.Equal(new SeqRange(3, 10), page.Range);
    }

    [Fact]
    public async Task GetAfterAsync_ForgottenRoomUsedAgain_AccountsForTheSeqsItNoLongerHolds()
    {
        var store = CreateStore(maxRooms: 1);
        var room = await AppendNumberedAsync(store, 5);
        await AppendToNewRoomAsync(store);
        var again = await store.AppendAsync(NewMessage(room, NewSender(), "again"));

        var page = await store.GetAfterAsync(room, 2, 10);

        Assert.Equal([again.Message], page.Messages);
        Assert.Equal(new SeqRange(3, again.Message.Seq), page.Range);
    }

    [Fact]
    public async Task AppendAsync_ClientMessageIdOfDroppedMessage_IsNotDuplicateAnymore()
    {
        var store = CreateStore(Capacity);
        var room = NewRoom();
        var sender = NewSender();
        var original = await store.AppendAsync(NewMessage(room, sender, "original", "cmid-1"));
        await AppendNumberedAsync(store, room, 2, Capacity + 1);

        var resend = await store.AppendAsync(NewMessage(room, sender, "resent", "cmid-1"));

        Assert.Equal(1, original.Message.Seq);
        Assert.False(resend.IsDuplicate);
        Assert.Equal(Capacity + 2, resend.Message.Seq);
        Assert.Equal("resent", resend.Message.Text);
    }

    [Fact]
    public async Task AppendAsync_ClientMessageIdOfRetainedMessage_IsStillDuplicate()
    {
        var store = CreateStore(Capacity);
        var room = NewRoom();
        var sender = NewSender();
        await AppendNumberedAsync(store, room, 1, Capacity + 2);
        var original = await store.AppendAsync(NewMessage(room, sender, "original", "cmid-1"));
        await AppendNumberedAsync(store, room, Capacity + 4, Capacity + 6);

        var resend = await store.AppendAsync(NewMessage(room, sender, "resent", "cmid-1"));

        Assert.True(resend.IsDuplicate);
        Assert.Equal(original.Message, resend.Message);
    }

    [Fact]
    public async Task AppendAsync_ReusedClientMessageIdAfterDrop_DedupsAgainstNewMessage()
    {
        var store = CreateStore(Capacity);
        var room = NewRoom();
        var sender = NewSender();
        await store.AppendAsync(NewMessage(room, sender, "first", "cmid-1"));
        await AppendNumberedAsync(store, room, 2, Capacity + 1);
        var second = await store.AppendAsync(NewMessage(room, sender, "second", "cmid-1"));

        var resend = await store.AppendAsync(NewMessage(room, sender, "resent", "cmid-1"));

        Assert.True(resend.IsDuplicate);
        Assert.Equal(second.Message, resend.Message);
    }

    [Fact]
    public async Task AppendAsync_ManyMessages_GrowsTheRoomsBytesWithWhatItHolds()
    {
        var store = CreateStore();
        var room = await AppendNumberedAsync(store, 1);
        var oneMessage = store.Bytes;

        await AppendNumberedAsync(store, room, 2, 100);

        // A preallocated ring of 10,000 slots alone would be 80,000 bytes.
        Assert.InRange(store.Bytes, 50 * oneMessage / 2, 100 * oneMessage);
        Assert.InRange(oneMessage, 1, 2_000);
    }

    [Fact]
    public async Task AppendAsync_OverMaxRooms_ForgetsLeastRecentlyUsedRoomsDownToNinetyPercent()
    {
        var store = CreateStore(maxRooms: 10);
        var rooms = await AppendToNewRoomsAsync(store, 10);
        await store.GetLatestAsync(rooms[0], 1);

        var extra = await AppendToNewRoomAsync(store);

        Assert.Equal(9, store.RoomCount);
        Assert.Equal([rooms[1], rooms[2]], await ForgottenAsync(store, [.. rooms, extra]));
    }

    [Fact]
    public async Task AppendAsync_OverMaxRooms_KeepsRoomsWithMembers()
    {
        var store = CreateStore(maxRooms: 10);
        var rooms = await AppendToNewRoomsAsync(store, 10);
        await JoinAsync(rooms[0]);
        await JoinAsync(rooms[2]);

        var extra = await AppendToNewRoomAsync(store);

        Assert.Equal([rooms[1], rooms[3]], await ForgottenAsync(store, [.. rooms, extra]));
    }

    [Fact]
    public async Task AppendAsync_EveryOtherRoomHasMembers_KeepsTheRoomItAppendsTo()
    {
        var store = CreateStore(maxRooms: 2);
        var rooms = await AppendToNewRoomsAsync(store, 2);
        await JoinAsync(rooms[0]);
        await JoinAsync(rooms[1]);

        var extra = await AppendToNewRoomAsync(store);

        Assert.Equal(3, store.RoomCount);
        Assert.Empty(await ForgottenAsync(store, [.. rooms, extra]));
    }

    [Fact]
    public async Task AppendAsync_AfterAPass_RunsTheNextOnlyATenthOfMaxRoomsLater()
    {
        var store = CreateStore(maxRooms: 100);
        await AppendToNewRoomsAsync(store, 101);
        var afterFirstPass = store.RoomCount;

        await AppendToNewRoomsAsync(store, 10);
        var beforeSecondPass = store.RoomCount;
        await AppendToNewRoomsAsync(store, 1);

        Assert.Equal(90, afterFirstPass);
        Assert.Equal(100, beforeSecondPass);
        Assert.Equal(90, store.RoomCount);
    }

    [Fact]
    public async Task AppendAsync_RoomsWithMembersKeepTheStoreOverMaxRooms_DoesNotCheckEveryRoomOnEveryAppend()
    {
        var connections = Substitute.For<IConnectionStore>();
        connections.GetMembersAsync(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(new MemberPage
            {
                Members = [new ChatMember { ConnectionId = "c", Name = "someone", UserId = "u" }],
                ContinuationToken = null,
            });
        var store = CreateStore(maxRooms: 10, connections: connections);
        await AppendToNewRoomsAsync(store, 11);
        var firstPass = connections.ReceivedCalls().Count();

        await AppendToNewRoomsAsync(store, 1);
        var afterOneMore = connections.ReceivedCalls().Count();
        await AppendToNewRoomsAsync(store, 1);

        Assert.Equal(10, firstPass);
        Assert.Equal(firstPass, afterOneMore);
        Assert.Equal(firstPass + 12, connections.ReceivedCalls().Count());
        Assert.Equal(13, store.RoomCount);
    }

    [Fact]
    public async Task AppendAsync_ConnectionStoreUnavailable_KeepsTheRoomsAndStoresTheMessage()
    {
        var connections = Substitute.For<IConnectionStore>();
        connections.GetMembersAsync(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ChatStoreUnavailableException("down"));
        var store = CreateStore(maxRooms: 2, connections: connections);
        var rooms = await AppendToNewRoomsAsync(store, 2);

        var extra = await AppendToNewRoomAsync(store);

        Assert.Empty(await ForgottenAsync(store, [.. rooms, extra]));
    }

    [Fact]
    public async Task AppendAsync_ForgottenRoomUsedAgain_ContinuesAboveItsLastSeq()
    {
        var store = CreateStore(maxRooms: 1);
        var room = await AppendNumberedAsync(store, 5);
        await AppendToNewRoomAsync(store);
        Assert.Empty((await store.GetLatestAsync(room, 10)).Messages);

        var again = await store.AppendAsync(NewMessage(room, NewSender(), "again"));

        Assert.Equal(6, again.Message.Seq);
        Assert.Equal([again.Message], (await store.GetLatestAsync(room, 10)).Messages);
    }

    [Fact]
    public async Task AppendAsync_NewRoomAfterAnEviction_StartsAboveTheHighestForgottenSeq()
    {
        var store = CreateStore(maxRooms: 1);
        await AppendNumberedAsync(store, 7);
        await AppendToNewRoomAsync(store);

        var fresh = await store.AppendAsync(NewMessage(NewRoom(), NewSender()));

        Assert.Equal(8, fresh.Message.Seq);
    }

    [Fact]
    public async Task AppendAsync_OverMaxHistoryBytes_ForgetsLeastRecentlyUsedRoomsAndStaysUnder()
    {
        var store = CreateStore(maxHistoryBytes: SmallBudgetBytes);
        var rooms = new List<string>();
        var maxBytes = 0L;
        for (var i = 0; i < 60; i++)
        {
            rooms.Add(await AppendToNewRoomAsync(store));
            maxBytes = Math.Max(maxBytes, store.Bytes);
        }

        var forgotten = await ForgottenAsync(store, rooms);

        Assert.InRange(maxBytes, 1, SmallBudgetBytes);
        Assert.NotEmpty(forgotten);
        Assert.Equal(rooms.Take(forgotten.Count), forgotten);
    }

    [Fact]
    public async Task AppendAsync_OverMaxHistoryBytesAndEveryRoomHasMembers_DropsTheLargestRoomsOldestMessages()
    {
        var store = CreateStore(maxHistoryBytes: SmallBudgetBytes);
        var small = await AppendNumberedAsync(store, 2);
        var large = NewRoom();
        await JoinAsync(small);
        await JoinAsync(large);
        var sender = NewSender();
        var seqs = new List<long>();
        var maxBytes = 0L;

        for (var i = 0; i < 50; i++)
        {
            seqs.Add((await store.AppendAsync(NewMessage(large, sender, new string('x', 200)))).Message.Seq);
            maxBytes = Math.Max(maxBytes, store.Bytes);
        }

        var kept = (await store.GetAfterAsync(large, 0, 100)).Messages.Select(m => m.Seq).ToList();
        Assert.InRange(maxBytes, 1, SmallBudgetBytes);
        Assert.Equal(Range(1, 50), seqs);
        Assert.InRange(kept.Count, 2, 49);
        Assert.Equal(Range(51 - kept.Count, 50), kept);
        Assert.Equal([1L, 2L], (await store.GetAfterAsync(small, 0, 10)).Messages.Select(m => m.Seq));
    }

    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(16, 2, 4)]
    public async Task AppendAsync_ConcurrentWritersAndReadersWhileRoomsAreForgotten_NeverRepeatASeqInARoom(int rooms, int writersPerRoom, int maxRooms)
    {
        // With two rooms and room for one, every append forgets the other room while its writer appends to it: an
        // append that landed in the forgotten log would be lost, and the room's next log would repeat its seq.
        const int PerWriter = 1_000;
        var store = CreateStore(maxHistoryPerRoom: 8, maxRooms: maxRooms);
        var names = Enumerable.Range(0, rooms).Select(_ => NewRoom()).ToArray();
        using var stop = new CancellationTokenSource();

        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var room = names[i % rooms];
                var page = i % 2 == 0 ? await store.GetLatestAsync(room, 4) : await store.GetAfterAsync(room, i % 50, 4);
                Assert.All(page.Messages, m => Assert.Equal(room, m.Room));
                Assert.Equal(page.Messages.Select(m => m.Seq).Order(), page.Messages.Select(m => m.Seq));
            }
        })).ToArray();
        var writers = names.SelectMany(room => Enumerable.Range(0, writersPerRoom).Select(_ => Task.Run(async () =>
        {
            var sender = NewSender();
            var seqs = new List<long>();
            for (var i = 0; i < PerWriter; i++)
            {
                seqs.Add((await store.AppendAsync(NewMessage(room, sender))).Message.Seq);
            }

            return (Room: room, Seqs: seqs);
        }))).ToArray();
        var written = await Task.WhenAll(writers);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.All(written, w => Assert.Equal(w.Seqs.Order(), w.Seqs));
        Assert.All(written.GroupBy(w => w.Room), room =>
        {
            var seqs = room.SelectMany(w => w.Seqs).ToList();
            Assert.Equal(seqs.Count, seqs.Distinct().Count());
        });
        Assert.InRange(store.RoomCount, 1, rooms);
    }

    private async Task JoinAsync(string room)
    {
        var member = new ConnectionInfo { Member = new() { ConnectionId = NewId("conn"), Name = "member", UserId = NewId("user") }, ConnectedAt = DateTimeOffset.UnixEpoch };
        await _connections.AddConnectionAsync(member);
        Assert.Equal(RoomJoinResult.Joined, await _connections.JoinRoomAsync(room, member, maxRooms: 1));
    }

    private static async Task<List<string>> AppendToNewRoomsAsync(InMemoryMessageStore store, int count)
    {
        var rooms = new List<string>();
        for (var i = 0; i < count; i++)
        {
            rooms.Add(await AppendToNewRoomAsync(store));
        }

        return rooms;
    }

    /// <summary>Appends one message to a new room; after evictions its seq may be above 1.</summary>
    private static async Task<string> AppendToNewRoomAsync(InMemoryMessageStore store)
    {
        var room = NewRoom();
        await store.AppendAsync(NewMessage(room, NewSender(), "hello", NewId("cmid")));
        return room;
    }

    /// <summary>The rooms whose history is gone, in the given order.</summary>
    private static async Task<List<string>> ForgottenAsync(InMemoryMessageStore store, IEnumerable<string> rooms)
    {
        var forgotten = new List<string>();
        foreach (var room in rooms)
        {
            if ((await store.GetLatestAsync(room, 1)).Messages.Count == 0)
            {
                forgotten.Add(room);
            }
        }

        return forgotten;
    }

    private InMemoryMessageStore CreateStore(int maxHistoryPerRoom = 10_000, int maxRooms = 10_000, long maxHistoryBytes = 128L * 1024 * 1024, IConnectionStore? connections = null) =>
        new(connections ?? _connections, Options.Create(new InMemoryOptions { MaxHistoryPerRoom = maxHistoryPerRoom, MaxRooms = maxRooms, MaxHistoryBytes = maxHistoryBytes }));
}
