using ChatRoom.InMemory.Internal;

namespace ChatRoom.InMemory.Tests;

public sealed class MessageRingTests
{
    [Fact]
    public void Constructor_Always_StartsWithInitialCapacityNotTheMaximum()
    {
        var ring = new MessageRing(10_000);

        Assert.Equal(MessageRing.InitialCapacity, ring.Capacity);
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void Constructor_MaximumBelowInitialCapacity_StartsAtTheMaximum()
    {
        var ring = new MessageRing(2);

        Assert.Equal(2, ring.Capacity);
    }

    [Fact]
    public void Add_BeyondCapacity_DoublesUpToTheMaximum()
    {
        var ring = new MessageRing(10);
        var capacities = new List<int>();

        for (var seq = 1; seq <= 10; seq++)
        {
            ring.Add(Message(seq));
            capacities.Add(ring.Capacity);
        }

        Assert.Equal([4, 4, 4, 4, 8, 8, 8, 8, 10, 10], capacities);
        Assert.True(ring.IsFull);
        Assert.Equal(Seqs(1, 10), ring.Copy(1, 10).Select(m => m.Seq));
    }

    [Fact]
    public void Add_AtTheMaximumAfterRemovingOldest_WrapsAroundWithoutGrowing()
    {
        var ring = Filled(maxCapacity: 5, lastSeq: 5);

        for (var seq = 6; seq <= 13; seq++)
        {
            ring.RemoveOldest();
            ring.Add(Message(seq));
        }

        Assert.Equal(5, ring.Capacity);
        Assert.Equal(9, ring.FirstSeq);
        Assert.Equal(13, ring.LastSeq);
        Assert.Equal(Seqs(9, 13), ring.Copy(9, 13).Select(m => m.Seq));
    }

    [Fact]
    public void Add_GrowingWhileWrapped_KeepsSeqOrder()
    {
        var ring = Filled(maxCapacity: 16, lastSeq: 4);
        ring.RemoveOldest();
        ring.RemoveOldest();
        ring.Add(Message(5));
        ring.Add(Message(6));

        ring.Add(Message(7));

        Assert.Equal(8, ring.Capacity);
        Assert.Equal(Seqs(3, 7), ring.Copy(3, 7).Select(m => m.Seq));
    }

    [Theory]
    [InlineData(9, 9)]
    [InlineData(10, 12)]
    [InlineData(11, 13)]
    [InlineData(9, 13)]
    public void Copy_RangeAcrossTheWrap_ReturnsThoseSeqsInOrder(long first, long last)
    {
        var ring = Filled(maxCapacity: 5, lastSeq: 5);
        for (var seq = 6; seq <= 13; seq++)
        {
            ring.RemoveOldest();
            ring.Add(Message(seq));
        }

        var copied = ring.Copy(first, last);

        Assert.Equal(Seqs(first, last), copied.Select(m => m.Seq));
        Assert.Equal(Seqs(first, last).Select(s => $"m{s}"), copied.Select(m => m.Text));
    }

    [Fact]
    public void ShrinkToFit_AQuarterFullOrLess_HalvesUntilAboveAQuarter()
    {
        var ring = Filled(maxCapacity: 64, lastSeq: 64);
        while (ring.Count > 3)
        {
            ring.RemoveOldest();
        }

        ring.ShrinkToFit();

        Assert.Equal(8, ring.Capacity);
        Assert.Equal(Seqs(62, 64), ring.Copy(62, 64).Select(m => m.Seq));
    }

    [Fact]
    public void ShrinkToFit_MoreThanAQuarterFull_KeepsCapacity()
    {
        var ring = Filled(maxCapacity: 16, lastSeq: 16);
        while (ring.Count > 5)
        {
            ring.RemoveOldest();
        }

        ring.ShrinkToFit();

        Assert.Equal(16, ring.Capacity);
    }

    private static MessageRing Filled(int maxCapacity, long lastSeq)
    {
        var ring = new MessageRing(maxCapacity);
        for (var seq = 1L; seq <= lastSeq; seq++)
        {
            ring.Add(Message(seq));
        }

        return ring;
    }

    private static ChatMessage Message(long seq) =>
        new()
        {
            Room = "room",
            Seq = seq,
            Id = $"id{seq}",
            Sender = new ChatMember { ConnectionId = "c", Name = "alice", UserId = "u" },
            Text = $"m{seq}",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = null,
        };

    private static IEnumerable<long> Seqs(long first, long last)
    {
        for (var seq = first; seq <= last; seq++)
        {
            yield return seq;
        }
    }
}
