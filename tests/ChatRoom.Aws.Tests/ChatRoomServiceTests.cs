using System.Text.Json;
using Amazon.Runtime;
using ChatRoom.Aws.Tests.ApiGateway;
using ChatRoom.Aws.Tests.DynamoDb;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Aws.Tests;

/// <summary>
/// The server-side API (<see cref="IChatRoomService"/>) on AWS: a backend with <c>AddDynamoDb()</c> and
/// <c>AddApiGatewayMessenger()</c> reaches connections a Lambda registered, through signed <c>@connections</c> calls
/// (here to a scripted gateway, on dynalite).
/// </summary>
[Collection(DynaliteGroup.Name)]
[Trait("Category", "Integration")]
public sealed class ChatRoomServiceTests(DynaliteServer dynalite) : IAsyncLifetime
{
    private const string Alice = "Alice+Id/0=";
    private const string Bob = "Bob+Id/1=";
    private const string Room = "lobby";

    private readonly string _table = "t-" + Guid.NewGuid().ToString("N")[..12];
    private ScriptedGateway _gateway = null!;
    private ServiceProvider _function = null!;
    private ServiceProvider _backend = null!;

    public async Task InitializeAsync()
    {
        _gateway = await ScriptedGateway.StartAsync();
        _function = Build();
        _backend = Build();
        await _function.EnsureChatRoomTableAsync();

        // What the Lambda's $connect did for each client; the backend shares only the table and the gateway.
        var engine = _function.GetRequiredService<IChatEngine>();
        foreach (var (id, name) in new[] { (Alice, "alice"), (Bob, "bob") })
        {
            await engine.ConnectedAsync(id, ConnectionMetadata.FromQuery(new Dictionary<string, string> { ["name"] = name }));
        }
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _function.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task SendMessageAsync_AsSystemFromABackend_StoresItWithTheNextSeqAndPostsItSignedToEveryMember()
    {
        await _function.GetRequiredService<IChatEngine>().FrameReceivedAsync(Alice, """{"action":"sendmessage","room":"lobby","text":"first"}"""u8.ToArray());
        var before = _gateway.Requests.Count;

        var stored = await _backend.GetRequiredService<IChatRoomService>().SendMessageAsync(new ServerMessage { Room = Room, Text = "Maintenance at 18:00." });

        Assert.Equal(2, stored.Seq);
        var history = (await _function.GetRequiredService<IMessageStore>().GetLatestAsync(Room, 10)).Messages;
        Assert.Equal([1L, 2L], history.Select(m => m.Seq));
        Assert.Equal("$system", history[^1].Sender.ConnectionId);
        var posts = _gateway.Requests.Skip(before).ToList();
        Assert.Equal([Path(Alice), Path(Bob)], posts.Select(p => p.RawTarget).Order(StringComparer.Ordinal));
        foreach (var post in posts)
        {
            Assert.Equal("POST", post.Method);
            SigV4Verifier.AssertSigned(post);
            var frame = JsonDocument.Parse(post.Body).RootElement;
            Assert.Equal("message", frame.GetProperty("type").GetString());
            Assert.Equal(2, frame.GetProperty("seq").GetInt64());
            Assert.True(frame.GetProperty("system").GetBoolean());
            Assert.Equal("$system", frame.GetProperty("sender").GetProperty("connectionId").GetString());
        }
    }

    [Fact]
    public async Task SendMessageAsync_AsUserFromABackend_PostsAVerifiedMessageWithoutTheSystemFlag()
    {
        var before = _gateway.Requests.Count;

        await _backend.GetRequiredService<IChatRoomService>().SendMessageAsync(new ServerMessage { Room = Room, Text = "hi", UserId = "u-carol", SenderName = "Carol" });

        var frame = JsonDocument.Parse(_gateway.Requests.Skip(before).First(r => r.RawTarget == Path(Alice)).Body).RootElement;
        Assert.False(frame.TryGetProperty("system", out _));
        var sender = frame.GetProperty("sender");
        Assert.Equal("$server", sender.GetProperty("connectionId").GetString());
        Assert.Equal("Carol", sender.GetProperty("name").GetString());
        Assert.True(sender.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task GetMembersAsync_FromABackend_ListsTheConnectionsTheLambdaRegistered()
    {
        var page = await _backend.GetRequiredService<IChatRoomService>().GetMembersAsync(Room);

        Assert.Equal([Alice, Bob], page.Members.Select(m => m.ConnectionId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DisconnectAsync_Connected_SendsSignedDeleteRemovesTheConnectionAndTellsTheRoom()
    {
        var before = _gateway.Requests.Count;

        var closed = await _backend.GetRequiredService<IChatRoomService>().DisconnectAsync(Bob);

        Assert.True(closed);
        var delete = Assert.Single(_gateway.Requests.Skip(before), r => r.Method == "DELETE");
        Assert.Equal(Path(Bob), delete.RawTarget);
        SigV4Verifier.AssertSigned(delete);
        await AssertBobLeftAsync(before);
    }

    [Theory]
    [InlineData(410, 1)] // already gone
    [InlineData(500, 3)] // a failed close, after the retries
    public async Task DisconnectAsync_GatewayDoesNotClose_ReturnsFalseAndStillRemovesTheConnection(int status, int deletes)
    {
        _gateway.DeleteStatus = status;
        var before = _gateway.Requests.Count;

        var closed = await _backend.GetRequiredService<IChatRoomService>().DisconnectAsync(Bob);

        Assert.False(closed);
        Assert.Equal(deletes, _gateway.Requests.Skip(before).Count(r => r.Method == "DELETE"));
        await AssertBobLeftAsync(before);
    }

    private static string Path(string connectionId) => "/stage/@connections/" + Uri.EscapeDataString(connectionId);

    /// <summary>Bob's registration and membership are gone from the table, and Alice got <c>presence</c> <c>left</c> through the gateway.</summary>
    private async Task AssertBobLeftAsync(int requestsBefore)
    {
        var connections = _function.GetRequiredService<IConnectionStore>();
        Assert.Null(await connections.GetConnectionAsync(Bob));
        Assert.Equal([Alice], (await connections.GetMembersAsync(Room, null, 10)).Members.Select(m => m.ConnectionId));
        var left = _gateway.Requests.Skip(requestsBefore)
            .Where(r => r.Method == "POST" && r.RawTarget == Path(Alice))
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Single(f => f.GetProperty("type").GetString() == "presence");
        Assert.Equal("left", left.GetProperty("event").GetString());
        Assert.Equal(Bob, left.GetProperty("member").GetProperty("connectionId").GetString());
    }

    /// <summary>One process on the shared table and gateway, built as an app builds it.</summary>
    private ServiceProvider Build() => new ServiceCollection()
        .AddLogging()
        .AddChatRoom(o => o.DefaultRoom = Room)
        .AddDynamoDb(o =>
        {
            o.TableName = _table;
            o.ServiceUrl = dynalite.ServiceUrl;
            o.RequestTimeout = DynaliteServer.RequestTimeout;
        })
        .AddApiGatewayMessenger(o =>
        {
            o.Endpoint = _gateway.Endpoint;
            o.Region = "us-east-1";
            o.Credentials = new BasicAWSCredentials(SigV4Verifier.AccessKey, SigV4Verifier.SecretKey);
            o.MaxRetries = 2;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        })
        .Services.BuildServiceProvider();
}
