using ChatRoom.InMemory.Internal;

namespace ChatRoom.InMemory.Tests;

public sealed class RoomLogTests
{
    private static readonly ChatMember s_sender = new() { ConnectionId = "c", Name = "alice", UserId = "u" };

    [Fact]
    public void TryAppend_FirstMessage_GetsSeqAboveTheFloor()
    {
        var floor = new SeqFloor();
        floor.Raise(41);
        var log = new RoomLog("room", 10, floor);

        var first = Append(log, "m1");
        var second = Append(log, "m2");

        Assert.Equal(42, first.Message.Seq);
        Assert.Equal(43, second.Message.Seq);
    }

    [Fact]
    public void TryAppend_FloorRaisedAfterTheLogWasCreated_StartsAboveIt()
    {
        // The store creates a log before it can publish it, and a pass may forget the room's previous log meanwhile.
        var floor = new SeqFloor();
        var log = new RoomLog("room", 10, floor);
        floor.Raise(7);

        Assert.Equal(8, Append(log, "m").Message.Seq);
    }

    [Fact]
    public void TryAppend_Forgotten_RefusesAndStoresNothing()
    {
        var log = new RoomLog("room", 10, new SeqFloor());
        Append(log, "m1");
        Assert.True(log.TryForget(log.LastUsed));
        var bytes = log.Bytes;

        var refused = log.TryAppend(Draft("m2"), long.MaxValue, out var bytesAdded);

        Assert.Null(refused);
        Assert.Equal(0, bytesAdded);
        Assert.Equal(bytes, log.Bytes);
        Assert.Equal(1, log.Count);
    }

    [Fact]
    public void TryForget_Always_RaisesTheFloorToTheLastSeq()
    {
        var floor = new SeqFloor();
        var log = new RoomLog("room", 2, floor);
        for (var i = 0; i < 5; i++)
        {
            Append(log, $"m{i}");
        }

        Assert.True(log.TryForget(log.LastUsed));

        Assert.Equal(5, floor.Value);
    }

    [Fact]
    public void TryForget_UsedSinceTheStamp_Refuses()
    {
        var floor = new SeqFloor();
        var log = new RoomLog("room", 10, floor);
        Append(log, "m1", stamp: 1);
        var seen = log.LastUsed;
        log.ReadAfter(0, 10, stamp: 2);

        Assert.False(log.TryForget(seen));
        Assert.NotNull(log.TryAppend(Draft("m2"), 3, out _));
        Assert.Equal(0, floor.Value);
    }

    [Fact]
    public void TryAppend_BeyondMaxHistory_ForgetsTheDroppedMessagesClientIds()
    {
        var log = new RoomLog("room", 3, new SeqFloor());
        var original = log.TryAppend(Draft("original", "cm-1"), 1, out _)!;
        Append(log, "m2");
        Append(log, "m3");
        var stillHeld = log.TryAppend(Draft("resent", "cm-1"), 4, out _)!;
        Append(log, "m4");

        var afterDrop = log.TryAppend(Draft("resent", "cm-1"), 6, out _)!;

        Assert.True(stillHeld.IsDuplicate);
        Assert.Equal(original.Message, stillHeld.Message);
        Assert.False(afterDrop.IsDuplicate);
        Assert.Equal(5, afterDrop.Message.Seq);
    }

    [Fact]
    public void TryAppend_Always_AddsEachMessagesEstimateToBytes()
    {
        var log = new RoomLog("room", 100, new SeqFloor());
        var total = 0L;
        var messages = 0L;

        for (var i = 0; i < 20; i++)
        {
            var result = log.TryAppend(Draft(new string('x', i * 10), $"cm-{i}"), i + 1, out var added)!;
            total += added;
            messages += MemoryEstimate.Of(result.Message);
        }

        Assert.Equal(total, log.Bytes);
        Assert.True(log.Bytes > messages, "Bytes counts the room's slots and bookkeeping on top of its messages.");
    }

    [Fact]
    public void TrimOldest_OverTarget_DropsOldestUntilUnderIt()
    {
        var log = new RoomLog("room", 100, new SeqFloor());
        for (var i = 1; i <= 10; i++)
        {
            Append(log, $"m{i}");
        }

        var before = log.Bytes;
        var freed = log.TrimOldest(before - 1);

        Assert.Equal(9, log.Count);
        Assert.Equal(before - log.Bytes, freed);
        Assert.Equal([2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L], log.ReadAfter(0, 100, 100).Messages.Select(m => m.Seq));
    }

    [Fact]
    public void TrimOldest_TargetBelowOneMessage_KeepsTheNewestAndShrinksToAOneMessageRoom()
    {
        var log = new RoomLog("room", 100, new SeqFloor());
        for (var i = 1; i <= 40; i++)
        {
            Append(log, $"m{i}", $"cm-{i}");
        }

        var oneMessageRoom = new RoomLog("room", 100, new SeqFloor());
        Append(oneMessageRoom, "m40", "cm-40");

        log.TrimOldest(0);

        Assert.Equal([40L], log.ReadAfter(0, 100, 100).Messages.Select(m => m.Seq));
        Assert.Equal(oneMessageRoom.Bytes, log.Bytes);
        Assert.True(log.TryAppend(Draft("resent", "cm-40"), 101, out _)!.IsDuplicate);
        Assert.False(log.TryAppend(Draft("resent", "cm-39"), 102, out _)!.IsDuplicate);
    }

    [Fact]
    public void TrimOldest_OneMessageLeft_FreesNothing()
    {
        var log = new RoomLog("room", 100, new SeqFloor());
        Append(log, "m1");

        Assert.Equal(0, log.TrimOldest(0));
        Assert.Equal(1, log.Count);
    }

    [Fact]
    public void ReadBefore_AcrossTheWrap_ReturnsNewestBelowWithHasMore()
    {
        var log = new RoomLog("room", 5, new SeqFloor());
        for (var i = 1; i <= 13; i++)
        {
            Append(log, $"m{i}");
        }

        var page = log.ReadBefore(13, 3, 100);

        Assert.Equal([10L, 11L, 12L], page.Messages.Select(m => m.Seq));
        Assert.Equal(["m10", "m11", "m12"], page.Messages.Select(m => m.Text));
        Assert.True(page.HasMore);
    }

    [Fact]
    public void ReadAfter_AfterSeqBeyondTheLast_ReturnsEmpty()
    {
        var log = new RoomLog("room", 5, new SeqFloor());
        Append(log, "m1");

        Assert.Empty(log.ReadAfter(long.MaxValue, 10, 100).Messages);
        Assert.Empty(log.ReadAfter(1, 10, 100).Messages);
    }

    private static AppendResult Append(RoomLog log, string text, string? clientMessageId = null, long? stamp = null) =>
        log.TryAppend(Draft(text, clientMessageId), stamp ?? log.LastUsed + 1, out _) ?? throw new InvalidOperationException("The log was forgotten.");

    private static NewChatMessage Draft(string text, string? clientMessageId = null) =>
        new()
        {
            Room = "room",
            Id = Guid.NewGuid().ToString("N"),
            Sender = s_sender,
            Text = text,
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = clientMessageId,
        };
}
