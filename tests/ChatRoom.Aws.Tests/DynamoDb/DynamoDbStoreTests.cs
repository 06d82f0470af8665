using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>What the DynamoDB adapter must do beyond the shared store contract.</summary>
[Collection(DynaliteGroup.Name)]
[Trait("Category", "Integration")]
public sealed class DynamoDbStoreTests(DynaliteServer dynalite)
{
    private static readonly ChatMember Alice = new() { ConnectionId = "c-alice", Name = "alice", UserId = "u-alice" };

    [Fact]
    public async Task AppendAsync_200ParallelAppends_GetDistinctSeqs()
    {
        var services = await CreateServicesAsync();
        var messages = services.GetRequiredService<IMessageStore>();

        var appended = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            messages.AppendAsync(new NewChatMessage
            {
                Room = "busy",
                Id = $"m{i}",
                Sender = Alice,
                Text = $"text {i}",
                SentAt = DateTimeOffset.UnixEpoch,
                ClientMessageId = null,
            })));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), appended.Select(a => a.Message.Seq).Order());
    }

    [Fact]
    public async Task GetLatestAsync_HistoryLargerThanOneMegabytePage_ReadsAcrossPages()
    {
        var services = await CreateServicesAsync();
        var messages = services.GetRequiredService<IMessageStore>();
        var text = new string('x', 30_000);
        for (var i = 0; i < 45; i++)
        {
            await messages.AppendAsync(new NewChatMessage
            {
                Room = "big",
                Id = $"m{i}",
                Sender = Alice,
                Text = text,
                SentAt = DateTimeOffset.UnixEpoch,
                ClientMessageId = null,
            });
        }

        var latest = await messages.GetLatestAsync("big", 45);
        var after = await messages.GetAfterAsync("big", 0, 45);

        Assert.Equal(Enumerable.Range(1, 45).Select(i => (long)i), latest.Messages.Select(m => m.Seq));
        Assert.False(latest.HasMore);
        Assert.Equal(45, after.Messages.Count);
    }

    [Fact]
    public async Task GetMembersAsync_MoreMembersThanOnePage_PagesThroughAll()
    {
        var services = await CreateServicesAsync();
        var connections = services.GetRequiredService<IConnectionStore>();
        for (var i = 0; i < 120; i++)
        {
            var connection = new ConnectionInfo { Member = new() { ConnectionId = $"c{i:D3}", Name = $"user {i}", UserId = $"u{i}" }, ConnectedAt = DateTimeOffset.UnixEpoch };
            await connections.AddConnectionAsync(connection);
            await connections.JoinRoomAsync("crowd", connection, maxRooms: 16);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await connections.GetMembersAsync("crowd", token, 50);
            seen.AddRange(page.Members.Select(m => m.ConnectionId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"c{i:D3}"), seen);
    }

    [Fact]
    public async Task Reads_ItemsPastTheirTimeToLive_AreIgnored()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = await CreateServicesAsync(time);
        var connections = services.GetRequiredService<IConnectionStore>();
        var connection = new ConnectionInfo { Member = new() { ConnectionId = "c-expiring", Name = "ghost", UserId = "u-ghost" }, ConnectedAt = time.GetUtcNow() };
        await connections.AddConnectionAsync(connection);
        await connections.JoinRoomAsync("haunted", connection, maxRooms: 16);

        time.Advance(TimeSpan.FromHours(3) + TimeSpan.FromSeconds(1));

        Assert.Null(await connections.GetConnectionAsync("c-expiring"));
        Assert.Empty(await connections.GetRoomsAsync("c-expiring"));
        Assert.Empty((await connections.GetMembersAsync("haunted", null, 10)).Members);
        Assert.Equal(RoomJoinResult.NotRegistered, await connections.JoinRoomAsync("haunted", connection, maxRooms: 16));
        await connections.AddConnectionAsync(connection with { ConnectedAt = time.GetUtcNow() });
        Assert.Equal(RoomJoinResult.Joined, await connections.JoinRoomAsync("haunted", connection, maxRooms: 1));
    }

    [Fact]
    public async Task AddConnectionAndJoin_EveryItem_CarriesTheConnectionTimeToLive()
    {
        // A connection that vanishes without $disconnect must be forgotten even if nobody ever sends to it again:
        // DynamoDB's TTL deletes items whose "ttl" (epoch seconds) has passed.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = await CreateServicesAsync(time);
        var connections = services.GetRequiredService<IConnectionStore>();
        var client = services.GetRequiredService<DynamoDbClientAccessor>().Client;
        var table = services.GetRequiredService<IOptions<DynamoDbOptions>>().Value.TableName;
        var connection = new ConnectionInfo { Member = new() { ConnectionId = "c-vanishing", Name = "ghost", UserId = "u-ghost" }, ConnectedAt = time.GetUtcNow() };
        var expected = (time.GetUtcNow() + TimeSpan.FromHours(3)).ToUnixTimeSeconds();

        await connections.AddConnectionAsync(connection);
        await connections.JoinRoomAsync("lobby", connection, maxRooms: 16);

        foreach (var (pk, sk) in new[]
        {
            (TableKeys.Connection("c-vanishing"), TableKeys.ConnectionSortKey),
            (TableKeys.Roster("lobby"), TableKeys.Member("c-vanishing")),
        })
        {
            var item = (await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Attributes.Key(pk, sk), ConsistentRead = true })).Item;
            Assert.NotNull(item);
            Assert.True(item.TryGetValue(TableKeys.TimeToLive, out var ttl), $"{pk} {sk} has no ttl");
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), ttl.N);
        }
    }

    [Fact]
    public async Task AppendAsync_ExpiredDeduplicationClaim_StoresANewMessage()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = await CreateServicesAsync(time);
        var messages = services.GetRequiredService<IMessageStore>();
        await messages.AppendAsync(new NewChatMessage
        {
            Room = "r",
            Id = "m1",
            Sender = Alice,
            Text = "first",
            SentAt = time.GetUtcNow(),
            ClientMessageId = "same-id",
        });

        time.Advance(TimeSpan.FromHours(25));
        var later = await messages.AppendAsync(new NewChatMessage
        {
            Room = "r",
            Id = "m2",
            Sender = Alice,
            Text = "second",
            SentAt = time.GetUtcNow(),
            ClientMessageId = "same-id",
        });

        Assert.False(later.IsDuplicate);
        Assert.Equal("second", later.Message.Text);
    }

    [Fact]
    public async Task AppendAsync_ResendAfterAHalfWrittenAppend_CompletesTheOriginalAndReportsItNew()
    {
        var services = await CreateServicesAsync();
        var messages = services.GetRequiredService<IMessageStore>();
        var client = services.GetRequiredService<DynamoDbClientAccessor>().Client;
        var table = services.GetRequiredService<IOptions<DynamoDbOptions>>().Value.TableName;
        var first = await messages.AppendAsync(new NewChatMessage
        {
            Room = "r",
            Id = "m1",
            Sender = Alice,
            Text = "hello",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = "cm-half",
        });

        // Simulate a crash between the claim and the message item: the message item is missing.
        await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Attributes.Key(TableKeys.Messages("r"), TableKeys.Seq(first.Message.Seq)) });
        var resend = await messages.AppendAsync(new NewChatMessage
        {
            Room = "r",
            Id = "m1-again",
            Sender = Alice,
            Text = "hello",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = "cm-half",
        });
        var history = await messages.GetLatestAsync("r", 10);

        Assert.False(resend.IsDuplicate);
        Assert.Equal(first.Message, resend.Message);
        Assert.Equal([first.Message], history.Messages);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cm-lost-answer")]
    public async Task AppendAsync_SeqPutRetriedAfterItsAnswerWasLost_ReportsTheMessageNew(string? clientMessageId)
    {
        // The SDK retries a put whose first attempt landed but whose answer was lost (a reset, a timeout): the retry
        // then fails its condition. The append must still report the message new, or it would be acknowledged to the
        // sender and stored but never broadcast to the room.
        using var real = dynalite.CreateClient();
        var table = "t-" + Guid.NewGuid().ToString("N")[..12];
        await ChatRoomTable.EnsureCreatedAsync(real, table);
        var client = ForwardingDynamoDb.Create(real, async (request, cancellationToken) =>
        {
            if (request.Item[TableKeys.SortKey].S.StartsWith(TableKeys.SeqPrefix, StringComparison.Ordinal))
            {
                await real.PutItemAsync(request, cancellationToken); // lands; its answer is lost
            }

            return await real.PutItemAsync(request, cancellationToken); // the SDK's retry
        });
        var services = new ServiceCollection().AddSingleton(client).AddChatRoom().AddDynamoDb(o => o.TableName = table).Services.BuildServiceProvider();
        var messages = services.GetRequiredService<IMessageStore>();

        var appended = await messages.AppendAsync(new NewChatMessage
        {
            Room = "r",
            Id = "m1",
            Sender = Alice,
            Text = "hello",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = clientMessageId,
        });
        var history = await messages.GetLatestAsync("r", 10);

        Assert.False(appended.IsDuplicate);
        Assert.Equal([appended.Message], history.Messages);
    }

    [Fact]
    public async Task AppendAsync_ResendsGiveBackRetriedAfterAnotherAppendTookTheSeq_StoresEveryMessage()
    {
        // A resend gives back the seq it took. If the SDK retries that give-back after its first attempt landed and
        // another execution environment has taken the seq meanwhile, the retry must not give that seq back too: the
        // next append would take it again, find its SEQ# item taken and be reported a duplicate, stored nowhere.
        using var real = dynalite.CreateClient();
        var table = "t-" + Guid.NewGuid().ToString("N")[..12];
        await ChatRoomTable.EnsureCreatedAsync(real, table);
        var elsewhere = new ServiceCollection().AddSingleton<IAmazonDynamoDB>(real).AddChatRoom().AddDynamoDb(o => o.TableName = table)
            .Services.BuildServiceProvider().GetRequiredService<IMessageStore>();
        var retried = false;
        var client = ForwardingDynamoDb.Create(real, put: null, update: async (request, cancellationToken) =>
        {
            if (retried || request.ConditionExpression is not { } condition || !condition.Contains(":taken", StringComparison.Ordinal))
            {
                return await real.UpdateItemAsync(request, cancellationToken);
            }

            retried = true;
            await real.UpdateItemAsync(request, cancellationToken); // lands; its answer is lost
            await elsewhere.AppendAsync(new NewChatMessage { Room = "r", Id = "m-between", Sender = Alice, Text = "between", SentAt = DateTimeOffset.UnixEpoch }, cancellationToken);
            return await real.UpdateItemAsync(request, cancellationToken); // the SDK's retry
        });
        var messages = new ServiceCollection().AddSingleton(client).AddChatRoom().AddDynamoDb(o => o.TableName = table)
            .Services.BuildServiceProvider().GetRequiredService<IMessageStore>();
        NewChatMessage Message(string id, string text, string? clientMessageId = null) =>
            new() { Room = "r", Id = id, Sender = Alice, Text = text, SentAt = DateTimeOffset.UnixEpoch, ClientMessageId = clientMessageId };

        await messages.AppendAsync(Message("m-first", "first", "cm-1"));
        var resend = await messages.AppendAsync(Message("m-first-again", "first", "cm-1"));
        var after = await messages.AppendAsync(Message("m-after", "after"));

        Assert.True(retried);
        Assert.True(resend.IsDuplicate);
        Assert.False(after.IsDuplicate);
        Assert.Equal(["first", "between", "after"], (await messages.GetLatestAsync("r", 10)).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Resend_AfterEveryAnswerOfItsSeqPutWasLost_ReachesTheWholeRoomOnce()
    {
        // The first attempt stored the message, but the sender only learned "unavailable" (every answer of the SEQ# put
        // was lost, as when a Lambda is stopped at its timeout). Its resend must reach the room, not the sender alone.
        using var real = dynalite.CreateClient();
        var table = "t-" + Guid.NewGuid().ToString("N")[..12];
        await ChatRoomTable.EnsureCreatedAsync(real, table);
        var answersLost = true;
        var client = ForwardingDynamoDb.Create(real, async (request, cancellationToken) =>
        {
            var response = await real.PutItemAsync(request, cancellationToken);
            return answersLost && request.Item[TableKeys.SortKey].S.StartsWith(TableKeys.SeqPrefix, StringComparison.Ordinal)
                ? throw new HttpRequestException("The connection was reset before the answer arrived.")
                : response;
        });
        var messenger = new FrameRecorder();
        await using var services = await AliceAndBobInTheLobbyAsync(client, table, messenger);
        var engine = services.GetRequiredService<IChatEngine>();
        var send = """{"action":"sendmessage","room":"lobby","text":"hello","clientMessageId":"c-1"}"""u8.ToArray();

        await engine.FrameReceivedAsync("c-alice", send);
        Assert.Equal("unavailable", Assert.Single(messenger.Of("c-alice", "error")).GetProperty("code").GetString());
        Assert.Empty(messenger.Of("c-bob", "message"));
        answersLost = false;
        await engine.FrameReceivedAsync("c-alice", send);

        var stored = Assert.Single((await services.GetRequiredService<IMessageStore>().GetLatestAsync("lobby", 10)).Messages);
        var ack = Assert.Single(messenger.Of("c-alice", "message"));
        var live = Assert.Single(messenger.Of("c-bob", "message"));
        Assert.Equal(stored.Seq, ack.GetProperty("seq").GetInt64());
        Assert.Equal(ack.GetRawText(), live.GetRawText());
    }

    [Fact]
    public async Task Reads_JoinSendHistoryAndMembers_AreAllStronglyConsistent()
    {
        // A broadcast right after a join, or a history read right after an append, may run in another execution
        // environment: an eventually consistent read there could miss the member or the message.
        using var real = dynalite.CreateClient();
        var table = "t-" + Guid.NewGuid().ToString("N")[..12];
        await ChatRoomTable.EnsureCreatedAsync(real, table);
        var reads = new System.Collections.Concurrent.ConcurrentQueue<AmazonDynamoDBRequest>();
        var client = ForwardingDynamoDb.Create(real, put: null, reads.Enqueue);
        var messenger = new FrameRecorder();
        await using var services = await AliceAndBobInTheLobbyAsync(client, table, messenger);
        var engine = services.GetRequiredService<IChatEngine>();

        await engine.FrameReceivedAsync("c-alice", """{"action":"sendmessage","room":"lobby","text":"hi","clientMessageId":"c-1"}"""u8.ToArray());
        await engine.FrameReceivedAsync("c-bob", """{"action":"join","room":"lobby","since":0}"""u8.ToArray());
        await engine.FrameReceivedAsync("c-bob", """{"action":"history","room":"lobby","after":0}"""u8.ToArray());
        await engine.FrameReceivedAsync("c-bob", """{"action":"members","room":"lobby"}"""u8.ToArray());

        Assert.Single(messenger.Of("c-bob", "message"));
        Assert.Contains(reads, r => r is QueryRequest { KeyConditionExpression: var k } && k.Contains("begins_with", StringComparison.Ordinal));
        Assert.Contains(reads, r => r is QueryRequest { KeyConditionExpression: var k } && k.Contains("BETWEEN", StringComparison.Ordinal));
        Assert.All(reads, r => Assert.True(
            r is GetItemRequest { ConsistentRead: true } or QueryRequest { ConsistentRead: true },
            $"{r.GetType().Name} {(r as QueryRequest)?.KeyConditionExpression ?? string.Join(",", ((GetItemRequest)r).Key.Values.Select(v => v.S))} is eventually consistent"));
    }

    [Fact]
    public async Task GetConnectionAsync_MemberOfRooms_ReturnsThemFromTheSameRead()
    {
        var counting = new CountingHttpClientFactory();
        using var client = dynalite.CreateClient(new AmazonDynamoDBConfig { HttpClientFactory = counting });
        var table = "t-" + Guid.NewGuid().ToString("N")[..12];
        await ChatRoomTable.EnsureCreatedAsync(client, table);
        var connections = new ServiceCollection().AddSingleton<IAmazonDynamoDB>(client).AddChatRoom().AddDynamoDb(o => o.TableName = table)
            .Services.BuildServiceProvider().GetRequiredService<IConnectionStore>();
        var connection = new ConnectionInfo { Member = Alice, ConnectedAt = DateTimeOffset.UnixEpoch };
        await connections.AddConnectionAsync(connection);
        await connections.JoinRoomAsync("lobby", connection, maxRooms: 16);
        await connections.JoinRoomAsync("games", connection, maxRooms: 16);
        counting.Reset();

        var loaded = await connections.GetConnectionAsync(Alice.ConnectionId);

        Assert.Equal(["games", "lobby"], loaded!.Rooms!.Order(StringComparer.Ordinal));
        Assert.Equal(1, counting.Total);
    }

    [Fact]
    public async Task RenewConnectionAsync_BeforeExpiry_KeepsTheConnectionAndItsMembershipsPastTheirFirstTimeToLive()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var services = await CreateServicesAsync(time);
        var connections = services.GetRequiredService<IConnectionStore>();
        var connection = new ConnectionInfo { Member = new() { ConnectionId = "c-long", Name = "stayer", UserId = "u-long", IsAuthenticated = true }, ConnectedAt = time.GetUtcNow() };
        await connections.AddConnectionAsync(connection);
        await connections.JoinRoomAsync("lobby", connection, maxRooms: 16);

        time.Advance(TimeSpan.FromHours(2));
        Assert.True(await connections.RenewConnectionAsync("c-long"));
        time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(connection, await connections.GetConnectionAsync("c-long"));
        Assert.Equal(["lobby"], await connections.GetRoomsAsync("c-long"));
        Assert.Equal([connection.Member], (await connections.GetMembersAsync("lobby", null, 10)).Members);

        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.False(await connections.RenewConnectionAsync("c-long"));
        Assert.Null(await connections.GetConnectionAsync("c-long"));
        Assert.Empty((await connections.GetMembersAsync("lobby", null, 10)).Members);
    }

    [Fact]
    public async Task RenewConnectionAsync_RosterEntryLostMeanwhile_PutsItBack()
    {
        var services = await CreateServicesAsync();
        var connections = services.GetRequiredService<IConnectionStore>();
        var client = services.GetRequiredService<DynamoDbClientAccessor>().Client;
        var table = services.GetRequiredService<IOptions<DynamoDbOptions>>().Value.TableName;
        var connection = new ConnectionInfo { Member = new() { ConnectionId = "c-repair", Name = "mended", UserId = "u-repair" }, ConnectedAt = DateTimeOffset.UnixEpoch };
        await connections.AddConnectionAsync(connection);
        await connections.JoinRoomAsync("lobby", connection, maxRooms: 16);
        await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Attributes.Key(TableKeys.Roster("lobby"), TableKeys.Member("c-repair")) });

        Assert.True(await connections.RenewConnectionAsync("c-repair"));

        Assert.Equal([connection.Member], (await connections.GetMembersAsync("lobby", null, 10)).Members);
    }

    [Fact]
    public async Task JoinRoomAsync_FromSeveralExecutionEnvironmentsAtOnce_NeverExceedsTheRoomLimit()
    {
        // Each provider stands for one Lambda execution environment: its own store and client, one table.
        var table = "t-" + Guid.NewGuid().ToString("N")[..12];
        var environments = new List<ServiceProvider>();
        for (var i = 0; i < 4; i++)
        {
            environments.Add(await CreateServicesAsync(table: table));
        }

        var connection = new ConnectionInfo { Member = new() { ConnectionId = "c-greedy", Name = "greedy", UserId = "u-greedy" }, ConnectedAt = DateTimeOffset.UnixEpoch };
        await environments[0].GetRequiredService<IConnectionStore>().AddConnectionAsync(connection);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            environments[i % 4].GetRequiredService<IConnectionStore>().JoinRoomAsync($"room-{i}", connection, maxRooms: 16))));

        Assert.Equal(16, results.Count(r => r == RoomJoinResult.Joined));
        Assert.Equal(16, results.Count(r => r == RoomJoinResult.TooManyRooms));
        Assert.Equal(16, (await environments[3].GetRequiredService<IConnectionStore>().GetRoomsAsync("c-greedy")).Count);
        foreach (var environment in environments)
        {
            await environment.DisposeAsync();
        }
    }

    [Fact]
    public async Task EnsureCreatedAsync_CalledTwiceAndConcurrently_IsIdempotent()
    {
        using var client = dynalite.CreateClient();
        var table = "create-" + Guid.NewGuid().ToString("N")[..8];

        await Task.WhenAll(ChatRoomTable.EnsureCreatedAsync(client, table), ChatRoomTable.EnsureCreatedAsync(client, table));
        await ChatRoomTable.EnsureCreatedAsync(client, table);

        var description = await client.DescribeTableAsync(table);
        Assert.Equal(TableStatus.ACTIVE, description.Table.TableStatus);
        Assert.Equal(["pk", "sk"], description.Table.KeySchema.Select(k => k.AttributeName));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendMessage_WithOrWithoutClientMessageId_FixedRequestsAndWriteUnitsWhateverOtherRoomsHold(bool withClientMessageId)
    {
        var counting = new CountingHttpClientFactory();
        using var real = dynalite.CreateClient(new AmazonDynamoDBConfig { HttpClientFactory = counting });
        var meter = new CapacityMeter(real);
        var table = "cost-" + Guid.NewGuid().ToString("N")[..8];
        await ChatRoomTable.EnsureCreatedAsync(real, table);
        var services = new ServiceCollection()
            .AddSingleton(meter.Client)
            .AddChatRoom(o => o.DefaultRoom = null)
            .AddDynamoDb(o => o.TableName = table)
            .Services.AddSingleton<IConnectionMessenger, DeliveringMessenger>()
            .BuildServiceProvider();
        var engine = services.GetRequiredService<IChatEngine>();
        var connections = services.GetRequiredService<IConnectionStore>();
        for (var i = 0; i < 5; i++)
        {
            await engine.ConnectedAsync($"member-{i}", ConnectionMetadata.Empty);
            await engine.FrameReceivedAsync($"member-{i}", """{"action":"join","room":"target"}"""u8.ToArray());
        }

        var before = await CountSendAsync(engine, counting, meter, "first", withClientMessageId ? "cm-1" : null);
        for (var i = 0; i < 300; i++)
        {
            var other = new ConnectionInfo { Member = new() { ConnectionId = $"other-{i}", Name = "o", UserId = "o" }, ConnectedAt = DateTimeOffset.UnixEpoch };
            await connections.AddConnectionAsync(other);
            await connections.JoinRoomAsync($"other-{i % 30}", other, maxRooms: 16);
        }

        var after = await CountSendAsync(engine, counting, meter, "second", withClientMessageId ? "cm-2" : null);

        // docs/aws.md prices a message at exactly these: the connection (with its rooms), the seq, the claim with a
        // clientMessageId, the message item, one roster page; one write unit each for the seq, the claim and the message.
        Assert.Equal(before.Requests, after.Requests);
        Assert.Equal(before.WriteUnits, after.WriteUnits);
        Assert.Equal(
            new SortedDictionary<string, int> { ["GetItem"] = 1, ["PutItem"] = withClientMessageId ? 2 : 1, ["Query"] = 1, ["UpdateItem"] = 1 },
            after.Requests);
        Assert.Equal(withClientMessageId ? 3 : 2, after.WriteUnits);
    }

    [Fact]
    public async Task AppendAsync_ThrottledOnEverySdkRetry_ThrowsChatStoreUnavailableAndStoresNothing()
    {
        await using var proxy = await ThrottlingProxy.StartAsync(dynalite.ServiceUrl);
        await using var services = await CreateServicesAsync(serviceUrl: proxy.ServiceUrl, maxRetries: 2);
        var messages = services.GetRequiredService<IMessageStore>();

        // The seq counter's UpdateItem is throttled on the first attempt and on both of the SDK's retries.
        proxy.Throttle("UpdateItem", 3);
        var error = await Assert.ThrowsAsync<ChatStoreUnavailableException>(() =>
            messages.AppendAsync(new NewChatMessage
            {
                Room = "throttled",
                Id = "m1",
                Sender = Alice,
                Text = "t",
                SentAt = DateTimeOffset.UnixEpoch,
                ClientMessageId = null,
            }));

        Assert.IsType<ProvisionedThroughputExceededException>(error.InnerException);
        Assert.Equal([true, true, true], proxy.RequestsOf("UpdateItem"));
        Assert.Empty(proxy.RequestsOf("PutItem"));

        // Nothing was written: the next append takes seq 1.
        var next = await messages.AppendAsync(new NewChatMessage
        {
            Room = "throttled",
            Id = "m2",
            Sender = Alice,
            Text = "after",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = null,
        });
        Assert.Equal(1, next.Message.Seq);
        Assert.Equal(["after"], (await messages.GetLatestAsync("throttled", 10)).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task AppendAsync_ThrottledFewerTimesThanSdkRetries_StoresTheMessageOnce()
    {
        await using var proxy = await ThrottlingProxy.StartAsync(dynalite.ServiceUrl);
        await using var services = await CreateServicesAsync(serviceUrl: proxy.ServiceUrl, maxRetries: 2);
        var messages = services.GetRequiredService<IMessageStore>();

        proxy.Throttle("UpdateItem", 2);
        var appended = await messages.AppendAsync(new NewChatMessage
        {
            Room = "throttled",
            Id = "m1",
            Sender = Alice,
            Text = "through",
            SentAt = DateTimeOffset.UnixEpoch,
            ClientMessageId = null,
        });

        Assert.Equal(1, appended.Message.Seq);
        Assert.Equal([true, true, false], proxy.RequestsOf("UpdateItem"));
        Assert.Equal([false], proxy.RequestsOf("PutItem"));
        Assert.Equal([(1L, "through")], (await messages.GetLatestAsync("throttled", 10)).Messages.Select(m => (m.Seq, m.Text)));
    }

    [Fact]
    public async Task GetConnectionAsync_ServiceUnavailable_ThrowsChatStoreUnavailable()
    {
        var client = Substitute.For<IAmazonDynamoDB>();
        client.GetItemAsync(Arg.Any<GetItemRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AmazonDynamoDBException("unavailable") { ErrorCode = "ServiceUnavailable", StatusCode = System.Net.HttpStatusCode.ServiceUnavailable });
        var services = new ServiceCollection().AddSingleton(client).AddChatRoom().AddDynamoDb().Services.BuildServiceProvider();

        await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => services.GetRequiredService<IConnectionStore>().GetConnectionAsync("c"));
    }

    [Fact]
    public async Task GetConnectionAsync_SdkAttemptTimedOut_ThrowsChatStoreUnavailable()
    {
        // What the SDK throws when an attempt outlives DynamoDbOptions.RequestTimeout.
        var client = Substitute.For<IAmazonDynamoDB>();
        client.GetItemAsync(Arg.Any<GetItemRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new TimeoutException("The operation was canceled.", new TaskCanceledException()));
        var services = new ServiceCollection().AddSingleton(client).AddChatRoom().AddDynamoDb().Services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => services.GetRequiredService<IConnectionStore>().GetConnectionAsync("c"));

        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public void Client_BuiltFromOptions_HasTheRequestTimeoutAndRetries()
    {
        var services = new ServiceCollection().AddChatRoom()
            .AddDynamoDb(o => { o.ServiceUrl = "http://127.0.0.1:1"; o.RequestTimeout = TimeSpan.FromSeconds(2); o.MaxRetries = 1; })
            .Services.BuildServiceProvider();

        var config = services.GetRequiredService<DynamoDbClientAccessor>().Client.Config;

        Assert.Equal(TimeSpan.FromSeconds(2), config.Timeout);
        Assert.Equal(1, config.MaxErrorRetry);
    }

    [Theory]
    [InlineData("00:00:00", 3, "ChatRoom:DynamoDb:RequestTimeout")]
    [InlineData("00:10:00", 3, "ChatRoom:DynamoDb:RequestTimeout")]
    [InlineData("00:00:05", -1, "ChatRoom:DynamoDb:MaxRetries")]
    [InlineData("00:00:05", 11, "ChatRoom:DynamoDb:MaxRetries")]
    public void Options_RequestTimeoutOrMaxRetriesOutOfRange_FailValidationWithTheSettingName(string timeout, int retries, string setting)
    {
        var services = new ServiceCollection().AddChatRoom()
            .AddDynamoDb(o => { o.RequestTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture); o.MaxRetries = retries; })
            .Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DynamoDbOptions>>().Value);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_InvalidTableName_FailValidationWithTheSettingName()
    {
        var services = new ServiceCollection().AddChatRoom().AddDynamoDb(o => o.TableName = "x").Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DynamoDbOptions>>().Value);

        Assert.Contains("ChatRoom:DynamoDb:TableName", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(SortedDictionary<string, int> Requests, double WriteUnits)> CountSendAsync(
        IChatEngine engine, CountingHttpClientFactory counting, CapacityMeter meter, string text, string? clientMessageId)
    {
        counting.Reset();
        meter.Reset();
        var frame = clientMessageId is null
            ? $$"""{"action":"sendmessage","room":"target","text":"{{text}}"}"""
            : $$"""{"action":"sendmessage","room":"target","text":"{{text}}","clientMessageId":"{{clientMessageId}}"}""";
        await engine.FrameReceivedAsync("member-0", System.Text.Encoding.UTF8.GetBytes(frame));
        return (new SortedDictionary<string, int>(counting.ByOperation.ToDictionary(), StringComparer.Ordinal), meter.Units.Write);
    }

    /// <summary>The engine on <paramref name="client"/>'s table, with alice and bob connected to the default room, lobby.</summary>
    private static async Task<ServiceProvider> AliceAndBobInTheLobbyAsync(IAmazonDynamoDB client, string table, FrameRecorder messenger)
    {
        var services = new ServiceCollection()
            .AddSingleton(client)
            .AddChatRoom(o => o.DefaultRoom = "lobby")
            .AddDynamoDb(o => o.TableName = table)
            .Services.AddSingleton<IConnectionMessenger>(messenger)
            .BuildServiceProvider();
        var engine = services.GetRequiredService<IChatEngine>();
        await engine.ConnectedAsync("c-alice", ConnectionMetadata.FromQuery(new Dictionary<string, string> { ["name"] = "alice" }));
        await engine.ConnectedAsync("c-bob", ConnectionMetadata.FromQuery(new Dictionary<string, string> { ["name"] = "bob" }));
        return services;
    }

    /// <summary>Stores on a new table, built from options as an app builds them (the SDK client included).</summary>
    /// <param name="time">The clock, when the test moves it.</param>
    /// <param name="serviceUrl">dynalite, or a proxy in front of it.</param>
    /// <param name="maxRetries">The SDK's retries; its default when <see langword="null"/>.</param>
    /// <summary>Builds the engine on the DynamoDB stores, on a table of its own unless <paramref name="table"/> names a shared one.</summary>
    private async Task<ServiceProvider> CreateServicesAsync(TimeProvider? time = null, string? serviceUrl = null, int? maxRetries = null, string? table = null)
    {
        table ??= "t-" + Guid.NewGuid().ToString("N")[..12];
        var collection = new ServiceCollection();
        if (time is not null)
        {
            collection.AddSingleton(time);
        }

        var services = collection.AddChatRoom().AddDynamoDb(o =>
        {
            o.TableName = table;
            o.ServiceUrl = serviceUrl ?? dynalite.ServiceUrl;
            o.RequestTimeout = DynaliteServer.RequestTimeout;
            o.MaxRetries = maxRetries ?? o.MaxRetries;
        }).Services.BuildServiceProvider();
        await services.EnsureChatRoomTableAsync();
        return services;
    }

    /// <summary>A messenger that accepts every frame, so the test counts only DynamoDB requests.</summary>
    private sealed class DeliveringMessenger : IConnectionMessenger
    {
        public int MaxFrameBytes => 128 * 1024;

        public ValueTask<DeliveryResult> SendAsync(string connectionId, ReadOnlyMemory<byte> utf8Frame, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(DeliveryResult.Delivered);

        public ValueTask<DeliveryResult> CloseAsync(string connectionId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(DeliveryResult.Delivered);
    }
}
