using ChatRoom.Client.Internal;
using CsCheck;

namespace ChatRoom.Client.Tests;

/// <summary>The per-room ordering state machine on its own: no sockets, no clock.</summary>
public sealed class RoomDeliveryOrderTests
{
    [Fact]
    public void OnLive_InOrderAfterJoin_HandsOverEachOnce()
    {
        var sequencer = Joined(lastSeq: 3);
        var output = new List<ServerFrame>();

        sequencer.OnLive(Message(4), output);
        sequencer.OnLive(Message(4), output);
        sequencer.OnLive(Message(5), output);

        Assert.Equal([4L, 5L], Seqs(output));
        Assert.False(sequencer.HasGap);
    }

    [Fact]
    public void OnLive_BeforeJoinedReply_IsBufferedAndHandedOverAfterIt()
    {
        var sequencer = new RoomDeliveryOrder();
        var output = new List<ServerFrame>();

        sequencer.OnLive(Message(3), output);
        Assert.Empty(output);
        sequencer.OnJoined([Message(1), Message(2)], 1, 2, hasMore: false, withSince: false, output);

        Assert.Equal([1L, 2L, 3L], Seqs(output));
        Assert.Equal(3, sequencer.Delivered);
    }

    [Fact]
    public void OnLive_AlreadyInJoinedReply_IsDropped()
    {
        var sequencer = new RoomDeliveryOrder();
        var output = new List<ServerFrame>();

        sequencer.OnLive(Message(2), output);
        sequencer.OnJoined([Message(1), Message(2)], 1, 2, hasMore: false, withSince: false, output);
        sequencer.OnLive(Message(2), output);

        Assert.Equal([1L, 2L], Seqs(output));
    }

    [Fact]
    public void OnJoined_FirstJoinOfAnEmptyRoom_StartsAtZero()
    {
        var sequencer = new RoomDeliveryOrder();
        var output = new List<ServerFrame>();

        sequencer.OnJoined([], null, null, hasMore: false, withSince: false, output);
        sequencer.OnLive(Message(1), output);

        Assert.Equal([1L], Seqs(output));
    }

    [Fact]
    public void OnLive_LaterSeq_OpensAGapThatTheMissingSeqCloses()
    {
        var sequencer = Joined(lastSeq: 1);
        var output = new List<ServerFrame>();

        sequencer.OnLive(Message(3), output);
        Assert.True(sequencer.HasGap);
        Assert.Empty(output);

        sequencer.OnLive(Message(2), output);
        Assert.Equal([2L, 3L], Seqs(output));
        Assert.False(sequencer.HasGap);
    }

    [Fact]
    public void OnHistory_RangeThatOmitsASeq_SkipsItForGood()
    {
        var sequencer = Joined(lastSeq: 1);
        var output = new List<ServerFrame>();
        sequencer.OnLive(Message(4), output);

        // Seq 2 was never stored: the reply accounts for 2..4 and lists 3 and 4.
        var again = sequencer.OnHistory([Message(3), Message(4)], 2, 4, hasMore: false, output);
        sequencer.OnLive(Message(2), output);

        Assert.Equal([3L, 4L], Seqs(output));
        Assert.False(again);
        Assert.False(sequencer.HasGap);
        Assert.Equal(4, sequencer.Delivered);
    }

    [Fact]
    public void OnHistory_CutReplyWithAGapStillOpen_AsksAgainAtOnce()
    {
        var sequencer = Joined(lastSeq: 0);
        var output = new List<ServerFrame>();
        sequencer.OnLive(Message(5), output);

        var again = sequencer.OnHistory([Message(1), Message(2)], 1, 2, hasMore: true, output);

        Assert.True(again);
        Assert.Equal([1L, 2L], Seqs(output));
        Assert.True(sequencer.HasGap);
    }

    [Fact]
    public void OnHistory_NothingAccounted_DoesNotAskAgainInALoop()
    {
        var sequencer = Joined(lastSeq: 1);
        var output = new List<ServerFrame>();
        sequencer.OnLive(Message(3), output);

        var again = sequencer.OnHistory([], null, null, hasMore: false, output);

        Assert.False(again);
        Assert.True(sequencer.HasGap);
    }

    [Fact]
    public void OnHistory_RangeStartingAboveTheNextSeq_IsNotTakenAsAuthoritative()
    {
        var sequencer = Joined(lastSeq: 1);
        var output = new List<ServerFrame>();

        // A reply that starts at 5 says nothing about 2..4.
        sequencer.OnHistory([Message(5)], 5, 5, hasMore: false, output);

        Assert.Empty(output);
        Assert.Equal(1, sequencer.Delivered);
        Assert.True(sequencer.HasGap);
    }

    [Fact]
    public void OnJoined_RejoinWithSinceAndMore_PagesOnAfterTheLastListed()
    {
        var sequencer = new RoomDeliveryOrder(delivered: 10);
        var output = new List<ServerFrame>();

        var pageOn = sequencer.OnJoined([Message(11), Message(12)], 11, 12, hasMore: true, withSince: true, output);

        Assert.True(pageOn);
        Assert.Equal([11L, 12L], Seqs(output));
        Assert.Equal(12, sequencer.Delivered);
    }

    [Fact]
    public void OnJoined_RejoinWithNothingNew_KeepsDelivered()
    {
        var sequencer = Joined(lastSeq: 7);
        var output = new List<ServerFrame>();

        var pageOn = sequencer.OnJoined([], null, null, hasMore: false, withSince: true, output);

        Assert.False(pageOn);
        Assert.Empty(output);
        Assert.Equal(7, sequencer.Delivered);
    }

    /// <summary>
    /// Appends happen in seq order over time; some seqs are never stored (a failed append), some stored messages lose
    /// their live frame, some arrive twice, all arrive out of order; history fills are answered at random moments
    /// with random limits (cut replies), the DynamoDB way (a range ends at the highest stored seq), and some replies
    /// are applied twice (a late duplicate). Every stored seq comes out exactly once, in increasing order.
    /// </summary>
    [Fact]
    public void Sequencer_AnyPermutationWithDuplicatesLossesAndHistoryReplies_YieldsEveryStoredSeqOnceInOrder()
    {
        var scenario =
            from n in Gen.Int[1, 60]
            from stored in Gen.Int[0, 9].Array[n]
            from lost in Gen.Int[0, 4].Array[n]
            from copies in Gen.Int[0, 2].Array[n]
            from delays in Gen.Double[0, 12].Array[3 * n]
            from fills in Gen.Int[0, 3].Array[(3 * n) + 1]
            from limit in Gen.Int[1, 8]
            from joinAt in Gen.Int[0, Math.Min(n, 40)]
            select new Scenario(n, stored, lost, copies, delays, fills, limit, joinAt);

        scenario.Sample(Run, iter: 2000);
    }

    private static void Run(Scenario s)
    {
        var stored = Enumerable.Range(1, s.N).Where(seq => s.Stored[seq - 1] != 0).Select(seq => (long)seq).ToArray();
        var arrivals = new List<(double At, long Seq)>();
        foreach (var seq in stored)
        {
            var live = s.Lost[seq - 1] == 0 ? 0 : 1 + s.Copies[seq - 1];
            for (var copy = 0; copy < live; copy++)
            {
                arrivals.Add((seq + s.Delays[((seq - 1) * 3) + copy], seq));
            }
        }

        arrivals.Sort((a, b) => a.At.CompareTo(b.At));
        var sequencer = new RoomDeliveryOrder();
        var output = new List<ServerFrame>();
        var joined = false;
        var step = 0;

        foreach (var (at, seq) in arrivals)
        {
            if (!joined && at >= s.JoinAt)
            {
                Join(s.JoinAt);
            }

            sequencer.OnLive(Message(seq), output);
            MaybeFill(at);
        }

        if (!joined)
        {
            Join(s.JoinAt);
        }

        // The quiet check: once everything is appended, fills (as many as cut replies need) find the rest.
        for (var i = 0; i <= s.N && output.Count < stored.Length; i++)
        {
            Fill(s.N, twice: false);
        }

        Assert.Equal(stored, Seqs(output));

        void Join(int highWater)
        {
            joined = true;
            var listed = stored.Where(seq => seq <= highWater).Select(Message).ToList();
            sequencer.OnJoined(listed, listed.Count > 0 ? listed[0].Seq : null, listed.Count > 0 ? listed[^1].Seq : null, hasMore: false, withSince: false, output);
        }

        void MaybeFill(double now)
        {
            var choice = s.Fills[step++ % s.Fills.Length];
            if (joined && choice <= 1 && sequencer.HasGap)
            {
                Fill(Math.Min(s.N, (int)now), twice: choice == 1);
            }
        }

        void Fill(int highWater, bool twice)
        {
            var after = sequencer.Delivered!.Value;
            var available = stored.Where(seq => seq > after && seq <= highWater).ToList();
            var listed = available.Take(s.Limit).Select(Message).ToList();
            var cut = available.Count > s.Limit;

            // DynamoDB's rule: the range ends at the highest item present (a hole above it may still be in flight).
            long? to = listed.Count > 0 ? listed[^1].Seq : null;
            long? from = to is null ? null : after + 1;
            var again = true;
            for (var i = 0; again && i < 100; i++)
            {
                again = sequencer.OnHistory(listed, from, to, cut, output);
                if (twice)
                {
                    sequencer.OnHistory(listed, from, to, cut, output);
                }

                if (again)
                {
                    after = sequencer.Delivered!.Value;
                    available = stored.Where(seq => seq > after && seq <= highWater).ToList();
                    listed = available.Take(s.Limit).Select(Message).ToList();
                    cut = available.Count > s.Limit;
                    to = listed.Count > 0 ? listed[^1].Seq : null;
                    from = to is null ? null : after + 1;
                }
            }
        }
    }

    private static RoomDeliveryOrder Joined(long lastSeq)
    {
        var sequencer = new RoomDeliveryOrder();
        var messages = Enumerable.Range(1, (int)lastSeq).Select(seq => Message(seq)).ToList();
        sequencer.OnJoined(messages, messages.Count > 0 ? 1 : null, messages.Count > 0 ? lastSeq : null, hasMore: false, withSince: false, []);
        return sequencer;
    }

    private static ServerFrame Message(long seq) => new() { Type = "message", Room = "r", Seq = seq, Id = "m" + seq, Text = "text " + seq };

    private static long[] Seqs(List<ServerFrame> output) => output.Select(m => m.Seq!.Value).ToArray();

    private sealed record Scenario(int N, int[] Stored, int[] Lost, int[] Copies, double[] Delays, int[] Fills, int Limit, int JoinAt);
}
