using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace ChatRoom.AwsCost;

/// <summary>
/// One room size M on a fresh gateway and fresh tables. The room's M members are live WebSocket clients of the gateway
/// (<c>$connect</c> through the Lambda sample); their memberships are written with ChatRoom's own connection store
/// (<c>JoinRoomAsync</c>), which skips the O(M²) presence traffic of M joins. Then, for each K in ascending order,
/// connections in other rooms of <see cref="Settings.OtherRoomSize"/> are added until there are K, as items only
/// (ChatRoom's store: <c>AddConnectionAsync</c> and <c>JoinRoomAsync</c>; the reference: its <c>$connect</c> PutItem):
/// a message into the M room touches no socket of theirs, only the table they are in. At each K,
/// <see cref="Settings.Messages"/> messages go into the room through ChatRoom (a WebSocket frame → the Lambda sample
/// → DynamoDB → <c>@connections</c>) and as many through the reference design.
/// </summary>
internal sealed class Scenario(
    Settings settings,
    int members,
    MeteredGateway gateway,
    IConnectionStore chatRoomStore,
    ReferenceChat reference,
    RequestTally referenceDynamoDb,
    TextWriter progress)
{
    private const int Concurrency = 16;
    private const int MaxRooms = 16;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(5);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _others;

    public async Task<IReadOnlyList<Measurement>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<Measurement>();
        var room = $"room-m{members}";
        Progress($"M={members}: {members} clients connect and join {room}");
        var clients = new ChatClient[members];
        try
        {
            await Parallel.ForAsync(0, members, Options(cancellationToken), async (i, token) =>
            {
                var name = $"member-{i}";
                clients[i] = await ChatClient.ConnectAsync(gateway, name, token);
                await chatRoomStore.JoinRoomAsync(room, new ConnectionInfo { Member = new() { ConnectionId = clients[i].ConnectionId, Name = name, UserId = name }, ConnectedAt = DateTimeOffset.UtcNow }, MaxRooms, token);
                await reference.ConnectAsync(clients[i].ConnectionId, room, token);
            });

            foreach (var others in settings.Others)
            {
                await GrowOthersAsync(others, cancellationToken);
                results.Add(await MeasureChatRoomAsync(room, clients, others, cancellationToken));
                results.Add(await MeasureReferenceAsync(room, clients, others, cancellationToken));
                Progress(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  M={members} K={others}: DynamoDB requests/message ChatRoom {results[^2].DynamoDbRequests:0.##} (RCU {results[^2].ReadUnits:0.##}), reference {results[^1].DynamoDbRequests:0.##} (RCU {results[^1].ReadUnits:0.##})"));
            }
        }
        finally
        {
            // Aborted sockets get no $disconnect (SimulateLostDisconnects): the gateway and tables are thrown away anyway.
            foreach (var client in clients.OfType<ChatClient>())
            {
                await client.DisposeAsync();
            }
        }

        return results;
    }

    private async Task GrowOthersAsync(int target, CancellationToken cancellationToken)
    {
        if (_others >= target)
        {
            return;
        }

        Progress($"  connections in other rooms: {_others} → {target}");
        var start = _others;
        await Parallel.ForAsync(start, target, Options(cancellationToken), async (i, token) =>
        {
            // An id like API Gateway's (11 random bytes in base64), as the local gateway makes them.
            var connection = new ConnectionInfo
            {
                Member = new() { ConnectionId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(11)), Name = $"other-{i}", UserId = $"other-{i}" },
                ConnectedAt = DateTimeOffset.UtcNow,
            };
            var otherRoom = $"other-{i / settings.OtherRoomSize}";
            await chatRoomStore.AddConnectionAsync(connection, token);
            await chatRoomStore.JoinRoomAsync(otherRoom, connection, MaxRooms, token);
            await reference.ConnectAsync(connection.ConnectionId, otherRoom, token);
        });
        _others = target;
    }

    private async Task<Measurement> MeasureChatRoomAsync(string room, ChatClient[] clients, int others, CancellationToken cancellationToken)
    {
        var sender = clients[0];
        await SettleAsync(cancellationToken);
        var before = clients.Sum(c => c.Messages);
        gateway.ResetMeters();
        for (var i = 1; i <= settings.Messages; i++)
        {
            var text = $"message {i} of a cost run";
            var frame = settings.ClientMessageIds
                ? JsonSerializer.Serialize(new { action = "sendmessage", room, text, clientMessageId = Guid.NewGuid().ToString("N") })
                : JsonSerializer.Serialize(new { action = "sendmessage", room, text });
            await sender.SendAsync(frame, cancellationToken);

            // Counted when the invocation returns; by then every DynamoDB request and post of the message was made.
            var sent = i;
            await WaitUntilAsync(() => gateway.Invocations.Completed.Count("MESSAGE") >= sent && clients.Sum(c => c.Messages) - before >= sent * clients.Length, cancellationToken);
        }

        return new Measurement(
            "ChatRoom", clients.Length, others, settings.Messages,
            gateway.DynamoDb.Reset(), gateway.ConnectionsApi.Reset(), gateway.Invocations.Completed.Reset(), clients.Sum(c => c.Messages) - before);
    }

    private async Task<Measurement> MeasureReferenceAsync(string room, ChatClient[] clients, int others, CancellationToken cancellationToken)
    {
        await SettleAsync(cancellationToken);
        var before = clients.Sum(c => c.References);
        gateway.ResetMeters();
        referenceDynamoDb.Reset();
        reference.Invocations.Reset();
        var scanPages = 0;
        for (var i = 1; i <= settings.Messages; i++)
        {
            await reference.SendMessageAsync(room, $"message {i} of a cost run", cancellationToken);
            scanPages += reference.LastScanPages;
            var sent = i;
            await WaitUntilAsync(() => clients.Sum(c => c.References) - before >= sent * clients.Length, cancellationToken);
        }

        var dynamoDb = referenceDynamoDb.Reset();
        if (dynamoDb.Count("Scan") != scanPages)
        {
            throw new InvalidOperationException($"The meter counted {dynamoDb.Count("Scan")} Scan requests, the reference made {scanPages}.");
        }

        return new Measurement(
            "Reference", clients.Length, others, settings.Messages,
            dynamoDb, gateway.ConnectionsApi.Reset(), reference.Invocations.Reset(), clients.Sum(c => c.References) - before);
    }

    /// <summary>Waits until no invocation of the function runs.</summary>
    private Task SettleAsync(CancellationToken cancellationToken) => WaitUntilAsync(() => gateway.Invocations.InFlight == 0, cancellationToken);

    private void Progress(string line) => progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0}s] {line}"));

    private static ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SettleTimeout);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
