using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatRoom.Internal;

/// <summary>Removes connections (disconnected, or found gone while sending) and tells their rooms they left.</summary>
internal sealed class Departures(
    IConnectionStore connections,
    RoomOutbox outbox,
    RoomSequencer sequencer,
    ChatRoomMetrics metrics,
    ILoggerFactory? loggerFactory = null)
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Departures>();

    public Task RemoveGoneAsync(IReadOnlyList<string> goneConnectionIds)
    {
        if (goneConnectionIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        metrics.Gone(goneConnectionIds.Count);
        foreach (var connectionId in goneConnectionIds)
        {
            Log.ConnectionGone(_logger, connectionId);
        }

        // Removal outlives the request that found the connection gone.
        return RemoveAsync(goneConnectionIds, CancellationToken.None);
    }

    public Task RemoveAsync(string connectionId, CancellationToken cancellationToken) => RemoveAsync([connectionId], cancellationToken);

    private async Task RemoveAsync(IReadOnlyList<string> connectionIds, CancellationToken cancellationToken)
    {
        // Telling a room that someone left can find more gone connections: keep going until none are new.
        var pending = new Queue<string>(connectionIds);
        var seen = new HashSet<string>(connectionIds, StringComparer.Ordinal);
        while (pending.TryDequeue(out var connectionId))
        {
            var gone = await RemoveOneAsync(connectionId, cancellationToken).ConfigureAwait(false);
            foreach (var goneId in gone)
            {
                if (seen.Add(goneId))
                {
                    metrics.Gone(1);
                    Log.ConnectionGone(_logger, goneId);
                    pending.Enqueue(goneId);
                }
            }
        }
    }

    private async Task<List<string>> RemoveOneAsync(string connectionId, CancellationToken cancellationToken)
    {
        ConnectionInfo? connection;
        IReadOnlyList<string> rooms;
        try
        {
            connection = await connections.GetConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
            rooms = await connections.RemoveConnectionAsync(connectionId, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatStoreUnavailableException ex)
        {
            Log.DisconnectFailed(_logger, ex, connectionId);
            return [];
        }

        Log.Disconnected(_logger, connectionId, rooms.Count);
        var member = connection?.Member ?? new ChatMember { ConnectionId = connectionId, Name = connectionId, UserId = connectionId };
        var gone = new List<string>();
        foreach (var room in rooms)
        {
            var frame = FrameSerializer.Presence(room, "left", member);
            Task<BroadcastResult> announced;
            using (await sequencer.EnterAsync(room, cancellationToken).ConfigureAwait(false))
            {
                announced = outbox.QueueAsync(room, frame, connectionId);
            }

            gone.AddRange((await announced.ConfigureAwait(false)).Gone);
        }

        return gone;
    }
}
