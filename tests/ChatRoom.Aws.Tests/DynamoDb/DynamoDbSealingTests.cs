using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>
/// A seq taken but never stored (a failed append, one still in flight, one a resend will complete) is sealed by the
/// read whose range covers it, so the range is final across every execution environment; an append that finds its seq
/// sealed stores its message at a new one, exactly once.
/// </summary>
[Collection(DynaliteGroup.Name)]
[Trait("Category", "Integration")]
public sealed class DynamoDbSealingTests(DynaliteServer dynalite) : IAsyncLifetime
{
    private const string Room = "lobby";

    private static readonly ChatMember Alice = new() { ConnectionId = "c-alice", Name = "alice", UserId = "u-alice" };
    private static readonly ChatMember Bob = new() { ConnectionId = "c-bob", Name = "bob", UserId = "u-bob" };

    private readonly string _table = "seal-" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<ServiceProvider> _environments = [];
    private AmazonDynamoDBClient _real = null!;

    public async Task InitializeAsync()
    {
        _real = dynalite.CreateClient();
        await ChatRoomTable.EnsureCreatedAsync(_real, _table);
    }

    public async Task DisposeAsync()
    {
        foreach (var environment in _environments)
        {
            await environment.DisposeAsync();
        }

        _real.Dispose();
    }

    [Fact]
    public async Task HistoryAfter_SeqTakenByAFailedAppend_IsSealedAndReportedInsideTheRange()
    {
        var messenger = new FrameRecorder();
        var engine = NewEnvironment(messenger: messenger).GetRequiredService<IChatEngine>();
        await engine.ConnectedAsync("c-alice", ConnectionMetadata.FromQuery(new Dictionary<string, string> { ["name"] = "alice" }));
        await SendAsync(engine, "c-alice", "first");
        await TakeSeqsAsync(1);
        await SendAsync(engine, "c-alice", "third");

        await engine.FrameReceivedAsync("c-alice", """{"action":"history","room":"lobby","after":0}"""u8.ToArray());

        var history = Assert.Single(messenger.Of("c-alice", "history"));
        Assert.Equal([1L, 3L], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(1, history.GetProperty("from").GetInt64());
        Assert.Equal(3, history.GetProperty("to").GetInt64());
        Assert.False(history.GetProperty("hasMore").GetBoolean());
        var tombstone = await GetSeqItemAsync(2);
        Assert.NotNull(tombstone);
        Assert.True(tombstone[MessageItems.SealedAttribute].BOOL);
    }

    [Fact]
    public async Task GetLatestAsync_SeqTakenBetweenTwoMessages_IsSealedAndNeverListed()
    {
        var store = Store();
        await store.AppendAsync(Message(Alice, "first"));
        await TakeSeqsAsync(1);
        await store.AppendAsync(Message(Alice, "third"));

        var latest = await store.GetLatestAsync(Room, 10);

        Assert.Equal(["first", "third"], latest.Messages.Select(m => m.Text));
        Assert.Equal(new SeqRange(1, 3), latest.Range);
        Assert.True((await GetSeqItemAsync(2))?.ContainsKey(MessageItems.SealedAttribute));
        Assert.Equal(latest.Messages, (await store.GetAfterAsync(Room, 0, 10)).Messages);
    }

    [Fact]
    public async Task GetAfterAsync_SeqTakenAboveTheNewestMessage_IsLeftForItsAppend()
    {
        var store = Store();
        await store.AppendAsync(Message(Alice, "first"));
        await TakeSeqsAsync(1);

        var page = await store.GetAfterAsync(Room, 0, 10);

        Assert.Equal(new SeqRange(1, 1), page.Range);
        Assert.Null(await GetSeqItemAsync(2));
    }

    [Fact]
    public async Task GetAfterAsync_MoreHolesThanOneReadSeals_StopsBeforeTheFirstOpenHoleAndPagesOn()
    {
        var store = Store();
        await store.AppendAsync(Message(Alice, "first"));
        await TakeSeqsAsync(150);
        await store.AppendAsync(Message(Alice, "last"));

        var first = await store.GetAfterAsync(Room, 0, 100);
        var second = await store.GetAfterAsync(Room, first.Range!.To, 100);

        Assert.Equal(["first"], first.Messages.Select(m => m.Text));
        Assert.Equal(new SeqRange(1, 1 + DynamoDbMessageStore.MaxSealsPerRead), first.Range);
        Assert.True(first.HasMore);
        Assert.Equal(["last"], second.Messages.Select(m => m.Text));
        Assert.Equal(new SeqRange(102, 152), second.Range);
        Assert.False(second.HasMore);
        Assert.Equal(150, await CountTombstonesAsync());
    }

    [Fact]
    public async Task GetLatestAsync_MoreHolesThanOneReadSeals_ListsTheNewestAboveTheFirstOpenHole()
    {
        var store = Store();
        await store.AppendAsync(Message(Alice, "first"));
        await TakeSeqsAsync(150);
        await store.AppendAsync(Message(Alice, "last"));

        var first = await store.GetLatestAsync(Room, 10);
        var second = await store.GetLatestAsync(Room, 10);

        Assert.Equal(["last"], first.Messages.Select(m => m.Text));
        Assert.Equal(new SeqRange(152, 152), first.Range);
        Assert.True(first.HasMore);
        Assert.Equal(["first", "last"], second.Messages.Select(m => m.Text));
        Assert.Equal(new SeqRange(1, 152), second.Range);
        Assert.False(second.HasMore);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cm-late")]
    public async Task AppendAsync_SeqSealedBeforeItsPut_StoresTheMessageOnceAtANewHigherSeq(string? clientMessageId)
    {
        // Two execution environments on one table: the late one's SEQ# put waits while the other stores a newer
        // message and reads past the late seq, sealing it.
        var other = Store();
        MessagePage? read = null;
        var late = Store(ForwardingDynamoDb.Create(_real, async (request, cancellationToken) =>
        {
            if (ForwardingDynamoDb.IsMessagePut(request) && read is null)
            {
                await other.AppendAsync(Message(Bob, "newer"), cancellationToken);
                read = await other.GetAfterAsync(Room, 0, 10, cancellationToken);
            }

            return await _real.PutItemAsync(request, cancellationToken);
        }));

        var appended = await late.AppendAsync(Message(Alice, "late", clientMessageId));

        Assert.NotNull(read);
        Assert.Equal(["newer"], read.Messages.Select(m => m.Text));
        Assert.Equal(new SeqRange(1, 2), read.Range);
        Assert.False(appended.IsDuplicate);
        Assert.Equal(3, appended.Message.Seq);
        var all = await other.GetAfterAsync(Room, 0, 10);
        Assert.Equal([(2L, "newer"), (3L, "late")], all.Messages.Select(m => (m.Seq, m.Text)));
        Assert.Equal(new SeqRange(1, 3), all.Range);
        if (clientMessageId is not null)
        {
            var resend = await other.AppendAsync(Message(Alice, "late", clientMessageId));
            Assert.True(resend.IsDuplicate);
            Assert.Equal(appended.Message, resend.Message);
        }
    }

    [Fact]
    public async Task GetAfterAsync_MessageLandsWhileItsSeqIsBeingSealed_ListsTheMessage()
    {
        var appendPaused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseAppend = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appendLanded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Store(ForwardingDynamoDb.Create(_real, async (request, cancellationToken) =>
        {
            if (!ForwardingDynamoDb.IsMessagePut(request))
            {
                return await _real.PutItemAsync(request, cancellationToken);
            }

            appendPaused.TrySetResult();
            await releaseAppend.Task;
            var response = await _real.PutItemAsync(request, cancellationToken);
            appendLanded.TrySetResult();
            return response;
        }));
        var reader = Store(ForwardingDynamoDb.Create(_real, async (request, cancellationToken) =>
        {
            if (ForwardingDynamoDb.IsSeal(request))
            {
                // The reader found the hole; the message lands before its seal does.
                releaseAppend.TrySetResult();
                await appendLanded.Task;
            }

            return await _real.PutItemAsync(request, cancellationToken);
        }));

        var appending = writer.AppendAsync(Message(Alice, "in flight"));
        await appendPaused.Task;
        await Store().AppendAsync(Message(Bob, "newer"));
        var page = await reader.GetAfterAsync(Room, 0, 10);
        releaseAppend.TrySetResult();
        var appended = await appending;

        Assert.Equal([(1L, "in flight"), (2L, "newer")], page.Messages.Select(m => (m.Seq, m.Text)));
        Assert.Equal(new SeqRange(1, 2), page.Range);
        Assert.False(appended.IsDuplicate);
        Assert.Equal(1, appended.Message.Seq);
        Assert.Equal(0, await CountTombstonesAsync());
    }

    [Fact]
    public async Task Resend_OfAClaimWhoseSeqWasSealed_StoresItOnceAtANewSeqAndEveryResendAgrees()
    {
        // The append died after its claim and before its SEQ# put (a Lambda stopped at its timeout). A read then
        // sealed its seq; resends from four execution environments at once must store it once, at one new seq.
        var dying = Store(ForwardingDynamoDb.Create(_real, (request, cancellationToken) => ForwardingDynamoDb.IsMessagePut(request)
            ? throw new HttpRequestException("The execution environment was stopped.")
            : _real.PutItemAsync(request, cancellationToken)));
        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => dying.AppendAsync(Message(Alice, "resent", "cm-1")));
        var stores = Enumerable.Range(0, 4).Select(_ => Store()).ToList();
        await stores[0].AppendAsync(Message(Bob, "newer"));
        var sealing = await stores[0].GetAfterAsync(Room, 0, 10);

        var resends = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => stores[i % 4].AppendAsync(Message(Alice, "resent", "cm-1")))));

        Assert.Equal(new SeqRange(1, 2), sealing.Range);
        Assert.Equal(["newer"], sealing.Messages.Select(m => m.Text));
        var stored = Assert.Single(resends, r => !r.IsDuplicate).Message;
        Assert.All(resends, r => Assert.Equal(stored, r.Message));
        Assert.True(stored.Seq > 2, $"the resend was stored at {stored.Seq}, not above the sealed seq and the newer message");
        var all = await stores[3].GetAfterAsync(Room, 0, 100);
        Assert.Equal(["newer", "resent"], all.Messages.Select(m => m.Text));
        Assert.Equal(stored, all.Messages[^1]);
    }

    [Fact]
    public async Task GetAfterAsync_FromSeveralExecutionEnvironmentsAtOnce_AllStateTheSameRangeAndMessages()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => Store()).ToList();
        await stores[0].AppendAsync(Message(Alice, "first"));
        await TakeSeqsAsync(5);
        await stores[1].AppendAsync(Message(Bob, "seventh"));

        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => stores[i % 4].GetAfterAsync(Room, 0, 10))));

        Assert.All(pages, page =>
        {
            Assert.Equal([(1L, "first"), (7L, "seventh")], page.Messages.Select(m => (m.Seq, m.Text)));
            Assert.Equal(new SeqRange(1, 7), page.Range);
        });
        Assert.Equal(5, await CountTombstonesAsync());
    }

    private static NewChatMessage Message(ChatMember sender, string text, string? clientMessageId = null) =>
        new()
        {
            Room = Room,
            Id = Guid.NewGuid().ToString("N"),
            Sender = sender,
            Text = text,
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = clientMessageId,
        };

    private static Task SendAsync(IChatEngine engine, string connectionId, string text) =>
        engine.FrameReceivedAsync(connectionId, System.Text.Encoding.UTF8.GetBytes($$"""{"action":"sendmessage","room":"lobby","text":"{{text}}"}"""));

    /// <summary>A store of its own, as one Lambda execution environment has, on the test's table.</summary>
    private IMessageStore Store(IAmazonDynamoDB? client = null) => NewEnvironment(client).GetRequiredService<IMessageStore>();

    private ServiceProvider NewEnvironment(IAmazonDynamoDB? client = null, IConnectionMessenger? messenger = null)
    {
        var collection = new ServiceCollection().AddSingleton(client ?? dynalite.CreateClient());
        collection.AddChatRoom(o => o.DefaultRoom = Room).AddDynamoDb(o => o.TableName = _table);
        if (messenger is not null)
        {
            collection.AddSingleton(messenger);
        }

        var services = collection.BuildServiceProvider();
        _environments.Add(services);
        return services;
    }

    /// <summary>Takes seqs from the room's counter as an append does first, and stores nothing: appends that failed.</summary>
    private async Task TakeSeqsAsync(int count) => await _real.UpdateItemAsync(new UpdateItemRequest
    {
        TableName = _table,
        Key = Attributes.Key(TableKeys.Messages(Room), TableKeys.CounterSortKey),
        UpdateExpression = "ADD lastSeq :n",
        ExpressionAttributeValues = new() { [":n"] = Attributes.N(count) },
    });

    private async Task<Dictionary<string, AttributeValue>?> GetSeqItemAsync(long seq)
    {
        var response = await _real.GetItemAsync(new GetItemRequest { TableName = _table, Key = Attributes.Key(TableKeys.Messages(Room), TableKeys.Seq(seq)), ConsistentRead = true });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async Task<int> CountTombstonesAsync()
    {
        var response = await _real.QueryAsync(new QueryRequest
        {
            TableName = _table,
            KeyConditionExpression = "pk = :pk AND begins_with(sk, :seq)",
            ExpressionAttributeValues = new() { [":pk"] = Attributes.S(TableKeys.Messages(Room)), [":seq"] = Attributes.S(TableKeys.SeqPrefix) },
            ConsistentRead = true,
        });
        return response.Items.Count(MessageItems.IsSealed);
    }
}
