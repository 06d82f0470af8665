using System.Text;
using System.Text.Json;
using ChatRoom.InMemory;
using ChatRoom.Internal;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace ChatRoom.Core.Tests;

/// <summary>
/// Replies that list messages or members fit the messenger's largest frame in bytes, whatever the text, and say there
/// is more, so a client always gets its reply and pages on.
/// </summary>
public sealed class ReplyFramesTests
{
    private const int FrameLimit = 128 * 1024;

    /// <summary>
    /// One client filled the room with 45 messages of 4,000 "é": its history is about 360 KB of UTF-8 (more than a megabyte
    /// as \u00e9 escapes), and every newcomer's joined reply used to pass the outbound queue and close the socket.
    /// </summary>
    [Fact]
    public async Task Join_RoomFilledWithLongAccentedMessages_ReplyFitsAndHistoryPagesThroughEveryMessage()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var texts = Enumerable.Range(1, 45).Select(i => $"{i:D2}" + new string('é', 3_998)).ToList();

        var seen = await FillThenJoinAndPageAsync(host, texts, expectCut: true);

        Assert.Equal(texts, seen);
    }

    /// <summary>50 messages of 800 Chinese characters: about 2.4 KB each as UTF-8, 4.8 KB each as \uXXXX escapes.</summary>
    [Fact]
    public async Task Join_RoomFilledWithChineseMessages_ReplyFitsAndHistoryPagesThroughEveryMessage()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var texts = Enumerable.Range(1, 50).Select(i => $"{i:D2}" + string.Concat(Enumerable.Repeat("聊天室的消息", 133)).PadRight(798, '字')).ToList();

        var seen = await FillThenJoinAndPageAsync(host, texts, expectCut: false);

        Assert.Equal(texts, seen);
    }

    [Fact]
    public async Task Join_WithSinceAndMoreThanAFrameToRecover_KeepsTheOldestAndJoiningAgainRecoversTheRest()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var writer = await host.ConnectAsync("writer");
        var texts = Enumerable.Range(1, 60).Select(i => $"{i}:" + new string('ß', 3_990)).ToList();
        foreach (var text in texts)
        {
            await writer.SayAsync("general", text);
        }

        var reader = await host.ConnectAsync("reader");
        var recovered = new List<string>();
        long since = 0;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var joined = await reader.JoinAsync("general", since);
            AssertFits(joined);
            var messages = Frames.Array(joined, "messages");
            Assert.NotEmpty(messages);
            recovered.AddRange(messages.Select(m => Frames.String(m, "text")));
            Frames.AssertRange(joined, since + 1, Frames.Int64(messages[^1], "seq"));
            since = Frames.Int64(messages[^1], "seq");
            if (!Frames.Boolean(joined, "hasMore"))
            {
                break;
            }
        }

        Assert.Equal(texts, recovered);
    }

    [Fact]
    public async Task History_AfterWithMoreThanAFrame_KeepsTheOldestAndEndsTheRangeAtTheLastListed()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var writer = await host.ConnectAsync("writer");
        var texts = Enumerable.Range(1, 60).Select(i => $"{i}:" + new string('ß', 3_990)).ToList();
        foreach (var text in texts)
        {
            await writer.SayAsync("general", text);
        }

        var recovered = new List<string>();
        long after = 0;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await writer.SendFrameAsync(new { action = "history", room = "general", after, limit = 100 });
            var history = await writer.ExpectAsync("history");
            AssertFits(history);
            var messages = Frames.Array(history, "messages");
            Assert.NotEmpty(messages);
            Assert.Equal(after + 1, Frames.Int64(messages[0], "seq"));
            recovered.AddRange(messages.Select(m => Frames.String(m, "text")));
            Frames.AssertRange(history, after + 1, Frames.Int64(messages[^1], "seq"));
            after = Frames.Int64(history, "to");
            if (!Frames.Boolean(history, "hasMore"))
            {
                break;
            }
        }

        Assert.Equal(texts, recovered);
    }

    [Fact]
    public async Task Members_MoreThanFitAFrame_PagesWithAfterThroughEveryMemberOnce()
    {
        // 32 KB frames and 32-character names of 3-byte characters: about 230 members a page.
        await using var host = ChatTestHost.Create(
            configureServices: services => services.Configure<InProcessMessengerOptions>(o => o.MaxFrameBytes = 32 * 1024));
        var expected = new List<string>();
        for (var i = 0; i < 600; i++)
        {
            var member = await host.ConnectAsync($"{i:D3}" + new string('名', 29));
            expected.Add(member.ConnectionId);
        }

        var asker = await host.ConnectAsync("asker");
        expected.Add(asker.ConnectionId);
        var joined = await asker.JoinAsync("general");
        AssertFits(joined, 32 * 1024);
        Assert.True(joined.GetProperty("moreMembers").GetBoolean());
        Assert.InRange(Encoding.UTF8.GetByteCount(joined.GetProperty("members").GetRawText()), 1, 16 * 1024);

        var listed = new List<string>();
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            await asker.SendFrameAsync(after is null ? new { action = "members", room = "general" } : new { action = "members", room = "general", after });
            var reply = await asker.ExpectAsync("members");
            AssertFits(reply, 32 * 1024);
            var members = Frames.Array(reply, "members");
            Assert.NotEmpty(members);
            listed.AddRange(members.Select(m => Frames.String(m, "connectionId")));
            after = listed[^1];
            if (!Frames.Boolean(reply, "hasMore"))
            {
                break;
            }
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Members_AfterTheLastMember_IsAnEmptyLastPage()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        var last = new[] { alice.ConnectionId, bob.ConnectionId }.Max(StringComparer.Ordinal)!;
        await alice.DrainAsync();

        await alice.SendFrameAsync(new { action = "members", room = "general", after = last });

        var reply = await alice.ExpectAsync("members");
        Assert.Empty(Frames.Array(reply, "members"));
        Assert.False(Frames.Boolean(reply, "hasMore"));
    }

    [Theory]
    [InlineData("""{"action":"members","room":"general","after":""}""")]
    [InlineData("""{"action":"members","room":"general","after":7}""")]
    public async Task Members_InvalidAfter_IsBadRequest(string frame)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync(frame);

        await alice.ExpectErrorAsync(ChatErrorCodes.BadRequest);
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task Members_AfterLongerThanAnyConnectionId_IsBadRequest()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendFrameAsync(new { action = "members", room = "general", after = new string('x', FrameRules.MaxConnectionIdLength + 1) });

        await alice.ExpectErrorAsync(ChatErrorCodes.BadRequest);
    }

    [Fact]
    public void Replies_AnyMessagesAndMembers_FitTheFrameKeepTheRightEndAndStateAConsistentRange()
    {
        var texts = Gen.OneOf(
            Gen.String[Gen.Char['a', 'z'], 1, 4000],
            Gen.String[Gen.Char['\u4e00', '\u9fff'], 1, 4000],
            Gen.String[Gen.Char.AlphaNumeric, 1, 40],
            Gen.Const(new string('"', 4000)),
            Gen.Const(string.Concat(Enumerable.Repeat("😀", 2000))));

        // Seqs with holes between them (sealed or forgotten), from 1 or from far up, and a range around them: read
        // after a seq it may start below the first message and end above the last (tombstones at the top).
        var seqs = Gen.Select(Gen.OneOf(Gen.Long[1, 5], Gen.Long[999_999_999_990, 999_999_999_999]), Gen.Long[1, 3].Array[1, 120]);
        var margins = Gen.Select(Gen.Long[0, 4], Gen.Long[0, 4], Gen.Bool);
        var pages = Gen.Select(texts.Array[0, 120], seqs, Gen.Int[32 * 1024, FrameLimit], Gen.Bool, margins);

        pages.Sample(
            (pageTexts, seqSteps, maxFrameBytes, hasMore, margin) =>
            {
                var (start, steps) = seqSteps;
                var (below, above, stated) = margin;
                var replies = new ReplyFrames(Messenger(maxFrameBytes));
                var seq = start;
                var messages = pageTexts.Select((text, i) => Message(seq += i == 0 ? 0 : steps[i % Math.Max(1, steps.Length)], text)).ToList();
                var listedRange = messages.Count == 0 ? null : new SeqRange(messages[0].Seq, messages[^1].Seq);
                var afterRange = messages.Count == 0
                    ? stated ? new SeqRange(start, start + above) : null
                    : new SeqRange(Math.Max(1, messages[0].Seq - below), messages[^1].Seq + above);
                var backwards = new MessagePage { Messages = messages, HasMore = hasMore, Range = listedRange };
                var forwards = new MessagePage { Messages = messages, HasMore = hasMore, Range = afterRange };
                var members = new MemberList([.. pageTexts.Select((text, i) => new ChatMember { ConnectionId = $"c{i:D4}", Name = text.Length > 32 ? text[..32] : text, UserId = "u" })], hasMore);
                var you = new ChatMember { ConnectionId = "c-you", Name = "you", UserId = "u" };

                var history = Parse(replies.History("r", backwards, keepOldest: false), maxFrameBytes);
                AssertKeptEnd(history, backwards, keepOldest: false);
                var gapFill = Parse(replies.History("r", forwards, keepOldest: true), maxFrameBytes);
                AssertKeptEnd(gapFill, forwards, keepOldest: true);
                var recovery = Parse(replies.Joined("r", you, members, forwards, keepOldest: true), maxFrameBytes);
                AssertKeptEnd(recovery, forwards, keepOldest: true);
                var latest = Parse(replies.Joined("r", you, members, backwards, keepOldest: false), maxFrameBytes);
                AssertKeptEnd(latest, backwards, keepOldest: false);
                var listed = Parse(replies.Members("r", members), maxFrameBytes);
                var ids = Frames.Array(listed, "members").Select(m => Frames.String(m, "connectionId")).ToList();
                Assert.Equal(members.Members.Take(ids.Count).Select(m => m.ConnectionId), ids);
                Assert.Equal(hasMore || ids.Count < members.Members.Count, Frames.Boolean(listed, "hasMore"));
                Assert.True(members.Members.Count == 0 || ids.Count > 0, "a members page always lists someone when there is anyone to list");
            },
            iter: 60);
    }

    /// <summary>
    /// Sends every text, then joins as a newcomer (whose reply is cut when <paramref name="expectCut"/>) and pages
    /// backwards with history until the beginning; returns the texts seen, oldest first.
    /// </summary>
    private static async Task<List<string>> FillThenJoinAndPageAsync(ChatTestHost host, List<string> texts, bool expectCut)
    {
        var writer = await host.ConnectAsync("writer");
        foreach (var text in texts)
        {
            await writer.SayAsync("general", text);
        }

        var newcomer = await host.ConnectAsync("newcomer");
        var joined = await newcomer.JoinAsync("general");
        AssertFits(joined);
        var pages = new List<JsonElement[]> { Frames.Array(joined, "messages") };
        Assert.NotEmpty(pages[0]);
        var hasMore = Frames.Boolean(joined, "hasMore");
        Assert.Equal(expectCut, hasMore);
        while (hasMore)
        {
            Assert.InRange(pages.Count, 1, 50);
            var before = Frames.Int64(pages[^1][0], "seq");
            await newcomer.SendFrameAsync(new { action = "history", room = "general", before, limit = 100 });
            var history = await newcomer.ExpectAsync("history");
            AssertFits(history);
            var messages = Frames.Array(history, "messages");
            Assert.NotEmpty(messages);
            pages.Add(messages);
            hasMore = Frames.Boolean(history, "hasMore");
        }

        await newcomer.AssertUsableAsync();
        var seen = Enumerable.Reverse(pages).SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(1, texts.Count).Select(i => (long)i), seen.Select(m => Frames.Int64(m, "seq")));
        return [.. seen.Select(m => Frames.String(m, "text"))];
    }

    private static void AssertFits(JsonElement frame, int limit = FrameLimit) =>
        Assert.InRange(Encoding.UTF8.GetByteCount(frame.GetRawText()), 1, limit);

    private static JsonElement Parse(byte[] frame, int maxFrameBytes)
    {
        Assert.InRange(frame.Length, 1, maxFrameBytes);
        return JsonDocument.Parse(frame).RootElement.Clone();
    }

    /// <summary>
    /// Asserts the reply holds a run of the page's messages from the kept end, at least one if there were any, says
    /// whether more remain, and states the page's range, narrowed to what it lists at the end it cut.
    /// </summary>
    private static void AssertKeptEnd(JsonElement reply, MessagePage page, bool keepOldest)
    {
        var seqs = Frames.Array(reply, "messages").Select(m => Frames.Int64(m, "seq")).ToList();
        var all = page.Messages.Select(m => m.Seq).ToList();
        Assert.Equal(keepOldest ? all.Take(seqs.Count) : all.Skip(all.Count - seqs.Count), seqs);
        Assert.True(all.Count == 0 || seqs.Count > 0, "a reply always carries a message when there is one to carry");
        var cut = seqs.Count < all.Count;
        Assert.Equal(page.HasMore || cut, Frames.Boolean(reply, "hasMore"));

        if (page.Range is not { } range)
        {
            Frames.AssertNoRange(reply);
            return;
        }

        var expected = !cut ? range : keepOldest ? new SeqRange(range.From, seqs[^1]) : new SeqRange(seqs[0], range.To);
        Frames.AssertRange(reply, expected.From, expected.To);
        Assert.All(seqs, seq => Assert.True(expected.Contains(seq), $"seq {seq} is listed outside {expected.From}..{expected.To}"));
        Assert.True(!cut || !keepOldest || seqs[^1] == expected.To, "a reply cut keeping the oldest ends its range at the last listed seq");
        Assert.True(!cut || keepOldest || seqs[0] == expected.From, "a reply cut keeping the newest starts its range at the first listed seq");
    }

    private static ChatMessage Message(long seq, string text) =>
        new()
        {
            Room = "r",
            Seq = seq,
            Id = Guid.NewGuid().ToString("N"),
            Sender = new ChatMember { ConnectionId = "c-sender-connection", Name = "Sender name", UserId = "u" },
            Text = text,
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = $"cm-{seq}",
        };

    private static IConnectionMessenger Messenger(int maxFrameBytes)
    {
        var messenger = Substitute.For<IConnectionMessenger>();
        messenger.MaxFrameBytes.Returns(maxFrameBytes);
        return messenger;
    }
}
