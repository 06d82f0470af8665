using Microsoft.Extensions.Logging;

namespace ChatRoom.Internal;

/// <summary>The one way out: removes connections (disconnected, or found gone by a send) and tells their rooms they left.</summary>
internal sealed class Departures(
    IConnectionStore connections,
    RoomSequencer sequencer,
    GoneConnections gone,
    LocalRoomMembers local,
    ILogger<Departures> logger,
    IChatBackplane? backplane = null)
{
    private readonly ILogger _logger = logger;

    /// <summary>Removes a connection that disconnected, then whatever its announcements found gone.</summary>
    public async Task RemoveAsync(string connectionId, CancellationToken cancellationToken)
    {
        await RemoveOneAsync(connectionId, cancellationToken).ConfigureAwait(false);
        await RemoveGoneAsync().ConfigureAwait(false);
    }

    /// <summary>Removes the connections sends have found gone, until none is left to take.</summary>
    /// <remarks>
    /// Every engine call ends with this, so a connection found gone leaves within the call that found it (or a
    /// concurrent one that took it first), and an AWS Lambda invocation does not return with a removal left to do.
    /// Costs one volatile read when nothing is queued. Each connection is taken by one caller; telling a room can find
    /// more gone, which are taken in the same loop, and it ends because a removed connection is no longer listed.
    /// </remarks>
    public Task RemoveGoneAsync() => gone.HasQueued ? RemoveQueuedAsync() : Task.CompletedTask;

    private async Task RemoveQueuedAsync()
    {
        while (gone.TryTake(out var connectionId))
        {
            try
            {
                // Removal outlives the request that found the connection gone.
                await RemoveOneAsync(connectionId, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                gone.Removed(connectionId);
            }
        }
    }

    private async Task RemoveOneAsync(string connectionId, CancellationToken cancellationToken)
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
            return;
        }
        finally
        {
            // Whatever the store says, this node's socket is done with: it gets no more room frames.
            await local.RemoveConnectionAsync(connectionId).ConfigureAwait(false);
        }

        await ForgetOwnerAsync(connectionId).ConfigureAwait(false);

        Log.Disconnected(_logger, connectionId, rooms.Count);
        var member = connection?.Member ?? new ChatMember { ConnectionId = connectionId, Name = connectionId, UserId = connectionId };
        foreach (var room in rooms)
        {
            var frame = FrameSerializer.Presence(room, "left", member);
            Task announced;
            using (var turn = await sequencer.EnterAsync(room, cancellationToken).ConfigureAwait(false))
            {
                announced = turn.QueueAsync(frame, connectionId);
            }

            await announced.ConfigureAwait(false);
        }
    }

    private async Task ForgetOwnerAsync(string connectionId)
    {
        if (backplane is null)
        {
            return;
        }

        try
        {
            await backplane.ConnectionRemovedAsync(connectionId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ChatStoreUnavailableException ex)
        {
            // A leftover ownership record only sends frames to a node that no longer holds the connection (which
            // drops them); the node's own sweep clears it when the node is gone.
            Log.DisconnectFailed(_logger, ex, connectionId);
        }
    }
}
