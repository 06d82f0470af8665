using Xunit;

namespace ChatRoom.Testing;

/// <summary>
/// The semantics every <see cref="IMessageStore"/> must have, tested only through the port.
/// </summary>
/// <remarks>
/// Each adapter's test project derives from this class and supplies <see cref="CreateStoreAsync"/>. Every test uses
/// rooms and senders of its own (a fresh GUID each), so the store may be shared between tests, e.g. one table. The
/// store must keep at least 400 messages per room.
/// </remarks>
public abstract class MessageStoreConformanceTests
{
    /// <summary>A timestamp with millisecond precision (UTC), as the engine stamps messages.</summary>
    private static readonly DateTimeOffset s_sentAt = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    /// <summary>Creates the store under test (or returns a shared one).</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IMessageStore> CreateStoreAsync();

    [Fact]
    public async Task AppendAsync_FirstMessageInRoom_GetsSeq1()
    {
        var store = await CreateStoreAsync();

        var result = await store.AppendAsync(NewMessage(NewRoom(), NewSender()));

        Assert.Equal(1, result.Message.Seq);
        Assert.False(result.IsDuplicate);
    }

    [Fact]
    public async Task AppendAsync_NewMessage_ReturnsAndStoresEveryField()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var draft = NewMessage(room, NewSender("Alice"), "héllo, wörld 👋\nsecond line", NewId("cmid"));

        var result = await store.AppendAsync(draft);
        var latest = await store.GetLatestAsync(room, 10);

        Assert.Equal(draft.WithSeq(1), result.Message);
        Assert.Equal([draft.WithSeq(1)], latest.Messages);
    }

    [Fact]
    public async Task AppendAsync_AuthenticatedSender_ReadsBackAuthenticated()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var draft = NewMessage(room, NewSender("Alice") with { IsAuthenticated = true });

        await store.AppendAsync(draft);

        Assert.True(Assert.Single((await store.GetLatestAsync(room, 10)).Messages).Sender.IsAuthenticated);
    }

    [Fact]
    public async Task AppendAsync_WithoutClientMessageId_StoresNullClientMessageId()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var draft = NewMessage(room, NewSender());

        await store.AppendAsync(draft);

        Assert.Null(Assert.Single((await store.GetLatestAsync(room, 10)).Messages).ClientMessageId);
    }

    [Fact]
    public async Task AppendAsync_Several_SeqsAreContiguousFrom1()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var sender = NewSender();

        var seqs = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            seqs.Add((await store.AppendAsync(NewMessage(room, sender, $"m{i}"))).Message.Seq);
        }

        Assert.Equal(Range(1, 10), seqs);
    }

    [Fact]
    public async Task AppendAsync_TwoRooms_SeqsAreIndependent()
    {
        var store = await CreateStoreAsync();
        var first = NewRoom();
        var second = NewRoom();
        var sender = NewSender();

        var a1 = await store.AppendAsync(NewMessage(first, sender));
        var a2 = await store.AppendAsync(NewMessage(first, sender));
        var b1 = await store.AppendAsync(NewMessage(second, sender));
        var a3 = await store.AppendAsync(NewMessage(first, sender));
        var b2 = await store.AppendAsync(NewMessage(second, sender));

        Assert.Equal([1L, 2L, 3L], [a1.Message.Seq, a2.Message.Seq, a3.Message.Seq]);
        Assert.Equal([1L, 2L], [b1.Message.Seq, b2.Message.Seq]);
        Assert.Equal(2, (await store.GetLatestAsync(second, 10)).Messages.Count);
    }

    [Fact]
    public async Task AppendAsync_Concurrent_GetUniqueContiguousSeqs()
    {
        const int Writers = 8;
        const int PerWriter = 50;
        var store = await CreateStoreAsync();
        var room = NewRoom();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var sender = NewSender($"writer {w}");
            var seqs = new List<long>();
            for (var i = 0; i < PerWriter; i++)
            {
                var result = await store.AppendAsync(NewMessage(room, sender, $"{w}:{i}", NewId("cmid")));
                Assert.False(result.IsDuplicate);
                seqs.Add(result.Message.Seq);
            }

            return seqs;
        }));
        var perWriter = await Task.WhenAll(writers);

        Assert.Equal(Range(1, Writers * PerWriter), perWriter.SelectMany(s => s).Order());
        Assert.All(perWriter, seqs => Assert.Equal(seqs.Order(), seqs));
        var stored = await ReadAllAfterAsync(store, room);
        Assert.Equal(Range(1, Writers * PerWriter), stored.Select(m => m.Seq));
    }

    [Fact]
    public async Task GetLatestAsync_EmptyRoom_ReturnsEmptyPageWithNoMore()
    {
        var store = await CreateStoreAsync();

        var page = await store.GetLatestAsync(NewRoom(), 10);

        Assert.Empty(page.Messages);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetLatestAsync_MoreThanLimit_ReturnsNewestAscendingWithHasMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 7);

        var page = await store.GetLatestAsync(room, 3);

        Assert.Equal([5L, 6L, 7L], page.Messages.Select(m => m.Seq));
        Assert.Equal(["m5", "m6", "m7"], page.Messages.Select(m => m.Text));
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task GetLatestAsync_FewerThanLimit_ReturnsAllWithNoMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 3);

        var page = await store.GetLatestAsync(room, 10);

        Assert.Equal([1L, 2L, 3L], page.Messages.Select(m => m.Seq));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetLatestAsync_ExactlyLimit_ReturnsAllWithNoMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 4);

        var page = await store.GetLatestAsync(room, 4);

        Assert.Equal([1L, 2L, 3L, 4L], page.Messages.Select(m => m.Seq));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetLatestAsync_OtherRoomHasMessages_ReturnsOnlyThisRoom()
    {
        var store = await CreateStoreAsync();
        var busy = await AppendNumberedAsync(store, 5);
        var quiet = await AppendNumberedAsync(store, 2);

        var page = await store.GetLatestAsync(quiet, 10);

        Assert.All(page.Messages, m => Assert.Equal(quiet, m.Room));
        Assert.Equal(2, page.Messages.Count);
        Assert.Equal(5, (await store.GetLatestAsync(busy, 10)).Messages.Count);
    }

    [Fact]
    public async Task GetBeforeAsync_PagingBackFromLatest_ReachesStartWithNoMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 7);

        var latest = await store.GetLatestAsync(room, 3);
        var older = await store.GetBeforeAsync(room, latest.Messages[0].Seq, 3);
        var oldest = await store.GetBeforeAsync(room, older.Messages[0].Seq, 3);

        Assert.Equal([5L, 6L, 7L], latest.Messages.Select(m => m.Seq));
        Assert.True(latest.HasMore);
        Assert.Equal([2L, 3L, 4L], older.Messages.Select(m => m.Seq));
        Assert.True(older.HasMore);
        Assert.Equal([1L], oldest.Messages.Select(m => m.Seq));
        Assert.False(oldest.HasMore);
    }

    [Fact]
    public async Task GetBeforeAsync_PageEndsAtFirstMessage_HasNoMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 6);

        var page = await store.GetBeforeAsync(room, 4, 3);

        Assert.Equal([1L, 2L, 3L], page.Messages.Select(m => m.Seq));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetBeforeAsync_Seq1_ReturnsEmptyPageWithNoMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 3);

        var page = await store.GetBeforeAsync(room, 1, 10);

        Assert.Empty(page.Messages);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetBeforeAsync_BeyondLatest_ReturnsNewest()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 5);

        var page = await store.GetBeforeAsync(room, 100, 2);

        Assert.Equal([4L, 5L], page.Messages.Select(m => m.Seq));
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task GetBeforeAsync_EmptyRoom_ReturnsEmptyPageWithNoMore()
    {
        var store = await CreateStoreAsync();

        var page = await store.GetBeforeAsync(NewRoom(), 10, 10);

        Assert.Empty(page.Messages);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetAfterAsync_Zero_ReturnsOldestFirst()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 5);

        var page = await store.GetAfterAsync(room, 0, 2);

        Assert.Equal([1L, 2L], page.Messages.Select(m => m.Seq));
        Assert.Equal(["m1", "m2"], page.Messages.Select(m => m.Text));
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task GetAfterAsync_AllFit_ReturnsRestWithNoMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 7);

        var page = await store.GetAfterAsync(room, 3, 10);

        Assert.Equal([4L, 5L, 6L, 7L], page.Messages.Select(m => m.Seq));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetAfterAsync_CutByLimit_ReturnsOldestOfRestWithHasMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 7);

        var page = await store.GetAfterAsync(room, 3, 2);

        Assert.Equal([4L, 5L], page.Messages.Select(m => m.Seq));
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task GetAfterAsync_ExactlyLimitLeft_HasNoMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 7);

        var page = await store.GetAfterAsync(room, 4, 3);

        Assert.Equal([5L, 6L, 7L], page.Messages.Select(m => m.Seq));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetAfterAsync_Latest_ReturnsEmptyPageWithNoMore()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 3);

        var page = await store.GetAfterAsync(room, 3, 10);

        Assert.Empty(page.Messages);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task GetAfterAsync_CutByLimit_RangeStartsAfterTheSeqAndEndsAtTheLastListed()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 7);

        var page = await store.GetAfterAsync(room, 3, 2);

        Assert.Equal(new SeqRange(4, 5), page.Range);
    }

    [Fact]
    public async Task GetAfterAsync_AllFit_RangeEndsAtTheNewest()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 7);

        var page = await store.GetAfterAsync(room, 3, 10);

        Assert.Equal(new SeqRange(4, 7), page.Range);
    }

    [Fact]
    public async Task GetAfterAsync_Latest_HasNoRange()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 3);

        var latest = await store.GetAfterAsync(room, 3, 10);
        var beyond = await store.GetAfterAsync(room, long.MaxValue, 10);
        var empty = await store.GetAfterAsync(NewRoom(), 0, 10);

        Assert.Null(latest.Range);
        Assert.Empty(beyond.Messages);
        Assert.Null(beyond.Range);
        Assert.Null(empty.Range);
    }

    [Fact]
    public async Task GetLatestAsync_RangeIsTheListedSeqs()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 10);

        var page = await store.GetLatestAsync(room, 4);

        Assert.Equal(new SeqRange(7, 10), page.Range);
        Assert.Null((await store.GetLatestAsync(NewRoom(), 4)).Range);
    }

    [Fact]
    public async Task GetBeforeAsync_RangeIsTheListedSeqs()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 10);

        var page = await store.GetBeforeAsync(room, 5, 2);
        var none = await store.GetBeforeAsync(room, 1, 2);

        Assert.Equal(new SeqRange(3, 4), page.Range);
        Assert.Null(none.Range);
    }

    /// <summary>
    /// Eight writers append while a reader follows the room the way a client fills gaps: reading after the highest
    /// seq it accounted for. Every message is read exactly once, in seq order, and no seq a range skipped is ever
    /// stored afterwards, however the appends interleave with the reads (in DynamoDB a read may seal a seq an append
    /// took but has not stored yet; that append then stores its message at a new seq).
    /// </summary>
    [Fact]
    public async Task GetAfterAsync_FollowingConcurrentAppends_RangesAreAuthoritativeAndEveryMessageIsReadOnceInOrder()
    {
        const int Writers = 8;
        const int PerWriter = 25;
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var skipped = new HashSet<long>();
        var read = new List<ChatMessage>();
        var accounted = 0L;

        async Task FollowAsync()
        {
            var page = await store.GetAfterAsync(room, accounted, 100);
            if (page.Range is not { } range)
            {
                Assert.Empty(page.Messages);
                return;
            }

            Assert.Equal(accounted + 1, range.From);
            Assert.All(page.Messages, m => Assert.True(range.Contains(m.Seq), $"seq {m.Seq} is listed outside {range.From}..{range.To}"));
            read.AddRange(page.Messages);
            var listed = page.Messages.Select(m => m.Seq).ToHashSet();
            skipped.UnionWith(Range(range.From, range.To).Where(seq => !listed.Contains(seq)));
            accounted = range.To;
        }

        var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var sender = NewSender($"writer {w}");
            var appended = new List<ChatMessage>();
            for (var i = 0; i < PerWriter; i++)
            {
                appended.Add((await store.AppendAsync(NewMessage(room, sender, $"{w}:{i}", NewId("cmid")))).Message);
            }

            return appended;
        })));
        while (!writers.IsCompleted)
        {
            await FollowAsync();

            // A store that answers synchronously would otherwise hold this thread until the writers are done.
            await Task.Yield();
        }

        var appended = (await writers).SelectMany(m => m).ToList();
        for (var pages = 0; pages < 100 && read.Count < appended.Count; pages++)
        {
            await FollowAsync();
        }

        Assert.Equal(read.Select(m => m.Seq).Order(), read.Select(m => m.Seq));
        Assert.Equal(appended.OrderBy(m => m.Seq), read);
        Assert.DoesNotContain(appended, m => skipped.Contains(m.Seq));
        Assert.Equal(read, await ReadAllAfterAsync(store, room));
    }

    [Fact]
    public async Task GetAfterAsync_PagingForward_ReadsEveryMessageOnce()
    {
        var store = await CreateStoreAsync();
        var room = await AppendNumberedAsync(store, 10);

        var messages = await ReadAllAfterAsync(store, room, pageSize: 3);

        Assert.Equal(Range(1, 10), messages.Select(m => m.Seq));
    }

    [Fact]
    public async Task GetAfterAsync_EmptyRoom_ReturnsEmptyPageWithNoMore()
    {
        var store = await CreateStoreAsync();

        var page = await store.GetAfterAsync(NewRoom(), 0, 10);

        Assert.Empty(page.Messages);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task AppendAsync_SameSenderAndClientMessageId_ReturnsOriginalAsDuplicate()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var sender = NewSender();
        var clientMessageId = NewId("cmid");
        var original = (await store.AppendAsync(NewMessage(room, sender, "original", clientMessageId))).Message;
        await store.AppendAsync(NewMessage(room, NewSender(), "someone else"));

        var resend = await store.AppendAsync(NewMessage(room, sender, "resent", clientMessageId));

        Assert.True(resend.IsDuplicate);
        Assert.Equal(original, resend.Message);
        Assert.Equal("original", resend.Message.Text);
        Assert.Equal(1, resend.Message.Seq);
    }

    [Fact]
    public async Task AppendAsync_Duplicate_StoresNothingAndUsesNoSeq()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var sender = NewSender();
        var clientMessageId = NewId("cmid");
        await store.AppendAsync(NewMessage(room, sender, "original", clientMessageId));

        await store.AppendAsync(NewMessage(room, sender, "resent", clientMessageId));
        var next = await store.AppendAsync(NewMessage(room, sender, "next"));

        Assert.Equal(2, next.Message.Seq);
        Assert.Equal(["original", "next"], (await store.GetLatestAsync(room, 10)).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task AppendAsync_SameUserFromAnotherConnection_IsDuplicate()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var sender = NewSender();
        var reconnected = sender with { ConnectionId = NewId("conn") };
        var clientMessageId = NewId("cmid");
        var original = (await store.AppendAsync(NewMessage(room, sender, "original", clientMessageId))).Message;

        var resend = await store.AppendAsync(NewMessage(room, reconnected, "resent", clientMessageId));

        Assert.True(resend.IsDuplicate);
        Assert.Equal(original, resend.Message);
    }

    [Fact]
    public async Task AppendAsync_SameClientMessageIdFromAnotherUser_IsNotDuplicate()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var clientMessageId = NewId("cmid");
        await store.AppendAsync(NewMessage(room, NewSender("Alice"), "from alice", clientMessageId));

        var other = await store.AppendAsync(NewMessage(room, NewSender("Bob"), "from bob", clientMessageId));

        Assert.False(other.IsDuplicate);
        Assert.Equal(2, other.Message.Seq);
        Assert.Equal("from bob", other.Message.Text);
        Assert.Equal(2, (await store.GetLatestAsync(room, 10)).Messages.Count);
    }

    [Fact]
    public async Task AppendAsync_SameClientMessageIdInAnotherRoom_IsNotDuplicate()
    {
        var store = await CreateStoreAsync();
        var sender = NewSender();
        var clientMessageId = NewId("cmid");
        var otherRoom = NewRoom();
        await store.AppendAsync(NewMessage(NewRoom(), sender, "first room", clientMessageId));

        var other = await store.AppendAsync(NewMessage(otherRoom, sender, "second room", clientMessageId));

        Assert.False(other.IsDuplicate);
        Assert.Equal(1, other.Message.Seq);
        Assert.Equal("second room", other.Message.Text);
        Assert.Equal(otherRoom, other.Message.Room);
    }

    [Fact]
    public async Task AppendAsync_NullClientMessageId_NeverDuplicate()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var sender = NewSender();

        var first = await store.AppendAsync(NewMessage(room, sender, "same"));
        var second = await store.AppendAsync(NewMessage(room, sender, "same"));

        Assert.False(first.IsDuplicate);
        Assert.False(second.IsDuplicate);
        Assert.Equal([1L, 2L], [first.Message.Seq, second.Message.Seq]);
        Assert.Equal(2, (await store.GetLatestAsync(room, 10)).Messages.Count);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentDuplicates_StoresExactlyOne()
    {
        const int Senders = 16;
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var sender = NewSender();
        var clientMessageId = NewId("cmid");

        var results = await Task.WhenAll(Enumerable.Range(0, Senders).Select(i =>
            Task.Run(() => store.AppendAsync(NewMessage(room, sender, $"attempt {i}", clientMessageId)))));

        var stored = Assert.Single(results, r => !r.IsDuplicate).Message;
        Assert.All(results, r => Assert.Equal(stored, r.Message));
        Assert.Equal([stored], (await store.GetLatestAsync(room, 100)).Messages);

        // Seq may skip numbers a losing racer took (DynamoDB does, see docs/aws.md), but it never goes back.
        Assert.True(stored.Seq >= 1);
    }

    /// <summary>Creates a unique id with a readable prefix.</summary>
    /// <param name="prefix">What the id is for.</param>
    /// <returns>The id.</returns>
    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Creates a unique, valid room name.</summary>
    /// <returns>The room name.</returns>
    protected static string NewRoom() => NewId("room");

    /// <summary>Creates a sender with a unique connection id and user id.</summary>
    /// <param name="name">The display name.</param>
    /// <returns>The sender.</returns>
    protected static ChatMember NewSender(string name = "Guest") => new() { ConnectionId = NewId("conn"), Name = name, UserId = NewId("user") };

    /// <summary>Creates a message to append, with a unique id.</summary>
    /// <param name="room">The room.</param>
    /// <param name="sender">The sender.</param>
    /// <param name="text">The text.</param>
    /// <param name="clientMessageId">The sender's id for it, if any.</param>
    /// <returns>The message, not yet stored.</returns>
    protected static NewChatMessage NewMessage(string room, ChatMember sender, string text = "hello", string? clientMessageId = null) =>
        new()
        {
            Room = room,
            Id = Guid.NewGuid().ToString("N"),
            Sender = sender,
            Text = text,
            SentAt = s_sentAt,
            ClientMessageId = clientMessageId,
        };

    /// <summary>Appends messages <c>m1</c>…<c>mN</c> from one sender to a new room.</summary>
    /// <param name="store">The store.</param>
    /// <param name="count">How many.</param>
    /// <returns>The room.</returns>
    protected static async Task<string> AppendNumberedAsync(IMessageStore store, int count)
    {
        ArgumentNullException.ThrowIfNull(store);
        var room = NewRoom();
        await AppendNumberedAsync(store, room, 1, count);
        return room;
    }

    /// <summary>Appends messages <c>m{first}</c>…<c>m{last}</c> from one sender, each checked to get the next seq.</summary>
    /// <param name="store">The store.</param>
    /// <param name="room">The room.</param>
    /// <param name="first">The first number; it must be the room's next seq.</param>
    /// <param name="last">The last number.</param>
    /// <returns>A task that completes when all are stored.</returns>
    protected static async Task AppendNumberedAsync(IMessageStore store, string room, int first, int last)
    {
        ArgumentNullException.ThrowIfNull(store);
        var sender = NewSender();
        for (var i = first; i <= last; i++)
        {
            var result = await store.AppendAsync(NewMessage(room, sender, $"m{i}", $"c{i}"));
            Assert.Equal(i, result.Message.Seq);
        }
    }

    /// <summary>The numbers from <paramref name="first"/> to <paramref name="last"/> as sequence numbers.</summary>
    /// <param name="first">The first.</param>
    /// <param name="last">The last.</param>
    /// <returns>The numbers.</returns>
    protected static IEnumerable<long> Range(long first, long last)
    {
        for (var i = first; i <= last; i++)
        {
            yield return i;
        }
    }

    private static async Task<List<ChatMessage>> ReadAllAfterAsync(IMessageStore store, string room, int pageSize = 100)
    {
        var messages = new List<ChatMessage>();
        var afterSeq = 0L;
        for (var pages = 0; ; pages++)
        {
            // A store that never ends its pages fails here instead of hanging.
            Assert.InRange(pages, 0, 1000);
            var page = await store.GetAfterAsync(room, afterSeq, pageSize);
            messages.AddRange(page.Messages);
            if (!page.HasMore)
            {
                return messages;
            }

            afterSeq = page.Range?.To ?? page.Messages[^1].Seq;
        }
    }
}
