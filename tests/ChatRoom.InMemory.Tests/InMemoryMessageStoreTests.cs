using ChatRoom.InMemory.Internal;
using ChatRoom.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace ChatRoom.InMemory.Tests;

public sealed class InMemoryMessageStoreTests : MessageStoreConformanceTests
{
    private const int Capacity = 5;

    protected override Task<IMessageStore> CreateStoreAsync() => Task.FromResult<IMessageStore>(CreateStore(new InMemoryOptions().MaxHistoryPerRoom));

    [Fact]
    public async Task AppendAsync_ConcurrentDuplicates_TakeNoSeq()
    {
        var store = CreateStore(Capacity);
        var room = NewRoom();
        var sender = new MessageSender("c", "alice", "u");

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            store.AppendAsync(new NewChatMessage(room, $"m{i}", sender, "same", DateTimeOffset.UnixEpoch, "cm-1")))));
        var next = await store.AppendAsync(new NewChatMessage(room, "next", sender, "next", DateTimeOffset.UnixEpoch, null));

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

    private static InMemoryMessageStore CreateStore(int maxHistoryPerRoom) =>
        new(Options.Create(new InMemoryOptions { MaxHistoryPerRoom = maxHistoryPerRoom }));
}
