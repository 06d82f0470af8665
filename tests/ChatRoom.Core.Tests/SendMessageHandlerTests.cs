using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using NSubstitute.Extensions;

namespace ChatRoom.Core.Tests;

/// <summary>The <c>sendmessage</c> action: store, then broadcast; the sender's copy is its acknowledgement.</summary>
public sealed class SendMessageHandlerTests
{
    [Fact]
    public async Task SendMessage_ToRoom_SenderAndMembersGetTheSameMessageEvent()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        var carol = await host.ConnectAsync("carol");
        await alice.DrainAsync();
        await bob.DrainAsync();
        await alice.JoinAsync("lobby");
        await bob.JoinAsync("lobby");
        await alice.DrainAsync();

        await alice.SendAsync("""{"action":"sendmessage","room":"lobby","text":"hello","clientMessageId":"c-1"}""");

        var ack = await alice.ExpectAsync("message");
        var received = await bob.ExpectAsync("message");
        Assert.Equal(1, Frames.AssertMessage(ack, "lobby", alice.ConnectionId, "alice", "hello", "c-1"));
        Assert.Equal(ack.GetRawText(), received.GetRawText());
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
        await carol.AssertNoFramesAsync();
    }

    [Fact]
    public async Task SendMessage_WithoutClientMessageId_OmitsIt()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        var ack = await alice.SayAsync("general", "hi");

        Frames.AssertMessage(ack, "general", alice.ConnectionId, "alice", "hi");
        Assert.False(ack.TryGetProperty("clientMessageId", out _));
    }

    [Fact]
    public async Task SendMessage_DataAlias_IsTheText()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"sendmessage","room":"general","data":"from an AWS sample client"}""");

        Frames.AssertMessage(await alice.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "from an AWS sample client");
    }

    [Fact]
    public async Task SendMessage_SpecialCharacters_RoundTripExactly()
    {
        const string Text = "quote \" backslash \\ <b>&amp;</b> émoji 😀 line\nnext\ttab";
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        var ack = await alice.SayAsync("general", Text);

        Assert.Equal(Text, Frames.String(ack, "text"));
        Assert.Equal(Text, Frames.String(await bob.ExpectAsync("message"), "text"));
    }

    [Fact]
    public async Task SendMessage_RoomOmittedWhileInExactlyOneRoom_GoesToThatRoom()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        await alice.SendAsync("""{"action":"sendmessage","text":"no room needed"}""");

        Frames.AssertMessage(await alice.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "no room needed");
        Frames.AssertMessage(await bob.ExpectAsync("message"), "general", alice.ConnectionId, "alice", "no room needed");
    }

    [Fact]
    public async Task SendMessage_RoomOmittedWhileInSeveralRooms_IsBadRequestAndStoresNothing()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        await alice.JoinAsync("lobby");

        await alice.SendAsync("""{"action":"sendmessage","text":"where?","clientMessageId":"c-9"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.BadRequest, "sendmessage", "c-9");
        await bob.AssertNoFramesAsync();
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("lobby", 10)).Messages);
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task SendMessage_RoomOmittedWhileInNoRoom_IsNotAMember()
    {
        await using var host = ChatTestHost.Create(o => o.DefaultRoom = "");
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"sendmessage","text":"hello?","clientMessageId":"c-1"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.NotAMember, "sendmessage", "c-1");
    }

    [Fact]
    public async Task SendMessage_ToRoomNotJoined_IsNotAMemberAndBroadcastsNothing()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await bob.JoinAsync("lobby");
        await alice.DrainAsync();

        await alice.SendAsync("""{"action":"sendmessage","room":"lobby","text":"let me in","clientMessageId":"c-2"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.NotAMember, "sendmessage", "c-2");
        await bob.AssertNoFramesAsync();
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("lobby", 10)).Messages);
    }

    [Fact]
    public async Task SendMessage_ResendWithSameClientMessageId_SendsTheOriginalToTheRoomAgainAndStoresNothing()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        var original = await alice.SayAsync("general", "once", "c-1");
        await bob.ExpectAsync("message");
        await bob.SayAsync("general", "in between");
        await alice.ExpectAsync("message");

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"once (resent)","clientMessageId":"c-1"}""");

        // The room gets it again too: the first attempt may have stored it without broadcasting it. Same seq, so
        // members who have it ignore it.
        var reack = await alice.ExpectAsync("message");
        var again = await bob.ExpectAsync("message");
        Assert.Equal(original.GetRawText(), reack.GetRawText());
        Assert.Equal(original.GetRawText(), again.GetRawText());
        Assert.Equal(1, Frames.Int64(reack, "seq"));
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
        var stored = (await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages;
        Assert.Equal([1L, 2L], stored.Select(m => m.Seq));
    }

    [Fact]
    public async Task SendMessage_SameClientMessageIdFromAnotherSender_IsANewMessage()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        await alice.SayAsync("general", "alice's", "c-1");
        await bob.ExpectAsync("message");

        var ack = await bob.SayAsync("general", "bob's", "c-1");

        Assert.Equal(2, Frames.AssertMessage(ack, "general", bob.ConnectionId, "bob", "bob's", "c-1"));
        Assert.Equal(ack.GetRawText(), (await alice.ExpectAsync("message")).GetRawText());
    }

    [Fact]
    public async Task SendMessage_SeveralSendersAndRooms_SeqsCountUpPerRoomAndIdsAreUnique()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();
        await alice.JoinAsync("lobby");

        var acks = new List<JsonElement> { await alice.SayAsync("general", "g1") };
        await bob.DrainAsync();
        acks.Add(await bob.SayAsync("general", "g2"));
        await alice.DrainAsync();
        acks.Add(await alice.SayAsync("lobby", "l1"));
        acks.Add(await alice.SayAsync("general", "g3"));

        Assert.Equal([1L, 2L, 1L, 3L], acks.Select(a => Frames.Int64(a, "seq")));
        Assert.Equal(4, acks.Select(a => Frames.String(a, "id")).Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    [InlineData("nul\u0000")]
    [InlineData("bell\u0007")]
    [InlineData("carriage\rreturn")]
    [InlineData("escape\u001b[0m")]
    [InlineData("delete\u007f")]
    [InlineData("next line\u0085")]
    public async Task SendMessage_InvalidText_IsInvalidTextAndStoresNothing(string text)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        await alice.SendFrameAsync(new { action = "sendmessage", room = "general", text, clientMessageId = "c-1" });

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.InvalidText, "sendmessage", "c-1");
        await bob.AssertNoFramesAsync();
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task SendMessage_NewlinesAndTabs_AreAllowed()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        var ack = await alice.SayAsync("general", "line one\nline two\n\tindented");

        Assert.Equal("line one\nline two\n\tindented", Frames.String(ack, "text"));
    }

    [Fact]
    public async Task SendMessage_DefaultMaxLength_AcceptsFourThousandAndRejectsOneMore()
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        var ack = await alice.SayAsync("general", new string('a', 4000));
        await alice.SendFrameAsync(new { action = "sendmessage", room = "general", text = new string('a', 4001), clientMessageId = "long" });

        Assert.Equal(4000, Frames.String(ack, "text").Length);
        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.InvalidText, "sendmessage", "long");
    }

    [Fact]
    public async Task SendMessage_ConfiguredMaxLength_IsEnforced()
    {
        await using var host = ChatTestHost.Create(o => o.MaxMessageLength = 10);
        var alice = await host.ConnectAsync("alice");

        await alice.SayAsync("general", "0123456789");
        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"0123456789X"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.InvalidText, "sendmessage");
    }

    [Theory]
    [InlineData("""{"action":"sendmessage","room":"general","clientMessageId":"c-1"}""", "c-1")]
    [InlineData("""{"action":"sendmessage","room":"general","text":null,"clientMessageId":"c-1"}""", "c-1")]
    [InlineData("""{"action":"sendmessage","room":"general","text":"hi","clientMessageId":""}""", "")]
    [InlineData("""{"action":"sendmessage","room":"general","text":"hi","clientMessageId":"0123456789012345678901234567890123456789012345678901234567890123X"}""", "0123456789012345678901234567890123456789012345678901234567890123X")]
    public async Task SendMessage_MissingTextOrBadClientMessageId_IsBadRequest(string frame, string clientMessageId)
    {
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync(frame);

        var error = await alice.ExpectAsync("error");
        Assert.Equal(ChatErrorCodes.BadRequest, Frames.String(error, "code"));
        Assert.Equal("sendmessage", Frames.String(error, "action"));
        Assert.Equal(clientMessageId, Frames.String(error, "clientMessageId"));
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);
        await alice.AssertUsableAsync();
    }

    [Fact]
    public async Task SendMessage_ClientMessageIdOfSixtyFourCharacters_IsAccepted()
    {
        var clientMessageId = new string('k', 64);
        await using var host = ChatTestHost.Create();
        var alice = await host.ConnectAsync("alice");

        var ack = await alice.SayAsync("general", "hi", clientMessageId);

        Assert.Equal(clientMessageId, Frames.String(ack, "clientMessageId"));
    }

    [Fact]
    public async Task SendMessage_FakeTimeProvider_SentAtIsThatTimeInUtcMilliseconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)).AddTicks(1_234_567));
        await using var host = ChatTestHost.Create(configureServices: s => s.AddSingleton<TimeProvider>(time));
        var alice = await host.ConnectAsync("alice");

        var first = await alice.SayAsync("general", "first");
        time.Advance(TimeSpan.FromMinutes(1));
        var second = await alice.SayAsync("general", "second");

        Assert.Equal("2031-05-06T07:08:09.123Z", Frames.String(first, "sentAt"));
        Assert.Equal("2031-05-06T07:09:09.123Z", Frames.String(second, "sentAt"));
        Assert.EndsWith("Z", Frames.String(first, "sentAt"), StringComparison.Ordinal);
        var stored = (await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 1)).Messages.Single();
        Assert.Equal(new DateTimeOffset(2031, 5, 6, 7, 9, 9, 123, TimeSpan.Zero), stored.SentAt);
    }

    [Fact]
    public async Task SendMessage_WholeSecond_SentAtStillEndsWithZ()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = ChatTestHost.Create(configureServices: s => s.AddSingleton<TimeProvider>(time));
        var alice = await host.ConnectAsync("alice");

        var ack = await alice.SayAsync("general", "new year");

        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), Frames.AssertUtcTimestamp(Frames.String(ack, "sentAt")));
        Assert.EndsWith("Z", Frames.String(ack, "sentAt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_EveryDelivery_HappensAfterTheMessageIsStored()
    {
        var checks = new ConcurrentQueue<(string Recipient, long Seq, bool Stored)>();
        IMessageStore? store = null;
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IConnectionMessenger>(inner =>
        {
            var messenger = Substitute.ForPartsOf<MessengerDecorator>(inner);
            messenger.When(m => m.SendAsync(Arg.Any<string>(), Arg.Any<ReadOnlyMemory<byte>>(), Arg.Any<CancellationToken>()))
                .Do(call => RecordWhetherStored(store!, call.ArgAt<string>(0), call.ArgAt<ReadOnlyMemory<byte>>(1), checks));
            return messenger;
        }));
        store = host.GetRequiredService<IMessageStore>();
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"stored first"}""");
        await bob.SendAsync("""{"action":"sendmessage","room":"general","text":"me too"}""");

        Assert.Equal(4, checks.Count);
        Assert.All(checks, c => Assert.True(c.Stored, $"Message {c.Seq} reached {c.Recipient} before it was stored."));
        Assert.Equal([1L, 1L, 2L, 2L], checks.Select(c => c.Seq));
    }

    [Theory]
    [InlineData(typeof(ChatStoreUnavailableException))]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(TimeoutException))]
    public async Task SendMessage_MessageStoreThrows_IsUnavailableAndNothingIsSent(Type exceptionType)
    {
        var failing = true;
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IMessageStore>(inner =>
        {
            var store = Substitute.ForPartsOf<MessageStoreDecorator>(inner);
            store.Configure().AppendAsync(Arg.Any<NewChatMessage>(), Arg.Any<CancellationToken>())
                .Returns(call => failing
                    ? Task.FromException<AppendResult>((Exception)Activator.CreateInstance(exceptionType)!)
                    : inner.AppendAsync(call.ArgAt<NewChatMessage>(0), call.ArgAt<CancellationToken>(1)));
            return store;
        }));
        var alice = await host.ConnectAsync("alice");
        var bob = await host.ConnectAsync("bob");
        await alice.DrainAsync();

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"important","clientMessageId":"c-7"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.Unavailable, "sendmessage", "c-7");
        await alice.AssertNoFramesAsync();
        await bob.AssertNoFramesAsync();
        Assert.Empty((await host.GetRequiredService<IMessageStore>().GetLatestAsync("general", 10)).Messages);

        failing = false;
        var ack = await alice.SayAsync("general", "important", "c-7");
        Assert.Equal(1, Frames.AssertMessage(ack, "general", alice.ConnectionId, "alice", "important", "c-7"));
        Assert.Equal(ack.GetRawText(), (await bob.ExpectAsync("message")).GetRawText());
    }

    [Fact]
    public async Task SendMessage_MessageStoreThrowsSynchronously_IsUnavailable()
    {
        await using var host = ChatTestHost.Create(configureServices: s => s.Decorate<IMessageStore>(inner =>
        {
            var store = Substitute.ForPartsOf<MessageStoreDecorator>(inner);
            store.Configure().AppendAsync(Arg.Any<NewChatMessage>(), Arg.Any<CancellationToken>()).Throws(new ChatStoreUnavailableException("throttled"));
            return store;
        }));
        var alice = await host.ConnectAsync("alice");

        await alice.SendAsync("""{"action":"sendmessage","room":"general","text":"hi","clientMessageId":"c-1"}""");

        Frames.AssertError(await alice.ExpectAsync("error"), ChatErrorCodes.Unavailable, "sendmessage", "c-1");
        await alice.AssertUsableAsync();
    }

    private static void RecordWhetherStored(IMessageStore store, string recipient, ReadOnlyMemory<byte> frame, ConcurrentQueue<(string, long, bool)> checks)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        if (root.GetProperty("type").GetString() != "message")
        {
            return;
        }

        var seq = root.GetProperty("seq").GetInt64();
        var page = store.GetAfterAsync(root.GetProperty("room").GetString()!, seq - 1, 1).GetAwaiter().GetResult();
        checks.Enqueue((recipient, seq, page.Messages.Any(m => m.Seq == seq)));
    }
}
