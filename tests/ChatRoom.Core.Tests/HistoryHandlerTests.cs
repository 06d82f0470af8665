using NSubstitute;
using NSubstitute.ExceptionExtensions;
using NSubstitute.Extensions;

namespace ChatRoom.Core.Tests;

/// <summary>The <c>history</c> action: paging backwards through a room, or forwards with <c>after</c>, each reply stating the seqs it accounts for.</summary>
public sealed class HistoryHandlerTests
{
    [Fact]
    public async Task History_Defaults_ReturnsLatestFiftyAscendingWithExactShape()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 55);

        await alice.SendAsync("""{"action":"history","room":"general"}""");

        var history = await alice.ExpectAsync("history");
        Frames.AssertProperties(history, "type", "room", "messages", "from", "to", "hasMore");
        Assert.Equal("general", Frames.String(history, "room"));
        Assert.Equal(Enumerable.Range(6, 50).Select(i => (long)i), Frames.Seqs(history));
        Frames.AssertRange(history, 6, 55);
        Assert.True(Frames.Boolean(history, "hasMore"));
        var last = Frames.Array(history, "messages")[^1];
        Frames.AssertMessage(last, "general", alice.ConnectionId, "alice", "m55");
    }

    [Fact]
    public async Task History_PagingBackwardsWithBeforeAndLimit_WalksToTheFirstMessage()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 25);
        var pages = new List<(long[] Seqs, bool HasMore)>();

        long? before = null;
        do
        {
            await alice.SendFrameAsync(before is { } b
                ? new { action = "history", room = "general", before = b, limit = 10 }
                : new { action = "history", room = "general", limit = 10 });
            var page = await alice.ExpectAsync("history");
            pages.Add((Frames.Seqs(page), Frames.Boolean(page, "hasMore")));
            before = pages[^1].Seqs.FirstOrDefault();
        }
        while (pages[^1].HasMore && pages.Count < 10);

        Assert.Equal(3, pages.Count);
        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), pages[0].Seqs);
        Assert.True(pages[0].HasMore);
        Assert.Equal(Enumerable.Range(6, 10).Select(i => (long)i), pages[1].Seqs);
        Assert.True(pages[1].HasMore);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), pages[2].Seqs);
        Assert.False(pages[2].HasMore);
    }

    [Fact]
    public async Task History_Before_StatesTheListedSeqsAsItsRange()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 25);

        await alice.SendFrameAsync(new { action = "history", room = "general", before = 16, limit = 10 });

        var history = await alice.ExpectAsync("history");
        Assert.Equal(Enumerable.Range(6, 10).Select(i => (long)i), Frames.Seqs(history));
        Frames.AssertRange(history, 6, 15);
    }

    [Fact]
    public async Task History_After_ReturnsTheOldestAfterItWithItsRange()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 25);

        await alice.SendFrameAsync(new { action = "history", room = "general", after = 10, limit = 5 });

        var history = await alice.ExpectAsync("history");
        Frames.AssertProperties(history, "type", "room", "messages", "from", "to", "hasMore");
        Assert.Equal([11L, 12L, 13L, 14L, 15L], Frames.Seqs(history));
        Assert.Equal("m11", Frames.String(Frames.Array(history, "messages")[0], "text"));
        Frames.AssertRange(history, 11, 15);
        Assert.True(Frames.Boolean(history, "hasMore"));
    }

    [Fact]
    public async Task History_PagingForwardsWithAfter_WalksToTheLatestMessage()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 25);
        var seen = new List<long>();

        long after = 0;
        for (var page = 0; page < 10; page++)
        {
            await alice.SendFrameAsync(new { action = "history", room = "general", after, limit = 10 });
            var history = await alice.ExpectAsync("history");
            seen.AddRange(Frames.Seqs(history));
            Assert.Equal(after + 1, Frames.Int64(history, "from"));
            after = Frames.Int64(history, "to");
            if (!Frames.Boolean(history, "hasMore"))
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), seen);
        Assert.Equal(25, after);
    }

    [Fact]
    public async Task History_AfterDefaults_ReturnsFiftyOldestFirst()
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 55);

        await alice.SendAsync("""{"action":"history","room":"general","after":0}""");

        var history = await alice.ExpectAsync("history");
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), Frames.Seqs(history));
        Frames.AssertRange(history, 1, 50);
        Assert.True(Frames.Boolean(history, "hasMore"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1_000_000)]
    [InlineData(long.MaxValue)]
    public async Task History_AfterTheLatestMessage_IsEmptyWithoutRange(long after)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 3);

        await alice.SendFrameAsync(new { action = "history", room = "general", after });

        var history = await alice.ExpectAsync("history");
        Frames.AssertProperties(history, "type", "room", "messages", "hasMore");
        Assert.Empty(Frames.Array(history, "messages"));
        Assert.False(Frames.Boolean(history, "hasMore"));
    }

    [Fact]
    public async Task History_AfterAndBefore_IsBadRequestSayingTheyCannotBeUsedTogether()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 3);

        await alice.SendAsync("""{"action":"history","room":"general","after":1,"before":3}""");

        var error = await alice.ExpectAsync("error");
        Frames.AssertError(error, ChatErrorCodes.BadRequest, "history");
        Assert.Equal("\"after\" and \"before\" cannot be used together.", Frames.String(error, "message"));
        await alice.AssertUsableAsync();
    }

    [Theory]
    [InlineData("""{"action":"history","room":"general","after":-1}""")]
    [InlineData("""{"action":"history","room":"general","after":"5"}""")]
    [InlineData("""{"action":"history","room":"general","after":1.5}""")]
    [InlineData("""{"action":"history","room":"general","after":1e2}""")]
    [InlineData("""{"action":"history","room":"general","after":true}""")]
    [InlineData("""{"action":"history","room":"general","after":[1]}""")]
    [InlineData("""{"action":"history","room":"general","after":{"seq":1}}""")]
    [InlineData("""{"action":"history","room":"general","after":"\ud800"}""")]
    [InlineData("""{"action":"history","room":"general","after":99999999999999999999}""")]
    public async Task History_AfterNotASeq_IsBadRequest(string frame)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 3);

        await alice.SendAsync(frame);

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.BadRequest, "history");
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task History_BeforeFirstMessage_IsEmptyWithNoMore()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 2);

        await alice.SendAsync("""{"action":"history","room":"general","before":1}""");

        var history = await alice.ExpectAsync("history");
        Assert.Empty(Frames.Array(history, "messages"));
        Assert.False(Frames.Boolean(history, "hasMore"));
    }

    [Fact]
    public async Task History_EmptyRoom_IsEmptyWithNoMore()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"history","room":"general","limit":100}""");

        var history = await alice.ExpectAsync("history");
        Assert.Empty(Frames.Array(history, "messages"));
        Assert.False(Frames.Boolean(history, "hasMore"));
        Frames.AssertNoRange(history);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task History_LimitAtBounds_IsAccepted(int limit)
    {
        await using var host = ChatTestHost.Create(ChatTestHost.LiftRateLimit);
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 101);

        await alice.SendFrameAsync(new { action = "history", room = "general", limit });

        var history = await alice.ExpectAsync("history");
        Assert.Equal(Enumerable.Range(102 - limit, limit).Select(i => (long)i), Frames.Seqs(history));
        Assert.True(Frames.Boolean(history, "hasMore"));
    }

    [Theory]
    [InlineData("""{"action":"history","room":"general","limit":0}""", ChatErrorCodes.BadRequest)]
    [InlineData("""{"action":"history","room":"general","limit":101}""", ChatErrorCodes.BadRequest)]
    [InlineData("""{"action":"history","room":"general","before":0}""", ChatErrorCodes.BadRequest)]
    [InlineData("""{"action":"history"}""", ChatErrorCodes.BadRequest)]
    [InlineData("""{"action":"history","room":"no spaces"}""", ChatErrorCodes.InvalidRoom)]
    [InlineData("""{"action":"history","room":"elsewhere"}""", ChatErrorCodes.NotAMember)]
    public async Task History_InvalidRequest_RepliesError(string frame, string code)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        await alice.SeedAsync("general", 1);

        await alice.SendAsync(frame);

        Frames.AssertError(await alice.ExpectAsync("error"), code, "history");
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task History_LimitOfWrongType_IsBadRequest()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"history","room":"general","limit":"ten"}""");

        Assert.Equal(ChatErrorCodes.BadRequest, Frames.String(await alice.ExpectAsync("error"), "code"));
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task History_MessageStoreThrows_IsUnavailable()
    {
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IMessageStore>(inner =>
        {
            var store = Substitute.ForPartsOf<MessageStoreDecorator>(inner);
            store.Configure().GetLatestAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
                .ThrowsAsync(new ChatStoreUnavailableException("down"));
            return store;
        }));
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"history","room":"general"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.Unavailable, "history");
        await alice.AssertUsableAsync();
    }
}
